"""The scope check: what the playbook never gives, choices between unnamed products,
and roles that are no foreign names."""

from __future__ import annotations

import pytest

from advisor.agent.scope import (
    beyond_playbook,
    in_scope,
    speaks_domain,
    unknown_choice,
    unknown_names,
)
from advisor.retrieval.hybrid import Retrieval

PLAYBOOK = {"pilot", "outcome", "first", "cloud", "public", "private", "governance", "model"}


def knows(word: str) -> bool:
    return word.lower().rstrip("s") in PLAYBOOK


def found(similarity: float) -> Retrieval:
    return Retrieval(query="q", chunks=[], best_similarity=similarity)


@pytest.mark.parametrize(
    "question",
    [
        "can u write me a python script that retrains my model every night",
        "What day rates do AI consultants charge these days?",
        "roughly what does it cost per million tokens?",
        "what salary range should we budget for two ML engineers?",
        "A former applicant filed a lawsuit over our model. Should we settle?",
        "Is 50,000 euros enough for the pilot?",
    ],
)
def test_what_the_playbook_never_gives(question: str) -> None:
    assert beyond_playbook(question)
    assert not in_scope(question, found(0.6), knows)


@pytest.mark.parametrize(
    "question",
    [
        "What should we sort out before anyone writes a single line of code?",
        "How much budget does the playbook say to plan for scaling?",
        "Who settles disputes about data ownership?",
    ],
)
def test_the_playbook_s_own_topics_are_not_beyond_it(question: str) -> None:
    assert not beyond_playbook(question)


def test_a_cost_is_beyond_the_playbook_only_while_no_passage_states_one() -> None:
    question = "How much does it cost to run a pilot?"
    assert beyond_playbook(question, ["Teams create budget estimates in discovery."])
    assert not beyond_playbook(question, ["A pilot costs about $40,000 to run."])


def test_a_choice_between_things_the_playbook_never_names() -> None:
    assert unknown_choice("sagemaker or databricks - which one should we go with?", knows)
    assert not unknown_choice("public vs private cloud, which one should we use?", knows)
    # No pick asked for, or a choice of the domain's own: a question about the playbook.
    assert not unknown_choice("Should we centralise or decentralise the team?", knows)
    assert not unknown_choice("chatbot or copilot - which one should we go with?", knows)
    # One side the playbook speaks of ("outcome-first") is a question about its stance.
    assert not unknown_choice("Tech-first vs outcome-first: where does it land?", knows)
    assert not in_scope("sagemaker or databricks, which platform?", found(0.3), knows)


def test_roles_the_domain_speaks_of_are_not_foreign_names() -> None:
    # CEO is a domain word; IT alone is one unknown name, and it takes two to refuse.
    question = "Does our CEO need to be involved, or can IT run it?"
    assert unknown_names(question, knows) == ["IT"]
    assert in_scope(question, found(0.42), knows)
    assert not in_scope("Is PyTorch or TensorFlow faster on GPUs?", found(0.3), knows)


def test_questions_about_the_playbook_itself_are_in_scope() -> None:
    assert in_scope("give me the tl;dr of the whole playbook", found(0.23), knows)
    assert not in_scope("give me the tl;dr of the whole novel", found(0.3), knows)


def test_plurals_people_write_speak_the_domain() -> None:
    # "POCs" was not a domain word, so this covered question was refused.
    question = "What failure modes keep POCs from reaching prod?"
    assert speaks_domain(question)
    assert in_scope(question, found(0.3), knows)


@pytest.mark.parametrize(
    "question",
    [
        "What are the early symptoms of heart failure?",
        "what time does the new season of the show go live?",
        "which monitors are best for gaming?",
        "how do I clean fish scales off a salmon?",
        "how do I knead modelling clay?",
    ],
)
def test_everyday_words_that_merely_look_like_the_domain_do_not(question: str) -> None:
    assert not speaks_domain(question)
    assert not in_scope(question, found(0.3), knows)


def test_project_planning_words_speak_the_domain() -> None:
    question = "What are the main workstreams when we actually go live?"
    assert speaks_domain(question)
    assert in_scope(question, found(0.23), knows)
    assert speaks_domain("Which work stream owns the user trainings at go live time?")


def test_a_weak_match_nearer_elsewhere_is_out_and_a_clear_one_is_never_asked() -> None:
    asked: list[str] = []

    def nearer(question: str, retrieval: Retrieval) -> bool:
        asked.append(question)
        return True

    question = "what are the common mistakes when buying a house?"
    assert in_scope(question, found(0.3), knows)
    assert not in_scope(question, found(0.3), knows, nearer)
    assert asked == [question]
    # A clearly similar question is in scope whatever is near it elsewhere.
    assert in_scope("How long is the pilot phase?", found(0.5), knows, nearer)
    assert asked == [question]


def test_a_trial_is_the_domains_word_for_a_pilot() -> None:
    question = "The trial got the green light. What groundwork comes next?"
    assert speaks_domain(question)
