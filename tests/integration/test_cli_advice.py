"""ask, roadmap and governance from the command line, offline, as separate processes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.integration.cli import run

COMPANY = (
    "Harbor Retail is a 300-person retail chain. We want to forecast demand for our stores. "
    "Our sales data sits in spreadsheets."
)


def test_roadmap_markdown_json_and_gantt(env: dict[str, str], tmp_path: Path) -> None:
    chart = tmp_path / "plan.svg"
    md = run(env, "roadmap", COMPANY, "--format", "md", "--gantt", str(chart))
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# AI roadmap: Harbor Retail")
    assert md.stdout.count("\n## Phase ") == 5 and "## Sources" in md.stdout
    bars = ET.fromstring(chart.read_text()).findall(".//{http://www.w3.org/2000/svg}rect")
    assert sum(1 for b in bars if b.get("class") == "phase-bar") == 5

    data = json.loads(run(env, "roadmap", COMPANY, "--json", "--horizon-months", "18").stdout)
    assert data["horizon_months"] == 18 and data["phases"][-1]["end_month"] == 18
    assert data["provider"] == "offline" and data["company"]["employees"] == 300


def test_roadmap_from_file(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "company.txt"
    path.write_text(COMPANY)
    assert run(env, "roadmap", "--file", str(path), "--json").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["roadmap", "   "], "empty"),
        (["roadmap", "x" * 20_001], "limit"),
        (["roadmap", COMPANY, "--horizon-months", "40"], "6 to 36"),
        (["ask", ""], "empty"),
        (["governance", "  "], "empty"),
        (["ask", "?!..."], "no words"),
        (["roadmap", "... ???"], "no words"),
    ],
    ids=[
        "empty",
        "too-long",
        "horizon",
        "empty-question",
        "empty-governance",
        "punctuation-question",
        "punctuation-description",
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    env: dict[str, str],
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    chart = tmp_path / "never.svg"
    result = run(env, *args, "--gantt", str(chart)) if args[0] == "roadmap" else run(env, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "" and not chart.exists()


def test_non_utf8_file_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 Soci\xe9t\xe9 wants AI".encode("latin-1"))
    result = run(env, "roadmap", "--file", str(path))
    assert result.returncode == 2 and "not UTF-8" in result.stderr


def test_ask_and_governance_json(env: dict[str, str]) -> None:
    answer = json.loads(run(env, "ask", "How long does the pilot phase take?", "--json").stdout)
    assert answer["grounded"] and answer["citations"]
    assert "month 2" in answer["answer"] and "month 5" in answer["answer"]
    off = json.loads(run(env, "ask", "What is the capital of Australia?", "--json").stdout)
    assert off["grounded"] is False and off["citations"] == []
    gov = json.loads(run(env, "governance", "How do we monitor models?", "--json").stdout)
    assert gov["grounded"] and gov["recommendations"]
