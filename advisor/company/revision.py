"""What a follow-up message changes about a company already read.

"Can we do it in 9 months?", "we already finished the pilot", "we also need to comply
with GDPR", "focus on invoice matching instead": the message is read like a
description (the same readers, facts with source "message"), and only what it states
changes; everything else known stays. Each change quotes the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.company.constraints import kind_of
from advisor.company.horizon import follow_up_horizon
from advisor.company.profile import read_company
from advisor.company.stage import read_stage
from advisor.company.text import clean_sentences
from advisor.grounding import normalize
from advisor.retrieval.embeddings import Embedder
from advisor.schemas import Change, CompanyProfile, Fact

# Asking about the plan is not changing it: "why does the pilot take 3 months?"
_ASKS_ABOUT = re.compile(
    r"^\s*(?:why|how|what(?! if)|explain|tell me|which|who|where|when|is|are|does|do|did|"
    r"should|would|will|has|have|can you|could you)\b",
    re.I,
)
# A wish to change the plan with nothing else to read ("make it shorter").
_REVISION = re.compile(
    r"\b(?:make it|instead|also (?:need|have|must|want|use|run)|actually|we already|"
    r"already (?:finished|completed|done|live|in production)|change (?:the|it|our)|switch|"
    r"revise|update (?:the|it)|adjust|extend|shorten|squeeze|can we do it|could we do it|"
    r"do it in|correction|forgot to (?:mention|say)|turns out|we now|we no longer|rather)\b",
    re.I,
)
_GOAL = re.compile(
    r"\b(?:focus(?:ing)? on|switch(?:ing)?(?: the (?:use case|goal|focus|plan))? to|"
    r"change (?:the|our) (?:goal|use case|focus) to|prioriti[sz]e|go with|target|"
    r"(?:the|our) (?:goal|use case|priority) (?:is|should be|becomes) now|"
    r"(?:the|our) (?:goal|use case|priority) (?:is|should be|becomes))\s+"
    r"(?P<goal>[^.?!;\n]{3,160}?)(?:,?\s+(?:instead|rather)\b[^.?!;\n]{0,80})?\s*(?:[.?!;\n]|$)",
    re.I,
)
_REPLACES = re.compile(r"\b(?:instead|switch|change|rather|only|no longer|not)\b", re.I)
_STAGE_WORDS = re.compile(r"\b(?:pilot|poc|proof|production|live|launched|rolled out|trial)", re.I)


@dataclass
class Revision:
    profile: CompanyProfile
    changes: list[Change] = field(default_factory=list)
    horizon_months: int | None = None  # a horizon the message asks for


def asks_about_plan(message: str) -> bool:
    return bool(_ASKS_ABOUT.search(message))


def wants_revision(message: str) -> bool:
    """Whether the message reads as a change to a plan (before any plan is known)."""
    return bool(_REVISION.search(message))


def _same(a: str, b: str) -> bool:
    return normalize(a).lower() == normalize(b).lower()


def read_changes(
    message: str, profile: CompanyProfile, embedder: Embedder | None, horizon: int | None = None
) -> Revision:
    """The profile with what the message states laid over it, and the list of changes.
    `horizon` is the current plan's, the old value of a horizon change."""
    said = read_company(message, embedder, source="message").profile
    facts = {f.field: f for f in said.facts}
    update: dict[str, object] = {}
    kept = list(profile.facts)
    added: list[Fact] = []
    changes: list[Change] = []

    def replace_scalar(name: str, value: object, fact: Fact) -> None:
        old = getattr(profile, name)
        if name == "horizon_months" and old is None:
            old = horizon
        if old == value:
            return
        update[name] = value
        kept[:] = [f for f in kept if f.field != name]
        added.append(fact)
        shown = "" if old is None or old == "unknown" else str(old)
        changes.append(Change(field=name, old=shown, new=str(value), evidence=fact.evidence))

    def add_items(name: str, values: list[str]) -> None:
        old: list[str] = list(getattr(profile, name))
        new = [v for v in values if not any(_same(v, o) for o in old)]
        if not new:
            return
        update[name] = [*old, *new][: _LIMITS[name]]
        for value in new:
            fact = next((f for f in said.facts if f.field == name and _same(f.value, value)), None)
            if fact is None:
                continue
            added.append(fact)
            changes.append(
                Change(field=name, old=", ".join(old), new=value, evidence=fact.evidence)
            )

    revision_horizon = None
    if said.horizon_months is not None and "horizon_months" in facts:
        revision_horizon = said.horizon_months
        replace_scalar("horizon_months", said.horizon_months, facts["horizon_months"])
    elif (asked := follow_up_horizon(message)) is not None:
        revision_horizon = asked.months
        evidence = _sentence_at(message, asked.start, asked.end)
        fact = Fact(
            field="horizon_months", value=str(asked.months), evidence=evidence, source="message"
        )
        replace_scalar("horizon_months", asked.months, fact)
    if said.employees is not None and "employees" in facts:
        replace_scalar("employees", said.employees, facts["employees"])
    if said.data_maturity != "unknown" and "data_maturity" in facts:
        replace_scalar("data_maturity", said.data_maturity, facts["data_maturity"])
    sentences = clean_sentences(message)
    # Only a message about the work's state is read for a stage, by cues then meaning.
    stage = read_stage(sentences, embedder) if _STAGE_WORDS.search(message) else None
    if stage is not None and stage.sentence is not None:
        evidence = normalize(stage.sentence.text)[:300]
        fact = Fact(field="stage", value=stage.stage, evidence=evidence, source="message")
        replace_scalar("stage", stage.stage, fact)
    add_items("regulations", said.regulations)
    add_items("systems", said.systems)
    # A named regulation is its own change; its "Regulation: ..." constraint repeats it.
    add_items("constraints", [c for c in said.constraints if kind_of(c) != "regulation"])
    _goal(message, profile, update, kept, added, changes)
    revised = profile.model_copy(update={**update, "facts": [*kept, *added][:60]})
    return Revision(revised, changes, revision_horizon)


def _sentence_at(text: str, start: int, end: int) -> str:
    for sentence in clean_sentences(text):
        if sentence.start <= start and end <= sentence.end:
            return normalize(sentence.text)[:300]
    return normalize(text[start:end])


_LIMITS = {"regulations": 12, "systems": 16, "constraints": 10, "goals": 8}


def _goal(
    message: str,
    profile: CompanyProfile,
    update: dict[str, object],
    kept: list[Fact],
    added: list[Fact],
    changes: list[Change],
) -> None:
    """A new goal: "focus on X instead" replaces the goals, "we also want X" adds one."""
    match = _GOAL.search(message)
    if match is None:
        return
    goal = normalize(match.group("goal")).strip(" ,")
    if len(goal) < 3 or any(_same(goal, g) for g in profile.goals):
        return
    fact = Fact(field="goals", value=goal, evidence=goal, source="message")
    replaces = bool(_REPLACES.search(message))
    old = list(profile.goals)
    update["goals"] = [goal] if replaces else [goal, *old][: _LIMITS["goals"]]
    if replaces:
        kept[:] = [f for f in kept if f.field != "goals"]
    added.append(fact)
    changes.append(Change(field="goals", old="; ".join(old), new=goal, evidence=goal))
