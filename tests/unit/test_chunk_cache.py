"""The chunk cache asks the store only for what it has not read under the generation
served, and forgets everything when the generation changes."""

from __future__ import annotations

from advisor.retrieval.chunk_cache import ChunkCache
from advisor.schemas import Chunk


def chunk(n: int) -> Chunk:
    return Chunk(chunk_id=f"c{n}", source="s.md", section="S", phase=None, text=f"text {n}")


class Store:
    def __init__(self, known: range) -> None:
        self.known = {f"c{n}": chunk(n) for n in known}
        self.asked: list[list[str]] = []

    def fetch(self, ids: list[str]) -> list[Chunk]:
        self.asked.append(ids)
        return [self.known[i] for i in ids if i in self.known]


def test_hits_are_not_fetched_again_and_order_is_kept() -> None:
    store, cache = Store(range(10)), ChunkCache()
    assert [c.chunk_id for c in cache.get("g1", ["c3", "c1", "c3"], store.fetch)] == [
        "c3",
        "c1",
        "c3",
    ]
    assert [c.chunk_id for c in cache.get("g1", ["c1", "c99", "c2"], store.fetch)] == ["c1", "c2"]
    assert store.asked == [["c3", "c1"], ["c99", "c2"]]


def test_a_new_generation_is_read_afresh() -> None:
    store, cache = Store(range(3)), ChunkCache()
    cache.get("g1", ["c1"], store.fetch)
    del store.known["c1"]  # the new generation no longer has it
    assert cache.get("g2", ["c1"], store.fetch) == []
    assert store.asked == [["c1"], ["c1"]]


def test_the_cache_is_bounded() -> None:
    store, cache = Store(range(100)), ChunkCache(capacity=10)
    cache.get("g", [f"c{n}" for n in range(50)], store.fetch)
    store.asked.clear()
    cache.get("g", ["c49", "c0"], store.fetch)
    assert store.asked == [["c0"]]  # the latest ten are kept, the oldest went
