"""Drafts from the model to the advisor's schemas. Sources and sections of citations
stay empty here: grounding fills them from the chunks once the quotes verify."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.llm.base import AnswerTask, GovernanceTask, RoadmapTask
from advisor.llm.drafts import AnswerDraft, DraftCitation, GovernanceDraft, RoadmapDraft
from advisor.schemas import (
    Answer,
    Citation,
    GovernanceAnswer,
    PhasePlan,
    Recommendation,
    Roadmap,
    UseCase,
)


def citations(drafts: Sequence[DraftCitation]) -> list[Citation]:
    return [Citation(chunk_id=d.chunk_id, quote=d.quote) for d in drafts]


def to_answer(draft: AnswerDraft, task: AnswerTask) -> Answer:
    return Answer(
        question=task.question,
        answer=draft.answer,
        grounded=draft.grounded,
        citations=citations(draft.citations),
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
                citations=citations(r.citations),
            )
            for r in draft.recommendations
        ],
        citations=citations(draft.citations),
        provider="openai",
    )


def to_roadmap(draft: RoadmapDraft, task: RoadmapTask) -> Roadmap:
    phases = []
    for p in draft.phases:
        # A zero-length window cannot be a PhasePlan; give it one month and let the
        # invariant check (which sees the overlap) decide.
        end = max(p.end_month, p.start_month + 1)
        phases.append(
            PhasePlan(
                phase=p.phase,
                title=p.title,
                start_month=min(p.start_month, 35),
                end_month=min(end, 36),
                objectives=p.objectives,
                activities=p.activities,
                deliverables=p.deliverables,
                success_metrics=p.success_metrics,
                risks=p.risks,
                citations=citations(p.citations),
            )
        )
    return Roadmap(
        company=draft.company,
        horizon_months=task.horizon_months,
        phases=phases,
        use_cases=[
            UseCase(
                name=u.name,
                business_objective=u.business_objective,
                rationale=u.rationale,
                priority=u.priority,
                citations=citations(u.citations),
            )
            for u in draft.use_cases
        ],
        risks=draft.risks,
        assumptions=draft.assumptions,
        provider="openai",
    )
