"""The playbook's use case kinds, what each needs, and matching a stated goal to one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.llm.offline.goals import VERBS
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
    data: str  # what a pilot needs ({obj} = the goal's object)
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
        "historical records of {obj} together with the factors that drive them",
        "a predictive model that flags {obj} early enough for planners to act",
        "planners and operations staff",
        (
            "forecast accuracy against actual outcomes",
            "share of {obj} predicted in time to act",
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
        "a representative, labelled sample of {obj} with the fields to extract",
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
        "the approved internal documents and knowledge articles it may draw on",
        "a generative AI assistant grounded in approved internal content, with human review",
        "the employees who draft and search documents",
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
_NOMINAL = {
    "automate": "automation",
    "forecast": "forecasting",
    "predict": "prediction",
    "detect": "detection",
    "classify": "classification",
    "extract": "extraction",
    "process": "processing",
    "optimise": "optimisation",
    "optimize": "optimization",
    "summarise": "summarisation",
    "summarize": "summarization",
    "generate": "generation",
    "personalise": "personalisation",
    "personalize": "personalization",
    "route": "routing",
    "triage": "triage",
    "schedule": "scheduling",
    "translate": "translation",
    "transcribe": "transcription",
    "score": "scoring",
    "match": "matching",
    "recommend": "recommendations",
    "digitise": "digitisation",
    "digitize": "digitization",
    "review": "review",
    "monitor": "monitoring",
    "analyse": "analysis",
    "analyze": "analysis",
    "draft": "drafting",
    "estimate": "estimation",
    "plan": "planning",
}
_CUT = re.compile(r"\s+(?:for|from|in|across|at|with|using|through|by|via|to|within|on)\s+", re.I)


_GENERIC_OBJECTS = frozenset(
    "data information insights value fields details text numbers figures entries".split()
)


def _article_free(phrase: str) -> str:
    return re.sub(
        r"^(?:our|the|all|its|their|more|better|faster|any|a|an)\s+", "", phrase, flags=re.I
    )


@dataclass(frozen=True)
class Case:
    """One use case of the roadmap, named after the company's goal."""

    name: str  # "Automate customer support tickets"
    goal: str
    obj: str  # "customer support tickets"
    label: str  # "customer support ticket automation"
    short: str  # "ticket automation", for repeat mentions
    kind: Kind | None
    stated: bool

    def fill(self, template: str) -> str:
        return template.replace("{obj}", self.obj)


def match_kind(text: str) -> Kind | None:
    low = text.lower()
    best: tuple[int, int, Kind] | None = None
    for order, kind in enumerate(KINDS):
        hits = sum(
            1 for k in kind.keywords if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", low)
        )
        if hits and (best is None or (hits, -order) > (best[0], best[1])):
            best = (hits, -order, kind)
    return best[2] if best else None


def _singular(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith(_w("ss|us|is|ics")) and len(last) > 3:
        last = last[:-1]
    return f"{head} {last}".strip()


def make_case(goal: str, stated: bool = True) -> Case:
    words = goal.split()
    verb = words[0].lower() if words and words[0].lower() in VERBS else None
    rest = " ".join(words[1:]) if verb else goal
    pieces = _CUT.split(rest, maxsplit=1)
    obj = _article_free(pieces[0].strip(" ,.") or rest)
    source = ""
    if obj.lower() in _GENERIC_OBJECTS and len(pieces) > 1:
        # "extract data from invoices": the invoices are what the use case is about
        source = _article_free(_CUT.split(pieces[1], maxsplit=1)[0].strip(" ,."))
    kind = match_kind(goal)
    if source:
        label = f"{_singular(source)} {obj} {_NOMINAL.get(verb or '', kind.suffix if kind else '')}"
        obj = source
    elif verb in _NOMINAL:
        label = f"{_singular(obj)} {_NOMINAL[verb]}"
    elif kind and not obj.lower().endswith(kind.suffix):
        label = f"{_singular(obj)} {kind.suffix}"
    else:
        label = obj
    parts = label.split()
    short = " ".join(parts[1:]) if len(parts) > 3 else label
    if obj.lower().endswith((" processing", " handling")) and " " in obj:
        obj = obj.rsplit(" ", 1)[0]  # "claims processing": the claims are the data
    return Case(
        name=clip(capitalize(goal), 80),
        goal=goal,
        obj=clip(obj, 60),
        label=clip(label, 70),
        short=clip(short, 70),
        kind=kind,
        stated=stated,
    )


def suggested_goal(sentences: list[str], industry: str | None) -> str | None:
    """A starting goal when none is stated: from use-case words, else the industry's
    most common starting point."""
    text = " ".join(sentences).lower()
    hits = [
        (m.start(), order, kind, key)
        for order, kind in enumerate(KINDS)
        for key in kind.keywords
        for m in [re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)]
        if m
    ]
    if not hits:
        return INDUSTRY_DEFAULTS.get(industry or "")
    _, _, kind, key = min(hits, key=lambda h: (h[0], h[1]))
    if kind.key == "customer support automation":
        return "automate customer support tickets"
    if kind.key == "intelligent document processing":
        return f"automate {_singular(key)} processing"
    if kind.key == "predictive analytics":
        return f"forecast {key}" if key in ("demand", "delays", "inventory") else f"predict {key}"
    return "build a knowledge assistant"
