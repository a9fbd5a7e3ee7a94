"""A drafted company profile is held to the description it came from."""

from __future__ import annotations

from advisor.agent.profile import reconcile_profile
from advisor.llm.offline import extract_profile
from advisor.schemas import CompanyProfile

DESCRIPTION = (
    "Northwind Freight is a 1,200-person logistics company in Rotterdam. We want to "
    "automate customer support tickets. Shipment data sits in Excel spreadsheets and we "
    "have no data team. Everything must comply with GDPR."
)


def test_invented_facts_are_replaced_and_named() -> None:
    drafted = CompanyProfile(
        name="Pilot Development and Validation", industry="aerospace", employees=50
    )
    profile, notes = reconcile_profile(drafted, extract_profile(DESCRIPTION), DESCRIPTION)
    assert profile.name == "Northwind Freight"
    assert profile.industry == "logistics"
    assert profile.employees == 1200
    assert len(notes) == 3 and "'Pilot Development and Validation'" in notes[0]


def test_gaps_are_filled_and_stated_facts_kept() -> None:
    drafted = CompanyProfile(name="northwind  freight", employees=1200, goals=["Fewer tickets"])
    extracted = extract_profile(DESCRIPTION)
    profile, notes = reconcile_profile(drafted, extracted, DESCRIPTION)
    assert notes == []
    assert profile.name == "northwind  freight" and profile.employees == 1200
    assert profile.goals == ["Fewer tickets"]  # the model's own, kept
    assert profile.industry == "logistics" and profile.data_maturity == "low"
    assert profile.constraints == extracted.constraints and profile.summary


def test_an_inferred_industry_is_kept_unless_the_rules_read_another() -> None:
    text = "Acme builds garden furniture with 80 staff and wants better demand forecasts."
    drafted = CompanyProfile(industry="furniture manufacturing")
    profile, notes = reconcile_profile(drafted, extract_profile(text), text)
    assert profile.industry == "furniture manufacturing" and notes == []

    hospitals = "Acme runs three hospitals with 900 staff."
    profile, notes = reconcile_profile(
        CompanyProfile(industry="hospitality"), extract_profile(hospitals), hospitals
    )
    assert profile.industry == "healthcare" and "'hospitality'" in notes[0]
