"""What form of answer a question asks for: a list the playbook gives, or a duration.

Shared by the agent (which retrieves a whole list when one is asked for) and the
providers (which compose for the form); imports nothing of the project but schemas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from advisor.schemas import Chunk

_ASKS_LIST = re.compile(r"\b(?:what|which|list|name|tell me|give me|walk me through)\b", re.I)
_PLURAL = re.compile(r"\b[a-z]{3,}s\b", re.I)
_GENERIC = frozenset(
    "companies organizations organisations businesses projects pilots phases things steps "
    "leaders teams months years systems models".split()
)
_TOTAL = re.compile(
    r"\b(?:whole|entire|overall|total|all(?: the)?(?: five)? phases|end to end|altogether|"
    r"full|journey)\b",
    re.I,
)
_EXTREME = re.compile(r"\b(?:longest|shortest|longer|shorter|most time|least time)\b", re.I)
_DURATION = re.compile(r"\bhow long\b|\bhow many months\b|\bduration\b|\btakes?\b|\blasts?\b", re.I)


def _singular(word: str) -> str:
    return word[:-1].lower() if word.lower().endswith("s") else word.lower()


def listed_section(question: str, chunks: Sequence[Chunk]) -> str | None:
    """The title of a retrieved playbook section that lists what the question asks for
    ('What are the common mistakes?' -> 'Common Mistakes Mid-Market Companies Should
    Avoid'), when that section has sub-sections, one per item."""
    if not _ASKS_LIST.search(question):
        return None
    nouns = [
        _singular(m.group(0))
        for m in _PLURAL.finditer(question)
        if m.group(0).lower() not in _GENERIC
    ]
    for chunk in chunks:
        root = chunk.section.split(" > ")[0]
        words = {_singular(w) for w in re.findall(r"[A-Za-z]+", root)}
        if any(noun in words for noun in nouns):
            return root
    return None


def asks_total_duration(question: str) -> bool:
    """'How many months does the whole journey take?', 'Which phase is longest?'."""
    return bool(_EXTREME.search(question)) or bool(
        _DURATION.search(question) and _TOTAL.search(question)
    )
