"""Schemathesis against a live server on 127.0.0.1: every check it has, a fixed seed and
a bounded number of examples, so generated clients can trust the OpenAPI document. It
must find no 5xx and no response that breaks the declared schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import API_KEY, AppFactory, running_server

SEED = 20261202
# Examples per operation: the coverage phase (each boundary and invalid type the schema
# allows) runs whatever the number; this bounds fuzzing and stateful runs to about a minute.
MAX_EXAMPLES = 10
RUN_TIMEOUT_S = 300
# Drafting a roadmap or an assessment is real work (retrieval, the offline composer).
REQUEST_TIMEOUT_S = 60
# Every check is on unless turned off (each check's config defaults to enabled); naming
# them with --checks would override the per-operation setting below. JSON Schema cannot
# say "the last user or assistant message is the user's", so a conforming conversation
# may still be a 422 there (the rule is in the schema's description).
CONFIG = """\
[[operations]]
include-path = "/v1/chat/completions"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "422", "429", "5xx"]
"""


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    make_app: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    report = tmp_path / "report.json"
    # Rate limits off: the run is one client making hundreds of requests on purpose.
    with running_server(make_app(api_keys=API_KEY, rate_limit_per_minute=0)) as url:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "--no-color",
                "--config-file",
                str(config),
                "run",
                f"{url}/openapi.json",
                "--seed",
                str(SEED),
                "--max-examples",
                str(MAX_EXAMPLES),
                "--workers",
                "2",
                "--request-timeout",
                str(REQUEST_TIMEOUT_S),
                "--header",
                f"Authorization: Bearer {API_KEY}",
                "--generation-database",
                "none",
                "--report",
                "json",
                "--report-json-path",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            cwd=tmp_path,
        )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["complete"] and summary["failures"] == [] and summary["errors"] == []
    operations = summary["operations"]
    assert operations["tested"] == operations["total"] >= 19
    assert {name: phase["status"] for name, phase in summary["phases"].items()} == {
        name: "success" for name in ("examples", "coverage", "fuzzing", "stateful")
    }
