"""The jobs, declared once: the schema each returns and the text a later chat turn
sees of its result. Chat summaries and the kind of a result read this table; a new
job is a row here, a method on the Advisor and on the provider protocol, its prompt
under prompts/ (named in advisor.llm.prompts.NAMES) and its routes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.readiness import label_of
from advisor.schemas import (
    Answer,
    ChatKind,
    GovernanceAnswer,
    JobOutput,
    ReadinessAssessment,
    Roadmap,
)


@dataclass(frozen=True)
class Job:
    kind: ChatKind
    schema: type[Any]
    summarize: Callable[[Any], str]  # what a follow-up sees of an assistant turn


def _roadmap_summary(result: Roadmap) -> str:
    who = result.company.name or result.company.industry or "the company"
    cases = ", ".join(u.name for u in result.use_cases) or "none"
    text = f"Roadmap for {who} over {result.horizon_months} months; use cases: {cases}."
    if result.changes:
        changed = "; ".join(f"{c.field} now {c.new}" for c in result.changes)
        text += f" Revised: {changed}."
    return text


def _assessment_summary(result: ReadinessAssessment) -> str:
    who = result.company.name or result.company.industry or "the company"
    scores = ", ".join(
        f"{label_of(d.dimension).lower()} {'?' if d.score is None else d.score}"
        for d in result.dimensions
    )
    return f"Readiness of {who}: {result.overall.summary} Scores: {scores}."


JOBS: dict[ChatKind, Job] = {
    "answer": Job("answer", Answer, lambda r: r.answer),
    "roadmap": Job("roadmap", Roadmap, _roadmap_summary),
    "governance": Job("governance", GovernanceAnswer, lambda r: r.summary),
    "assessment": Job("assessment", ReadinessAssessment, _assessment_summary),
}


def kind_of(result: JobOutput) -> ChatKind:
    return next(k for k, job in JOBS.items() if isinstance(result, job.schema))


def summarize(result: JobOutput) -> str:
    """The text a later follow-up sees of an assistant turn."""
    return JOBS[kind_of(result)].summarize(result)
