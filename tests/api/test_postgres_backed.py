"""The API on PostgreSQL: replicas (two apps on one database) share sessions and the
rate limit, and a database that goes away is a 503 with Retry-After for what needs it,
while everything else keeps working and it all recovers by itself."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.security import AUTH_FAILURE_BURST
from tests.api.conftest import AppFactory
from tests.postgres_server import postgres_server

KEY = "postgres-key-aaaaaaaaaaaa"
AUTH = {"Authorization": f"Bearer {KEY}"}
QUESTION = "How long does the pilot phase take?"


def test_replicas_share_one_rate_limit(
    make_app: AppFactory, postgres_url: str, tmp_path: Path
) -> None:
    settings = {"database_url": postgres_url, "api_keys": KEY, "rate_limit_per_minute": 3}
    one = make_app(data_dir=tmp_path / "one", **settings)
    two = make_app(data_dir=tmp_path / "two", **settings)
    with TestClient(one) as first, TestClient(two) as second:
        codes = [
            client.get("/v1/knowledge/search", params={"q": "pilot"}, headers=AUTH).status_code
            for client in (first, second, first, second)
        ]
        assert codes == [200, 200, 200, 429]
        refused = second.get("/v1/knowledge/search", params={"q": "pilot"}, headers=AUTH)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 20


def test_a_database_down_is_a_503_for_what_needs_it_and_recovers(
    make_app: AppFactory, tmp_path: Path
) -> None:
    with postgres_server() as pg:
        app = make_app(data_dir=tmp_path / "data", database_url=pg.url())
        with TestClient(app) as client:
            sid = client.post("/v1/chat", json={"message": QUESTION}).json()["session_id"]
            pg.stop()
            down = client.post("/v1/chat", json={"message": QUESTION, "session_id": sid})
            assert down.status_code == 503
            assert down.json()["error"]["code"] == "storage_unavailable"
            assert int(down.headers["Retry-After"]) > 0
            assert client.get(f"/v1/sessions/{sid}").status_code == 503
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json() == {"ready": False, "reason": "storage_unavailable"}
            # What needs no database goes on: answers, search, health.
            assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
            assert client.get("/healthz").status_code == 200
            pg.start()
            assert client.get("/readyz").json() == {"ready": True}
            back = client.post("/v1/chat", json={"message": "And after it?", "session_id": sid})
            assert back.status_code == 200
            turns = client.get(f"/v1/sessions/{sid}").json()["messages"]
            assert [m["text"] for m in turns if m["role"] == "user"] == [QUESTION, "And after it?"]


def test_replicas_share_the_wrong_key_throttle(
    make_app: AppFactory, postgres_url: str, tmp_path: Path
) -> None:
    settings = {"database_url": postgres_url, "api_keys": KEY, "rate_limit_per_minute": 0}
    one = make_app(data_dir=tmp_path / "one", **settings)
    two = make_app(data_dir=tmp_path / "two", **settings)
    wrong = {"Authorization": "Bearer not-the-key-at-all-000"}
    with TestClient(one) as first, TestClient(two) as second:
        # Half the burst on each replica: alone, neither would refuse yet.
        for n in range(AUTH_FAILURE_BURST):
            replica = first if n % 2 else second
            assert (
                replica.get("/v1/knowledge/search", params={"q": "x"}, headers=wrong).status_code
                == 401
            )
        for replica in (first, second):
            refused = replica.get("/v1/knowledge/search", params={"q": "x"}, headers=AUTH)
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "too_many_failed_keys"
