"""Ingestion and the index, on the embedded store and on a real `chroma run` server."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.errors import EmbeddingMismatchError, KnowledgeError
from advisor.knowledge.ingest import ensure_index, ingest
from advisor.retrieval.embeddings import Embedder
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.index import KnowledgeIndex


class CountingEmbedder:
    """The real embedder, counting how many texts it was asked to embed."""

    def __init__(self, inner: Embedder, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.embedded = 0

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.embedded += len(texts)
        return self.inner.embed(texts)


@pytest.fixture
def counting(embedder: Embedder) -> CountingEmbedder:
    return CountingEmbedder(embedder)


def test_first_ingest_adds_everything_second_embeds_nothing(
    index_settings: Settings, counting: CountingEmbedder
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    first = ingest(index)
    assert first.documents >= 11
    assert first.added == first.chunks > 0
    assert (first.updated, first.removed, first.unchanged) == (0, 0, 0)
    assert counting.embedded == first.chunks
    assert index.store.count() == first.chunks

    again = ingest(KnowledgeIndex(index_settings, counting))
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == first.chunks
    assert counting.embedded == first.chunks  # nothing re-embedded


def test_changed_added_and_removed_files(
    index_settings: Settings, counting: CountingEmbedder, knowledge_copy: Path
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    first = ingest(index)

    pilot = next(knowledge_copy.glob("playbook/*pilot*.md"))
    text = pilot.read_text()
    first_para_end = text.index(".", text.index("\n# ")) + 1
    pilot.write_text(text[:first_para_end] + " Keep the pilot small." + text[first_para_end:])
    removed_file = next(knowledge_copy.glob("playbook/*conclusion*.md"))
    removed_chunks = sum(
        1 for c in index.store.all_chunks() if c.source.endswith(removed_file.name)
    )
    removed_file.unlink()
    (knowledge_copy / "notes.txt").write_text(
        "Our own notes.\n\nWe run a monthly AI review board.\n"
    )

    counting.embedded = 0
    second = ingest(KnowledgeIndex(index_settings, counting))
    assert second.updated == 1
    assert second.removed == removed_chunks
    assert second.added == 1
    assert counting.embedded == second.added + second.updated
    assert second.chunks == first.chunks - removed_chunks + 1
    assert second.unchanged == second.chunks - second.added - second.updated
    ids = {c.chunk_id for c in index.store.all_chunks()}
    assert len(ids) == second.chunks


def test_rebuild_reembeds_everything(index_settings: Settings, counting: CountingEmbedder) -> None:
    first = ingest(KnowledgeIndex(index_settings, counting))
    counting.embedded = 0
    rebuilt = ingest(KnowledgeIndex(index_settings, counting), rebuild=True)
    assert rebuilt.added == first.chunks
    assert counting.embedded == first.chunks


def test_other_embedding_model_is_refused_until_rebuild(
    index_settings: Settings, embedder: Embedder
) -> None:
    ingest(KnowledgeIndex(index_settings, CountingEmbedder(embedder)))
    other = CountingEmbedder(embedder, name="some-other-model")
    with pytest.raises(EmbeddingMismatchError, match=r"advisor ingest --rebuild"):
        ingest(KnowledgeIndex(index_settings, other))
    summary = ingest(KnowledgeIndex(index_settings, other), rebuild=True)
    assert summary.added == summary.chunks


def test_bad_input_loses_nothing(
    index_settings: Settings, counting: CountingEmbedder, knowledge_copy: Path
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    first = ingest(index)
    (knowledge_copy / "broken.md").write_text("---\nid: [unclosed\n---\n# Broken\n\nText.\n")
    with pytest.raises(KnowledgeError, match=r"broken\.md"):
        ingest(KnowledgeIndex(index_settings, counting))
    with pytest.raises(KnowledgeError, match="nowhere"):
        ingest(KnowledgeIndex(index_settings, counting), [knowledge_copy / "nowhere"])
    assert KnowledgeIndex(index_settings, counting).store.count() == first.chunks


def test_search_indexes_an_empty_index_first(
    index_settings: Settings, counting: CountingEmbedder
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    assert ensure_index(index) is not None
    assert ensure_index(KnowledgeIndex(index_settings, counting)) is None  # fresh: nothing to do
    hits = HybridRetriever(KnowledgeIndex(index_settings, counting)).search(
        "how long does the pilot phase take", k=3
    )
    assert hits and hits[0].phase == "pilot"


def test_stale_index_is_refreshed(
    index_settings: Settings, counting: CountingEmbedder, knowledge_copy: Path
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    ensure_index(index)
    (knowledge_copy / "extra.md").write_text(
        "---\nid: extra-notes\ntitle: Extra\ntags: [notes]\n---\n# Extra\n\n"
        "The zeppelin procurement committee meets on Fridays.\n"
    )
    summary = ensure_index(KnowledgeIndex(index_settings, counting))
    assert summary is not None and summary.added == 1
    hits = HybridRetriever(KnowledgeIndex(index_settings, counting)).search("zeppelin", k=1)
    assert hits[0].source == "extra.md"


def test_phase_filter_and_bm25_reload(index_settings: Settings, counting: CountingEmbedder) -> None:
    ingest(KnowledgeIndex(index_settings, counting))
    fresh = KnowledgeIndex(index_settings, counting)  # BM25 loads from disk, not rebuilt
    hits = HybridRetriever(fresh).search(
        "security and access controls", k=4, phase="infrastructure"
    )
    assert hits and all(c.phase == "infrastructure" for c in hits)
    assert fresh.bm25().fingerprint == fresh.store.fingerprint()


def test_a_repeated_query_is_embedded_once(
    index_settings: Settings, counting: CountingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    ingest(index)
    retriever = HybridRetriever(index)
    before = counting.embedded
    first = retriever.search("How long does the pilot phase take?", k=4)
    again = retriever.search("How long does the pilot phase take?", k=4, phase="pilot")
    assert counting.embedded == before + 1
    assert [c.chunk_id for c in first] and all(c.phase == "pilot" for c in again)

    # The cache is bounded: the oldest query is embedded again once pushed out.
    monkeypatch.setattr("advisor.retrieval.hybrid.QUERY_VECTORS_KEPT", 2)
    retriever.search("data governance", k=2)
    retriever.search("change management", k=2)
    retriever.search("How long does the pilot phase take?", k=2)
    assert counting.embedded == before + 4


def test_priming_embeds_the_missing_queries_in_one_call(
    index_settings: Settings, counting: CountingEmbedder
) -> None:
    index = KnowledgeIndex(index_settings, counting)
    ingest(index)
    retriever = HybridRetriever(index)
    retriever.search("data governance", k=2)
    calls: list[int] = []
    inner = counting.embed
    counting.embed = lambda texts: calls.append(len(texts)) or inner(texts)  # type: ignore[method-assign]
    queries = ["data governance", "change management", "pilot length", "change management"]
    retriever.prime(queries)
    assert calls == [2]  # one model run, for the two not kept yet, each once
    primed = [retriever.search(q, k=2) for q in queries]
    assert calls == [2] and all(primed)
    retriever.forget_queries()
    retriever.search("data governance", k=2)
    assert calls == [2, 1]
