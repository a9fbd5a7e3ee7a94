"""How fast a company description is read, and an offline roadmap drafted, warm.

    python bench/company_reading.py [--repeat 30] [--json]

1. profile reading (advisor.company.read_company with the shipped embedder) on
   descriptions of about 2,000 and 20,000 characters, built from the labelled eval
   descriptions (evals/cases/companies.yaml) joined until they reach the size, and on
   hostile inputs of 20,000 characters (one run of digits, a 4,301-digit number, one
   sentence with no full stop, a repeated goal marker) that must stay linear;
2. an offline roadmap end to end (Advisor.roadmap: reading, retrieval, composing,
   verification) on the eval descriptions, warm, in a temporary data dir.

Targets (issue "Company understanding"): reading p50 <= 20 ms at 2,000 characters and
<= 100 ms at 20,000; roadmap p50 <= 300 ms. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _descriptions() -> list[str]:
    cases = yaml.safe_load((ROOT / "evals/cases/companies.yaml").read_text(encoding="utf-8"))
    return [str(c["description"]) for c in cases]


def _sized(texts: list[str], size: int, offset: int) -> str:
    out: list[str] = []
    i = offset
    while sum(len(t) + 2 for t in out) < size:
        out.append(texts[i % len(texts)])
        i += 1
    return "\n\n".join(out)[:size]


def _timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    fn()  # warm: caches, prototype vectors, gazetteers
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000.0)
    runs.sort()
    return {
        "p50_ms": round(statistics.median(runs), 2),
        "p95_ms": round(runs[max(0, int(len(runs) * 0.95) - 1)], 2),
        "max_ms": round(runs[-1], 2),
    }


def reading(repeat: int) -> dict[str, Any]:
    from advisor.company import read_company
    from advisor.retrieval.embeddings import shipped_embedder

    embedder = shipped_embedder()
    texts = _descriptions()
    out: dict[str, Any] = {}
    for size in (2_000, 20_000):
        samples = [_sized(texts, size, i * 7) for i in range(5)]
        counter = iter(range(10**9))
        out[f"read {size:,} chars"] = _timed(
            lambda s=samples, c=counter: read_company(s[next(c) % len(s)], embedder), repeat
        )
    hostile = {
        "20,000 digits": "1" * 20_000,
        "4,301-digit head count": "We have " + "9" * 4301 + " employees.",
        "no full stop": ("we want to automate the " + "invoice and " * 2000)[:20_000],
        "repeated marker": ("We want to " * 2000)[:20_000],
    }
    for name, text in hostile.items():
        out[f"hostile: {name}"] = _timed(
            lambda t=text: read_company(t, embedder), max(5, repeat // 3)
        )
    return out


def roadmap(repeat: int) -> dict[str, Any]:
    from advisor.agent.factory import build_advisor
    from advisor.config import Settings
    from advisor.knowledge.ingest import ensure_index

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ADVISOR_DATA_DIR"] = tmp
        settings = Settings(data_dir=Path(tmp), llm="offline")
        advisor = build_advisor(settings)
        ensure_index(advisor.index)
        texts = _descriptions()
        counter = iter(range(10**9))

        def once() -> None:
            asyncio.run(advisor.roadmap(texts[next(counter) % len(texts)]))

        return {"offline roadmap, warm": _timed(once, repeat)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = {**reading(args.repeat), **roadmap(args.repeat)}
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    width = max(len(k) for k in figures)
    print(f"{'':{width}}  {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, f in figures.items():
        print(f"{name:{width}}  {f['p50_ms']:8.2f} {f['p95_ms']:8.2f} {f['max_ms']:8.2f}")


if __name__ == "__main__":
    main()
