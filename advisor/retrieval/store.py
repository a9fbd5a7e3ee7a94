"""The Chroma side of the index: one collection of chunks with their vectors.

Only this package knows Chroma. The collection's metadata records which embedding
model built it, so vectors of two models are never mixed, and the index generation
(advisor/retrieval/generation.py), so a long-running reader notices a new index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
import numpy as np

from advisor.errors import EmbeddingMismatchError
from advisor.retrieval.chunk_cache import ChunkCache
from advisor.retrieval.generation import (
    BUILDING,
    GENERATION_KEY,
    READY,
    STATE_KEY,
    LiveHandle,
    unavailable,
    unreachable,
)
from advisor.schemas import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

MODEL_KEY = "embedding_model"
FINGERPRINT_KEY = "corpus_fingerprint"
PAGE = 5000
T = TypeVar("T")


@dataclass(frozen=True)
class StoredChunk:
    """What ingestion needs to know of a stored chunk without its vector."""

    chunk_id: str
    slot: str


class ChunkStore:
    """Chunks, their vectors and metadata in one Chroma collection.

    Writers (ingestion) use `collection` as it is. Reads go through `_read`: the handle
    is reopened when another process records a new generation or drops the collection,
    and refused (IndexUnavailable) while a rebuild fills its successor.
    """

    def __init__(self, client: ClientAPI, name: str, embedding_model: str) -> None:
        self.client = client
        self.name = name
        self.embedding_model = embedding_model
        self._live: LiveHandle[Collection] = LiveHandle(
            name, self._open, self._lookup, lambda c: c.metadata or {}
        )
        self._cache = ChunkCache()

    # --- collection lifecycle ---------------------------------------------------------

    @property
    def collection(self) -> Collection:
        held = self._live.held
        if held is None:
            held = self._open()
            self._live.adopt(held)
        return held

    def _open(self, marks: dict[str, str] | None = None) -> Collection:
        """Get the collection, creating it (with `marks` in its metadata) if missing."""
        return self._checked(
            self.client.get_or_create_collection(
                self.name,
                metadata={MODEL_KEY: self.embedding_model, **(marks or {})},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        )

    def _lookup(self) -> Collection | None:
        from chromadb.errors import NotFoundError  # loaded with the client already

        try:
            found = self.client.get_collection(self.name, embedding_function=None)
        except NotFoundError:
            return None
        return self._checked(found)

    def _checked(self, collection: Collection) -> Collection:
        built_with = (collection.metadata or {}).get(MODEL_KEY)
        if built_with != self.embedding_model:
            raise EmbeddingMismatchError(
                f"the index '{self.name}' was built with embedding model {built_with!r}, "
                f"but the current model is {self.embedding_model!r}; "
                "run `advisor ingest --rebuild` to re-embed the knowledge"
            )
        return collection

    def reset(self) -> None:
        """Drop the collection and start empty with the current embedding model."""
        existing = {c.name for c in self.client.list_collections()}
        if self.name in existing:
            self.client.delete_collection(self.name)
        self._live.adopt(None)

    def begin_rebuild(self) -> None:
        """Drop the collection and create its empty successor marked as building, so
        readers refuse it until `record` publishes it filled."""
        self.reset()
        collection = self._open({STATE_KEY: BUILDING})
        meta = _writable(collection.metadata)
        if meta.get(STATE_KEY) != BUILDING:
            # A reader's first use created it in between, without the mark.
            collection.modify(metadata=meta | {STATE_KEY: BUILDING})
        self._live.adopt(collection)
        self._live.failed()  # a read in this process checks too, and refuses it for now

    def metadata(self) -> dict[str, Any]:
        return dict(self.collection.metadata or {})

    def set_fingerprint(self, fingerprint: str) -> None:
        if self.fingerprint() == fingerprint:
            return  # a reader never rewrites what a writer may be recording meanwhile
        self.collection.modify(metadata=_writable(self.metadata()) | {FINGERPRINT_KEY: fingerprint})

    def record(self, fingerprint: str, generation: str) -> None:
        """Publish a changed index: its corpus fingerprint and a new generation in one
        metadata write, which also ends a rebuild's building state."""
        marks = {FINGERPRINT_KEY: fingerprint, GENERATION_KEY: generation, STATE_KEY: READY}
        self.collection.modify(metadata=_writable(self.metadata()) | marks)
        self._live.published(generation)

    def fingerprint(self) -> str | None:
        value = self.metadata().get(FINGERPRINT_KEY)
        return str(value) if value else None

    def generation(self) -> str:
        """The generation reads see, checked against the recorded one when due. Raises
        IndexUnavailable while the index is being rebuilt."""
        self._live.current()
        return self._live.generation

    def _read(self, read: Callable[[Collection], T]) -> T:
        """Run a read on the current handle; when Chroma says its collection is gone (a
        rebuild dropped it), reopen and run it once more. A Chroma server that cannot be
        reached is IndexUnavailable (503, retry), never a raw client error."""
        from chromadb.errors import NotFoundError

        try:
            for _ in range(2):
                collection = self._live.current()
                try:
                    return read(collection)
                except NotFoundError:
                    self._live.failed()
        except httpx.TransportError:
            self._live.failed()  # look at the generation again once it is back
            raise unreachable() from None
        raise unavailable(self.name)

    # --- writes -----------------------------------------------------------------------

    def upsert(self, chunks: Sequence[Chunk], slots: Sequence[str], vectors: np.ndarray) -> None:
        step = self._batch_size()
        for start in range(0, len(chunks), step):
            part = chunks[start : start + step]
            self.collection.upsert(
                ids=[c.chunk_id for c in part],
                documents=[c.text for c in part],
                embeddings=vectors[start : start + step],
                metadatas=[
                    {
                        "source": c.source,
                        "section": c.section,
                        "phase": c.phase or "",
                        "slot": s,
                        "questions": "\n".join(c.questions),
                    }
                    for c, s in zip(part, slots[start : start + step], strict=True)
                ],
            )

    def delete(self, ids: Sequence[str]) -> None:
        step = self._batch_size()
        for start in range(0, len(ids), step):
            self.collection.delete(ids=list(ids[start : start + step]))

    def _batch_size(self) -> int:
        try:
            return max(1, min(PAGE, int(self.client.get_max_batch_size())))
        except Exception:  # older servers do not report it
            return 1000

    # --- reads ------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.collection.count())

    def stored(self) -> list[StoredChunk]:
        """Every stored chunk id with its slot (source, section, position)."""
        out: list[StoredChunk] = []
        for ids, metas, _ in self._pages(include=["metadatas"]):
            out.extend(
                StoredChunk(i, str((m or {}).get("slot", "")))
                for i, m in zip(ids, metas, strict=True)
            )
        return out

    def all_chunks(self) -> Iterator[Chunk]:
        for ids, metas, docs in self._pages(include=["metadatas", "documents"], reading=True):
            for chunk_id, meta, doc in zip(ids, metas, docs, strict=True):
                yield _to_chunk(chunk_id, meta, doc)

    def _pages(
        self, include: list[str], reading: bool = False
    ) -> Iterator[tuple[list[str], list[Any], list[str]]]:
        offset = 0
        while True:
            page = partial(_page, include=include, offset=offset)
            got = self._read(page) if reading else page(self.collection)
            ids = list(got["ids"])
            if not ids:
                return
            metas: list[Any] = list(got.get("metadatas") or [])
            metas += [None] * (len(ids) - len(metas))
            docs = list(got.get("documents") or [""] * len(ids))
            yield ids, metas, docs
            offset += len(ids)

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order asked; unknown ids are skipped.
        Chunks read under the generation served are not asked for again."""
        if not ids:
            return []
        return self._cache.get(self.generation(), ids, self._fetch)

    def _fetch(self, ids: list[str]) -> list[Chunk]:
        got = self._read(lambda c: c.get(ids=ids, include=["metadatas", "documents"]))
        return [
            _to_chunk(i, m, d)
            for i, m, d in zip(
                got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True
            )
        ]

    def of_source(self, source: str, limit: int = 50) -> list[Chunk]:
        """Every chunk of one knowledge file (at most `limit`), for a section that lists
        items across its sub-sections."""
        got = self._read(
            lambda c: c.get(
                where={"source": source}, include=["metadatas", "documents"], limit=limit
            )
        )
        return [
            _to_chunk(i, m, d)
            for i, m, d in zip(
                got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True
            )
        ]

    def query(
        self, vector: np.ndarray, k: int, phase: str | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity, best first."""
        got = self._nearest(vector, k, phase, ["metadatas", "documents", "distances"])
        if got is None:
            return []
        ids = got["ids"][0]
        metas = (got["metadatas"] or [[]])[0]
        docs = (got["documents"] or [[]])[0]
        dists = (got["distances"] or [[]])[0]
        return [
            (_to_chunk(i, m, d), 1.0 - float(dist))
            for i, m, d, dist in zip(ids, metas, docs, dists, strict=True)
        ]

    def query_ids(
        self, vector: np.ndarray, k: int, phase: str | None = None
    ) -> list[tuple[str, float]]:
        """Ids of the nearest chunks with their cosine similarity, best first: `query`
        without the texts, which cost more to fetch than the search itself."""
        got = self._nearest(vector, k, phase, ["distances"])
        if got is None:
            return []
        dists = (got["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], dists, strict=True)]

    def query_ids_many(
        self, vectors: Sequence[np.ndarray], k: int, phase: str | None = None
    ) -> list[list[tuple[str, float]]]:
        """`query_ids` for several vectors in one request: a job that searches for many
        queries at once pays the store's round trip once (on a Chroma server, one HTTP
        request and one parse instead of one each)."""
        if not vectors:
            return []
        got = self._nearest(np.stack(list(vectors)), k, phase, ["distances"])
        if got is None:
            return [[] for _ in vectors]
        dists = got["distances"] or [[] for _ in vectors]
        return [
            [(i, 1.0 - float(d)) for i, d in zip(ids, ds, strict=True)]
            for ids, ds in zip(got["ids"], dists, strict=True)
        ]

    def _nearest(
        self, vector: np.ndarray, k: int, phase: str | None, include: list[str]
    ) -> Any | None:
        if k <= 0:
            return None
        where = cast(Any, {"phase": phase}) if phase else None
        return self._read(lambda c: _nearest_in(c, vector, k, where, include))


def _page(collection: Collection, include: list[str], offset: int) -> Any:
    return collection.get(include=cast(Any, include), limit=PAGE, offset=offset)


def _nearest_in(
    collection: Collection, vector: np.ndarray, k: int, where: Any, include: list[str]
) -> Any | None:
    """One query vector, or a matrix of them (one row each), in one request."""
    from chromadb.errors import NotFoundError

    vectors = list(vector) if vector.ndim == 2 else [vector]

    # No count() first: it costs more than the query itself on a big collection (8 ms
    # at 100k chunks), and Chroma returns fewer hits when it holds fewer than k.
    try:
        return collection.query(
            query_embeddings=vectors, n_results=k, where=where, include=cast(Any, include)
        )
    except NotFoundError:
        raise  # the collection was dropped: the caller reopens
    except Exception:
        # A server that refuses n_results above its size, or an empty collection.
        n = min(k, int(collection.count()))
        if n == 0:
            return None
        return collection.query(
            query_embeddings=vectors, n_results=n, where=where, include=cast(Any, include)
        )


def _writable(metadata: Any) -> dict[str, Any]:
    """Collection metadata as `modify` takes it: every key we keep (it replaces the whole
    mapping), without the one a Chroma before 1.0 stored and no longer accepts."""
    meta = dict(metadata or {})
    meta.pop("hnsw:space", None)
    return meta


def _to_chunk(chunk_id: str, meta: Any, text: str | None) -> Chunk:
    meta = meta or {}
    return Chunk(
        chunk_id=chunk_id,
        source=str(meta.get("source", "")),
        section=str(meta.get("section", "")),
        phase=meta.get("phase") or None,
        text=text or "",
        questions=[q for q in str(meta.get("questions") or "").split("\n") if q],
    )
