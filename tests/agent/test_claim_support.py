"""A sentence whose verified quote says the opposite: "once in production, are we done?"
answered "yes" citing "Reaching production status does not end the AI journey." The
check re-asks with the contradiction named, then drops what still contradicts."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from advisor.agent.jobs import Advisor
from advisor.claims import judge
from tests.openai_mock import draft_for, passages, respond

QUESTION = "Once we're in production, are we done with the AI journey?"
PASSAGE = "Reaching production status does not end the AI journey."
WRONG = "Yes: reaching production status does end the AI journey."
RIGHT = "No: reaching production status does not end the AI journey, optimization follows."


def _cited(request: httpx.Request) -> str:
    found = [cid for cid, text in passages(request) if PASSAGE in " ".join(text.split())]
    assert found, "the optimization passage was not retrieved"
    return found[0]


def _model(answers: list[str]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        draft = draft_for(request)
        draft["answer"] = answers.pop(0) if len(answers) > 1 else answers[0]
        draft["citations"] = [{"chunk_id": _cited(request), "quote": PASSAGE}]
        return respond(request, draft)

    return handler


def test_a_contradicted_claim_is_re_asked_and_the_correction_kept(
    advisor: Advisor, model: Any
) -> None:
    model.side_effect = _model([WRONG, RIGHT])
    answer = asyncio.run(advisor.ask(QUESTION))
    assert len(model.calls) == 2
    assert "contradicts its cited passage" in str(model.calls[1].request.content)
    assert answer.grounded and answer.answer == RIGHT and answer.warnings == []


def test_a_claim_that_stays_contradicted_is_dropped(advisor: Advisor, model: Any) -> None:
    model.side_effect = _model([WRONG])
    answer = asyncio.run(advisor.ask(QUESTION))
    assert WRONG not in answer.answer
    assert not answer.grounded and answer.citations == []
    assert any("contradicts its cited passage" in w for w in answer.warnings)


def test_the_cues() -> None:
    passage = [PASSAGE + " Optimization and expansion follow, with monitoring."]
    assert judge(WRONG, passage).contradicted_by is not None
    assert judge(RIGHT, passage).contradicted_by is None
    # An antonym flips a claim as well as a negation does.
    plan = ["Data preparation comes before model training."]
    assert judge("Data preparation comes after model training.", plan).contradicted_by
    assert judge("Data preparation comes before model training.", plan).contradicted_by is None
    # A claim on another topic is not compared (it may be weakly supported instead).
    off_topic = judge("Budgets are not approved by the board.", passage)
    assert off_topic.contradicted_by is None and off_topic.support < 0.5
