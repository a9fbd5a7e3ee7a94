"""A local trial of the scaled-out topology: one PostgreSQL, one Chroma server and N
`advisor serve` replicas on loopback, each with its own data directory.

    python bench/cluster.py [--replicas 2] [--port 8001] [--dir .cluster]

Prints each replica's URL, then runs until Ctrl-C or SIGTERM and stops everything it
started: replicas first, then Chroma, then PostgreSQL (its data goes with it). Used by
`make cluster` and by bench/replicas.py.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.chroma_server import chroma_server, free_port  # noqa: E402
from tests.postgres_server import postgres_server  # noqa: E402

READY_S = 180.0


@dataclass
class Cluster:
    urls: list[str]
    database_url: str
    chroma_url: str
    processes: list[subprocess.Popen[bytes]]


def replica_env(data: Path, database_url: str, chroma_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    return env | {
        "PYTHONPATH": str(ROOT),
        "ADVISOR_DATA_DIR": str(data),
        "ADVISOR_DATABASE_URL": database_url,
        "ADVISOR_CHROMA_URL": chroma_url,
        "ADVISOR_LLM": "offline",
        **extra,
    }


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"replica {url} exited; see {log}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"replica {url} was not ready in {READY_S:.0f} s; see {log}")


@contextmanager
def cluster(
    root: Path,
    replicas: int = 2,
    first_port: int | None = None,
    pin: bool = False,
    **extra: str,
) -> Iterator[Cluster]:
    """Start everything; `pin` runs replica i on core i (taskset), so replicas share the
    machine as separate hosts would not compete for one core."""
    root.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        pg = stack.enter_context(postgres_server())
        database_url = pg.create_database("advisor")
        chroma_url = stack.enter_context(chroma_server(root / "chroma"))
        processes: list[subprocess.Popen[bytes]] = []
        urls = []
        cores = os.cpu_count() or 1
        try:
            for n in range(replicas):
                port = first_port + n if first_port else free_port()
                data = root / f"replica-{n + 1}"
                data.mkdir(exist_ok=True)
                log = root / f"replica-{n + 1}.log"
                command = [sys.executable, "-m", "advisor.cli", "serve", "--port", str(port)]
                if pin:
                    command = ["taskset", "-c", str(n % cores), *command]
                process = subprocess.Popen(
                    command,
                    env=replica_env(data, database_url, chroma_url, **extra),
                    stdout=log.open("wb"),
                    stderr=subprocess.STDOUT,
                )
                processes.append(process)
                url = f"http://127.0.0.1:{port}"
                # One at a time: the first indexes the playbook, the others find it.
                _wait_ready(url, process, log)
                urls.append(url)
            yield Cluster(urls, database_url, chroma_url, processes)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8001, help="first replica's port")
    parser.add_argument("--dir", type=Path, default=ROOT / ".cluster")
    args = parser.parse_args(argv)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"starting PostgreSQL, Chroma and {args.replicas} replicas under {args.dir} ...")
    with cluster(args.dir, args.replicas, args.port) as running:
        for url in running.urls:
            print(f"replica: {url}/")
        print(f"database: {running.database_url}\nchroma: {running.chroma_url}")
        print("Ctrl-C stops them all.", flush=True)
        while not stopping and all(p.poll() is None for p in running.processes):
            time.sleep(0.5)
    print("stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
