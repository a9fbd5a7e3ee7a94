"""The composer reuses the vector the retriever made of the same question, and only a
vector of the same model."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import numpy as np
import pytest

from advisor.agent.jobs import Advisor
from advisor.llm.base import AnswerTask, Task
from advisor.llm.offline import OfflineProvider
from advisor.retrieval.embeddings import MiniLMEmbedder
from advisor.retrieval.relevance import Relevance
from advisor.schemas import JobOutput


class Counting(MiniLMEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().embed(texts)


def test_a_known_vector_is_not_embedded_again() -> None:
    embedder = Counting()
    question = "How long does the pilot phase take?"
    vector = embedder.embed([question])[0]
    embedder.seen.clear()
    relevance = Relevance(embedder)
    sentence = "The pilot runs from month 2 to month 5."
    sims = relevance.similarities(question, [sentence], (embedder.name, vector))
    assert embedder.seen == [sentence]
    assert 0.0 < sims[sentence] <= 1.0
    # Another model's vector is never taken for this one's.
    other = relevance.similarities("What is discovery?", [sentence], ("another-model", vector))
    assert "What is discovery?" in embedder.seen
    assert other[sentence] != sims[sentence]


def test_the_retriever_lends_its_query_vectors_to_the_composer(
    offline_advisor: Advisor,
) -> None:
    provider = offline_advisor.provider
    assert isinstance(provider, OfflineProvider)
    question = "Which phase decides whether the pilot deserves further investment?"
    offline_advisor.retriever.forget_queries()
    provider.relevance.forget(question)
    tasks: list[AnswerTask] = []
    compose = provider.compose

    async def spy(task: Task) -> JobOutput:
        if isinstance(task, AnswerTask):
            tasks.append(task)
        return await compose(task)

    provider.compose = spy  # type: ignore[method-assign]
    try:
        answer = asyncio.run(offline_advisor.ask(question))
    finally:
        del provider.compose
    assert answer.grounded
    name = offline_advisor.index.embedder.name
    kept = offline_advisor.retriever.kept_vector(question, name)
    assert kept is not None
    assert offline_advisor.retriever.kept_vector(question, "another-model") is None
    # The task carries the retriever's own array, and the composer never embedded the
    # question itself.
    assert tasks and tasks[0].question_vector is not None
    assert tasks[0].question_vector[1] is kept
    assert question not in provider.relevance._vectors


def test_many_queries_in_one_search_find_what_each_finds_alone(
    offline_advisor: Advisor,
) -> None:
    retriever = offline_advisor.retriever
    queries = [
        "data readiness data quality pilot limited datasets",
        "executive sponsorship leadership",
        "integration with ERP CRM existing systems",
        "how long does the pilot take",
    ]
    together = retriever.retrieve_many(queries, k=3)
    alone = [retriever.retrieve(q, k=3) for q in queries]
    assert [[c.chunk_id for c in r.chunks] for r in together] == [
        [c.chunk_id for c in r.chunks] for r in alone
    ]
    assert [r.best_similarity for r in together] == pytest.approx(
        [r.best_similarity for r in alone], abs=1e-6
    )
    assert retriever.retrieve_many([], k=3) == []
    # Each query keeps its own k, and with it its own depth of candidates.
    mixed = retriever.retrieve_many(queries[:2], k=[3, 12], phases=[None, ""])
    assert [[c.chunk_id for c in r.chunks] for r in mixed] == [
        [c.chunk_id for c in retriever.retrieve(q, k=n).chunks]
        for q, n in zip(queries[:2], [3, 12], strict=True)
    ]
    with pytest.raises(ValueError):
        retriever.retrieve_many(queries, k=[3, 5])


@pytest.mark.parametrize("whole_index", [500, 0], ids=["one-search", "per-phase"])
def test_phase_queries_searched_together_find_what_each_finds_alone(
    offline_advisor: Advisor, monkeypatch: pytest.MonkeyPatch, whole_index: int
) -> None:
    from advisor.retrieval import hybrid

    monkeypatch.setattr(hybrid, "WHOLE_INDEX", whole_index)
    retriever = offline_advisor.retriever
    phases = ["discovery", "pilot", "infrastructure", "production", "optimization", None]
    queries = [f"{p or 'common mistakes'} phase activities demand forecasting" for p in phases]
    together = retriever.retrieve_many(queries, k=[5, 5, 5, 5, 5, 3], phases=phases)
    alone = [
        retriever.retrieve(q, k=5 if p else 3, phase=p)
        for q, p in zip(queries, phases, strict=True)
    ]
    assert [[c.chunk_id for c in r.chunks] for r in together] == [
        [c.chunk_id for c in r.chunks] for r in alone
    ]
    for retrieval, phase in zip(together[:5], phases[:5], strict=True):
        assert retrieval.chunks and all(c.phase == phase for c in retrieval.chunks)
