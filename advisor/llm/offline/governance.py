"""A GovernanceAnswer: the question's governance areas, and for each the playbook's
recommendations that apply, each cited where the playbook says it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from advisor.company.gazetteer import find_regulations
from advisor.llm.base import GovernanceTask
from advisor.llm.offline.text import Book, join_words, terms
from advisor.schemas import Chunk, Citation, GovernanceAnswer, GovernanceArea, Recommendation

NOT_COVERED = "The playbook does not cover this question."
MAX_RECOMMENDATIONS = 6

AREAS: dict[GovernanceArea, re.Pattern[str]] = {
    "security": re.compile(
        r"secur\w*|\baccess\b|encrypt\w*|identit\w*|breach\w*|hack\w*|cyber\w*|password\w*|"
        r"protect\w*|privacy|(?:personal|patient|health|customer|sensitive) data|\bpii\b|"
        r"leak\w*",
        re.I,
    ),
    "compliance": re.compile(
        r"complian\w*|\bcompl(?:y|ies|ied|ying)\b|regulat\w*|\bgdpr\b|\bhipaa\b|audit\w*|\blegal\w*|\blaws?\b|"
        r"\bccpa\b|ai act|\bpci\b|\bsox\b|privacy",
        re.I,
    ),
    "ownership": re.compile(
        r"\bown(?:s|er|ers|ership)?\b|accountab\w*|responsib\w*|\bwho\b|\braci\b|sponsor\w*|"
        r"in charge|decision rights|\broles?\b",
        re.I,
    ),
    "monitoring": re.compile(
        r"monitor\w*|\bdrift\w*|accura\w*|over time|performance|degrad\w*|retrain\w*|observab\w*",
        re.I,
    ),
    "risk": re.compile(
        r"\brisk\w*|explainab\w*|explain\b|transparen\w*|\bbias\w*|fair\w*|trust\w*|ethic\w*|"
        r"black box|harm\w*",
        re.I,
    ),
    "general": re.compile(r"govern\w*|polic(?:y|ies)|framework\w*|oversight|\bcontrols?\b", re.I),
}


Topic = Literal["", "early", "staff", "decision", "explain"]
# Where the question stands in the timeline, and what people are doing: advice for a
# pilot that will touch real records, or for staff already using public AI tools,
# differs from the playbook's default placement of the same framework.
TOPICS: dict[Topic, re.Pattern[str]] = {
    "early": re.compile(
        r"\bbefore (?:the |our |a |any )?(?:ai |ml )?(?:pilot|poc|proof of concept|prototype|"
        r"we (?:start|begin|test|pilot)|starting|testing)\b"
        r"|\b(?:during|in|for) (?:the |our |an? )?(?:ai |ml )?(?:pilot|poc)\b"
        r"|\b(?:pilot|poc|proof of concept|prototype) (?:will |would |is going to |is to )?"
        r"(?:use|uses|read\w*|touch\w*|handle\w*|process\w*|work with|run on)\b"
        r"|\b(?:in|during) discovery\b",
        re.I,
    ),
    "staff": re.compile(
        # Data moved into a public tool, whoever moves it ("staff paste", "underwriters
        # dump", "half the office runs contracts through ChatGPT").
        r"\b(?:past|dump|upload|feed|put|run|copy|copie|typ|send|shar|us)\w*\b[^.?!\n]{0,80}?"
        r"\b(?:chatgpt|chat gpt|gemini|claude|copilot|deepseek|perplexity|grok|"
        r"(?:public|free|personal|consumer|online|outside|external|third[- ]party) "
        r"(?:ai|genai|gpt|chat ?bots?|llms?|ai (?:tools?|apps?|chat ?bots?|assistants?)))\b"
        r"|\bshadow (?:ai|it)\b",
        re.I,
    ),
    # Who decides that a pilot goes on, and on what: "who should approve moving it into
    # production", "what evidence", "go/no-go", "sign off on funding the next stage".
    "decision": re.compile(
        r"\b(?:approv\w*|signs? off(?: on)?|sign-?off (?:on|for|to)|green[- ]?light\w*) (?:the )?"
        r"(?:move|moving|going|rollout|roll-out|scal\w*|fund\w*|next stage|production|go-live|"
        r"deploy\w*|investment)\b|\bwho (?:should |will |must |can )?(?:approves?|signs? off)\b"
        r"|\bgo[-/ ]no[-/ ]go\b"
        r"|\b(?:what|which|on what) evidence\b|\binvestment decision\b"
        r"|\bdecid\w* (?:whether|if|when) (?:to |we )?(?:move|scale|invest|fund|go|continue)\b",
        re.I,
    ),
    # Why a model decides as it does, for whom: "explainable to our customers", "loan
    # officers need to understand why the model rejects an applicant". Filed under risk
    # (the areas are a contract), but with the playbook's explainability advice, not its
    # risk procedures.
    "explain": re.compile(
        r"\bexplainab\w*|\bexplanations?\b|\btransparen\w*|\binterpretab\w*|\bblack box\b"
        r"|\bexplain\w* (?:its|their|the|our|how the|why the) (?:model|ai|algorithm)'?s? "
        r"(?:decisions?|outputs?|predictions?|results?|scores?|recommendations?|decides?)\b"
        r"|\bwhy (?:the |our |an? |its )?(?:model|algorithm|ai)s? (?:rejects?|approves?|decides?|"
        r"flags?|scores?|recommends?|predicts?|chooses?|picks?|denies?|declines?|said|did)\b",
        re.I,
    ),
}


@dataclass(frozen=True)
class Rule:
    area: GovernanceArea
    action: str  # {regs} = " (here: GDPR)" when the question names a regulation
    rationale: str
    needles: tuple[str, ...]  # phrases of the sentence that supports it
    topic: Topic = ""  # "": always a candidate; else only when the question has the topic


RULES: tuple[Rule, ...] = (
    Rule(
        "compliance",
        "Settle the compliance requirements{regs} for the pilot's own data before it touches "
        "real records: which data it may use, how it is protected, and who signs that off.",
        "The playbook writes compliance requirements into governance policies in Phase 3, "
        "ahead of production data; a pilot that works on real records handles that kind of "
        "data from its first activity, when its datasets are gathered and prepared.",
        ("define the compliance requirements",),
        topic="early",
    ),
    Rule(
        "security",
        "Protect the pilot's data from day one: only the people who need it get access, and "
        "it stays encrypted, rather than waiting for the Phase 3 security frameworks.",
        "The playbook's security frameworks (identity management, access controls, "
        "encryption) come in Phase 3; a pilot on real records needs their basics earlier.",
        ("identity management", "encryption"),
        topic="early",
    ),
    Rule(
        "compliance",
        "Prepare the pilot's datasets under the same rules: clean and limit them to what the "
        "use case needs before anyone trains on them.",
        "Gathering, cleaning and preparing the datasets is the first pilot activity.",
        ("gather the relevant datasets",),
        topic="early",
    ),
    Rule(
        "security",
        "Tell staff in writing which AI tools they may use with company data, and which data "
        "(customer records above all) must never go into public tools.",
        "Clear governance policies define ownership, accountability and compliance "
        "requirements; staff pasting data into public tools work outside all of them.",
        ("define ownership and accountability",),
        topic="staff",
    ),
    Rule(
        "security",
        "Give staff an approved, secured tool for the same work, with access controls and "
        "monitoring, so the use moves off personal accounts.",
        "The playbook's security frameworks cover identity management, access controls, "
        "encryption and monitoring systems.",
        ("identity management", "access controls"),
        topic="staff",
    ),
    Rule(
        "ownership",
        "Train staff on the rules and the approved tool, and explain why: people change how "
        "they work when they get communication, training and support.",
        "Employees need clear communication, training and support before they fully embrace "
        "AI-powered workflows; too little of it is one of the four common mistakes.",
        ("communication, training and support",),
        topic="staff",
    ),
    Rule(
        "ownership",
        "Make moving the pilot into production an explicit decision of the people who fund "
        "the next stage, taken when the pilot ends.",
        "At the end of the pilot, decision-makers should have enough evidence to decide "
        "whether the solution deserves further investment.",
        ("deserves further investment",),
        topic="decision",
    ),
    Rule(
        "general",
        "Decide on two kinds of evidence: the results against the success metrics defined "
        "before the pilot, and the feedback of the business users who tried it.",
        "The playbook names both as the evidence for that decision; the metrics are set in "
        "discovery, so the pilot is judged against a bar fixed in advance.",
        ("predefined success metrics",),
        topic="decision",
    ),
    Rule(
        "security",
        "Put a security framework around each AI system before it reaches production: "
        "identity management, access controls, encryption and monitoring.",
        "The playbook places security frameworks in Phase 3, Infrastructure and Scalability "
        "Planning (months 5-7 of 12), so they are in place before production deployment.",
        ("identity management", "encryption"),
    ),
    Rule(
        "security",
        "Feed production models through managed pipelines that keep data accurate, secure and "
        "continuously updated, instead of manual copies.",
        "Production needs larger volumes of data than a pilot, and that data has to be "
        "accurate, secure and continuously updated.",
        ("accurate, secure and continuously updated",),
    ),
    Rule(
        "security",
        "Treat security as a standing governance framework that grows with the AI portfolio, "
        "not as a one-off project task.",
        "Security is one of the frameworks companies must establish as they scale, because "
        "these frameworks keep AI solutions reliable over time.",
        ("frameworks for security",),
    ),
    Rule(
        "compliance",
        "Write down the compliance requirements each AI system must meet{regs} in a governance "
        "policy during Phase 3, with an owner for each requirement.",
        "In Phase 3 clear governance policies define the compliance requirements, before "
        "production data flows.",
        ("define the compliance requirements",),
    ),
    Rule(
        "compliance",
        "Establish compliance as a governance framework before scaling beyond the pilot.",
        "Governance is one of the reasons AI projects never get past the pilot stage, and "
        "compliance is one of the frameworks organizations must establish as they scale.",
        ("compliance is another governance framework",),
    ),
    Rule(
        "compliance",
        "Consider an AI governance platform to track compliance, transparency and risk across "
        "all models.",
        "The playbook names AI governance platforms as an emerging trend that helps "
        "organizations manage compliance more effectively.",
        ("governance platforms help organizations manage compliance",),
    ),
    Rule(
        "ownership",
        "Name an accountable owner for each AI system in a governance policy: who answers for "
        "its outputs, its data and its risks.",
        "Clear governance policies define ownership and accountability; the playbook puts "
        "them in Phase 3, Infrastructure and Scalability Planning.",
        ("ownership and accountability",),
    ),
    Rule(
        "ownership",
        "Secure an executive sponsor who gives strategic direction and allocates resources.",
        "Executive sponsorship is one of the strongest predictors of AI success.",
        ("executive sponsorship is",),
    ),
    Rule(
        "ownership",
        "Make establishing governance frameworks an explicit responsibility of the leadership "
        "team.",
        "Establishing governance frameworks is one of the five practices of effective AI "
        "leadership.",
        ("establishing governance frameworks",),
    ),
    Rule(
        "monitoring",
        "Set up monitoring at go-live that tracks accuracy, reliability, usage patterns and "
        "business outcomes for every deployed model.",
        "Performance monitoring is a key activity of Phase 4, Production Deployment (months "
        "7-10 of 12).",
        ("accuracy, reliability, usage patterns",),
    ),
    Rule(
        "monitoring",
        "Retrain models on updated data on a schedule, and whenever monitoring shows accuracy "
        "slipping.",
        "In Phase 5, Optimization and Expansion, models are retrained on updated data to "
        "improve accuracy and performance.",
        ("retrained on updated data",),
    ),
    Rule(
        "monitoring",
        "Keep monitoring running after launch and review KPIs against the business case.",
        "AI systems need continuous monitoring, refinement and optimization to stay effective.",
        ("continuous monitoring, refinement",),
    ),
    Rule(
        "risk",
        "Decide, for each model, who must be able to follow its outputs (customers, the "
        "staff who act on them, auditors) and what explanation each of them gets, and write "
        "that into the governance policy before the model reaches them.",
        "Explainability is one of the governance frameworks companies must establish as they "
        "scale AI; the policy that defines ownership and compliance is where it is written.",
        ("explainability is one of",),
        topic="explain",
    ),
    Rule(
        "risk",
        "As models multiply, consider an AI governance platform to keep their transparency "
        "in one place rather than model by model.",
        "The playbook names AI governance platforms as the tools that help organizations "
        "manage transparency more effectively.",
        ("manage transparency more effectively",),
        topic="explain",
    ),
    Rule(
        "risk",
        "Have the business users who will rely on the outputs judge them in the pilot: "
        "whether they can use and trust what the model tells them is part of its results.",
        "In the pilot, business users evaluate the results and give feedback on usability, "
        "workflow integration and practical value.",
        ("usability, workflow integration and practical value",),
        topic="explain",
    ),
    Rule(
        "risk",
        "Define risk management procedures in the governance policy: how issues are detected, "
        "escalated and fixed.",
        "In Phase 3 clear governance policies define risk management procedures.",
        ("risk management procedures",),
    ),
    Rule(
        "risk",
        "Make each model's outputs explainable to the people who rely on them, and document "
        "how it reaches them.",
        "Explainability is one of the governance frameworks companies must establish as they "
        "scale AI.",
        ("explainability is one of",),
    ),
    Rule(
        "risk",
        "Roll out in stages, starting with a limited group of users, to catch issues before "
        "large-scale adoption.",
        "A phased rollout reduces risk and gives teams a chance to find issues early.",
        ("limited group of users",),
    ),
    Rule(
        "risk",
        "Start with one or two high-impact use cases rather than an enterprise-wide programme.",
        "Choosing one or two high-impact use cases keeps risk to a minimum.",
        ("one or two high-impact",),
    ),
    Rule(
        "general",
        "Establish governance frameworks for security, compliance, model monitoring, "
        "explainability and risk management as AI scales.",
        "These frameworks keep AI solutions reliable over time, and governance is one of the "
        "reasons AI projects stall at the pilot stage.",
        ("frameworks for security, compliance",),
    ),
)

TOPIC_SUMMARIES: dict[Topic, str] = {
    "early": "The pilot will handle real data, so settle its compliance{regs} and protect its "
    "data before it starts, rather than waiting for the Phase 3 policies.",
    "staff": "Staff are already putting company data into public AI tools: say in writing "
    "which tools and data are allowed, give them a secured alternative, and train them.",
    "explain": "Make each model's outputs explainable to the people who rely on them: "
    "explainability is one of the governance frameworks the playbook asks for as AI scales, "
    "and governance platforms help manage transparency.",
    "decision": "Moving a pilot into production is a decision for those who fund it, taken "
    "when the pilot ends, on the results against success metrics set in advance and the "
    "business users' feedback.",
}
SUMMARIES: dict[GovernanceArea, str] = {
    "security": "Secure AI with frameworks for identity management, access controls, encryption "
    "and monitoring, put in place during infrastructure planning (Phase 3), before production.",
    "compliance": "Write the compliance requirements{regs} into governance policies in Phase 3, "
    "so they are met before production data flows.",
    "ownership": "Give every AI system a named, accountable owner in the governance policy, "
    "backed by an executive sponsor.",
    "monitoring": "Monitor accuracy, reliability, usage and business outcomes from go-live "
    "(Phase 4) and retrain models on updated data (Phase 5).",
    "risk": "Manage risk with defined procedures, explainable models, a gradual rollout and a "
    "focused set of use cases.",
    "general": "Establish governance frameworks for security, compliance, model monitoring, "
    "explainability and risk management as AI scales.",
}


def classify(question: str) -> list[GovernanceArea]:
    """The governance areas a question is about, in the order it mentions them."""
    found: list[tuple[int, GovernanceArea]] = []
    for area, pattern in AREAS.items():
        match = pattern.search(question)
        if match:
            found.append((match.start(), area))
    areas = [a for _, a in sorted(found, key=lambda f: (f[0], list(AREAS).index(f[1])))]
    specific: list[GovernanceArea] = [a for a in areas if a != "general"]
    return specific or areas


# A question naming no area in its words ("is the chatbot allowed to see customer bank
# details?") takes the area of one of its first passages, as the search ranked them.
PASSAGES_FOR_AREA = 3


def area_of_passages(question: str, chunks: Sequence[Chunk]) -> list[GovernanceArea]:
    """The area of the first of the question's passages whose heading names one and
    that shares a word with the question (its text or the questions it answers)."""
    asked = set(terms(question))
    for chunk in chunks[:PASSAGES_FOR_AREA]:
        heading = chunk.section.rsplit(" > ", 1)[-1]
        area = next((a for a, p in AREAS.items() if a != "general" and p.search(heading)), None)
        if area and asked & set(terms(" ".join([chunk.text, *chunk.questions]))):
            return [area]
    return []


def compose_governance(task: GovernanceTask) -> GovernanceAnswer:
    # A follow-up's own words decide; what it follows fills in what they leave open
    # ("and who should own that?" after a question about HIPAA: ownership, for HIPAA).
    areas = (
        classify(task.question)
        or classify(task.context)
        or area_of_passages(f"{task.context} {task.question}", task.chunks)
    )
    named = f"{task.context} {task.question}"
    regulated = list(dict.fromkeys(m.surface for m in find_regulations(named)))
    regs = f" (here: {join_words(regulated)})" if regulated else ""
    if regulated and "compliance" not in areas:
        # A regulation named is a compliance question, whatever else it asks: "does FINMA
        # stuff change when we scale the pilot?" names no area's word.
        areas = ["compliance", *areas] if areas in ([], ["general"]) else [*areas, "compliance"]
    book = Book(task.chunks)
    asked = set(terms(task.question))
    topics = [t for t, pattern in TOPICS.items() if pattern.search(task.question)] or [
        t for t, pattern in TOPICS.items() if pattern.search(task.context)
    ]
    for topic in topics:  # a topic brings the areas its advice is filed under
        areas += [
            a for a in dict.fromkeys(r.area for r in RULES if r.topic == topic) if a not in areas
        ]
    broad = areas == ["general"]
    if broad:  # a general question: the overview, then the lead advice of each area
        areas = ["general", "security", "compliance", "ownership", "monitoring", "risk"]
    recs: list[Recommendation] = []
    made: list[Rule] = []  # the rule behind each recommendation
    for index, area in enumerate(areas):
        quota = 1 if broad else 3 if index == 0 else 2
        rules = [r for r in RULES if r.area == area and (not r.topic or r.topic in topics)]
        if not broad:
            # The question's own topic first, then the rules sharing most of its words.
            rules.sort(key=lambda r: (not r.topic, -len(asked & set(terms(r.action)))))
        for rule in rules:
            if quota == 0 or len(recs) >= MAX_RECOMMENDATIONS:
                break
            citation = book.cite(*rule.needles)
            if citation is None or any(citation in r.citations for r in recs):
                continue
            recs.append(
                Recommendation(
                    action=rule.action.replace("{regs}", regs),
                    rationale=rule.rationale,
                    area=area,
                    citations=[citation],
                )
            )
            made.append(rule)
            quota -= 1
    if len(recs) == 1:  # a second, broader recommendation rounds out a narrow answer
        rule = RULES[-1]
        citation = book.cite(*rule.needles)
        if citation is not None and citation not in recs[0].citations:
            recs.append(
                Recommendation(
                    action=rule.action,
                    rationale=rule.rationale,
                    area="general",
                    citations=[citation],
                )
            )
    if not recs:
        return GovernanceAnswer(
            question=task.question, summary=NOT_COVERED, grounded=False, provider="offline"
        )
    # An area a topic's advice already speaks to gets no default summary beside it: for
    # a pilot on real records, "in Phase 3" would contradict "before the pilot".
    spoken = {r.area for r in made if r.topic}
    covered = list(dict.fromkeys(r.area for r in recs if r.area not in spoken))
    said = [TOPIC_SUMMARIES[t] for t in topics if any(r.topic == t for r in made)]
    said += [SUMMARIES[a] for a in covered][: max(1, 3 - len(said))]
    summary = " ".join(s.replace("{regs}", regs) for s in said)
    citations: list[Citation] = []
    for rec in recs:
        for c in rec.citations:
            if c not in citations:
                citations.append(c)
    return GovernanceAnswer(
        question=task.question,
        summary=summary,
        grounded=True,
        recommendations=recs,
        citations=citations[:12],
        provider="offline",
    )
