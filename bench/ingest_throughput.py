"""Ingestion throughput against the raw embedding throughput of the same model.

    python bench/ingest_throughput.py [--chunks 600] [--repeat 3] [--what-if] [--json]

Writes a synthetic knowledge dir (markdown documents whose sections recombine the real
playbook's sentences, one chunk per section) to a temp dir, then, R times, interleaved:
  - raw: MiniLMEmbedder.embed() of every chunk's indexed_text (heading + text), the
    exact texts ingest embeds, in one call (the embedder sorts all of them by length);
  - raw/64: the same texts in ingest's (document) order, 64 per embed() call, as
    ingest's EMBED_BATCH cuts them;
  - raw/64 sorted: the same texts sorted by length first, then 64 per embed() call;
  - ingest: advisor.knowledge.ingest.ingest() into a fresh embedded index (read, chunk,
    embed, upsert into Chroma, build and save BM25, write the manifest);
  - no-op: a second ingest() of the same, unchanged corpus into that index;
  - with --what-if: ingest() into another fresh index with the chunks handed to it in
    length order (chunk_documents patched in this process; ingest.py is not changed):
    what ingest would do if it sorted the new chunks by length before batching them;
    and the same with 256 chunks per embed() call (EMBED_BATCH patched likewise).
One embedder instance serves all of them, warmed up first. For each, the best of R of
both wall-clock time and process CPU time (all threads: onnxruntime's, Chroma's) is
reported. On a machine shared with other busy processes the wall clock swings by 2x
from run to run while CPU time stays within ~10%, so the ratios are given for both.
Target: ingest >= 0.9x raw embedding throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from synthetic_corpus import (
    bench_settings,
    count_chunks,
    markdown_table,
    timing_lock,
    write_knowledge_dir,
)

import advisor.knowledge.ingest as ingest_module
from advisor.knowledge.ingest import EMBED_BATCH, ingest
from advisor.retrieval.embeddings import MiniLMEmbedder
from advisor.retrieval.index import KnowledgeIndex, indexed_text

TARGET = 0.9


class Clock:
    """Adds up wall-clock and process CPU seconds of the calls it wraps."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu

        return timed


class TimedEmbedder:
    """Delegates to an embedder, timing embed()."""

    def __init__(self, inner: MiniLMEmbedder, clock: Clock) -> None:
        self.name = inner.name
        self.dim = inner.dim
        self.embed: Callable[[Sequence[str]], np.ndarray] = clock(inner.embed)


def measure(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result)."""
    clock = Clock()
    result = clock(fn)()
    return clock.wall, clock.cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=600, help="chunks in the corpus")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs")
    parser.add_argument("--batch-size", type=int, default=32, help="MiniLMEmbedder batch")
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime threads")
    parser.add_argument("--what-if", action="store_true", help="also ingest in length order")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="advisor-ingest-bench-"))
    knowledge = tmp / "knowledge"
    write_knowledge_dir(knowledge, args.chunks)
    chunks = count_chunks(knowledge)
    texts = [indexed_text(c) for c in chunks]
    by_length = sorted(texts, key=len)
    n = len(chunks)
    documents = len(list(knowledge.glob("*.md")))
    print(
        f"{documents} documents, {n} chunks, indexed text {np.mean([len(t) for t in texts]):.0f}"
        f" chars on average; {os.cpu_count()} cores",
        flush=True,
    )
    embedder = MiniLMEmbedder(batch_size=args.batch_size, threads=args.threads)
    embedder.embed(texts[:64])  # build the ONNX session, warm up
    import chromadb  # noqa: F401  (its import is start-up, not ingestion throughput)

    def raw() -> None:
        embedder.embed(texts)

    def raw64() -> None:
        for start in range(0, n, EMBED_BATCH):
            embedder.embed(texts[start : start + EMBED_BATCH])

    def raw64sorted() -> None:
        for start in range(0, n, EMBED_BATCH):
            embedder.embed(by_length[start : start + EMBED_BATCH])

    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    parts: list[dict[str, float]] = []
    load = [os.getloadavg()[0]]

    def record(name: str, w: float, c: float) -> None:
        wall.setdefault(name, []).append(w)
        cpu.setdefault(name, []).append(c)

    lock = timing_lock()
    lock.acquire()  # no other benchmark times anything meanwhile
    try:
        for r in range(args.repeat):
            for name, fn in (("raw", raw), ("raw64", raw64), ("raw64sorted", raw64sorted)):
                w, c, _ = measure(fn)
                record(name, w, c)

            embed_clock, upsert_clock = Clock(), Clock()
            index = KnowledgeIndex(
                bench_settings(tmp / f"data-{r}", knowledge),
                TimedEmbedder(embedder, embed_clock),  # type: ignore[arg-type]
            )
            index.store.upsert = upsert_clock(index.store.upsert)  # type: ignore[method-assign]
            w, c, summary = measure(lambda index=index: ingest(index))
            assert summary.added == n, summary
            record("ingest", w, c)
            parts.append(
                {
                    "embed_wall": embed_clock.wall,
                    "embed_cpu": embed_clock.cpu,
                    "upsert_wall": upsert_clock.wall,
                    "upsert_cpu": upsert_clock.cpu,
                    "other_wall": w - embed_clock.wall - upsert_clock.wall,
                    "other_cpu": c - embed_clock.cpu - upsert_clock.cpu,
                }
            )
            w, c, summary = measure(lambda index=index: ingest(index))
            assert summary.unchanged == n and summary.added == 0, summary
            record("noop", w, c)
            shutil.rmtree(tmp / f"data-{r}", ignore_errors=True)

            for name, batch in (("ingest_sorted", EMBED_BATCH), ("ingest_sorted256", 256)):
                if not args.what_if:
                    break
                index = KnowledgeIndex(bench_settings(tmp / f"{name}-{r}", knowledge), embedder)
                real = ingest_module.chunk_documents
                ingest_module.chunk_documents = lambda docs, _real=real: sorted(  # type: ignore[assignment]
                    _real(docs), key=lambda chunk: len(indexed_text(chunk))
                )
                ingest_module.EMBED_BATCH = batch  # type: ignore[misc]
                try:
                    w, c, summary = measure(lambda index=index: ingest(index))
                finally:
                    ingest_module.chunk_documents = real
                    ingest_module.EMBED_BATCH = EMBED_BATCH  # type: ignore[misc]
                assert summary.added == n, summary
                record(name, w, c)
                shutil.rmtree(tmp / f"{name}-{r}", ignore_errors=True)
            load.append(os.getloadavg()[0])
            print(
                f"run {r + 1}: "
                + ", ".join(f"{k} {wall[k][-1]:.2f}s ({cpu[k][-1]:.2f} CPU s)" for k in wall)
                + f"; load average {load[-1]:.1f}",
                flush=True,
            )
    finally:
        lock.release()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    best_wall = {k: min(v) for k, v in wall.items()}
    best_cpu = {k: min(v) for k, v in cpu.items()}
    labels = {
        "raw": "raw embed, one call",
        "raw64": f"raw embed, {EMBED_BATCH} per call in document order",
        "raw64sorted": f"raw embed, {EMBED_BATCH} per call in length order",
        "ingest": "**ingest, fresh index**",
        "ingest_sorted": f"what-if: ingest, chunks in length order, {EMBED_BATCH} per call",
        "ingest_sorted256": "what-if: ingest, chunks in length order, 256 per call",
    }
    rows = []
    for key, label in labels.items():
        if key not in best_wall:
            continue
        rows.append(
            [
                label,
                f"{best_wall[key]:.2f}",
                f"{n / best_wall[key]:.1f}",
                f"{best_wall['raw'] / best_wall[key]:.2f}",
                f"{best_cpu[key]:.2f}",
                f"{n / best_cpu[key]:.1f}",
                f"{best_cpu['raw'] / best_cpu[key]:.2f}",
            ]
        )
        if key == "ingest":
            i = wall["ingest"].index(best_wall["ingest"])
            for part, what in (
                ("embed", "embed()"),
                ("upsert", "Chroma upsert"),
                ("other", "read, chunk, BM25, manifest"),
            ):
                p = parts[i]
                rows.append(
                    [
                        f"  of which {what}",
                        f"{p[part + '_wall']:.2f}",
                        "",
                        "",
                        f"{p[part + '_cpu']:.2f}",
                        "",
                        "",
                    ]
                )
    rows.append(
        [
            "no-op re-ingest (nothing changed)",
            f"{best_wall['noop']:.3f}",
            "",
            "",
            f"{best_cpu['noop']:.3f}",
            "",
            "",
        ]
    )
    ratio_wall = best_wall["raw"] / best_wall["ingest"]
    ratio_cpu = best_cpu["raw"] / best_cpu["ingest"]
    print()
    print(
        f"{n} chunks, best of {args.repeat}; load average (1 min) during the runs "
        f"{min(load):.1f}-{max(load):.1f} on {os.cpu_count()} cores"
    )
    print()
    print(
        markdown_table(
            ["step", "wall s", "chunks/s", "x raw", "CPU s", "chunks/CPU s", "x raw (CPU)"],
            rows,
        )
    )
    print()
    for what, ratio in (("wall clock", ratio_wall), ("CPU time", ratio_cpu)):
        verdict = "met" if ratio >= TARGET else "MISSED"
        print(f"ingest / raw embedding throughput ({what}) = {ratio:.2f} (>= {TARGET}: {verdict})")
    if args.json:
        print(
            json.dumps(
                {
                    "chunks": n,
                    "repeat": args.repeat,
                    "wall_s": wall,
                    "cpu_s": cpu,
                    "ingest_parts": parts,
                    "ratio_wall": ratio_wall,
                    "ratio_cpu": ratio_cpu,
                    "target": TARGET,
                    "load_average": load,
                }
            )
        )


if __name__ == "__main__":
    main()
