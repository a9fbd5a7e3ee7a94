"""Offline provider: governance advice by area, each recommendation cited verbatim."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

import pytest

from advisor.grounding import verify_citations
from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import load_documents
from advisor.llm.base import GovernanceTask
from advisor.llm.offline import OfflineProvider
from advisor.llm.offline.governance import NOT_COVERED, classify, compose_governance
from advisor.schemas import Chunk, GovernanceAnswer

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"


@cache
def chunks() -> tuple[Chunk, ...]:
    return tuple(chunk_documents(load_documents([KNOWLEDGE])))


def governance(question: str, retrieved: list[Chunk] | None = None) -> GovernanceAnswer:
    return compose_governance(GovernanceTask(question, list(retrieved or chunks())))


def verified(answer: GovernanceAnswer) -> None:
    retrieved = {c.chunk_id: c for c in chunks()}
    for rec in answer.recommendations:
        assert rec.citations
        valid, errors = verify_citations(rec.citations, retrieved)
        assert errors == [] and len(valid) == len(rec.citations)
    valid, errors = verify_citations(answer.citations, retrieved)
    assert errors == [] and len(valid) == len(answer.citations)


@pytest.mark.parametrize(
    ("question", "areas"),
    [
        ("How do we secure our AI systems?", ["security"]),
        ("Who is accountable for a model's decisions?", ["ownership"]),
        ("How do we monitor model drift over time?", ["monitoring"]),
        ("Are we GDPR compliant when we audit models?", ["compliance"]),
        ("How do we handle bias and explainability?", ["risk"]),
        ("Who owns security for our models?", ["ownership", "security"]),
        ("How should we govern AI?", ["general"]),
        ("What is the best pizza topping?", []),
    ],
)
def test_classify(question: str, areas: list[str]) -> None:
    assert classify(question) == areas


def test_security_question() -> None:
    answer = governance("How do we secure our AI systems and control access to the data?")
    assert answer.grounded
    assert 2 <= len(answer.recommendations) <= 6
    assert answer.recommendations[0].area == "security"
    assert "identity management" in answer.summary
    assert any("encryption" in r.action for r in answer.recommendations)
    verified(answer)


def test_ownership_question() -> None:
    answer = governance("Who should be responsible for our AI models?")
    assert answer.grounded
    assert {r.area for r in answer.recommendations} == {"ownership"}
    actions = " ".join(r.action for r in answer.recommendations)
    assert "accountable owner" in actions and "executive sponsor" in actions
    quotes = " ".join(c.quote for c in answer.citations)
    assert "ownership and accountability" in quotes
    verified(answer)


def test_monitoring_question() -> None:
    answer = governance("How do we monitor model accuracy over time?")
    assert answer.grounded
    assert answer.recommendations[0].area == "monitoring"
    assert any("retrain" in r.action.lower() for r in answer.recommendations)
    quotes = " ".join(c.quote for c in answer.citations)
    assert "accuracy, reliability, usage patterns and business outcomes" in quotes
    verified(answer)


def test_regulation_is_named() -> None:
    answer = governance("We are a hospital: how do we stay HIPAA compliant with patient data?")
    assert answer.grounded
    assert [r.area for r in answer.recommendations][:1] == ["compliance"]
    assert "security" in {r.area for r in answer.recommendations}
    assert "HIPAA" in answer.summary
    verified(answer)


def test_general_question_covers_each_area_once() -> None:
    answer = governance("How should we govern AI?")
    assert answer.grounded
    areas = [r.area for r in answer.recommendations]
    assert areas[0] == "general" and len(areas) == len(set(areas)) == 6
    verified(answer)


def test_unrelated_question_is_not_grounded() -> None:
    answer = governance("What is the best pizza topping?")
    assert not answer.grounded
    assert answer.summary == NOT_COVERED
    assert answer.recommendations == [] and answer.citations == []


def test_nothing_retrieved_is_not_grounded() -> None:
    unrelated = [c for c in chunks() if "emerging-trends" in c.chunk_id][:1]
    answer = governance("How do we secure our AI systems?", unrelated)
    assert not answer.grounded and not answer.citations


def test_deterministic_and_async_provider() -> None:
    task = GovernanceTask("Who owns model monitoring?", list(chunks()))
    first = compose_governance(task)
    second = asyncio.run(OfflineProvider().compose(task))
    assert first.model_dump() == second.model_dump()
    assert first.provider == "offline"


def _actions(answer: GovernanceAnswer) -> set[str]:
    return {r.action for r in answer.recommendations}


@pytest.mark.parametrize(
    "question",
    [
        "We need HIPAA sign-off before the pilot touches real patient records. What now?",
        "Our pilot will use live customer files under GDPR; what has to be in place first?",
        "What GDPR paperwork do we need before the AI pilot starts?",
    ],
)
def test_a_regulation_before_the_pilot_is_answered_for_the_pilot(question: str) -> None:
    answer = governance(question)
    verified(answer)
    first = answer.recommendations[0]
    assert "pilot" in first.action.lower() and first.area == "compliance"
    assert "pilot" in answer.summary.lower()
    # Not told to wait: no default "in Phase 3" summary beside the pilot's advice.
    assert "Write the compliance requirements" not in answer.summary


@pytest.mark.parametrize(
    "question",
    [
        "Our staff paste customer data into ChatGPT. What should we do?",
        "People on the sales team keep copying client emails into free AI tools.",
        "our sales reps keep pasting client contracts into a free chatbot, what policy do we need?",
        "Half of finance uploads spreadsheets to Perplexity to get summaries.",
    ],
)
def test_what_staff_are_doing_shapes_the_advice(question: str) -> None:
    answer = governance(question)
    verified(answer)
    text = " ".join(r.action for r in answer.recommendations).lower()
    assert "which ai tools" in text and "train staff" in text
    unrelated = governance("How should we secure our AI systems?")
    assert _actions(answer) != _actions(unrelated)


def test_different_questions_get_different_advice() -> None:
    asked = [
        "We need HIPAA compliance before the pilot touches real patient records.",
        "Our staff paste customer data into ChatGPT.",
        "How do we stay GDPR compliant when we scale?",
        "Who should own our AI models once they are live?",
    ]
    answers = [governance(q) for q in asked]
    for i, a in enumerate(answers):
        for b in answers[i + 1 :]:
            assert _actions(a) != _actions(b)


@pytest.mark.parametrize(
    "question",
    [
        "Who should approve moving an AI pilot into production, and on what evidence?",
        "Our PoC hit its targets; who signs off on funding the next stage?",
    ],
)
def test_who_decides_a_pilot_goes_on_gets_the_decision_and_its_evidence(question: str) -> None:
    answer = governance(question)
    verified(answer)
    text = " ".join(r.action for r in answer.recommendations)
    assert "explicit decision" in text and "success metrics" in text
    assert answer.summary.startswith("Moving a pilot into production is a decision")
    # The owner of a live model is another question with other advice.
    assert _actions(answer) != _actions(governance("Who should own the AI model once it is live?"))
    # A compliance sign-off is no decision to go on.
    hipaa = governance("We need HIPAA sign-off before the pilot touches real patient records.")
    assert "decision" not in hipaa.summary


@pytest.mark.parametrize(
    "question",
    [
        "How do we make the model's decisions explainable to our customers?",
        "Our loan officers need to understand why the model rejects an applicant.",
    ],
)
def test_explainability_gets_its_own_advice_not_the_risk_procedures(question: str) -> None:
    answer = governance(question)
    verified(answer)
    assert answer.grounded and answer.summary.startswith("Make each model's outputs explainable")
    first = answer.recommendations[0].action
    assert "explanation" in first or "transparency" in first
    risk = governance("What risk management procedures do we need before scaling?")
    assert _actions(answer) != _actions(risk)
    assert risk.summary.startswith("Manage risk") and risk.summary != answer.summary
    # Each area a topic brings is answered once, not once per rule filed under it.
    assert len(answer.recommendations) <= 3


def test_a_question_naming_no_area_takes_its_passages_area() -> None:
    question = "is the chatbot allowed to see customer bank details?"
    assert classify(question) == []
    security = [c for c in chunks() if c.section.endswith("Security frameworks")]
    answer = governance(question, security + list(chunks()))
    verified(answer)
    assert answer.grounded and {r.area for r in answer.recommendations} == {"security"}
    # A passage that shares no word with the question lends it no area.
    assert not governance("What is the best pizza topping?", security + list(chunks())).grounded


def test_explaining_something_else_is_not_the_explainability_topic() -> None:
    answer = governance("Can we explain the risk procedures to the board?")
    assert answer.summary.startswith("Manage risk")
    assert "risk management procedures" in " ".join(r.action for r in answer.recommendations)


@pytest.mark.parametrize(
    "question",
    [
        "we're a Swiss bank, does FINMA stuff change when we scale the pilot?",
        "BaFin rules for our model?",
    ],
)
def test_a_regulation_named_alone_is_a_compliance_question(question: str) -> None:
    answer = governance(question)
    verified(answer)
    assert answer.grounded and answer.recommendations[0].area == "compliance"
    assert "(here: " in " ".join(r.action for r in answer.recommendations)
