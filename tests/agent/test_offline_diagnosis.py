"""A diagnosis is answered with the failure the playbook names for it and what to do."""

from __future__ import annotations

import asyncio

import pytest

from advisor.agent.jobs import Advisor
from advisor.question_forms import asks_diagnosis


@pytest.mark.parametrize(
    "question",
    [
        "Our warehouse team won't use the picking assistant even though it works. Why?",
        "our forecasts have been way off since launch, what are we doing wrong?",
        "We're stuck in pilot for a year now. Is that normal?",
    ],
)
def test_trouble_in_ones_own_work_asked_about_is_a_diagnosis(question: str) -> None:
    assert asks_diagnosis(question)


@pytest.mark.parametrize(
    "question",
    [
        "Why do most AI pilots fail?",  # no trouble of the asker's own
        "What are the common mistakes?",
        "How long does the pilot phase take?",
        "Our pilot went well. What comes next?",  # nothing going wrong
    ],
)
def test_questions_about_the_playbook_are_not_a_diagnosis(question: str) -> None:
    assert not asks_diagnosis(question)


def test_an_unused_tool_is_told_its_failure_and_what_to_do(offline_advisor: Advisor) -> None:
    question = "Our staff keep ignoring the new scheduling tool even though it works fine. Why?"
    answer = asyncio.run(offline_advisor.ask(question))
    first = answer.citations[0].quote.lower()
    assert "change management" in first and "adoption" in first
    # What the playbook says to do comes with it, cited.
    assert any("training" in c.quote for c in answer.citations[:3])
