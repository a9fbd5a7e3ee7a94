"""A long question tells a situation before it asks: it is also searched by its asking
sentences, and the two rankings are fused (retrieval/hybrid.py)."""

from __future__ import annotations

from advisor.agent.jobs import Advisor
from advisor.retrieval.hybrid import LONG_QUERY_WORDS, asked_part

SITUATION = (
    "We run three warehouses and a small planning team, and last spring a contractor "
    "built us a demand forecast on a spreadsheet export that one analyst cleans by hand "
    "every Monday before the numbers go to purchasing and the regional managers."
)


def test_the_asking_sentences_of_a_long_question() -> None:
    assert len(SITUATION.split()) >= LONG_QUERY_WORDS
    question = f"{SITUATION} Now finance wants it live everywhere. What should we check first?"
    assert asked_part(question) == "What should we check first?"
    # No question mark: the last sentence is the ask.
    assert asked_part(f"{SITUATION} Tell me what to fix before going live.") == (
        "Tell me what to fix before going live."
    )


def test_short_or_single_sentence_questions_are_searched_whole() -> None:
    assert asked_part("How long does the pilot take?") is None
    assert asked_part(SITUATION) is None  # one sentence: the ask is the whole
    assert asked_part("word " * 20_000) is None


def test_a_long_question_finds_what_its_ask_finds(offline_advisor: Advisor) -> None:
    retriever = offline_advisor.retriever
    question = (
        f"{SITUATION} Several people here think the tool will replace them and quietly "
        "avoid it. How do we get the staff to actually use it?"
    )
    ask = asked_part(question)
    assert ask is not None
    fused = [c.chunk_id for c in retriever.search(question, k=6)]
    alone = [c.chunk_id for c in retriever.search(ask, k=6)]
    # The ask's best passage is among the fused six, and the scope signals stay the
    # whole question's (retrieve_many searches each query as it is).
    assert alone[0] in fused
    whole = retriever.retrieve(question, k=6)
    (plain,) = retriever.retrieve_many([question], 6)
    assert whole.best_similarity == plain.best_similarity
    assert whole.best_bm25 == plain.best_bm25
