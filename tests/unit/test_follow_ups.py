"""Conversations and question forms: which messages lean on the one before, what a
place in a list points at, and which phase's work is asked about (question_forms)."""

from __future__ import annotations

import pytest

from advisor.question_forms import (
    FOLLOW_UP_WORDS,
    leans_on,
    phase_moved_to,
    phase_work_asked,
    resolve_item,
    speaks_of_us,
    spelled,
)

PREVIOUS = "How long does the pilot take?"


@pytest.mark.parametrize(
    "message",
    [
        "and how long does that take?",
        "ok and what should we measure?",
        "thanks. what about governance?",
        "fair. and who should be involved?",
        "Got it, tell me more",
        "who should own it?",
    ],
)
def test_a_short_continuation_leans_on_the_previous_message(message: str) -> None:
    assert leans_on(message, PREVIOUS)


@pytest.mark.parametrize(
    "message",
    [
        "What are the common mistakes mid-market companies make?",
        "okay",  # an acknowledgement alone asks nothing
        "How long does the pilot phase take for a company of our size " * 2 + "and why?",
    ],
)
def test_a_question_of_its_own_does_not(message: str) -> None:
    assert not leans_on(message, PREVIOUS)


def test_without_a_previous_message_nothing_leans() -> None:
    assert not leans_on("and how long does that take?", None)
    assert not speaks_of_us("which should we fix first?", None)


def test_a_short_message_about_our_own_work_may_lean() -> None:
    assert speaks_of_us("ok, which should we fix first?", PREVIOUS)
    assert not speaks_of_us("what is the capital of France?", PREVIOUS)
    long = "we " + "word " * FOLLOW_UP_WORDS
    assert not speaks_of_us(long, PREVIOUS)


REPLY = (
    "Four mistakes are especially common for mid-market companies. [1] "
    "1. Technology without business objectives: A common mistake is ... [2] "
    "2. Underestimating data quality requirements: Another frequent problem ... [3] "
    "3. Too many projects at once: Organizations also struggle ... [4] "
    "4. Insufficient change management: The last mistake is ... [5]"
)


@pytest.mark.parametrize(
    ("message", "resolved"),
    [
        ("Tell me more about the last one.", "Tell me more about Insufficient change management."),
        ("what about the second mistake?", "what about Underestimating data quality requirements?"),
        ("explain number 3", "explain Too many projects at once"),
        # Nothing numbered to point at, or no place named: the message as it is.
        ("what happens in the last phase?", "what happens in the last phase?"),
        ("tell me more", "tell me more"),
        ("and the sixth one?", "and the sixth one?"),
    ],
)
def test_an_item_pointed_at_by_place_is_named(message: str, resolved: str) -> None:
    assert resolve_item(message, REPLY) == resolved


def test_a_reply_without_a_numbered_list_names_nothing() -> None:
    plain = "The pilot runs from month 2 to month 5. [1]"
    assert resolve_item("Tell me more about the last one.", plain) == (
        "Tell me more about the last one."
    )
    assert resolve_item("Tell me more about the last one.", None) == (
        "Tell me more about the last one."
    )


@pytest.mark.parametrize(
    ("question", "phase"),
    [
        ("activities of phase 3?", "infrastructure"),
        ("what happens in the pilot?", "pilot"),
        ("What exactly do we do during phase 4?", "production"),
        ("how long is the pilot?", None),  # not its work
        ("what are the activities before the pilot?", None),  # another phase's
        ("what are the steps of the pilot and of deployment?", None),  # two phases
    ],
)
def test_the_work_of_one_phase(question: str, phase: str | None) -> None:
    assert phase_work_asked(question) == phase


def test_misspelt_phase_words_are_put_right_and_nothing_else() -> None:
    assert (
        spelled("how long is the infrastucture phase?") == "how long is the infrastructure phase?"
    )
    assert spelled("when does productoin start") == "when does production start"
    # Words as close to a phase word as a typo is, but other words: left as written.
    for word in ("validating", "discovered", "reproduction", "interaction", "deploying"):
        assert spelled(word) == word
    assert phase_work_asked("what are the activites of the infrastucture phase?") == (
        "infrastructure"
    )


@pytest.mark.parametrize(
    ("question", "previous", "phase"),
    [
        # A phase said to be done, and what comes next asked: the next phase.
        ("Discovery is done for our claims project, what are the next steps?", None, "pilot"),
        ("We've completed phase 2. Where do we go from here?", None, "infrastructure"),
        # A follow-up asking for the neighbour of the phase the previous question meant.
        ("and after that?", "We wrapped up the pilot. What's next?", "production"),
        ("what comes before it?", "How long does the infrastructure phase take?", "pilot"),
        # Nothing done, or nothing asked about what follows: no phase by place.
        ("The pilot is going badly. What next?", None, None),
        ("What happens in the pilot?", None, None),
        ("and who should own it?", "How long does the pilot take?", None),
    ],
)
def test_the_phase_asked_by_where_the_asker_stands(
    question: str, previous: str | None, phase: str | None
) -> None:
    assert phase_moved_to(question, previous) == phase
