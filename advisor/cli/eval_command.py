"""`advisor eval`: the offline evals and their quality gates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from advisor.cli.common import JsonOpt, app, err, out, print_json
from advisor.config import get_settings


@app.command("eval")
def eval_command(
    provider: Annotated[
        Literal["offline", "replay", "live"],
        typer.Option("--provider", help="offline rules, recorded model replies, or a live server."),
    ] = "offline",
    cases: Annotated[
        Path | None,
        typer.Option(
            "--cases",
            help="Cases directory (default: evals/cases offline, evals/cases-local for "
            "replay and live).",
        ),
    ] = None,
    report_dir: Annotated[
        Path | None, typer.Option("--report-dir", help="Where the reports go.")
    ] = None,
    cassette: Annotated[
        Path | None,
        typer.Option(
            "--cassette",
            help="Recorded model replies that live writes and replay reads "
            "(default: evals/cassettes/openai.json).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the eval cases, write the reports, exit non-zero below any threshold."""
    from advisor.evals.run import run_eval
    from api.app import app_for_advisor

    settings = get_settings()  # a configuration error is then the only line printed
    err.print(f"Running the evals with the {provider} provider…")
    outcome = run_eval(
        settings, app_for_advisor, provider, cases, report_dir, cassette_path=cassette
    )
    if as_json:
        print_json(
            {
                "provider": outcome.provider,
                "passed": outcome.passed,
                "metrics": outcome.metrics,
                "thresholds": outcome.thresholds,
                "missed": outcome.missed,
                "report": str(outcome.md_report),
            }
        )
    else:
        for name, value in outcome.metrics.items():
            shown = "—" if value is None else f"{value:.3f}"
            out.print(f"{name:22} {shown}", highlight=False)
        out.print(f"report: {outcome.md_report}", highlight=False)
    if outcome.missed:
        for miss in outcome.missed:
            err.print(f"threshold missed: {miss}", markup=False, highlight=False)
        raise typer.Exit(1)
