"""Two `advisor serve` replicas on separate data directories, sharing one PostgreSQL
(sessions, roadmaps, the ingest lock) and one `chroma run` server (the index): what a
firm behind a load balancer sees."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import httpx
import pytest

from advisor.config import DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT
from tests.api.test_serve_process import serving
from tests.integration.chroma_server import chroma_server
from tests.postgres_server import postgres_server

pytestmark = [pytest.mark.server, pytest.mark.slow]

KEY_A = "replica-key-aaaaaaaaaaaa"
KEY_B = "replica-key-bbbbbbbbbbbb"
A = {"Authorization": f"Bearer {KEY_A}"}
B = {"Authorization": f"Bearer {KEY_B}"}
PILOT = "How long does the pilot phase take?"
FOLLOW_UP = "And what comes after it?"
COMPANY = (
    "Harbor Mills is a 300-person textile maker in Porto. We want to forecast demand for "
    "our fabrics; our data sits in spreadsheets and an old ERP. We have not started a pilot."
)
NEW_DOC = """---
id: zephyr-review
title: Zephyr review board
---
# Zephyr review board

Before any model reaches customers, the zephyr review board signs off on its risks.
"""
SEEN_WITHIN_S = 5.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    root = tmp_path_factory.mktemp("cluster")
    knowledge = root / "knowledge"
    subprocess.run(["cp", "-r", str(DEFAULT_KNOWLEDGE_DIR), str(knowledge)], check=True)
    with postgres_server() as pg, chroma_server(root / "chroma") as chroma_url:
        database_url = pg.create_database("advisor")

        def env(name: str) -> dict[str, str]:
            data = root / name
            data.mkdir(exist_ok=True)
            clean = {
                k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))
            }
            return clean | {
                "PYTHONPATH": str(PROJECT_ROOT),
                "ADVISOR_DATA_DIR": str(data),
                "ADVISOR_KNOWLEDGE_DIRS": str(knowledge),
                "ADVISOR_DATABASE_URL": database_url,
                "ADVISOR_CHROMA_URL": chroma_url,
                "ADVISOR_API_KEYS": f"{KEY_A},{KEY_B}",
                "ADVISOR_RATE_LIMIT_PER_MINUTE": "0",
                "ADVISOR_LLM": "offline",
            }

        env_one, env_two = env("replica-1"), env("replica-2")
        with serving(env_one) as (one, _), serving(env_two) as (two, _):
            yield {
                "one": one,
                "two": two,
                "envs": (env_one, env_two),
                "knowledge": knowledge,
                "chroma_url": chroma_url,
            }


def _client(url: object) -> httpx.Client:
    return httpx.Client(base_url=str(url), timeout=60)


def test_a_chat_continues_on_the_other_replica(cluster: dict[str, object]) -> None:
    with _client(cluster["one"]) as one, _client(cluster["two"]) as two:
        first = one.post("/v1/chat", json={"message": PILOT}, headers=A)
        assert first.status_code == 200, first.text
        sid = first.json()["session_id"]
        follow = two.post("/v1/chat", json={"message": FOLLOW_UP, "session_id": sid}, headers=A)
        assert follow.status_code == 200, follow.text
        assert follow.json()["session_id"] == sid
        history = one.get(f"/v1/sessions/{sid}", headers=A).json()
        users = [m["text"] for m in history["messages"] if m["role"] == "user"]
        assert users == [PILOT, FOLLOW_UP]
        # The other key sees nothing of it, on either replica.
        for replica in (one, two):
            assert replica.get(f"/v1/sessions/{sid}", headers=B).status_code == 404
            sent = replica.post("/v1/chat", json={"message": PILOT, "session_id": sid}, headers=B)
            assert sent.status_code == 404


def test_a_roadmap_made_on_one_is_served_by_the_other(cluster: dict[str, object]) -> None:
    with _client(cluster["one"]) as one, _client(cluster["two"]) as two:
        made = one.post("/v1/roadmaps", json={"company_description": COMPANY}, headers=A)
        assert made.status_code == 201, made.text
        roadmap = made.json()
        served = two.get(f"/v1/roadmaps/{roadmap['id']}", headers=A)
        assert served.status_code == 200 and served.json() == roadmap
        assert two.get(f"/v1/roadmaps/{roadmap['id']}.md", headers=A).status_code == 200
        assert two.get(f"/v1/roadmaps/{roadmap['id']}", headers=B).status_code == 404


def _ingest(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "advisor.cli", "ingest", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_document_ingested_through_one_is_served_by_the_other(
    cluster: dict[str, object],
) -> None:
    knowledge = cluster["knowledge"]
    assert isinstance(knowledge, Path)
    (knowledge / "zephyr-review.md").write_text(NEW_DOC, encoding="utf-8")
    env_one, _ = cluster["envs"]  # type: ignore[misc]
    done = _ingest(env_one)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    deadline = time.monotonic() + SEEN_WITHIN_S
    with _client(cluster["two"]) as two:
        while True:
            found = two.get("/v1/knowledge/search", params={"q": "zephyr review board"}, headers=A)
            assert found.status_code == 200, found.text
            if any("zephyr" in c["text"] for c in found.json()):
                break
            assert time.monotonic() < deadline, "replica two never served the new document"
            time.sleep(0.25)


def test_concurrent_ingests_leave_one_copy_of_each_chunk(cluster: dict[str, object]) -> None:
    knowledge = cluster["knowledge"]
    assert isinstance(knowledge, Path)
    (knowledge / "zephyr-review.md").write_text(
        NEW_DOC + "\nThe board meets every second week.\n", encoding="utf-8"
    )
    envs = cluster["envs"]
    assert isinstance(envs, tuple)
    runs = [_ingest(env) for env in envs]  # both at once, one per replica's data dir
    results = [proc.communicate(timeout=300) for proc in runs]
    codes = [proc.returncode for proc in runs]
    # One ingests; the other ingests after it or is told in one line that the shared
    # store is busy. Neither prints a traceback.
    assert 0 in codes and set(codes) <= {0, 1}, results
    for (_, err), code in zip(results, codes, strict=True):
        assert "Traceback" not in err
        if code == 1:
            assert "another process is writing" in err and len(err.strip().splitlines()) == 1
    host, port = str(cluster["chroma_url"]).removeprefix("http://").split(":")
    client = chromadb.HttpClient(host=host, port=int(port))
    collection = client.get_collection("playbook")
    stored = collection.get(include=["metadatas"])
    ids = stored["ids"]
    assert len(ids) == len(set(ids))
    slots = [m["slot"] for m in stored["metadatas"] or []]
    assert len(slots) == len(set(slots)), "a chunk is stored twice"
