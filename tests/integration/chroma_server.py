"""A real `chroma run` server on 127.0.0.1 for the tests that use one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaProcess:
    """`chroma run` on one loopback port and data path; stop() and start() again on the
    same ones, as an operator restarting the server would."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which(
            "chroma"
        )
        if exe is None:
            raise RuntimeError("the `chroma` command (shipped with chromadb) is not installed")
        self.exe = exe
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        self.log = (self.path.parent / f"chroma-{self.port}.log").open("ab")
        command = [self.exe, "run", "--path", str(self.path)]
        self.proc = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("chroma run did not come up in time") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self.log is not None:
            self.log.close()
            self.log = None


@contextmanager
def chroma_server(path: Path, timeout: float = 60.0) -> Iterator[str]:
    """Start `chroma run` on a free loopback port; yield its URL; stop it afterwards."""
    server = ChromaProcess(path)
    try:
        server.start(timeout)
        yield server.url
    finally:
        server.stop()
