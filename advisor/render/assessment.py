"""A readiness assessment as a Markdown report, and the words every rendering of one
uses (dimension labels, levels, scores), so the page, the CLI and the charts agree.

Pure functions of the schema models, standard library only. Everything that comes from
the company or the model (name, evidence, gaps, recommendations, risks, steps,
questions, warnings) is Markdown-escaped with ``advisor.render.mdtext.escaped``: an
assessment quotes the user's text at length and its prose is written from it, so
neither may open a block, a link or raw HTML. Citations are numbered ``[1]``, ``[2]``
and listed once each under "Sources" with their section and quote.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.render.company import company_name, stage_words
from advisor.render.mdtext import escaped
from advisor.render.sources import Sources, footer, with_refs
from advisor.schemas import (
    DIMENSIONS,
    DimensionScore,
    ReadinessAssessment,
    ReadinessDimension,
    ReadinessLevel,
)

__all__ = [
    "DIMENSION_LABELS",
    "LEVEL_WORDS",
    "assessment_markdown",
    "ordered_dimensions",
    "overall_text",
    "score_text",
]

DIMENSION_LABELS: dict[ReadinessDimension, str] = {
    "business_alignment": "Business alignment",
    "data_readiness": "Data readiness",
    "integration": "Integration",
    "infrastructure": "Infrastructure",
    "governance_security": "Governance and security",
    "leadership": "Leadership",
    "change_management": "Change management",
    "focus": "Focus",
}
LEVEL_WORDS: dict[ReadinessLevel, str] = {
    "unknown": "unknown",
    "not_ready": "not ready",
    "weak": "weak",
    "developing": "developing",
    "ready": "ready",
}
NO_EVIDENCE = "no evidence"
_FROM = {"message": " (from the conversation)", "form": " (entered in the form)"}


def score_text(score: int | None) -> str:
    """``1 / 3``, or ``no evidence``: a missing score is not a zero."""
    return NO_EVIDENCE if score is None else f"{score} / 3"


def overall_text(score: float | None) -> str:
    return "not scored (no evidence)" if score is None else f"{score:.1f} / 3"


def ordered_dimensions(a: ReadinessAssessment) -> list[DimensionScore]:
    """All eight dimensions in playbook order: one the model left out is shown with no
    evidence rather than silently dropped (the first of duplicates wins)."""
    found: dict[str, DimensionScore] = {}
    for dim in a.dimensions:
        found.setdefault(dim.dimension, dim)
    return [found.get(d) or DimensionScore(dimension=d) for d in DIMENSIONS]


def _list(title: str, items: Sequence[str], ordered: bool = False) -> list[str]:
    rows = [r for r in (escaped(i) for i in items) if r]
    if not rows:
        return []
    marks = [f"{n}." if ordered else "-" for n in range(1, len(rows) + 1)]
    return [f"## {title}", "", *(f"{m} {r}" for m, r in zip(marks, rows, strict=True)), ""]


def _intro(a: ReadinessAssessment) -> list[str]:
    company = a.company
    facts = []
    if industry := company_name(company.industry):
        facts.append(industry)
    if company.employees:
        facts.append(f"about {company.employees:,} employees")
    if company.stage != "unknown":
        facts.append(f"stage: {stage_words(company.stage)}")
    lines = [f"*{'; '.join(facts)}*", ""] if facts else []
    level = LEVEL_WORDS[a.overall.level]
    lines += [
        "## Overall",
        "",
        f"**Overall readiness: {overall_text(a.overall.score)} — {level}.**",
    ]
    if summary := escaped(a.overall.summary):
        lines += ["", summary]
    return [*lines, ""]


def _table(dims: Sequence[DimensionScore]) -> list[str]:
    lines = ["## Scores", "", "| Dimension | Score | Level |", "| --- | --- | --- |"]
    for dim in dims:
        level = LEVEL_WORDS[dim.level].capitalize()
        lines.append(f"| {DIMENSION_LABELS[dim.dimension]} | {score_text(dim.score)} | {level} |")
    return [*lines, ""]


def _dimension(dim: DimensionScore, sources: Sources) -> list[str]:
    level = LEVEL_WORDS[dim.level]
    tail = NO_EVIDENCE if dim.score is None else f"{score_text(dim.score)}, {level}"
    lines = [f"## {DIMENSION_LABELS[dim.dimension]} — {tail}", ""]
    quotes = [
        f'- "{quote}"{_FROM.get(f.source, "")}'
        for f in dim.evidence
        if (quote := escaped(f.evidence))
    ]
    lines += ["### Evidence", "", *(quotes or ["*The description says nothing about this.*"]), ""]
    for title, items in (("Gaps", dim.gaps), ("Recommendations", dim.recommendations)):
        rows = [r for r in (escaped(i) for i in items) if r]
        if rows:
            lines += [f"### {title}", "", *(f"- {r}" for r in rows), ""]
    if refs := sources.refs(dim.citations):
        lines += [f"Why it matters, in the playbook: {refs}", ""]
    return lines


def _risks(a: ReadinessAssessment, sources: Sources) -> list[str]:
    rows = []
    for risk in a.top_risks:
        if text := escaped(risk.risk):
            item = f"- {text} ({DIMENSION_LABELS[risk.dimension]})"
            rows.append(with_refs(item, sources.refs(risk.citations)))
    return ["## Top risks", "", *rows, ""] if rows else []


def _open_questions(a: ReadinessAssessment) -> list[str]:
    rows = [q for q in (escaped(x) for x in a.company.open_questions) if q]
    if not rows:
        return []
    return [
        "## Open questions",
        "",
        "The description did not say these; answering them would sharpen the scores.",
        "",
        *(f"- {r}" for r in rows),
        "",
    ]


def assessment_markdown(a: ReadinessAssessment) -> str:
    """The assessment as a readable Markdown report (ends with a newline)."""
    who = company_name(a.company.name) or company_name(a.company.industry) or "your company"
    dims = ordered_dimensions(a)
    sources = Sources()
    lines = [f"# AI readiness: {who}", ""]
    lines += _intro(a)
    lines += _table(dims)
    for dim in dims:
        lines += _dimension(dim, sources)
    lines += _risks(a, sources)
    lines += _list("Next steps", a.next_steps, ordered=True)
    lines += _open_questions(a)
    lines += _list("Warnings", a.warnings)
    lines += sources.section()
    lines += footer(a.provider, a.prompt_version, a.playbook_version)
    return "\n".join(lines)
