"""Start-up time of a fresh process that searches the 100k-chunk benchmark index.

    python bench/startup_time.py [--n 100000] [--repeat 5] [--json]

Uses the synthetic index that bench/retrieval_scale.py caches under
/tmp/advisor-bench/<n> (built here when missing). Its manifest matches a tiny knowledge
dir beside it, so the real CLI sees a fresh index and does not re-ingest. It measures:

  1. cli: wall time of a new process running
       advisor search "how long does the pilot phase take" --json
     with ADVISOR_DATA_DIR / ADVISOR_KNOWLEDGE_DIRS pointing at that index, checking
     that it printed k results, re-indexed nothing and left the saved BM25 untouched;
  2. stages: wall time of a new `python bench/startup_time.py --child ...` process that
     does what the CLI does (open the index, the manifest check, one HybridRetriever
     search) step by step, reporting how long each step took: imports, Chroma open,
     BM25 load (memory-mapped; a rebuild would be reported and fails the run), the
     embedding model load, the first query embedding, the first Chroma query (which
     loads the HNSW segment) and the search. Interpreter start-up is the rest.
The page cache is warm (the index was just built or used), as on a machine in use.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STARTED_AT = time.time()  # the script's first line: interpreter start-up is before it
QUERY = "how long does the pilot phase take"
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def child(data: Path, knowledge: Path) -> None:
    """Open the index as the CLI does and search once, timing each step; prints JSON."""
    stages: list[tuple[str, float]] = []
    mark = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        stages.append((name, (now - mark) * 1000.0))
        mark = now

    from advisor.config import Settings
    from advisor.knowledge.ingest import ensure_index
    from advisor.retrieval.hybrid import HybridRetriever
    from advisor.retrieval.index import open_index

    stage("import advisor (pydantic, numpy, ...)")
    import chromadb  # noqa: F401

    stage("import chromadb")
    import bm25s  # noqa: F401

    stage("import bm25s")
    settings = Settings(data_dir=data, knowledge_dirs=[knowledge], _env_file=None)  # type: ignore[call-arg]
    index = open_index(settings)  # make_client: PersistentClient
    fingerprint = index.store.fingerprint()  # opens the collection, reads its metadata
    stage("Chroma open (client, collection, metadata)")
    index.store.count()
    stage("first collection read, count(): Chroma loads the segments (HNSW)")
    summary = ensure_index(index)
    stage("manifest check (ensure_index: manifest, file stats, count())")
    rebuilt: list[bool] = []
    real_rebuild = index.rebuild_bm25

    def rebuild() -> Any:
        rebuilt.append(True)
        return real_rebuild()

    index.rebuild_bm25 = rebuild  # type: ignore[method-assign]
    bm25 = index.bm25()
    stage("BM25 load (mmap) + fingerprint check")
    load_model = getattr(index.embedder, "_resources", None)  # MiniLM builds its session lazily
    if load_model is not None:
        load_model()
    stage("embedding model load (read, sha256, onnxruntime session)")
    chunks = HybridRetriever(index).search(QUERY, k=5)
    stage("first hybrid search")
    start = time.perf_counter()
    HybridRetriever(index).search(QUERY, k=5)
    warm = (time.perf_counter() - start) * 1000.0
    print(
        json.dumps(
            {
                "started_at": STARTED_AT,
                "stages_ms": stages,
                "warm_search_ms": warm,
                "bm25_rebuilt": bool(rebuilt),
                "bm25_matches_store": bm25.fingerprint == fingerprint,
                "reingested": summary is not None,
                "results": len(chunks),
                "finished_at": time.time(),
            }
        ),
        flush=True,
    )


def snapshot(directory: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in sorted(directory.rglob("*")) if p.is_file()}


def run(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float, str, str]:
    """(wall-clock start, wall seconds, stdout, stderr) of one process."""
    spawned = time.time()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:2]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return spawned, wall, proc.stdout, proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="size of the cached index")
    parser.add_argument("--repeat", type=int, default=5, help="processes of each kind")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("DATA", "KNOWLEDGE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    from synthetic_corpus import build_index, markdown_table, timing_lock

    from advisor.retrieval.embeddings import MiniLMEmbedder

    data, knowledge, _ = build_index(args.n, MiniLMEmbedder())
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    env = base | {"ADVISOR_DATA_DIR": str(data), "ADVISOR_KNOWLEDGE_DIRS": str(knowledge)}
    bm25_dir = data / "bm25"
    before = snapshot(bm25_dir)
    cli: list[float] = []
    stage_runs: list[tuple[float, dict[str, Any]]] = []
    load = [os.getloadavg()[0]]
    with timing_lock(), tempfile.TemporaryDirectory() as cwd:  # cwd: no .env of the project
        for _ in range(args.repeat):
            _, wall, out, err = run([str(BIN / "advisor"), "search", QUERY, "--json"], env, cwd)
            results = json.loads(out)
            assert len(results) == 5, results
            assert "indexed" not in err, err
            cli.append(wall)
            spawned, wall, out, _ = run(
                [sys.executable, str(Path(__file__)), "--child", str(data), str(knowledge)],
                env,
                cwd,
            )
            report = json.loads(out.strip().splitlines()[-1])
            report["startup_ms"] = (report["started_at"] - spawned) * 1000.0
            report["exit_ms"] = (spawned + wall - report["finished_at"]) * 1000.0
            assert not report["bm25_rebuilt"] and not report["reingested"], report
            assert report["bm25_matches_store"] and report["results"] == 5, report
            stage_runs.append((wall, report))
            load.append(os.getloadavg()[0])
    assert snapshot(bm25_dir) == before, "the saved BM25 index was rewritten"

    first_stages = stage_runs[0][0]
    # The stage breakdown of the median child run.
    stage_runs.sort(key=lambda r: r[0])
    wall, report = stage_runs[len(stage_runs) // 2]
    stages = [
        ("interpreter start-up (python, site, to the script's first line)", report["startup_ms"]),
        *((name, ms) for name, ms in report["stages_ms"]),
    ]
    stages.append(("JSON output, then exit (Chroma and onnxruntime teardown)", report["exit_ms"]))
    rest = wall * 1000 - sum(ms for _, ms in stages)
    rows = [[name, f"{ms:.0f}"] for name, ms in stages]
    rows.append(["unaccounted (argparse, between stages)", f"{rest:.0f}"])
    rows.append(["**total (process wall time)**", f"**{wall * 1000:.0f}**"])

    print()
    print(
        f"index: {args.n:,} chunks in {data}; {args.repeat} processes of each kind, "
        f"alternating; load average (1 min) {min(load):.1f}-{max(load):.1f} on "
        f"{os.cpu_count()} cores"
    )
    print()
    print(
        markdown_table(
            ["process", "first (s)", "median (s)", "min (s)", "max (s)"],
            [
                [
                    "`advisor search ... --json` (CLI)",
                    f"{cli[0]:.2f}",
                    f"{statistics.median(cli):.2f}",
                    f"{min(cli):.2f}",
                    f"{max(cli):.2f}",
                ],
                [
                    "open index + 1 hybrid search (stages script)",
                    f"{first_stages:.2f}",
                    f"{statistics.median(w for w, _ in stage_runs):.2f}",
                    f"{min(w for w, _ in stage_runs):.2f}",
                    f"{max(w for w, _ in stage_runs):.2f}",
                ],
            ],
        )
    )
    print()
    print("Stages of the median stages-script process (ms):")
    print()
    print(markdown_table(["stage", "ms"], rows))
    print()
    print(
        f"BM25 loaded, not rebuilt; saved BM25 files untouched; warm search in the same "
        f"process: {report['warm_search_ms']:.1f} ms"
    )
    if args.json:
        print(
            json.dumps(
                {
                    "cli_s": cli,
                    "stages": [r for _, r in stage_runs],
                    "walls_s": [w for w, _ in stage_runs],
                    "load_average": load,
                }
            )
        )


if __name__ == "__main__":
    main()
