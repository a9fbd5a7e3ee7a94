"""Requests for a kind of datum the playbook does not hold: asked for, not merely
mentioned, and beyond the playbook only while no passage gives one."""

from __future__ import annotations

import pytest

from advisor.agent.beyond import missing, wanted

PASSAGE = "The pilot is tested against success metrics that were defined in advance."


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what's a realistic dollar budget for our first pilot?", "amounts of money"),
        ("How much would a Snowflake licence cost us per year?", "amounts of money"),
        ("Is 50,000 euros enough for the pilot?", "amounts of money"),
        ("What percentage of our IT budget should go to AI?", "amounts of money"),
        ("Is Datadog or New Relic cheaper for 40 hosts?", "amounts of money"),
        ("What alert thresholds make sense for drift?", "threshold values"),
        ("whats the minimum accuracy we need before go-live", "threshold values"),
        (
            "Is there a formula for the ROI, with the discount rate?",
            "formulas or accounting treatments",
        ),
        ("Do we amortize the model build over three years?", "formulas or accounting treatments"),
        ("Share the vendors' contact details, please.", "contact details or lists of named firms"),
        (
            "Give me a list of five mid-sized German manufacturers.",
            "contact details or lists of named firms",
        ),
        (
            "can u recomend a good AI consultancy in Toronto",
            "contact details or lists of named firms",
        ),
        ("How many data scientists should we hire for production?", "staffing numbers"),
        ("Mann-Whitney or a t-test for the pilot readout?", "statistical methods"),
        ("write me a python script that retrains the model", "code"),
        ("Does the EU AI Act apply to our CV-screening tool?", "legal rulings"),
        ("What is the maximum civil penalty if the pilot leaks records?", "legal rulings"),
        ("From which date do the new Act's rules come into force?", "legal rulings"),
    ],
)
def test_a_request_for_a_datum_is_read(question: str, kind: str) -> None:
    assert kind in [k.name for k in wanted(question)]
    assert missing(question, [PASSAGE]) is not None


@pytest.mark.parametrize(
    "question",
    [
        # Mentioned, not asked for.
        "We spent $200k on a pilot and nobody uses it. Why?",
        "Our trial will touch patient records, so GDPR applies to us. What governance do we need?",
        "why bother with AI now instead of waiting till it's cheaper and easier?",
        "Our churn model was 91% accurate at launch and is 78% now; what did we skip?",
        # The playbook's own matters, in words close to a request.
        "How much budget does the playbook say to plan for scaling?",
        "What percentage of AI projects never leave the pilot stage?",
        "What does an effective AI leader do, and how much does it change the odds?",
        "How do we measure ROI and cost savings during the pilot?",
    ],
)
def test_no_request_is_read_into_a_mention(question: str) -> None:
    assert wanted(question) == []


def test_passages_that_give_the_datum_answer_it() -> None:
    question = "How much does the pilot cost in euros?"
    assert missing(question, [PASSAGE]) is not None
    assert missing(question, [PASSAGE, "A pilot costs about 40,000 euros."]) is None
    rate = "What alert thresholds make sense?"
    assert missing(rate, ["Alert when accuracy drops below 90%."]) is None


@pytest.mark.parametrize(
    "text", ["how much " * 2_200, "$1 " * 6_600, "list of " + "big " * 5_000, "does " * 4_000]
)
def test_hostile_runs_read_as_what_they_ask(text: str) -> None:
    # bench/hostile_input.py times these through the API; here, what they are read as.
    names = [k.name for k in wanted(text)]
    assert names == [] or missing(text, [PASSAGE]) is not None
    assert "code" not in names and "legal rulings" not in names
