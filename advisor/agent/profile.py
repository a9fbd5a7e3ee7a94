"""The company profile of a roadmap, held to the description it came from.

A model's profile is untrusted like the rest of its output: a company name or head
count that the description never states is invented, and an empty field the rules
can read off the description is a gap. Both are settled from the rule-based
extraction, and each change is named in the roadmap's warnings.
"""

from __future__ import annotations

import re

from advisor.schemas import CompanyProfile


def _stated(text: str | None, description: str) -> bool:
    return bool(text) and " ".join(str(text).lower().split()) in " ".join(
        description.lower().split()
    )


def _head_count_stated(employees: int, description: str) -> bool:
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", description)}
    return employees in numbers


def reconcile_profile(
    drafted: CompanyProfile, extracted: CompanyProfile, description: str
) -> tuple[CompanyProfile, list[str]]:
    """The drafted profile with invented facts replaced and gaps filled from what the
    rules extracted; returns the profile and one note per change."""
    update: dict[str, object] = {}
    notes: list[str] = []
    if drafted.name and not _stated(drafted.name, description):
        update["name"] = extracted.name
        notes.append(f"company name {drafted.name!r} is not in the description; replaced")
    elif not drafted.name and extracted.name:
        update["name"] = extracted.name
    if drafted.industry and extracted.industry and not _stated(drafted.industry, description):
        if drafted.industry.lower() != extracted.industry.lower():
            update["industry"] = extracted.industry
            notes.append(
                f"industry {drafted.industry!r} is not in the description; "
                f"{extracted.industry!r} is"
            )
    elif not drafted.industry and extracted.industry:
        update["industry"] = extracted.industry
    if drafted.employees is not None and not _head_count_stated(drafted.employees, description):
        update["employees"] = extracted.employees
        notes.append(f"head count {drafted.employees} is not in the description; replaced")
    elif drafted.employees is None and extracted.employees is not None:
        update["employees"] = extracted.employees
    if drafted.data_maturity == "unknown" and extracted.data_maturity != "unknown":
        update["data_maturity"] = extracted.data_maturity
    for field in ("summary", "goals", "constraints"):
        if not getattr(drafted, field) and getattr(extracted, field):
            update[field] = getattr(extracted, field)
    return drafted.model_copy(update=update), notes
