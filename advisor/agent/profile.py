"""The company profile of a roadmap, held to the description it came from.

The company layer's reading, verified fact by fact, is the profile. A model's own
reading of the company is untrusted like the rest of its output: where it fills a
gap with words the description states verbatim, that becomes a fact with those
words as evidence; anything else it asserts is not taken, and each disagreement
is named in the roadmap's warnings.
"""

from __future__ import annotations

from advisor.grounding import is_verbatim
from advisor.schemas import CompanyProfile, Fact

_TEXT_FIELDS = ("name", "industry", "summary")


def settle_profile(
    drafted: CompanyProfile, verified: CompanyProfile, description: str
) -> tuple[CompanyProfile, list[str]]:
    """The verified profile, with gaps filled from the drafted one where the description
    states the drafted value verbatim; returns the profile and one note per change."""
    if drafted == verified:
        return verified, []
    update: dict[str, object] = {}
    facts = list(verified.facts)
    notes: list[str] = []
    for name in _TEXT_FIELDS:
        mine, theirs = getattr(verified, name), getattr(drafted, name)
        if not theirs or theirs == mine:
            continue
        if mine:
            if not is_verbatim(str(theirs), description):
                notes.append(f"{name} {theirs!r} is not in the description; kept {mine!r}")
            continue
        if is_verbatim(str(theirs), description):
            update[name] = theirs
            facts.append(Fact(field=name, value=str(theirs)[:300], evidence=str(theirs)[:300]))
        else:
            notes.append(f"{name} {theirs!r} is not in the description; dropped")
    if drafted.employees is not None and drafted.employees != verified.employees:
        stated = f"{drafted.employees:,}" if drafted.employees >= 1000 else str(drafted.employees)
        said = next((s for s in (stated, str(drafted.employees)) if s in description), None)
        if verified.employees is None and said:
            update["employees"] = drafted.employees
            facts.append(Fact(field="employees", value=str(drafted.employees), evidence=said))
        elif verified.employees is None or not said:
            notes.append(f"head count {drafted.employees} is not in the description; replaced")
    if not verified.goals:
        goals = [g for g in drafted.goals if is_verbatim(g, description)]
        if goals:
            update["goals"] = goals[:8]
            facts += [Fact(field="goals", value=g[:300], evidence=g[:300]) for g in goals[:8]]
    update["facts"] = facts[:60]
    return verified.model_copy(update=update), notes
