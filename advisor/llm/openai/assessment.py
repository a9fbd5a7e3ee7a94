"""The readiness draft the model writes: per dimension the gaps, recommendations and
citations around scores that code has already read from the description. The scores
and their evidence are given to the model and set again by code; it cannot change them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.llm.base import AssessmentTask
from advisor.llm.openai.drafts import DraftCitation, Item, citations
from advisor.readiness import SPECS
from advisor.schemas import (
    OverallReadiness,
    ReadinessAssessment,
    ReadinessDimension,
    ReadinessRisk,
)


class DimensionDraft(BaseModel):
    dimension: ReadinessDimension
    gaps: list[Item] = Field(
        default_factory=list, description="What the evidence shows is missing.", max_length=6
    )
    recommendations: list[Item] = Field(
        description="What the playbook says to do about it, for this company.",
        min_length=1,
        max_length=6,
    )
    citations: list[DraftCitation] = Field(
        description="Passages saying why the dimension matters.", min_length=1, max_length=4
    )


class RiskDraft(BaseModel):
    risk: Item
    dimension: ReadinessDimension
    citations: list[DraftCitation] = Field(min_length=1, max_length=4)


class AssessmentDraft(BaseModel):
    """Readiness advice around the given scores, grounded in the passages."""

    dimensions: list[DimensionDraft] = Field(
        description="One entry for each of the eight dimensions.", max_length=8
    )
    summary: str = Field(description="Two to four sentences on overall readiness.", max_length=1200)
    top_risks: list[RiskDraft] = Field(default_factory=list, max_length=5)
    next_steps: list[Item] = Field(default_factory=list, max_length=8)


def scores_text(task: AssessmentTask) -> str:
    """The scores and evidence code read, as the model sees them."""
    lines = []
    for dim in task.dimensions:
        label = SPECS[dim.dimension].label
        if dim.score is None:
            lines.append(f"- {dim.dimension} ({label}): no evidence in the description")
            continue
        said = "; ".join(f'{f.label}: "{f.fact.evidence}"' for f in dim.findings[:3])
        lines.append(f"- {dim.dimension} ({label}): {dim.score} of 3. {said}")
    return "\n".join(lines)


def to_assessment(draft: AssessmentDraft, task: AssessmentTask) -> ReadinessAssessment:
    drafted = {d.dimension: d for d in draft.dimensions}
    dimensions = [
        dim.scored(
            d.gaps,
            d.recommendations,
            citations(d.citations, task.chunks, " ".join([*d.gaps, *d.recommendations])),
        )
        if (d := drafted.get(dim.dimension))
        else dim.scored()
        for dim in task.dimensions
    ]
    return ReadinessAssessment(
        company=task.reading.profile,
        dimensions=dimensions,
        overall=OverallReadiness(summary=draft.summary),
        top_risks=[
            ReadinessRisk(
                risk=r.risk,
                dimension=r.dimension,
                citations=citations(r.citations, task.chunks, r.risk),
            )
            for r in draft.top_risks
        ],
        next_steps=draft.next_steps,
        provider="openai",
    )
