"""An Answer as a short reply: the sentences of the best retrieved passages that
together answer the question, at most five in playbook order (DESIGN.md) after those of
the passage that answers it best, each quoted verbatim and cited."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from advisor.grounding import normalize
from advisor.llm.base import AnswerTask, Turn
from advisor.llm.offline.comparison import said_of, side_picks
from advisor.llm.offline.diagnosis import named_failure
from advisor.llm.offline.scoring import (
    HUB_NEIGHBOURS,
    HUB_WEIGHT,
    NOVELTY_SCALE,
    PRONOUN,
    SENTENCE_PHASE,
    SPAN,
    Query,
    Scored,
    idf_of,
    near_duplicate,
    parse,
    phases_in,
    score_sentences,
)
from advisor.llm.offline.shapes import duration_answer, list_answer
from advisor.llm.offline.text import Book, cite, terms
from advisor.llm.offline.text import sentences as sentences_in
from advisor.question_forms import asks_diagnosis, compared_sides, leaned_on
from advisor.retrieval.relevance import Relevance
from advisor.schemas import Answer, Chunk, Citation

NOT_COVERED = "The playbook does not cover this question."
MIN_SCORE = 1.0
MIN_COVERAGE = 0.4
# The reply's length and reach: at most this many sentences (a list joined to the
# sentence that introduces it counts as one), from the first PASSAGES retrieved.
# Tuned on the natural questions' dev split, holdout only measured (docs/evals.md).
# DESIGN.md: "two to five sentences in playbook order"; the best-fitting passage's picks
# open the reply (`answer_first`), the rest keep that order.
MAX_SENTENCES = 5
PASSAGES = 4
PASSAGE_FLOOR = 0.1
# A pick's value is discounted by its passage's place in the retrieval order and by how
# near the question comes to the nearest question that passage answers (front matter
# `answers`), over the best passage's: 1 / (1 + RANK_DISCOUNT * rank) * fit ** FIT_POWER.
# Chosen on the natural questions' dev split (docs/evals.md).
RANK_DISCOUNT = 0.5
FIT_POWER = 2.0
# Chosen on dev: 0.95 measured 0.804 (0.8044 against 0.8041), conversations 0.456
# against 0.440; 0.9 measured 0.801 (docs/evals.md).
FIT_JOIN = 0.95
# Below this a sentence adds too little to be worth a place in the reply.
MIN_VALUE = 0.3
_THIS_PHASE = re.compile(r"\b(?:this|the) phase\b", re.I)
# A sentence about the document itself ("This playbook describes how ...") answers only a
# question about the document: elsewhere it fills a place a fact could hold.
_ABOUT_ITSELF = re.compile(r"^this (?:playbook|section|guide|document|chapter)\b", re.I)


def covering(
    scored: Sequence[Scored],
    query: Query,
    book: Book,
    idf: Mapping[str, float],
    reserved: Sequence[Scored] = (),
    fit_of: Mapping[str, float] | None = None,
) -> list[Scored]:
    """The sentences of the best passages that together say the most about the question.

    The passages are the first PASSAGES in retrieval order, and any later one that fits
    the question at least FIT_JOIN as well as the best one (the retriever's ranking
    measured better than re-ranking them by shared words); passages no search ranked
    are ordered by fit, leaving out any that fits less than PASSAGE_FLOOR as well as
    the best one does. Each pick maximises the
    sentence's own score plus the rarity of what it adds that the reply has not said
    yet, discounted by its passage's rank and fit (`passage_fit`): a reply that restates
    one passage four times leaves out what the next one adds (answer completeness,
    docs/evals.md)."""
    fit: dict[str, float] = {}
    for item in scored:
        if not _off_phase(item, query, book):
            fit[item.chunk.chunk_id] = max(fit.get(item.chunk.chunk_id, 0.0), item.score)
    top = max(fit.values(), default=0.0)
    if top < MIN_SCORE:
        return []
    kept = list(dict.fromkeys(c.chunk_id for c in book.chunks))
    if all(c.score is None for c in book.chunks):
        # Passages no search ranked (a caller's own selection): by how well they fit,
        # and none that fits far worse than the best. A search's ranking is kept as it
        # is: its first passage may share no word with the question and still be the
        # one that answers it ("several projects at once" -> "one or two use cases").
        kept.sort(key=lambda cid: -fit.get(cid, 0.0))
        kept = [cid for cid in kept if fit.get(cid, 0.0) >= PASSAGE_FLOOR * top]
    # A passage past the first PASSAGES joins them when it fits the question nearly as
    # well as the best one does: "Mistake 3: Too many projects at once" ranked fifth.
    joining = [cid for cid in kept[PASSAGES:] if fit_of and fit_of.get(cid, 0.0) >= FIT_JOIN]
    rank = {cid: n for n, cid in enumerate([*kept[:PASSAGES], *joining])}
    weight = {
        cid: (fit_of.get(cid, 1.0) if fit_of else 1.0) ** FIT_POWER / (1 + RANK_DISCOUNT * n)
        for cid, n in rank.items()
    }
    # Reserved sentences may come from a passage past the first PASSAGES: the side a
    # reply left unsaid is often there.
    order = {cid: n for n, cid in enumerate(kept)}
    pool = [
        s
        for s in scored
        if s.chunk.chunk_id in rank
        and not _off_phase(s, query, book)
        and (query.itself or not _ABOUT_ITSELF.match(s.sentence))
    ]
    asked = set().union(*query.groups) if query.groups else set()
    adds = {id(s): set(terms(_with_list(s, [], query, book))) - asked for s in pool}
    # Reserved sentences (each side of a comparison) come first; the rest of the reply
    # adds what they leave unsaid.
    chosen: list[Scored] = list(reserved[:MAX_SENTENCES])
    said: set[str] = set().union(*(set(terms(s.sentence)) for s in chosen)) - asked
    left = [s for s in pool if all(s.sentence != c.sentence for c in chosen)]
    while len(chosen) < MAX_SENTENCES and left:
        best, value = None, MIN_VALUE
        for item in left:
            novelty = sum(idf.get(t, 0.0) for t in adds[id(item)] - said) / NOVELTY_SCALE
            v = (item.score / top + novelty) * weight[item.chunk.chunk_id]
            if v > value:
                best, value = item, v
        if best is None:
            break
        left.remove(best)
        widened = _as_list(best, book)
        if widened is not best and _off_phase(widened, query, book):
            # "Evaluate data availability" names no phase, but the list it belongs to is
            # the discovery phase's: not a reply to "the activities of phase 3".
            continue
        given = next(
            (
                c
                for c in chosen
                if c.chunk.chunk_id == widened.chunk.chunk_id and c.sentence == widened.sentence
            ),
            None,
        )
        if given is None:
            best = widened
        elif normalize(best.sentence).rstrip(".") in _with_list(given, chosen, query, book):
            continue  # an item of a list the reply already gives
        # else: the list was given without this item (it repeats another pick or names
        # another phase): the item stays a pick of its own.
        # Only the winner is compared with the reply so far: a near-duplicate is
        # dropped and the next best tried.
        if not any(near_duplicate(best.sentence, c.sentence) for c in chosen):
            chosen.append(best)
            said |= adds.get(id(best)) or set(terms(_with_list(best, [], query, book))) - asked
    # In playbook order: by file, and within a file as retrieval ranked its passages.
    return sorted(
        chosen, key=lambda s: (s.chunk.source, order.get(s.chunk.chunk_id, len(order)), s.position)
    )


def answer_first(picked: Sequence[Scored], fit_of: Mapping[str, float]) -> list[Scored]:
    """The picks of the picked passage that fits the question best (`passage_fit`) first, in
    their own order, then the rest in playbook order: advice opens with the playbook's
    position and the reason it gives next to it, a diagnosis with the failure it names,
    rather than with what an earlier file says around them. Unchanged when no passage's
    fit is known (a user's own document)."""
    fits = [fit_of[s.chunk.chunk_id] for s in picked if s.chunk.chunk_id in fit_of]
    if not fits:
        return list(picked)
    top = max(fits)
    best = next(s.chunk.chunk_id for s in picked if fit_of.get(s.chunk.chunk_id) == top)
    return [s for s in picked if s.chunk.chunk_id == best] + [
        s for s in picked if s.chunk.chunk_id != best
    ]


def _as_list(item: Scored, book: Book) -> Scored:
    """A list item picked alone stands in for its list: the sentence that introduces it,
    which the reply gives with every item (`_with_list`)."""
    intro = book.list_intro(item.chunk, item.sentence)
    own = book.sentences_of(item.chunk)
    if intro is None or intro not in own:
        return item
    return Scored(item.score, item.rank, own.index(intro), item.chunk, intro, item.matched)


def _off_phase(item: Scored, query: Query, book: Book) -> bool:
    """About another phase than the one asked about: by the phases the sentence names,
    or by its passage's when it points at it ("This phase runs from month 5 to month 7").
    A sentence that opens with a pronoun is about what the one before it is about: "It
    prepares the ground ..." after "This phase runs from month 5 to month 7" is the
    infrastructure phase's, and the reply would give the two together (`_in_context`)."""
    if not query.phases:
        return False
    named = _phases_named(item.sentence, item.chunk)
    if not named and PRONOUN.match(item.sentence) and item.position > 0:
        own = book.sentences_of(item.chunk)
        if item.position <= len(own):
            named = _phases_named(own[item.position - 1], item.chunk)
    return bool(named) and not named & query.phases


def _phases_named(sentence: str, chunk: Chunk) -> set[str]:
    if named := phases_in(sentence, SENTENCE_PHASE):
        return named
    return {chunk.phase} if chunk.phase and _THIS_PHASE.search(sentence) else set()


def _covered(chosen: Sequence[Scored], query: Query) -> bool:
    """Whether the picks match enough of the question's own words to answer it, for a
    caller whose scope check has not vouched for the question."""
    own = [i for i, w in enumerate(query.weights) if w >= 0.8]
    matched = set().union(*(c.matched for c in chosen)) if chosen else set()
    return bool(own) and len(matched & set(own)) / len(own) >= MIN_COVERAGE


def _title(phase: str, book: Book) -> str:
    for chunk in book.of_phase(phase):
        return re.sub(r"^phase \d+:\s*", "", chunk.section.split(" > ")[0], flags=re.I)
    return phase.capitalize()


# The reply's first sentences: a duration they state needs no lead restating it.
LEAD_NEEDED_AFTER = 2


def _lead(chosen: Sequence[Scored], query: Query, book: Book) -> str:
    """A one-line direct answer to 'how long does phase X take?', when the reply does
    not open with it already."""
    if not query.duration or len(query.phases) != 1:
        return ""
    (phase,) = query.phases
    spans = []
    first = len(chosen)
    for index, item in enumerate(chosen):
        match = SPAN.search(item.sentence)
        named = phases_in(item.sentence, SENTENCE_PHASE) or {item.chunk.phase or ""}
        if match and named == {phase}:
            spans.append(match)
            first = min(first, index)
    if not spans or first < LEAD_NEEDED_AFTER:
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
        if not (query.phases and phases_in(i, SENTENCE_PHASE) - query.phases)
        and not any(near_duplicate(i, c.sentence) for c in chosen)
    ]
    if not following:
        return item.sentence
    listed = "; ".join(i.rstrip(".") for i in following)
    return f"{item.sentence.rstrip('.:')}: {listed}."


def _in_context(item: Scored, chosen: Sequence[Scored], book: Book) -> Scored:
    """'It is a structured journey...' reads better with the sentence before it."""
    if not PRONOUN.match(item.sentence):
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
    if index >= len(sents) or not PRONOUN.match(sents[index]):
        return item
    after = sents[index]
    if any(c.chunk.chunk_id == item.chunk.chunk_id and after in c.sentence for c in chosen):
        return item
    joined = f"{item.sentence} {after}"
    if len(joined) > 300 or cite(item.chunk, joined) is None:
        return item
    return Scored(item.score, item.rank, item.position, item.chunk, joined, item.matched)


def _unrepeated(joined: Sequence[Scored], picked: Sequence[Scored]) -> list[Scored]:
    """No sentence said twice: a pick widened by the sentence before or after it, when
    another pick already says that sentence (the same words may stand in two passages),
    goes back to its own sentence, and a pick already said whole is left out."""
    said: set[str] = set()
    out: list[Scored] = []
    for item, own in zip(joined, picked, strict=True):
        parts = sentences_in(item.sentence)
        if any(p in said for p in parts):
            item, parts = own, sentences_in(own.sentence)
        if all(p in said for p in parts):
            continue
        out.append(item)
        said.update(parts)
    return out


def previous_question(question: str, history: Sequence[Turn]) -> str | None:
    return leaned_on(question, [t.text for t in history if t.role == "user"])


def relaxed(scored: list[Scored], book: Book, query: Query, limit: int = 2) -> list[Scored]:
    """The best-scoring sentences from different chunks, when strict selection found none,
    about the phase asked about when any is ("and after that?"). With no sentence sharing
    a word with the question, the opening sentences of the passages retrieval ranked
    first: the scope check found them about the question."""
    scored = [s for s in scored if not _off_phase(s, query, book)] or scored
    ranked = sorted((s for s in scored if s.score > 0), key=lambda s: (-s.score, s.rank))
    if not ranked:
        ranked = sorted(scored, key=lambda s: (s.rank, s.position))
    chosen: list[Scored] = []
    for item in ranked:
        if all(item.chunk.chunk_id != c.chunk.chunk_id for c in chosen):
            chosen.append(_as_list(item, book))
        if len(chosen) >= limit:
            break
    return sorted(chosen, key=lambda s: (s.chunk.source, s.rank, s.position))


def _similarity(task: AnswerTask, book: Book, relevance: Relevance) -> dict[str, float]:
    """Each sentence's closeness in meaning to the question, less what it owes to being
    close to every question its passages answer (framing sentences)."""
    sentences = [s for c in book.chunks for s in book.sentences_of(c)]
    similarity = relevance.similarities(task.question, sentences, task.question_vector)
    questions = [q for c in book.chunks for q in c.questions]
    hub = relevance.hubness(list(dict.fromkeys(sentences)), questions, HUB_NEIGHBOURS)
    if not hub:
        return similarity
    mean = sum(hub.values()) / len(hub)
    return {s: v - HUB_WEIGHT * (hub[s] - mean) for s, v in similarity.items()}


def passage_fit(task: AnswerTask, book: Book, relevance: Relevance) -> dict[str, float]:
    """Each passage's closeness to the question, as the closeness of the question to the
    nearest of the questions the passage answers, over the best passage's. Passages
    retrieval ranks high for sharing words with the question ("Many organizations
    launch AI proofs of concept ...") fit less than the one that answers it. Empty when
    a passage has no such questions (a user's own document): then rank alone counts."""
    if not book.chunks or any(not c.questions for c in book.chunks):
        return {}
    asked = list(dict.fromkeys(q for c in book.chunks for q in c.questions))
    near = relevance.similarities(task.question, asked, task.question_vector)
    fit = {c.chunk_id: max(max(near[q] for q in c.questions), 0.0) for c in book.chunks}
    best = max(fit.values())
    return {cid: v / best for cid, v in fit.items()} if best > 0 else {}


def _both_sides(
    question: str,
    picked: list[Scored],
    scored: Sequence[Scored],
    query: Query,
    book: Book,
    idf: Mapping[str, float],
    fit_of: Mapping[str, float],
) -> list[Scored]:
    """A comparison whose reply leaves a side unsaid, composed again from both sides'
    own passages when the unsaid side has one."""
    sides = compared_sides(question)
    if not sides or not picked:
        return picked
    unsaid = [s for s in sides if not said_of(s, sides, picked)]
    reserved = side_picks(sides, book, idf)
    if not any(said_of(s, sides, reserved) for s in unsaid):
        return picked
    return covering(scored, query, book, idf, reserved, fit_of)


def compose_answer(task: AnswerTask, relevance: Relevance | None = None) -> Answer:
    book = Book(task.chunks)
    titles: dict[str, str] = {p: _title(p, book) for p in {c.phase for c in book.chunks if c.phase}}
    shaped = list_answer(task, book) or duration_answer(task, book, titles)
    if shaped is not None:
        return shaped
    previous = previous_question(task.question, task.history)
    query = parse(task.question, previous)
    # A follow-up means what it says after the previous question: "what does it look like
    # in practice?" is near nothing alone (docs/evals.md, "Conversations").
    meant = task
    if previous is not None:
        meant = replace(task, question=f"{previous} {task.question}", question_vector=None)
    similarity = _similarity(meant, book, relevance) if relevance is not None else None
    idf = idf_of(book)
    scored = score_sentences(query, book, similarity, idf)
    # The agent only asks when its scope check found the playbook relevant, so a weak
    # match still gets the best passages rather than a refusal.
    fit_of = passage_fit(meant, book, relevance) if relevance is not None else {}
    # A diagnosis opens with the failure the playbook names for it and what to do.
    failure = named_failure(scored, fit_of) if asks_diagnosis(task.question) else []
    picked = covering(scored, query, book, idf, failure, fit_of)
    if failure:
        picked = [*failure, *(s for s in picked if s not in failure)]
    elif task.in_scope:
        picked = _both_sides(task.question, picked, scored, query, book, idf, fit_of)
    if not task.in_scope and not _covered(picked, query):
        picked = []
    elif not picked and task.in_scope:
        picked = relaxed(scored, book, query)
    if not query.duration and previous is None and not failure:
        # A duration's reply keeps the playbook's order (its span opens it or gets a
        # lead), and so does a follow-up, whose fit the new words alone do not measure.
        picked = answer_first(picked, fit_of)
    chosen = _unrepeated(
        [_completed(_in_context(item, picked, book), picked, book) for item in picked], picked
    )
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
