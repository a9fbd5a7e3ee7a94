"""Chunks already fetched, kept per index generation: a roadmap asks the store for the
same few dozen chunks a dozen times, and against a Chroma server each ask is a request.
A chunk id names its content (document id + content hash), so a cached chunk is right
for as long as the generation it was read under is the one served."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from advisor.schemas import Chunk

MAX_CACHED_CHUNKS = 4096


class ChunkCache:
    def __init__(self, capacity: int = MAX_CACHED_CHUNKS) -> None:
        self.capacity = capacity
        self._chunks: OrderedDict[str, Chunk] = OrderedDict()
        self._generation = ""
        self._lock = threading.Lock()

    def get(
        self, generation: str, ids: Sequence[str], fetch: Callable[[list[str]], list[Chunk]]
    ) -> list[Chunk]:
        """The chunks with these ids, in the order asked (unknown ids skipped), fetching
        only those not cached for this generation."""
        with self._lock:
            if generation != self._generation:
                self._chunks.clear()
                self._generation = generation
            missing = [i for i in dict.fromkeys(ids) if i not in self._chunks]
        fetched = fetch(missing) if missing else []
        with self._lock:
            found = {i: self._chunks[i] for i in ids if i in self._chunks}
            if generation == self._generation:
                for chunk in fetched:
                    self._chunks[chunk.chunk_id] = chunk
                for i in found:
                    self._chunks.move_to_end(i)
                while len(self._chunks) > self.capacity:
                    self._chunks.popitem(last=False)
        found |= {c.chunk_id: c for c in fetched}
        return [found[i] for i in ids if i in found]
