"""Questions about other things: the other side of the scope check, with the shipped
embedding model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from advisor.agent.elsewhere import Elsewhere, elsewhere_questions
from advisor.retrieval.embeddings import MiniLMEmbedder, shipped_embedder
from advisor.retrieval.relevance import Relevance
from advisor.schemas import Chunk


class Counting:
    """The shipped model, counting the texts it embeds."""

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def model() -> MiniLMEmbedder:
    return shipped_embedder()


def passage(*questions: str) -> Chunk:
    return Chunk(
        chunk_id=f"c{len(questions)}",
        source="playbook/03-phase-2-pilot.md",
        section="Phase 2: Pilot Development and Validation",
        phase="pilot",
        text="The pilot runs from month 2 to month 5.",
        questions=list(questions),
    )


PILOT = passage(
    "How long does the pilot phase take?", "What happens during the pilot of an AI system?"
)


def test_the_questions_are_data_without_comments() -> None:
    questions = elsewhere_questions()
    assert len(questions) >= 200
    assert all(q and not q.startswith("#") for q in questions)
    assert len(set(questions)) == len(questions)


def test_a_question_about_another_pilot_is_nearer_elsewhere(
    model: MiniLMEmbedder, tmp_path: Path
) -> None:
    elsewhere = Elsewhere(model, tmp_path)
    glider = "how many hours to get a glider pilot licence?"
    assert elsewhere.nearer(glider, [PILOT])
    assert not elsewhere.nearer("how many months does our pilot last?", [PILOT])
    # The vector a search made serves instead of embedding the question again.
    assert elsewhere.nearer(glider, [PILOT], (model.name, model.embed([glider])[0]))
    # None of the questions elsewhere is about AI: one that names it is never weighed.
    assert not elsewhere.nearer("how many hours to get a glider pilot licence with AI?", [PILOT])


def test_passages_answering_no_listed_question_are_never_compared(
    model: MiniLMEmbedder, tmp_path: Path
) -> None:
    # A user's own document has no front matter questions: nothing to weigh it against.
    elsewhere = Elsewhere(model, tmp_path)
    glider = "how many hours to get a glider pilot licence?"
    assert not elsewhere.nearer(glider, [passage()])
    assert not elsewhere.nearer(glider, [PILOT, passage()])
    assert not elsewhere.nearer(glider, [])


def test_the_vectors_are_kept_on_disk_for_the_next_process(
    model: MiniLMEmbedder, tmp_path: Path
) -> None:
    question = "how many months does our pilot last?"
    first = Counting(model)
    Elsewhere(first, tmp_path).nearer(question, [PILOT])
    assert first.texts == len(elsewhere_questions()) + 3  # the 240, two own, the question
    (cached,) = tmp_path.glob("elsewhere-*.npy")
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]  # no temp file left
    second = Counting(model)
    Elsewhere(second, tmp_path).nearer(question, [PILOT])
    assert second.texts == 3  # only the passage's own questions and the question


@pytest.mark.parametrize("damage", [b"not an array", b""])
def test_a_damaged_file_is_embedded_again_and_replaced(
    model: MiniLMEmbedder, tmp_path: Path, damage: bytes
) -> None:
    question = "how many months does our pilot last?"
    Elsewhere(model, tmp_path).nearer(question, [PILOT])
    (cached,) = tmp_path.glob("elsewhere-*.npy")
    cached.write_bytes(damage)  # a crash mid-write elsewhere, a full disk
    again = Counting(model)
    assert not Elsewhere(again, tmp_path).nearer(question, [PILOT])
    assert again.texts == len(elsewhere_questions()) + 3
    assert np.load(cached).shape == (len(elsewhere_questions()), model.dim)


def test_without_a_place_to_keep_them_the_vectors_live_in_memory(model: MiniLMEmbedder) -> None:
    counting = Counting(model)
    elsewhere = Elsewhere(counting, None)
    question = "how many months does our pilot last?"
    elsewhere.nearer(question, [PILOT])
    elsewhere.nearer(question, [PILOT])
    assert counting.texts == len(elsewhere_questions()) + 2 + 1  # all kept after the first


def test_the_passages_questions_are_read_through_a_shared_relevance(
    model: MiniLMEmbedder, tmp_path: Path
) -> None:
    # The offline composer embeds the same questions to weigh the passages: one vector each.
    counting = Counting(model)
    relevance = Relevance(counting)
    relevance.similarities("how many months does our pilot last?", PILOT.questions)
    before = counting.texts
    Elsewhere(model, tmp_path, relevance).nearer("how many months does our pilot last?", [PILOT])
    assert counting.texts == before
