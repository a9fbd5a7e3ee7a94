"""Named enterprise systems and regulations in free text, in time linear in its length.

The text is split once into atoms, runs of letters and digits (one character class under a
possessive quantifier: no backtracking). The gap before an atom is a space, a joiner in a
word ("S/4HANA", "PCI-DSS"), a link that ends a word but not a phrase ("Oracle's", "W & B")
or a break (other punctuation, a newline). Phrases of at most `max_atoms` atoms are looked
up by lowercased key from each atom, and a set of key prefixes ends each extension as soon
as no entry can follow, so the work per atom is bounded. The lists: data/*.yaml (README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

_ATOM = re.compile(r"[^\W_]++")
_JOINERS = {"-": " ", "/": "/", "&": "&", "+": "+", ".": ".", "'": "'", "\u2019": "'"}
_SPACE, _JOIN, _LINK, _BREAK = 0, 1, 2, 3  # the kinds of gap before an atom
_SENTENCE_END = re.compile("[.!?;:\n\u2022]")
_MAX_EXTRA = 3  # words a vendor or category-noun pattern may take
_MAX_WORD = 40  # a longer word is never part of a pattern


@dataclass(frozen=True)
class Mention:
    name: str  # canonical name from the gazetteer, or the surface for pattern hits
    surface: str  # exactly as written: text[start:end]
    start: int
    end: int
    category: str  # systems: erp, crm, ...; regulations: sector
    region: str = ""  # regulations only


@dataclass(frozen=True)
class _Entry:
    name: str
    category: str
    region: str = ""
    vendor: str = ""
    standalone: bool = True  # vendors: whether the name alone is a mention


class _Table(NamedTuple):
    keys: dict[str, tuple[tuple[_Entry, str | None], ...]]  # key -> (entry, exact form)
    prefixes: frozenset[str]
    max_atoms: int


class _Systems(NamedTuple):
    products: _Table
    vendors: _Table
    nouns: dict[str, str]
    stop: frozenset[str]
    generic: frozenset[str]


class _Tokens:
    """The atoms of a text, with the kind and key separator of the gap before each."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _ATOM.finditer(text)]
        n = len(spans)
        self.starts, self.ends = [s for s, _ in spans], [e for _, e in spans]
        self.kinds, self.seps, self.sentence = [_SPACE] * n, [" "] * n, [False] * n
        prev = 0
        for k, (start, end) in enumerate(spans):
            gap, prev = text[prev:start], end
            if k and (gap == " " or (gap.isspace() and "\n" not in gap)):
                continue
            if k and len(gap) == 1 and gap in _JOINERS:
                poss = gap in "'\u2019" and text[start:end] in ("s", "S")
                self.kinds[k], self.seps[k] = (_LINK if poss else _JOIN), _JOINERS[gap]
            elif k and gap.strip(" ") == "&":
                self.kinds[k], self.seps[k] = _LINK, " & "
            else:
                self.kinds[k], self.seps[k] = _BREAK, ""
                self.sentence[k] = not k or _SENTENCE_END.search(gap) is not None
        self.low = [text[s:e].lower() for s, e in spans]
        self.word_last = list(range(n))  # the last atom of the word that starts at each atom
        for k in range(n - 2, -1, -1):
            if self.kinds[k + 1] == _JOIN:
                self.word_last[k] = self.word_last[k + 1]

    def atom(self, k: int) -> str:
        return self.text[self.starts[k] : self.ends[k]]

    def cased(self, i: int, j: int) -> str:
        return self.atom(i) + "".join(self.seps[k] + self.atom(k) for k in range(i + 1, j + 1))

    def word(self, k: int) -> str:
        """The word starting at atom k, or "" when it is too long to be a name."""
        end = self.ends[self.word_last[k]]
        return self.text[self.starts[k] : end] if end - self.starts[k] <= _MAX_WORD else ""


def _table(items: list[tuple[_Entry, dict[str, Any]]]) -> _Table:
    keys: dict[str, list[tuple[_Entry, str | None]]] = {}
    prefixes: set[str] = set()
    longest = 1
    for entry, raw in items:
        forced = bool(raw.get("case_sensitive", False))
        forms = [(f, forced) for f in [raw["name"], *raw.get("aliases", [])]]
        for form, exact in forms + [(f, True) for f in raw.get("exact", [])]:
            tok = _Tokens(form if isinstance(form, str) else "")
            n = len(tok.starts)
            if not n or tok.starts[0] or tok.ends[-1] != len(form) or _BREAK in tok.kinds[1:]:
                raise ValueError(f"gazetteer form {form!r} of {entry.name!r} is not a phrase")
            exact = exact or (n == 1 and form.isalpha() and form.isupper() and len(form) <= 3)
            key = ""
            for k in range(n):
                key += tok.seps[k] + tok.low[k]
                prefixes.add(key)
            keys.setdefault(key, []).append((entry, tok.cased(0, n - 1) if exact else None))
            longest = max(longest, n)
    return _Table({k: tuple(v) for k, v in keys.items()}, frozenset(prefixes), longest)


def _load(name: str) -> Any:
    path = resources.files("advisor") / "company" / "data" / name
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader


@cache
def _systems() -> _Systems:
    data = _load("systems.yaml")
    products = [
        (_Entry(str(raw["name"]), str(cat), vendor=str(raw.get("vendor", ""))), raw)
        for cat, items in data["systems"].items()
        for raw in items
    ]
    vendors = [
        (_Entry(str(v["name"]), str(v["category"]), vendor=str(v["name"]),
                standalone=bool(v.get("standalone", True))), v)
        for v in data["vendors"]
    ]  # fmt: skip
    pat = data["patterns"]
    nouns = {str(k): str(v) for k, v in pat["category_nouns"].items()}
    stop, generic = (frozenset(map(str, pat[k])) for k in ("stop_words", "generic_words"))
    return _Systems(_table(products), _table(vendors), nouns, stop, generic)


@cache
def _regulations() -> _Table:
    rows = _load("regulations.yaml")["regulations"]
    return _table([(_Entry(str(r["name"]), str(r["sector"]), str(r["region"])), r) for r in rows])


class _Scan:
    def __init__(self, text: str) -> None:
        self.t = _Tokens(text)
        self.n = len(self.t.starts)
        self.probes = 0  # look-ups in the prefix sets: the matcher's work, bounded per atom

    def longest(self, table: _Table, i: int) -> tuple[int, _Entry] | None:
        """The longest entry written from atom i on, as (its last atom, the entry)."""
        t, best, key, j = self.t, None, self.t.low[i], i
        while True:
            self.probes += 1
            if key not in table.prefixes:
                return best
            for entry, exact in table.keys.get(key, ()):
                if exact is None or exact == t.cased(i, j):
                    best = (j, entry)
                    break
            j += 1
            if j >= self.n or j - i >= table.max_atoms or t.kinds[j] == _BREAK:
                return best
            key += t.seps[j] + t.low[j]

    def mention(self, i: int, j: int, name: str | None, cat: str, region: str = "") -> Mention:
        start, end = self.t.starts[i], self.t.ends[j]
        surface = self.t.text[start:end]
        return Mention(name or " ".join(surface.split()), surface, start, end, cat, region)

    def noun_after(self, j: int, sy: _Systems) -> int:
        """j, or the next atom when it is a lone category noun ("Salesforce CRM")."""
        k, t = j + 1, self.t
        if k < self.n and t.kinds[k] == _SPACE and t.word_last[k] == k and t.word(k) in sy.nouns:
            return k
        return j

    def extend(self, j: int, vendor: _Entry, sy: _Systems) -> tuple[int, str | None, str]:
        """Grow a vendor hit ending at atom j over up to three product words after it.
        Returns the last atom, the name (None: the surface) and the category."""
        t, k = self.t, j + 1
        name: str | None = vendor.name
        end, cat = j, vendor.category
        for words in range(_MAX_EXTRA):
            word = t.word(k) if k < self.n and t.kinds[k] == _SPACE else ""
            if not any(c.isupper() or c.isdigit() for c in word) or word.lower() in sy.stop:
                break
            if t.low[k] in sy.vendors.keys or t.low[k] in _regulations().keys:
                break  # "SAP and Oracle" are two mentions, and "SAP GDPR" is no product
            product = self.longest(sy.products, k)
            if product:  # "Guidewire ClaimCenter" is one mention, named by the product
                owner, own = product[1].vendor.lower(), vendor.name.lower()
                if not words and owner and (owner == own or own.startswith(owner + " ")):
                    return self.noun_after(product[0], sy), product[1].name, product[1].category
                break
            end, k, name, cat = t.word_last[k], t.word_last[k] + 1, None, sy.nouns.get(word, cat)
        return end, name, cat

    def system_at(self, i: int, sy: _Systems) -> tuple[Mention, int] | None:
        product = self.longest(sy.products, i)
        p_end = self.noun_after(product[0], sy) if product else -1
        vendor = self.longest(sy.vendors, i)
        if vendor:
            end, name, cat = self.extend(vendor[0], vendor[1], sy)
            if end > p_end and (end > vendor[0] or vendor[1].standalone):
                return self.mention(i, end, name, cat), end
        if product:
            return self.mention(i, p_end, product[1].name, product[1].category), p_end
        return self.named_by_noun(i, sy)

    def named_by_noun(self, i: int, sy: _Systems) -> tuple[Mention, int] | None:
        """One to three capitalised words, then a category noun: "Acme ERP"."""
        t, k = self.t, i
        if t.kinds[i] in (_JOIN, _LINK) or not t.text[t.starts[i]].isupper():
            return None
        for step in range(_MAX_EXTRA + 1):
            word = t.word(k) if k < self.n and (not step or t.kinds[k] == _SPACE) else ""
            if step and word in sy.nouns:
                return self.mention(i, k, None, sy.nouns[word]), k
            low = word.lower()
            if step == _MAX_EXTRA or not word[:1].isupper() or word in sy.nouns or low in sy.stop:
                return None
            verbish = t.sentence[i] and low.endswith(("ing", "ed", "ly"))  # "Replacing ERP"
            if not step and (low in sy.generic or verbish):
                return None
            k = t.word_last[k] + 1
        return None

    def regulation_at(self, i: int, table: _Table) -> tuple[Mention, int] | None:
        hit = self.longest(table, i)
        if hit:
            return self.mention(i, hit[0], hit[1].name, hit[1].category, hit[1].region), hit[0]
        return self.iso_number(i)

    def iso_number(self, i: int) -> tuple[Mention, int] | None:
        """A standard by number that the list lacks: "ISO 22716", "ISO/IEC 17025"."""
        t, k = self.t, i + 1
        prefix = t.atom(i) if t.ends[i] - t.starts[i] == 3 else ""
        if prefix == "ISO" and k < self.n and t.seps[k] == "/" and t.atom(k) == "IEC":
            prefix, k = "ISO/IEC", k + 1
        if prefix not in ("ISO", "IEC", "ISO/IEC") or k >= self.n or t.seps[k] != " ":
            return None
        number = t.atom(k) if 3 <= t.ends[k] - t.starts[k] <= 5 else ""
        if not (number.isascii() and number.isdigit()):
            return None
        return self.mention(i, k, f"{prefix} {number}", "standard", "global"), k


def _run(text: str, regulations: bool) -> tuple[list[Mention], int]:
    """The mentions in text, and the number of prefix look-ups it took."""
    scan = _Scan(text if isinstance(text, str) else "")
    sy, table = _systems(), _regulations()
    found: list[Mention] = []
    i = 0
    while i < scan.n:
        match = scan.regulation_at(i, table) if regulations else scan.system_at(i, sy)
        if match:
            found.append(match[0])
        i = match[1] + 1 if match else i + 1
    return found, scan.probes


def find_systems(text: str) -> list[Mention]:
    """Named systems in order of appearance; no overlaps, the longest match wins."""
    return _run(text, regulations=False)[0]


def find_regulations(text: str) -> list[Mention]:
    """Regulations and standards in order of appearance; no overlaps, the longest wins."""
    return _run(text, regulations=True)[0]
