"""Each job's openai draft, declared once: the model it returns, the values its prompt
template (named by the task) is filled with besides the passages, and the conversion
of the draft into the job's schema."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from advisor.company import phase_statuses
from advisor.llm.base import AnswerTask, AssessmentTask, GovernanceTask, RoadmapTask
from advisor.llm.openai.assessment import AssessmentDraft, scores_text, to_assessment
from advisor.llm.openai.briefs import company_brief, history_text, windows_text
from advisor.llm.openai.drafts import (
    AnswerDraft,
    GovernanceDraft,
    RoadmapDraft,
    to_answer,
    to_governance,
    to_roadmap,
)
from advisor.llm.prompts import untrusted
from advisor.schemas import ChatKind, Chunk, JobOutput

# What a roadmap prompt shows of the ~38 passages a roadmap retrieves: each phase's
# best two and the best of the first context searches (one per search, as the agent
# orders them: data readiness, use cases, governance, leadership). All of them were
# ~14.8k characters; the rest stay with the agent, which verifies citations and draws
# the readiness work from them (docs/benchmarks.md, model calls per roadmap). A top hit
# that belongs to a phase counts toward that phase, and the mistakes and integration
# searches reach the model only through the phase passages.
ROADMAP_PASSAGES_PER_PHASE = 2
ROADMAP_CONTEXT_PASSAGES = 4


def _all_passages(task: Any) -> list[Chunk]:
    return list(task.chunks)


def roadmap_passages(task: RoadmapTask) -> list[Chunk]:
    """The first passages of each phase and of the context, in the task's order."""
    kept: list[Chunk] = []
    seen: dict[str | None, int] = {}
    for chunk in task.chunks:
        limit = ROADMAP_CONTEXT_PASSAGES if chunk.phase is None else ROADMAP_PASSAGES_PER_PHASE
        if seen.get(chunk.phase, 0) < limit:
            seen[chunk.phase] = seen.get(chunk.phase, 0) + 1
            kept.append(chunk)
    return kept


@dataclass(frozen=True)
class Draft:
    model: type[BaseModel]  # what the model is held to (its JSON schema)
    values: Callable[[Any], Mapping[str, object]]  # the template's fields but passages
    convert: Callable[[Any, Any], JobOutput]  # (draft, task) -> the job's output
    passages: Callable[[Any], list[Chunk]] = _all_passages  # the chunks the prompt shows


def _answer_values(task: AnswerTask) -> Mapping[str, object]:
    # The template puts the user's text last: nothing is filled after it.
    return {"history": history_text(task.history), "question": untrusted(task.question)}


def _roadmap_values(task: RoadmapTask) -> Mapping[str, object]:
    statuses = phase_statuses(task.reading.profile.stage) if task.reading else None
    return {
        "horizon_months": task.horizon_months,
        "windows": windows_text(task.horizon_months, statuses, task.calendar),
        "reading": untrusted(company_brief(task.reading.profile) if task.reading else "(none)"),
        "description": untrusted(task.description),
    }


def _governance_values(task: GovernanceTask) -> Mapping[str, object]:
    # A follow-up is sent after the message it follows, so the model reads "that".
    asked = f"{task.context}\n{task.question}" if task.context else task.question
    return {"question": untrusted(asked)}


def _assessment_values(task: AssessmentTask) -> Mapping[str, object]:
    return {"scores": untrusted(scores_text(task)), "description": untrusted(task.description)}


DRAFTS: dict[ChatKind, Draft] = {
    "answer": Draft(AnswerDraft, _answer_values, to_answer),
    "roadmap": Draft(RoadmapDraft, _roadmap_values, to_roadmap, roadmap_passages),
    "governance": Draft(GovernanceDraft, _governance_values, to_governance),
    "assessment": Draft(AssessmentDraft, _assessment_values, to_assessment),
}
