"""A drafted company profile is held to the description it came from."""

from __future__ import annotations

from advisor.agent.profile import settle_profile
from advisor.company import read_company
from advisor.grounding import is_verbatim
from advisor.schemas import CompanyProfile

DESCRIPTION = (
    "Northwind Freight is a 1,200-person logistics company in Rotterdam. We want to "
    "automate customer support tickets. Shipment data sits in Excel spreadsheets and we "
    "have no data team. Everything must comply with GDPR."
)


def test_invented_facts_are_not_taken_and_are_named() -> None:
    verified = read_company(DESCRIPTION).profile
    drafted = CompanyProfile(
        name="Pilot Development and Validation", industry="aerospace", employees=50
    )
    profile, notes = settle_profile(drafted, verified, DESCRIPTION)
    assert profile.name == "Northwind Freight"
    assert profile.industry == "logistics"
    assert profile.employees == 1200
    assert len(notes) == 3 and "'Pilot Development and Validation'" in notes[0]


def test_gaps_are_filled_only_with_stated_words_and_get_a_fact() -> None:
    text = "We run eleven bakeries with 1,200 staff and want to forecast demand."
    verified = read_company(text).profile
    assert verified.name is None
    drafted = CompanyProfile(name="eleven bakeries", summary="A bakery chain.")
    profile, notes = settle_profile(drafted, verified, text)
    assert profile.name == "eleven bakeries"
    assert any(f.field == "name" and is_verbatim(f.evidence, text) for f in profile.facts)
    assert profile.summary == verified.summary
    assert any("summary" in n for n in notes)


def test_the_same_profile_is_returned_as_it_is() -> None:
    verified = read_company(DESCRIPTION).profile
    assert settle_profile(verified, verified, DESCRIPTION) == (verified, [])


def test_model_facts_fill_gaps_only_when_their_evidence_verifies() -> None:
    text = "Acme Ltd is a retailer. Stock levels are tracked in a tool called Stockwise."
    verified = read_company(text).profile
    drafted = CompanyProfile(
        systems=["Stockwise", "Oracle Retail"],
        regulations=["GDPR"],
        facts=[
            {"field": "systems", "value": "Stockwise", "evidence": "a tool called Stockwise"},
            {"field": "regulations", "value": "GDPR", "evidence": "we must follow GDPR"},
        ],
    )
    profile, notes = settle_profile(drafted, verified, text)
    assert "Stockwise" in profile.systems
    assert "Oracle Retail" not in profile.systems and profile.regulations == []
    fact = next(f for f in profile.facts if f.value == "Stockwise")
    assert is_verbatim(fact.evidence, text)
    assert any("'GDPR'" in n for n in notes) and any("Oracle Retail" in n for n in notes)
