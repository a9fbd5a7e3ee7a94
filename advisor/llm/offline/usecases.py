"""The playbook's use case kinds, what each needs, and matching a stated goal to one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.company.kinds import kind_by_words
from advisor.llm.offline.text import capitalize, clip


def _w(words: str) -> tuple[str, ...]:
    """A word list written as 'a|b|c'."""
    return tuple(words.split("|"))


@dataclass(frozen=True)
class Kind:
    key: str  # the playbook's name for the kind
    needle: str  # phrase of the playbook sentence that names it
    keywords: tuple[str, ...]
    outcome: str  # which of the playbook's business outcomes it serves
    data: str  # what a pilot needs
    model: str
    users: str
    metrics: tuple[str, ...]
    measures: tuple[str, ...]  # from the playbook's list of pilot success metrics
    system: str  # where its output must land in production
    first_group: str  # who gets it first in a gradual rollout
    adjacent: str  # the next processes to automate around it
    suffix: str
    personal: str  # where personal data hides in its data
    drift: str  # what erodes its accuracy over time


KINDS: tuple[Kind, ...] = (
    Kind(
        "customer support automation",
        "customer support automation",
        _w(
            "ticket|tickets|support|helpdesk|help desk|call centre|call center|contact centre"
            "|contact center|chatbot|chat bot|customer service|inquiries|enquiries|complaints"
            "|customer questions|inbox|faq|self-service|live chat"
        ),
        "customer experience and operational efficiency",
        "past tickets with their categories and resolutions, and the knowledge articles agents use",
        "a triage model that classifies and routes incoming tickets and drafts replies for "
        "agents to approve",
        "support agents",
        (
            "share of tickets routed correctly without manual triage",
            "average first-response and resolution time",
            "customer satisfaction (CSAT) on AI-assisted tickets",
        ),
        ("accuracy rates", "customer satisfaction scores", "productivity improvements"),
        "the helpdesk or ticketing system",
        "one support queue or team",
        "auto-resolving the most frequent simple requests and summarising long ticket threads",
        "automation",
        "ticket text carries customer names, contact details and order history",
        "products, policies and the questions customers ask change",
    ),
    Kind(
        "predictive analytics",
        "predictive analytics",
        _w(
            "forecast|forecasting|predict|prediction|predictive|demand|churn|maintenance"
            "|delay|delays|anomaly|anomalies|fraud|risk scoring|propensity|inventory"
            "|stock levels|no-show|no-shows|yield|yields|pricing|lead scoring|failure"
            "|failures|breakdowns|downtime|denial|denials"
        ),
        "operational efficiency and risk reduction",
        "historical records of the outcome to predict, with the factors that drive it",
        "a predictive model that flags likely cases early enough for planners to act",
        "planners and operations staff",
        (
            "forecast accuracy against actual outcomes",
            "share of cases predicted in time to act",
            "cost avoided through earlier intervention",
        ),
        ("accuracy rates", "cost savings", "operational efficiency gains"),
        "the planning and operational systems",
        "one site, region or product line",
        "triggering the follow-up action automatically when a prediction crosses a threshold",
        "prediction",
        "the records can often be linked to individual customers or staff",
        "conditions shift: seasonality, new customers, routes or suppliers",
    ),
    Kind(
        "intelligent document processing",
        "intelligent document processing",
        _w(
            "invoice|invoices|claim|claims|contract|contracts|forms|documents"
            "|document processing|purchase orders|receipts|paperwork|loan applications|kyc"
            "|pdfs|scanned|delivery notes|bills of lading|customs|intake"
        ),
        "operational efficiency",
        "a representative, labelled sample of the documents, with the fields to extract",
        "document classification and field extraction, with human review of low-confidence fields",
        "back-office staff",
        (
            "field-level extraction accuracy",
            "straight-through processing rate",
            "handling time per document",
        ),
        ("accuracy rates", "productivity improvements", "cost savings"),
        "the system of record that receives the extracted data",
        "one document type",
        "extending extraction to the next document type and routing exceptions automatically",
        "processing",
        "the documents carry names, addresses and financial details",
        "document layouts, suppliers and forms change",
    ),
    Kind(
        "generative content and knowledge management",
        "generative ai",
        _w(
            "content creation|marketing copy|copywriting|product descriptions|knowledge base"
            "|knowledge management|internal knowledge|summarise|summarize|summaries|draft"
            "|drafting|proposals|generative|genai|gen ai|llm|copilot|assistant"
            "|code generation|documentation|translation"
        ),
        "operational efficiency",
        "the approved internal documents and knowledge articles it may use",
        "a generative AI assistant grounded in approved internal content, with human review",
        "employees who draft and search documents",
        (
            "time saved per drafted or researched document",
            "share of outputs accepted with light edits",
            "answer accuracy on a reviewed test set",
        ),
        ("productivity improvements", "accuracy rates", "operational efficiency gains"),
        "the document repository and intranet",
        "one department",
        "adding further document collections and templated drafting tasks",
        "assistant",
        "internal documents can contain personal data about customers and staff",
        "the source documents go out of date",
    ),
)

INDUSTRY_DEFAULTS = {
    "logistics": "forecast delivery delays",
    "manufacturing": "predict equipment maintenance needs",
    "retail": "forecast product demand",
    "e-commerce": "automate customer support tickets",
    "healthcare": "automate patient intake forms",
    "insurance": "automate claims processing",
    "financial services": "automate loan application processing",
    "legal": "automate contract review",
    "education": "automate student support enquiries",
    "hospitality": "automate guest enquiries",
    "energy": "predict equipment maintenance needs",
    "telecom": "predict customer churn",
    "software": "automate customer support tickets",
    "construction": "automate project document processing",
    "agriculture": "forecast crop yields",
    "public sector": "automate citizen enquiries",
    "media": "automate content drafting",
    "professional services": "build a knowledge assistant",
}
_KIND_OF: dict[str, int] = {
    "customer_support": 0,
    "predictive_analytics": 1,
    "document_processing": 2,
    "generative_content": 3,
}
_SERVICE = {
    "customer support automation": "the support automation",
    "predictive analytics": "the predictive model",
    "intelligent document processing": "the document-processing service",
    "generative content and knowledge management": "the AI assistant",
}
_TRAIL = re.compile(
    r"(?:\s+(?:to|of|for|in|on|with|against|at|by|from|the|a|an|and|or|our|their|its|that|"
    r"into|as|using|via|across))+$",
    re.I,
)


@dataclass(frozen=True)
class Case:
    """One use case of the roadmap. Its wording is the company's own goal, quoted whole;
    the rules around it never splice pieces of it into their sentences."""

    name: str  # "Speed up invoice matching against purchase orders"
    goal: str  # the goal as written
    label: str  # 'the use case “speed up invoice matching ...”', for first mentions
    short: str  # "the document-processing service", for repeat mentions
    kind: Kind | None
    stated: bool

    def fill(self, template: str) -> str:
        return template


def kind_named(key: str | None) -> Kind | None:
    index = _KIND_OF.get(key or "")
    return None if index is None else KINDS[index]


def match_kind(text: str) -> Kind | None:
    return kind_named(kind_by_words(text))


def _quotable(goal: str, limit: int) -> str:
    """The goal cut at a word boundary within `limit`, never ending on a preposition."""
    text = clip(goal, limit)
    return _TRAIL.sub("", text).strip(" ,;:-") or text


def make_case(goal: str, stated: bool = True, kind_key: str | None = None) -> Case:
    kind = kind_named(kind_key) if kind_key else match_kind(goal)
    quoted = _quotable(goal, 90)
    label = f"the use case “{quoted}”" if stated else f"the suggested use case “{quoted}”"
    short = _SERVICE.get(kind.key, "the AI solution") if kind else "the AI solution"
    return Case(
        name=capitalize(_quotable(goal, 80)),
        goal=goal,
        label=label,
        short=short,
        kind=kind,
        stated=stated,
    )


def suggested_goal(text: str, industry: str | None) -> str | None:
    """A starting goal when none is stated: from use-case words in the text, else the
    industry's most common starting point."""
    low = text.lower()
    hits = [
        (m.start(), order, kind, key)
        for order, kind in enumerate(KINDS)
        for key in kind.keywords
        for m in [re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low)]
        if m
    ]
    if not hits:
        return INDUSTRY_DEFAULTS.get(industry or "")
    _, _, kind, key = min(hits, key=lambda h: (h[0], h[1]))
    if kind.key == "customer support automation":
        return "automate customer support tickets"
    if kind.key == "intelligent document processing":
        return "automate document processing"
    if kind.key == "predictive analytics":
        return (
            f"forecast {key}"
            if key in ("demand", "delays", "churn", "downtime")
            else ("build a predictive model for the operation")
        )
    return "build a knowledge assistant"
