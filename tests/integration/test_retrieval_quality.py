"""A small labelled question set: hybrid retrieval must do at least as well as either side."""

from __future__ import annotations

import pytest

from advisor.config import Settings
from advisor.knowledge.ingest import ingest
from advisor.retrieval.embeddings import Embedder
from advisor.retrieval.hybrid import HybridRetriever, Mode
from advisor.retrieval.index import KnowledgeIndex

# question -> section fragments any of which marks a relevant chunk
LABELLED: list[tuple[str, tuple[str, ...]]] = [
    ("How long does the pilot phase take?", ("Phase 2: Pilot Development and Validation",)),
    ("When does production deployment happen?", ("Phase 4: Production Deployment",)),
    ("What do leadership teams do during discovery?", ("Discovery activities",)),
    ("Which metrics should a pilot be tested against?", ("Testing and evaluation",)),
    ("Should we use public, private or hybrid cloud?", ("Cloud architecture",)),
    ("How do we protect data with access controls and encryption?", ("Security",)),
    (
        "Who owns and is accountable for our AI models?",
        ("Ownership and accountability", "Governance policies"),
    ),
    (
        "How should we track accuracy and reliability after launch?",
        ("Performance monitoring", "> Monitoring"),
    ),
    (
        "Why do proofs of concept stall before going live?",
        ("Why Most AI Pilots Fail", "stall at the pilot stage"),
    ),
    (
        "Our employees resist the new tools; what helps adoption?",
        ("Change management", "Insufficient change management", "User training"),
    ),
    (
        "Is it wise to run many AI projects in parallel?",
        ("Too many projects at once", "one or two high-impact"),
    ),
    ("What does an executive sponsor contribute?", ("Executive sponsorship", "Leadership")),
    ("How do we keep models accurate once they are retrained on new data?", ("Model improvement",)),
    ("What role does generative AI play in scaling?", ("Generative AI",)),
    ("How is Dubai using AI in its smart city projects?", ("smart cities",)),
    ("Should we roll out to everyone at once?", ("Gradual rollout",)),
    ("What poor data quality does to models", ("data quality", "Data readiness")),
    ("Deciding whether the pilot deserves more investment", ("investment decision",)),
]


def recall_at(retriever: HybridRetriever, mode: Mode, k: int = 3) -> float:
    hits = 0
    for question, labels in LABELLED:
        chunks = retriever.search(question, k=k, mode=mode)
        hits += any(label in c.section for c in chunks for label in labels)
    return hits / len(LABELLED)


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> HybridRetriever:
    from advisor.config import DEFAULT_KNOWLEDGE_DIR

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("quality"),
        knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR],
        _env_file=None,  # type: ignore[call-arg]
    )
    index = KnowledgeIndex(settings, embedder)
    ingest(index)
    return HybridRetriever(index)


def test_hybrid_recall_at_3_is_at_least_each_side(retriever: HybridRetriever) -> None:
    hybrid = recall_at(retriever, "hybrid")
    vector = recall_at(retriever, "vector")
    lexical = recall_at(retriever, "bm25")
    print(f"recall@3 hybrid={hybrid:.2f} vector={vector:.2f} bm25={lexical:.2f}")
    assert hybrid >= vector
    assert hybrid >= lexical
    assert hybrid >= 0.85


def test_pilot_duration_question_finds_a_pilot_chunk_first(retriever: HybridRetriever) -> None:
    top = retriever.search("how long does the pilot phase take", k=3)
    assert top[0].phase == "pilot"
    assert "month 2 to month 5" in top[0].text


def test_a_follow_up_is_found_by_its_own_words_as_well(retriever: HybridRetriever) -> None:
    """Joined to a long previous message, "what should we measure?" is outweighed by it;
    fused with its own words' ranking, the pilot's success metrics are found, and the
    fused ranking keeps the joined query's scope signals."""
    previous = (
        "We are a 300-person logistics firm rolling out an AI assistant for dispatchers. "
        "How long does the pilot take?"
    )
    joined = f"{previous} ok and what should we measure?"
    alone = retriever.retrieve(joined, k=6)
    fused = retriever.fused(joined, "ok and what should we measure?", 0.5, k=6)
    assert not any("Testing and evaluation" in c.section for c in alone.chunks)
    assert any("Testing and evaluation" in c.section for c in fused.chunks)
    assert fused.best_similarity == alone.best_similarity
    none = retriever.fused(joined, "ok and what should we measure?", 0.0, k=6)
    assert [c.chunk_id for c in none.chunks] == [c.chunk_id for c in alone.chunks]
