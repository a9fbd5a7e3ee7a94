"""The readiness job: read the company, score the eight dimensions from its words,
retrieve why each matters, let the provider write around the scores, verify."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from advisor.agent.checks import check_assessment
from advisor.company import CompanyReading, read_company
from advisor.company.form import apply_form
from advisor.company.readiness import (
    DimensionReading,
    read_readiness,
    readiness_summary,
    weakest,
)
from advisor.grounding import is_verbatim, verify_facts
from advisor.llm.base import AssessmentTask
from advisor.readiness import SPECS, playbook_sentence
from advisor.retrieval.embeddings import shipped_embedder
from advisor.schemas import (
    DIMENSIONS,
    Chunk,
    FactSource,
    ProfileOverrides,
    ReadinessAssessment,
    Roadmap,
)
from advisor.storage import issue_id

MAX_ACTIVITIES = 12  # PhasePlan.activities' bound

if TYPE_CHECKING:
    from advisor.agent.jobs import Advisor


async def read_verified(description: str) -> tuple[CompanyReading, list[str]]:
    """The company read off the event loop, every fact verified against the text."""
    reading = await asyncio.to_thread(read_company, description, shipped_embedder())
    profile, notes = verify_facts(reading.profile, {"description": description})
    return replace(reading, profile=profile), notes


def with_form(reading: CompanyReading, overrides: ProfileOverrides | None) -> CompanyReading:
    """The reading with the fields a user entered in a form laid over it."""
    if overrides is None:
        return reading
    return replace(reading, profile=apply_form(reading.profile, overrides))


def readiness_of(
    description: str, reading: CompanyReading, messages: str = ""
) -> list[DimensionReading]:
    """The eight dimensions; a finding whose evidence is not in the text it quotes (a
    form field stands as entered) is dropped, like any other fact."""
    texts: dict[FactSource, str] = {"description": description, "message": messages}
    dims = read_readiness(description, reading, messages)
    for dim in dims:
        dim.findings = [
            f
            for f in dim.findings
            if f.fact.source == "form" or is_verbatim(f.fact.evidence, texts[f.fact.source])
        ]
    return dims


async def assess(
    advisor: Advisor, description: str, overrides: ProfileOverrides | None = None
) -> ReadinessAssessment:
    reading, notes = await read_verified(description)
    reading = with_form(reading, overrides)
    dims = await asyncio.to_thread(readiness_of, description, reading)
    focus = " ".join(reading.profile.goals)[:200]
    chunks = await advisor.retrieve_many([f"{SPECS[d].query} {focus}" for d in DIMENSIONS], k=3)
    guard = advisor.guard(chunks, [description])

    async def compose(feedback: list[str]) -> ReadinessAssessment:
        task = AssessmentTask(description, chunks, reading, dims, feedback)
        return await advisor.draft(task, ReadinessAssessment)

    assessment = await advisor.verified(compose, lambda a: check_assessment(a, guard, dims))
    open_questions = [
        *reading.profile.open_questions,
        *(SPECS[d.dimension].question for d in dims if d.score is None),
    ]
    company = reading.profile.model_copy(update={"open_questions": open_questions[:12]})
    # The overall figures are the code's, like the scores they are made of.
    summary = readiness_summary(dims)
    overall = assessment.overall.model_copy(
        update={"score": summary.overall, "level": summary.level}
    )
    return advisor.stamp(
        assessment.model_copy(
            update={
                "id": issue_id(),
                "company": company,
                "overall": overall,
                "warnings": [*assessment.warnings, *notes],
                "playbook_version": advisor.playbook_version(),
            }
        )
    )


def with_readiness(
    roadmap: Roadmap, dims: Sequence[DimensionReading], chunks: Sequence[Chunk]
) -> Roadmap:
    """The roadmap with its readiness summary, and each weak dimension's playbook
    activity in the phase where the playbook puts it (the first phase still ahead
    when that one is behind the company), cited with the playbook's sentence.

    It runs on the verified roadmap: whether a phase the provider drafted is grounded
    is judged on the provider's own citations, never on one this adds."""
    phases = list(roadmap.phases)
    ahead = [i for i, p in enumerate(phases) if p.status != "done"]
    for dim in weakest(dims, limit=len(dims)):
        spec = SPECS[dim.dimension]
        cite = playbook_sentence(chunks, spec.act, spec.phase)
        if cite is None or not ahead:
            continue
        at = next((i for i, p in enumerate(phases) if p.phase == spec.phase), ahead[0])
        if phases[at].status == "done":
            at = ahead[0]
        phase = phases[at]
        activity = f"{spec.action} (readiness: {spec.label.lower()} {dim.score} of 3)"
        if len(phase.activities) >= MAX_ACTIVITIES:
            continue
        phases[at] = phase.model_copy(
            update={
                "activities": [*phase.activities, activity],
                "citations": list({c.quote: c for c in [*phase.citations, cite]}.values())[:8],
            }
        )
    return roadmap.model_copy(update={"phases": phases, "readiness": readiness_summary(dims)})
