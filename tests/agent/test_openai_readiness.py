"""The readiness job and plan revisions on the openai provider, the model mocked by respx."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from advisor.agent.chat import Chat
from advisor.agent.jobs import Advisor
from advisor.grounding import is_verbatim
from advisor.schemas import DIMENSIONS
from advisor.storage import SessionStore, sqlite_database
from tests.openai_mock import (
    body_of,
    completion,
    good_model,
    prompt_text,
    schema_name,
    tool_call,
)

STALLED = (
    "Harbor Freight Lines is a 400-person logistics firm. Our route-planning pilot stalled "
    "after six months, and our shipment data lives in messy spreadsheets. We have no data "
    "scientists, and IT could not connect the pilot to our ERP."
)


def test_assessment_keeps_the_codes_scores_and_verifies_the_models_citations(
    advisor: Advisor, model: Any
) -> None:
    def overreach(draft: dict[str, Any]) -> dict[str, Any]:
        if "dimensions" in draft:
            # A model that tries to score and to cite a passage it was never given.
            draft["dimensions"][0]["score"] = 3
            draft["dimensions"][1]["citations"] = [{"chunk_id": "made-up-1", "quote": "x y z"}]
        return draft

    model.side_effect = good_model(overreach)
    assessment = asyncio.run(advisor.assess(STALLED))
    sent = model.calls[0].request
    assert schema_name(sent) == "AssessmentDraft"
    assert body_of(sent)["response_format"]["type"] == "json_schema"
    # The model is told the scores code read, with the words that back them.
    assert "data_readiness" in prompt_text(sent) and "messy spreadsheets" in prompt_text(sent)

    assert assessment.provider == "openai"
    assert [d.dimension for d in assessment.dimensions] == list(DIMENSIONS)
    scores = {d.dimension: d.score for d in assessment.dimensions}
    assert scores["data_readiness"] is not None and scores["data_readiness"] <= 1
    assert scores["integration"] is not None and scores["integration"] <= 1
    assert scores["business_alignment"] != 3  # set by code, not by the draft
    store = advisor.index.store
    for dim in assessment.dimensions:
        assert all(is_verbatim(f.evidence, STALLED) for f in dim.evidence)
        for c in dim.citations:
            found = store.get([c.chunk_id])
            assert found and is_verbatim(c.quote, found[0].text)
    # The invented citation was sent back once with the verifier's errors, then repaired.
    assert len(model.calls) == 2 and "made-up-1" in prompt_text(model.calls[1].request)


def test_chat_agent_revises_the_kept_plan_and_assesses_through_its_tools(
    advisor: Advisor, model: Any, tmp_path: Path
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = body_of(request)
        names = [t["function"]["name"] for t in body.get("tools", [])]
        if "revise_roadmap" not in names:
            return good_model()(request)  # a job's own structured call
        last = body["messages"][-1]
        if last["role"] == "tool":
            return httpx.Response(200, json=completion("Done."))
        text = str(last["content"])
        if "ready" in text:
            call = tool_call("assess_readiness", {"company_description": STALLED})
        elif "months" in text:
            call = tool_call("revise_roadmap", {"change": text})
        else:
            call = tool_call("draft_roadmap", {"company_description": STALLED})
        return httpx.Response(200, json=completion(tool_calls=[call]))

    model.side_effect = handler
    chat = Chat(advisor, SessionStore(sqlite_database(tmp_path / "s.db")))
    first = asyncio.run(chat.send("Please draft a roadmap for us."))
    assert first.kind == "roadmap" and first.roadmap is not None

    revised = asyncio.run(chat.send("Can we do it in 9 months?", first.session_id))
    assert revised.kind == "roadmap" and revised.roadmap is not None
    assert revised.roadmap.revision_of == first.roadmap.id
    assert revised.roadmap.horizon_months == 9 and revised.roadmap.phases[-1].end_month == 9
    change = next(c for c in revised.roadmap.changes if c.field == "horizon_months")
    assert "9 months" in change.evidence and is_verbatim(
        change.evidence, "Can we do it in 9 months?"
    )
    assert any(f.source == "message" for f in revised.roadmap.company.facts)
    assert revised.roadmap.company.name == first.roadmap.company.name

    ready = asyncio.run(chat.send("Are we ready for this?", first.session_id))
    assert ready.kind == "assessment" and ready.assessment is not None
    assert len(ready.assessment.dimensions) == len(DIMENSIONS)
