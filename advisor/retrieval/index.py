"""The knowledge index: the Chroma store, the BM25 side and the embedder, opened together."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.retrieval.bm25 import BM25Index
from advisor.retrieval.store import ChunkStore, make_client
from advisor.schemas import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from advisor.config import Settings
    from advisor.retrieval.embeddings import Embedder


def indexed_text(chunk: Chunk) -> str:
    """What gets embedded and scored: the chunk's own heading, then its text. The heading
    often names the topic ("Gradual rollout") that the body only describes."""
    heading = chunk.section.rsplit(" > ", 1)[-1]
    return f"{heading}\n{chunk.text}"


class KnowledgeIndex:
    """Everything search and ingestion share. Cheap to construct; opens lazily."""

    def __init__(
        self, settings: Settings, embedder: Embedder, client: ClientAPI | None = None
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = ChunkStore(client or make_client(settings), settings.collection, embedder.name)
        self._bm25: BM25Index | None = None

    @property
    def bm25_dir(self) -> Path:
        # A server-backed collection gets its own lexical index, keyed by where it lives.
        where = self.settings.chroma_url or "embedded"
        key = hashlib.sha256(f"{where}|{self.settings.collection}".encode()).hexdigest()[:10]
        return self.settings.data_dir / "bm25" / f"{self.settings.collection}-{key}"

    def bm25(self) -> BM25Index:
        """The lexical index matching the store; rebuilt from the store when it lags behind."""
        if self._bm25 is None:
            loaded = BM25Index.load(self.bm25_dir)
            wanted = self.store.fingerprint()
            if loaded is None or wanted is None or loaded.fingerprint != wanted:
                loaded = self.rebuild_bm25()
            self._bm25 = loaded
        return self._bm25

    def rebuild_bm25(self) -> BM25Index:
        entries = [(c.chunk_id, indexed_text(c), c.phase) for c in self.store.all_chunks()]
        index = BM25Index.build(entries)
        index.save(self.bm25_dir)
        self.store.set_fingerprint(index.fingerprint)
        self._bm25 = index
        return index


def open_index(settings: Settings) -> KnowledgeIndex:
    """The index as configured: the configured embedder and the embedded or server store."""
    from advisor.retrieval.embeddings import make_embedder

    return KnowledgeIndex(settings, make_embedder(settings))
