"""What answering a question adds over retrieving for it, offline, on fresh questions.

    python bench/answer_composition.py [--repeat 3] [--json]

An offline advisor on the shipped playbook (ingested into a temporary data dir). For
each grounded question of evals/cases/natural_questions.yaml, `--repeat` times, the
question's own caches are dropped (the retriever's query vector, the composer's vector
of the question) and then timed, in alternating order:
  retrieval: Advisor.retrieve(question, k=6), the query embedding included;
  ask:       Advisor.ask(question): retrieval, the scope check, the parts of a mixed
             question, composition (sentence vectors of the playbook stay cached, as in
             a running server), verification and the claim check.
Target (issue "Answers that answer the question"): ask p50 at most 10 ms over retrieval
p50. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.agent.factory import build_advisor  # noqa: E402
from advisor.agent.jobs import Advisor  # noqa: E402
from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings  # noqa: E402
from advisor.knowledge.ingest import ingest  # noqa: E402
from advisor.llm.offline import OfflineProvider  # noqa: E402
from advisor.retrieval.index import open_index  # noqa: E402


def _questions() -> list[str]:
    path = ROOT / "evals/cases/natural_questions.yaml"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(c["question"]) for c in cases if c.get("grounded", True)]


def _forget(advisor: Advisor, question: str) -> None:
    """The question as if never asked: its query vector and its composer vector gone."""
    advisor.retriever.forget_queries()
    provider = advisor.provider
    if isinstance(provider, OfflineProvider):
        provider.relevance.forget(question)


def _p50(values: list[float]) -> float:
    return round(statistics.median(values), 2)


async def measure(advisor: Advisor, questions: list[str], repeat: int) -> dict[str, Any]:
    for q in questions[:10]:  # warm: models loaded, playbook sentence vectors cached
        await advisor.ask(q)
    retrieval: list[float] = []
    asked: list[float] = []
    for round_ in range(repeat):
        for i, q in enumerate(questions):
            sides = ("retrieval", "ask") if (i + round_) % 2 == 0 else ("ask", "retrieval")
            for side in sides:
                _forget(advisor, q)
                start = time.perf_counter()
                if side == "retrieval":
                    await advisor.retrieve(q, k=6)
                else:
                    await advisor.ask(q)
                elapsed = (time.perf_counter() - start) * 1000.0
                (retrieval if side == "retrieval" else asked).append(elapsed)
    return {
        "questions": len(questions),
        "repeat": repeat,
        "retrieval_p50_ms": _p50(retrieval),
        "ask_p50_ms": _p50(asked),
        "added_p50_ms": round(_p50(asked) - _p50(retrieval), 2),
        "retrieval_p95_ms": round(sorted(retrieval)[int(len(retrieval) * 0.95) - 1], 2),
        "ask_p95_ms": round(sorted(asked)[int(len(asked) * 0.95) - 1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="advisor-bench-answer-") as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR],
            llm="offline",
            chroma_url=None,
        )
        index = open_index(settings)
        ingest(index)
        advisor = build_advisor(settings, index=index)
        figures = asyncio.run(measure(advisor, _questions(), args.repeat))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>18}  {value}")


if __name__ == "__main__":
    main()
