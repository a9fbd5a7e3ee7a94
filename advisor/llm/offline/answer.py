"""An Answer as a short reply: the retrieved sentences that best answer the question,
two to five of them in playbook order, each quoted verbatim and cited."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.llm.base import AnswerTask, Turn
from advisor.llm.offline.relevance import Relevance
from advisor.llm.offline.shapes import duration_answer, list_answer
from advisor.llm.offline.text import Book, cite, stem, terms, words
from advisor.llm.offline.text import sentences as sentences_in
from advisor.schemas import Answer, Chunk, Citation

NOT_COVERED = "The playbook does not cover this question."
MIN_SCORE = 1.0
MIN_COVERAGE = 0.4
MAX_SENTENCES = 5
# A passage of at most this many sentences is quoted whole when it is the best one.
WHOLE_SECTION = 6
# Similarity to the question adds WEIGHT per unit above FLOOR (cosine, MiniLM): tuned on
# the natural questions' dev split.
SIMILARITY_WEIGHT = 6.0
SIMILARITY_FLOOR = 0.25

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
        (r"\bdeploy\w*|\broll ?out\b|\blaunch\w*|\bgo live\b", "deployment rollout production"),
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
_QUESTION_PHASE = {
    "discovery": r"\bdiscovery\b|\bphase 1\b|\bfirst phase\b|\bstrategic planning\b",
    "pilot": r"\bpilot\b|\bphase 2\b|\bsecond phase\b|\bvalidation\b",
    "infrastructure": r"\binfrastructure\b|\bphase 3\b|\bthird phase\b|\bscalability planning\b",
    "production": r"\bproduction deployment\b|\bdeploy\w*|\bphase 4\b|\bfourth phase\b|\bgo live\b",
    "optimization": r"\boptimi[sz]\w*|\bexpansion\b|\bphase 5\b|\bfifth phase\b|\bfinal phase\b",
}
_SENTENCE_PHASE = {
    "discovery": r"\bphase 1\b|\bdiscovery\b|\bstrategic planning\b",
    "pilot": r"\bphase 2\b|\bpilot development\b",
    "infrastructure": r"\bphase 3\b|\binfrastructure and scalability\b",
    "production": r"\bphase 4\b|\bproduction deployment\b",
    "optimization": r"\bphase 5\b|\boptimi[sz]ation and expansion\b",
}
_FOLLOW_UP = re.compile(
    r"^(and|also|so|then|what about|how about)\b|\b(that|it|this|those|these|them|there)\b",
    re.I,
)
_LISTING = re.compile(
    r"\b(?:activit\w*|steps?|practices?|areas?|mistakes?|trends?|what happens|involve\w*|"
    r"metrics?|list|which)\b",
    re.I,
)
# "Should we ...?", "Is it better to ...?": the playbook's position comes first.
_ADVICE_ASKED = re.compile(
    r"^\W*(?:should|shall|is it (?:better|wise|ok|okay|a good idea)|do we need|must we|"
    r"would you recommend|can we|is it worth)\b",
    re.I,
)
_ADVICE_GIVEN = re.compile(
    r"\b(?:should|better|instead|focus\w*|concentrat\w*|avoid\w*|recommend\w*|start with|"
    r"one or two|small number|rather than|usually gives|best)\b",
    re.I,
)
_PRONOUN = re.compile(r"^(?:it|this|they|these|those|that|its|their|such)\b", re.I)
_SPAN = re.compile(r"\bmonth (\d+) to month (\d+)(?: \(([^)]*)\))?", re.I)


@dataclass
class Query:
    groups: list[set[str]]  # each must be matched for full coverage
    weights: list[float]
    phases: set[str]
    duration: bool
    listing: bool  # asks for activities, steps, practices: prefer sentences that list them
    advice: bool = False  # "should we ...?": prefer sentences that state a position


def _phases(text: str, table: dict[str, str]) -> set[str]:
    return {p for p, rx in table.items() if re.search(rx, text, re.I)}


def parse(question: str, previous: str | None = None) -> Query:
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
    phases = _phases(question, _QUESTION_PHASE)
    if previous:
        own = set().union(*groups) if groups else set()
        for term in dict.fromkeys(terms(previous)):
            if term not in own:
                groups.append({term})
                weights.append(0.5)
        phases = phases or _phases(previous, _QUESTION_PHASE)
    return Query(groups, weights, phases, duration, listing, bool(_ADVICE_ASKED.search(question)))


def _idf(book: Book) -> dict[str, float]:
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
    query: Query, book: Book, similarity: Mapping[str, float] | None = None
) -> list[Scored]:
    idf = _idf(book)
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
                mentioned = _phases(sentence, _SENTENCE_PHASE) or (
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


def _similar(a: str, b: str) -> bool:
    """Near-duplicates: mostly the same words, or the same month window restated."""
    x, y = set(words(a)), set(words(b))
    if x and y and len(x & y) / len(x | y) > 0.6:
        return True
    span_a, span_b = _SPAN.search(a), _SPAN.search(b)
    return bool(span_a and span_b and span_a.group(1, 2) == span_b.group(1, 2))


def select(scored: list[Scored], query: Query) -> list[Scored]:
    ranked = sorted(scored, key=lambda s: (-s.score, s.rank, s.position))
    if not ranked or ranked[0].score < MIN_SCORE:
        return []
    floor = max(MIN_SCORE, 0.6 * ranked[0].score)
    needed = min(2, len(ranked[0].matched))
    chosen: list[Scored] = []
    for item in ranked:
        if item.score < floor or len(chosen) >= MAX_SENTENCES:
            break
        if len(item.matched) < needed:
            continue
        if any(_similar(item.sentence, c.sentence) for c in chosen):
            continue
        chosen.append(item)
    own = [i for i, w in enumerate(query.weights) if w >= 0.8]
    covered = set().union(*(c.matched for c in chosen)) & set(own)
    if not own or len(covered) / len(own) < MIN_COVERAGE:
        return []
    return sorted(chosen, key=lambda s: (s.chunk.source, s.rank, s.position))


def _title(phase: str, book: Book) -> str:
    for chunk in book.of_phase(phase):
        return re.sub(r"^phase \d+:\s*", "", chunk.section.split(" > ")[0], flags=re.I)
    return phase.capitalize()


def _lead(chosen: Sequence[Scored], query: Query, book: Book) -> str:
    """A one-line direct answer to 'how long does phase X take?'."""
    if not query.duration or len(query.phases) != 1:
        return ""
    (phase,) = query.phases
    spans = []
    for item in chosen:
        match = _SPAN.search(item.sentence)
        named = _phases(item.sentence, _SENTENCE_PHASE) or {item.chunk.phase or ""}
        if match and named == {phase}:
            spans.append(match)
    if not spans:
        return ""
    start, end = spans[0].group(1), spans[0].group(2)
    about = next((f" ({m.group(3)})" for m in spans if m.group(3)), "")
    return f"In short: {_title(phase, book)} runs from month {start} to month {end}{about}."


def _with_list(item: Scored, chosen: Sequence[Scored], query: Query, book: Book) -> str:
    """A sentence that introduces a list, followed by the list's items that add to the
    reply (not other phases than the one asked about, not repeats of other sentences)."""
    following = [
        i
        for i in book.items_after(item.chunk, item.sentence)
        if not (query.phases and _phases(i, _SENTENCE_PHASE) - query.phases)
        and not any(_similar(i, c.sentence) for c in chosen)
    ]
    if not following:
        return item.sentence
    listed = "; ".join(i.rstrip(".") for i in following)
    return f"{item.sentence.rstrip('.:')}: {listed}."


def _in_context(item: Scored, chosen: Sequence[Scored], book: Book) -> Scored:
    """'It is a structured journey...' reads better with the sentence before it."""
    if not _PRONOUN.match(item.sentence):
        return item
    sents = book.sentences_of(item.chunk)
    if item.position == 0 or item.position >= len(sents):
        return item
    before = sents[item.position - 1]
    if any(c.chunk.chunk_id == item.chunk.chunk_id and c.sentence == before for c in chosen):
        return item
    joined = f"{before} {item.sentence}"
    if len(joined) > 300 or cite(item.chunk, joined) is None:
        return item
    return Scored(item.score, item.rank, item.position - 1, item.chunk, joined, item.matched)


def _completed(item: Scored, chosen: Sequence[Scored], book: Book) -> Scored:
    """'Three obstacles stand out.' needs the next sentence: 'They are data readiness, ...'."""
    sents = book.sentences_of(item.chunk)
    index = item.position + len(sentences_in(item.sentence))
    if index >= len(sents) or not _PRONOUN.match(sents[index]):
        return item
    after = sents[index]
    if any(c.chunk.chunk_id == item.chunk.chunk_id and after in c.sentence for c in chosen):
        return item
    joined = f"{item.sentence} {after}"
    if len(joined) > 300 or cite(item.chunk, joined) is None:
        return item
    return Scored(item.score, item.rank, item.position, item.chunk, joined, item.matched)


def _with_section(
    picked: list[Scored], scored: list[Scored], book: Book, query: Query
) -> list[Scored]:
    """The best passage whole when it is short: its sentences are one argument, and a
    reply that quotes only the first leaves out the reason or the advice after it. Not
    its sentences about another phase than the one asked about."""
    best = max(picked, key=lambda s: s.score)
    if len(book.sentences_of(best.chunk)) > WHOLE_SECTION:
        return picked
    have = {(c.chunk.chunk_id, c.sentence) for c in picked}
    extra = [
        s
        for s in scored
        if s.chunk.chunk_id == best.chunk.chunk_id
        and (s.chunk.chunk_id, s.sentence) not in have
        and not (query.phases and _phases(s.sentence, _SENTENCE_PHASE) - query.phases)
    ]
    merged = [*picked, *extra][:MAX_SENTENCES]
    return sorted(merged, key=lambda s: (s.chunk.source, s.rank, s.position))


def previous_question(question: str, history: Sequence[Turn]) -> str | None:
    previous = next((t.text for t in reversed(history) if t.role == "user"), None)
    if previous and len(question.split()) <= 12 and _FOLLOW_UP.search(question):
        return previous
    return None


def relaxed(scored: list[Scored], limit: int = 2) -> list[Scored]:
    """The best-scoring sentences from different chunks, when strict selection found none."""
    ranked = sorted((s for s in scored if s.score > 0), key=lambda s: (-s.score, s.rank))
    chosen: list[Scored] = []
    for item in ranked:
        if all(item.chunk.chunk_id != c.chunk.chunk_id for c in chosen):
            chosen.append(item)
        if len(chosen) >= limit:
            break
    return sorted(chosen, key=lambda s: (s.chunk.source, s.rank, s.position))


def compose_answer(task: AnswerTask, relevance: Relevance | None = None) -> Answer:
    book = Book(task.chunks)
    titles: dict[str, str] = {p: _title(p, book) for p in {c.phase for c in book.chunks if c.phase}}
    shaped = list_answer(task, book) or duration_answer(task, book, titles)
    if shaped is not None:
        return shaped
    query = parse(task.question, previous_question(task.question, task.history))
    similarity = (
        relevance.similarities(
            task.question, [s for c in book.chunks for s in book.sentences_of(c)]
        )
        if relevance is not None
        else None
    )
    scored = score_sentences(query, book, similarity)
    # The agent only asks when its scope check found the playbook relevant, so a weak
    # match still gets the best passages rather than a refusal.
    picked = select(scored, query) or (relaxed(scored) if task.in_scope else [])
    if picked:
        picked = _with_section(picked, scored, book, query)
    chosen = [_completed(_in_context(item, picked, book), picked, book) for item in picked]
    citations: list[Citation] = []
    parts: list[str] = []
    for item in chosen:
        citation = cite(item.chunk, item.sentence)
        if citation is None:
            continue
        citations.append(citation)
        parts.append(f"{_with_list(item, chosen, query, book)} [{len(citations)}]")
    if not citations:
        return Answer(
            question=task.question, answer=NOT_COVERED, grounded=False, provider="offline"
        )
    # A reply in the playbook's own sentences, each cited; a duration asked about gets
    # its one-line answer first.
    lead = _lead(chosen, query, book)
    body = " ".join(parts)
    text = f"{lead} {body}" if lead else body
    return Answer(
        question=task.question,
        answer=text[:4000],
        grounded=True,
        citations=citations,
        provider="offline",
    )
