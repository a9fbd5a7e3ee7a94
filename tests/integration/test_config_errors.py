"""A bad setting is one line on stderr and exit 2, for every command, and never shows a
secret: not the bad key, not the good keys beside it, not a URL's password (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.config import PROJECT_ROOT

VALID_KEY = "key-valid-0123456789abcdef"
SHORT_KEY = "tiny-k3y"
OPENAI_KEY = "sk-live-do-not-print-0123456789"
PASSWORD = "hunter2-pw-9876"
COMMANDS: list[list[str]] = [
    ["ingest"],
    ["search", "pilot"],
    ["chunk", "some-chunk-id"],
    ["ask", "How long does the pilot phase take?"],
    ["roadmap", "Acme is a 300-person manufacturer."],
    ["assess", "Acme is a 300-person manufacturer."],
    ["governance", "Who should own our AI models?"],
    ["chat"],
    ["serve", "--host", "0.0.0.0", "--port", "1"],
    ["eval"],
]


def advisor(tmp_path: Path, args: list[str], **settings: str) -> subprocess.CompletedProcess[str]:
    """`advisor ARGS` in a clean environment plus `settings`, from an empty directory (no
    stray .env)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    env |= {
        "ADVISOR_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(PROJECT_ROOT),
        **settings,
    }
    return subprocess.run(
        [sys.executable, "-m", "advisor.cli", *args],
        env=env,
        cwd=tmp_path,
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# `advisor eval` announces itself before it reads the settings (advisor/cli/eval_command.py).
ANNOUNCED = "Running the evals with the offline provider…"


def assert_one_clean_line(
    result: subprocess.CompletedProcess[str], names: str, *secrets: str
) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output and "validation error" not in output, output
    lines = [line for line in result.stderr.strip().splitlines() if line != ANNOUNCED]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stderr.strip().endswith(lines[0])
    assert names in lines[0], lines[0]
    for secret in secrets:
        assert secret not in output, output
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("args", COMMANDS, ids=[args[0] for args in COMMANDS])
def test_a_short_api_key_is_one_line_without_any_key(tmp_path: Path, args: list[str]) -> None:
    result = advisor(
        tmp_path,
        args,
        ADVISOR_API_KEYS=f"{VALID_KEY},{SHORT_KEY}",
        OPENAI_API_KEY=OPENAI_KEY,
    )
    line = assert_one_clean_line(result, "ADVISOR_API_KEYS", SHORT_KEY, VALID_KEY, OPENAI_KEY)
    assert "16 characters" in line


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("ADVISOR_LLM_MAX_RETRIES", "three", "integer"),
        ("ADVISOR_LLM_TIMEOUT_S", "-5", "greater than 0"),
        ("ADVISOR_MAX_BODY_BYTES", "1e99x", "integer"),
        ("ADVISOR_LLM", "gpt", "'auto', 'openai' or 'offline'"),
        ("ADVISOR_API_KEYS", "changeme", "placeholder"),
        ("OPENAI_BASE_URL", f"ftp://admin:{PASSWORD}@llm.internal/v1", "http"),
        ("OPENAI_BASE_URL", f"llm.internal:{PASSWORD}", "http"),
        ("ADVISOR_CHROMA_URL", f"http://[::1:{PASSWORD}", "http"),
        ("ADVISOR_SHUTDOWN_GRACE_S", "soon", "integer"),
    ],
)
@pytest.mark.parametrize(
    "command", [["search", "pilot"], ["serve", "--host", "0.0.0.0", "--port", "1"]]
)
def test_every_bad_setting_is_one_line_naming_it(
    tmp_path: Path, command: list[str], setting: str, value: str, says: str
) -> None:
    result = advisor(tmp_path, command, **{setting: value, "OPENAI_API_KEY": OPENAI_KEY})
    line = assert_one_clean_line(result, setting, OPENAI_KEY, PASSWORD)
    assert says in line
    if len(value) > 3:
        assert value not in line  # what is wrong is said; the value is not repeated


def test_several_bad_settings_are_named_on_one_line(tmp_path: Path) -> None:
    result = advisor(
        tmp_path,
        ["search", "pilot"],
        ADVISOR_API_KEYS=SHORT_KEY,
        ADVISOR_LLM_MAX_RETRIES="99",
        ADVISOR_LLM="nope",
    )
    line = assert_one_clean_line(result, "ADVISOR_API_KEYS", SHORT_KEY)
    assert "ADVISOR_LLM_MAX_RETRIES" in line and "ADVISOR_LLM:" in line
