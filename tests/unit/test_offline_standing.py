"""Offline roadmaps start where the company stands and follow what it stated."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from advisor.agent.inputs import plan_horizon
from advisor.company import read_company
from advisor.errors import InputError
from advisor.grounding import roadmap_errors, verify_citations
from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import load_documents
from advisor.llm.base import RoadmapTask
from advisor.llm.offline.roadmap import compose_roadmap
from advisor.schemas import Chunk, Roadmap

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"

HOSPITAL = (
    "Mercy Vale Hospital is a 1,800-staff regional hospital. Our readmission-risk model has "
    "been live in Epic for a year, but clinicians rarely look at it. We want ward nurses to "
    "act on the risk scores. UK GDPR applies."
)
STALLED = (
    "Oban Ferries runs 14 ferries with 240 staff. Our pilot of engine-fault prediction "
    "stalled last spring and never made it to production. Engine data sits in IBM Maximo."
)
LAW = (
    "Marlow & Finch is a law firm of about 140 people. We want to summarise long contracts "
    "for the partners. Nothing can leave our tenancy, the works council must be consulted "
    "before any rollout, and we have no data team. Everything we buy goes through a public "
    "tender. We need the first release before the annual audit."
)


@cache
def chunks() -> tuple[Chunk, ...]:
    return tuple(chunk_documents(load_documents([KNOWLEDGE])))


@cache
def roadmap(description: str, horizon: int = 12) -> Roadmap:
    reading = read_company(description)
    return compose_roadmap(RoadmapTask(description, horizon, list(chunks()), reading))


def text_of(r: Roadmap, phase: str) -> str:
    plan = next(p for p in r.phases if p.phase == phase)
    return " ".join(plan.objectives + plan.activities + plan.deliverables + plan.risks)


@pytest.mark.parametrize("description", [HOSPITAL, STALLED, LAW])
def test_invariants_and_citations_hold(description: str) -> None:
    r = roadmap(description)
    assert roadmap_errors(r) == []
    retrieved = {c.chunk_id: c for c in chunks()}
    for plan in r.phases:
        valid, errors = verify_citations(plan.citations, retrieved)
        assert errors == [] and valid, plan.phase


def test_a_model_in_production_gets_a_production_review_on_adoption() -> None:
    r = roadmap(HOSPITAL)
    assert [p.status for p in r.phases] == ["done", "done", "done", "review", "planned"]
    assert all((p.start_month, p.end_month) == (0, 0) for p in r.phases[:3])
    production = text_of(r, "production")
    assert "change management" in production and "Train" in production
    assert "live in Epic" in production  # the company's own words, quoted
    assert (r.phases[3].start_month, r.phases[-1].end_month) == (0, 12)


def test_a_stalled_pilot_is_diagnosed_on_the_failure_reasons() -> None:
    r = roadmap(STALLED)
    assert [p.status for p in r.phases][:2] == ["done", "review"]
    pilot = text_of(r, "pilot")
    for reason in ("data readiness", "integration", "governance", "organisational readiness"):
        assert reason in pilot
    assert "IBM Maximo" in pilot
    quotes = " ".join(c.quote for c in r.phases[1].citations)
    assert "limited datasets" in quotes


def test_stated_constraints_shape_the_plan() -> None:
    r = roadmap(LAW)
    infrastructure = text_of(r, "infrastructure")
    assert "managed services" not in infrastructure  # data must stay in the tenancy
    assert "no managed AI service" in infrastructure and "tenancy" in infrastructure
    assert "tender" in infrastructure
    assert "staff representatives" in text_of(r, "production")
    assert "annual audit" in text_of(r, "production")


def test_the_stated_goal_is_quoted_whole() -> None:
    r = roadmap(LAW)
    assert r.use_cases[0].name == "Summarise long contracts for the partners"
    assert "“summarise long contracts for the partners”" in text_of(r, "discovery")


def test_horizon_precedence() -> None:
    assert plan_horizon(None, None) == (12, None)
    assert plan_horizon(None, 9) == (9, None)
    months, note = plan_horizon(18, 9)
    assert months == 18 and note and "9 months" in note
    months, note = plan_horizon(None, 48)
    assert months == 36 and note and "48" in note
    months, note = plan_horizon(None, 3)
    assert months == 6 and note
    with pytest.raises(InputError):
        plan_horizon(40, None)


def test_roadmap_windows_follow_the_knowledge_front_matter() -> None:
    from advisor.grounding import playbook_windows

    calendar = {
        "discovery": (0, 3),
        "pilot": (3, 6),
        "infrastructure": (6, 8),
        "production": (8, 10),
        "optimization": (10, 12),
    }
    reading = read_company(LAW)
    r = compose_roadmap(RoadmapTask(LAW, 12, list(chunks()), reading, calendar=calendar))
    assert [(p.start_month, p.end_month) for p in r.phases] == list(calendar.values())
    assert roadmap_errors(r) == []
    gap = {**calendar, "pilot": (4, 6)}  # not contiguous: not a calendar the plan can use
    # The article's windows, as the shipped playbook's front matter dates them.
    article = ((0, 2), (2, 5), (5, 7), (7, 10), (10, 12))
    assert playbook_windows(gap) == article
    assert playbook_windows(None) == article
