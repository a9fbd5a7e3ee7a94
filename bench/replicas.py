"""The replicated path's two speed figures, each compared as a ratio in one run.

    python bench/replicas.py [--turns 384] [--roadmaps 48] [--json]

1. Sessions on PostgreSQL against SQLite: one `advisor serve` on the openai provider
   against the stub model (bench/stub_llm.py, fixed 200 ms), 64 chat sessions each
   sending follow-ups at once (concurrency 64); chat turns per second, each turn reading
   and writing its session. Same server, same stub, only ADVISOR_DATABASE_URL differs.
2. Two replicas against one, on CPU-bound workloads: offline roadmaps (about 0.2 s of
   CPU each, a dozen index queries) and offline assessments, for companies that differ
   request to request, sent round-robin, each replica pinned to its own core (taskset),
   sharing one PostgreSQL and one Chroma server (bench/cluster.py) on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_overhead import free_port, wait_for  # noqa: E402
from bench.cluster import cluster  # noqa: E402
from tests.postgres_server import postgres_server  # noqa: E402

QUESTION = "How long does the pilot phase take?"
FOLLOW_UP = "And what should we measure in it?"
# Different companies, so no request is a repeat of the one before (query vectors and
# chunks are cached; a benchmark of one description would measure the caches).
COMPANIES = [
    "Harbor Mills is a 300-person textile maker in Porto. We want to forecast demand for "
    "our fabrics; our data sits in spreadsheets and an old ERP. We have not started a pilot.",
    "Brightline Dental runs 40 clinics with 900 staff. Our pilot chatbot for appointment "
    "booking stalled because IT could not connect it to our practice system. HIPAA applies.",
    "Kestrel Freight is a 450-person logistics firm in Rotterdam. We want to predict "
    "delivery delays within 9 months. No data scientists; shipment data is in SAP.",
    "Alder & Co is a 120-person accounting practice. Partners want AI to draft client "
    "letters; staff already paste client data into ChatGPT. We need a plan and rules.",
    "Northpeak Foods, 2,000 employees, has a demand-forecasting model in production at "
    "one plant and wants to scale it to six plants next year while keeping GDPR compliance.",
]
SESSIONS = 64


async def _load(calls: list[Any], concurrency: int) -> tuple[float, int]:
    gate = asyncio.Semaphore(concurrency)
    errors = 0

    async def one(call: Any) -> None:
        nonlocal errors
        async with gate:
            try:
                response = await call()
                if response.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(one(c) for c in calls))
    return time.perf_counter() - start, errors


async def _chat_turns(url: str, turns: int) -> dict[str, float]:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:
        opened = await asyncio.gather(
            *(http.post("/v1/chat", json={"message": QUESTION}) for _ in range(SESSIONS))
        )
        sids = [r.json()["session_id"] for r in opened]
        order = list(itertools.islice(itertools.cycle(sids), turns))

        def call(sid: str) -> Any:
            return lambda: http.post("/v1/chat", json={"message": FOLLOW_UP, "session_id": sid})

        # Each session's turns in order; every session at once: concurrency 64.
        wall, errors = await _load([call(s) for s in order], SESSIONS)
    return {"turns_per_s": turns / wall, "errors": errors, "turns": turns}


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "advisor.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def sessions_figure(turns: int) -> dict[str, Any]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    stub_port = free_port()
    stub_args = ["--port", str(stub_port), "--delay-ms", "200"]
    stub = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "stub_llm.py"), *stub_args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, Any] = {}
    try:
        with postgres_server() as pg:
            backends = {"sqlite": None, "postgresql": pg.create_database("bench")}
            for name, url in backends.items():
                data = Path(tempfile.mkdtemp(prefix=f"advisor-bench-{name}-"))
                env = base | {
                    "PYTHONPATH": str(ROOT),
                    "ADVISOR_DATA_DIR": str(data),
                    "ADVISOR_LLM": "openai",
                    "OPENAI_API_KEY": "sk-bench",
                    "OPENAI_BASE_URL": f"http://127.0.0.1:{stub_port}/v1",
                    "ADVISOR_MODEL": "stub",
                    "ADVISOR_RATE_LIMIT_PER_MINUTE": "0",
                }
                if url:
                    env["ADVISOR_DATABASE_URL"] = url
                port = free_port()
                server = _serve(env, port)
                try:
                    wait_for(f"http://127.0.0.1:{port}/readyz", timeout=180)
                    out[name] = asyncio.run(_chat_turns(f"http://127.0.0.1:{port}", turns))
                finally:
                    server.terminate()
                    server.wait(timeout=30)
    finally:
        stub.terminate()
        stub.wait(timeout=30)
    out["ratio"] = out["postgresql"]["turns_per_s"] / out["sqlite"]["turns_per_s"]
    return out


async def _jobs(urls: list[str], route: str, total: int) -> dict[str, float]:
    async with httpx.AsyncClient(timeout=300) as http:
        # Warm-up: every replica has answered once (model files read, caches filled).
        for url in urls:
            body = {"company_description": COMPANIES[0]}
            (await http.post(f"{url}{route}", json=body)).raise_for_status()
        targets = zip(itertools.cycle(urls), itertools.cycle(COMPANIES[1:]))
        calls = []
        for n, (url, company) in enumerate(itertools.islice(targets, total)):
            # A new name each time: the company is new to the caches too.
            first, rest = company.split(" ", 1)
            body = {"company_description": f"{first}{n} {rest}"}
            calls.append(functools.partial(http.post, f"{url}{route}", json=body))
        # Two requests in flight per replica: each keeps its core busy, no more.
        wall, errors = await _load(calls, 2 * len(urls))
    return {"per_s": total / wall, "errors": errors, "requests": total}


WORKLOADS = {"roadmaps": "/v1/roadmaps", "assessments": "/v1/assessments"}


def replicas_figure(total: int) -> dict[str, Any]:
    out: dict[str, Any] = {name: {} for name in WORKLOADS}
    for replicas in (1, 2):
        root = Path(tempfile.mkdtemp(prefix=f"advisor-bench-cluster{replicas}-"))
        with cluster(root, replicas, pin=True, ADVISOR_RATE_LIMIT_PER_MINUTE="0") as running:
            for name, route in WORKLOADS.items():
                out[name][f"replicas_{replicas}"] = asyncio.run(_jobs(running.urls, route, total))
    for figures in out.values():
        figures["ratio"] = figures["replicas_2"]["per_s"] / figures["replicas_1"]["per_s"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=384)
    parser.add_argument("--roadmaps", type=int, default=48, help="requests per workload")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = {
        "sessions": sessions_figure(args.turns),
        "replicas": replicas_figure(args.roadmaps),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    s = figures["sessions"]
    print(
        f"chat turns/s at concurrency {SESSIONS}: sqlite {s['sqlite']['turns_per_s']:.1f}, "
        f"postgresql {s['postgresql']['turns_per_s']:.1f} -> {s['ratio']:.2f}x "
        f"(errors {s['sqlite']['errors']} / {s['postgresql']['errors']})"
    )
    for name, r in figures["replicas"].items():
        print(
            f"offline {name}/s: 1 replica {r['replicas_1']['per_s']:.2f}, "
            f"2 replicas {r['replicas_2']['per_s']:.2f} -> {r['ratio']:.2f}x "
            f"(errors {r['replicas_1']['errors']} / {r['replicas_2']['errors']})"
        )


if __name__ == "__main__":
    main()
