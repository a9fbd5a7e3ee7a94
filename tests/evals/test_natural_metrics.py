"""Answer completeness: the share of key facts an answer states, whole words only."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from advisor.agent.jobs import Advisor
from advisor.evals.cases import Suite
from advisor.evals.natural import (
    NaturalQuestionCase,
    completeness,
    fact_present,
    missing_facts,
    names_part,
    opens_with_fact,
)
from advisor.evals.runner import EvalRun


@pytest.mark.parametrize(
    ("fact", "text", "present"),
    [
        ("twelve months | 12 months", "The journey takes about twelve months.", True),
        ("twelve months | 12 months", "It takes 12 months in five phases.", True),
        ("go no go", "The pilot ends in a go/no-go decision.", True),
        ("data quality", "Poor data-quality sinks pilots.", True),
        ("month 2", "It runs from month 20 onwards.", False),  # whole words
        ("pilot", "The playbook says nothing on that.", False),
        (" | ", "Anything at all.", False),  # an empty alternative never matches
    ],
)
def test_a_fact_is_present_in_any_of_its_forms(fact: str, text: str, present: bool) -> None:
    assert fact_present(fact, text) is present


def test_completeness_is_the_share_of_facts_stated() -> None:
    facts = ["data readiness", "integration", "governance", "change management"]
    text = "Pilots stall on data readiness and on integration with existing systems."
    assert completeness(text, facts) == 0.5
    assert missing_facts(text, facts) == ["governance", "change management"]
    assert completeness(text, []) is None


def test_a_part_left_out_is_named_after_the_note() -> None:
    part = "what is the current interest rate of the central bank?"
    named = (
        "Phase 1 runs from month 0 to month 2. [1] The playbook does not cover this part of "
        'the question, so it is not answered: "what is the current interest rate of the '
        'central bank?".'
    )
    assert names_part(named, part)
    # Words of the part said elsewhere, without the note, are no naming of it.
    assert not names_part("The current interest rate of the central bank is high.", part)
    other = named.replace("current interest rate of the central bank", "capital of France")
    assert not names_part(other, part)


def test_the_opening_is_read_up_to_the_first_citation() -> None:
    facts = ["one or two | small number", "demonstrate value"]
    first = "Pick one or two use cases. [1] This lets teams demonstrate value. [2]"
    later = "Many companies start narrow. [1] Pick one or two use cases. [2]"
    assert opens_with_fact(first, facts) == 1.0
    assert opens_with_fact(later, facts) == 0.0
    # No marker to tell the opening by, or a long opening (a list with all its items).
    assert opens_with_fact("No marker at all, one or two things.", facts) is None
    assert opens_with_fact("x" * 300 + " one or two [1]", facts) == 0.0
    assert opens_with_fact(first, []) is None


def test_a_message_in_a_conversation_is_counted_apart(
    offline_advisor: Advisor, tmp_path: Path
) -> None:
    """A case with `previous` is asked after the reply to it; its answering or refusing
    is counted under the conversation metrics, not the single questions'."""
    first = "We are piloting an AI assistant for our dispatchers. How long does the pilot take?"
    cases = [
        NaturalQuestionCase(
            id="c-on", voice="conversation", form="follow-up", previous=first,
            question="ok and what should we measure?",
        ),
        NaturalQuestionCase(
            id="c-off", voice="conversation", form="out-of-scope", previous=first,
            question="and how long does it take to get a driving licence?", grounded=False,
        ),
        NaturalQuestionCase(
            id="c-alone", voice="informal", form="out-of-scope",
            question="how do i fix a leaking tap", grounded=False, split="holdout",
        ),
    ]  # fmt: skip
    run = EvalRun(offline_advisor, None, tmp_path)
    metrics = asyncio.run(run.run(Suite(natural_questions=cases))).metrics()
    assert metrics["conversation_refusal_accuracy"] == 1.0
    assert metrics["conversation_false_refusal_rate"] == 0.0
    assert "natural_refusal_accuracy" not in metrics or metrics["natural_refusal_accuracy"] is None
    assert metrics["natural_refusal_accuracy@holdout"] == 1.0
    assert "conversation_refusal_accuracy@holdout" not in metrics
