"""The repository seam behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from advisor.errors import InputError, NotFound
from advisor.schemas import Roadmap
from advisor.storage import MAX_MESSAGES_PER_SESSION, Database, OutputStore, SessionStore
from tests.unit.test_render import make_roadmap

OWNER, OTHER = "a" * 64, "b" * 64


def test_a_session_keeps_its_messages_in_order_and_its_state(database: Database) -> None:
    sessions = SessionStore(database)
    sid = sessions.open(None, OWNER)
    for n in range(12):
        sessions.append(sid, "user" if n % 2 == 0 else "assistant", f"message {n}")
    sessions.append(sid, "assistant", "a roadmap", "roadmap", {"id": "r1"})
    history = sessions.history(sid, OWNER)
    assert [m.text for m in history.messages] == [f"message {n}" for n in range(12)] + ["a roadmap"]
    assert history.messages[-1].kind == "roadmap"
    assert history.messages[-1].payload == {"id": "r1"}
    # The latest ten, oldest first: what a follow-up is resolved against.
    assert [t.text for t in sessions.turns(sid)] == [
        *(f"message {n}" for n in range(3, 12)),
        "a roadmap",
    ]
    assert sessions.state(sid) == {}
    sessions.set_state(sid, {"plan": 1})
    sessions.set_state(sid, {"plan": 2})
    assert sessions.state(sid) == {"plan": 2}
    assert sessions.open(sid, OWNER) == sid


def test_a_session_is_its_owners_alone(database: Database) -> None:
    sessions = SessionStore(database)
    sid = sessions.open(None, OWNER)
    with pytest.raises(NotFound):
        sessions.open(sid, OTHER)
    with pytest.raises(NotFound):
        sessions.history(sid, OTHER)
    with pytest.raises(NotFound):
        sessions.open("never-issued", OWNER)
    with pytest.raises(InputError):
        sessions.open("bad id!", OWNER)


def test_only_a_local_store_starts_a_session_under_a_given_name(database: Database) -> None:
    local = SessionStore(database, named=True)
    assert local.open("my-work") == "my-work" == local.open("my-work")
    served = SessionStore(database)
    assert served.open("my-work") == "my-work"
    with pytest.raises(NotFound):
        served.open("not-issued")
    with pytest.raises(NotFound):
        local.open("my-work", OTHER)


def test_a_session_is_capped(database: Database) -> None:
    sessions = SessionStore(database)
    sid = sessions.open(None)
    for n in range(MAX_MESSAGES_PER_SESSION):
        sessions.append(sid, "user", str(n))
    with pytest.raises(InputError, match="start a new session"):
        sessions.append(sid, "user", "one more")


def test_outputs_are_served_by_kind_and_owner(database: Database) -> None:
    outputs = OutputStore(database)
    roadmap = make_roadmap()
    stored = outputs.save("roadmap", roadmap, OWNER)
    # The id is issued by the store, whatever the job stamped.
    assert stored.id != roadmap.id and len(stored.id) == 32
    assert stored.model_dump(exclude={"id"}) == roadmap.model_dump(exclude={"id"})
    assert outputs.get("roadmap", stored.id, Roadmap, OWNER) == stored
    with pytest.raises(NotFound, match="no roadmap"):
        outputs.get("roadmap", stored.id, Roadmap, OTHER)
    with pytest.raises(NotFound, match="no assessment"):
        outputs.get("assessment", stored.id, Roadmap, OWNER)
    with pytest.raises(NotFound):
        outputs.get("roadmap", "../../etc/passwd", Roadmap, OWNER)


def test_the_schema_is_migrated_once_and_reopening_changes_nothing(database: Database) -> None:
    SessionStore(database).open(None, OWNER)
    again = Database(database.engine.url.render_as_string(hide_password=False))
    try:
        with again.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
            count = conn.execute(text("SELECT COUNT(*) FROM sessions")).scalar()
        assert count == 1
        tables = set(inspect(again.engine).get_table_names())
        assert {"sessions", "messages", "session_state", "outputs"} <= tables
    finally:
        again.dispose()
