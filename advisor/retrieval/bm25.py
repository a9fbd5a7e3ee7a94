"""The lexical side of the index: BM25 over the same chunks, persisted beside the store.

Building BM25 over 100k chunks takes seconds, so it is saved to disk with the
fingerprint of the chunk ids it covers and loaded (memory-mapped) at start-up.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from advisor.schemas import PHASE_ORDER

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STOPWORDS = frozenset(
    (
        "a an and are as at be been but by can could did do does for from had has have how i if "
        "in into is it its me my of on or our should so such than that the their them then there "
        "these they this those to was we were what when where which while who why will with would "
        "you your"
    ).split()
)
PHASE_CODES: dict[str, int] = {name: i + 1 for i, name in enumerate(PHASE_ORDER)}


def fingerprint(ids: Iterable[str]) -> str:
    """Order-independent digest of a set of chunk ids."""
    digest = hashlib.sha256()
    for chunk_id in sorted(ids):
        digest.update(chunk_id.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


#: Saved with the index: a saved index tokenized by another version is rebuilt.
TOKENIZER_VERSION = "2"

# A light stemmer in three steps, each a first-match table; a stem keeps at least
# three letters. It only has to map the forms of one word to one key (the keys need
# not be words): "phases"/"phase", "adopt"/"adoption", "integrate"/"integration",
# "govern"/"governance", "owners"/"ownership", "policy"/"policies". Snowball's English
# stemmer (PyStemmer) measured no better on natural questions (docs/evals.md).
_INFLECTIONS = (
    ("sses", "ss"),
    ("ies", "y"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("zes", "z"),
    ("ss", "ss"),
    ("us", "us"),
    ("is", "is"),
    ("s", ""),
    ("ing", ""),
    ("ed", ""),
)
_DERIVATIONS = (
    ("ational", "ate"),
    ("ation", "ate"),
    ("ability", ""),
    ("ibility", ""),
    ("ments", ""),
    ("ment", ""),
    ("ships", ""),
    ("ship", ""),
    ("ness", ""),
    ("able", ""),
    ("ible", ""),
    ("ance", ""),
    ("ence", ""),
    ("ption", "pt"),  # adoption; not "ction": production is no product
    ("ity", ""),
    ("ers", ""),
    ("er", ""),
    ("ply", "ply"),  # apply, comply, supply: no adverbs
    ("ly", ""),
)


def _strip(word: str, table: tuple[tuple[str, str], ...]) -> str:
    for suffix, keep in table:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)] + keep
            return stem if len(stem) >= 3 else word
    return word


def _stem(word: str) -> str:
    # Cached: a claim check or a search stems the same few thousand words over and over;
    # not a hostile run of letters, which would fill the cache with one-off keys.
    return _stem_cached(word) if len(word) <= CACHED_WORD else _stem_word(word)


CACHED_WORD = 32


def _stem_word(word: str) -> str:
    word = _strip(word, _INFLECTIONS)
    for _ in range(2):  # "ownerships" -> "owner" -> "own"
        shorter = _strip(word, _DERIVATIONS)
        if shorter == word:
            break
        word = shorter
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if word.endswith("y") and len(word) > 3 and word[-2] not in "aeiou":
        word = word[:-1] + "i"
    return word


_stem_cached = lru_cache(maxsize=1 << 16)(_stem_word)


def tokenize(text: str) -> list[str]:
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


class BM25Index:
    """BM25 scores over chunk texts, with each chunk's phase for filtering."""

    def __init__(self, retriever: object, ids: list[str], phases: np.ndarray, print_: str) -> None:
        self._retriever = retriever
        self.ids = ids
        self.phases = phases
        self.fingerprint = print_
        self._phase_of: dict[str, int] | None = None

    @classmethod
    def build(cls, entries: Sequence[tuple[str, str, str | None]]) -> BM25Index:
        """entries: (chunk_id, text, phase)."""
        import bm25s

        ids = [e[0] for e in entries]
        corpus = [tokenize(e[1]) or ["_empty_"] for e in entries]
        retriever = bm25s.BM25()
        if corpus:
            retriever.index(corpus, show_progress=False)
        phases = np.array([PHASE_CODES.get(e[2] or "", 0) for e in entries], dtype=np.int8)
        return cls(retriever, ids, phases, fingerprint(ids))

    def save(self, directory: Path) -> None:
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.ids:
            self._retriever.save(str(tmp), show_progress=False)  # type: ignore[attr-defined]
        np.save(tmp / "phases.npy", self.phases)
        (tmp / "ids.json").write_text(json.dumps(self.ids))
        (tmp / "fingerprint").write_text(self.fingerprint)
        (tmp / "tokenizer").write_text(TOKENIZER_VERSION)
        # Swap in one rename so a reader never sees a half-written index.
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> BM25Index | None:
        """The saved index, or None when there is none, it is unreadable, or its tokens
        were made by another version of the tokenizer."""
        try:
            if (directory / "tokenizer").read_text().strip() != TOKENIZER_VERSION:
                return None
            print_ = (directory / "fingerprint").read_text().strip()
            ids = json.loads((directory / "ids.json").read_text())
            phases = np.load(directory / "phases.npy")
            retriever: object = None
            if ids:
                import bm25s

                retriever = bm25s.BM25.load(str(directory), mmap=True, show_progress=False)
        except (OSError, ValueError):
            return None
        return cls(retriever, ids, phases, print_)

    def of_phase(self, ranked: Sequence[tuple[str, float]], phase: str) -> list[tuple[str, float]]:
        """The entries of a ranking (chunk id first) whose chunk is of `phase`."""
        if self._phase_of is None:
            self._phase_of = dict(zip(self.ids, self.phases.tolist(), strict=True))
        code, phase_of = PHASE_CODES.get(phase, -1), self._phase_of
        return [entry for entry in ranked if phase_of.get(entry[0]) == code]

    def knows(self, word: str) -> bool:
        """Whether any chunk contains this word (after the same normalisation)."""
        tokens = tokenize(word)
        vocab = self._retriever.vocab_dict if self.ids else {}  # type: ignore[attr-defined]
        return bool(tokens) and all(t in vocab for t in tokens)

    def search(self, query: str, k: int, phase: str | None = None) -> list[tuple[str, float]]:
        """Top-k chunk ids with their BM25 scores, best first; only positive scores."""
        if not self.ids or k <= 0:
            return []
        tokens = [t for t in tokenize(query) if t in self._retriever.vocab_dict]  # type: ignore[attr-defined]
        if not tokens:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]
        if phase:
            scores = np.where(self.phases == PHASE_CODES.get(phase, -1), scores, 0.0)
        return [(self.ids[i], float(scores[i])) for i in _top_positive(scores, k)]


_BLOCK = 128


def _top_positive(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest positive scores, best first.

    Partitioning all the scores costs ~1 ms at 100k chunks, several times BM25's scoring.
    On a big index the k-th highest of the block maxima is a floor that no top-k score is
    below, so only the few scores at or above it are ranked; equal scores then come in
    index order. A small index keeps the plain partition (and its order of ties)."""
    blocks = len(scores) // _BLOCK
    if blocks <= 2 * k:
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return top[scores[top] > 0]
    maxima = scores[: blocks * _BLOCK].reshape(blocks, _BLOCK).max(axis=1)
    floor = float(np.partition(maxima, blocks - k)[blocks - k])
    candidates = np.flatnonzero(scores >= floor) if floor > 0 else np.flatnonzero(scores > 0)
    values = scores[candidates]
    if len(candidates) > k:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))[:k]
    return candidates[order]
