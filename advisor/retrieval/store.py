"""The Chroma side of the index: one collection of chunks with their vectors.

Only this package knows Chroma. The collection's metadata records which embedding
model built it, so vectors of two models are never mixed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlparse

import numpy as np

from advisor.errors import ConfigError, EmbeddingMismatchError
from advisor.schemas import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from advisor.config import Settings

MODEL_KEY = "embedding_model"
FINGERPRINT_KEY = "corpus_fingerprint"
PAGE = 5000


@dataclass(frozen=True)
class StoredChunk:
    """What ingestion needs to know of a stored chunk without its vector."""

    chunk_id: str
    slot: str


def make_client(settings: Settings) -> ClientAPI:
    """An embedded PersistentClient under data_dir, or an HttpClient for ADVISOR_CHROMA_URL."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise ConfigError(f"ADVISOR_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class ChunkStore:
    """Chunks, their vectors and metadata in one Chroma collection."""

    def __init__(self, client: ClientAPI, name: str, embedding_model: str) -> None:
        self.client = client
        self.name = name
        self.embedding_model = embedding_model
        self._collection: Collection | None = None

    # --- collection lifecycle ---------------------------------------------------------

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            self._collection = self._open()
        return self._collection

    def _open(self) -> Collection:
        collection = self.client.get_or_create_collection(
            self.name,
            metadata={MODEL_KEY: self.embedding_model},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
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
        self._collection = None

    def metadata(self) -> dict[str, Any]:
        return dict(self.collection.metadata or {})

    def set_fingerprint(self, fingerprint: str) -> None:
        meta = self.metadata()
        meta[FINGERPRINT_KEY] = fingerprint
        meta.pop("hnsw:space", None)
        self.collection.modify(metadata=meta)

    def fingerprint(self) -> str | None:
        value = self.metadata().get(FINGERPRINT_KEY)
        return str(value) if value else None

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
                    {"source": c.source, "section": c.section, "phase": c.phase or "", "slot": s}
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
        for ids, metas, docs in self._pages(include=["metadatas", "documents"]):
            for chunk_id, meta, doc in zip(ids, metas, docs, strict=True):
                yield _to_chunk(chunk_id, meta, doc)

    def _pages(self, include: list[str]) -> Iterator[tuple[list[str], list[Any], list[str]]]:
        offset = 0
        while True:
            got = self.collection.get(include=cast(Any, include), limit=PAGE, offset=offset)
            ids = list(got["ids"])
            if not ids:
                return
            metas: list[Any] = list(got.get("metadatas") or [])
            metas += [None] * (len(ids) - len(metas))
            docs = list(got.get("documents") or [""] * len(ids))
            yield ids, metas, docs
            offset += len(ids)

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order asked; unknown ids are skipped."""
        if not ids:
            return []
        got = self.collection.get(ids=list(dict.fromkeys(ids)), include=["metadatas", "documents"])
        found = {
            i: _to_chunk(i, m, d)
            for i, m, d in zip(
                got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True
            )
        }
        return [found[i] for i in ids if i in found]

    def of_source(self, source: str, limit: int = 50) -> list[Chunk]:
        """Every chunk of one knowledge file (at most `limit`), for a section that lists
        items across its sub-sections."""
        got = self.collection.get(
            where={"source": source}, include=["metadatas", "documents"], limit=limit
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

    def _nearest(
        self, vector: np.ndarray, k: int, phase: str | None, include: list[str]
    ) -> Any | None:
        if k <= 0:
            return None
        where = cast(Any, {"phase": phase}) if phase else None
        # No count() first: it costs more than the query itself on a big collection (8 ms
        # at 100k chunks), and Chroma returns fewer hits when it holds fewer than k.
        try:
            return self.collection.query(
                query_embeddings=[vector], n_results=k, where=where, include=cast(Any, include)
            )
        except Exception:
            # A server that refuses n_results above its size, or an empty collection.
            n = min(k, self.count())
            if n == 0:
                return None
            return self.collection.query(
                query_embeddings=[vector], n_results=n, where=where, include=cast(Any, include)
            )


def _to_chunk(chunk_id: str, meta: Any, text: str | None) -> Chunk:
    meta = meta or {}
    return Chunk(
        chunk_id=chunk_id,
        source=str(meta.get("source", "")),
        section=str(meta.get("section", "")),
        phase=meta.get("phase") or None,
        text=text or "",
    )
