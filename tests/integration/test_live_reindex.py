"""A reader follows an index that another process rebuilds or changes: it reopens the
store on a new generation, reloads BM25, refuses (503, Retry-After) while a rebuild fills
the new collection, and never answers 500. In-process first, then a real `advisor serve`
with `advisor ingest --rebuild` run beside it, on the embedded store and a Chroma server."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from advisor.config import Settings
from advisor.errors import AdvisorError
from advisor.knowledge.ingest import ingest
from advisor.retrieval.embeddings import Embedder
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.index import KnowledgeIndex
from tests.api.helpers import assert_error
from tests.api.test_serve_process import _env, serving

QUESTION = "How long does the pilot phase take?"
NEW_FILE = """---
id: airships
title: Airship logistics
tags: [logistics]
---
# Airship logistics

A zeppelin fleet needs hangar capacity planning before any pilot starts.
"""
SETTLE_S = 120  # generous: how long a server may take to answer again after a rebuild
NOTICE_S = 30  # generous: a reader checks the recorded generation about every second


# --- in-process: two indexes on one store ------------------------------------------------


def test_a_rebuild_through_another_index_is_picked_up(
    index_settings: Settings, embedder: Embedder, knowledge_copy: Path
) -> None:
    first = KnowledgeIndex(index_settings, embedder)
    ingest(first)
    retriever = HybridRetriever(first)
    assert retriever.search(QUESTION, k=3)
    (knowledge_copy / "airships.md").write_text(NEW_FILE)

    ingest(KnowledgeIndex(index_settings, embedder), rebuild=True)

    # The first index's collection handle points at the dropped collection: it reopens.
    hits = retriever.search("zeppelin hangar capacity", k=3)
    assert hits and hits[0].source == "airships.md"
    # And its BM25 side is the rebuilt one, not the one it loaded before.
    lexical = retriever.search("zeppelin", k=1, mode="bm25")
    assert [c.source for c in lexical] == ["airships.md"]
    assert first.bm25().knows("zeppelin")


def test_reads_during_a_rebuild_are_refused_then_served(
    index_settings: Settings, embedder: Embedder
) -> None:
    first = KnowledgeIndex(index_settings, embedder)
    ingest(first)
    retriever = HybridRetriever(first)
    assert retriever.search(QUESTION, k=3)

    emptied, resume = threading.Event(), threading.Event()

    def pause_before_embedding(done: int, total: int) -> None:
        if done == 0:  # the old collection is dropped, its successor still empty
            emptied.set()
            assert resume.wait(60)

    rebuild = threading.Thread(
        target=ingest,
        args=(KnowledgeIndex(index_settings, embedder),),
        kwargs={"rebuild": True, "progress": pause_before_embedding},
    )
    rebuild.start()
    try:
        assert emptied.wait(120)
        for read in (
            lambda: retriever.search(QUESTION, k=3),
            lambda: retriever.search(QUESTION, k=3, mode="bm25"),
            lambda: first.store.get(["any-id"]),
            lambda: first.store.generation(),
        ):
            with pytest.raises(AdvisorError) as refused:
                read()
            assert refused.value.code == "index_unavailable"
            assert getattr(refused.value, "retry_after", 0) > 0
    finally:
        resume.set()
        rebuild.join(120)
    assert not rebuild.is_alive()
    assert retriever.search(QUESTION, k=3)
    assert first.store.generation()  # the rebuilt index's, read without an error


def test_an_incremental_ingest_elsewhere_is_noticed(
    index_settings: Settings, embedder: Embedder, knowledge_copy: Path
) -> None:
    first = KnowledgeIndex(index_settings, embedder)
    ingest(first)
    retriever = HybridRetriever(first)
    assert not retriever.search("zeppelin", k=1, mode="bm25")
    (knowledge_copy / "airships.md").write_text(NEW_FILE)
    ingest(KnowledgeIndex(index_settings, embedder))  # same collection, new generation

    deadline = time.monotonic() + NOTICE_S
    while not (lexical := retriever.search("zeppelin", k=1, mode="bm25")):
        assert time.monotonic() < deadline, "the new generation was never noticed"
        time.sleep(0.1)
    assert [c.source for c in lexical] == ["airships.md"]


def test_the_generation_is_checked_at_most_once_per_interval() -> None:
    from advisor.retrieval.generation import CHECK_EVERY_S, GenerationWatch

    now = [100.0]
    watch = GenerationWatch(clock=lambda: now[0])
    assert watch.due()  # the first use checks
    assert not watch.due()
    now[0] += CHECK_EVERY_S / 2
    assert not watch.due()
    now[0] += CHECK_EVERY_S
    assert watch.due()
    watch.expire()  # a failed read: check at once
    assert watch.due() and not watch.due()


# --- a real server and a real `advisor ingest --rebuild` ---------------------------------

GATED_REBUILD = """
import sys, time
from pathlib import Path
from advisor.retrieval.store import ChunkStore

gate = Path(sys.argv[1])
real_upsert = ChunkStore.upsert


def upsert(self, *args, **kwargs):
    # Holds the rebuild after its collection was dropped and recreated empty.
    while not gate.exists():
        time.sleep(0.05)
    return real_upsert(self, *args, **kwargs)


ChunkStore.upsert = upsert
sys.argv = ["advisor", "ingest", "--rebuild"]
from advisor.cli import main

main()
"""


def _requests(http: httpx.Client) -> list[tuple[str, httpx.Response]]:
    return [
        ("search", http.get("/v1/knowledge/search", params={"q": QUESTION, "k": 3})),
        ("ask", http.post("/v1/ask", json={"question": QUESTION})),
        ("chat", http.post("/v1/chat", json={"message": QUESTION})),
    ]


def _citations(route: str, body: Any) -> list[Any]:
    if route == "search":
        return list(body)
    answer = body["answer"] if route == "chat" else body
    return list(answer["citations"])


def _check(route: str, response: httpx.Response) -> bool:
    """No 500 ever; a 503 is the index being rebuilt, with Retry-After. True when the
    route answered 200 with citations."""
    assert response.status_code in (200, 503), (route, response.status_code, response.text)
    if response.status_code == 503:
        assert int(response.headers["Retry-After"]) >= 1
        assert_error(response.json(), "index_unavailable")
        return False
    return bool(_citations(route, response.json()))


def _settled(http: httpx.Client) -> None:
    """Every route answers 200 with citations again, and /readyz says ready."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        answered = [_check(route, response) for route, response in _requests(http)]
        if all(answered):
            break
        assert time.monotonic() < deadline, "the server did not serve the rebuilt index"
        time.sleep(0.2)
    assert http.get("/readyz").status_code == 200


def _store_env(store: str, data: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    quick = {"ADVISOR_RATE_LIMIT_PER_MINUTE": "0"}  # the test asks far more than 120/min
    if store == "embedded":
        return _env(data, **quick)
    url = request.getfixturevalue("chroma_url")
    collection = f"live-{data.parent.name}"
    return _env(data, ADVISOR_CHROMA_URL=url, ADVISOR_COLLECTION=collection, **quick)


@pytest.mark.parametrize("store", ["embedded", "server"])
def test_a_running_server_follows_a_rebuild(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = _store_env(store, data, request)
    with serving(env) as (url, _), httpx.Client(base_url=url, timeout=60) as http:
        assert all(_check(route, response) for route, response in _requests(http))

        # A plain rebuild while requests keep coming: never a 500.
        rebuild = subprocess.Popen(
            [sys.executable, "-m", "advisor.cli", "ingest", "--rebuild"],
            env=env,
            cwd=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while rebuild.poll() is None:
            for route, response in _requests(http):
                _check(route, response)
            assert http.get("/readyz").status_code in (200, 503)
            time.sleep(0.05)  # leave the rebuild some of the two cores
        assert rebuild.returncode == 0, rebuild.stdout.read()  # type: ignore[union-attr]
        _settled(http)

        # A rebuild held while its collection is empty: the server says so everywhere.
        gate = tmp_path / "gate"
        held = subprocess.Popen(
            [sys.executable, "-c", GATED_REBUILD, str(gate)],
            env=env,
            cwd=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + SETTLE_S
            while (ready := http.get("/readyz")).status_code == 200:
                assert held.poll() is None, held.stdout.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "/readyz stayed ready during a rebuild"
                time.sleep(0.1)
            assert ready.status_code == 503 and ready.json()["ready"] is False
            assert int(ready.headers["Retry-After"]) >= 1
            for route, response in _requests(http):
                assert response.status_code == 503, (route, response.text)
                assert not _check(route, response)
        finally:
            gate.touch()
            assert held.wait(SETTLE_S) == 0, held.stdout.read()  # type: ignore[union-attr]
        _settled(http)
