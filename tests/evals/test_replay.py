"""Live recording and replay of the openai path: record against a real HTTP server on
127.0.0.1 (a scripted model), replay offline, and fail loudly when prompts change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from advisor.config import DEFAULT_PROMPTS_DIR, Settings
from advisor.evals.cassettes import CassetteMiss
from advisor.evals.run import run_eval
from api.app import app_for_advisor
from tests.model_server import model_server
from tests.openai_mock import scripted_model

CASES = {
    "questions.yaml": """
- id: q-pilot
  question: How long does the pilot phase take?
  relevant_sections: ["Phase 2: Pilot Development and Validation"]
""",
    "roadmaps.yaml": """
- id: r-acme
  description: "Acme Tools is a 300-person manufacturer. We want to predict machine failures."
  expect: {horizon_months: 12}
""",
    "governance.yaml": """
- id: g-owner
  question: Who should own our AI models?
  relevant_sections: ["Ownership and accountability"]
""",
    "adversarial.yaml": """
- id: a-oos
  kind: out_of_scope
  question: What is the capital of Australia?
  grounded: false
""",
}


def scripted_reply(body: bytes) -> tuple[int, bytes]:
    request = httpx.Request("POST", "http://model/v1/chat/completions", content=body)
    response = scripted_model(request)
    return response.status_code, response.content


@pytest.fixture
def model_url() -> Iterator[str]:
    with model_server(scripted_reply) as url:
        yield url


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    directory = tmp_path / "cases"
    directory.mkdir()
    for name, text in CASES.items():
        (directory / name).write_text(text)
    return directory


def test_record_then_replay_then_fail_on_a_prompt_change(
    tmp_path: Path, model_url: str, cases: Path
) -> None:
    cassette = tmp_path / "cassettes" / "openai.json"
    base = Settings(
        data_dir=tmp_path / "data",
        openai_api_key=SecretStr("sk-live-secret-123456"),
        openai_base_url=model_url,
        model="scripted-model",
        _env_file=None,  # type: ignore[call-arg]
    )
    live = run_eval(
        base, app_for_advisor, "live", cases, tmp_path / "reports", cassette_path=cassette
    )
    assert live.passed, live.missed
    recorded = cassette.read_text()
    assert "sk-live-secret" not in recorded
    assert len(json.loads(recorded)["exchanges"]) >= 3

    replay = run_eval(
        base.model_copy(update={"openai_api_key": None, "openai_base_url": None}),
        app_for_advisor,
        "replay",
        cases,
        tmp_path / "reports",
        cassette_path=cassette,
    )
    assert replay.passed, replay.missed
    assert replay.metrics["citation_validity"] == 1.0
    assert replay.metrics["schema_validity"] == 1.0
    assert replay.metrics["invariant_pass_rate"] == 1.0
    assert replay.metrics["api_consistency"] == 1.0
    assert (tmp_path / "reports" / "replay.md").exists()

    prompts = tmp_path / "prompts"
    shutil.copytree(DEFAULT_PROMPTS_DIR, prompts)
    (prompts / "answer.md").write_text((prompts / "answer.md").read_text() + "\nBe terse.\n")
    with pytest.raises(CassetteMiss, match="re-record"):
        run_eval(
            base.model_copy(update={"prompts_dir": prompts}),
            app_for_advisor,
            "replay",
            cases,
            tmp_path / "reports",
            cassette_path=cassette,
        )


def test_replay_without_cassettes_says_how_to_record(tmp_path: Path, cases: Path) -> None:
    base = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(CassetteMiss, match="--provider live"):
        run_eval(
            base,
            app_for_advisor,
            "replay",
            cases,
            tmp_path / "r",
            cassette_path=tmp_path / "none.json",
        )
