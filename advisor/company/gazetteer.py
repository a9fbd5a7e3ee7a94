"""Find named enterprise systems and regulations in free text, in linear time.

The text is split once into atoms, maximal runs of letters and digits (`_ATOM`: one
character class under a possessive quantifier, so the scan never backtracks). The gap
before each atom is a space, a joiner inside a word ("S/4HANA", "PCI-DSS", "Oracle's")
or a break (any other punctuation, a newline), and breaks are never crossed. From each
atom, keys of up to `_Table.max_atoms` lowercased atoms are looked up in a dict, and a
set of key prefixes stops the extension as soon as no entry can follow, so the work per
atom is bounded by a constant. The gazetteers are YAML files in `data/` (see its
README), loaded once.

Systems are also found by two patterns: a vendor followed by up to three capitalised or
alphanumeric words ("SAP PM", "Oracle Fusion"), and one to three capitalised words before
an all-caps category noun ("Acme ERP"). Plain "ERP" or "Our CRM" names no system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_ATOM = re.compile(r"[^\W_]++")
_JOINERS = {"-": " ", "/": "/", "&": "&", "+": "+", ".": ".", "'": "'", "\u2019": "'"}
# Kinds of gap before an atom. A link ("Oracle's", "Weights & Biases") continues a key but ends a word.
_SPACE, _JOIN, _LINK, _BREAK = 0, 1, 2, 3
_SENTENCE_END = re.compile("[.!?;:\n\u2022]")
_MAX_EXTRA = 3  # words a vendor or category-noun pattern may take
_MAX_WORD = 40  # longer words are never part of a pattern
_NOUNS = {
    "ERP": "erp", "MRP": "erp", "CRM": "crm", "WMS": "wms", "TMS": "tms", "EHR": "ehr",
    "EMR": "ehr", "EPR": "ehr", "MES": "mes", "PLM": "plm", "PDM": "plm", "HRIS": "hris",
    "HCM": "hris", "ATS": "hris", "LMS": "education", "SIS": "education", "MIS": "education",
    "DMS": "dms", "ECM": "dms", "CMMS": "cmms", "EAM": "cmms", "PMS": "practice_management",
    "POS": "pos", "CMS": "cms", "QMS": "quality", "LIMS": "lims", "SCADA": "scada",
    "DCS": "scada", "HMI": "scada", "ITSM": "itsm", "CTRM": "utilities", "PIM": "ecommerce",
}  # fmt: skip
_STOP = frozenset(
    "a an the our their its his her my your this that these those we they it he she you i "
    "any no each every some all both other another such in on at by for with from to of "
    "into onto via per and or but nor so yet as if then than when while where is are was "
    "were be been has have had do does did will would can could should may might must also "
    "not using use uses used run runs running like including plus inc ltd llc plc corp "
    "corporation gmbh ag se co".split()
)
_GENERIC = frozenset(
    "new old legacy current existing custom bespoke homegrown home-grown in-house internal "
    "proprietary cloud on-prem on-premise on-premises core main central single global "
    "corporate enterprise group company modern next-gen future previous former replacement "
    "shared unified integrated standalone several multiple many various separate local "
    "regional national one two three hospital clinic clinical school university student "
    "patient finance financial sales marketing customer warehouse inventory order production "
    "manufacturing quality maintenance retail store web online mobile open-source saas "
    "operations".split()
)


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


@dataclass(frozen=True)
class _Table:
    keys: dict[str, tuple[tuple[_Entry, str | None], ...]]  # key -> (entry, exact form)
    prefixes: frozenset[str]
    max_atoms: int


class _Tokens:
    """The atoms of a text, with the kind and key separator of the gap before each."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _ATOM.finditer(text)]
        n = len(spans)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.kinds = [_SPACE] * n
        self.seps = [" "] * n
        self.sentence = [False] * n
        prev = 0
        for k, (start, end) in enumerate(spans):
            gap, prev = text[prev:start], end
            if gap == " " and k:
                continue
            if not k:
                kind, sep = _BREAK, ""
            elif len(gap) == 1 and gap in _JOINERS:
                poss = gap in "'\u2019" and text[start:end] in ("s", "S")
                kind, sep = (_LINK if poss else _JOIN), _JOINERS[gap]
            elif gap.isspace() and "\n" not in gap:
                continue
            elif gap.strip(" ") == "&":
                kind, sep = _LINK, " & "
            else:
                kind, sep = _BREAK, ""
            self.kinds[k], self.seps[k] = kind, sep
            self.sentence[k] = not k or _SENTENCE_END.search(gap) is not None
        self.low = [text[s:e].lower() for s, e in spans]
        self.word_last = list(range(n))  # last atom of the word starting at each atom
        for k in range(n - 2, -1, -1):
            if self.kinds[k + 1] == _JOIN:
                self.word_last[k] = self.word_last[k + 1]

    def atom(self, k: int) -> str:
        return self.text[self.starts[k] : self.ends[k]]

    def cased(self, i: int, j: int) -> str:
        return self.atom(i) + "".join(self.seps[k] + self.atom(k) for k in range(i + 1, j + 1))

    def word(self, k: int) -> str | None:
        """The word starting at atom k, or None when it is too long to be a name."""
        end = self.ends[self.word_last[k]]
        return self.text[self.starts[k] : end] if end - self.starts[k] <= _MAX_WORD else None


def _table(items: list[tuple[_Entry, dict[str, Any]]]) -> _Table:
    keys: dict[str, list[tuple[_Entry, str | None]]] = {}
    prefixes: set[str] = set()
    longest = 1
    for entry, raw in items:
        forced = bool(raw.get("case_sensitive", False))
        forms = [(f, forced) for f in [entry.name, *raw.get("aliases", [])]]
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
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _systems() -> tuple[_Table, _Table]:
    """(products, vendors)."""
    data = _load("systems.yaml")
    products = [
        (_Entry(str(raw["name"]), str(cat), vendor=str(raw.get("vendor", ""))), raw)
        for cat, items in data["systems"].items()
        for raw in items
    ]
    vendors = [
        (_Entry(str(raw["name"]), str(raw.get("category", "vendor")), vendor=str(raw["name"]),
                standalone=bool(raw.get("standalone", True))), raw)
        for raw in data["vendors"]
    ]  # fmt: skip
    return _table(products), _table(vendors)


@cache
def _regulations() -> _Table:
    data = _load("regulations.yaml")
    return _table(
        [
            (_Entry(str(r["name"]), str(r["sector"]), str(r["region"])), r)
            for r in data["regulations"]
        ]
    )


class _Scan:
    def __init__(self, text: str) -> None:
        self.t = _Tokens(text)
        self.n = len(self.t.starts)
        self.probes = 0  # prefix-set and dict look-ups, to show the work is bounded

    def longest(self, table: _Table, i: int) -> tuple[int, _Entry] | None:
        """The longest entry whose form starts at atom i, as (last atom, entry)."""
        t, best, key, j = self.t, None, self.t.low[i], i
        while True:
            self.probes += 1
            if key not in table.prefixes:
                break
            for entry, exact in table.keys.get(key, ()):
                if exact is None or exact == t.cased(i, j):
                    best = (j, entry)
                    break
            j += 1
            if j >= self.n or j - i >= table.max_atoms or t.kinds[j] == _BREAK:
                break
            key += t.seps[j] + t.low[j]
        return best

    def mention(self, i: int, j: int, name: str | None, category: str, region: str = "") -> Mention:
        start, end = self.t.starts[i], self.t.ends[j]
        surface = self.t.text[start:end]
        return Mention(name or " ".join(surface.split()), surface, start, end, category, region)

    def noun_after(self, j: int) -> int:
        """j, or the next atom when it is a lone category noun ("Epic EHR")."""
        k, t = j + 1, self.t
        if k < self.n and t.kinds[k] == _SPACE and t.word_last[k] == k and t.word(k) in _NOUNS:
            return k
        return j

    def extend(
        self, j: int, vendor: _Entry, tables: tuple[_Table, _Table]
    ) -> tuple[int, str | None, str]:
        """Grow a vendor hit ending at atom j over the product words after it. Returns the
        last atom, the name (None: use the surface) and the category."""
        t, end, name, category, k = self.t, j, vendor.name, vendor.category, j + 1
        products, vendors = tables
        for words in range(_MAX_EXTRA):
            if k >= self.n or t.kinds[k] != _SPACE:
                break
            word = t.word(k)
            if (
                not word
                or word.lower() in _STOP
                or not any(c.isupper() or c.isdigit() for c in word)
            ):
                break
            if t.low[k] in vendors.keys or t.low[k] in _regulations().keys:
                break  # "SAP and Oracle" is two mentions; "SAP GDPR" is no product
            product = self.longest(products, k)
            if product:  # "Guidewire ClaimCenter": one mention named by the product
                owner, own = product[1].vendor.lower(), vendor.name.lower()
                if words == 0 and owner and (owner == own or own.startswith(owner + " ")):
                    return self.noun_after(product[0]), product[1].name, product[1].category
                break
            category = _NOUNS.get(word, category)
            end, k, name = t.word_last[k], t.word_last[k] + 1, None
        return end, name, category

    def system_at(self, i: int, products: _Table, vendors: _Table) -> tuple[Mention, int] | None:
        product = self.longest(products, i)
        p_end = self.noun_after(product[0]) if product else -1
        vendor = self.longest(vendors, i)
        if vendor:
            end, name, category = self.extend(vendor[0], vendor[1], (products, vendors))
            if end > p_end and (end > vendor[0] or vendor[1].standalone):
                return self.mention(i, end, name, category), end
        if product:
            return self.mention(i, p_end, product[1].name, product[1].category), p_end
        return self.named_by_noun(i)

    def named_by_noun(self, i: int) -> tuple[Mention, int] | None:
        """1-3 capitalised words, then a category noun: "Acme ERP", "Manhattan WMS"."""
        t, k = self.t, i
        if t.kinds[i] in (_JOIN, _LINK) or not t.text[t.starts[i]].isupper():
            return None
        for step in range(_MAX_EXTRA + 1):
            if k >= self.n or (step and t.kinds[k] != _SPACE):
                return None
            word = t.word(k)
            if word is None:
                return None
            if step and word in _NOUNS:
                return self.mention(i, k, None, _NOUNS[word]), k
            low = word.lower()
            if step == _MAX_EXTRA or not word[0].isupper() or word in _NOUNS or low in _STOP:
                return None
            if step == 0 and (
                low in _GENERIC or (t.sentence[i] and low.endswith(("ing", "ed", "ly")))
            ):
                return None
            k = t.word_last[k] + 1
        return None

    def regulation_at(self, i: int) -> tuple[Mention, int] | None:
        hit = self.longest(_regulations(), i)
        if hit is None:
            return self.iso_number(i)
        j, entry = hit
        return self.mention(i, j, entry.name, entry.category, entry.region), j

    def iso_number(self, i: int) -> tuple[Mention, int] | None:
        """A standard by number that the gazetteer lacks: "ISO 22716", "ISO/IEC 17025"."""
        t, k = self.t, i + 1
        prefix = t.atom(i) if t.ends[i] - t.starts[i] <= 3 else ""
        if prefix not in ("ISO", "IEC"):
            return None
        if prefix == "ISO" and k < self.n and t.seps[k] == "/" and t.atom(k) == "IEC":
            prefix, k = "ISO/IEC", k + 1
        if k >= self.n or t.seps[k] != " " or not (3 <= t.ends[k] - t.starts[k] <= 5):
            return None
        number = t.atom(k)
        if not (number.isascii() and number.isdigit()):
            return None
        return self.mention(i, k, f"{prefix} {number}", "standard", "global"), k


def _run(text: str, regulations: bool) -> tuple[list[Mention], int]:
    scan = _Scan(text if isinstance(text, str) else "")
    found: list[Mention] = []
    i = 0
    while i < scan.n:
        match = scan.regulation_at(i) if regulations else scan.system_at(i, *_systems())
        if match:
            found.append(match[0])
            i = match[1] + 1
        else:
            i += 1
    return found, scan.probes


def find_systems(text: str) -> list[Mention]:
    """Named systems in order of appearance; no overlaps, the longest match wins."""
    return _run(text, regulations=False)[0]


def find_regulations(text: str) -> list[Mention]:
    """Regulations and standards in order of appearance; no overlaps, the longest wins."""
    return _run(text, regulations=True)[0]
