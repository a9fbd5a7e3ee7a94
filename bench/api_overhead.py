"""End-to-end overhead of the advisor's HTTP API with the openai provider, against a
direct openai-client call to the same stub model with the same prompt.

    python bench/api_overhead.py [--requests 40] [--concurrency 64] [--chats 200]

Starts a stub model (bench/stub_llm.py, fixed 200 ms) and `advisor serve` as separate
processes on 127.0.0.1, then measures from this process:
  1. latency at concurrency 1: /v1/ask vs a direct call (ratio of p50s);
  2. throughput at concurrency 64: /v1/ask vs direct calls (ratio of requests/s);
  3. 200 concurrent /v1/chat requests: how many fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import openai

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "How long does the pilot phase take?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


async def timed(coro: Any) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        await coro
        ok = True
    except Exception:
        ok = False
    return time.perf_counter() - start, ok


async def run_load(make: Any, total: int, concurrency: int) -> tuple[list[float], int, float]:
    gate = asyncio.Semaphore(concurrency)

    async def one() -> tuple[float, bool]:
        async with gate:
            return await timed(make())

    start = time.perf_counter()
    results = await asyncio.gather(*(one() for _ in range(total)))
    wall = time.perf_counter() - start
    return [r[0] for r in results], sum(1 for r in results if not r[1]), wall


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU so far of a process and its live child processes (the server's
    workers), threads included (Linux /proc)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(int(entry.name))
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU spent by this process, the advisor and the stub during one phase."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids

    def snapshot(self) -> dict[str, float]:
        now = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        now["client"] = time.process_time()
        return now

    @staticmethod
    def per_request(before: dict[str, float], after: dict[str, float], n: int) -> dict[str, float]:
        return {k: round((after[k] - before[k]) / n * 1000, 2) for k in before}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bench(
    api: str, stub: str, requests: int, concurrency: int, chats: int, meter: CpuMeter
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    async with httpx.AsyncClient(base_url=api, timeout=120, limits=limits) as http:
        # One real request first: it warms the server and tells us the exact prompt.
        first = await http.post("/v1/ask", json={"question": QUESTION})
        first.raise_for_status()
        direct = openai.AsyncOpenAI(
            base_url=stub + "/v1",
            api_key="sk-bench",
            http_client=httpx.AsyncClient(limits=limits, timeout=120),
        )
        messages = await captured_messages(stub)

        def api_call() -> Any:
            return http.post("/v1/ask", json={"question": QUESTION})

        def direct_call() -> Any:
            return direct.chat.completions.create(
                model="stub", messages=messages, response_format=RESPONSE_FORMAT
            )

        out: dict[str, Any] = {}
        for make in (api_call, direct_call):
            # Warm-up, concurrent enough that every server worker has answered once.
            await run_load(make, 32, 8)
        lat_api, err_api, _ = await run_load(api_call, requests, 1)
        lat_direct, err_direct, _ = await run_load(direct_call, requests, 1)
        out["c1"] = {
            "api_p50": pct(lat_api, 0.5),
            "direct_p50": pct(lat_direct, 0.5),
            "api_p99": pct(lat_api, 0.99),
            "direct_p99": pct(lat_direct, 0.99),
            "errors": err_api + err_direct,
        }
        n = concurrency * 6
        before = meter.snapshot()
        _, err_api, wall_api = await run_load(api_call, n, concurrency)
        middle = meter.snapshot()
        _, err_direct, wall_direct = await run_load(direct_call, n, concurrency)
        after = meter.snapshot()
        out["c64"] = {
            "api_rps": n / wall_api,
            "direct_rps": n / wall_direct,
            "errors": err_api + err_direct,
            "requests": n,
            "concurrency": concurrency,
            # CPU milliseconds per request in each process: where the cores went.
            "api_cpu_ms": CpuMeter.per_request(before, middle, n),
            "direct_cpu_ms": CpuMeter.per_request(middle, after, n),
        }

        async def chat_call() -> Any:
            r = await http.post("/v1/chat", json={"message": QUESTION})
            r.raise_for_status()

        if not chats:
            out["chats"] = {"concurrent": 0, "errors": 0, "wall_s": 0.0, "p50": 0.0, "p99": 0.0}
            return out
        lat_chat, err_chat, wall_chat = await run_load(chat_call, chats, chats)
        out["chats"] = {
            "concurrent": chats,
            "errors": err_chat,
            "wall_s": wall_chat,
            "p50": pct(lat_chat, 0.5),
            "p99": pct(lat_chat, 0.99),
        }
        return out


RESPONSE_FORMAT: dict[str, Any] = {}


async def captured_messages(stub: str) -> list[dict[str, Any]]:
    """The messages the advisor sent for QUESTION, rebuilt with the same prompt code."""
    from advisor.agent.factory import build_advisor
    from advisor.config import Settings
    from advisor.llm.openai.drafts import AnswerDraft
    from advisor.llm.prompts import format_passages, untrusted

    settings = Settings(
        data_dir=Path(os.environ["ADVISOR_DATA_DIR"]), llm="offline", _env_file=None
    )  # type: ignore[call-arg]
    advisor = build_advisor(settings)
    chunks = advisor.retriever.search(QUESTION, k=6)
    prompt = advisor.prompts.render(
        "answer", question=untrusted(QUESTION), passages=format_passages(chunks), history="(none)"
    )
    RESPONSE_FORMAT.update(
        {
            "type": "json_schema",
            "json_schema": {
                "name": "AnswerDraft",
                "schema": AnswerDraft.model_json_schema(),
                "strict": False,
            },
        }
    )
    return [
        {"role": "system", "content": advisor.prompts["system"]},
        {"role": "user", "content": prompt},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=200.0)
    parser.add_argument("--workers", type=int, default=1, help="advisor serve --workers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="advisor-bench-api-"))
    stub_port, api_port = free_port(), free_port()
    stub = f"http://127.0.0.1:{stub_port}"
    env = {
        **os.environ,
        "ADVISOR_DATA_DIR": str(data_dir),
        "OPENAI_API_KEY": "sk-bench",
        "OPENAI_BASE_URL": stub + "/v1",
        "ADVISOR_LLM": "openai",
        "ADVISOR_RATE_LIMIT_PER_MINUTE": "0",
        "ADVISOR_MODEL": "stub",
    }
    env.pop("ADVISOR_API_KEYS", None)
    os.environ["ADVISOR_DATA_DIR"] = str(data_dir)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "stub_llm.py"),
                "--port",
                str(stub_port),
                "--delay-ms",
                str(args.delay_ms),
            ],
            env=env,
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "advisor.cli",
                "serve",
                "--port",
                str(api_port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        wait_for(f"http://127.0.0.1:{api_port}/readyz")
        meter = CpuMeter({"advisor": procs[1].pid, "stub": procs[0].pid})
        out = asyncio.run(
            bench(
                f"http://127.0.0.1:{api_port}",
                stub,
                args.requests,
                args.concurrency,
                args.chats,
                meter,
            )
        )
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
    c1, c64, chats = out["c1"], out["c64"], out["chats"]
    out["latency_ratio_c1"] = c1["api_p50"] / c1["direct_p50"]
    out["throughput_ratio_c64"] = c64["api_rps"] / c64["direct_rps"]
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print("| measure | advisor /v1/ask | direct openai client | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| p50 latency, concurrency 1 | {c1['api_p50'] * 1000:.0f} ms | "
        f"{c1['direct_p50'] * 1000:.0f} ms | {out['latency_ratio_c1']:.3f} | <= 1.10 |"
    )
    print(
        f"| p99 latency, concurrency 1 | {c1['api_p99'] * 1000:.0f} ms | "
        f"{c1['direct_p99'] * 1000:.0f} ms | | |"
    )
    print(
        f"| throughput, concurrency {c64['concurrency']} | {c64['api_rps']:.1f} req/s | "
        f"{c64['direct_rps']:.1f} req/s | {out['throughput_ratio_c64']:.3f} | >= 0.9 |"
    )
    cpu_api, cpu_direct = c64["api_cpu_ms"], c64["direct_cpu_ms"]
    print(
        f"| CPU ms per request at concurrency {c64['concurrency']} (client / advisor / stub) | "
        f"{cpu_api['client']} / {cpu_api['advisor']} / {cpu_api['stub']} | "
        f"{cpu_direct['client']} / - / {cpu_direct['stub']} | | |"
    )
    print(
        f"| {chats['concurrent']} concurrent /v1/chat | {chats['errors']} errors, "
        f"p50 {chats['p50']:.2f} s, p99 {chats['p99']:.2f} s | | | 0 errors |"
    )


if __name__ == "__main__":
    main()
