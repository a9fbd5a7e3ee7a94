"""Offline answers shaped by the question: lists with a matching count, durations
computed from the knowledge's front matter, advice with its reason."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from advisor.grounding import verify_citations
from advisor.knowledge.calendar import load_calendar, phase_calendar
from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import load_documents
from advisor.llm.base import AnswerTask
from advisor.llm.offline.answer import compose_answer
from advisor.llm.offline.text import Book
from advisor.question_forms import asks_total_duration, listed_section
from advisor.schemas import Chunk

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"


@cache
def chunks() -> tuple[Chunk, ...]:
    return tuple(chunk_documents(load_documents([KNOWLEDGE])))


def ask(question: str, calendar: dict[str, tuple[int, int]] | None = None) -> str:
    task = AnswerTask(
        question,
        list(chunks()),
        in_scope=True,
        calendar=calendar if calendar is not None else load_calendar([KNOWLEDGE]),
    )
    answer = compose_answer(task)
    valid, errors = verify_citations(answer.citations, {c.chunk_id: c for c in chunks()})
    assert errors == [] and len(valid) == len(answer.citations) and answer.grounded
    return answer.answer


def test_the_calendar_is_the_front_matter() -> None:
    calendar = phase_calendar(load_documents([KNOWLEDGE]))
    assert calendar == {
        "discovery": (0, 2),
        "pilot": (2, 5),
        "infrastructure": (5, 7),
        "production": (7, 10),
        "optimization": (10, 12),
    }


def test_a_list_question_gets_every_item_and_the_count() -> None:
    text = ask("What are the common mistakes mid-market companies make?")
    assert text.startswith("Four mistakes are especially common")
    for item in ("1. Technology", "2. Underestimating", "3. Too many", "4. Insufficient"):
        assert item in text
    assert "5." not in text


def test_the_total_and_the_longest_phases_are_computed() -> None:
    text = ask("How many months does the whole AI journey take, and which phases are longest?")
    assert "12 months" in text
    assert "Pilot Development and Validation (months 2–5)" in text
    assert "Production Deployment (months 7–10)" in text and "three months each" in text


def test_durations_follow_the_front_matter_not_a_constant() -> None:
    # A knowledge base whose pilot is the only three-month phase names only the pilot.
    calendar = {"discovery": (0, 2), "pilot": (2, 5), "production": (5, 7)}
    text = ask("Which phase is the longest?", calendar)
    assert "Pilot Development and Validation" in text and "Production Deployment" not in text


def test_advice_leads_with_the_playbooks_position() -> None:
    text = ask("Should we start several AI projects at once or just one?")
    assert "too many AI projects at the same time" in text
    assert "small number of high-value use cases" in text


def test_question_forms() -> None:
    assert asks_total_duration("How long does the whole journey take?")
    assert asks_total_duration("Which phase is shortest?")
    assert not asks_total_duration("How long does the pilot phase take?")
    roots = [c.section.split(" > ")[0] for c in chunks()]
    assert listed_section("What trends should we watch?", chunks()) in roots
    assert listed_section("What do companies do first?", chunks()) is None


def test_a_list_asked_for_without_a_question_word() -> None:
    mistakes = "Common Mistakes Mid-Market Companies Should Avoid"
    assert listed_section("top mistakes to avoid when rolling out ai", chunks()) == mistakes
    assert listed_section("biggest mistakes people make?", chunks()) == mistakes
    assert listed_section("waht are the most comon mistakes companys make", chunks()) == mistakes
    # Everyday words for the noun the section counts.
    assert (
        listed_section("gimme the usual pitfalls firms hit when scaling ai", chunks()) == mistakes
    )
    assert listed_section("any traps or missteps we should dodge?", chunks()) == mistakes
    assert "4. Insufficient change management" in ask(
        "what pitfalls should a mid-sized firm avoid?"
    )
    # "across" is no plural noun ("AI Governance Across the Timeline" is no list of it).
    assert listed_section("How should KPIs be used across the lifecycle?", chunks()) is None
    # A title word the section does not count names no list ("Mid-Market", "Deployment").
    for question in (
        "How do we expand into new markets with AI?",
        "How do we handle several deployments at once?",
        "our pilot fails every time, help",
    ):
        assert listed_section(question, chunks()) is None


def test_a_question_about_one_item_is_not_a_list_request() -> None:
    # It names one mistake's heading ("Underestimating data quality requirements").
    question = "we made some mistakes with our data quality, what now?"
    assert listed_section(question, chunks()) is None
    text = ask(question)
    assert "data quality" in text and "4. Insufficient" not in text


def test_a_list_item_is_given_with_its_list() -> None:
    # "Prioritizing business outcomes over technical complexity." alone is a fragment:
    # the reply gives the sentence that introduces it, and every item.
    leadership = [c for c in chunks() if "What effective leadership involves" in c.section]
    book = Book(leadership)
    intro = "Effective AI leadership involves five practices."
    item = "Prioritizing business outcomes over technical complexity."
    assert book.list_intro(leadership[0], item) == intro
    assert book.list_intro(leadership[0], intro) is None
    task = AnswerTask("prioritizing business outcomes?", leadership, in_scope=True)
    text = compose_answer(task).answer
    assert text.startswith("Effective AI leadership involves five practices: Setting")
    assert "Prioritizing business outcomes over technical complexity; Encouraging" in text
    assert "] Prioritizing" not in text
