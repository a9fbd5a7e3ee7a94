"""What a description says beyond its named facts: the sector, how ready the data is,
where the data lives, the cloud it runs on; and the signals the plan rules key on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.company import lexicon as lx
from advisor.company.goals import goal_from_work
from advisor.company.text import Sentence
from advisor.company.wordlists import WordTable
from advisor.schemas import DataMaturity


@dataclass(frozen=True)
class Signals:
    """What the plan rules key on, read with the profile."""

    regulated: tuple[str, ...] = ()  # regulations as written
    privacy: bool = False  # personal or confidential data is involved
    budget_tight: bool = False
    skills_thin: bool = False
    no_data_team: bool = False
    data_sources: tuple[str, ...] = ()  # generic sources: spreadsheets, legacy ERP, paper
    cloud: str | None = None
    residency: str | None = None  # the words that keep data in place
    works_council: str | None = None
    tender: str | None = None
    deadline: str | None = None  # the event the plan must meet, as written


INDUSTRY = WordTable(lx.INDUSTRIES)
_MATURITY = WordTable(
    {"low": lx.MATURITY_LOW, "medium": lx.MATURITY_MEDIUM, "high": lx.MATURITY_HIGH}
)
_SOURCES = WordTable(lx.SYSTEMS)
_CLOUDS = WordTable(lx.CLOUDS)
PRIVACY = WordTable({"privacy": lx.PRIVACY})


def first_keyword(
    sentences: Sequence[Sentence], table: WordTable
) -> tuple[str, Sentence, int, int] | None:
    for sentence in sentences:
        hit = table.first(sentence.text)
        if hit:
            return hit[0], sentence, hit[1], hit[2]
    return None


def read_maturity(sentences: Sequence[Sentence]) -> tuple[DataMaturity, Sentence, int, int] | None:
    """Data maturity by the distinct signals of each level ('no data team' counts
    twice for low, and its words do not count for the others)."""
    words: dict[str, set[str]] = {"low": set(), "medium": set(), "high": set()}
    first: dict[str, tuple[Sentence, int, int]] = {}
    negations = 0
    for sentence in sentences:
        text = sentence.text
        for m in lx.NO_DATA_TEAM.finditer(text):
            negations += 1
            first.setdefault("low", (sentence, m.start(), m.end()))
        masked = lx.NO_DATA_TEAM.sub(lambda m: " " * len(m.group(0)), text)
        for found, word, start, end in _MATURITY.finditer(masked):
            words[found].add(word)
            first.setdefault(found, (sentence, start, end))
    low = len(words["low"]) + 2 * negations
    medium, high = len(words["medium"]), len(words["high"])
    if high and high >= low:
        level: DataMaturity = "high"
    elif medium and medium >= low:
        level = "medium"
    elif low:
        level = "low"
    else:
        return None
    return (level, *first[level])


_DANGLING = re.compile(r"\b(?:to|of|for|in|on|with|at|by|from|the|a|an|and|or)\W*$", re.I)


def whole_sentence(sentence: str) -> bool:
    """A sentence that can stand as a summary: not a fragment of a line cut short."""
    return (
        sentence[:1].isupper()
        and sentence.count("(") == sentence.count(")")
        and sentence.count('"') % 2 == 0
        and not _DANGLING.search(sentence)
    )


def work_context(sentences: Sequence[Sentence]) -> str:
    """The sentences about work under way, which tell what kind of use case a goal like
    'raise adoption of the recommendations' is about."""
    found = goal_from_work(sentences)
    return found.sentence.text if found else ""


def data_sources(text: str) -> list[str]:
    """Generic places the data lives ('spreadsheets', 'legacy ERP', 'paper records')."""
    found: dict[str, int] = {}
    for name, _, start, _ in _SOURCES.finditer(text):
        if name in found:
            continue
        legacy = re.search(
            r"\b(?:legacy|old|outdated|ageing|aging)\s+(?:\w+\s+){0,2}$",
            text[max(0, start - 40) : start],
            re.I,
        )
        found[f"legacy {name}" if legacy else name] = start
    return sorted(found, key=found.__getitem__)


def cloud_of(text: str) -> str | None:
    clouds = {name for name, _, _, _ in _CLOUDS.finditer(text)}
    if len(clouds) > 1:
        return "hybrid"
    return next(iter(clouds)) if clouds else None
