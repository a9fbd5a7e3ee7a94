"""Readiness read from a company's own words: per dimension a score and the facts
that prove it, or no score when the text says nothing about that dimension.

The score is never guessed: every score has at least one fact behind it, each fact
quoting the text it was read from, and a dimension without facts stays None (the assessment
turns it into an open question). When the words disagree, the weakest wins: a
warehouse does not make spreadsheet data ready, one gap holds a pilot back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from advisor.company.profile import CompanyReading
from advisor.company.readiness_cues import CUES
from advisor.company.text import Sentence, clean_sentences, excerpt
from advisor.grounding import normalize
from advisor.schemas import (
    DIMENSIONS,
    Citation,
    DimensionScore,
    Fact,
    FactSource,
    ReadinessDimension,
    ReadinessLevel,
    ReadinessSummary,
)

MAX_EVIDENCE_PER_DIMENSION = 4
LEVELS: dict[int, ReadinessLevel] = {0: "not_ready", 1: "weak", 2: "developing", 3: "ready"}
_MATURITY_SCORE = {"low": 1, "medium": 2, "high": 3}
# Three stated goals or more: the playbook's "too many projects at once".
MANY_GOALS = 3
_NEGATED = re.compile(
    r"\b(?:no|not|without|never|lack(?:s|ing)?|missing|zero)\b(?:\s+[\w-]+){0,2}\s*$"
    r"|n't(?:\s+[\w-]+){0,3}\s*$",
    re.I,
)
# (dimension, score, label, the fact that proves it)
_Add = Callable[[ReadinessDimension, int, str, Fact], None]


@dataclass(frozen=True)
class Finding:
    """One thing the text shows about a dimension: our label and the fact quoting it."""

    score: int
    label: str
    fact: Fact


@dataclass
class DimensionReading:
    dimension: ReadinessDimension
    findings: list[Finding] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        scores = [f.score for f in self.findings]
        if not scores:
            return None
        low = [s for s in scores if s <= 1]
        return min(low) if low else max(scores)

    @property
    def level(self) -> ReadinessLevel:
        score = self.score
        return "unknown" if score is None else LEVELS[score]

    @property
    def evidence(self) -> list[Fact]:
        return [f.fact for f in self.findings]

    @property
    def gaps(self) -> list[Finding]:
        return [f for f in self.findings if f.score <= 1]

    @property
    def strengths(self) -> list[Finding]:
        return [f for f in self.findings if f.score >= 2]

    def scored(
        self,
        gaps: Sequence[str] = (),
        recommendations: Sequence[str] = (),
        citations: Sequence[Citation] = (),
    ) -> DimensionScore:
        """The dimension as output: score, level and evidence are this reading's,
        whatever was written around them."""
        return DimensionScore(
            dimension=self.dimension,
            score=self.score,
            level=self.level,
            evidence=self.evidence,
            gaps=list(gaps),
            recommendations=list(recommendations),
            citations=list(citations),
        )


_CLAUSE_END = re.compile(
    r"[,;:()\u2013\u2014]|\s-\s|\bbut\b|\band\b(?= (?:we|our|the|it|they|i)\b)"
)
MIN_CLAUSE = 24


def _clause(sentence: Sentence, start: int, end: int, text: str) -> str:
    """The clause of the sentence that holds the match: the words that prove the
    finding, not the whole sentence around them (the sentence when the clause is short)."""
    said = sentence.text
    lo = max((m.end() for m in _CLAUSE_END.finditer(said, 0, start)), default=0)
    hi = next((m.start() for m in _CLAUSE_END.finditer(said, end)), len(said))
    clause = normalize(said[lo:hi]).strip(" .")
    if len(clause) < MIN_CLAUSE or not clause:
        return excerpt(sentence, sentence.start + start, sentence.start + end, text)
    return clause[:300]


def level_of(score: float | None) -> ReadinessLevel:
    if score is None:
        return "unknown"
    return LEVELS[min(3, max(0, int(score + 0.5)))]


def read_readiness(
    text: str, reading: CompanyReading, messages: str = ""
) -> list[DimensionReading]:
    """The eight dimensions in order, each with what the description, and the chat
    messages that revised it, show about it. A finding keeps the source it quotes."""
    found: dict[ReadinessDimension, DimensionReading] = {d: DimensionReading(d) for d in DIMENSIONS}

    def add(dimension: ReadinessDimension, score: int, label: str, fact: Fact) -> None:
        dim = found[dimension]
        if len(dim.findings) >= MAX_EVIDENCE_PER_DIMENSION:
            return
        if any(f.fact.evidence == fact.evidence and f.label == label for f in dim.findings):
            return
        kept = fact.model_copy(update={"field": dimension, "value": label})
        dim.findings.append(Finding(score, label, kept))

    _read_cues(text, "description", add)
    if messages:
        _read_cues(messages, "message", add)
    _from_profile(reading, add)
    for dim in found.values():
        # The weakest finding first: it sets the score and leads the evidence.
        dim.findings.sort(key=lambda f: f.score)
    return [found[d] for d in DIMENSIONS]


def _read_cues(text: str, source: FactSource, add: _Add) -> None:
    for sentence in clean_sentences(text):
        for cue in CUES:
            match = cue.pattern.search(sentence.text)
            if match is None:
                continue
            before = sentence.text[max(0, match.start() - 30) : match.start()]
            if cue.score >= 2 and _NEGATED.search(before):
                # "we have no AI policy": the words of a strength, said of its absence.
                continue
            said = _clause(sentence, match.start(), match.end(), text)
            fact = Fact(field=cue.dimension, value=cue.label, evidence=said, source=source)
            add(cue.dimension, cue.score, cue.label, fact)


def _from_profile(reading: CompanyReading, add: _Add) -> None:
    """What the company reading already proved, with the same facts behind it."""
    profile = reading.profile
    facts = {f.field: f for f in reversed(profile.facts)}
    maturity = facts.get("data_maturity")
    if maturity and profile.data_maturity in _MATURITY_SCORE:
        label = f"what was said reads as {profile.data_maturity} data maturity"
        add("data_readiness", _MATURITY_SCORE[profile.data_maturity], label, maturity)
    stage = facts.get("stage")
    if stage is not None:
        if profile.stage == "pilot_stalled":
            add(
                "business_alignment",
                1,
                "the pilot stalled before it showed value in production",
                stage,
            )
        elif profile.stage == "in_production":
            add("integration", 2, "AI already runs in production", stage)
            add("infrastructure", 2, "AI already runs in production", stage)
    goals = [f for f in profile.facts if f.field == "goals"]
    if goals:
        add("business_alignment", 2, "a business goal is stated", goals[0])
    if len(goals) >= MANY_GOALS:
        add("focus", 1, f"{len(goals)} goals are pursued together", goals[-1])


def readiness_summary(dimensions: Sequence[DimensionReading]) -> ReadinessSummary:
    """The overall score (the mean of the known scores), its level and the weak ones."""
    known = [d.score for d in dimensions if d.score is not None]
    overall = round(sum(known) / len(known), 1) if known else None
    return ReadinessSummary(
        overall=overall,
        level=level_of(overall),
        scores={d.dimension: d.score for d in dimensions},
        weak=[d.dimension for d in weakest(dimensions, limit=len(dimensions))],
    )


def weakest(dimensions: Sequence[DimensionReading], limit: int = 3) -> list[DimensionReading]:
    """The dimensions scored 0 or 1, weakest first (ties in the playbook's order)."""
    weak = [d for d in dimensions if d.score is not None and d.score <= 1]
    return sorted(weak, key=lambda d: d.score or 0)[:limit]
