"""Making arbitrary text safe inside a Markdown document (standard library only).

Two levels, both one line and never HTML-escaped:

- ``inline`` flattens text and strips leading block markers (``#``, ``>``, bullets,
  fences, rules), so a goal such as ``"# Reset\\n- x"`` can neither open a heading nor end
  a list. Used for the advisor's own prose and the plan's lists.
- ``escaped`` keeps every character of the user's words but backslash-escapes what
  Markdown would read as markup: emphasis, code, links, raw HTML (``<script>`` shows as
  text), table pipes, entity references and a leading block marker. Used for what is
  quoted from the user: facts and their evidence, systems, regulations, open questions.
"""

from __future__ import annotations

import re

__all__ = ["code", "escaped", "inline", "quoted", "sentence", "strong"]

# Block-level markers that would change the structure if a line started with them:
# headings, block quotes, fences and thematic breaks, bullets, ordered-list numbers,
# table pipes.
_LEADING = re.compile(r"^(?:#+|>+|[-*_=+~`]{3,}|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$)|\|)\s*")
# Inline markup: backslash, code, emphasis, links and images, raw HTML and autolinks,
# strikethrough, table cells.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^([#+=-])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")


def inline(text: str) -> str:
    """One line of Markdown from arbitrary text that cannot start a block of its own."""
    flat = " ".join(text.split())
    while True:
        stripped = _LEADING.sub("", flat, count=1)
        if stripped == flat:
            return flat
        flat = stripped


def escaped(text: str) -> str:
    """The user's words on one line, every Markdown special character escaped.

    Safe in a paragraph, a list item and a table cell: nothing in it can open a block,
    emphasis, a link, raw HTML or an entity, or split a cell."""
    flat = " ".join(text.split())
    flat = _SPECIAL.sub(r"\\\1", flat)
    flat = _ENTITY.sub(r"\\&", flat)
    flat = _BLOCK_START.sub(r"\\\1", flat)
    return _ORDERED_START.sub(r"\1\\\2", flat)


def strong(text: str) -> str:
    """Bold text whose own asterisks cannot close the emphasis early."""
    safe = inline(text).replace("*", r"\*")
    return f"**{safe}**" if safe else ""


def code(text: str) -> str:
    """An inline code span that survives backticks in the value."""
    flat = " ".join(text.split())
    if not flat:
        return "``"
    if "`" not in flat:
        return f"`{flat}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", flat)) + 1)
    return f"{fence} {flat} {fence}"


def quoted(text: str) -> str:
    """A citation quote on one line, in quotation marks (verbatim but for whitespace)."""
    return f'"{" ".join(text.split())}"'


def sentence(text: str) -> str:
    """Text as one sentence: flattened, with a final full stop when it has none."""
    flat = inline(text)
    if flat and flat[-1] not in ".!?:;":
        flat += "."
    return flat
