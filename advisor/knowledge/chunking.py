"""Markdown-aware chunking with stable, content-derived chunk ids.

A document is cut at its headings into sections (heading path joined by " > "). A
section's body is parsed into blocks: paragraphs, list items and fenced code. Blocks
longer than `max_chars` are split at line ends that close a sentence, then at sentence
boundaries; list items, code blocks and single sentences are never split. Neighbouring
pieces of one section are then packed greedily up to `max_chars`. Each chunk's text is
a verbatim slice of the section body, so quotes taken from it stay exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence

from advisor.knowledge.documents import Document, slugify
from advisor.schemas import Chunk

MAX_SECTION_LENGTH = 500

_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,9}[.)])[ \t]+\S")
# A line ending like this closes a sentence (or introduces a list): a safe place to cut.
_LINE_END_RE = re.compile(r"[.!?:;…][\"'”’)\]*_]*$")
# Sentence end: terminal punctuation (+ closing quotes/brackets), whitespace, then a
# capital, digit or opening quote/bracket.
_SENTENCE_RE = re.compile(r"[.!?…][\"'”’)\]*_]*(\s+)(?=[\"'“‘(\[*_]*[A-Z0-9À-ÖØ-Þ])")
_LAST_WORD_RE = re.compile(r"(\S+)$")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "approx"}
    | {"inc", "ltd", "co", "jr", "sr", "cf", "al", "u.s", "u.k"}
)

Span = tuple[int, int]


def chunk_id(doc_id: str, section: str, text: str, questions: Sequence[str] = ()) -> str:
    """`{doc_id}-{sha256(section + "\\n" + normalized text)[:12]}`: stable and URL-safe.

    Normalization: Unix newlines, trailing spaces stripped, outer blank lines stripped;
    so the id depends on content only, never on position, run or machine. The questions
    a section answers are indexed with it, so a change to them is a change of the chunk.
    """
    safe_id = doc_id if re.fullmatch(r"[A-Za-z0-9_-]+", doc_id) else slugify(doc_id) or "doc"
    payload = section + "\n" + _normalize_for_id(text)
    if questions:
        payload += "\n?" + "\n".join(questions)
    return f"{safe_id}-{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:12]}"


def chunk_document(doc: Document, max_chars: int = 1200) -> list[Chunk]:
    """Chunks of one document, in document order, with ids unique within it."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section, body in _sections(doc):
        questions = list(doc.answers.get(section.rsplit(" > ", 1)[-1], ()))
        for text in _pack(body, _units(body, max_chars), max_chars):
            base = chunk_id(doc.doc_id, section, text, questions)
            seen[base] = seen.get(base, 0) + 1
            cid = base if seen[base] == 1 else f"{base}-{seen[base]}"
            chunks.append(
                Chunk(
                    chunk_id=cid,
                    source=doc.source,
                    section=section,
                    phase=doc.phase,
                    text=text,
                    questions=questions,
                )
            )
    return chunks


def chunk_documents(docs: Sequence[Document], max_chars: int = 1200) -> list[Chunk]:
    """Chunks of all documents in order; ids are unique across the whole list."""
    out: list[Chunk] = []
    seen: dict[str, int] = {}
    for doc in docs:
        for chunk in chunk_document(doc, max_chars):
            seen[chunk.chunk_id] = seen.get(chunk.chunk_id, 0) + 1
            if seen[chunk.chunk_id] > 1:  # only when two docs share an id (not via loading)
                chunk = chunk.model_copy(
                    update={"chunk_id": f"{chunk.chunk_id}-{seen[chunk.chunk_id]}"}
                )
            out.append(chunk)
    return out


# --- sections -----------------------------------------------------------------------


def _sections(doc: Document) -> Iterator[tuple[str, str]]:
    """(heading path, body) pairs; text before any heading belongs to the title."""
    if not doc.is_markdown:
        body = doc.body.strip("\n")
        if body.strip():
            yield _clip(doc.title), body
        return
    stack: list[tuple[int, str]] = []
    section = doc.title
    lines: list[str] = []
    fence: str | None = None
    for line in doc.body.split("\n"):
        fence_match = _FENCE_RE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0]:
                fence = None
            lines.append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            lines.append(line)
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            yield from _section_body(section, lines)
            level = len(heading.group(1))
            title = " ".join((heading.group(2) or "").split())
            stack = [(lvl, name) for lvl, name in stack if lvl < level]
            if title:
                stack.append((level, title))
            section = " > ".join(name for _, name in stack) or doc.title
            lines = []
        else:
            lines.append(line)
    yield from _section_body(section, lines)


def _section_body(section: str, lines: list[str]) -> Iterator[tuple[str, str]]:
    body = "\n".join(lines).strip("\n")
    if body.strip():
        yield _clip(section), body


def _clip(section: str) -> str:
    section = " ".join(section.split())
    return (
        section if len(section) <= MAX_SECTION_LENGTH else section[: MAX_SECTION_LENGTH - 1] + "…"
    )


# --- blocks, units, packing ---------------------------------------------------------


def _lines(text: str, start: int, end: int) -> Iterator[Span]:
    """Spans of the lines of text[start:end] (without their newlines)."""
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, stop
        if nl == -1:
            return
        pos = nl + 1


def _blocks(text: str) -> list[tuple[Span, str]]:
    """Paragraphs, list items (with their indented continuation lines) and code fences."""
    blocks: list[tuple[Span, str]] = []
    cur: list[int] | None = None  # [start, end]
    kind = ""
    fence: str | None = None

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            blocks.append(((cur[0], cur[1]), kind))
            cur = None

    for start, end in _lines(text, 0, len(text)):
        line = text[start:end]
        if fence is not None and cur is not None:
            cur[1] = end
            match = _FENCE_RE.match(line)
            if match and match.group(1)[0] == fence[0]:
                fence = None
                flush()
            continue
        fence_match = _FENCE_RE.match(line)
        if fence_match:
            flush()
            cur, kind, fence = [start, end], "code", fence_match.group(1)
        elif not line.strip():
            flush()
        elif _ITEM_RE.match(line):
            flush()
            cur, kind = [start, end], "item"
        elif cur is not None and (kind == "para" or (kind == "item" and line[:1] in " \t")):
            cur[1] = end
        else:
            flush()
            cur, kind = [start, end], "para"
    flush()
    return blocks


def _units(text: str, max_chars: int) -> list[Span]:
    """Smallest pieces packing may combine: whole blocks, or for an over-long paragraph
    its sentence-closing lines, or failing that its sentences."""
    units: list[Span] = []
    for (start, end), kind in _blocks(text):
        if kind != "para" or end - start <= max_chars:
            units.append((start, end))
            continue
        for g_start, g_end in _line_groups(text, start, end):
            if g_end - g_start <= max_chars:
                units.append((g_start, g_end))
            else:
                units.extend(_sentences(text, g_start, g_end))
    return units


def _line_groups(text: str, start: int, end: int) -> list[Span]:
    groups: list[Span] = []
    g_start: int | None = None
    for l_start, l_end in _lines(text, start, end):
        if g_start is None:
            g_start = l_start
        if _LINE_END_RE.search(text[l_start:l_end]):
            groups.append((g_start, l_end))
            g_start = None
    if g_start is not None:
        groups.append((g_start, end))
    return groups


def _sentences(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    s_start = start
    for match in _SENTENCE_RE.finditer(text, start, end):
        word = _LAST_WORD_RE.search(text, max(s_start, match.start() - 24), match.start())
        if word:
            token = word.group(1).lower().lstrip("(\"'“‘")
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue  # "e.g. Acme", "J. Smith": not a sentence end
        spans.append((s_start, match.start(1)))
        s_start = match.end(1)
    spans.append((s_start, end))
    return spans


def _pack(text: str, units: list[Span], max_chars: int) -> list[str]:
    """Greedily join neighbouring units (with the text between them) up to max_chars."""
    chunks: list[str] = []
    cur: list[Span] = []
    for start, end in units:
        if not cur or end - cur[0][0] <= max_chars:
            cur.append((start, end))
            continue
        carry: list[Span] = []
        lead_in = cur[-1]
        if (
            len(cur) > 1
            and text[lead_in[0] : lead_in[1]].rstrip().endswith(":")
            and end - lead_in[0] <= max_chars
        ):
            carry = [cur.pop()]  # keep "... include:" with the list it introduces
        chunks.append(text[cur[0][0] : cur[-1][1]])
        cur = [*carry, (start, end)]
    if cur:
        chunks.append(text[cur[0][0] : cur[-1][1]])
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def _normalize_for_id(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")
