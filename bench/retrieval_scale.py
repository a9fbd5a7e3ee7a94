"""Query latency of hybrid retrieval against a raw Chroma vector query, at 1k-100k chunks.

    python bench/retrieval_scale.py [--sizes 1000,10000,100000] [--queries 200]
        [--warmup 30] [--original] [--rebuild] [--json]

For each size N the synthetic index cached under /tmp/advisor-bench/N is used (built by
bench/synthetic_corpus.py when missing, or with --rebuild): chunks in ingest's shape whose
texts recombine the playbook's sentences plus random playbook words (so BM25's vocabulary
stays small and its postings long: a pessimistic case for BM25), whose vectors are real
MiniLM embeddings of 300 base texts plus small gaussian noise (renormalised), inserted
with ChunkStore.upsert; BM25 built with BM25Index.build, saved to KnowledgeIndex.bm25_dir
and the store's fingerprint set, as ingest leaves an index. No N texts are embedded.

The same 30 realistic questions are cycled over --queries queries, after a warm-up,
interleaving the sides query by query (rotating which goes first):
  hybrid:   HybridRetriever(index).search(question, k=5), the query embedding included;
  vector:   embedder.embed([question]) + collection.query(query_embeddings=...,
            n_results=5) on the SAME collection, with the same embedder instance;
  original: (--original) the hybrid algorithm as it was before the optimisation, for a
            before/after measured in the same run.
The hybrid path's parts (query embedding, Chroma query, BM25 search, the collection.get
of the top k's texts, the rest) are timed by wrapping the index's own methods, so the
code measured is the product's. BM25 must load from disk: a rebuild fails the run.
Target: hybrid p50 <= 1.5x vector p50 at 100k.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from synthetic_corpus import (
    CACHE_ROOT,
    QUESTIONS,
    bench_settings,
    build_index,
    percentile,
    timing_lock,
)

from advisor.config import Settings
from advisor.retrieval.bm25 import BM25Index, tokenize
from advisor.retrieval.embeddings import Embedder, MiniLMEmbedder
from advisor.retrieval.expansion import expand
from advisor.retrieval.hybrid import RRF_K, VECTOR_WEIGHT, HybridRetriever
from advisor.retrieval.index import KnowledgeIndex
from advisor.schemas import Chunk

# --- timing ---------------------------------------------------------------------------


class Spans:
    """Wall-clock intervals of the wrapped calls during one query (thread-safe). A call
    made on another thread than the one that created the Spans (a worker of the hybrid
    retriever) is recorded under its name + "@worker"."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: list[tuple[str, float, float]] = []
        self.main = threading.get_ident()

    def wrap(
        self, name: str, fn: Callable[..., Any], skip_empty: bool = False
    ) -> Callable[..., Any]:
        """fn, recording each call's interval as `name` (not when skip_empty and the
        first argument is empty: a call that does nothing)."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            if skip_empty and args and not args[0]:
                return fn(*args, **kwargs)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                t1 = time.perf_counter()
                where = "" if threading.get_ident() == self.main else "@worker"
                with self.lock:
                    self.items.append((name + where, t0, t1))

        return timed

    def take(self) -> list[tuple[str, float, float]]:
        with self.lock:
            items, self.items = self.items, []
        return items


def covered(intervals: Sequence[tuple[float, float]]) -> float:
    """Length of the union of intervals."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


class TimedEmbedder:
    def __init__(self, inner: Embedder, spans: Spans) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.embed = spans.wrap("embed", inner.embed)


def pct(values: Sequence[float], q: float) -> float:
    return percentile(values, q) if values else float("nan")


def original_bm25_search(bm25: BM25Index, query: str, k: int) -> list[tuple[str, float]]:
    """BM25Index.search as it was before the optimisation: argpartition of every score."""
    retriever: Any = bm25._retriever
    tokens = [t for t in tokenize(query) if t in retriever.vocab_dict]
    if not bm25.ids or not tokens:
        return []
    scores = np.asarray(retriever.get_scores(tokens), dtype=np.float32)
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(bm25.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def original_search(
    index: KnowledgeIndex, question: str, parts: dict[str, float], k: int = 5
) -> list[Chunk]:
    """HybridRetriever.search as it was before the optimisation (same fusion), timing its
    parts into `parts`: count() before a Chroma query that returns the texts of all 20
    candidates, BM25 with a full argpartition, a collection.get for the BM25-only hits."""
    store, depth = index.store, 20
    t0 = time.perf_counter()
    vector = index.embedder.embed([question])[0]
    t1 = time.perf_counter()
    n = min(depth, store.count())
    t2 = time.perf_counter()
    vector_hits = store.query(vector, n)
    t3 = time.perf_counter()
    lexical_hits = original_bm25_search(index.bm25(), expand(question), depth)
    t4 = time.perf_counter()
    fused: dict[str, float] = {}
    for rank, (chunk, _) in enumerate(vector_hits):
        fused[chunk.chunk_id] = fused.get(chunk.chunk_id, 0.0) + VECTOR_WEIGHT / (RRF_K + rank + 1)
    for rank, (chunk_id, _) in enumerate(lexical_hits):
        fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
    known = {c.chunk_id: c for c, _ in vector_hits}
    missing = [i for i in best if i not in known]
    t5 = time.perf_counter()
    known.update({c.chunk_id: c for c in store.get(missing)})
    t6 = time.perf_counter()
    parts.update(
        embed=t1 - t0,
        count=t2 - t1,
        chroma=t3 - t1,
        bm25=t4 - t3,
        get=t6 - t5 if missing else 0.0,
        get_called=float(bool(missing)),
    )
    return [known[i].model_copy(update={"score": round(fused[i], 6)}) for i in best]


def measure(
    settings: Settings, embedder: Embedder, queries: int, warmup: int, original: bool
) -> dict[str, Any]:
    load_start = os.getloadavg()[0]
    plain = KnowledgeIndex(settings, embedder)  # unwrapped, for the original algorithm
    spans = Spans()
    index = KnowledgeIndex(settings, TimedEmbedder(embedder, spans))

    def no_rebuild() -> BM25Index:
        raise RuntimeError("the cached BM25 index does not match the store; use --rebuild")

    index.rebuild_bm25 = no_rebuild  # type: ignore[method-assign]
    store = index.store
    store.query = spans.wrap("chroma", store.query)  # type: ignore[method-assign]
    if hasattr(store, "query_ids"):  # the ids-only query of the optimised retriever
        store.query_ids = spans.wrap("chroma", store.query_ids)  # type: ignore[method-assign]
    store.get = spans.wrap("get", store.get, skip_empty=True)  # type: ignore[method-assign]
    store.count = spans.wrap("count", store.count)  # type: ignore[method-assign]
    bm25 = index.bm25()
    bm25.search = spans.wrap("bm25", bm25.search)  # type: ignore[method-assign]
    retriever = HybridRetriever(index)
    collection = store.collection
    include: Any = ["metadatas", "documents", "distances"]

    def hybrid(question: str) -> tuple[float, dict[str, float], int]:
        spans.take()
        t0 = time.perf_counter()
        found = retriever.search(question, k=5)
        total = time.perf_counter() - t0
        items = spans.take()
        parts = {name: sum(b - a for n, a, b in items if n == name) for name in PART_NAMES}
        parts["get_called"] = float(any(n == "get" for n, _, _ in items))
        parts["worker"] = covered([(a, b) for n, a, b in items if n.endswith("@worker")])
        parts["rest"] = total - covered([(a, b) for _, a, b in items])
        return total, parts, len(found)

    def vector(question: str) -> tuple[float, dict[str, float], int]:
        t0 = time.perf_counter()
        vec = embedder.embed([question])[0]
        t1 = time.perf_counter()
        got = collection.query(query_embeddings=[vec], n_results=5, include=include)
        t2 = time.perf_counter()
        return t2 - t0, {"embed": t1 - t0, "chroma": t2 - t1}, len(got["ids"][0])

    def before(question: str) -> tuple[float, dict[str, float], int]:
        parts: dict[str, float] = {}
        t0 = time.perf_counter()
        found = original_search(plain, question, parts)
        total = time.perf_counter() - t0
        parts["rest"] = total - parts["embed"] - parts["chroma"] - parts["bm25"] - parts["get"]
        return total, parts, len(found)

    sides: dict[str, Callable[[str], tuple[float, dict[str, float], int]]] = {
        "hybrid": hybrid,
        "vector": vector,
    }
    if original:
        sides["original"] = before
    for i in range(warmup):
        for run in sides.values():
            run(QUESTIONS[i % len(QUESTIONS)])
    tie_order_only = 0
    if original:  # the optimisation must not change what is found
        for question in QUESTIONS:
            now = [c.model_dump() for c in retriever.search(question, k=5)]
            before_ = [c.model_dump() for c in original_search(plain, question, {})]
            if now == before_:
                continue
            # Allowed only when BM25 ranked equal scores in another order: on a big index
            # the optimised BM25 puts ties in index order, numpy's partition did not.
            new_hits = plain.bm25().search(expand(question), 20)
            old_hits = original_bm25_search(plain.bm25(), expand(question), 20)
            if new_hits == old_hits or [s for _, s in new_hits] != [s for _, s in old_hits]:
                raise RuntimeError(f"optimised and original results differ for {question!r}")
            tie_order_only += 1

    totals: dict[str, list[float]] = {name: [] for name in sides}
    all_parts: dict[str, dict[str, list[float]]] = {name: {} for name in sides}
    names = list(sides)
    for i in range(queries):
        question = QUESTIONS[i % len(QUESTIONS)]
        shift = i % len(names)  # each side goes first, second, ... in turn
        for name in names[shift:] + names[:shift]:
            total, parts, found = sides[name](question)
            if found != 5:
                raise RuntimeError(f"{name}: {found} results for {question!r}")
            totals[name].append(total)
            for part, value in parts.items():
                all_parts[name].setdefault(part, []).append(value)
    h_total, v_total = totals["hybrid"], totals["vector"]
    h_parts, v_parts = all_parts["hybrid"], all_parts["vector"]

    h_noembed = [t - e for t, e in zip(h_total, h_parts["embed"], strict=True)]
    v_noembed = [t - e for t, e in zip(v_total, v_parts["embed"], strict=True)]
    ms = 1000.0
    out: dict[str, Any] = {
        "chunks": store.count(),
        "queries": queries,
        "loadavg_1min": [load_start, os.getloadavg()[0]],
        "hybrid_p50_ms": pct(h_total, 50) * ms,
        "hybrid_p99_ms": pct(h_total, 99) * ms,
        "vector_p50_ms": pct(v_total, 50) * ms,
        "vector_p99_ms": pct(v_total, 99) * ms,
        "hybrid_noembed_p50_ms": pct(h_noembed, 50) * ms,
        "vector_noembed_p50_ms": pct(v_noembed, 50) * ms,
        "hybrid_parts_p50_ms": {k: pct(v, 50) * ms for k, v in h_parts.items()},
        "hybrid_parts_mean_ms": {k: float(np.mean(v)) * ms for k, v in h_parts.items()},
        "vector_parts_p50_ms": {k: pct(v, 50) * ms for k, v in v_parts.items()},
        "vector_parts_mean_ms": {k: float(np.mean(v)) * ms for k, v in v_parts.items()},
        "hybrid_get_rate": float(np.mean(h_parts["get_called"])),
        "hybrid_get_when_called_p50_ms": pct(
            [g for g, c in zip(h_parts["get"], h_parts["get_called"], strict=True) if c], 50
        )
        * ms,
    }
    out["ratio_p50"] = out["hybrid_p50_ms"] / out["vector_p50_ms"]
    out["ratio_p99"] = out["hybrid_p99_ms"] / out["vector_p99_ms"]
    out["ratio_noembed_p50"] = out["hybrid_noembed_p50_ms"] / out["vector_noembed_p50_ms"]
    if original:
        out["original_p50_ms"] = pct(totals["original"], 50) * ms
        out["original_p99_ms"] = pct(totals["original"], 99) * ms
        out["original_ratio_p50"] = out["original_p50_ms"] / out["vector_p50_ms"]
        out["original_same_results"] = len(QUESTIONS) - tie_order_only
        o_parts = all_parts["original"]
        out["original_parts_p50_ms"] = {k: pct(v, 50) * ms for k, v in o_parts.items()}
        out["original_get_rate"] = float(np.mean(o_parts["get_called"]))
        out["original_get_when_called_p50_ms"] = (
            pct([g for g, c in zip(o_parts["get"], o_parts["get_called"], strict=True) if c], 50)
            * ms
        )
    return out


PART_NAMES = ("embed", "chroma", "count", "bm25", "get", "bm25@worker", "get@worker")


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| chunks | hybrid p50 | hybrid p99 | vector p50 | vector p99 | p50 ratio | p99 ratio "
        "| p50 ratio w/o embedding | load avg |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['chunks']:,} | {r['hybrid_p50_ms']:.2f} ms | {r['hybrid_p99_ms']:.2f} ms "
            f"| {r['vector_p50_ms']:.2f} ms | {r['vector_p99_ms']:.2f} ms "
            f"| {r['ratio_p50']:.2f}x | {r['ratio_p99']:.2f}x | {r['ratio_noembed_p50']:.2f}x "
            f"({r['hybrid_noembed_p50_ms']:.2f} / {r['vector_noembed_p50_ms']:.2f} ms) "
            f"| {r['loadavg_1min'][0]:.1f}-{r['loadavg_1min'][1]:.1f} |"
        )
    if any("original_p50_ms" in r for r in results):
        lines += [
            "",
            "Before the optimisation (the original algorithm, timed as a third side in the "
            "same interleaved run). Same top 5: questions whose 5 chunks are identical; any "
            "other differs only in the order BM25 gave equal scores (checked).",
            "",
            "| chunks | original hybrid p50 | p99 | x vector p50 | optimised hybrid p50 "
            "| speed-up | same top 5 |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            if "original_p50_ms" in r:
                lines.append(
                    f"| {r['chunks']:,} | {r['original_p50_ms']:.2f} ms "
                    f"| {r['original_p99_ms']:.2f} ms | {r['original_ratio_p50']:.2f}x "
                    f"| {r['hybrid_p50_ms']:.2f} ms "
                    f"| {r['original_p50_ms'] / r['hybrid_p50_ms']:.2f}x "
                    f"| {r['original_same_results']}/{len(QUESTIONS)} |"
                )
    lines += [
        "",
        "Parts, p50 over the queries (ms). Hybrid: query embedding; Chroma query "
        "(ChunkStore.query_ids, or ChunkStore.query with its collection count for the "
        "original code; depth 20); BM25 search; the collection.get of the top k's texts "
        "(p50 of the queries that made one, and how many did); the rest (fusion, copies: "
        "wall time no timed call covers). Vector: embedding; collection.query(n_results=5).",
        "",
        "| chunks | hybrid: embed | Chroma query | of which count | BM25 | get "
        "| rest | vector: embed | Chroma query |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        v = r["vector_parts_p50_ms"]
        rows = [("", r["hybrid_parts_p50_ms"], "hybrid")]
        if "original_parts_p50_ms" in r:
            rows.append((" (original)", r["original_parts_p50_ms"], "original"))
        for label, h, side in rows:
            bm25 = h["bm25"] + h.get("bm25@worker", 0.0)  # a retriever that threads BM25
            lines.append(
                f"| {r['chunks']:,}{label} | {h['embed']:.2f} | {h['chroma']:.2f} "
                f"| {h['count']:.2f} | {bm25:.2f} | {r[side + '_get_when_called_p50_ms']:.2f} "
                f"({r[side + '_get_rate']:.0%}) | {h['rest']:.2f} "
                f"| {v['embed']:.2f} | {v['chroma']:.2f} |"
            )
    return "\n".join(lines)


TARGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per side")
    parser.add_argument("--warmup", type=int, default=30, help="untimed queries per side")
    parser.add_argument("--rebuild", action="store_true", help="build the indexes again")
    parser.add_argument(
        "--original",
        action="store_true",
        help="also time the pre-optimisation hybrid algorithm (a third interleaved side)",
    )
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    embedder = MiniLMEmbedder()
    embedder.embed(["warm up"])
    results = []
    for n in sizes:
        data, knowledge, info = build_index(n, embedder, rebuild=args.rebuild)
        with timing_lock():  # never time while another benchmark of ours runs
            result = measure(
                bench_settings(data, knowledge), embedder, args.queries, args.warmup, args.original
            )
        result["build"] = info
        results.append(result)
    env = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "cores": len(os.sched_getaffinity(0)),
        "embedder_threads": embedder.threads,
        "loadavg_at_end": os.getloadavg(),
        "cache": str(CACHE_ROOT),
    }
    print(
        f"{args.queries} queries per side and size ({len(QUESTIONS)} questions cycled, "
        f"{args.warmup} warm-up), k=5, interleaved; {env['cores']} cores, "
        f"load average at end {env['loadavg_at_end'][0]:.2f}"
    )
    print()
    print(markdown(results))
    print()
    for r in results:
        b = r["build"]
        print(
            f"- {r['chunks']:,} chunks: upsert {b.get('upsert_s')} s, "
            f"BM25 build+save {b.get('bm25_build_save_s')} s (when the cache was built)"
        )
    last = results[-1]
    verdict = "met" if last["ratio_p50"] <= TARGET else "MISSED"
    print(
        f"\nhybrid p50 / vector p50 at {last['chunks']:,} chunks = {last['ratio_p50']:.2f} "
        f"(target <= {TARGET}: {verdict}); without the query embedding "
        f"{last['ratio_noembed_p50']:.2f}"
    )
    if args.json:
        print(json.dumps({"env": env, "target": TARGET, "results": results}))


if __name__ == "__main__":
    main()
