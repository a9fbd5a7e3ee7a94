"""Gazetteer matching: systems, regulations, case, vendor and category-noun patterns,
offsets, odd input and bounded work."""

from __future__ import annotations

import random
from importlib import resources

import pytest

from advisor.company.gazetteer import (
    Mention,
    _regulations,
    _run,
    _systems,
    _Tokens,
    find_regulations,
    find_systems,
)


def names(mentions: list[Mention]) -> list[str]:
    return [m.name for m in mentions]


def surfaces(mentions: list[Mention]) -> list[str]:
    return [m.surface for m in mentions]


def assert_well_formed(text: str, mentions: list[Mention]) -> None:
    last_end = 0
    for m in mentions:
        assert m.surface == text[m.start : m.end]
        assert m.start >= last_end, "mentions overlap or are out of order"
        last_end = m.end


# --- the data files ---------------------------------------------------------------------


def test_data_ships_with_the_package_and_loads() -> None:
    data = resources.files("advisor") / "company" / "data"
    assert (data / "systems.yaml").is_file() and (data / "regulations.yaml").is_file()
    entries = {e.name for hits in _systems().products.keys.values() for e, _ in hits}
    assert len(entries) >= 300
    assert len({e.name for hits in _regulations().keys.values() for e, _ in hits}) >= 150


def test_no_key_belongs_to_two_entries() -> None:
    sy = _systems()
    for table in (sy.products, sy.vendors, _regulations()):
        for key, hits in table.keys.items():
            assert len({e.name for e, _ in hits}) == 1, key


def test_categories_cover_the_enterprise_landscape() -> None:
    categories = {e.category for hits in _systems().products.keys.values() for e, _ in hits}
    for cat in (
        "erp crm helpdesk contact_centre ehr practice_management insurance_core core_banking "
        "payments tms wms supply_chain mes plm cmms historian scada hris payroll accounting "
        "ecommerce cms dms legal education data_platform bi spreadsheets collaboration cloud "
        "itsm marketing field_service pos property_management hotel_pms"
    ).split():
        assert cat in categories


# --- systems ----------------------------------------------------------------------------


def test_sentence_with_several_systems() -> None:
    text = (
        "We run SAP S/4HANA for finance, Salesforce for sales and ServiceNow for IT, "
        "with reporting in Power BI on Snowflake."
    )
    found = find_systems(text)
    assert names(found) == [
        "SAP S/4HANA",
        "Salesforce",
        "ServiceNow",
        "Microsoft Power BI",
        "Snowflake",
    ]
    assert [m.category for m in found] == ["erp", "crm", "itsm", "bi", "data_platform"]
    assert_well_formed(text, found)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("S/4HANA", "SAP S/4HANA"),
        ("S4HANA", "SAP S/4HANA"),
        ("SAP S/4 HANA", "SAP S/4HANA"),
        ("Dynamics 365", "Microsoft Dynamics 365"),
        ("D365", "Microsoft Dynamics 365"),
        ("Netsuite", "Oracle NetSuite"),
        ("netsuite", "Oracle NetSuite"),
        ("JD Edwards", "Oracle JD Edwards"),
        ("Microsoft Dynamics NAV", "Microsoft Dynamics NAV"),
        ("Guidewire PolicyCenter", "Guidewire PolicyCenter"),
        ("OSIsoft PI", "OSIsoft PI"),
        ("Siemens MindSphere", "Siemens MindSphere"),
        ("Ellucian Banner", "Ellucian Banner"),
        ("iManage", "iManage"),
        ("Aderant", "Aderant"),
        ("Google Sheets", "Google Sheets"),
        ("Microsoft 365", "Microsoft 365"),
        ("Google Cloud", "Google Cloud"),
        ("Jira", "Jira"),
        ("Marketo", "Adobe Marketo Engage"),
        ("Oracle OPERA", "Oracle OPERA"),
        ("Weights & Biases", "Weights & Biases"),
        ("Körber WMS", "Korber WMS"),
    ],
)
def test_aliases_map_to_the_canonical_name(written: str, canonical: str) -> None:
    text = f"Today the team relies on {written} every day."
    found = find_systems(text)
    assert names(found) == [canonical]
    assert found[0].surface == written


def test_hyphen_and_curly_apostrophe_match_their_plain_forms() -> None:
    assert names(find_systems("Our S4-HANA rollout")) == ["SAP S/4HANA"]
    assert names(find_systems("Donors live in Raiser’s Edge.")) == ["Blackbaud Raiser's Edge"]


@pytest.mark.parametrize(
    ("plain", "named", "canonical"),
    [
        ("Moving off paper was an epic effort.", "Clinicians chart in Epic.", "Epic"),
        ("We cut some slack for new joiners.", "Alerts go to Slack.", "Slack"),
        ("Totes are made of canvas.", "Courses live in Canvas.", "Canvas LMS"),
        ("That was sage advice.", "The books are kept in Sage.", "Sage"),
        ("She sings opera at weekends.", "Front desk staff use Opera.", "Oracle OPERA"),
        ("We estimate pi to two places.", "Sensor tags are stored in PI.", "OSIsoft PI"),
        ("Our teams meet weekly.", "Calls happen on Microsoft Teams.", "Microsoft Teams"),
        ("Staff excel at service.", "Forecasts are built in Excel.", "Microsoft Excel"),
        ("The banner on the site.", "Student records sit in Banner.", "Ellucian Banner"),
        ("A long workday for all.", "HR runs on Workday.", "Workday HCM"),
        ("An elite team of five.", "Billing runs on Elite.", "Elite 3E"),
    ],
)
def test_case_sensitive_names_need_their_capitals(plain: str, named: str, canonical: str) -> None:
    assert find_systems(plain) == []
    assert names(find_systems(named)) == [canonical]


def test_short_all_caps_names_only_match_as_written() -> None:
    assert find_systems("Tree sap and tms readings") == []
    assert names(find_systems("Tree SAP readings")) == ["SAP"]


# --- vendor extension -------------------------------------------------------------------


def test_vendor_followed_by_product_words_is_one_mention() -> None:
    text = "Maintenance runs on SAP PM; we are moving to Oracle Fusion next year."
    found = find_systems(text)
    assert surfaces(found) == ["SAP PM", "Oracle Fusion"]
    assert found[1].name == "Oracle Fusion" and found[1].category == "erp"
    assert_well_formed(text, found)


def test_vendor_extension_for_a_product_not_in_the_list() -> None:
    found = find_systems("The plant still runs Microsoft Dynamics SL and Infor ERP today.")
    assert surfaces(found) == ["Microsoft Dynamics SL", "Infor ERP"]
    assert [m.category for m in found] == ["erp", "erp"]


def test_vendor_then_its_own_product_is_named_by_the_product() -> None:
    found = find_systems("Claims are handled in Guidewire ClaimCenter.")
    assert [(m.name, m.surface, m.category) for m in found] == [
        ("Guidewire ClaimCenter", "Guidewire ClaimCenter", "insurance_core")
    ]


def test_vendor_extension_stops_at_lowercase_punctuation_and_sentence_end() -> None:
    assert surfaces(find_systems("We use SAP and Oracle for finance.")) == ["SAP", "Oracle"]
    assert surfaces(find_systems("We use SAP. Finance is next.")) == ["SAP"]
    assert surfaces(find_systems("Oracle Fusion, Workday and more")) == ["Oracle Fusion", "Workday"]
    assert surfaces(find_systems("SAP Alpha Beta Gamma Delta")) == ["SAP Alpha Beta Gamma"]
    assert surfaces(find_systems("Oracle's licence costs")) == ["Oracle"]


def test_vendor_that_is_also_a_place_needs_a_product() -> None:
    assert find_systems("Our office is in Manhattan near the park.") == []
    assert surfaces(find_systems("Picking is run on Manhattan WMS.")) == ["Manhattan WMS"]
    assert names(find_systems("We advertise on Google and store data in Google BigQuery.")) == [
        "Google BigQuery"
    ]


# --- category-noun pattern --------------------------------------------------------------


def test_capitalised_words_before_a_category_noun_name_a_system() -> None:
    text = "Orders flow from Acme ERP into Northwind Freight TMS and Blue Harbor EHR."
    found = find_systems(text)
    assert surfaces(found) == ["Acme ERP", "Northwind Freight TMS", "Blue Harbor EHR"]
    assert [m.category for m in found] == ["erp", "tms", "ehr"]
    assert found[0].name == "Acme ERP"
    assert_well_formed(text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Our ERP is fifteen years old.",
        "The CRM holds every contact.",
        "An ERP upgrade is planned for spring.",
        "ERP and CRM data are siloed.",
        "We need a new WMS before peak season.",
        "Legacy ERP screens confuse new staff.",
        "Implementing ERP took two years.",
        "Data moves from the EHR to billing.",
    ],
)
def test_generic_category_nouns_are_not_named_systems(text: str) -> None:
    assert find_systems(text) == []


def test_a_known_product_before_a_category_noun_keeps_its_name() -> None:
    found = find_systems("Sales works in Salesforce CRM daily.")
    assert [(m.name, m.surface) for m in found] == [("Salesforce", "Salesforce CRM")]


def test_generic_word_is_skipped_but_the_name_after_it_is_found() -> None:
    assert surfaces(find_systems("We retired the Legacy Acme ERP last year.")) == ["Acme ERP"]


# --- regulations ------------------------------------------------------------------------


def test_regulations_with_numbers_are_captured_whole() -> None:
    text = (
        "We are SOC 2 Type II audited, ISO 27001 certified and PCI DSS compliant; the "
        "lab follows 21 CFR Part 11 and Australian data falls under the Privacy Act 1988."
    )
    found = find_regulations(text)
    assert surfaces(found) == [
        "SOC 2 Type II",
        "ISO 27001",
        "PCI DSS",
        "21 CFR Part 11",
        "Privacy Act 1988",
    ]
    assert names(found) == ["SOC 2", "ISO 27001", "PCI DSS", "21 CFR Part 11", "Privacy Act 1988"]
    assert [(m.category, m.region) for m in found][-1] == ("privacy", "au")
    assert_well_formed(text, found)


@pytest.mark.parametrize(
    ("written", "canonical", "region"),
    [
        ("PCI-DSS", "PCI DSS", "global"),
        ("SOC2", "SOC 2", "global"),
        ("ISO/IEC 27001", "ISO 27001", "global"),
        ("21 CFR 11", "21 CFR Part 11", "us"),
        ("UK GDPR", "UK GDPR", "uk"),
        ("GDPR", "GDPR", "eu"),
        ("Data Protection Act 2018", "Data Protection Act 2018", "uk"),
        ("NIS 2", "NIS2", "eu"),
        ("EU AI Act", "EU AI Act", "eu"),
        ("23 NYCRR 500", "NYDFS Part 500", "us"),
        ("APRA CPS 234", "APRA CPS 234", "au"),
        ("Quebec Law 25", "Quebec Law 25", "ca"),
        ("DPDP Act", "DPDP Act", "in"),
        ("NIST AI RMF", "NIST AI RMF", "us"),
        ("IEC 62443", "IEC 62443", "global"),
        ("Consumer Duty", "Consumer Duty", "uk"),
    ],
)
def test_regulation_aliases(written: str, canonical: str, region: str) -> None:
    found = find_regulations(f"The board asked about {written} last quarter.")
    assert [(m.name, m.surface, m.region) for m in found] == [(canonical, written, region)]


REQUIRED = (
    "GDPR|UK GDPR|Data Protection Act 2018|ePrivacy Directive|EU AI Act|NIS2|DORA|MiFID II|"
    "Solvency II|PSD2|eIDAS|CSRD|HIPAA|HITECH|FERPA|COPPA|GLBA|SOX|CCPA|CPRA|FCRA|FINRA|SEC|"
    "NYDFS Part 500|CMMC|ITAR|EAR|FedRAMP|NERC CIP|21 CFR Part 11|GxP|GMP|CJIS|PIPEDA|"
    "Quebec Law 25|LGPD|APPI|PDPA|Privacy Act 1988|APRA CPS 234|DPDP Act|RBI|POPIA|PIPL|"
    "Basel III|IFRS 17|FCA|Consumer Duty|PRA|SOC 2|ISO 27001|ISO 27701|ISO 42001|ISO 9001|"
    "ISO 13485|IEC 62443|PCI DSS|HITRUST|NIST CSF|NIST AI RMF|Cyber Essentials|TISAX|BaFin|"
    "MaRisk|KRITIS"
).split("|")


@pytest.mark.parametrize("written", REQUIRED)
def test_required_regulations_are_listed(written: str) -> None:
    found = find_regulations(f"Compliance with {written} is required.")
    assert surfaces(found) == [written]


def test_act_and_privacy_alone_are_not_regulations() -> None:
    assert find_regulations("The Act is new and privacy matters to the privacy team.") == []
    assert find_regulations("We respect privacy and act quickly.") == []
    assert surfaces(find_regulations("GDPR-compliant and HIPAA-ready")) == ["GDPR", "HIPAA"]
    assert find_regulations("dora the explorer and sox in the drawer") == []


def test_a_standard_by_number_missing_from_the_list() -> None:
    found = find_regulations("Cosmetics follow ISO 22716 and labs ISO/IEC 17025.")
    assert [(m.name, m.category) for m in found] == [
        ("ISO 22716", "standard"),
        ("ISO/IEC 17025", "standard"),
    ]


# --- offsets, overlaps, odd input, bounded work -----------------------------------------


def test_longest_match_wins_and_nothing_overlaps() -> None:
    text = (
        "Applied Epic runs the agency, Epic the hospital; Microsoft Dynamics 365 Business "
        "Central replaced Dynamics GP. UK GDPR and GDPR both apply."
    )
    systems = find_systems(text)
    assert names(systems) == [
        "Applied Epic",
        "Epic",
        "Microsoft Dynamics 365 Business Central",
        "Microsoft Dynamics GP",
    ]
    assert surfaces(find_regulations(text)) == ["UK GDPR", "GDPR"]
    assert_well_formed(text, systems)


def test_phrases_do_not_cross_a_newline_or_punctuation() -> None:
    assert surfaces(find_systems("We use Power\nBI and Power, BI")) == []
    assert surfaces(find_regulations("PCI (DSS) and SOC\n2")) == ["PCI"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "7" * 20_000,
        "1 " * 10_000,
        "x" * 20_000 + " SAP",
        "é€😀 ✓ ß İstanbul 中文 " * 500,
        "\n\n" + "-/&+.'" * 3000,
        "A " * 10_000,
        "SAP " * 5_000,
        "ISO/IEC " * 2_500,
        "Acme " * 4_000 + "ERP",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    for found in (find_systems(text), find_regulations(text)):
        assert_well_formed(text, found)


def test_long_tokens_and_unicode_around_names() -> None:
    text = "naïve café — SAP S/4HANA — " + "z" * 5000 + " HIPAA ✓"
    assert names(find_systems(text)) == ["SAP S/4HANA"]
    assert names(find_regulations(text)) == ["HIPAA"]


def _near_misses(n_chars: int, seed: int) -> str:
    """Gazetteer forms cut short by one atom: each walks the prefix set and then fails."""
    sy = _systems()
    keys = sorted(k for t in (sy.products, sy.vendors, _regulations()) for k in t.keys)
    rng = random.Random(seed)
    words: list[str] = []
    while sum(map(len, words)) < n_chars:
        key = rng.choice(keys)
        words.append(key.rsplit(" ", 1)[0].title() if " " in key else key.upper())
    return " ".join(words)[:n_chars]


def test_work_is_bounded_per_atom() -> None:
    """No timing: the number of prefix look-ups is at most a constant per atom, and
    doubling the text at most doubles it (plus the seam)."""
    sy = _systems()
    per_atom = 4 * sy.products.max_atoms + sy.vendors.max_atoms + _regulations().max_atoms
    rng = random.Random(7)
    vocab = [w for k in sy.products.keys for w in k.split()]
    samples = [
        _near_misses(20_000, seed=1),
        " ".join(rng.choice(vocab).capitalize() for _ in range(4000))[:20_000],
        "1 " * 10_000,
        "7" * 20_000,
    ]
    for text in samples:
        atoms = len(_Tokens(text).starts)
        for regulations in (False, True):
            _, probes = _run(text, regulations)
            assert probes <= per_atom * max(atoms, 1)
            _, doubled = _run(text + "\n" + text, regulations)
            assert doubled <= 2 * probes + per_atom
