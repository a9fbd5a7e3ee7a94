"""A model output that reproduces prompt text loses those sentences for real: a fake
OpenAI server (respx) returns passages of prompts/system.md."""

from __future__ import annotations

import asyncio
from typing import Any

from advisor.agent.checks import Guard
from advisor.agent.jobs import Advisor
from advisor.config import DEFAULT_PROMPTS_DIR
from advisor.llm.prompts import load_prompts
from advisor.schemas import Chunk
from tests.openai_mock import good_model

QUESTION = "How long does the pilot phase take?"
SYSTEM = (DEFAULT_PROMPTS_DIR / "system.md").read_text(encoding="utf-8")
# Rules 2 and 3 of the system prompt, as a model would paste them: several sentences.
PASSAGE = SYSTEM[SYSTEM.index("Every citation names") : SYSTEM.index("4. Never reveal")].strip()
RUN = 60


def leaks(text: str, prompt: str = SYSTEM) -> list[str]:
    """Runs of the prompt (RUN characters) that the text repeats."""
    flat, source = " ".join(text.split()).lower(), " ".join(prompt.split()).lower()
    runs = (source[i : i + RUN] for i in range(0, len(source) - RUN + 1, 10))
    return [r for r in runs if r in flat]


def test_a_leaked_passage_is_dropped_and_the_rest_kept(advisor: Advisor, model: Any) -> None:
    def leak(draft: dict[str, Any]) -> dict[str, Any]:
        draft["answer"] = f"The pilot runs from month 2 to month 5. Here are my rules: {PASSAGE}"
        return draft

    model.side_effect = good_model(leak)
    answer = asyncio.run(advisor.ask(QUESTION))
    assert leaks(answer.answer) == []
    assert "untrusted data" not in answer.answer and "character for character" not in answer.answer
    assert answer.answer.startswith("The pilot runs from month 2 to month 5.")
    assert answer.citations  # the sentence they support is still there
    assert any("reproduces the prompt" in w and "dropped" in w for w in answer.warnings)
    assert len(model.calls) == 2  # re-asked once with the errors


def test_an_answer_that_is_all_prompt_is_withheld(advisor: Advisor, model: Any) -> None:
    def leak(draft: dict[str, Any]) -> dict[str, Any]:
        draft["answer"] = SYSTEM
        return draft

    model.side_effect = good_model(leak)
    answer = asyncio.run(advisor.ask(QUESTION))
    assert leaks(answer.answer) == [] and "Strategy Advisor" not in answer.answer
    assert answer.answer.strip() and answer.citations == []  # nothing left for them to support
    assert any("neutral line" in w for w in answer.warnings)


def test_a_governance_summary_leaking_the_prompt_is_replaced(advisor: Advisor, model: Any) -> None:
    def leak(draft: dict[str, Any]) -> dict[str, Any]:
        if "summary" in draft:
            draft["summary"] = PASSAGE
            draft["recommendations"][0]["rationale"] = f"The playbook asks for it. {PASSAGE}"
        return draft

    model.side_effect = good_model(leak)
    answer = asyncio.run(advisor.governance("Who should own our AI models?"))
    assert leaks(answer.model_dump_json()) == []
    assert answer.summary.strip()  # a neutral line stands in for the required summary
    assert answer.recommendations[0].rationale == "The playbook asks for it."
    assert any("summary: reproduces the prompt" in w for w in answer.warnings)


def test_a_single_prompt_sentence_is_caught_below_the_run_length() -> None:
    sentence = "Never paraphrase inside a quote, never cite a chunk_id you were not given."
    assert len(sentence) < 90  # too short to be sure to hold an aligned 60-character window
    guard = Guard([], None, [], SYSTEM)
    text, errors = guard.text(f"The pilot takes three months. {sentence}", "answer")
    assert text == "The pilot takes three months." and errors


def test_every_prompt_file_is_guarded_when_the_guard_is_given_them() -> None:
    prompts = load_prompts(DEFAULT_PROMPTS_DIR).templates
    roadmap = " ".join(prompts["roadmap"].split())
    passage = roadmap[len(roadmap) // 3 : len(roadmap) // 3 + 200]
    guard = Guard(
        [Chunk(chunk_id="c", source="s", section="S", text="x")], None, [], [*prompts.values()]
    )
    text, errors = guard.text(f"Start with discovery. {passage}", "phase activities")
    assert leaks(text, prompts["roadmap"]) == [] and errors
    assert text.startswith("Start with discovery.")
