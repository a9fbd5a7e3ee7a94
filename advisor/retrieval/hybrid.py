"""Hybrid retrieval: vector and BM25 rankings of the same chunks fused by reciprocal rank."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from advisor.retrieval.expansion import expand
from advisor.retrieval.index import KnowledgeIndex
from advisor.schemas import Chunk

Mode = Literal["hybrid", "vector", "bm25"]
# Fusion tuned on the natural questions dev split (bench/retrieval_tuning.py,
# docs/evals.md): with k=60 a passage first on one side and absent from the other lost
# to middling ones on both; k=5 with equal weights lets a clear first place count.
RRF_K = 5
VECTOR_WEIGHT = 1.0
QUERY_VECTORS_KEPT = 2048  # 1.5 KB each
# Up to this many chunks, one vector search that ranks them all serves every phase a
# job asks for (the playbook has 67); beyond it, each phase is searched with a filter.
WHOLE_INDEX = 500


# A question of this many words or more usually tells a situation before it asks: it is
# also searched by its asking sentences (those ending in "?", else the last one), and
# the two rankings are fused. Chosen on both dev batches of the natural questions: 30
# to 60 words measured the same on the first and within 0.02 on the second; the asking
# sentences' ranking counts half, as at full weight it reordered the first passages
# the reply is drawn from (docs/evals.md).
LONG_QUERY_WORDS = 30
ASK_WEIGHT = 0.5
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def asked_part(query: str) -> str | None:
    """The sentences a long question asks in, when they are not the whole of it."""
    if len(query.split()) < LONG_QUERY_WORDS:
        return None
    parts = [p.strip() for p in _SENTENCE_BREAK.split(query) if p.strip()]
    asks = [p for p in parts if p.endswith("?")] or parts[-1:]
    ask = " ".join(asks)
    return ask if ask and ask != " ".join(parts) else None


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
        # Query vectors, most recent last. Embedding is a pure function of the text and
        # the model, and the same questions recur (retries, suggested questions, a turn
        # asked again as a stream), so a hit skips the costliest step of a search. A new
        # index generation keeps them; only another embedding model makes them wrong.
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._vectors_model = index.embedder.name
        self._vectors_lock = threading.Lock()

    def _same_model(self) -> None:
        """Drop the kept vectors when the index embeds with another model now. The
        caller holds the lock."""
        model = self.index.embedder.name
        if model != self._vectors_model:
            self._vectors.clear()
            self._vectors_model = model

    def query_vector(self, query: str) -> np.ndarray:
        with self._vectors_lock:
            self._same_model()
            vector = self._vectors.get(query)
            if vector is not None:
                self._vectors.move_to_end(query)
                return vector
        vector = self.index.embedder.embed([query])[0]
        self._keep([query], [vector])
        return vector

    def kept_vector(self, query: str, model: str) -> np.ndarray | None:
        """The query's vector if this retriever has embedded it with `model`, else None
        (a reader that embeds the same question need not run the model again)."""
        with self._vectors_lock:
            if model != self._vectors_model or model != self.index.embedder.name:
                return None
            return self._vectors.get(query)

    def prime(self, queries: Sequence[str]) -> None:
        """Embeds, in one call, the queries whose vectors are not kept yet: a job that
        searches several queries at once pays one model run instead of one each."""
        with self._vectors_lock:
            self._same_model()
            missing = list(dict.fromkeys(q for q in queries if q not in self._vectors))
        if missing:
            self._keep(missing, list(self.index.embedder.embed(missing)))

    def forget_queries(self) -> None:
        with self._vectors_lock:
            self._vectors.clear()

    def _keep(self, queries: Sequence[str], vectors: Sequence[np.ndarray]) -> None:
        with self._vectors_lock:
            for query, vector in zip(queries, vectors, strict=True):
                self._vectors[query] = vector
            while len(self._vectors) > QUERY_VECTORS_KEPT:
                self._vectors.popitem(last=False)

    def search(
        self, query: str, k: int = 5, phase: str | None = None, mode: Mode = "hybrid"
    ) -> list[Chunk]:
        return self.retrieve(query, k, phase, mode).chunks

    def retrieve(
        self, query: str, k: int = 5, phase: str | None = None, mode: Mode = "hybrid"
    ) -> Retrieval:
        ask = asked_part(query) if mode == "hybrid" else None
        if ask is not None:
            return self._with_ask(query, ask, k, phase)
        vector_hits: list[tuple[str, float]] = []
        if mode in ("hybrid", "vector"):
            vector = self.query_vector(query)
            # Ids only: the texts of the few chunks that make the top k are fetched below,
            # in one call, rather than those of every candidate.
            vector_hits = self.index.store.query_ids(vector, self._depth(k), phase)
        return self._fused([query], [vector_hits], [k], [phase], mode)[0]

    def _with_ask(self, query: str, ask: str, k: int, phase: str | None) -> Retrieval:
        """The whole question's ranking fused with its asking sentences' (at ASK_WEIGHT).
        The scope signals stay the whole question's."""
        return self.fused(query, ask, ASK_WEIGHT, k, phase)

    def fused(
        self, query: str, other: str, weight: float, k: int = 5, phase: str | None = None
    ) -> Retrieval:
        """`query`'s ranking fused by reciprocal rank with `other`'s, which counts
        `weight` as much. The scope signals stay `query`'s."""
        whole, part = self.retrieve_many([query, other], self._depth(k) // 2, [phase, phase])
        fused: dict[str, float] = {}
        chunks: dict[str, Chunk] = {}
        for found, w in ((whole, 1.0), (part, weight)):
            for rank, chunk in enumerate(found.chunks):
                fused[chunk.chunk_id] = fused.get(chunk.chunk_id, 0.0) + w / (RRF_K + rank + 1)
                chunks.setdefault(chunk.chunk_id, chunk)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return Retrieval(
            query=query,
            chunks=[chunks[i].model_copy(update={"score": round(fused[i], 6)}) for i in best],
            best_similarity=whole.best_similarity,
            best_bm25=whole.best_bm25,
            similarities=whole.similarities,
        )

    def _depth(self, k: int) -> int:
        return max(self.candidates, 2 * k)

    def retrieve_many(
        self,
        queries: Sequence[str],
        k: int | Sequence[int] = 5,
        phases: Sequence[str | None] | None = None,
    ) -> list[Retrieval]:
        """`retrieve` for several queries (each with its own k and phase), with as few
        vector searches as the index allows and one fetch of texts for all of them: what
        a roadmap or an assessment asks of a shared index server. On an index of at most
        WHOLE_INDEX chunks one search ranks every chunk for every query, and each query's
        phase is then kept from that exact ranking; a bigger one is searched once per
        phase asked for."""
        if not queries:
            return []
        ks = [k] * len(queries) if isinstance(k, int) else list(k)
        wanted: list[str | None] = [p or None for p in (phases or [None] * len(queries))]
        if len(ks) != len(queries) or len(wanted) != len(queries):
            raise ValueError("retrieve_many needs one k and one phase per query")
        self.prime(queries)
        vectors = [self.query_vector(q) for q in queries]
        hits = self._vector_hits(vectors, ks, wanted)
        return self._fused(list(queries), hits, ks, wanted, "hybrid")

    def _vector_hits(
        self, vectors: list[np.ndarray], ks: list[int], phases: list[str | None]
    ) -> list[list[tuple[str, float]]]:
        store = self.index.store
        depth = max(self._depth(k) for k in ks)
        if all(p is None for p in phases):
            found = store.query_ids_many(vectors, depth)
        else:
            found = self._whole_index(vectors, phases) or self._per_phase(vectors, phases, depth)
        return [got[: self._depth(k)] for got, k in zip(found, ks, strict=True)]

    def _whole_index(
        self, vectors: list[np.ndarray], phases: list[str | None]
    ) -> list[list[tuple[str, float]]] | None:
        """Every chunk ranked for every vector in one search, then each kept to its
        phase; None when the index is too big, or holds more chunks than the BM25 side
        knows of (an ingest under way elsewhere), so that a ranking could be cut short."""
        bm25 = self.index.bm25()
        size = len(bm25.ids)
        if size > WHOLE_INDEX:
            return None
        everything = self.index.store.query_ids_many(vectors, size + 1)
        if any(len(ranked) > size for ranked in everything):
            return None
        return [
            ranked if phase is None else bm25.of_phase(ranked, phase)
            for ranked, phase in zip(everything, phases, strict=True)
        ]

    def _per_phase(
        self, vectors: list[np.ndarray], phases: list[str | None], depth: int
    ) -> list[list[tuple[str, float]]]:
        store = self.index.store
        hits: list[list[tuple[str, float]]] = [[] for _ in vectors]
        for phase in dict.fromkeys(phases):
            at = [i for i, p in enumerate(phases) if p == phase]
            found = store.query_ids_many([vectors[i] for i in at], depth, phase)
            for i, got in zip(at, found, strict=True):
                hits[i] = got
        return hits

    def _fused(
        self,
        queries: list[str],
        vector_hits: list[list[tuple[str, float]]],
        ks: list[int],
        phases: list[str | None],
        mode: Mode,
    ) -> list[Retrieval]:
        ranked: list[tuple[list[str], dict[str, float], list[tuple[str, float]]]] = []
        for query, hits, k, phase in zip(queries, vector_hits, ks, phases, strict=True):
            lexical_hits: list[tuple[str, float]] = []
            if mode in ("hybrid", "bm25"):
                lexical_hits = self.index.bm25().search(expand(query), self._depth(k), phase)
            fused: dict[str, float] = {}
            for rank, (chunk_id, _) in enumerate(hits):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + VECTOR_WEIGHT / (RRF_K + rank + 1)
            for rank, (chunk_id, _) in enumerate(lexical_hits):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
            best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
            ranked.append((best, fused, lexical_hits))
        # One fetch of texts for every query's top k.
        wanted = list(dict.fromkeys(i for best, _, _ in ranked for i in best))
        known = {c.chunk_id: c for c in self.index.store.get(wanted)}
        out = []
        for query, hits, (best, fused, lexical_hits) in zip(
            queries, vector_hits, ranked, strict=True
        ):
            chunks = [
                known[i].model_copy(update={"score": round(fused[i], 6)})
                for i in best
                if i in known
            ]
            similarities = dict(hits)
            out.append(
                Retrieval(
                    query=query,
                    chunks=chunks,
                    best_similarity=max(similarities.values(), default=0.0),
                    best_bm25=max((s for _, s in lexical_hits), default=0.0),
                    similarities=similarities,
                )
            )
        return out
