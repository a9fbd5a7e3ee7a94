"""Model-server failures reach the CLI user as one clear line and exit code 1."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.integration.cli import ADVISOR, run


class Failing(BaseHTTPRequestHandler):
    status = 503

    def do_POST(self) -> None:
        body = json.dumps({"error": {"message": "overloaded", "type": "server_error"}}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_provider_failure_exits_1_without_traceback(
    env: dict[str, str], failing_server: str
) -> None:
    env = env | {
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": failing_server,
        "ADVISOR_LLM_MAX_RETRIES": "1",
    }
    result = run(env, "ask", "How long does the pilot phase take?", "--json")
    assert result.returncode == 1
    assert "error:" in result.stderr and "503" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_chat_reads_messages_from_stdin(env: dict[str, str]) -> None:
    messages = "What happens in the pilot phase?\nand how long does that take?\n"
    result = subprocess.run(
        [*ADVISOR, "chat", "--json"],
        env=env,
        input=messages,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 2
    assert replies[0]["session_id"] == replies[1]["session_id"]
    assert "month 2" in replies[1]["answer"]["answer"]
