"""Turning a provider's draft into something safe to return: verified citations,
roadmap invariants, no echoed injections. Each check returns the fixed output and
the errors it found, so the agent can re-ask once with them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from advisor.company.readiness import DimensionReading
from advisor.grounding import (
    echoes,
    normalize,
    roadmap_errors,
    scrub,
    snap_phases,
    verify_citations,
)
from advisor.schemas import (
    Answer,
    Chunk,
    Citation,
    DimensionScore,
    GovernanceAnswer,
    ReadinessAssessment,
    Roadmap,
)

Exists = Callable[[str], bool]
MAX_USE_CASES = 2


class Guard:
    """What one request may cite and must not repeat."""

    def __init__(
        self,
        retrieved: Sequence[Chunk],
        exists: Exists | None,
        suspicious: Sequence[str],
        system_prompt: str,
    ) -> None:
        self.retrieved: Mapping[str, Chunk] = {c.chunk_id: c for c in retrieved}
        self.exists = exists
        self.suspicious = list(suspicious)
        self.system_prompt = system_prompt

    def citations(self, cits: Sequence[Citation], where: str) -> tuple[list[Citation], list[str]]:
        valid, errors = verify_citations(cits, self.retrieved, self.exists)
        return valid, [f"{where}: {e}" for e in errors]

    def text(self, value: str, where: str) -> tuple[str, list[str]]:
        echoed = echoes(value, self.suspicious, self.system_prompt)
        if not echoed:
            return value, []
        return scrub(value, echoed), [f"{where}: repeats untrusted instructions or the prompt"]

    def texts(self, values: Sequence[str], where: str) -> tuple[list[str], list[str]]:
        kept: list[str] = []
        errors: list[str] = []
        for value in values:
            fixed, errs = self.text(value, where)
            errors += errs
            if normalize(fixed):
                kept.append(fixed)
        return kept, errors


def check_answer(answer: Answer, guard: Guard) -> tuple[Answer, list[str]]:
    text, errors = guard.text(answer.answer, "answer")
    if not answer.grounded:
        # An abstention cites nothing: whatever it cited is not evidence of anything.
        return answer.model_copy(update={"answer": text, "citations": []}), errors
    cits, cit_errors = guard.citations(answer.citations, "citation")
    errors += cit_errors
    if not cits:
        errors.append("the answer has no verified citation")
    return answer.model_copy(update={"answer": text, "citations": cits}), errors


def check_governance(answer: GovernanceAnswer, guard: Guard) -> tuple[GovernanceAnswer, list[str]]:
    summary, errors = guard.text(answer.summary, "summary")
    if not answer.grounded:
        return answer.model_copy(
            update={"summary": summary, "citations": [], "recommendations": []}
        ), errors
    recs = []
    for i, rec in enumerate(answer.recommendations, 1):
        action, e1 = guard.text(rec.action, f"recommendation {i}")
        rationale, e2 = guard.text(rec.rationale, f"recommendation {i}")
        cits, e3 = guard.citations(rec.citations, f"recommendation {i}")
        errors += e1 + e2 + e3
        if not normalize(action):
            continue
        update = {"action": action, "rationale": rationale, "citations": cits}
        recs.append(rec.model_copy(update=update))
    cits, e4 = guard.citations(answer.citations, "citation")
    errors += e4
    if not cits and not any(r.citations for r in recs):
        errors.append("the governance answer has no verified citation")
    return answer.model_copy(
        update={"summary": summary, "recommendations": recs, "citations": cits}
    ), errors


def check_roadmap(
    roadmap: Roadmap, guard: Guard, calendar: Mapping[str, tuple[int, int]] | None = None
) -> tuple[Roadmap, list[str]]:
    errors = roadmap_errors(roadmap)
    if errors:
        try:
            roadmap, _ = snap_phases(roadmap, calendar)
        except ValueError as exc:
            return roadmap, [*errors, str(exc)]
    phases = []
    for phase in roadmap.phases:
        where = f"phase {phase.phase}"
        fields: dict[str, object] = {}
        for name in ("objectives", "activities", "deliverables", "success_metrics", "risks"):
            kept, errs = guard.texts(getattr(phase, name), f"{where} {name}")
            fields[name] = kept
            errors += errs
        cits, errs = guard.citations(phase.citations, where)
        errors += errs
        if not cits:
            errors.append(f"{where} has no verified citation")
        phases.append(phase.model_copy(update={**fields, "citations": cits}))
    use_cases = []
    for i, case in enumerate(roadmap.use_cases, 1):
        name, e1 = guard.text(case.name, f"use case {i}")
        rationale, e2 = guard.text(case.rationale, f"use case {i}")
        objective, e3 = guard.text(case.business_objective, f"use case {i}")
        cits, e4 = guard.citations(case.citations, f"use case {i}")
        errors += e1 + e2 + e3 + e4
        if normalize(name):
            use_cases.append(
                case.model_copy(
                    update={
                        "name": name,
                        "rationale": rationale,
                        "business_objective": objective,
                        "citations": cits,
                    }
                )
            )
    if len(use_cases) > MAX_USE_CASES:
        errors.append(f"the playbook advises one or two use cases, not {len(use_cases)}")
        use_cases = use_cases[:MAX_USE_CASES]
    company = roadmap.company
    summary, e5 = guard.text(company.summary, "company summary")
    goals, e6 = guard.texts(company.goals, "company goals")
    constraints, e7 = guard.texts(company.constraints, "company constraints")
    risks, e8 = guard.texts(roadmap.risks, "risks")
    assumptions, e9 = guard.texts(roadmap.assumptions, "assumptions")
    errors += e5 + e6 + e7 + e8 + e9
    company = company.model_copy(
        update={"summary": summary, "goals": goals, "constraints": constraints}
    )
    return roadmap.model_copy(
        update={
            "phases": phases,
            "use_cases": use_cases,
            "company": company,
            "risks": risks,
            "assumptions": assumptions,
        }
    ), errors


def check_assessment(
    assessment: ReadinessAssessment,
    guard: Guard,
    dimensions: Sequence[DimensionReading],
) -> tuple[ReadinessAssessment, list[str]]:
    """Scores and evidence are the code's reading, whatever a provider returned; what
    the provider wrote around them is screened and its citations verified."""
    errors: list[str] = []
    drafted = {d.dimension: d for d in assessment.dimensions}
    scored = []
    for reading in dimensions:
        where = f"dimension {reading.dimension}"
        draft = drafted.get(reading.dimension) or DimensionScore(dimension=reading.dimension)
        if draft.score != reading.score and reading.dimension in drafted:
            errors.append(f"{where}: the score is read from the description ({reading.score})")
        gaps, e1 = guard.texts(draft.gaps, where)
        recs, e2 = guard.texts(draft.recommendations, where)
        cits, e3 = guard.citations(draft.citations, where)
        errors += e1 + e2 + e3
        scored.append(reading.scored(gaps, recs, cits))
    risks = []
    for i, risk in enumerate(assessment.top_risks, 1):
        text, e1 = guard.text(risk.risk, f"risk {i}")
        cits, e2 = guard.citations(risk.citations, f"risk {i}")
        errors += e1 + e2
        if not cits:
            errors.append(f"risk {i} has no verified citation")
        elif normalize(text):
            risks.append(risk.model_copy(update={"risk": text, "citations": cits}))
    steps, e3 = guard.texts(assessment.next_steps, "next steps")
    summary, e4 = guard.text(assessment.overall.summary, "overall")
    errors += e3 + e4
    overall = assessment.overall.model_copy(update={"summary": summary})
    return assessment.model_copy(
        update={"dimensions": scored, "top_risks": risks, "next_steps": steps, "overall": overall}
    ), errors
