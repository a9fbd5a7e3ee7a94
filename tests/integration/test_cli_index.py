"""The index commands as a user runs them: separate processes, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.cli import run


def test_index_survives_a_restart_and_second_ingest_is_a_no_op(env: dict[str, str]) -> None:
    # The first command a new user runs is a search: it must index first.
    searched = run(env, "search", "how long does the pilot phase take", "--json")
    assert searched.returncode == 0, searched.stderr
    hits = json.loads(searched.stdout)
    assert hits[0]["phase"] == "pilot"
    assert set(hits[0]) == {"chunk_id", "source", "section", "phase", "text", "score", "questions"}

    again = run(env, "ingest", "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert set(summary) == {"documents", "chunks", "added", "updated", "removed", "unchanged"}
    assert (summary["added"], summary["updated"], summary["removed"]) == (0, 0, 0)
    assert summary["unchanged"] == summary["chunks"] > 0

    shown = run(env, "chunk", hits[0]["chunk_id"], "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["text"] == hits[0]["text"]


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        (lambda k: None, "does-not-exist"),
        (lambda k: (k / "bad.md").write_text("---\nphase: lunch\n---\n# Bad\n\nText.\n"), "bad.md"),
        (lambda k: (k / "blob.md").write_bytes(b"\x00\x01\x02binary"), "blob.md"),
        (
            lambda k: (k / "latin.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1")),
            "latin.txt",
        ),
    ],
    ids=["unknown-dir", "invalid-front-matter", "binary", "not-utf8"],
)
def test_bad_input_exits_2_naming_the_file_and_keeps_the_index(
    env: dict[str, str],
    knowledge_copy: Path,
    setup,
    needle: str,  # type: ignore[no-untyped-def]
) -> None:
    first = run(env, "ingest", "--json")
    assert first.returncode == 0, first.stderr
    chunks = json.loads(first.stdout)["chunks"]

    setup(knowledge_copy)
    args = ["ingest", "--json"]
    if needle == "does-not-exist":
        args += ["--path", str(knowledge_copy / needle)]
    bad = run(env, *args)
    assert bad.returncode == 2
    assert needle in bad.stderr
    assert "Traceback" not in bad.stderr

    for path in knowledge_copy.glob("*"):
        if path.is_file():
            path.unlink()
    after = run(env, "ingest", "--json")
    assert json.loads(after.stdout)["unchanged"] == chunks


def test_empty_knowledge_dir_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(env, "ingest", "--path", str(empty))
    assert result.returncode == 2
    assert "empty" in result.stderr.lower() and "Traceback" not in result.stderr


def test_a_second_writer_gets_a_clear_error(env: dict[str, str]) -> None:
    lock_path = Path(env["ADVISOR_DATA_DIR"]) / "index.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from filelock import FileLock;"
            f"lock = FileLock({str(lock_path)!r}); lock.acquire();"
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = run(env, "ingest", timeout=60)
        assert time.monotonic() - started < 30  # refused at once, no hang
        assert result.returncode != 0
        assert "another process is writing" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    ok = run(env, "ingest", "--json")
    assert ok.returncode == 0, ok.stderr


def test_unknown_phase_and_empty_query_exit_2(env: dict[str, str]) -> None:
    assert run(env, "search", "pilot", "--phase", "lunch").returncode == 2
    assert run(env, "search", "   ").returncode == 2
    missing = run(env, "chunk", "no-such-chunk")
    assert missing.returncode != 0 and "no-such-chunk" in missing.stderr
