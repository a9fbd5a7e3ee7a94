"""Embedding throughput of the local MiniLM model: padding to the longest text of each
batch (what MiniLMEmbedder does) against padding every text to 256 tokens (what Chroma's
default ONNX embedder does). Same texts, same session, same batch size.

    python bench/embedding_throughput.py [N] [--batch-size 32] [--threads T] [--repeat 3]
        [--knowledge DIR]

Texts are N chunk-like passages of 20-220 words (seeded, so runs are comparable), or
the paragraphs of the .md/.txt files under --knowledge, cycled to N.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from advisor.retrieval.embeddings import MINILM_MAX_TOKENS, MiniLMEmbedder, _forward

_SOURCE = (
    "Most AI pilots never reach production because they start without a business owner, "
    "clear success metrics or data that is ready for use. A roadmap fixes this in five "
    "phases: discovery and strategic planning, pilot development and validation, "
    "infrastructure and scalability planning, production deployment, and optimization and "
    "expansion. Leadership sets priorities, funds the work and removes blockers. Governance "
    "covers model risk, bias, privacy, security and compliance, with monitoring for drift, "
    "latency and cost once models serve real users. Teams need training and change "
    "management so that employees adopt the new systems and trust their outputs."
).split()


def synthetic_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        length = rng.randint(20, 220)
        start = rng.randrange(len(_SOURCE))
        words = [_SOURCE[(start + i) % len(_SOURCE)] for i in range(length)]
        texts.append(" ".join(words))
    return texts


def knowledge_texts(root: Path, n: int) -> list[str]:
    paragraphs = [
        block.strip()
        for path in sorted([*root.rglob("*.md"), *root.rglob("*.txt")])
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if len(block.split()) >= 5
    ]
    if not paragraphs:
        raise SystemExit(f"no paragraphs under {root}")
    return [paragraphs[i % len(paragraphs)] for i in range(n)]


def best_of(repeat: int, run: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    best, result = float("inf"), np.empty(0)
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=512, help="number of texts")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs per mode")
    parser.add_argument("--knowledge", type=Path, default=None)
    args = parser.parse_args()

    texts = knowledge_texts(args.knowledge, args.n) if args.knowledge else synthetic_texts(args.n)
    embedder = MiniLMEmbedder(batch_size=args.batch_size, threads=args.threads)
    embedder.embed(texts[: args.batch_size])  # load the session and warm up
    session, _ = embedder._resources()
    encodings = embedder.tokenize(texts)
    lengths = np.array([len(e.ids) for e in encodings])
    bs = args.batch_size

    def fixed_256() -> np.ndarray:
        parts = [
            _forward(session, encodings[i : i + bs], length=MINILM_MAX_TOKENS)
            for i in range(0, len(encodings), bs)
        ]
        return np.vstack(parts)

    def longest_unsorted() -> np.ndarray:
        parts = [_forward(session, encodings[i : i + bs]) for i in range(0, len(encodings), bs)]
        return np.vstack(parts)

    def longest_sorted() -> np.ndarray:  # the real path, tokenization included
        return embedder.embed(texts)

    print(
        f"{len(texts)} texts, tokens/text min {lengths.min()} median {int(np.median(lengths))} "
        f"max {lengths.max()}, batch {bs}, intra-op threads {embedder.threads}, "
        f"best of {args.repeat}"
    )
    results = {}
    for label, run in [
        ("padded to 256 (Chroma default)", fixed_256),
        ("padded to longest, input order", longest_unsorted),
        ("padded to longest, length-sorted (MiniLMEmbedder.embed)", longest_sorted),
    ]:
        seconds, vectors = best_of(args.repeat, run)
        results[label] = vectors
        print(f"  {label:58s} {len(texts) / seconds:8.1f} chunks/s  ({seconds:.2f} s)")
    reference = results["padded to 256 (Chroma default)"]
    for label, vectors in results.items():
        cosine = np.sum(reference * vectors, axis=1)
        print(f"  min cosine vs padded-to-256: {cosine.min():.6f}  [{label}]")


if __name__ == "__main__":
    main()
