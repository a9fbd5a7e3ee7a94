"""Hostile text against a real server: POST /v1/roadmaps with a description of 20,000
digits (the size that once blocked every client for 74 s), and POST /v1/ask with
questions of 20,000 characters shaped against the scope check and the question
splitter (a run of "1,", of "a.", a word then 20,000 spaces), while /healthz is polled.

    python bench/hostile_input.py [--repeat 5]

Starts `advisor ingest` and `advisor serve` (offline provider, embedded stores, a temp
data directory) on 127.0.0.1 and reports, in one run:
  1. the hostile roadmap's latency against an ordinary description's (ratio of medians);
  2. each hostile question's latency against an ordinary question's;
  3. /healthz latency while the hostile requests run, against /healthz at rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_overhead import ROOT, free_port, wait_for

ORDINARY = (
    "Northwind Freight is a 450-person logistics company. We want to automate customer "
    "support tickets within 12 months. Our data lives in spreadsheets and a legacy ERP."
)
HOSTILE = "7" * 20_000
QUESTION = "How long does the pilot phase take, and what should we measure in it?"
HOSTILE_QUESTIONS = {
    'a run of "1,"': "1," * 10_000,
    'a run of "a."': "a." * 10_000,
    "a word, 20,000 spaces": "pilot" + " " * 19_990 + "why?",
    # Shaped against the datum kinds (agent/beyond.py): an ask repeated, and amounts.
    'a run of "how much "': "how much " * 2_200,
    'a run of "$1 "': "$1 " * 6_600,
}


def fresh(text: str, n: int) -> str:
    """The text with its first characters replaced by the repeat's number, so every
    repeat is a question the server has not seen, of the same length."""
    return f"{n}{text[len(str(n)) :]}"


def timed(client: httpx.Client, path: str, body: dict[str, str], ok: int) -> float:
    start = time.perf_counter()
    response = client.post(path, json=body)
    elapsed = time.perf_counter() - start
    if response.status_code not in (ok, 422):
        raise RuntimeError(f"unexpected {response.status_code}: {response.text[:200]}")
    return elapsed


def timed_post(client: httpx.Client, text: str) -> float:
    return timed(client, "/v1/roadmaps", {"company_description": text}, 201)


def timed_ask(client: httpx.Client, text: str) -> float:
    return timed(client, "/v1/ask", {"question": text}, 200)


def poll_health(base: str, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            start = time.perf_counter()
            client.get("/healthz")
            out.append(time.perf_counter() - start)
            time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    advisor = str(Path(sys.executable).parent / "advisor")
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "ADVISOR_DATA_DIR": data, "ADVISOR_LLM": "offline"}
        env["ADVISOR_RATE_LIMIT_PER_MINUTE"] = "0"
        subprocess.run([advisor, "ingest"], env=env, cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [advisor, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/readyz")
            rest: list[float] = []
            stop = threading.Event()
            with httpx.Client(base_url=base, timeout=30) as client:
                for _ in range(50):
                    start = time.perf_counter()
                    client.get("/healthz")
                    rest.append(time.perf_counter() - start)
                timed_post(client, ORDINARY)  # warm up
                ordinary = [timed_post(client, ORDINARY) for _ in range(args.repeat)]
                under: list[float] = []
                poller = threading.Thread(target=poll_health, args=(base, stop, under))
                poller.start()
                hostile = [timed_post(client, HOSTILE) for _ in range(args.repeat)]
                timed_ask(client, QUESTION)  # warm up
                # Each repeat asks a new text: the server keeps what it read of a question
                # (its vector, its datum kinds), and a repeat would time only that.
                asked = [timed_ask(client, fresh(QUESTION, n)) for n in range(args.repeat)]
                questions = {
                    name: [timed_ask(client, fresh(text, n)) for n in range(args.repeat)]
                    for name, text in HOSTILE_QUESTIONS.items()
                }
                stop.set()
                poller.join()
        finally:
            server.terminate()
            server.wait(timeout=60)
    o, h = statistics.median(ordinary), statistics.median(hostile)
    print(f"roadmap, ordinary description: median {o * 1000:.0f} ms")
    print(
        f"roadmap, 20,000 digits:        median {h * 1000:.0f} ms "
        f"(max {max(hostile) * 1000:.0f} ms)"
    )
    print(f"  ratio hostile/ordinary: {h / o:.2f}x")
    q = statistics.median(asked)
    print(f"ask, ordinary question:       median {q * 1000:.0f} ms")
    for name, runs in questions.items():
        m = statistics.median(runs)
        print(
            f"ask, {name}: median {m * 1000:.0f} ms (max {max(runs) * 1000:.0f} ms, {m / q:.2f}x)"
        )
    r, u = statistics.median(rest), statistics.median(under)
    print(f"/healthz at rest: median {r * 1000:.1f} ms")
    print(
        f"/healthz under the hostile requests: median {u * 1000:.1f} ms, "
        f"max {max(under) * 1000:.1f} ms over {len(under)} polls"
    )


if __name__ == "__main__":
    main()
