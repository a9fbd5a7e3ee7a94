"""What the model is asked to return: the outputs minus what code fills in (ids,
provider, versions, warnings). Same bounds as advisor.schemas, so nothing unbounded
comes back."""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.schemas import (
    CompanyProfile,
    GovernanceArea,
    PhaseName,
    Priority,
)


class DraftCitation(BaseModel):
    chunk_id: str = Field(description="chunk_id of one of the given passages.", max_length=200)
    quote: str = Field(
        description="An exact excerpt of that passage, copied character for character.",
        min_length=1,
        max_length=300,
    )


class AnswerDraft(BaseModel):
    answer: str = Field(
        description="Two to five sentences answering the question.", max_length=4000
    )
    grounded: bool = Field(description="False when the passages do not cover the question.")
    citations: list[DraftCitation] = Field(default_factory=list, max_length=8)


class PhaseDraft(BaseModel):
    phase: PhaseName
    title: str = Field(max_length=120)
    start_month: int = Field(ge=0, le=36)
    end_month: int = Field(ge=0, le=36)
    objectives: list[str] = Field(default_factory=list, max_length=8)
    activities: list[str] = Field(default_factory=list, max_length=12)
    deliverables: list[str] = Field(default_factory=list, max_length=8)
    success_metrics: list[str] = Field(default_factory=list, max_length=8)
    risks: list[str] = Field(default_factory=list, max_length=8)
    citations: list[DraftCitation] = Field(default_factory=list, max_length=8)


class UseCaseDraft(BaseModel):
    name: str = Field(max_length=120)
    business_objective: str = Field(max_length=300)
    rationale: str = Field(max_length=600)
    priority: Priority = "high"
    citations: list[DraftCitation] = Field(default_factory=list, max_length=6)


class RoadmapDraft(BaseModel):
    company: CompanyProfile
    phases: list[PhaseDraft] = Field(max_length=5)
    use_cases: list[UseCaseDraft] = Field(default_factory=list, max_length=3)
    risks: list[str] = Field(default_factory=list, max_length=12)
    assumptions: list[str] = Field(default_factory=list, max_length=12)


class RecommendationDraft(BaseModel):
    action: str = Field(max_length=400)
    rationale: str = Field(max_length=800)
    area: GovernanceArea = "general"
    citations: list[DraftCitation] = Field(default_factory=list, max_length=6)


class GovernanceDraft(BaseModel):
    summary: str = Field(max_length=2000)
    grounded: bool
    recommendations: list[RecommendationDraft] = Field(default_factory=list, max_length=10)
    citations: list[DraftCitation] = Field(default_factory=list, max_length=8)
