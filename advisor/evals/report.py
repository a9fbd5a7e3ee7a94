"""Eval reports: `<provider>.json` with every figure, `<provider>.md` for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.evals import company_metrics as cm
from advisor.evals.runner import SPLITS, CaseResult

Thresholds = dict[str, dict[str, float]]


def compare(metrics: dict[str, float | None], thresholds: Thresholds) -> list[str]:
    """Each threshold missed, as a sentence."""
    missed = []
    for name, bound in thresholds.items():
        value = metrics.get(name)
        if value is None:
            missed.append(f"{name}: not measured (no case exercises it)")
            continue
        if "min" in bound and value < bound["min"]:
            missed.append(f"{name} = {value:.3f} is below the minimum {bound['min']}")
        if "max" in bound and value > bound["max"]:
            missed.append(f"{name} = {value:.3f} is above the maximum {bound['max']}")
    return missed


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _rule(bound: dict[str, float]) -> str:
    return " ".join(f"{k} {v}" for k, v in bound.items())


def field_table(metrics: dict[str, float | None], thresholds: Thresholds) -> list[str]:
    """The companies suite's per-field precision and recall for each split, each value
    with its threshold; nothing when no company case ran."""
    if not any(cm.is_field_metric(name) for name in metrics):
        return []
    heads = [f"{pr} {split}" for split in SPLITS for pr in ("P", "R")]
    lines = [
        "",
        "## Company profile fields",
        "",
        "Micro-averaged over each split's cases (`p_<field>`, `r_<field>`; holdout with "
        "`@holdout`); a field never predicted (or never expected) is vacuously 1.0, "
        "`goal` is scored for recall only.",
        "",
        f"| field | {' | '.join(heads)} |",
        "|---" * (len(heads) + 1) + "|",
    ]
    for field in cm.FIELDS:
        cells = []
        for suffix in SPLITS.values():
            for pr in ("p", "r"):
                name = f"{pr}_{field}{suffix}"
                if name not in metrics:
                    cells.append("—")
                    continue
                rule = _rule(thresholds.get(name, {}))
                cells.append(_fmt(metrics[name]) + (f" ({rule})" if rule else ""))
        lines.append(f"| {field} | {' | '.join(cells)} |")
    return lines


def write_reports(
    directory: Path,
    provider: str,
    metrics: dict[str, float | None],
    thresholds: Thresholds,
    missed: list[str],
    results: list[CaseResult],
    meta: dict[str, Any],
) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    data = {
        "provider": provider,
        "passed": not missed,
        "metrics": metrics,
        "thresholds": thresholds,
        "missed": missed,
        "meta": meta,
        "cases": [
            {
                "id": r.id,
                "group": r.group,
                "kind": r.kind,
                **({"split": r.split} if r.split else {}),
                "passed": r.passed,
                "failures": r.failures,
                "scores": r.scores,
                "output": r.output,
                **({"detail": r.company.detail()} if r.company is not None else {}),
            }
            for r in results
        ],
    }
    json_path = directory / f"{provider}.json"
    json_path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    lines = [
        f"# Eval report: {provider} provider",
        "",
        f"{'PASSED' if not missed else 'FAILED'}: {sum(r.passed for r in results)} of "
        f"{len(results)} cases passed all their checks. "
        f"Cases from `{meta.get('cases_dir')}`, prompts {meta.get('prompt_version')}.",
        "",
        "## Metrics",
        "",
        "| metric | value | threshold |",
        "|---|---|---|",
    ]
    for name, value in metrics.items():
        if cm.is_field_metric(name):
            continue
        lines.append(
            f"| {name} | {_fmt(value)} | {_rule(thresholds.get(name, {})) or 'reported'} |"
        )
    lines += field_table(metrics, thresholds)
    if missed:
        lines += ["", "## Thresholds missed", "", *(f"- {m}" for m in missed)]
    lines += [
        "",
        "## Cases",
        "",
        "| case | kind | result | why it failed |",
        "|---|---|---|---|",
    ]
    for r in results:
        why = "; ".join(f.replace("|", "/") for f in r.failures) or ""
        kind = f"{r.kind} ({r.split})" if r.split else r.kind
        lines.append(f"| {r.id} | {kind} | {'pass' if r.passed else 'FAIL'} | {why} |")
    md_path = directory / f"{provider}.md"
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return json_path, md_path
