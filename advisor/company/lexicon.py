"""Word lists the profile extractor matches against (lower case, whole words)."""

from __future__ import annotations

import re


def _w(words: str) -> tuple[str, ...]:
    """A word list written as 'a|b|c'."""
    return tuple(words.split("|"))


INDUSTRIES: dict[str, tuple[str, ...]] = {
    "logistics": _w(
        "logistics|freight|shipping|transport|transportation|trucking|courier|parcel"
        "|delivery company|warehousing|3pl|supply chain"
    ),
    "manufacturing": _w(
        "manufacturing|manufacturer|factory|factories|plant|plants|production line"
        "|industrial|machinery|automotive"
    ),
    "e-commerce": _w("e-commerce|ecommerce|online shop|online store|webshop"),
    "retail": _w("retail|retailer|retail chain|grocery|supermarket|fashion"),
    "healthcare": _w(
        "healthcare|health care|hospital|hospitals|clinic|clinics|patient|patients"
        "|medical|care provider|pharma|pharmaceutical"
    ),
    "insurance": _w("insurance|insurer|underwriting|policyholders"),
    "financial services": _w(
        "bank|banking|financial services|fintech|lender|lending|credit union"
        "|asset management|wealth management|payments|accounting firm"
    ),
    "legal": _w("law firm|legal services|attorneys|lawyers|solicitors"),
    "education": _w("education|university|school|schools|college|edtech"),
    "hospitality": _w("hospitality|hotel|hotels|restaurant|restaurants|travel"),
    "energy": _w("energy|utility|utilities|oil|gas|solar|wind|power grid"),
    "telecom": _w("telecom|telecommunications|telco|mobile operator|broadband"),
    "software": _w("software|saas|tech company|it services|platform company"),
    "construction": _w("construction|builder|engineering firm|real estate"),
    "agriculture": _w("agriculture|agricultural|farming|farm|farms|agritech"),
    "public sector": _w("public sector|government|municipality|municipal|council|city of|ministry"),
    "media": _w("media company|publisher|publishing|broadcaster|marketing agency"),
    "professional services": ("consultancy", "consulting", "professional services"),
}

REGULATIONS: dict[str, tuple[str, ...]] = {
    "GDPR": ("gdpr", "general data protection regulation"),
    "HIPAA": ("hipaa",),
    "PCI DSS": ("pci dss", "pci-dss", "pci"),
    "SOX": ("sox", "sarbanes-oxley", "sarbanes oxley"),
    "EU AI Act": ("eu ai act", "ai act"),
    "CCPA": ("ccpa", "california consumer privacy"),
    "ISO 27001": ("iso 27001", "iso27001"),
    "SOC 2": ("soc 2", "soc2"),
    "NIS2": ("nis2", "nis 2"),
    "financial regulation": _w(
        "financial regulator|financial regulation|fca|finra|sec rules|mifid"
        "|banking regulation|regulated bank|regulated financial"
    ),
}
GENERAL_REGULATION = _w("regulated|regulator|regulators|regulatory|compliance")
PRIVACY = _w(
    "privacy|personal data|pii|patient data|patient records|medical records"
    "|health data|customer data|confidential|sensitive data|data protection"
)

SYSTEMS: dict[str, tuple[str, ...]] = {
    "ERP": _w("erp|sap|netsuite|dynamics 365|oracle e-business|odoo|exact online"),
    "CRM": _w("crm|salesforce|hubspot|dynamics crm"),
    "spreadsheets": _w("spreadsheet|spreadsheets|excel|google sheets"),
    "mainframe": _w("mainframe|cobol|as/400|as400"),
    "helpdesk": _w("helpdesk|help desk|zendesk|freshdesk|servicenow|ticketing system"),
    "WMS": ("wms", "warehouse management system"),
    "TMS": ("tms", "transport management system"),
    "EHR": _w("ehr|emr|electronic health record|electronic medical record"),
    "document management": ("sharepoint", "document management"),
    "paper records": _w("paper|paper-based|handwritten|fax|faxes"),
}
VENDORS = {
    "sap": "SAP",
    "netsuite": "NetSuite",
    "dynamics 365": "Dynamics 365",
    "odoo": "Odoo",
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "excel": "Excel",
    "zendesk": "Zendesk",
    "freshdesk": "Freshdesk",
    "servicenow": "ServiceNow",
    "sharepoint": "SharePoint",
}

CLOUDS: dict[str, tuple[str, ...]] = {
    "aws": ("aws", "amazon web services"),
    "azure": ("azure", "microsoft cloud"),
    "gcp": ("gcp", "google cloud"),
    "on-premise": _w(
        "on-premise|on-premises|on premise|on premises|on-prem|on prem|own data centre"
        "|own data center|our data centre|our data center|our own servers"
        "|in-house servers"
    ),
    "hybrid": ("hybrid cloud", "hybrid environment", "hybrid setup"),
}
CLOUD_NAMES = {
    "aws": "AWS",
    "azure": "Azure",
    "gcp": "Google Cloud",
    "on-premise": "on-premise servers",
    "hybrid": "a hybrid cloud",
}

MATURITY_LOW = _w(
    "spreadsheet|spreadsheets|excel|paper|paper-based|manual|manually|legacy|siloed"
    "|silos|silo|fragmented|scattered|email attachments|handwritten|fax"
)
MATURITY_MEDIUM = _w(
    "data warehouse|bi|business intelligence|dashboards|dashboard|power bi|tableau"
    "|looker|data engineer|data engineers|data analyst|data analysts|data lake"
    "|reporting team|snowflake|bigquery|redshift"
)
MATURITY_HIGH = _w(
    "data platform|data science team|data scientists|mlops|feature store"
    "|models in production|ml platform|databricks|lakehouse|machine learning team"
)
_NEG = (
    r"(?:no|without|lack(?:s|ing)?(?: a| an)?|(?:do|does|did)(?: not|n't) have(?: a| an| any)?"
    r"|zero|not a single|missing(?: a)?)"
)
NO_DATA_TEAM = re.compile(
    _NEG + r"\s+(?:dedicated\s+|in-house\s+|internal\s+)?(?:data(?:\s+science)?|analytics|bi|ml)\s+"
    r"(?:team|teams|scientists?|engineers?|people|staff|function)",
    re.I,
)
BUDGET_TIGHT = re.compile(
    r"\b(?:tight|limited|small|modest|low|constrained|shoestring|lean|fixed)\s+(?:it\s+)?budgets?"
    r"|\bbudgets?\s+(?:is|are)\s+(?:tight|limited|small|constrained|modest)"
    r"|\bbudget\s+constraints?|\bcost[- ]conscious|\bcannot afford|\bcan't afford"
    r"|\bon a budget|\bbudget of only|\bcost pressure",
    re.I,
)
SKILLS_THIN = re.compile(
    r"\b(?:no|little|limited|few|lack(?:s|ing)? of|lack(?:s|ing)?)\s+(?:in-house\s+|internal\s+)?"
    r"(?:ai|ml|machine learning|data|technical|it)?\s*(?:skills|expertise|experience|talent|"
    r"know-how|engineers|developers)"
    r"|\bskills?\s+gap|\bsmall it team|\bit team of (?:one|two|three|\d)\b|\bone it person"
    r"|\bnew to ai|\bfirst ai project",
    re.I,
)
PILOT_DONE = re.compile(
    r"\b(?:ran|run|completed|finished|did|conducted|tested|trialled|trialed|launched)\s+"
    r"(?:a|an|our|one|two|some)?\s*(?:small\s+|successful\s+|first\s+)?"
    r"(?:pilot|proof[- ]of[- ]concept|poc|trial)s?"
    r"|\b(?:pilot|proof[- ]of[- ]concept|poc)\s+(?:was|has been|is)\s+(?:completed|successful|done|"
    r"finished|live)|\bafter (?:a|our) (?:successful )?(?:pilot|poc)|\bour (?:pilot|poc) (?:showed|"
    r"proved|reduced|cut|improved)|\bpiloted\b",
    re.I,
)
PILOT_NOT_DONE = re.compile(
    r"\b(?:no|not yet|never|haven't|have not|hasn't|has not)\b[^.]{0,30}\b(?:pilot|poc|proof)", re.I
)
