"""Answers shaped by the question: a list the playbook gives, item by item with a count
that matches, and durations computed from the knowledge's front matter.

Each claim cites the retrieved sentence that states it; a shape that cannot cite what
it would say gives way to the general composer (answer.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from advisor.llm.base import AnswerTask
from advisor.llm.offline.text import Book, cite, join_words
from advisor.question_forms import asks_total_duration, listed_section
from advisor.schemas import PHASE_ORDER, Answer, Chunk, Citation

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_SPELLED = {v: k for k, v in _NUMBER_WORDS.items()}
_COUNT = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(\w+)(?:\s+(\w+))?", re.I
)
_ORDINAL = re.compile(r"^\s*\w+\s+(\d{1,2})\s*:\s*")


def _number(token: str) -> int | None:
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token.lower())


def _answer(task: AnswerTask, parts: list[str], citations: list[Citation]) -> Answer:
    return Answer(
        question=task.question,
        answer=" ".join(parts)[:4000],
        grounded=True,
        citations=citations,
        provider="offline",
    )


def list_answer(task: AnswerTask, book: Book) -> Answer | None:
    """'What are the common mistakes?': the playbook's count, then every item."""
    root = listed_section(task.question, task.chunks)
    if root is None:
        return None
    in_section = [c for c in book.chunks if c.section.split(" > ")[0] == root]
    items: dict[str, Chunk] = {}
    for chunk in in_section:
        if " > " in chunk.section:
            items.setdefault(chunk.section.rsplit(" > ", 1)[1], chunk)
    if len(items) < 2:
        return None
    labels = sorted(items, key=lambda s: int(m.group(1)) if (m := _ORDINAL.match(s)) else 0)
    citations: list[Citation] = []
    parts: list[str] = []
    stated: int | None = None
    intro = next((c for c in in_section if " > " not in c.section), None)
    noun_words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", root)}
    for sentence in book.sentences_of(intro) if intro else []:
        match = _COUNT.search(sentence)
        said = {(w or "").lower().rstrip("s") for w in (match.groups()[1:] if match else ())}
        if match and said & noun_words:
            found = cite(intro, sentence) if intro else None
            if found:
                stated = _number(match.group(1))
                citations.append(found)
                parts.append(f"{sentence} [{len(citations)}]")
            break
    for index, label in enumerate(labels, 1):
        chunk = items[label]
        first = next(iter(book.sentences_of(chunk)), None)
        found = cite(chunk, first) if first else None
        if found is None:
            continue
        citations.append(found)
        name = _ORDINAL.sub("", label)
        parts.append(f"{index}. {name}: {first} [{len(citations)}]")
    if len(citations) < 2:
        return None
    if stated is not None and stated != len(labels):
        parts.append(
            f"(The passages found cover {len(labels)} of the {stated}; ask about the others "
            "by name for more.)"
        )
    return _answer(task, parts, citations)


def _months_phrase(span: tuple[int, int]) -> str:
    return f"months {span[0]}–{span[1]}"


def _named_in(quote: str) -> str | None:
    """'Phase 2, Pilot Development and Validation, runs from ...' -> the phase's name."""
    match = re.search(r"\bPhase \d, ([^,]{3,80}), runs\b", quote)
    return match.group(1) if match else None


def _span_citation(book: Book, phase: str, span: tuple[int, int]) -> Citation | None:
    return book.cite(f"month {span[0]} to month {span[1]}", phase=phase)


def duration_answer(task: AnswerTask, book: Book, titles: Mapping[str, str]) -> Answer | None:
    """'How many months does the whole journey take, and which phases are longest?'."""
    calendar = {p: task.calendar[p] for p in PHASE_ORDER if p in task.calendar}
    if not asks_total_duration(task.question) or len(calendar) < 2:
        return None
    start = min(a for a, _ in calendar.values())
    end = max(b for _, b in calendar.values())
    total = end - start
    citations: list[Citation] = []
    parts: list[str] = []
    spelled = _SPELLED.get(total, str(total))
    total_cite = book.cite(f"{spelled} months") or book.cite(f"{total} months")
    if total_cite is not None:
        citations.append(total_cite)
        parts.append(
            f"The whole journey takes about {total} months, from month {start} to month {end}, "
            f"in {_SPELLED.get(len(calendar), str(len(calendar)))} phases [{len(citations)}]."
        )
    lengths = {p: b - a for p, (a, b) in calendar.items()}
    shortest = bool(re.search(r"\b(?:shortest|shorter|least time)\b", task.question, re.I))
    pick = min(lengths.values()) if shortest else max(lengths.values())
    chosen = [p for p in calendar if lengths[p] == pick]
    named: list[str] = []
    marks: list[str] = []
    for phase in chosen:
        found = _span_citation(book, phase, calendar[phase])
        if found is None:
            continue
        citations.append(found)
        title = titles.get(phase) or _named_in(found.quote) or phase.capitalize()
        named.append(f"{title} ({_months_phrase(calendar[phase])})")
        marks.append(f"[{len(citations)}]")
    if named:
        which = "shortest" if shortest else "longest"
        verb = "are" if len(named) > 1 else "is"
        each = (
            f", {_SPELLED.get(pick, str(pick))} months each"
            if len(named) > 1
            else (f", {_SPELLED.get(pick, str(pick))} months")
        )
        parts.append(f"The {which} {verb} {join_words(named)}{each} {' '.join(marks)}.")
    if len(citations) < 1 or not parts:
        return None
    return _answer(task, parts, citations)
