"""Model-server failures reach the CLI user as one clear line and exit code 1."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import pytest

from tests.integration.cli import ADVISOR, run
from tests.model_server import model_server


def overloaded(body: bytes) -> tuple[int, bytes]:
    return 503, json.dumps({"error": {"message": "overloaded", "type": "server_error"}}).encode()


@pytest.fixture
def failing_server() -> Iterator[str]:
    with model_server(overloaded) as url:
        yield url


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
