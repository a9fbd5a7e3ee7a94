"""The knowledge index: the Chroma store, the BM25 side and the embedder, opened together."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from advisor.errors import ConfigError
from advisor.retrieval.bm25 import BM25Index
from advisor.retrieval.store import ChunkStore
from advisor.schemas import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from advisor.config import Settings
    from advisor.retrieval.embeddings import Embedder


def make_client(settings: Settings) -> ClientAPI:
    """An embedded PersistentClient under data_dir, or an HttpClient for ADVISOR_CHROMA_URL."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            # The value is not repeated: a URL may carry credentials.
            raise ConfigError("ADVISOR_CHROMA_URL is not a URL with a host")
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def indexed_text(chunk: Chunk) -> str:
    """What gets embedded and scored: the chunk's own heading, the questions it answers
    (front matter `answers`), then its text. The heading often names the topic ("Gradual
    rollout") that the body only describes; the questions carry the words users ask in."""
    heading = chunk.section.rsplit(" > ", 1)[-1]
    return "\n".join([heading, chunk.text, *chunk.questions])


class KnowledgeIndex:
    """Everything search and ingestion share. Cheap to construct; opens lazily.

    A long-running reader (the server) follows the index other processes write: the
    store reopens its collection on a new generation, and the BM25 side is reloaded
    for it (docs/architecture.md, "A running server and a new index")."""

    def __init__(
        self, settings: Settings, embedder: Embedder, client: ClientAPI | None = None
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = ChunkStore(client or make_client(settings), settings.collection, embedder.name)
        self._bm25: BM25Index | None = None
        self._bm25_generation = ""
        self._bm25_lock = threading.Lock()

    @property
    def bm25_dir(self) -> Path:
        # A server-backed collection gets its own lexical index, keyed by where it lives.
        where = self.settings.chroma_url or "embedded"
        key = hashlib.sha256(f"{where}|{self.settings.collection}".encode()).hexdigest()[:10]
        return self.settings.data_dir / "bm25" / f"{self.settings.collection}-{key}"

    def bm25(self) -> BM25Index:
        """The lexical index matching the store: loaded again when the store's generation
        changed, rebuilt from the store when the saved one lags behind. Raises
        IndexUnavailable while the index is being rebuilt."""
        generation = self.store.generation()
        with self._bm25_lock:
            current = self._bm25
            if current is None or self._bm25_generation != generation:
                current = BM25Index.load(self.bm25_dir)
                wanted = self.store.fingerprint()
                if current is None or wanted is None or current.fingerprint != wanted:
                    current = self.rebuild_bm25()
                self.use_bm25(current, generation)
            return current

    def use_bm25(self, index: BM25Index, generation: str) -> None:
        """Serve `index` for `generation` (an ingest built it, or it was just loaded)."""
        self._bm25, self._bm25_generation = index, generation

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
