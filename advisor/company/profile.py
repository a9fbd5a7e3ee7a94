"""Reading a company's description into a CompanyProfile whose every field has a fact
behind it, each fact quoting the words that state it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from advisor.company import lexicon as lx
from advisor.company.constraints import ConstraintKind, Stated, labelled, read_constraints
from advisor.company.goals import extract_goals, goal_from_pain, goal_from_work
from advisor.company.horizon import horizons
from advisor.company.kinds import GoalKind, classify_goal
from advisor.company.name import read_name
from advisor.company.named import named
from advisor.company.signals import (
    INDUSTRY,
    PRIVACY,
    Signals,
    cloud_of,
    data_sources,
    first_keyword,
    read_maturity,
    whole_sentence,
    work_context,
)
from advisor.company.size import read_head_count
from advisor.company.stage import read_stage
from advisor.company.text import Sentence, clean_sentences, excerpt
from advisor.grounding import normalize
from advisor.retrieval.embeddings import Embedder
from advisor.schemas import CompanyProfile, Fact, FactSource

_SECTOR_LINE = re.compile(r"^(?:industry|sector|business|what we do|type)\s*[:=\-–—]", re.I)
_DESCRIBES = re.compile(
    r"\b(?:is|are)\s+(?:a|an)\b|\bwe are\b|\bwe're\b|\bcompany\b|\bfirm\b|\bemploy", re.I
)


@dataclass
class CompanyReading:
    """A profile and what the plan rules need beyond it."""

    profile: CompanyProfile
    goal_kind: GoalKind | None = None  # of the first goal; None when no goal was stated
    constraint_kinds: set[ConstraintKind] = field(default_factory=set)
    signals: Signals = field(default_factory=Signals)
    horizon_conflict: tuple[int, ...] = ()


class _Facts:
    """Collects facts, each quoting the text it was read from."""

    def __init__(self, text: str, source: FactSource) -> None:
        self.text = text
        self.source = source
        self.facts: list[Fact] = []

    def add(self, name: str, value: object, sentence: Sentence, start: int, end: int) -> None:
        evidence = excerpt(sentence, sentence.start + start, sentence.start + end, self.text)
        self.facts.append(
            Fact(field=name, value=str(value)[:300], evidence=evidence, source=self.source)
        )

    def add_span(self, name: str, value: object, start: int, end: int) -> None:
        """A fact found by absolute offsets in the text (gazetteer mentions)."""
        evidence = normalize(self.text[start:end])[:300]
        if evidence:
            self.facts.append(
                Fact(field=name, value=str(value)[:300], evidence=evidence, source=self.source)
            )


def read_company(
    text: str, embedder: Embedder | None = None, source: FactSource = "description"
) -> CompanyReading:
    """Everything the text states about the company, each field proved by a fact."""
    sentences = clean_sentences(text)
    facts = _Facts(text, source)
    update: dict[str, object] = {}

    name = read_name(sentences)
    if name:
        update["name"] = name.value
        facts.add("name", name.value, name.sentence, name.start, name.end)
    size = read_head_count(sentences)
    if size:
        update["employees"] = size.value
        facts.add("employees", size.value, size.sentence, size.start, size.end)
    describing = next(
        (
            s
            for s in sentences[:3]
            if _DESCRIBES.search(s.text) and len(s.text) <= 300 and whole_sentence(s.text)
        ),
        None,
    )
    stated = [s for s in sentences if _SECTOR_LINE.match(s.text)]
    sector = first_keyword(stated, INDUSTRY)
    sector = sector or first_keyword([describing] if describing else [], INDUSTRY)
    sector = sector or first_keyword(sentences, INDUSTRY)
    if sector:
        update["industry"] = sector[0]
        facts.add("industry", sector[0], *sector[1:])
    if describing:
        update["summary"] = describing.text
        facts.add("summary", describing.text, describing, 0, len(describing.text))

    goals = extract_goals(sentences)
    if not goals:
        work = goal_from_pain(sentences) or goal_from_work(sentences)
        goals = [work] if work else []
    if goals:
        update["goals"] = [g.text for g in goals]
        for goal in goals:
            at = goal.sentence.text.find(goal.text)
            facts.add("goals", goal.text, goal.sentence, at, at + len(goal.text))
    kind = (
        classify_goal(goals[0].text, embedder, context=work_context(sentences)) if goals else None
    )

    stage = read_stage(sentences, embedder)
    if stage and stage.sentence:
        update["stage"] = stage.stage
        facts.add("stage", stage.stage, stage.sentence, stage.start, stage.end)

    clean_text = " ".join(s.text for s in sentences)
    durations = horizons(clean_text)
    months = sorted({d.months for d in durations})
    if durations:
        binding = min(durations, key=lambda d: d.months)
        update["horizon_months"] = binding.months
        where = _locate(sentences, clean_text, binding.start, binding.end)
        if where:
            facts.add("horizon_months", binding.months, *where)

    regulations, systems = _named(text, sentences, facts, name.value if name else None)
    update["regulations"] = regulations
    update["systems"] = systems

    maturity = read_maturity(sentences)
    if maturity:
        update["data_maturity"] = maturity[0]
        facts.add("data_maturity", maturity[0], *maturity[1:])

    stated_constraints = read_constraints(sentences)
    constraints = _constraints(stated_constraints, regulations, facts)
    update["constraints"] = constraints[:10]
    said = {c.kind: c.said for c in stated_constraints}
    signals = Signals(
        regulated=tuple(regulations),
        privacy=bool(regulations) or PRIVACY.any(clean_text),
        budget_tight="budget_tight" in said,
        skills_thin="skills_thin" in said or bool(lx.NO_DATA_TEAM.search(clean_text)),
        no_data_team=bool(lx.NO_DATA_TEAM.search(clean_text)),
        data_sources=tuple(data_sources(clean_text)),
        cloud=cloud_of(clean_text),
        residency=said.get("data_residency"),
        works_council=said.get("works_council"),
        tender=said.get("public_tender"),
        deadline=said.get("deadline_event"),
    )
    profile = CompanyProfile.model_validate({**update, "facts": facts.facts[:60]})
    reading = CompanyReading(
        profile=profile,
        goal_kind=kind,
        constraint_kinds={k for k, _ in _kinds(constraints)},
        signals=signals,
        horizon_conflict=tuple(months) if len(months) > 1 else (),
    )
    reading.profile = profile.model_copy(update={"open_questions": open_questions(reading)})
    return reading


def _kinds(constraints: Sequence[str]) -> list[tuple[ConstraintKind, str]]:
    from advisor.company.constraints import kind_of

    return [(k, c) for c in constraints if (k := kind_of(c)) is not None]


def _locate(
    sentences: Sequence[Sentence], joined: str, start: int, end: int
) -> tuple[Sentence, int, int] | None:
    """Map offsets in the sentences joined by spaces back to one sentence."""
    pos = 0
    for sentence in sentences:
        stop = pos + len(sentence.text)
        if pos <= start < stop + 1:
            return sentence, start - pos, min(end - pos, len(sentence.text))
        pos = stop + 1
    return None


def _named(
    text: str, sentences: Sequence[Sentence], facts: _Facts, company: str | None
) -> tuple[list[str], list[str]]:
    """Regulations and systems as written, each once, each with its fact."""
    found_regulations, found_systems = named(text, sentences, company)
    out: dict[str, list[str]] = {"regulations": [], "systems": []}
    for kind, mentions in (("regulations", found_regulations), ("systems", found_systems)):
        for mention in mentions:
            surface = normalize(mention.surface)
            if surface.lower() not in (v.lower() for v in out[kind]):
                out[kind].append(surface)
                facts.add_span(kind, surface, mention.start, mention.end)
    return out["regulations"][:12], out["systems"][:16]


def _constraints(stated: Sequence[Stated], regulations: list[str], facts: _Facts) -> list[str]:
    out: list[str] = []
    for item in stated:
        constraint = labelled(item.kind, item.said)
        out.append(constraint)
        facts.add("constraints", constraint, item.sentence, item.start, item.end)
    if regulations:
        constraint = labelled("regulation", ", ".join(regulations))
        out.append(constraint)
    return out


_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("goals", "No goal was stated: the plan suggests a first use case to confirm in discovery."),
    ("horizon_months", "No deadline was stated: the plan uses the playbook's 12 months."),
    ("stage", "Where the company stands on AI was not said: the plan starts at discovery."),
    (
        "data_maturity",
        "How ready the data is was not said: the plan checks it before anything scales.",
    ),
    ("systems", "No system was named: the plan assumes the data sources still have to be mapped."),
    ("employees", "The head count was not stated."),
)


def open_questions(reading: CompanyReading) -> list[str]:
    """What the plan had to assume because the text did not say it."""
    profile = reading.profile
    out: list[str] = []
    for name, question in _QUESTIONS:
        value = getattr(profile, name)
        if value in (None, [], "unknown"):
            out.append(question)
    if reading.horizon_conflict:
        stated = ", ".join(str(m) for m in reading.horizon_conflict)
        out.append(
            f"The text states more than one horizon ({stated} months): the plan takes the "
            f"shortest, {min(reading.horizon_conflict)} months, as the binding deadline."
        )
    return out[:12]
