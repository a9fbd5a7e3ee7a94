"""What the model is asked to return: the outputs minus what code fills in (ids,
provider, versions, warnings, citation sources). Same bounds as advisor.schemas, so
nothing unbounded comes back; the JSON schema of these models is what the model sees.

A roadmap draft names each of the five phases as a required key and carries no months:
the phase rules of the playbook hold by construction, whatever the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from advisor.company import phase_statuses
from advisor.grounding import phase_windows
from advisor.llm.base import AnswerTask, GovernanceTask, RoadmapTask
from advisor.llm.openai.quotes import DRAFT_QUOTE_MAX, QUOTE_MAX, fitted_quote
from advisor.schemas import (
    MAX_USE_CASES,
    PHASE_ORDER,
    Answer,
    Chunk,
    Citation,
    CompanyProfile,
    DataMaturity,
    Fact,
    GovernanceAnswer,
    GovernanceArea,
    PhasePlan,
    Priority,
    Recommendation,
    Roadmap,
    UseCase,
)

# List items are unbounded in advisor.schemas; a draft bounds them too.
Item = Annotated[str, StringConstraints(max_length=600)]


def _lowered(value: object) -> object:
    """Models sometimes capitalise enum values ("Discovery"); that is not an error."""
    return value.strip().lower() if isinstance(value, str) else value


TITLE_MAX = 120


def _title(value: object) -> object:
    """A heading the model wrote too long is cut at a word boundary, not a failed draft:
    the phase's content is in its lists, and a retry for a title wastes a model call."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or text[: TITLE_MAX - 1]) + "…"


class DraftCitation(BaseModel):
    chunk_id: str = Field(description="chunk_id of one of the given passages.", max_length=200)
    # The model is asked for at most 300 characters; a longer verbatim quote is trimmed
    # (advisor.llm.openai.quotes), not refused, so the bound taken is a larger one.
    quote: str = Field(
        description="An exact excerpt of that passage, copied character for character "
        "(1-300 characters).",
        min_length=1,
        max_length=DRAFT_QUOTE_MAX,
        json_schema_extra={"maxLength": QUOTE_MAX},
    )


class AnswerDraft(BaseModel):
    """A short answer to the question, grounded in the passages."""

    answer: str = Field(
        description="Two to five sentences answering the question.", max_length=4000
    )
    grounded: bool = Field(
        description="False when the passages do not cover the question; then cite nothing."
    )
    citations: list[DraftCitation] = Field(default_factory=list, max_length=12)


class FactDraft(BaseModel):
    field: str = Field(
        description="name, employees, industry, goals, systems, regulations or constraints.",
        max_length=40,
    )
    value: str = Field(description="What the description states.", max_length=300)
    evidence: str = Field(
        description="The words of the description that state it, copied exactly.",
        min_length=1,
        max_length=300,
    )


class CompanyDraft(BaseModel):
    """The profile as the model reads it; the company layer holds it to the text."""

    name: str | None = Field(default=None, description="Company name if stated.", max_length=120)
    industry: str | None = Field(
        default=None, description="Industry, e.g. logistics.", max_length=80
    )
    employees: int | None = Field(
        default=None, description="Head count if stated.", ge=1, le=10_000_000
    )
    summary: str = Field(
        default="", description="One-sentence summary of the company.", max_length=600
    )
    goals: list[str] = Field(
        default_factory=list, description="Stated goals and use cases.", max_length=8
    )
    constraints: list[str] = Field(
        default_factory=list,
        description="Budget, skills, regulation, privacy, legacy systems.",
        max_length=10,
    )
    data_maturity: DataMaturity = Field(
        default="unknown", description="low | medium | high | unknown"
    )
    systems: list[Item] = Field(
        default_factory=list, description="Software systems named, as written.", max_length=16
    )
    regulations: list[Item] = Field(
        default_factory=list,
        description="Regulations and standards named, as written.",
        max_length=12,
    )
    facts: list[FactDraft] = Field(
        default_factory=list, description="Each fact read, with its evidence.", max_length=30
    )

    @field_validator("data_maturity", mode="before")
    @classmethod
    def _maturity(cls, value: object) -> object:
        return _lowered(value)

    @field_validator("employees", mode="before")
    @classmethod
    def _head_count(cls, value: object) -> object:
        # "0" or a negative number is the model's way of saying "not stated".
        if isinstance(value, int | float) and value <= 0:
            return None
        return value


class PhaseDraft(BaseModel):
    """One phase, tailored. Its months are not asked for: the playbook's windows,
    scaled to the horizon, are set by code."""

    title: str = Field(max_length=TITLE_MAX)
    objectives: list[Item] = Field(default_factory=list, max_length=8)
    activities: list[Item] = Field(default_factory=list, max_length=12)
    deliverables: list[Item] = Field(default_factory=list, max_length=8)
    success_metrics: list[Item] = Field(default_factory=list, max_length=8)
    risks: list[Item] = Field(default_factory=list, max_length=8)
    # Required, at least one: a phase the model leaves uncited is re-asked, never
    # given a citation by code (DESIGN.md's invariants).
    citations: list[DraftCitation] = Field(
        description="At least one passage about this phase, quoted verbatim.",
        min_length=1,
        max_length=8,
    )

    @field_validator("title", mode="before")
    @classmethod
    def _short_title(cls, value: object) -> object:
        return _title(value)


class PhasesDraft(BaseModel):
    """The five playbook phases, each exactly once and in order: as required keys, a
    schema-following model (or a grammar-constrained local one) cannot skip, repeat or
    reorder a phase."""

    discovery: PhaseDraft
    pilot: PhaseDraft
    infrastructure: PhaseDraft
    production: PhaseDraft
    optimization: PhaseDraft


class UseCaseDraft(BaseModel):
    name: str = Field(max_length=120)
    business_objective: str = Field(max_length=300)
    rationale: str = Field(max_length=600)
    priority: Priority = "high"
    citations: list[DraftCitation] = Field(
        description="At least one passage that supports this use case, quoted verbatim.",
        min_length=1,
        max_length=6,
    )

    @field_validator("priority", mode="before")
    @classmethod
    def _priority(cls, value: object) -> object:
        return _lowered(value)


class RoadmapDraft(BaseModel):
    """An AI roadmap for the company: its profile, five phases, use cases, risks."""

    company: CompanyDraft
    phases: PhasesDraft
    use_cases: list[UseCaseDraft] = Field(
        description="One or two for the company's stated goal, not more.",
        min_length=1,
        max_length=MAX_USE_CASES,
    )
    risks: list[Item] = Field(default_factory=list, max_length=12)
    assumptions: list[Item] = Field(default_factory=list, max_length=12)


class RecommendationDraft(BaseModel):
    action: str = Field(max_length=400)
    rationale: str = Field(max_length=800)
    area: GovernanceArea = "general"
    citations: list[DraftCitation] = Field(default_factory=list, max_length=6)

    @field_validator("area", mode="before")
    @classmethod
    def _area(cls, value: object) -> object:
        return _lowered(value)


class GovernanceDraft(BaseModel):
    """A governance answer: a short summary and recommendations, grounded in the passages."""

    summary: str = Field(max_length=2000)
    grounded: bool = Field(
        description="False when the passages do not cover the question; then cite nothing."
    )
    recommendations: list[RecommendationDraft] = Field(default_factory=list, max_length=10)
    citations: list[DraftCitation] = Field(default_factory=list, max_length=12)


# --- drafts to the advisor's schemas ----------------------------------------------------
# Sources and sections of citations stay empty: grounding fills them from the chunks
# once the quotes verify.


def citations(
    drafts: Sequence[DraftCitation], chunks: Sequence[Chunk] = (), claim: str = ""
) -> list[Citation]:
    """The draft's citations, each quote fitted to the citation limit against its chunk
    and the claim (the text the citations support)."""
    texts = {c.chunk_id: c.text for c in chunks}
    return [
        Citation(chunk_id=d.chunk_id, quote=fitted_quote(d.quote, texts.get(d.chunk_id, ""), claim))
        for d in drafts
    ]


def _text(*parts: str | Sequence[str]) -> str:
    return " ".join(p if isinstance(p, str) else " ".join(p) for p in parts)


def to_answer(draft: AnswerDraft, task: AnswerTask) -> Answer:
    return Answer(
        question=task.question,
        answer=draft.answer,
        grounded=draft.grounded,
        citations=citations(draft.citations, task.chunks, draft.answer),
        provider="openai",
    )


def to_governance(draft: GovernanceDraft, task: GovernanceTask) -> GovernanceAnswer:
    return GovernanceAnswer(
        question=task.question,
        summary=draft.summary,
        grounded=draft.grounded,
        recommendations=[
            Recommendation(
                action=r.action,
                rationale=r.rationale,
                area=r.area,
                citations=citations(r.citations, task.chunks, _text(r.action, r.rationale)),
            )
            for r in draft.recommendations
        ],
        citations=citations(draft.citations, task.chunks, draft.summary),
        provider="openai",
    )


def to_roadmap(draft: RoadmapDraft, task: RoadmapTask) -> Roadmap:
    stage = task.reading.profile.stage if task.reading else "unknown"
    statuses = phase_statuses(stage)
    windows = phase_windows(task.horizon_months, statuses, task.calendar)
    phases = [
        PhasePlan(
            phase=name,
            title=p.title,
            status=status,
            start_month=start,
            end_month=end,
            objectives=p.objectives,
            activities=p.activities,
            deliverables=p.deliverables,
            success_metrics=p.success_metrics,
            risks=p.risks,
            citations=citations(
                p.citations, task.chunks, _text(p.title, p.objectives, p.activities)
            ),
        )
        for name, (start, end), status in zip(PHASE_ORDER, windows, statuses, strict=True)
        for p in [getattr(draft.phases, name)]
    ]
    return Roadmap(
        company=CompanyProfile.model_validate(
            {
                **draft.company.model_dump(exclude={"facts"}),
                "facts": [
                    Fact(field=f.field, value=f.value, evidence=f.evidence, source="description")
                    for f in draft.company.facts
                ],
            }
        ),
        horizon_months=task.horizon_months,
        phases=phases,
        use_cases=[
            UseCase(
                name=u.name,
                business_objective=u.business_objective,
                rationale=u.rationale,
                priority=u.priority,
                citations=citations(
                    u.citations, task.chunks, _text(u.name, u.business_objective, u.rationale)
                ),
            )
            for u in draft.use_cases
        ],
        risks=draft.risks,
        assumptions=draft.assumptions,
        provider="openai",
    )
