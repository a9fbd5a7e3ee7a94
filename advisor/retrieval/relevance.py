"""How close in meaning each retrieved sentence is to the question, by the shipped
embedding model: the lexical score finds the sentences that share the question's
words, this one tells which of them are about what was asked. Long, informal and
misspelt questions share many words with passages that do not answer them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from advisor.retrieval.embeddings import Embedder, shipped_embedder

KEPT = 8192  # sentence vectors kept: the playbook has a few hundred sentences


class Relevance:
    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            embedder = self._embedder or shipped_embedder()
            fresh = embedder.embed(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._vectors[text] = vector
                while len(self._vectors) > KEPT:
                    self._vectors.popitem(last=False)
        with self._lock:
            out = {}
            for t in texts:
                vector = self._vectors.get(t)
                if vector is None:  # pushed out by a concurrent caller: embed alone
                    vector = (self._embedder or shipped_embedder()).embed([t])[0]
                out[t] = vector
            return out

    def vector(self, text: str) -> np.ndarray:
        """One text's vector, kept like the rest."""
        return self._embed([text])[text]

    def forget(self, text: str) -> None:
        """Drop one text's vector (a benchmark's fresh question)."""
        with self._lock:
            self._vectors.pop(text, None)

    def similarities(
        self,
        question: str,
        sentences: Sequence[str],
        question_vector: tuple[str, np.ndarray] | None = None,
    ) -> dict[str, float]:
        """Cosine similarity of each sentence to the question (unit vectors: a dot).
        `question_vector` is the question's vector as a search already made it, with the
        name of the model that made it: used when it is this model, so the question is
        not embedded twice."""
        if not sentences:
            return {}
        name = (self._embedder or shipped_embedder()).name
        if question_vector is not None and question_vector[0] == name:
            vectors = self._embed(sentences)
            q = question_vector[1]
        else:
            vectors = self._embed([question, *sentences])
            q = vectors[question]
        return {s: float(np.dot(q, vectors[s])) for s in sentences}

    def hubness(
        self, sentences: Sequence[str], questions: Sequence[str], neighbours: int
    ) -> dict[str, float]:
        """How close each sentence sits to the questions its passages answer at all: the
        mean cosine to its `neighbours` nearest of them. A framing sentence ("This
        playbook describes how ...") is near every question, so its closeness to any one
        question says little (hubness; the correction is CSLS's, from cross-lingual
        retrieval)."""
        if neighbours < 1:
            raise ValueError("hubness needs at least one neighbour")
        if not sentences or not questions:
            return {}
        vectors = self._embed([*sentences, *questions])
        reference = np.stack([vectors[q] for q in dict.fromkeys(questions)])
        rows = np.stack([vectors[s] for s in sentences]) @ reference.T
        n = min(neighbours, reference.shape[0])
        nearest = -np.sort(-rows, axis=1)[:, :n]
        return {s: float(v) for s, v in zip(sentences, nearest.mean(axis=1), strict=True)}
