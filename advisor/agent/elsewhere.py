"""Questions about other things: the other side of the scope check.

A question can share the playbook's words and still be about something else: "what are
the common mistakes when buying a house?" names the playbook's mistakes, "how long does
it take to pilot a small plane solo?" its pilot. Closeness to the playbook alone cannot
tell them apart (they reach 0.16-0.39 cosine at its best passage, as covered questions in
everyday wording do, agent/scope.py). Closeness to questions about other things can: a
question nearer, in meaning, to one of the questions in data/elsewhere.txt than to every
question its retrieved passages answer (front matter `answers`) is about something else.
A nearest-neighbour test between two sets of questions, so both sides are measured on
the same scale (a question against questions, not against whole passages). It reads
with the shipped MiniLM whatever model the index embeds with, as the composer's
relevance does: the margin was measured with it, and it needs no network.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import numpy as np

from advisor.retrieval.embeddings import Embedder, shipped_embedder
from advisor.retrieval.relevance import Relevance
from advisor.schemas import Chunk

# Nearer elsewhere by more than this: covered questions in everyday wording come within
# about 0.01 of a question about something else, never 0.02 past it, on the natural
# questions' dev split and the project's own wording (docs/evals.md, "Questions about
# other things").
MARGIN = 0.02
# In a conversation a message is read with the one before it, which is about AI, so the
# margin above never refuses it. Read alone, a message that speaks the playbook's words
# must be this much nearer elsewhere to be refused ("and how do I monitor my blood
# pressure at home?" after a question about a pilot): on the conversations' dev split
# (docs/evals.md) covered messages in the playbook's words reach +0.07, and "how do we
# avoid vendor lock in", written while probing, +0.18; the blood-pressure one +0.52.
ALONE_MARGIN = 0.25


# None of the questions elsewhere is about AI, so one that names it is never weighed
# against them: "we're a small bakery chain, 12 shops, where would AI even help us" is
# nearer a question about supermarket chains than any the playbook answers; "our sales
# reps keep pasting client contracts into a free chatbot, what policy do we need?" is
# nearer one about office policies.
_ABOUT_AI = re.compile(
    r"\b(?:ai|a\.i\.|artificial intelligence|machine[- ]learning|ml|genai|llms?|chatbots?|"
    r"chatgpt|copilots?)\b",
    re.I,
)


def elsewhere_questions() -> list[str]:
    text = files("advisor.agent").joinpath("data/elsewhere.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


class Elsewhere:
    """The questions about other things, embedded once (and kept on disk in `cache_dir`,
    so a new process does not embed them again), against the questions the passages
    answer, read through `relevance`: the offline composer's, when it has one, which
    embeds those same questions to weigh the passages (`passage_fit`)."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        cache_dir: Path | None = None,
        relevance: Relevance | None = None,
    ) -> None:
        self._embedder = embedder or shipped_embedder()
        self._cache_dir = cache_dir
        self._relevance = relevance or Relevance(self._embedder)
        self._questions = elsewhere_questions()
        self._matrix: np.ndarray | None = None
        # Held while the 240 are read or embedded: concurrent first questions wait for
        # one run rather than each making their own.
        self._loading = threading.Lock()

    def nearer(
        self,
        question: str,
        passages: Sequence[Chunk],
        vector: tuple[str, np.ndarray] | None = None,
        margin: float = MARGIN,
    ) -> bool:
        """Whether the question is nearer to a question about something else than to
        any question the passages answer, by more than `margin`. `vector` is the
        question's as a search made it, with its model's name (used when it is this
        model). False when the question names AI, or when a passage answers no listed
        question (a user's own document among them: its text may be what answers, and
        there is nothing of it to compare with)."""
        if not passages or any(not c.questions for c in passages) or _ABOUT_AI.search(question):
            return False
        other = self._elsewhere()
        if other.shape[0] == 0:
            return False
        asked = list(dict.fromkeys(q for c in passages for q in c.questions))
        own = self._relevance.similarities(question, asked, vector)
        if vector is not None and vector[0] == self._embedder.name:
            q = vector[1]
        else:
            q = self._relevance.vector(question)
        return float(np.max(other @ q)) - max(own.values()) > margin

    def _elsewhere(self) -> np.ndarray:
        with self._loading:
            if self._matrix is None:
                matrix = self._load()
                if matrix is None:
                    matrix = np.asarray(self._embedder.embed(self._questions), dtype=np.float32)
                    self._save(matrix)
                self._matrix = matrix
            return self._matrix

    def _path(self) -> Path | None:
        if self._cache_dir is None:
            return None
        key = hashlib.sha256("\n".join([self._embedder.name, *self._questions]).encode())
        return self._cache_dir / f"elsewhere-{key.hexdigest()[:16]}.npy"

    def _load(self) -> np.ndarray | None:
        """The kept vectors, or None when there are none or they cannot be read: a file
        cut short (a crash mid-write elsewhere), damaged or of another shape is embedded
        again and replaced."""
        path = self._path()
        if path is None or not path.is_file():
            return None
        try:
            matrix = np.load(path, allow_pickle=False)
        except Exception:  # EOFError, ValueError, OSError, ...: any unreadable file
            return None
        if matrix.shape != (len(self._questions), self._embedder.dim):
            return None
        return np.asarray(matrix, dtype=np.float32)

    def _save(self, matrix: np.ndarray) -> None:
        """Written whole, flushed, and then renamed, so a reader never sees half a file;
        a cache that cannot be written only costs the next process one embedding run."""
        path = self._path()
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, suffix=".npy")
        except OSError:
            return
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                np.save(out, matrix, allow_pickle=False)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except OSError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
