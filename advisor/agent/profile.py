"""The company profile of a roadmap, held to the description it came from.

The company layer's reading, verified fact by fact, is the profile. A model's own
reading of the company is untrusted like the rest of its output: it fills a gap only
with words the description states verbatim (its own fact's evidence, or the value
itself), and that becomes a fact with those words as evidence; anything else it
asserts is not taken, and each disagreement is named in the roadmap's warnings.
"""

from __future__ import annotations

from advisor.grounding import is_verbatim, normalize
from advisor.schemas import CompanyProfile, Fact

_TEXT_FIELDS = ("name", "industry", "summary")
_LISTS = ("goals", "systems", "regulations")


def _evidence(field: str, value: str, drafted: CompanyProfile, description: str) -> str | None:
    """Words of the description that state `value` for `field`: a drafted fact whose
    evidence verifies and names the value, else the value itself when it is verbatim."""
    for fact in drafted.facts:
        if (
            fact.field == field
            and normalize(fact.value).lower() == normalize(value).lower()
            and is_verbatim(fact.evidence, description)
            and (field != "employees" or value in fact.evidence.replace(",", ""))
        ):
            return normalize(fact.evidence)
    return normalize(value) if is_verbatim(value, description) else None


def settle_profile(
    drafted: CompanyProfile, verified: CompanyProfile, description: str
) -> tuple[CompanyProfile, list[str]]:
    """The verified profile, with gaps filled from the drafted one where the description
    states the drafted value; returns the profile and one note per change."""
    if drafted == verified:
        return verified, []
    update: dict[str, object] = {}
    facts = list(verified.facts)
    notes = [
        f"model fact {f.field}={f.value!r}: evidence is not in the description; dropped"
        for f in drafted.facts
        if not is_verbatim(f.evidence, description)
    ]
    for name in _TEXT_FIELDS:
        mine, theirs = getattr(verified, name), getattr(drafted, name)
        if not theirs or theirs == mine:
            continue
        said = _evidence(name, str(theirs), drafted, description)
        if mine:
            if said is None:
                notes.append(f"{name} {theirs!r} is not in the description; kept {mine!r}")
        elif said:
            update[name] = theirs
            facts.append(Fact(field=name, value=str(theirs)[:300], evidence=said[:300]))
        else:
            notes.append(f"{name} {theirs!r} is not in the description; dropped")
    if drafted.employees is not None and drafted.employees != verified.employees:
        written = f"{drafted.employees:,}" if drafted.employees >= 1000 else str(drafted.employees)
        said = next((s for s in (written, str(drafted.employees)) if s in description), None)
        if verified.employees is None and said:
            update["employees"] = drafted.employees
            facts.append(Fact(field="employees", value=str(drafted.employees), evidence=said))
        elif verified.employees is None or not said:
            notes.append(f"head count {drafted.employees} is not in the description; replaced")
    for name in _LISTS:
        have = list(getattr(verified, name))
        if name == "goals" and have:
            continue  # the company's own goals, as read, stay first and whole
        seen = {normalize(v).lower() for v in have}
        for value in getattr(drafted, name):
            if normalize(value).lower() in seen:
                continue
            said = _evidence(name, value, drafted, description)
            if said is None:
                notes.append(f"{name} {value!r} is not in the description; dropped")
                continue
            have.append(value)
            seen.add(normalize(value).lower())
            facts.append(Fact(field=name, value=value[:300], evidence=said[:300]))
        update[name] = have[: {"goals": 8, "systems": 16, "regulations": 12}[name]]
    update["facts"] = facts[:60]
    return verified.model_copy(update=update), notes
