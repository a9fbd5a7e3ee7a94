"""Incremental ingestion of knowledge directories into the index.

Unchanged chunks keep their ids and are never re-embedded; changed ones are
replaced, removed ones deleted. Every input is read and validated before the
store is touched, so bad input never costs what is already indexed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from advisor.config import Settings
from advisor.errors import IndexLockedError
from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import knowledge_files, load_documents
from advisor.knowledge.screening import screen_chunks
from advisor.retrieval.bm25 import BM25Index
from advisor.retrieval.generation import new_generation
from advisor.retrieval.index import KnowledgeIndex, indexed_text
from advisor.schemas import Chunk, IngestSummary

if TYPE_CHECKING:
    from advisor.storage.locks import AdvisoryLock

Progress = Callable[[int, int], None]
# The embedder sorts by length within a call and pads each 32-row batch to its longest
# text, so big calls over length-sorted chunks pad least (see docs/benchmarks.md).
EMBED_BATCH = 512
MANIFEST = "manifest.json"
# How long `advisor serve` waits at start for an ingest that holds the writer lock, and
# how often it says it is still waiting.
WRITER_WAIT_S = 120.0
WRITER_WAIT_REPORT_S = 10.0


def slots_of(chunks: Sequence[Chunk]) -> list[str]:
    """Where each chunk sits (source, section, position): a changed chunk keeps its slot."""
    seen: dict[tuple[str, str], int] = {}
    slots = []
    for chunk in chunks:
        key = (chunk.source, chunk.section)
        seen[key] = seen.get(key, 0) + 1
        slots.append(f"{chunk.source}|{chunk.section}|{seen[key]}")
    return slots


def writer_lock(settings: Settings) -> FileLock | AdvisoryLock:
    """The lock of the index's one writer. With a PostgreSQL database every replica
    takes the same advisory lock (per collection); else a file in the data dir, which
    the processes of one machine share."""
    url = settings.database_url.get_secret_value() if settings.database_url else ""
    if url.startswith("postgresql"):
        # Imported here: SQLAlchemy is not needed by a process on the embedded defaults.
        from advisor.storage.locks import AdvisoryLock

        return AdvisoryLock(url, f"advisor-ingest:{settings.collection}", timeout=0)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.data_dir / "index.lock"), timeout=0)


def wait_for_writer(settings: Settings, waiting: Callable[[float], None] | None = None) -> None:
    """Return once no process holds the writer lock, calling `waiting(seconds waited)`
    now and then meanwhile; after WRITER_WAIT_S, raise IndexLockedError."""
    data_dir = settings.data_dir
    lock = writer_lock(settings)
    started = time.monotonic()
    timeout = 0.0
    while True:
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            waited = time.monotonic() - started
            if waited >= WRITER_WAIT_S:
                raise IndexLockedError(
                    f"another process is still writing to the index in {data_dir} after "
                    f"{WRITER_WAIT_S:.0f} s; start again when it has finished"
                ) from None
            if waiting is not None:
                waiting(waited)
            timeout = min(WRITER_WAIT_REPORT_S, WRITER_WAIT_S - waited)
            continue
        lock.release()
        return


def ingest(
    index: KnowledgeIndex,
    dirs: Sequence[Path] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestSummary:
    """Bring the index in line with the knowledge directories; returns what changed."""
    settings = index.settings
    explicit = dirs is not None
    dirs = [Path(d) for d in (dirs if dirs is not None else settings.knowledge_dirs)]
    lock = writer_lock(settings)
    try:
        lock.acquire()
    except Timeout:
        where = settings.data_dir if isinstance(lock, FileLock) else "the shared store"
        raise IndexLockedError(
            f"another process is writing to the index in {where}; "
            "wait for it to finish and try again"
        ) from None
    try:
        # Read and chunk everything first: a bad file fails here, before any write.
        documents = load_documents(dirs)
        chunks = chunk_documents(documents)
        stats = _file_stats(dirs)
        return _apply(
            index,
            dirs,
            explicit,
            documents_count=len(documents),
            chunks=chunks,
            stats=stats,
            rebuild=rebuild,
            progress=progress,
        )
    finally:
        lock.release()


def _apply(
    index: KnowledgeIndex,
    dirs: list[Path],
    explicit: bool,
    *,
    documents_count: int,
    chunks: list[Chunk],
    stats: dict[str, list[int]],
    rebuild: bool,
    progress: Progress | None,
) -> IngestSummary:
    store = index.store
    if rebuild:
        begin_rebuild(index)
    slots = slots_of(chunks)
    stored = {s.chunk_id: s.slot for s in store.stored()}
    wanted = {c.chunk_id for c in chunks}

    new = [(c, s) for c, s in zip(chunks, slots, strict=True) if c.chunk_id not in stored]
    gone = [i for i in stored if i not in wanted]
    gone_slots = {stored[i] for i in gone}
    updated = sum(1 for _, s in new if s in gone_slots)
    new.sort(key=lambda item: len(indexed_text(item[0])))

    total = len(new)
    if progress:
        progress(0, total)
    for start in range(0, total, EMBED_BATCH):
        part = new[start : start + EMBED_BATCH]
        vectors = index.embedder.embed([indexed_text(c) for c, _ in part])
        store.upsert([c for c, _ in part], [s for _, s in part], vectors)
        if progress:
            progress(start + len(part), total)
    store.delete(gone)

    bm25 = BM25Index.build([(c.chunk_id, indexed_text(c), c.phase) for c in chunks])
    changed = rebuild or bool(new or gone) or store.fingerprint() != bm25.fingerprint
    generation = publish(index, bm25, changed)
    write_manifest(
        index.settings.data_dir, dirs, explicit, stats, store.embedding_model, generation
    )
    return IngestSummary(
        documents=documents_count,
        chunks=len(chunks),
        added=len(new) - updated,
        updated=updated,
        removed=len(gone) - updated,
        unchanged=len(chunks) - len(new),
        flagged=screen_chunks(chunks),
    )


# --- generations: how readers in other processes learn that the index changed ----------


def begin_rebuild(index: KnowledgeIndex) -> None:
    """Drop the manifest, then the collection (its successor is marked as building):
    a rebuild that dies half-way leaves an index that every check calls stale and that
    readers refuse, never one that looks complete."""
    (index.settings.data_dir / MANIFEST).unlink(missing_ok=True)
    index.store.begin_rebuild()


def publish(index: KnowledgeIndex, bm25: BM25Index, changed: bool) -> str:
    """Serve `bm25` here and, when the index changed, record a new generation that every
    reader notices (it reopens the store and reloads BM25); returns the generation."""
    if not changed:
        generation = index.store.generation()
    else:
        bm25.save(index.bm25_dir)  # first: a reader that sees the generation finds it
        generation = new_generation()
        index.store.record(bm25.fingerprint, generation)
    index.use_bm25(bm25, generation)
    return generation


# --- staleness: is the index behind the knowledge files? --------------------------------


def _file_stats(dirs: Sequence[Path]) -> dict[str, list[int]]:
    stats = {}
    for _, path in knowledge_files(dirs):
        st = path.stat()
        stats[str(path.resolve())] = [st.st_mtime_ns, st.st_size]
    return stats


def write_manifest(
    data_dir: Path,
    dirs: Sequence[Path],
    explicit: bool,
    stats: dict[str, list[int]],
    model: str,
    generation: str = "",
) -> None:
    manifest = {
        "dirs": [str(d.resolve()) for d in dirs],
        "explicit": explicit,
        "files": stats,
        "embedding_model": model,
        "generation": generation,
    }
    tmp = data_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest))
    tmp.replace(data_dir / MANIFEST)


def read_manifest(data_dir: Path) -> dict[str, object] | None:
    try:
        data = json.loads((data_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ensure_index(index: KnowledgeIndex, progress: Progress | None = None) -> IngestSummary | None:
    """Ingest when the index is empty or its knowledge files changed; else do nothing.

    Dirs given explicitly to `advisor ingest --path` stay the indexed set until the
    next explicit ingest, so a later search does not silently swap them out.
    """
    settings = index.settings
    manifest = read_manifest(settings.data_dir)
    if manifest is None and settings.chroma_url and index.store.count() > 0:
        # A replica joining a shared index serves it as it is, whatever knowledge files
        # its own machine holds: only `advisor ingest` changes a shared index.
        return None
    dirs: list[Path] = [Path(d) for d in settings.knowledge_dirs]
    if manifest and manifest.get("explicit"):
        dirs = [Path(str(d)) for d in manifest.get("dirs", [])]  # type: ignore[attr-defined]
    fresh = (
        manifest is not None
        and manifest.get("dirs") == [str(d.resolve()) for d in dirs]
        and manifest.get("embedding_model") == index.embedder.name
        and manifest.get("files") == _safe_stats(dirs)
        and index.store.count() > 0
    )
    if fresh:
        return None
    return ingest(index, dirs if manifest and manifest.get("explicit") else None, progress=progress)


def _safe_stats(dirs: Sequence[Path]) -> dict[str, list[int]] | None:
    try:
        return _file_stats(dirs)
    except Exception:  # let the real ingest report what is wrong with the files
        return None
