"""Word lists the profile extractor matches against (lower case, whole words)."""

from __future__ import annotations

import re


def _w(words: str) -> tuple[str, ...]:
    """A word list written as 'a|b|c'."""
    return tuple(words.split("|"))


INDUSTRIES: dict[str, tuple[str, ...]] = {
    "logistics": _w(
        "logistics|freight|freight forwarder|shipping|transport|transportation|trucking|courier"
        "|couriers|parcel|parcels|delivery company|warehousing|3pl|supply chain|haulage|haulier"
        "|fleet operator|last-mile|forwarder|shipping line|port operator"
    ),
    "manufacturing": _w(
        "manufacturing|manufacturer|manufacture|factory|factories|plant|plants|production line"
        "|industrial|machinery|automotive|injection molding|injection moulding|machining"
        "|fabrication|foundry|mill|mills|metalworks|components maker|assembly lines|oem"
        "|food processing|bakery|brewery|packaging maker|chemicals|plastics|textiles"
    ),
    "e-commerce": _w(
        "e-commerce|ecommerce|online shop|online store|webshop|web store|online retailer"
        "|direct-to-consumer|d2c|dtc|shopify brand|online brand|sells only online"
        "|marketplace seller"
        "|online-only|e-shop|sell online|sells online|selling online|online subscriptions"
        "|subscriptions online|online furniture"
    ),
    "retail": _w(
        "retail|retailer|retail chain|grocery|grocer|supermarket|supermarkets|fashion|stores"
        "|shops|boutiques|department store|hardware stores|pharmacy chain|convenience stores"
    ),
    "healthcare": _w(
        "healthcare|health care|hospital|hospitals|clinic|clinics|patient|patients"
        "|medical|care provider|pharma|pharmaceutical|health network|health system|nhs trust"
        "|physiotherapy|dental|dentistry|nursing|care homes|home care|behavioral health"
        "|mental health|family health|primary care|diagnostics|laboratory"
    ),
    "insurance": _w(
        "insurance|insurer|insurers|underwriting|policyholders|assurance|reinsurer|broker"
        "|brokerage|mga|claims handling|life insurer|p&c"
    ),
    "financial services": _w(
        "bank|banking|financial services|fintech|lender|lending|credit union|credit unions"
        "|asset management|wealth management|payments|payments processor|accounting firm"
        "|mortgage|savings|investment firm|building society|cooperative bank|microfinance"
    ),
    "legal": _w(
        "law firm|legal services|attorneys|lawyers|solicitors|barristers|legal practice|llp law"
        "|notary|notaries|legal department"
    ),
    "education": _w(
        "education|university|school|schools|college|colleges|edtech|academy|academies"
        "|school district|multi-academy trust|tutoring|training provider|students"
    ),
    "hospitality": _w(
        "hospitality|hotel|hotels|restaurant|restaurants|travel|resort|resorts|venues|venue"
        "|wedding|events business|catering|hostel|hostels|bars|pubs|tour operator|inn|inns"
        "|ryokan|guesthouse|guesthouses|lodges|b&b|holiday parks|campsites"
    ),
    "energy": _w(
        "energy|utility|utilities|oil|gas|solar|wind|power grid|electric cooperative"
        "|electricity|transmission lines|pipeline operator|midstream|renewables|grid operator"
        "|power company|district heating"
    ),
    "telecom": _w(
        "telecom|telecommunications|telco|mobile operator|broadband|isp|cable operator"
        "|fibre provider|fiber provider|network operator"
    ),
    "software": _w(
        "software|saas|tech company|it services|platform company|developer-tools|developer tools"
        "|software vendor|app developer|api company|cloud provider|managed services provider"
    ),
    "construction": _w(
        "construction|builder|builders|engineering firm|real estate|general contractor"
        "|contractor|contractors|civil engineering|homebuilder|property developer|roads and bridges"
        "|infrastructure contractor|housebuilder"
    ),
    "agriculture": _w(
        "agriculture|agricultural|farming|farm|farms|agritech|agribusiness|growers|orchards"
        "|pastoral|cattle|livestock|dairy|vineyard|vineyards|crops|co-op of farmers|fazendas"
    ),
    "public sector": _w(
        "public sector|government|municipality|municipal|council|city of|ministry|agency"
        "|district council|county|water district|public authority|state agency|federal agency"
    ),
    "media": _w(
        "media company|publisher|publishing|broadcaster|broadcasters|marketing agency|magazine"
        "|newspaper|podcast|video production|studio|studios|news outlet|advertising agency"
        "|radio|radio network|radio station|tv station|television|broadcasting"
    ),
    "professional services": _w(
        "consultancy|consulting|professional services|advisory|accountants|accounting and tax"
        "|tax advisory|audit firm|recruitment|recruiter|staffing agency|architecture firm"
        "|engineering consultancy|hr services"
    ),
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
    _NEG + r"\s+(?:dedicated\s+|in-house\s+|internal\s+)?(?:data(?:\s+science)?|analytics|bi|ml|it"
    r"|tech)\s+"
    r"(?:team|teams|scientists?|engineers?|people|ppl|staff|function)",
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
