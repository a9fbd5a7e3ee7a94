"""The jobs, declared once. A row says what a job returns (its schema), what a later
chat turn sees of its result, how a chat reply streams it, and, for a job whose
outputs are kept, the collection they are stored and served under with their
Markdown and chart renderings.

The offline chat router, the API's document routes, the chat's storing and streaming,
the CLI's output and the page's links all read this table. A job's own parts live where
their layer is: its task (naming its prompt) in advisor.llm.base, its offline composer
in advisor.llm.offline.provider.COMPOSERS, its openai draft in advisor.llm.openai.jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.agent.routing import (
    asks_about_governance,
    asks_for_assessment,
    asks_for_roadmap,
)
from advisor.readiness import label_of
from advisor.render.assessment import assessment_markdown
from advisor.render.gantt import roadmap_gantt_svg
from advisor.render.markdown import roadmap_markdown
from advisor.render.readiness_chart import readiness_svg
from advisor.schemas import (
    Answer,
    ChatKind,
    GovernanceAnswer,
    JobOutput,
    ReadinessAssessment,
    Roadmap,
)


@dataclass(frozen=True)
class Document:
    """A job whose outputs are stored per owner and served at /v1/{collection}/{id},
    {id}.md and {id}.svg."""

    collection: str
    markdown: Callable[[Any], str]
    chart: Callable[[Any], str]
    chart_name: str  # what the chart is called to a user


@dataclass(frozen=True)
class Job:
    kind: ChatKind
    schema: type[Any]
    summarize: Callable[[Any], str]  # what a follow-up sees of an assistant turn
    document: Document | None = None
    # The text a chat reply streams (default: the summary).
    streamed: Callable[[Any], str] | None = None
    # Whether a chat message asks for this job (the offline router, tried in ROUTING).
    asked_for: Callable[[str], bool] = lambda _: False


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
    "roadmap": Job(
        "roadmap",
        Roadmap,
        _roadmap_summary,
        Document("roadmaps", roadmap_markdown, roadmap_gantt_svg, "Gantt chart"),
        streamed=roadmap_markdown,
        asked_for=asks_for_roadmap,
    ),
    "governance": Job(
        "governance", GovernanceAnswer, lambda r: r.summary, asked_for=asks_about_governance
    ),
    "assessment": Job(
        "assessment",
        ReadinessAssessment,
        _assessment_summary,
        Document("assessments", assessment_markdown, readiness_svg, "Readiness chart"),
        asked_for=asks_for_assessment,
    ),
}
# The order the offline router tries the jobs' cues in: "are we ready for a roadmap?"
# is an assessment, a roadmap request that names its rules is still a roadmap. A message
# with no job's cue is a question (answer).
ROUTING: tuple[ChatKind, ...] = ("assessment", "roadmap", "governance")
DOCUMENTS: dict[ChatKind, Document] = {
    kind: job.document for kind, job in JOBS.items() if job.document is not None
}


def kind_of(result: JobOutput) -> ChatKind:
    return next(k for k, job in JOBS.items() if isinstance(result, job.schema))


def summarize(result: JobOutput) -> str:
    """The text a later follow-up sees of an assistant turn."""
    return JOBS[kind_of(result)].summarize(result)


def streamed_text(result: JobOutput) -> str:
    """The text a chat reply is streamed as: a roadmap's Markdown, else the summary."""
    job = JOBS[kind_of(result)]
    return (job.streamed or job.summarize)(result)
