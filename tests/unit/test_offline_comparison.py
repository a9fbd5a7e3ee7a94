"""A comparison gives both sides: the things compared are read from the question, and
a reply that leaves one of them unsaid is composed again from both."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from advisor.grounding import verify_citations
from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import load_documents
from advisor.llm.base import AnswerTask
from advisor.llm.offline.answer import MAX_SENTENCES, compose_answer
from advisor.llm.offline.comparison import said_of, side_picks
from advisor.llm.offline.scoring import idf_of
from advisor.llm.offline.text import Book
from advisor.question_forms import compared_sides
from advisor.retrieval.relevance import Relevance
from advisor.schemas import Chunk

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"


@cache
def chunks() -> tuple[Chunk, ...]:
    return tuple(chunk_documents(load_documents([KNOWLEDGE])))


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        (
            "cloud architecture vs data pipelines - which matters more?",
            ("cloud architecture", "data pipelines"),
        ),
        (
            "What is the difference between user training and change management?",
            ("user training", "change management"),
        ),
        ("How are KPIs different from success metrics?", ("KPIs", "success metrics")),
        ("Pilot data versus production data: what changes?", ("Pilot data", "production data")),
    ],
)
def test_the_two_sides_are_read_from_the_question(question: str, sides: tuple[str, str]) -> None:
    assert compared_sides(question) == sides


@pytest.mark.parametrize(
    "question",
    [
        "How long does the pilot take?",
        "What is that different from?",  # a pointer, not a thing compared
        "Should we pick public or private cloud?",  # a choice, answered by the composer
    ],
)
def test_no_sides_where_nothing_is_set_side_by_side(question: str) -> None:
    assert compared_sides(question) is None


def test_each_side_gets_its_own_passage() -> None:
    retrieved = [c for c in chunks() if "phase-3" in c.source]
    book = Book(retrieved)
    picks = side_picks(["security frameworks", "governance policies"], book, idf_of(book))
    sections = {p.chunk.section.rsplit(" > ", 1)[-1].lower() for p in picks}
    assert any("security" in s for s in sections)
    assert any("governance" in s for s in sections)
    sides = ["security frameworks", "governance policies", "data pipelines"]
    assert said_of("governance policies", sides, picks)
    assert not said_of("data pipelines", sides, picks)
    # A sentence listing every side says nothing about any one of them.
    overview = [
        s for s in side_picks(["evaluate four areas"], book, idf_of(book)) if "namely" in s.sentence
    ]
    assert overview and not said_of("governance policies", sides, overview)


def test_a_side_of_no_content_words_names_nothing() -> None:
    book = Book([c for c in chunks() if "phase-5" in c.source])
    assert side_picks(["doing it"], book, idf_of(book)) == []
    assert not said_of("doing it", ["doing it", "KPI measurement"], [])


def test_a_comparison_reply_cites_both_sides() -> None:
    retrieved = [c for c in chunks() if "phase-3" in c.source]
    question = "Our CISO keeps mixing them up: security frameworks versus governance policies?"
    task = AnswerTask(question=question, chunks=retrieved, in_scope=True)
    answer = compose_answer(task, Relevance())
    sections = [c.section for c in answer.citations]
    assert any(s.endswith("> Security frameworks") for s in sections)
    assert any(s.endswith("> Governance policies") for s in sections)
    assert len(answer.citations) <= MAX_SENTENCES
    valid, errors = verify_citations(answer.citations, {c.chunk_id: c for c in retrieved})
    assert errors == [] and len(valid) == len(answer.citations)


def test_a_side_in_words_the_playbook_does_not_use_reserves_nothing() -> None:
    book = Book([c for c in chunks() if "phase-2" in c.source])
    assert side_picks(["what the hard numbers tell us"], book, idf_of(book)) == []
