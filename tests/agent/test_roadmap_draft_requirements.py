"""A roadmap's required parts are required of the model: every phase cites a passage the
model chose and code verified, and there is at least one use case. What the model still
leaves out after the re-ask fails the job clearly; code never attaches a citation of
its own (DESIGN.md's invariants). The model's HTTP is mocked by respx."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

import pytest

from advisor.agent.jobs import Advisor
from advisor.errors import OutputValidationError
from advisor.llm.openai.drafts import RoadmapDraft
from advisor.llm.openai.jobs import ROADMAP_CONTEXT_PASSAGES, ROADMAP_PASSAGES_PER_PHASE
from advisor.llm.openai.output import structured_spec
from advisor.schemas import MAX_USE_CASES
from tests.openai_mock import body_of, good_model, passages, schema_name

COMPANY = "Acme Tools is a 300-person manufacturer. We want to predict machine failures."


def _roadmap_requests(model: Any) -> list[dict[str, Any]]:
    return [body_of(c.request) for c in model.calls if schema_name(c.request) == "RoadmapDraft"]


def _without_pilot_citations(draft: dict[str, Any]) -> dict[str, Any]:
    draft["phases"]["pilot"].pop("citations", None)
    return draft


def _invented_pilot_quote(draft: dict[str, Any]) -> dict[str, Any]:
    cited = draft["phases"]["pilot"]["citations"][0]
    draft["phases"]["pilot"]["citations"] = [
        {"chunk_id": cited["chunk_id"], "quote": "Pilots should always run for two years."}
    ]
    return draft


def _without_use_cases(draft: dict[str, Any]) -> dict[str, Any]:
    draft["use_cases"] = []
    return draft


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (_without_pilot_citations, "phases.pilot.citations"),
        (_without_use_cases, "use_cases"),
    ],
    ids=["phase-uncited", "no-use-case"],
)
def test_a_draft_missing_a_required_part_is_re_asked_then_fails(
    advisor: Advisor, model: Any, mutate: Any, reason: str
) -> None:
    model.side_effect = good_model(mutate)
    with pytest.raises(OutputValidationError, match=reason):
        asyncio.run(advisor.roadmap(COMPANY))
    assert len(_roadmap_requests(model)) == 2  # asked, re-asked once, then refused


def test_a_phase_whose_quote_never_verifies_fails_the_job_instead_of_a_code_citation(
    advisor: Advisor, model: Any
) -> None:
    model.side_effect = good_model(_invented_pilot_quote)
    with pytest.raises(OutputValidationError, match="pilot have no verified citation"):
        asyncio.run(advisor.roadmap(COMPANY))
    re_ask = _roadmap_requests(model)[1]
    assert "phase pilot has no verified citation" in str(re_ask["messages"])


def test_a_phase_fixed_on_the_re_ask_is_kept_with_the_models_own_citation(
    advisor: Advisor, model: Any
) -> None:
    asked = {"n": 0}
    honest = good_model()
    lying = good_model(_invented_pilot_quote)

    def first_lies(request: Any) -> Any:
        if schema_name(request) == "RoadmapDraft":
            asked["n"] += 1
            if asked["n"] == 1:
                return lying(request)
        return honest(request)

    model.side_effect = first_lies
    roadmap = asyncio.run(advisor.roadmap(COMPANY))
    pilot = next(p for p in roadmap.phases if p.phase == "pilot")
    assert pilot.citations and pilot.citations[0].chunk_id.startswith("phase-2-")
    assert roadmap.use_cases and roadmap.use_cases[0].citations
    assert not any("instead" in w for w in roadmap.warnings)


def test_the_tool_schema_keeps_the_one_item_minimum_a_grammar_can_enforce() -> None:
    spec = structured_spec(RoadmapDraft, "function_calling")["parameters"]
    phase = spec["$defs"]["PhaseDraft"]["properties"]["citations"]
    use_case = spec["$defs"]["UseCaseDraft"]
    assert phase["minItems"] == 1 and "maxItems" not in phase
    assert "citations" in spec["$defs"]["PhaseDraft"]["required"]
    assert "citations" in use_case["required"] and use_case["properties"]["citations"]["minItems"]
    assert spec["properties"]["use_cases"]["minItems"] == 1 and "use_cases" in spec["required"]


def test_the_roadmap_prompt_shows_each_phases_best_passages_and_each_context_search(
    advisor: Advisor, model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    retrieved: list[list[Any]] = []
    real = advisor.retrieve_all

    async def spy(*args: Any, **kwargs: Any) -> Any:
        found = await real(*args, **kwargs)
        retrieved.append([r.chunks for r in found])
        return found

    monkeypatch.setattr(advisor, "retrieve_all", spy)
    model.side_effect = good_model()
    roadmap = asyncio.run(advisor.roadmap(COMPANY))
    (groups,) = retrieved
    shown = [cid for cid, _ in passages(next(c.request for c in model.calls if _is_roadmap(c)))]
    phase_groups, context_groups = groups[:5], groups[5:]
    for group in phase_groups:  # each phase's two best, in rank order
        best = [c.chunk_id for c in group][:ROADMAP_PASSAGES_PER_PHASE]
        assert [cid for cid in shown if cid in best] == best
    per_phase = Counter(cid.split("-")[1] for cid in shown if cid.startswith("phase-"))
    assert max(per_phase.values()) == ROADMAP_PASSAGES_PER_PHASE and len(per_phase) == 5
    tops = [g[0].chunk_id for g in context_groups if g and g[0].phase is None]
    first = list(dict.fromkeys(tops))[:ROADMAP_CONTEXT_PASSAGES]
    assert first and set(first) <= set(shown)  # the best of the first context searches
    retrieved_ids = {c.chunk_id for g in groups for c in g}
    assert len(shown) < len(retrieved_ids) / 2 and set(shown) <= retrieved_ids
    assert all(p.citations for p in roadmap.phases)


def _is_roadmap(call: Any) -> bool:
    return schema_name(call.request) == "RoadmapDraft"


def test_the_tool_schema_drops_generated_titles_but_not_a_property_named_title() -> None:
    spec = structured_spec(RoadmapDraft, "function_calling")["parameters"]
    assert "title" in spec["$defs"]["PhaseDraft"]["properties"]
    assert '"title": "' not in json.dumps(spec)


def test_a_repeated_use_case_is_dropped_without_a_re_ask(advisor: Advisor, model: Any) -> None:
    def twice(draft: dict[str, Any]) -> dict[str, Any]:
        draft["use_cases"] = [draft["use_cases"][0], dict(draft["use_cases"][0])]
        return draft

    model.side_effect = good_model(twice)
    roadmap = asyncio.run(advisor.roadmap(COMPANY))
    assert len(roadmap.use_cases) == 1 and len(_roadmap_requests(model)) == 1
    assert any("repeated an earlier one" in w for w in roadmap.warnings)


def test_the_grammar_allows_no_more_use_cases_than_a_roadmap_carries() -> None:
    spec = structured_spec(RoadmapDraft, "function_calling")["parameters"]
    assert spec["properties"]["use_cases"]["maxItems"] == MAX_USE_CASES
