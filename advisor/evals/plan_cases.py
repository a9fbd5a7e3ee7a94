"""Eval cases for readiness assessments and chat revisions, and how each is scored.

An assessment case bounds the scores of the dimensions its text speaks to (null: the
text is silent, so no score may be given); every evidence quote must be verbatim. A
revision case is a chat: a description that asks for a plan, then follow-ups that
change one fact (a revised roadmap that applies it and keeps what was known) or ask
about the plan (an answer, not a new plan).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.grounding import is_verbatim, normalize
from advisor.schemas import ChatReply, ReadinessAssessment, ReadinessDimension, Roadmap

Split = Literal["dev", "holdout"]


class Bound(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int | None = Field(default=None, ge=0, le=3)
    max: int | None = Field(default=None, ge=0, le=3)


class AssessmentCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    split: Split = "dev"
    voice: str = ""
    note: str = ""
    description: str
    expect: dict[ReadinessDimension, Bound | None]


class Changed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    new: str | int


class TurnExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["roadmap", "answer"]
    changed: Changed | None = None


class RevisionTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: str
    expect: TurnExpect


class Keep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    goal_keyword: str | None = None
    employees: int | None = None


class RevisionCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    split: Split = "dev"
    note: str = ""
    description: str
    turns: list[RevisionTurn]
    keep: Keep = Field(default_factory=Keep)


@dataclass
class PlanScore:
    """Counts of one case, summed per split."""

    bounds: list[bool] = field(default_factory=list)
    evidence: list[bool] = field(default_factory=list)
    kinds: list[bool] = field(default_factory=list)
    applied: list[bool] = field(default_factory=list)
    kept: list[bool] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def score_assessment(case: AssessmentCase, output: ReadinessAssessment | None) -> PlanScore:
    score = PlanScore()
    if output is None:
        score.bounds = [False] * len(case.expect)
        score.failures.append("no assessment")
        return score
    by = {d.dimension: d for d in output.dimensions}
    for dimension, bound in case.expect.items():
        got = by[dimension].score if dimension in by else None
        if bound is None:
            ok = got is None
        elif got is None:
            ok = False
        else:
            ok = (bound.min is None or got >= bound.min) and (bound.max is None or got <= bound.max)
        score.bounds.append(ok)
        if not ok:
            score.failures.append(f"{dimension}: {got} outside {bound}")
    for dim in output.dimensions:
        for fact in dim.evidence:
            valid = fact.source == "form" or is_verbatim(fact.evidence, case.description)
            score.evidence.append(valid)
            if not valid:
                score.failures.append(f"{dim.dimension}: evidence not in the text")
    return score


def _has(values: list[str], wanted: str) -> bool:
    return any(normalize(wanted).lower() in normalize(v).lower() for v in values)


def change_applied(changed: Changed, roadmap: Roadmap) -> bool:
    company = roadmap.company
    new = changed.new
    match changed.field:
        case "horizon_months":
            return roadmap.horizon_months == int(new)
        case "stage":
            return company.stage == new
        case "employees":
            return company.employees == int(new)
        case "data_maturity":
            return company.data_maturity == new
        case "regulations" | "systems" | "constraints":
            return _has(getattr(company, changed.field), str(new))
        case "goals":
            return bool(company.goals) and _has(company.goals[:1], str(new))
    return False


def score_turn(
    score: PlanScore,
    case: RevisionCase,
    turn: RevisionTurn,
    reply: ChatReply | None,
    goals_changed: bool,
) -> None:
    # A question about the plan must not re-plan; a governance answer to it is an answer.
    answered = ("answer", "governance") if turn.expect.kind == "answer" else ("roadmap",)
    kind_ok = reply is not None and reply.kind in answered
    score.kinds.append(kind_ok)
    if not kind_ok:
        got = reply.kind if reply is not None else "error"
        score.failures.append(f"{turn.message!r}: {got}, expected {turn.expect.kind}")
    if turn.expect.kind != "roadmap" or reply is None or reply.roadmap is None:
        if turn.expect.kind == "roadmap":
            score.applied.append(False)
        return
    roadmap = reply.roadmap
    if turn.expect.changed is not None:
        applied = change_applied(turn.expect.changed, roadmap)
        score.applied.append(applied)
        if not applied:
            score.failures.append(f"{turn.message!r}: {turn.expect.changed} not applied")
    keep = case.keep
    held = True
    if keep.name:
        held = (
            held and normalize(keep.name).lower() in normalize(roadmap.company.name or "").lower()
        )
    if keep.goal_keyword and not goals_changed:
        held = held and _has(roadmap.company.goals, keep.goal_keyword)
    if keep.employees is not None:
        held = held and roadmap.company.employees == keep.employees
    score.kept.append(held)
    if not held:
        score.failures.append(f"{turn.message!r}: lost what was known ({keep})")


def rate(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def split_metrics(scores: list[PlanScore]) -> dict[str, float | None]:
    def joined(name: str) -> list[bool]:
        return [v for s in scores for v in getattr(s, name)]

    return {
        "assessment_bounds": rate(joined("bounds")),
        "assessment_evidence_validity": rate(joined("evidence")),
        "revision_kind_accuracy": rate(joined("kinds")),
        "revision_applied": rate(joined("applied")),
        "revision_kept": rate(joined("kept")),
    }
