"""`advisor serve` started while an ingest holds the index's writer lock: it says it is
waiting, starts once the lock is free, and past the bound exits 2 with one clear line."""

from __future__ import annotations

import contextlib
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from filelock import FileLock

from advisor import cli
from advisor.config import get_settings
from advisor.knowledge import ingest
from tests.api.conftest import free_port
from tests.api.test_serve_process import _env

WAITING = "waiting for another process to finish writing the index"
START_S = 120  # generous: a cold start embeds the whole playbook


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """The process's output, line by line, read on a thread so waiting on it is bounded."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_serve_waits_for_the_ingest_then_starts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lock = FileLock(str(data / "index.lock"))
    lock.acquire()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor.cli", "serve", "--port", str(port)],
        env=_env(data),
        cwd=data,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    try:
        lines = _lines(process)
        deadline = time.monotonic() + START_S
        while not any(WAITING in line for line in seen):
            assert process.poll() is None, "".join(seen)
            assert time.monotonic() < deadline, "serve never said it was waiting"
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=1))
        assert process.poll() is None  # still waiting, not failed
        lock.release()
        while True:
            assert process.poll() is None, "".join(seen)
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "serve did not start after the ingest ended"
            time.sleep(0.3)
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/ask",
            json={"question": "How long does the pilot phase take?"},
            timeout=60,
        )
        assert answer.status_code == 200 and answer.json()["citations"]
    finally:
        if lock.is_locked:
            lock.release()
        process.kill()
        process.wait(timeout=30)
    while not lines.empty():
        seen.append(lines.get())
    assert "Traceback" not in "".join(seen)


def test_serve_gives_up_with_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(data))
    # raising=False: on a tree without the bound the test still runs, and fails on what
    # serve does (the message below names the bound, so a misspelt name fails too).
    monkeypatch.setattr(ingest, "WRITER_WAIT_S", 0.6, raising=False)
    monkeypatch.setattr(ingest, "WRITER_WAIT_REPORT_S", 0.2, raising=False)
    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    monkeypatch.setattr(sys, "argv", ["advisor", "serve", "--port", str(free_port())])
    get_settings.cache_clear()
    lock = FileLock(str(data / "index.lock"))
    lock.acquire()
    try:
        with pytest.raises(SystemExit) as exited:
            cli.main()
    finally:
        lock.release()
        get_settings.cache_clear()
    assert exited.value.code == 2
    assert not served  # it never started a server on a locked index
    err = capsys.readouterr().err
    assert WAITING in err and "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: another process is still writing to the index in {data} after 1 s; "
        "start again when it has finished"
    ]
