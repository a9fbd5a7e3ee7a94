"""A model that quotes a whole passage: the quote is cut to the longest verbatim span
within the citation limit that keeps the claim's words, and the answer stands. A long
quote that is not verbatim is dropped like any unverified one, and only it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from advisor.agent.jobs import Advisor
from advisor.grounding import is_verbatim
from advisor.llm.openai.quotes import QUOTE_MAX, fitted_quote
from tests.openai_mock import draft_for, passages, respond

QUESTION = "How long does the pilot phase take?"
CLAIM = "The pilot runs from month 2 to month 5."


def _long_passage(request: httpx.Request) -> tuple[str, str]:
    found = [(cid, text) for cid, text in passages(request) if len(" ".join(text.split())) > 400]
    assert found, "the retrieved passages are all short"
    return next(((c, t) for c, t in found if "month" in t), found[0])


def test_a_whole_passage_quoted_is_trimmed_and_verifies(advisor: Advisor, model: Any) -> None:
    quoted: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        draft = draft_for(request)
        cid, text = _long_passage(request)
        quoted["text"] = text
        draft["answer"] = CLAIM
        draft["citations"] = [{"chunk_id": cid, "quote": text}]
        return respond(request, draft)

    model.side_effect = handler
    answer = asyncio.run(advisor.ask(QUESTION))
    assert len(model.calls) == 1  # nothing to re-ask
    assert answer.grounded and answer.warnings == []
    quote = answer.citations[0].quote
    assert len(quote) <= QUOTE_MAX and is_verbatim(quote, quoted["text"])


def test_a_long_quote_that_is_not_verbatim_is_dropped_alone(advisor: Advisor, model: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        draft = draft_for(request)
        cid, _ = _long_passage(request)
        made_up = "In our experience every pilot must run for two full years. " * 8
        draft["citations"] = [*draft["citations"], {"chunk_id": cid, "quote": made_up}]
        return respond(request, draft)

    model.side_effect = handler
    answer = asyncio.run(advisor.ask(QUESTION))
    assert answer.grounded and len(answer.citations) == 1
    assert any("not a verbatim excerpt" in w for w in answer.warnings)


def test_the_span_kept_is_the_one_with_the_claims_words() -> None:
    text = (
        "Discovery comes first and sets the strategy. "
        "Leaders name a sponsor and agree on the budget for the year ahead. "
        "The pilot then runs from month two to month five on one use case with limited data. "
        "Infrastructure planning follows, sized for production load and for monitoring. "
        "Production deployment and optimization close the year, with training for staff."
    )
    kept = fitted_quote(text, text, "The pilot runs from month two to month five.", limit=120)
    assert kept.startswith("The pilot then runs from month two to month five")
    assert len(kept) <= 120 and is_verbatim(kept, text)
    # One sentence longer than the limit: a window of its words.
    sentence = "word " * 30 + "pilot months validation " + "word " * 30
    window = fitted_quote(sentence, sentence, "pilot validation months", limit=60)
    assert "pilot months validation" in window and len(window) <= 60
