"""Does a sentence say what the passage it cites says? A verified quote shows the passage
exists; it does not show the sentence agrees with it. Two checks, both linear in the
text:

- support: the share of the sentence's content words (stemmed, as retrieval reads
  them) found in its cited passages, the measure the evals call lexical grounding;
- contradiction: the passage sentence closest to the claim says the opposite of it:
  one of the two negates a word the other says plainly ("does not end the journey"
  against "does end the journey"), or it holds the antonym of a word of the claim.

A contradicted sentence is dropped from an answer; a weakly supported one is kept and
named in the warnings (a model may rightly put the passage in its own words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.grounding import short
from advisor.retrieval.bm25 import tokenize
from advisor.schemas import Chunk

SUPPORTED = 0.5  # the evals' lexical-grounding threshold
# How much of the claim the closest passage sentence must share to be compared at all.
SAME_TOPIC = 0.5
MIN_WORDS = 3
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_MARKER = re.compile(r"\[\d+\]")
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|neither|nor|without|cannot|can't|isn't|aren't|wasn't|"
    r"weren't|doesn't|don't|didn't|won't|shouldn't|mustn't|hardly|rarely)\b",
    re.IGNORECASE,
)
# Pairs a claim can flip; each read both ways.
_ANTONYMS = [
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("before", "after"),
    ("first", "last"),
    ("start", "end"),
    ("begin", "finish"),
    ("more", "less"),
    ("more", "fewer"),
    ("higher", "lower"),
    ("early", "late"),
    ("success", "failure"),
    ("succeed", "fail"),
    ("always", "never"),
    ("required", "optional"),
    ("centralized", "decentralized"),
]
_OPPOSITE: dict[str, set[str]] = {}
for _a, _b in _ANTONYMS:
    _OPPOSITE.setdefault(_a, set()).add(_b)
    _OPPOSITE.setdefault(_b, set()).add(_a)
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Judgement:
    sentence: str
    support: float
    contradicted_by: str | None  # the passage sentence it contradicts


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(_MARKER.sub("", text)) if s.strip()]


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _negated_terms(text: str) -> set[str]:
    """What each negation in the text bears on: the first content word after it, as
    retrieval stems it ("does not end the journey" -> "end")."""
    terms = set()
    for match in _NEGATION.finditer(text):
        after = tokenize(text[match.end() : match.end() + 80])
        if after:
            terms.add(after[0])
    return terms


def _denies(claim: str, passage: str) -> bool:
    """One side negates a word the other says plainly: "does not end" against "does
    end". A negation on a word the other side does not use ("does not stop" against
    "keep retraining") is no contradiction."""
    mine, theirs = set(tokenize(claim)), set(tokenize(passage))
    mine_negated, theirs_negated = _negated_terms(claim), _negated_terms(passage)
    return bool((mine_negated - theirs_negated) & theirs or (theirs_negated - mine_negated) & mine)


def _plain_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _flips(claim: str, passage: str) -> bool:
    mine, theirs = _plain_words(claim), _plain_words(passage)
    return any(
        word in _OPPOSITE
        and (_OPPOSITE[word] & theirs)
        and not (_OPPOSITE[word] & mine)
        and word not in theirs
        for word in mine
    )


def _folded(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _repeats(claim: str, passage_sentence: str) -> bool:
    """The claim says the passage's sentence word for word, or a part of it: it cannot
    be saying the opposite. Words before the repeated span are taken for a label ("Mistake
    1: Technology without business objectives: ..."); a negation after it is not."""
    mine, theirs = _folded(claim), _folded(passage_sentence)
    if not (mine and theirs):
        return False
    if theirs in mine:
        return not _negated(mine.split(theirs, 1)[1])
    return mine in theirs


@dataclass(frozen=True)
class Passages:
    """Cited passages read once: their words, and each sentence with its words, so a
    reply's claims are judged against them without reading them again per claim."""

    vocabulary: frozenset[str]
    lines: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def of(cls, passages: Sequence[str]) -> Passages:
        lines = tuple((line, frozenset(tokenize(line))) for p in passages for line in sentences(p))
        vocabulary = frozenset(t for p in passages for t in tokenize(p))
        return cls(vocabulary, lines)


def judge(claim: str, passages: Sequence[str] | Passages) -> Judgement:
    read = passages if isinstance(passages, Passages) else Passages.of(passages)
    words = set(tokenize(claim))
    support = len(words & read.vocabulary) / len(words) if words else 1.0
    best, best_share = None, 0.0
    for line, tokens in read.lines:
        share = len(words & tokens) / len(words) if words else 0.0
        if share > best_share:
            best, best_share = line, share
    contradicted = None
    opposed = best is not None and (_denies(claim, best) or _flips(claim, best))
    if opposed and best is not None and best_share >= SAME_TOPIC and not _repeats(claim, best):
        contradicted = best
    return Judgement(claim, support, contradicted)


def judge_text(text: str, passages: Sequence[str]) -> list[Judgement]:
    """A judgement for each sentence of `text` long enough to carry a claim."""
    read = Passages.of(passages)
    return [judge(s, read) for s in sentences(text) if len(tokenize(s)) >= MIN_WORDS]


UNSUPPORTED = (
    "This reply was withheld: what it said contradicted the passages it cited; see the warnings."
)


def supported_claims(text: str, cited: Sequence[Chunk]) -> tuple[str, list[str], list[str]]:
    """The text without the sentences its cited passages contradict (each an error, so a
    model is re-asked with it), and warnings naming the sentences they barely support."""
    passages = [c.text for c in cited]
    errors, flagged, dropped = [], [], set()
    for judged in judge_text(text, passages):
        if judged.contradicted_by is not None:
            dropped.add(judged.sentence)
            errors.append(
                f"the sentence {short(judged.sentence)!r} contradicts its cited passage "
                f"({short(judged.contradicted_by)!r})"
            )
        elif judged.support < SUPPORTED:
            flagged.append(
                f"weakly supported: {short(judged.sentence)!r} shares "
                f"{judged.support:.0%} of its words with its cited passages"
            )
    kept = text
    for sentence in dropped:
        # Out of the text as written, so its lists and line breaks stay as they were.
        kept = kept.replace(sentence, "") if sentence in kept else kept
    if dropped and kept == text:  # written with markers the sentence split took out
        kept = " ".join(s for s in sentences(text) if s not in dropped)
    return re.sub(r" {2,}", " ", kept).strip(), errors, flagged
