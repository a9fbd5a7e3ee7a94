"""One roadmap phase: the playbook's activities read from the phase's chunks, each
rendered for the company by a rule (or generically), plus the phase's tailoring."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from advisor.llm.offline.context import Ctx
from advisor.llm.offline.text import Book, cite, clip, sentences, terms
from advisor.schemas import Chunk, Citation, PhaseName, PhasePlan, PhaseStatus

MAX_CITATIONS = 8
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(.+?)\s*$")
_ACTIVITY_LEAD = re.compile(r"\b(?:activit|steps?\b|tasks?\b)", re.I)
_ACTIVITY_SECTION = re.compile(
    r"\b(?:(?:first|second|third|fourth|fifth|sixth|key|next|final)\s+(?:\w+\s+)?"
    r"(?:activity|area|focus area|step)|area evaluated)\b",
    re.I,
)
_PHASE_INTRO = re.compile(r"\bis the \w+ (?:and final )?phase\b", re.I)
_ORDINAL = re.compile(r"\bis the (?:first|second|third|fourth|fifth|sixth|last|final)\b", re.I)


@dataclass
class Line:
    text: str
    cites: list[Citation] = field(default_factory=list)


def line(text: str, *cites: Citation | None) -> Line:
    return Line(text, [c for c in cites if c is not None])


@dataclass
class Extras:
    objectives: list[Line] = field(default_factory=list)
    activities: list[Line] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    risks: list[Line] = field(default_factory=list)


Render = Callable[[Ctx, Book], Line]


@dataclass(frozen=True)
class PhaseSpec:
    phase: PhaseName
    index: int
    title: str
    keys: dict[str, tuple[str, ...]]  # rule key -> words of the playbook's label
    quotes: dict[str, str]  # rule key -> phrase of the sentence that states it
    render: dict[str, Render]
    extras: Callable[[Ctx, Book], Extras]


@dataclass(frozen=True)
class Item:
    """An activity the playbook lists for a phase, where it says so."""

    label: str
    chunk: Chunk
    sentence: str
    key: str | None


def _key(spec: PhaseSpec, label: str) -> str | None:
    low = label.lower()
    return next((k for k, words in spec.keys.items() if any(w in low for w in words)), None)


def playbook_items(spec: PhaseSpec, book: Book) -> list[Item]:
    """List items introduced as activities, and sections that name an activity."""
    items: list[Item] = []
    for chunk in book.of_phase(spec.phase):
        lead = ""
        for raw in chunk.text.split("\n"):
            match = _ITEM.match(raw)
            if not match:
                lead = (sentences(raw) or [lead])[-1] if raw.strip() else lead
                continue
            if not _ACTIVITY_LEAD.search(lead) or not book.quotable(chunk, match.group(1)):
                continue
            label = match.group(1).rstrip(".;")
            key = _key(spec, label)
            items.append(Item(label, chunk, match.group(1), key))
        if " > " not in chunk.section:
            continue
        label = chunk.section.rsplit(" > ", 1)[1]
        key = _key(spec, label)
        sents = book.sentences_of(chunk)
        if not sents or any(i.chunk.chunk_id == chunk.chunk_id for i in items):
            continue
        if key is None and not _ACTIVITY_SECTION.search(sents[0]):
            continue
        items.append(Item(label, chunk, _stating(sents, spec.quotes.get(key or "", "")), key))
    seen: set[str] = set()
    unique = []
    for item in items:
        ident = item.key or item.label.lower()
        if ident not in seen:
            seen.add(ident)
            unique.append(item)
    order = list(spec.keys)
    return sorted(unique, key=lambda i: order.index(i.key) if i.key in order else len(order))


def _stating(sents: list[str], phrase: str) -> str:
    """The sentence that states the activity: the one with the rule's phrase, else the
    first that is not 'X is the second activity'."""
    if phrase:
        hit = next((s for s in sents if phrase.lower() in s.lower()), None)
        if hit:
            return hit
    return next((s for s in sents if not _ORDINAL.search(s)), sents[0])


def _mention(spec: PhaseSpec, key: str, book: Book) -> Citation | None:
    """A retrieved sentence that names the activity, for when its own section is missing."""
    phrase = spec.quotes.get(key)
    if phrase:
        found = book.cite(phrase, phase=spec.phase)
        if found:
            return found
    for chunk in book.of_phase(spec.phase):
        for sentence in book.sentences_of(chunk):
            if _PHASE_INTRO.search(sentence):
                continue
            if any(word in sentence.lower() for word in spec.keys[key]):
                return cite(chunk, sentence)
    return None


def _generic(ctx: Ctx, item: Item) -> Line:
    return line(f"{item.label} for {ctx.primary.label}", cite(item.chunk, item.sentence))


def phase_title(spec: PhaseSpec, book: Book) -> str:
    """The playbook's name for the phase: its document title without 'Phase N:'."""
    for chunk in book.of_phase(spec.phase):
        root = chunk.section.split(" > ", 1)[0]
        title = re.sub(r"^\s*phase\s+\d+\s*[:.-]\s*", "", root, flags=re.I).strip()
        if title:
            return clip(title, 120)
    return spec.title


def select_citations(groups: list[list[Citation]]) -> list[Citation]:
    """At most MAX_CITATIONS: first one per chunk in priority order, then the rest."""
    flat = [c for group in groups for c in group]
    chosen: list[Citation] = []
    seen_chunks: set[str] = set()
    seen_quotes: set[tuple[str, str]] = set()
    for first_pass in (True, False):
        for c in flat:
            key = (c.chunk_id, c.quote)
            if key in seen_quotes or len(chosen) >= MAX_CITATIONS:
                continue
            if first_pass and c.chunk_id in seen_chunks:
                continue
            chosen.append(c)
            seen_quotes.add(key)
            seen_chunks.add(c.chunk_id)
    order = {id(c): i for i, c in enumerate(flat)}
    return sorted(chosen, key=lambda c: order[id(c)])


def _dedupe(lines: list[Line], limit: int) -> list[Line]:
    out: list[Line] = []
    seen: list[set[str]] = []
    for item in lines:
        toks = set(terms(item.text))
        if any(toks and len(toks & s) / len(toks | s) > 0.8 for s in seen):
            continue
        seen.append(toks)
        out.append(item)
    return out[:limit]


@dataclass
class Standing:
    """How the company's standing changes a phase: its status, and the objectives and
    activities that lead it (a review's checks, a constraint's consultation step)."""

    status: PhaseStatus = "planned"
    objectives: list[Line] = field(default_factory=list)
    activities: list[Line] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)


def build_phase(
    spec: PhaseSpec, ctx: Ctx, book: Book, standing: Standing | None = None
) -> PhasePlan:
    standing = standing or Standing()
    start, end = ctx.windows[spec.index]
    if standing.status == "done":
        # Behind the company: what it carries forward, no new work and no window.
        return _plan(
            spec, ctx, book, standing, standing.objectives, standing.activities, [], (0, 0)
        )
    items = playbook_items(spec, book)
    found = {i.key: i for i in items if i.key}
    core: list[Line] = []
    for key, render in spec.render.items():
        # Every activity the playbook lists for the phase, even when retrieval missed its
        # section: then it cites another sentence that names it, if one was retrieved.
        drafted = render(ctx, book)
        item = found.get(key)
        own = cite(item.chunk, item.sentence) if item else _mention(spec, key, book)
        core.append(Line(drafted.text, [c for c in [own, *drafted.cites] if c]))
    core += [_generic(ctx, item) for item in items if item.key is None]
    extra = spec.extras(ctx, book)
    activities = _dedupe(standing.activities + core + extra.activities, 12)
    objectives = _dedupe(standing.objectives + extra.objectives, 8)
    plan = _plan(
        spec, ctx, book, standing, objectives, activities, _dedupe(extra.risks, 8), (start, end)
    )
    return plan.model_copy(
        update={
            "deliverables": list(dict.fromkeys(standing.deliverables + extra.deliverables))[:8],
            "success_metrics": list(dict.fromkeys(extra.metrics))[:8],
        }
    )


def _plan(
    spec: PhaseSpec,
    ctx: Ctx,
    book: Book,
    standing: Standing,
    objectives: list[Line],
    activities: list[Line],
    risks: list[Line],
    window: tuple[int, int],
) -> PhasePlan:
    citations = select_citations(
        [*(a.cites for a in activities), *(o.cites for o in objectives), *(r.cites for r in risks)]
    )
    return PhasePlan(
        phase=spec.phase,
        title=phase_title(spec, book),
        status=standing.status,
        start_month=window[0],
        end_month=window[1],
        objectives=[o.text for o in objectives][:8],
        activities=[a.text for a in activities][:12],
        deliverables=list(dict.fromkeys(standing.deliverables))[:8],
        success_metrics=[],
        risks=[r.text for r in risks],
        citations=citations,
    )
