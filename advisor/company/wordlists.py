"""Word lists matched as whole words, each list compiled once into one pattern.

One alternation per list scans the text once; matching keyword by keyword would
compile and run a pattern per word (hundreds per description).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence


class WordTable:
    """Names, each with the words and phrases that signal it."""

    def __init__(self, table: Mapping[str, Sequence[str]], hyphen_joins: bool = False) -> None:
        self._name: dict[str, str] = {}
        for name, words in table.items():
            for word in words:
                self._name.setdefault(word.lower(), name)
        alternation = "|".join(re.escape(w) for w in sorted(self._name, key=len, reverse=True))
        # With hyphen_joins, 'admission-risk' contains 'admission'; otherwise a hyphen is
        # part of the word, so 'e-commerce' never matches 'commerce'.
        edge = r"\w" if hyphen_joins else r"[\w-]"
        self._pattern = re.compile(rf"(?<!{edge})(?:{alternation})(?!{edge})", re.I)

    def finditer(self, text: str) -> Iterator[tuple[str, str, int, int]]:
        """(name, word, start, end) of each hit, in order."""
        for match in self._pattern.finditer(text):
            word = match.group(0).lower()
            # Case-insensitive matching can pair letters that lower() maps to other
            # strings ('İ' lowers to two characters): such a hit is no listed word.
            name = self._name.get(word)
            if name is not None:
                yield name, word, match.start(), match.end()

    def first(self, text: str) -> tuple[str, int, int] | None:
        for name, _, start, end in self.finditer(text):
            return name, start, end
        return None

    def distinct(self, text: str) -> dict[str, set[str]]:
        """The distinct words hit, per name."""
        out: dict[str, set[str]] = {}
        for name, word, _, _ in self.finditer(text):
            out.setdefault(name, set()).add(word)
        return out

    def any(self, text: str) -> bool:
        return self._pattern.search(text) is not None
