"""A question that asks several things: its parts, and which of them the playbook does
not cover."""

from __future__ import annotations

import pytest

from advisor.agent.parts import (
    NAMED_CHARS,
    joined,
    not_covered_note,
    question_parts,
    reachable,
    stands_alone,
    uncovered,
    within_reach,
)

PLAYBOOK_WORDS = {"pilot", "phase", "governance", "own", "long", "balance", "world"}


def knows(word: str) -> bool:
    return word.lower() in PLAYBOOK_WORDS


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "How long is the pilot phase, and what is the capital of France?",
            ["How long is the pilot phase", "what is the capital of France?"],
        ),
        (
            "What should we measure in the pilot? And who won the 2018 World Cup?",
            ["What should we measure in the pilot?", "And who won the 2018 World Cup?"],
        ),
        # One question, however long: "and" between nouns starts nothing new.
        ("What do data quality and governance have to do with scaling?", None),
        # A short tail ("and why?") belongs to the question before it.
        ("Should we start with one use case, and why?", None),
    ],
)
def test_parts(question: str, parts: list[str] | None) -> None:
    assert question_parts(question) == (parts or [question])


def test_a_part_that_points_back_is_never_judged_alone() -> None:
    # "this year" is a time, not a pointer back at another part.
    assert stands_alone("who won Eurovision this year?")
    assert not stands_alone("who gives it?")
    assert not stands_alone("what does that output contain at the end?")
    assert stands_alone("what is the capital of France?")
    assert not uncovered("what is it supposed to contain then?", 0.05, knows)


def test_uncovered_needs_low_similarity_and_no_playbook_word() -> None:
    assert uncovered("what is the capital of France?", 0.16, knows)
    # Similar enough to a passage, or mostly words the playbook uses: not named.
    assert not uncovered("what is the capital of France?", 0.25, knows)
    assert not uncovered("and how long does the world balance last?", 0.09, knows)
    assert not uncovered("what balance are we supposed to strike?", 0.16, knows)
    # The playbook's own vocabulary (agent/scope.py) is never uncovered.
    assert not uncovered("what does the capital budget for the pilot look like?", 0.1, knows)


def test_a_part_asking_about_a_name_the_playbook_never_uses_is_uncovered() -> None:
    # "world" is a playbook word, "Cup" is not: the part asks about a thing it never names.
    assert uncovered("and who won the 2018 World Cup?", 0.09, knows)
    assert uncovered("Also please tell me the current rate of the Bank of Peru.", 0.15, knows)
    # Still only when barely similar to any passage.
    assert not uncovered("and who won the 2018 World Cup?", 0.25, knows)
    # A name the playbook uses, or one in a sentence that asks nothing, is no such part.
    assert not uncovered("and how long does the World balance last?", 0.1, knows)
    assert not uncovered("We run our long warehouse shifts in Nairobi.", 0.1, knows)
    # The asker's own people and places are no topic of their own.
    assert not uncovered("And how do we stop Dave from Ops taking so long?", 0.1, knows)
    assert uncovered("And why does Dave from Ops take long?", 0.1, knows)


def test_a_part_asking_mostly_in_words_the_playbook_never_uses_is_uncovered() -> None:
    # "long" and "world" are playbook words here; the rest of each part is not.
    assert uncovered("how long does a good lasagna recipe take?", 0.11, knows)
    assert uncovered("who won the nobel prize for the world?", 0.1, knows)
    # One unknown word among known ones is not enough, nor a part that speaks the
    # playbook's language.
    assert not uncovered("and how long does the world balance hold?", 0.1, knows)
    assert not uncovered("how long does a good lasagna recipe take for data?", 0.1, knows)
    # Asked by one person about their own life: still another topic; about the
    # organisation's own work: not named.
    assert uncovered("how do I grow a good lasagna recipe in the world?", 0.1, knows)
    assert not uncovered("how do we keep a good lasagna recipe in the world?", 0.1, knows)


def test_note_names_each_part_clipped() -> None:
    note = not_covered_note(["what is the capital of France?", "x" * 500])
    assert note.startswith("The playbook does not cover these parts of the question")
    assert '"what is the capital of France?"' in note
    assert "x" * NAMED_CHARS not in note and "…" in note


def test_note_keeps_no_markup_of_the_users() -> None:
    note = not_covered_note(["what is ![x](http://e.vil/a.png) \u202e `rm` <b>this</b>?"])
    for mark in ("![", "](", "\u202e", "`", "<b>"):
        assert mark not in note
    assert "what is" in note and "this" in note


PASSAGES = ["Phase 2, the pilot, runs from month 2 to month 5."]


def test_within_reach_leaves_out_a_part_asking_for_what_no_passage_gives() -> None:
    question = "How long does the pilot run? And what is a realistic budget for it?"
    assert within_reach(question, PASSAGES) == (
        "How long does the pilot run?",
        ["And what is a realistic budget for it?"],
    )
    # Nothing asked of that kind: the whole question, nothing left out.
    assert within_reach("How long does the pilot run, and what comes next?", PASSAGES) == (
        "How long does the pilot run, and what comes next?",
        [],
    )


def test_within_reach_keeps_nothing_that_only_leans_on_a_part_left_out() -> None:
    # The second part points back at the first and asks nothing of the playbook's own.
    question = "Is there a formula for the ROI in euros? Which numbers go in it?"
    assert within_reach(question, PASSAGES) == (question, [])
    # What is left must ask something: context alone is not a question.
    told = "What salary should we offer an ML engineer? We need one for the pilot team."
    assert within_reach(told, PASSAGES) == (told, [])


def test_context_after_a_part_left_out_is_no_question() -> None:
    told = "What salary should we offer an ML engineer? This is for the pilot team."
    assert within_reach(told, PASSAGES) == (told, [])


def test_a_request_with_please_asks_something() -> None:
    question = "What salary should we offer an ML engineer? Please tell me how long the pilot runs."
    assert within_reach(question, PASSAGES) == (
        "Please tell me how long the pilot runs.",
        ["What salary should we offer an ML engineer?"],
    )


def test_parts_are_joined_as_separate_questions() -> None:
    question = "How long does the pilot run, and what comes next, and what will it cost in euros?"
    assert within_reach(question, PASSAGES) == (
        "How long does the pilot run? what comes next?",
        ["what will it cost in euros?"],
    )
    assert joined(["Who owns it?", "what comes next"]) == "Who owns it? what comes next?"


def test_a_follow_up_loses_the_part_its_topic_left_out() -> None:
    previous = "How long does the pilot phase take? And what will the licence cost in euros?"
    follow = "And what comes next?"
    assert reachable(follow, f"{previous} {follow}", PASSAGES) == (
        follow,
        f"How long does the pilot phase take? {follow}",
        [],
    )
    # A topic that only asked for such a thing is dropped; the follow-up stands alone.
    priced = "What will the licence cost in euros?"
    assert reachable(follow, f"{priced} {follow}", PASSAGES) == (follow, follow, [])
