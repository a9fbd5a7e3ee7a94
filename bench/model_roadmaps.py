"""Model calls, tokens and seconds per roadmap against a live OpenAI-compatible server.

    make local-model-qwen            # in another shell (or any server: OPENAI_BASE_URL)
    python bench/model_roadmaps.py [--json] [--base-url http://127.0.0.1:8080/v1]

Drafts a roadmap for each of three company descriptions written for this benchmark
(no eval case) with the openai provider, and reports per roadmap: the model requests,
the prompt and completion tokens the server counted, the seconds, the use cases, and
how the five phases are cited: by the model and verified, or not at all (the job then
fails; before required draft citations, code cited the phase's own section, which the
warnings named). Run it on two commits against one server for a before/after pair.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.agent.factory import build_advisor  # noqa: E402
from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings  # noqa: E402
from advisor.errors import AdvisorError  # noqa: E402
from advisor.knowledge.ingest import ingest  # noqa: E402
from advisor.llm.openai_provider import OpenAIProvider  # noqa: E402
from advisor.retrieval.index import open_index  # noqa: E402

DESCRIPTIONS = [
    "Brightsmile is a chain of 38 dental clinics in the English Midlands with about 600 "
    "staff. We want an assistant that drafts treatment-plan letters for patients from the "
    "dentist's notes. Patient records live in our practice-management system (Dentally) "
    "and we must follow UK GDPR. We ran a small pilot last spring that nobody uses now.",
    "Kestrel Mutual is a regional insurer with 1,200 employees. Our goal is to triage "
    "incoming property claims so adjusters see the urgent ones first, within nine months. "
    "Claims data is in Guidewire and a data warehouse on Snowflake; a small analytics team "
    "of four maintains it. The board wants a clear owner for every model.",
    "We are a 90-person family-owned bakery supplier in Lyon. We have not started with AI "
    "yet but would like to forecast flour and butter orders so we waste less. Orders are "
    "kept in Sage and in spreadsheets, and the budget is tight.",
]


def phase_citations(roadmap: Any) -> dict[str, int]:
    code = sum(1 for w in roadmap.warnings if "phase section instead" in w)
    cited = sum(1 for p in roadmap.phases if p.citations)
    return {"phases_cited": cited - code, "phases_cited_by_code": code}


async def one(advisor: Any, provider: OpenAIProvider, text: str) -> dict[str, Any]:
    before = (provider.usage.requests, provider.usage.input_tokens, provider.usage.output_tokens)
    start = time.perf_counter()
    row: dict[str, Any] = {}
    try:
        roadmap = await advisor.roadmap(text)
        row.update(
            ok=True,
            use_cases=len(roadmap.use_cases),
            use_cases_cited=sum(1 for u in roadmap.use_cases if u.citations),
            **phase_citations(roadmap),
        )
    except AdvisorError as exc:
        row.update(ok=False, error=str(exc)[:300])
    row["seconds"] = round(time.perf_counter() - start, 1)
    usage = provider.usage
    row["calls"] = usage.requests - before[0]
    row["prompt_tokens"] = usage.input_tokens - before[1]
    row["completion_tokens"] = usage.output_tokens - before[2]
    return row


async def run(base_url: str, model: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=Path(data),
            knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR],
            llm="openai",
            openai_api_key=os.environ.get("OPENAI_API_KEY", "local"),
            openai_base_url=base_url,
            model=model,
            llm_timeout_s=900,
            llm_max_retries=0,
            llm_max_tokens=int(os.environ.get("ADVISOR_LLM_MAX_TOKENS", "2048")),
            _env_file=None,
        )
        index = open_index(settings)
        ingest(index)
        advisor = build_advisor(settings, index=index)
        provider = advisor.provider
        assert isinstance(provider, OpenAIProvider)
        rows = []
        for i, text in enumerate(DESCRIPTIONS, 1):
            row = await one(advisor, provider, text)
            print(f"roadmap {i}/{len(DESCRIPTIONS)}: {row}", file=sys.stderr, flush=True)
            rows.append(row)
        return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def mean(key: str) -> float:
        return round(statistics.mean(r[key] for r in rows), 1)

    return {
        "roadmaps": len(rows),
        "succeeded": sum(1 for r in rows if r["ok"]),
        "calls_per_roadmap": mean("calls"),
        "prompt_tokens_per_roadmap": mean("prompt_tokens"),
        "completion_tokens_per_roadmap": mean("completion_tokens"),
        "seconds_per_roadmap": mean("seconds"),
        "with_use_cases": sum(1 for r in rows if r.get("use_cases")),
        "phases_cited_by_code": sum(r.get("phases_cited_by_code", 0) for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("OPENAI_BASE_URL", ""))
    parser.add_argument("--model", default=os.environ.get("ADVISOR_MODEL", "qwen"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.base_url:
        parser.error("give --base-url or OPENAI_BASE_URL (a running OpenAI-compatible server)")
    rows = asyncio.run(run(args.base_url, args.model))
    result = {"rows": rows, "summary": summary(rows)}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result["summary"].items():
        print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
