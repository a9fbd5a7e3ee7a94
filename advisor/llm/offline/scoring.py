"""A question parsed into the word groups it asks about, and every retrieved sentence
scored against it: shared words weighted by rarity, the phase asked about, a list or a
position when one is asked for, and closeness in meaning."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from advisor.llm.offline.text import Book, stem, terms, words
from advisor.question_forms import (
    LIVE,
    QUESTION_PHASE,
    after_previous,
    done_phase,
    next_phase,
    spelled,
)
from advisor.schemas import PHASE_ORDER, Chunk

# Similarity to the question adds WEIGHT per unit above FLOOR (cosine, MiniLM): tuned on
# the natural questions' dev split.
SIMILARITY_WEIGHT = 6.0
SIMILARITY_FLOOR = 0.25
# A sentence's similarity moves by HUB_WEIGHT per unit of its hubness below or above
# the passages' mean (Relevance.hubness, over each sentence's HUB_NEIGHBOURS nearest
# section questions): swept on the first batch's dev split, kept because it lowered
# neither batch (docs/evals.md).
HUB_WEIGHT = 1.0
HUB_NEIGHBOURS = 10
# Idf of the words a sentence adds to a reply, per unit of its own (normalised) score.
NOVELTY_SCALE = 10.0

# A question phrase -> playbook words that answer it; the phrase's own words are consumed.
SYNONYMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(p, re.I), tuple(w.split()))
    for p, w in (
        (
            r"\bhow long\b|\bduration\b|\btakes?\b|\blasts?\b|\bhow many months\b|\bwhen\b|"
            r"\btimeline\b|\btimeframe\b",
            "months runs timeline",
        ),
        (
            r"\bwho\b|\bresponsible\b|\baccountable\b|\bowns?\b|\bowner\b",
            "leadership leaders ownership accountability sponsorship",
        ),
        (r"\bcosts?\b|\bexpensive\b|\bmoney\b|\bspend\b", "budget estimates constraints"),
        (r"\bsecure\b|\bsafe\b", "security encryption access identity"),
        (r"\bmeasure\b|\bkpis?\b|\bmetrics?\b|\bsuccess\b", "metrics measurement kpi success"),
        (r"\bfail\w*|\bstall\w*|\bstuck\b|\bobstacles?\b", "fail obstacles stall challenges"),
        (r"\bstart\w*\b|\bbegin\w*|\bfirst\b", "begin first start"),
        (r"\bdeploy\w*|\broll ?out\b|\blaunch\w*|" + LIVE, "deployment rollout production"),
        (r"\bmistakes?\b|\bpitfalls?\b|\bavoid\b|\bwrong\b", "mistake avoid problem"),
        (r"\btrends?\b|\bfuture\b|\bemerging\b", "trends emerging"),
        (
            r"\bseveral\b|\bmultiple\b|\bat once\b|\bsimultaneous\w*|\bin parallel\b|"
            r"\bjust one\b|\bonly one\b",
            "many same time concentrating small number",
        ),
        (
            r"\bsteps?\b|\bactivit\w*|\bwhat happens\b|\binvolve\w*|\bdo during\b",
            "activities activity areas focus",
        ),
        (
            r"\bpeople\b|\bemployees?\b|\bstaff\b|\badoption\b|\bresist\w*",
            "training change adoption employees",
        ),
    )
)
# "Which phase comes after the pilot?" asks about the next phase, not the pilot; "what
# happens before deployment" about the one before. A phase named after "after" or
# "before" otherwise ("after the pilot worked, ...") brings its neighbour too.
_ASKS_SEQUENCE = re.compile(
    r"\b(?:phases?|steps?|stages?|comes?|came|happens?|follows?|next|do we do|should we do)\b"
    r"[^.?!]{0,24}?\b(after|before)\b",
    re.I,
)
_NEIGHBOUR = re.compile(r"\b(after|before|following|preceding|follows?|precedes?)\b", re.I)
# "What phase follows the pilot?" asks about the sequence by its verb alone.
_SEQUENCE_VERBS = ("follow", "follows", "precede", "precedes")


# How near a neighbour word must come before a phase's mention, and how much further
# back a word joined to it may start ("what precedes and follows the pilot?").
NEIGHBOUR_REACH = 24
JOINED_REACH = 24


def _neighbour_words(question: str, start: int) -> list[str]:
    """The neighbour words that lead up to the phase mentioned at `start`: the nearest
    one, ending within NEIGHBOUR_REACH characters, and any joined to it by "and"/"or"
    ("before and after the pilot", "before, and/or after deployment")."""
    offset = max(0, start - NEIGHBOUR_REACH - JOINED_REACH)
    before = question[offset:start]
    found = list(_NEIGHBOUR.finditer(before))
    if not found or found[-1].end() < len(before) - NEIGHBOUR_REACH:
        return []
    words = [found[-1].group(1).lower()]
    for earlier, later in zip(reversed(found[:-1]), reversed(found[1:]), strict=True):
        if not _JOINED.fullmatch(before[earlier.end() : later.start()]):
            break
        words.append(earlier.group(1).lower())
    return words


# What joins two neighbour words: "and", "or", "and/or", "&", "/", with or without a comma.
_JOINED = re.compile(r"\s*+,?\s*+(?:and/or|and|or|&|/)\s*+|\s*+,\s*+", re.I)


def sequenced(question: str, phases: set[str]) -> set[str]:
    """The phases a question asks about, once "after X" and "before X" are read: each
    mention of a phase right after one of those words brings its neighbour, and a phase
    only ever mentioned that way in a question about the sequence gives way to it."""
    out = set(phases)
    for phase in phases:
        plain = False
        for at in re.finditer(QUESTION_PHASE[phase], question, re.I):
            words = _neighbour_words(question, at.start())
            if not words:
                plain = True
                continue
            asked = _ASKS_SEQUENCE.search(question[max(0, at.start() - 60) : at.start()])
            for word in words:
                later = word in ("after", "following", "follow", "follows")
                index = PHASE_ORDER.index(phase) + (1 if later else -1)
                if not 0 <= index < len(PHASE_ORDER):
                    plain = True
                    continue
                out.add(PHASE_ORDER[index])
                unasked = asked is None or asked.group(1).lower() not in words
                plain = plain or (word not in _SEQUENCE_VERBS and unasked)
        if not plain:
            out.discard(phase)
    return out


SENTENCE_PHASE = {
    "discovery": r"\bphase 1\b|\bdiscovery\b|\bstrategic planning\b",
    "pilot": r"\bphase 2\b|\bpilot development\b",
    "infrastructure": r"\bphase 3\b|\binfrastructure and scalability\b",
    "production": r"\bphase 4\b|\bproduction deployment\b",
    "optimization": r"\bphase 5\b|\boptimi[sz]ation and expansion\b",
}
_LISTING = re.compile(
    r"\b(?:activit\w*|steps?|practices?|areas?|mistakes?|trends?|what happens|involve\w*|"
    r"metrics?|list|which)\b",
    re.I,
)
# "Should we ...?", "Is it better to ...?": the playbook's position comes first.
_ADVICE_ASKED = re.compile(
    r"^\W*(?:should|shall|is it (?:better|wise|ok|okay|a good idea)|do we need|must we|"
    r"would you recommend|can we|is it worth)\b"
    # Asked past an opening ("honestly, should we ...", "... so should we pause?").
    r"|\b(?:should (?:we|i|our|the)|is it (?:better|wise|ok|okay|fine|a good idea|worth)|"
    r"do we (?:really |even |actually )?need|good idea|what (?:do|should) we do if|"
    r"would you (?:recommend|advise))\b",
    re.I,
)
_ADVICE_GIVEN = re.compile(
    r"\b(?:should|better|instead|focus\w*|concentrat\w*|avoid\w*|recommend\w*|start with|"
    r"one or two|small number|rather than|usually gives|best)\b",
    re.I,
)
PRONOUN = re.compile(r"^(?:it|this|they|these|those|that|its|their|such)\b", re.I)
SPAN = re.compile(r"\bmonth (\d+) to month (\d+)(?: \(([^)]*)\))?", re.I)


@dataclass
class Query:
    groups: list[set[str]]  # each must be matched for full coverage
    weights: list[float]
    phases: set[str]
    duration: bool
    listing: bool  # asks for activities, steps, practices: prefer sentences that list them
    advice: bool = False  # "should we ...?": prefer sentences that state a position
    itself: bool = False  # asks what the playbook itself is about


# "What is this playbook about?" asks about the document itself.
ASKS_ABOUT_IT = re.compile(
    r"\b(?:playbook|guide|document)\b[^.?!]{0,30}\b(?:about|covers?|describes?|explains?|for)\b"
    r"|\b(?:what is|what's|whats) (?:this|the) (?:playbook|guide)\b(?!['’])|\boverview\b|\bsummar",
    re.I,
)


def phases_in(text: str, table: dict[str, str]) -> set[str]:
    return {p for p, rx in table.items() if re.search(rx, text, re.I)}


def asked_phases(question: str) -> set[str]:
    """The phases a question asks about: those it names, read for "after X" and
    "before X" (`sequenced`), or the next one after a phase it says is done."""
    done = done_phase(question)
    if done is not None:
        return {next_phase(done) or done}
    return sequenced(question, phases_in(question, QUESTION_PHASE))


def parse(question: str, previous: str | None = None) -> Query:
    question = spelled(question)
    previous = spelled(previous) if previous else previous
    rest = question
    groups: list[set[str]] = []
    weights: list[float] = []
    duration = False
    listing = bool(_LISTING.search(question))
    for i, (pattern, expansion) in enumerate(SYNONYMS):
        if pattern.search(rest):
            duration = duration or i == 0
            rest = pattern.sub(" ", rest)
            groups.append({stem(w) for w in expansion})
            weights.append(0.8)
    for term in dict.fromkeys(terms(rest)):
        groups.append({term})
        weights.append(1.0)
    phases = asked_phases(question)
    if previous:
        own = set().union(*groups) if groups else set()
        for term in dict.fromkeys(terms(previous)):
            if term not in own:
                groups.append({term})
                weights.append(0.5)
        phases = phases or after_previous(question, asked_phases(previous))
    advice = bool(_ADVICE_ASKED.search(question))
    itself = bool(ASKS_ABOUT_IT.search(question))
    return Query(groups, weights, phases, duration, listing, advice, itself)


def idf_of(book: Book) -> dict[str, float]:
    df: dict[str, int] = {}
    total = 0
    for chunk in book.chunks:
        for sentence in book.sentences_of(chunk):
            total += 1
            for term in set(terms(sentence)):
                df[term] = df.get(term, 0) + 1
    return {t: math.log((total + 1) / (n + 0.5)) for t, n in df.items()}


@dataclass
class Scored:
    score: float
    rank: int
    position: int
    chunk: Chunk
    sentence: str
    matched: set[int]


def score_sentences(
    query: Query,
    book: Book,
    similarity: Mapping[str, float] | None = None,
    idf: Mapping[str, float] | None = None,
) -> list[Scored]:
    idf = idf_of(book) if idf is None else idf
    similarity = similarity or {}
    out = []
    for rank, chunk in enumerate(book.chunks):
        for position, sentence in enumerate(book.sentences_of(chunk)):
            have = set(terms(sentence))
            if chunk.phase and chunk.phase in query.phases:
                have.add(stem(chunk.phase))  # "this phase" in a chunk of the phase asked about
            matched = {i for i, g in enumerate(query.groups) if g & have}
            score = sum(
                query.weights[i] * max(idf.get(t, 0.0) for t in query.groups[i] & have)
                for i in matched
            )
            if query.phases and score:
                mentioned = phases_in(sentence, SENTENCE_PHASE) or (
                    {chunk.phase} if chunk.phase else set()
                )
                if mentioned and not mentioned & query.phases:
                    score *= 0.25
                elif mentioned & query.phases:
                    score *= 1.5
            if query.listing and score and book.items_after(chunk, sentence):
                score *= 1.5
            if query.advice and score and _ADVICE_GIVEN.search(sentence):
                score *= 2.0
            score *= 1 + 0.25 / (1 + rank)
            # Meaning on top of shared words: a sentence clearly about what was asked
            # gains, whatever words the asker chose (natural questions, docs/evals.md).
            sim = similarity.get(sentence)
            if sim is not None:
                score += SIMILARITY_WEIGHT * max(0.0, sim - SIMILARITY_FLOOR)
            out.append(Scored(score, rank, position, chunk, sentence, matched))
    return out


def near_duplicate(a: str, b: str) -> bool:
    """Near-duplicates: mostly the same words, or the same month window restated."""
    x, y = set(words(a)), set(words(b))
    if x and y and len(x & y) / len(x | y) > 0.6:
        return True
    span_a, span_b = SPAN.search(a), SPAN.search(b)
    return bool(span_a and span_b and span_a.group(1, 2) == span_b.group(1, 2))
