"""Hybrid retrieval: vector and BM25 rankings of the same chunks fused by reciprocal rank."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from advisor.retrieval.bm25 import BM25Index
from advisor.retrieval.expansion import expand
from advisor.retrieval.index import KnowledgeIndex
from advisor.schemas import Chunk

Mode = Literal["hybrid", "vector", "bm25"]
RRF_K = 60
VECTOR_WEIGHT = 0.7
#: Threads that run the lexical side of hybrid searches beside the vector side.
LEXICAL_WORKERS = 4

_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _lexical_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(LEXICAL_WORKERS, thread_name_prefix="advisor-bm25")
        return _pool


@dataclass
class Retrieval:
    """Chunks for one query, best first, with the raw signals the scope check needs."""

    query: str
    chunks: list[Chunk]
    best_similarity: float = 0.0
    best_bm25: float = 0.0
    similarities: dict[str, float] = field(default_factory=dict)


class HybridRetriever:
    def __init__(self, index: KnowledgeIndex, candidates: int = 20) -> None:
        self.index = index
        self.candidates = candidates

    def search(
        self, query: str, k: int = 5, phase: str | None = None, mode: Mode = "hybrid"
    ) -> list[Chunk]:
        return self.retrieve(query, k, phase, mode).chunks

    def retrieve(
        self, query: str, k: int = 5, phase: str | None = None, mode: Mode = "hybrid"
    ) -> Retrieval:
        depth = max(self.candidates, 2 * k)
        vector_hits: list[tuple[str, float]] = []
        lexical_hits: list[tuple[str, float]] = []
        prefetched: dict[str, Chunk] = {}
        lexical: Future[tuple[list[tuple[str, float]], dict[str, Chunk]]] | None = None
        if mode in ("hybrid", "bm25"):
            bm25 = self.index.bm25()  # loaded (or rebuilt) here, on first use
            args = (bm25, expand(query), depth, k, phase)
            if mode == "hybrid":
                # BM25 and the fetch of its top k run while the query is embedded and
                # Chroma searched: the lexical side then costs next to no latency.
                lexical = _lexical_pool().submit(self._lexical, *args)
            else:
                lexical_hits, prefetched = self._lexical(*args)
        if mode in ("hybrid", "vector"):
            vector = self.index.embedder.embed([query])[0]
            # Ids only: the few texts the top k needs are fetched after fusion.
            vector_hits = self.index.store.query_ids(vector, depth, phase)
        if lexical is not None:
            # Not started yet (every worker busy): run it here rather than wait in line.
            lexical_hits, prefetched = (
                self._lexical(*args) if lexical.cancel() else lexical.result()
            )

        fused: dict[str, float] = {}
        for rank, (chunk_id, _) in enumerate(vector_hits):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + VECTOR_WEIGHT / (RRF_K + rank + 1)
        for rank, (chunk_id, _) in enumerate(lexical_hits):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]

        known = prefetched
        missing = [i for i in best if i not in known]
        if missing:
            known.update({c.chunk_id: c for c in self.index.store.get(missing)})
        chunks = [
            known[i].model_copy(update={"score": round(fused[i], 6)}) for i in best if i in known
        ]
        similarities = dict(vector_hits)
        return Retrieval(
            query=query,
            chunks=chunks,
            best_similarity=max(similarities.values(), default=0.0),
            best_bm25=max((s for _, s in lexical_hits), default=0.0),
            similarities=similarities,
        )

    def _lexical(
        self, bm25: BM25Index, query: str, depth: int, k: int, phase: str | None
    ) -> tuple[list[tuple[str, float]], dict[str, Chunk]]:
        """BM25's top `depth` hits, and the chunks of its top k. Only those can enter the
        fused top k without a vector hit: the lexical hits ranked above one outscore it."""
        hits = bm25.search(query, depth, phase)
        chunks = self.index.store.get([chunk_id for chunk_id, _ in hits[:k]])
        return hits, {c.chunk_id: c for c in chunks}
