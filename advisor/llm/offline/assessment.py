"""The offline readiness assessment: per dimension the gaps the company's own words
show, the playbook's reason the dimension matters and what it says to do, each cited.

Scores and evidence come from the company layer (advisor.company.readiness); this
module only writes around them, so it never scores what the text does not show.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.company.readiness import DimensionReading, readiness_summary, weakest
from advisor.llm.base import AssessmentTask
from advisor.llm.offline.text import capitalize, clip
from advisor.readiness import SPECS, playbook_sentence
from advisor.schemas import (
    Chunk,
    Citation,
    DimensionScore,
    OverallReadiness,
    ReadinessAssessment,
    ReadinessRisk,
)

MAX_NEXT_STEPS = 6


def _quote(text: str) -> str:
    return f"\u201c{clip(text, 160)}\u201d"


def _why(chunks: Sequence[Chunk], dim: DimensionReading) -> Citation | None:
    return playbook_sentence(chunks, SPECS[dim.dimension].why)


def _act(chunks: Sequence[Chunk], dim: DimensionReading) -> Citation | None:
    spec = SPECS[dim.dimension]
    return playbook_sentence(chunks, spec.act, spec.phase)


def _dimension(chunks: Sequence[Chunk], dim: DimensionReading) -> DimensionScore:
    spec = SPECS[dim.dimension]
    why, act = _why(chunks, dim), _act(chunks, dim)
    gaps = [f"{capitalize(g.label)}: {_quote(g.fact.evidence)}" for g in dim.gaps]
    recommendations: list[str] = []
    if dim.score is None:
        gaps.append(f"The description says nothing about {spec.label.lower()}.")
        recommendations.append(f"Find out: {spec.question}")
    elif dim.score <= 1:
        recommendations.append(f"{spec.action} (the playbook puts this in the {spec.phase} phase).")
    elif dim.score == 2:
        strengths = "; ".join(s.label for s in dim.strengths[:2])
        recommendations.append(
            f"Build on what is there ({strengths}) and keep it in view as the work scales."
        )
    if act is not None and dim.score is not None and dim.score <= 2:
        recommendations.append(f"The playbook: {act.quote}")
    citations = [c for c in (why, act) if c is not None]
    return dim.scored(gaps[:6], recommendations[:6], list({c.quote: c for c in citations}.values()))


def _overall(dims: list[DimensionReading]) -> OverallReadiness:
    summary = readiness_summary(dims)
    score, known = summary.overall, [d for d in dims if d.score is not None]
    weak = weakest(dims, limit=len(dims))
    unknown = [SPECS[d.dimension].label.lower() for d in dims if d.score is None]
    parts = []
    if score is None:
        parts.append("The description gives no evidence on any readiness dimension yet.")
    else:
        parts.append(
            f"{len(known)} of 8 dimensions could be scored from the description; their mean "
            f"is {score} of 3 ({summary.level.replace('_', ' ')})."
        )
    if weak:
        named = ", ".join(f"{SPECS[d.dimension].label.lower()} ({d.score})" for d in weak)
        parts.append(f"Weakest: {named}.")
    if unknown:
        parts.append(f"No evidence on: {', '.join(unknown)}.")
    return OverallReadiness(score=score, level=summary.level, summary=" ".join(parts))


def compose_assessment(task: AssessmentTask) -> ReadinessAssessment:
    dims = task.dimensions
    scored = [_dimension(task.chunks, d) for d in dims]
    risks: list[ReadinessRisk] = []
    for dim in weakest(dims, limit=5):
        spec = SPECS[dim.dimension]
        why = _why(task.chunks, dim)
        if why is None:
            continue  # a risk is stated with the playbook's reason or not at all
        lead = dim.gaps[0]
        risks.append(
            ReadinessRisk(
                risk=f"{spec.label} ({dim.score} of 3): {lead.label}, "
                f"{_quote(lead.fact.evidence)}.",
                dimension=dim.dimension,
                citations=[why],
            )
        )
    steps = [f"{SPECS[d.dimension].action}." for d in weakest(dims, limit=4)]
    steps += [f"Find out: {SPECS[d.dimension].question}" for d in dims if d.score is None]
    return ReadinessAssessment(
        company=task.reading.profile,
        dimensions=scored,
        overall=_overall(dims),
        top_risks=risks,
        next_steps=steps[:MAX_NEXT_STEPS],
        provider="offline",
    )
