"""Hubness: a framing sentence sits near every question the passages answer, so its
closeness to one question counts for less in the reply (answer.py, relevance.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import load_documents
from advisor.llm.base import AnswerTask
from advisor.llm.offline.answer import _similarity
from advisor.llm.offline.text import Book
from advisor.retrieval.relevance import Relevance
from advisor.schemas import Chunk

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"
FRAMING = (
    "This playbook describes how a mid-market company can take an AI initiative from a "
    "first pilot to a production system that delivers measurable business value."
)
SPECIFIC = "Machine learning models are retrained on updated data."


@cache
def chunks() -> tuple[Chunk, ...]:
    return tuple(chunk_documents(load_documents([KNOWLEDGE])))


def test_a_framing_sentence_is_a_hub_and_a_specific_one_is_not() -> None:
    questions = [q for c in chunks() for q in c.questions]
    hub = Relevance().hubness([FRAMING, SPECIFIC], questions, neighbours=10)
    assert hub[FRAMING] > hub[SPECIFIC] + 0.05


def test_the_correction_lowers_hubs_against_plain_similarity() -> None:
    relevance = Relevance()
    retrieved = [c for c in chunks() if "00-introduction" in c.source or "phase-5" in c.source]
    book = Book(retrieved)
    question = "after launch our forecasts get a bit worse each quarter, what now?"
    task = AnswerTask(question=question, chunks=retrieved)
    plain = relevance.similarities(question, [FRAMING, SPECIFIC])
    corrected = _similarity(task, book, relevance)
    assert FRAMING in corrected and SPECIFIC in corrected
    # The framing sentence loses ground to the specific one.
    assert corrected[FRAMING] - corrected[SPECIFIC] < plain[FRAMING] - plain[SPECIFIC]
    # With no section questions to compare with, nothing is corrected.
    bare = [c.model_copy(update={"questions": []}) for c in retrieved]
    untouched = _similarity(AnswerTask(question=question, chunks=bare), Book(bare), relevance)
    assert untouched[FRAMING] == plain[FRAMING]
