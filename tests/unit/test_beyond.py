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
        ("The vendor is suing us over the pilot. Should we settle?", "legal rulings"),
        ("What is the maximum civil penalty if the pilot leaks records?", "legal rulings"),
        ("From which date do the new Act's rules come into force?", "legal rulings"),
        ("What will the pilot set us back?", "amounts of money"),
        ("What's the cost per seat for Copilot?", "amounts of money"),
        ("What does a typical AI engineer cost per year?", "amounts of money"),
        (
            "Which consultancies in Munich do AI strategy?",
            "contact details or lists of named firms",
        ),
        ("Is an F1 of 0.8 acceptable for fraud detection?", "threshold values"),
        ("Is it lawful to train on customer emails?", "legal rulings"),
        ("What salary should we offer an ML engineer?", "amounts of money"),
        ("what's a fair salary for a data scientist in Leeds?", "amounts of money"),
        ("What would a data scientist's salary be?", "amounts of money"),
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
        # Close to a request in words, about the playbook's own matters (a review's list).
        "Give me a list of the common mistakes mid-market companies make.",
        "Can you name some common mistakes firms make when scaling AI?",
        "How much attention should we pay to change management?",
        "How much time should leadership spend on the AI initiative?",
        "What are typical pilot cost savings we should track?",
        "What part of the budget estimates should discovery produce?",
        "Show the board how our AI program moves from pilot to production.",
        "Is there a formula for success when moving from pilot to production?",
        "Our board uses NPV for every investment; what should the roadmap show?",
        "Our data team already ran a t-test; what decision ends the pilot?",
        "We're a clinic; if HIPAA applies, what security frameworks do we need?",
        "Now that the EU AI Act is in force, how should our governance change?",
        "Whether or not GDPR applies, what governance policies should we write down?",
        "We count as high-risk in our own risk register; how should governance handle it?",
        "After we were fined for a data breach, what security should a rollout have?",
        "What's the penalty for neglecting change management?",
        "Our contact person at the vendor left; who should own the AI system now?",
        "How many heads of department need to be on board before the pilot?",
        "Should we recommend a vendor approach or build in-house for the pilot?",
        "How do leaders set realistic cost expectations with the board?",
        "can staff read the salary data the model uses?",
        "Which salary fields should we mask in the pilot?",
        "Does the model use salary to make decisions?",
        # Settling a choice, not a claim.
        "Two teams want different first use cases. How should we settle it?",
        "should we settle on one vendor for the pilot?",
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
def test_hostile_runs_are_read_like_any_text(text: str) -> None:
    # bench/hostile_input.py times these through the API; here, what they are read as:
    # no request at all (a run of amounts mentions money, and "how much" asks no cost).
    assert wanted(text) == []
    assert wanted(text + " How much does it cost?")[0].name == "amounts of money"


@pytest.mark.parametrize(
    "text", ["\n" * 20_000, "a" * 20_000, "1" * 20_000, "a.b@" * 5_000, "+1 " * 6_000]
)
def test_no_passage_pattern_reads_a_datum_into_a_run(text: str) -> None:
    # The passage side once scanned a run from every position (code, e-mail addresses).
    assert missing("Give me the SQL and their e-mail addresses, please.", [text]) is not None
