"""What a user enters in a form about the company, laid over what was read.

Each field given replaces the read value and its facts, and is recorded as a fact
from the form: the evidence is the value as entered, since there is no text to quote.
"""

from __future__ import annotations

from advisor.schemas import CompanyProfile, Fact, ProfileOverrides

_QUESTION_FIELDS = {
    "goals": "No goal was stated",
    "horizon_months": "No deadline was stated",
    "stage": "Where the company stands",
    "data_maturity": "How ready the data is",
    "systems": "No system was named",
    "employees": "The head count",
}


def _entries(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def apply_form(profile: CompanyProfile, overrides: ProfileOverrides) -> CompanyProfile:
    """The profile with the form's fields in place of what was read."""
    given = overrides.model_dump(exclude_none=True)
    if not given:
        return profile
    facts = [f for f in profile.facts if f.field not in given]
    update: dict[str, object] = {}
    for name, value in given.items():
        entries = _entries(value)
        update[name] = entries if isinstance(value, list) else value
        facts += [Fact(field=name, value=e[:300], evidence=e[:300], source="form") for e in entries]
    answered = [_QUESTION_FIELDS[n] for n in given if n in _QUESTION_FIELDS]
    update["open_questions"] = [
        q for q in profile.open_questions if not any(q.startswith(a) for a in answered)
    ]
    update["facts"] = facts[:60]
    return profile.model_copy(update=update)
