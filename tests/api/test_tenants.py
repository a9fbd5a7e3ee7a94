"""Tenants: sessions, roadmaps and assessments belong to the key that made them; ids are
server-issued. Another key sees another's output exactly as it sees an id never issued."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from advisor.errors import NotFound
from advisor.storage import SessionStore, sqlite_database
from tests.api.conftest import API_KEY, NORTHWIND, AppFactory
from tests.api.helpers import assert_error, sse_events

OTHER_KEY = "key-bbbbbbbbbbbbbbbb"
A = {"Authorization": f"Bearer {API_KEY}"}
B = {"X-API-Key": OTHER_KEY}
PILOT = "What happens in the pilot phase?"
FOLLOW_UP = "and how long does that take?"
MADE_UP = "my-own-session-id"


@pytest.fixture
def keyed(make_app: AppFactory) -> Iterator[TestClient]:
    with TestClient(make_app(api_keys=f"{API_KEY},{OTHER_KEY}")) as client:
        yield client


def assert_not_found(response: Any, unknown_message: str | None = None) -> None:
    """A 404 in the contract's format; with `unknown_message`, the very message an id
    never issued gets, so the answer reveals nothing about the id."""
    assert response.status_code == 404, response.text
    error = assert_error(response.json(), "not_found")
    if unknown_message is not None:
        assert error["message"] == unknown_message


def session_turns(client: TestClient, sid: str, headers: dict[str, str]) -> list[str]:
    history = client.get(f"/v1/sessions/{sid}", headers=headers)
    assert history.status_code == 200, history.text
    return [m["text"] for m in history.json()["messages"] if m["role"] == "user"]


# --- sessions -----------------------------------------------------------------------------


def test_another_keys_session_is_404_everywhere(keyed: TestClient) -> None:
    first = keyed.post("/v1/chat", json={"message": PILOT}, headers=A)
    assert first.status_code == 200
    sid = first.json()["session_id"]
    # What an id never issued gets, with A's id in place of the made-up one.
    unknown = keyed.get(f"/v1/sessions/{MADE_UP}", headers=B)
    assert_not_found(unknown)
    same = assert_error(unknown.json())["message"].replace(MADE_UP, sid)

    assert_not_found(keyed.get(f"/v1/sessions/{sid}", headers=B), same)
    for path, body in [
        ("/v1/chat", {"message": FOLLOW_UP, "session_id": sid}),
        ("/v1/ask", {"question": FOLLOW_UP, "session_id": sid}),
        ("/v1/chat/stream", {"message": FOLLOW_UP, "session_id": sid}),
    ]:
        assert_not_found(keyed.post(path, json=body, headers=B), same)

    # B added nothing to A's session, and A carries on in it.
    assert session_turns(keyed, sid, A) == [PILOT]
    follow = keyed.post("/v1/chat", json={"message": FOLLOW_UP, "session_id": sid}, headers=A)
    assert follow.json()["session_id"] == sid and "month 5" in follow.json()["answer"]["answer"]
    streamed = sse_events(
        keyed.post("/v1/chat/stream", json={"message": PILOT, "session_id": sid}, headers=A).text
    )
    assert streamed[-2][1]["session_id"] == sid
    asked = keyed.post("/v1/ask", json={"question": FOLLOW_UP, "session_id": sid}, headers=A)
    assert asked.status_code == 200 and "month 5" in asked.json()["answer"]
    assert session_turns(keyed, sid, A) == [PILOT, FOLLOW_UP, PILOT, FOLLOW_UP]


@pytest.mark.parametrize("keys", [True, False], ids=["keys", "no-keys"])
def test_a_made_up_session_id_is_404_not_a_new_session(make_app: AppFactory, keys: bool) -> None:
    settings = {"api_keys": f"{API_KEY},{OTHER_KEY}"} if keys else {}
    with TestClient(make_app(**settings)) as client:
        for path, body in [
            ("/v1/chat", {"message": PILOT, "session_id": MADE_UP}),
            ("/v1/ask", {"question": PILOT, "session_id": MADE_UP}),
            ("/v1/chat/stream", {"message": PILOT, "session_id": MADE_UP}),
        ]:
            assert_not_found(client.post(path, json=body, headers=A))
        # Not created under that id either.
        assert_not_found(client.get(f"/v1/sessions/{MADE_UP}", headers=A))


def test_issued_ids_are_long_and_random(keyed: TestClient) -> None:
    sids = [keyed.post("/v1/chat", json={"message": PILOT}, headers=A).json()["session_id"]]
    sids.append(
        sse_events(keyed.post("/v1/chat/stream", json={"message": PILOT}, headers=A).text)[-2][1][
            "session_id"
        ]
    )
    roadmap = keyed.post("/v1/roadmaps", json={"company_description": NORTHWIND}, headers=A)
    assessment = keyed.post("/v1/assessments", json={"company_description": NORTHWIND}, headers=A)
    ids = [*sids, roadmap.json()["id"], assessment.json()["id"]]
    assert len(set(ids)) == len(ids)
    # 128 bits: at least 22 URL-safe characters (or 32 hex digits).
    assert all(len(i) >= 22 and i.replace("-", "").replace("_", "").isalnum() for i in ids), ids


# --- roadmaps and assessments ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["roadmaps", "assessments"])
def test_outputs_belong_to_their_key(keyed: TestClient, kind: str) -> None:
    made = keyed.post(f"/v1/{kind}", json={"company_description": NORTHWIND}, headers=A)
    assert made.status_code == 201
    oid = made.json()["id"]
    unknown = keyed.get(f"/v1/{kind}/made-up-id", headers=B)
    assert_not_found(unknown)
    same = assert_error(unknown.json())["message"].replace("made-up-id", oid)
    for suffix in ("", ".md", ".svg"):
        assert_not_found(keyed.get(f"/v1/{kind}/{oid}{suffix}", headers=B), same)
        own = keyed.get(f"/v1/{kind}/{oid}{suffix}", headers=A)
        assert own.status_code == 200, (suffix, own.text)
    assert keyed.get(f"/v1/{kind}/{oid}", headers=A).json() == made.json()


def test_what_a_chat_turn_makes_belongs_to_its_key(keyed: TestClient) -> None:
    reply = keyed.post("/v1/chat", json={"message": NORTHWIND}, headers=A).json()
    assert reply["kind"] == "roadmap"
    rid = reply["roadmap"]["id"]
    assert_not_found(keyed.get(f"/v1/roadmaps/{rid}", headers=B))
    own = keyed.get(f"/v1/roadmaps/{rid}", headers=A).json()
    assert own["id"] == rid and own["phases"] == reply["roadmap"]["phases"]
    # The session keeps the plan under the id it is served under: a revision points at it.
    revised = keyed.post(
        "/v1/chat",
        json={"message": "make it 9 months", "session_id": reply["session_id"]},
        headers=A,
    ).json()
    assert revised["kind"] == "roadmap" and revised["roadmap"]["revision_of"] == rid
    assert keyed.get(f"/v1/roadmaps/{revised['roadmap']['id']}", headers=A).status_code == 200

    streamed = sse_events(
        keyed.post("/v1/chat/stream", json={"message": NORTHWIND}, headers=A).text
    )
    streamed_id = streamed[-2][1]["roadmap"]["id"]
    assert_not_found(keyed.get(f"/v1/roadmaps/{streamed_id}", headers=B))
    assert keyed.get(f"/v1/roadmaps/{streamed_id}", headers=A).status_code == 200


def test_what_a_completion_makes_belongs_to_its_key(make_app: AppFactory, tmp_path: Path) -> None:
    data = tmp_path / "tenants"
    with TestClient(make_app(data_dir=data, api_keys=f"{API_KEY},{OTHER_KEY}")) as client:
        for stream in (False, True):
            body = {
                "model": "advisor",
                "messages": [{"role": "user", "content": "Draft a roadmap for us: " + NORTHWIND}],
                "stream": stream,
            }
            response = client.post("/v1/chat/completions", json=body, headers=A)
            assert response.status_code == 200
        with sqlite3.connect(data / "advisor.db") as db:
            stored = [row[0] for row in db.execute("SELECT id FROM outputs WHERE kind = 'roadmap'")]
        assert len(stored) == 2
        for rid in stored:
            assert_not_found(client.get(f"/v1/roadmaps/{rid}", headers=B))
            assert client.get(f"/v1/roadmaps/{rid}", headers=A).status_code == 200


# --- local use and old databases ------------------------------------------------------------


def test_without_keys_everything_works_as_before(client: TestClient) -> None:
    first = client.post("/v1/chat", json={"message": PILOT}).json()
    sid = first["session_id"]
    follow = client.post("/v1/chat", json={"message": FOLLOW_UP, "session_id": sid}).json()
    assert follow["session_id"] == sid and "month 5" in follow["answer"]["answer"]
    assert session_turns(client, sid, {}) == [PILOT, FOLLOW_UP]
    roadmap = client.post("/v1/roadmaps", json={"company_description": NORTHWIND}).json()
    assert client.get(f"/v1/roadmaps/{roadmap['id']}").json() == roadmap
    assert client.get(f"/v1/roadmaps/{roadmap['id']}.svg").status_code == 200


def _old_databases(data: Path) -> None:
    """Databases as they were before owners: no owner column."""
    data.mkdir(parents=True)
    with sqlite3.connect(data / "sessions.db") as db:
        db.executescript(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);"
            "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT "
            "NOT NULL, role TEXT NOT NULL, kind TEXT, text TEXT NOT NULL, payload TEXT, "
            "created_at TEXT NOT NULL);"
            "INSERT INTO sessions VALUES ('old-session', '2025-01-01T00:00:00+00:00');"
            "INSERT INTO messages (session_id, role, text, created_at) "
            f"VALUES ('old-session', 'user', '{PILOT}', '2025-01-01T00:00:00+00:00');"
        )


def test_old_databases_are_migrated_and_owned_by_anonymous(
    make_app: AppFactory, client: TestClient, tmp_path: Path
) -> None:
    roadmap = client.post("/v1/roadmaps", json={"company_description": NORTHWIND}).json()
    data = tmp_path / "old"
    _old_databases(data)
    with sqlite3.connect(data / "roadmaps.db") as db:
        db.execute(
            "CREATE TABLE roadmaps (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, "
            "body TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO roadmaps VALUES ('oldmap', '2025-01-01', ?)", (json.dumps(roadmap),)
        )
    with TestClient(make_app(data_dir=data)) as local:
        assert session_turns(local, "old-session", {}) == [PILOT]
        follow = local.post(
            "/v1/chat", json={"message": FOLLOW_UP, "session_id": "old-session"}
        ).json()
        assert "month 5" in follow["answer"]["answer"]
        assert local.get("/v1/roadmaps/oldmap").status_code == 200
    with TestClient(make_app(data_dir=data, api_keys=API_KEY)) as keyed:
        assert_not_found(keyed.get("/v1/sessions/old-session", headers=A))
        assert_not_found(keyed.get("/v1/roadmaps/oldmap", headers=A))


def test_only_local_sessions_may_be_named(tmp_path: Path) -> None:
    """The CLI names its sessions (`advisor ask --session NAME`); the API's store never
    starts a session under an id it did not issue."""
    local = SessionStore(sqlite_database(tmp_path / "sessions.db"), named=True)
    assert local.open("my-work") == "my-work" == local.open("my-work")
    served = SessionStore(sqlite_database(tmp_path / "sessions.db"))
    assert served.open("my-work") == "my-work"
    with pytest.raises(NotFound):
        served.open("not-issued")
    with pytest.raises(NotFound):
        served.open("my-work", owner="0123456789abcdef")
    with pytest.raises(NotFound):
        local.open("my-work", owner="0123456789abcdef")
