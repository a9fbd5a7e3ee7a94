"""The company section of a roadmap document: who the company is, where it stands, the
plan's horizon and where it came from, what was read (with the user's own words) and
what the plan had to assume.

Pure functions of the schema models, standard library only. The user's words (name,
industry, facts, evidence, systems, regulations, open questions) are shown verbatim but
Markdown-escaped, so a ``|`` cannot split a table cell and ``<script>`` shows as text.
Head counts are printed with thousands separators (1,200 employees).
"""

from __future__ import annotations

from advisor.render.mdtext import escaped, inline, sentence
from advisor.schemas import PhasePlan, Roadmap

__all__ = [
    "STAGE_WORDS",
    "company_name",
    "company_section",
    "field_label",
    "field_value",
    "stage_words",
]

STAGE_WORDS = {
    "exploring": "Exploring",
    "pilot_planned": "Pilot planned",
    "pilot_running": "Pilot running",
    "pilot_stalled": "Pilot stalled",
    "pilot_done": "Pilot finished",
    "in_production": "In production",
    "unknown": "Not stated",
}
_MATURITY = {
    "low": "low data maturity",
    "medium": "medium data maturity",
    "high": "high data maturity",
}
_FIELDS = {
    "name": "Company name",
    "industry": "Industry",
    "employees": "Employees",
    "summary": "Summary",
    "goals": "Goal",
    "goal": "Goal",
    "constraints": "Constraint",
    "constraint": "Constraint",
    "data_maturity": "Data maturity",
    "stage": "Stage",
    "horizon_months": "Horizon",
    "horizon": "Horizon",
    "regulations": "Regulation",
    "regulation": "Regulation",
    "systems": "System",
    "system": "System",
    "budget": "Budget",
    "skills": "Skills",
    "workforce": "Workforce",
}
_HORIZON_FIELDS = ("horizon_months", "horizon")
_HEADCOUNT_FIELDS = ("employees", "headcount", "head_count")
_FROM = {"message": " (from the conversation)", "form": " (entered in the form)"}


def stage_words(stage: str) -> str:
    """A stage in plain words: ``pilot_done`` -> ``Pilot finished``."""
    return STAGE_WORDS.get(stage) or stage.replace("_", " ").capitalize()


def company_name(text: str | None) -> str:
    """A company's name or industry as the user wrote it, safe in a heading or sentence:
    flattened, leading block markers dropped, and raw HTML, links and emphasis escaped
    (a company called ``<script>`` shows as text)."""
    return escaped(inline(text or ""))


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _profile(roadmap: Roadmap) -> list[str]:
    """A short paragraph: who the company is, its size, data maturity, goals, constraints."""
    company = roadmap.company
    subject = company_name(company.name) or "The company"
    industry = company_name(company.industry)
    maturity = _MATURITY.get(company.data_maturity)
    sentences: list[str] = []
    if company.summary.strip():
        # The summary already says who the company is: add the facts as a compact list.
        sentences.append(sentence(company.summary))
        facts = []
        if industry:
            facts.append(f"industry {industry}")
        if company.employees:
            facts.append(f"about {company.employees:,} employees")
        facts.append(maturity or "data maturity not yet known")
        sentences.append(f"Profile: {', '.join(facts)}.")
    else:
        desc = f"{_a(industry)} {industry} company" if industry else "a company"
        if company.employees:
            desc += f" of about {company.employees:,} employees"
        tail = f" with {maturity}." if maturity else "; its data maturity is not yet known."
        sentences.append(f"{subject} is {desc}{tail}")
    goals = [g for g in (inline(x) for x in company.goals) if g]
    if goals:
        sentences.append(f"Goals: {'; '.join(goals)}.")
    constraints = [c for c in (inline(x) for x in company.constraints) if c]
    if constraints:
        sentences.append(f"Constraints: {'; '.join(constraints)}.")
    return [" ".join(sentences), ""]


def _span(phases: list[PhasePlan]) -> str:
    """'in 5 phases, from month 0 to month 12', naming the phases already done."""
    ahead = [p for p in phases if p.status != "done"]
    done = len(phases) - len(ahead)
    if not phases:
        return "."
    if not ahead:
        return f": all {len(phases)} phases already done."
    first, last = ahead[0].start_month, ahead[-1].end_month
    count = f"{len(ahead)} phase{'' if len(ahead) == 1 else 's'}"
    words = f" in {count}, from month {first} to month {last}"
    if done:
        words += f"; {done} {'phase' if done == 1 else 'phases'} already done"
    return words + "."


def _horizon_source(roadmap: Roadmap) -> str:
    """Where the horizon came from: the text (with its words), the form, the request or
    the default."""
    company = roadmap.company
    asked = company.horizon_months
    fact = next((f for f in company.facts if f.field in _HORIZON_FIELDS), None)
    if asked is not None and asked == roadmap.horizon_months:
        if fact is None or fact.source == "description":
            where = "the description"
        elif fact.source == "message":
            where = "the conversation"
        else:
            return "Source: entered in the form."
        if fact is not None and fact.evidence.strip():
            return f'Source: {where} ("{escaped(fact.evidence)}").'
        return f"Source: {where}."
    if asked is not None:
        return f"Source: set for this plan (the description asks for {asked} months)."
    if roadmap.horizon_months == 12:
        return "Source: the default (the description names no horizon)."
    return "Source: set for this plan (the description names no horizon)."


def _names(items: list[str]) -> str:
    return "; ".join(n for n in (escaped(i) for i in items) if n)


def _key_facts(roadmap: Roadmap) -> list[str]:
    """Stage, horizon (and its source), named systems and regulations as a short list."""
    company = roadmap.company
    rows = [
        f"- **Stage:** {stage_words(company.stage)}",
        f"- **Horizon:** {roadmap.horizon_months} months{_span(roadmap.phases)} "
        f"{_horizon_source(roadmap)}",
    ]
    if systems := _names(company.systems):
        rows.append(f"- **Systems:** {systems}")
    if regulations := _names(company.regulations):
        rows.append(f"- **Regulations:** {regulations}")
    return [*rows, ""]


def field_label(field: str) -> str:
    """A profile field in words (``horizon_months`` -> ``Horizon``), escaped when unknown."""
    key = field.strip().lower()
    return _FIELDS.get(key) or escaped(key.replace("_", " ").capitalize()) or "Other"


def field_value(field: str, value: str) -> str:
    """A field's value as shown: stages in words, horizons in months, head counts with
    thousands separators (``1200`` -> ``1,200``); anything else escaped verbatim."""
    key = field.strip().lower()
    flat = " ".join(value.split())
    if key == "stage" and flat in STAGE_WORDS:
        return stage_words(flat)
    if key in _HORIZON_FIELDS and flat.isdigit():
        return f"{flat} months"
    if key in _HEADCOUNT_FIELDS and flat.isdigit():
        return f"{int(flat):,}"
    return escaped(flat)


def _facts_table(roadmap: Roadmap) -> list[str]:
    """'What we read': one row per fact, its evidence quoted in the user's own words."""
    facts = roadmap.company.facts
    if not facts:
        return []
    lines = [
        "## What we read",
        "",
        "| Field | Value | Evidence |",
        "| --- | --- | --- |",
    ]
    for fact in facts:
        evidence = f'"{escaped(fact.evidence)}"{_FROM.get(fact.source, "")}'
        lines.append(
            f"| {field_label(fact.field)} | {field_value(fact.field, fact.value)} | {evidence} |"
        )
    return [*lines, ""]


def _open_questions(roadmap: Roadmap) -> list[str]:
    rows = [q for q in (escaped(x) for x in roadmap.company.open_questions) if q]
    if not rows:
        return []
    return [
        "## Open questions",
        "",
        "The description did not say these, so the plan assumes them; answer them to sharpen it.",
        "",
        *(f"- {r}" for r in rows),
        "",
    ]


def company_section(roadmap: Roadmap) -> list[str]:
    """The lines between the title and the use cases."""
    return [
        *_profile(roadmap),
        *_key_facts(roadmap),
        *_facts_table(roadmap),
        *_open_questions(roadmap),
    ]
