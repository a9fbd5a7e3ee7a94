"""How an offline assessment and an offline revision turn compare with a fresh roadmap.

    python bench/plan_turns.py [--repeat 30] [--json]

All in one process, warm, on the offline provider in a temporary data dir, over the
labelled eval descriptions (evals/cases/companies.yaml), rounds interleaved so that a
change in the machine's load falls on every row alike:

1. jobs: Advisor.roadmap, Advisor.assess, and revising.revise on a kept plan;
2. chat turns through Chat.send with a SQLite session store, as the API runs them: a
   description in a new session (a fresh roadmap), "assess our readiness" in a session
   that holds a plan, and a change ("can we do it in 9 months?" and others, in turn) in
   a session that holds a plan.

Target (issue "Readiness assessment, and roadmaps revised in conversation"): an
assessment and a revision turn each at most 1.2x a fresh roadmap, p50. The ratios are
taken within one run. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHANGES = (
    "Can we do it in 9 months?",
    "We already finished the pilot.",
    "We also need to comply with GDPR.",
    "We have no data team.",
)


def _descriptions() -> list[str]:
    cases = yaml.safe_load((ROOT / "evals/cases/companies.yaml").read_text(encoding="utf-8"))
    return [str(c["description"]) for c in cases]


def _figures(runs: list[float]) -> dict[str, float]:
    runs = sorted(runs)
    return {
        "p50_ms": round(statistics.median(runs), 2),
        "p95_ms": round(runs[max(0, int(len(runs) * 0.95) - 1)], 2),
        "max_ms": round(runs[-1], 2),
    }


async def _interleaved(
    rows: dict[str, Callable[[int], Awaitable[object]]],
    prepare: Callable[[int], Awaitable[None]],
    forget: Callable[[], None],
    repeat: int,
) -> dict[str, dict[str, float]]:
    """Times each row once per round, after an untimed warm-up round. Before each step
    the retriever forgets its query vectors, so no row is timed on vectors another row
    embedded: each request is served as a new company's would be."""
    runs: dict[str, list[float]] = {name: [] for name in rows}
    for i in range(repeat + 1):
        await prepare(i)
        for name, step in rows.items():
            forget()
            start = time.perf_counter()
            await step(i)
            if i:
                runs[name].append((time.perf_counter() - start) * 1000.0)
    return {name: _figures(r) for name, r in runs.items()}


async def measure(repeat: int) -> dict[str, dict[str, float]]:
    from advisor.agent.chat import Chat
    from advisor.agent.factory import build_advisor
    from advisor.agent.revising import PlanState, revise
    from advisor.config import Settings
    from advisor.knowledge.ingest import ensure_index
    from advisor.storage import SessionStore, sqlite_database

    texts = _descriptions()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ADVISOR_DATA_DIR"] = tmp
        advisor = build_advisor(Settings(data_dir=Path(tmp), llm="offline"))
        ensure_index(advisor.index)
        chat = Chat(advisor, SessionStore(sqlite_database(Path(tmp) / "sessions.db")))
        plans: dict[int, PlanState] = {}
        sessions: dict[int, tuple[str, str]] = {}

        async def prepare(i: int) -> None:
            # The kept plan and the two sessions are made untimed, before the round.
            text = texts[i % len(texts)]
            plans[i] = PlanState(text, await advisor.roadmap(text))
            first = await chat.send(text)
            second = await chat.send(text)
            sessions[i] = (first.session_id, second.session_id)

        def text(i: int) -> str:
            return texts[i % len(texts)]

        async def job_revision(i: int) -> object:
            return await revise(advisor, plans[i], CHANGES[i % len(CHANGES)])

        async def chat_assessment(i: int) -> object:
            return await chat.send("Assess our readiness.", sessions[i][0])

        async def chat_revision(i: int) -> object:
            return await chat.send(CHANGES[i % len(CHANGES)], sessions[i][1])

        jobs = await _interleaved(
            {
                "job: fresh roadmap": lambda i: advisor.roadmap(text(i)),
                "job: assessment": lambda i: advisor.assess(text(i)),
                "job: revision": job_revision,
            },
            prepare,
            advisor.retriever.forget_queries,
            repeat,
        )
        turns = await _interleaved(
            {
                "chat: fresh roadmap": lambda i: chat.send(text(i)),
                "chat: assessment": chat_assessment,
                "chat: revision": chat_revision,
            },
            prepare,
            advisor.retriever.forget_queries,
            repeat,
        )
    figures = {**jobs, **turns}
    for level in ("job", "chat"):
        base = figures[f"{level}: fresh roadmap"]["p50_ms"]
        for name, row in figures.items():
            if name.startswith(level):
                row["x_roadmap"] = round(row["p50_ms"] / base, 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = asyncio.run(measure(args.repeat))
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"load average: {os.getloadavg()[0]:.1f}")
    width = max(len(k) for k in figures)
    print(f"{'':{width}}  {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'x roadmap':>9}")
    for name, f in figures.items():
        print(
            f"{name:{width}}  {f['p50_ms']:8.2f} {f['p95_ms']:8.2f} {f['max_ms']:8.2f}"
            f" {f['x_roadmap']:9.2f}"
        )


if __name__ == "__main__":
    main()
