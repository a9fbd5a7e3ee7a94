"""What the roadmap rules know about one company: profile, signals, chosen use cases."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.company import CompanyReading, phase_statuses
from advisor.company.lexicon import CLOUD_NAMES
from advisor.company.signals import Signals
from advisor.grounding import phase_windows
from advisor.llm.offline.text import capitalize, join_words
from advisor.llm.offline.usecases import Case, Kind, make_case, suggested_goal
from advisor.schemas import CompanyProfile, PhaseStatus

OPEN_GOAL = "select a first high-impact AI use case"
GENERIC_KIND = Kind(
    "use case",
    "",
    (),
    "operational efficiency",
    "the historical data the use case needs",
    "a first working model or automation for the chosen use case",
    "business users who will work with it",
    (
        "the business outcome the use case targets, against its baseline",
        "time saved per case handled",
        "adoption by the target users",
    ),
    ("accuracy rates", "productivity improvements", "cost savings"),
    "the systems the business users already use",
    "one team",
    "automating the adjacent manual steps",
    "",
    "the source data may identify customers or staff",
    "the business and its data change",
)


@dataclass(frozen=True)
class Ctx:
    profile: CompanyProfile
    signals: Signals
    cases: tuple[Case, ...]
    deferred: tuple[str, ...]
    horizon: int
    windows: tuple[tuple[int, int], ...]
    statuses: tuple[PhaseStatus, ...] = ("planned",) * 5

    @property
    def company(self) -> str:
        return self.profile.name or "the company"

    @property
    def company_start(self) -> str:
        """The company name at the start of a sentence."""
        name = self.company
        return name[:1].upper() + name[1:]

    @property
    def primary(self) -> Case:
        return self.cases[0]

    @property
    def second(self) -> Case | None:
        return self.cases[1] if len(self.cases) > 1 else None

    @property
    def kind(self) -> Kind:
        return self.primary.kind or GENERIC_KIND

    @property
    def low_data(self) -> bool:
        return self.profile.data_maturity == "low"

    @property
    def thin(self) -> bool:
        return self.signals.skills_thin or self.signals.no_data_team

    @property
    def regulated(self) -> bool:
        return bool(self.signals.regulated) or self.signals.privacy

    @property
    def regs(self) -> str:
        """'GDPR', 'GDPR and SOC 2', or 'data-protection rules' when only privacy is known."""
        return join_words(self.signals.regulated) or "data-protection rules"

    @property
    def systems(self) -> str:
        """'MercuryGate and SAP', 'the spreadsheets and the legacy ERP', or '' when the
        text names no system and no data source."""
        if self.profile.systems:
            return join_words(list(self.profile.systems[:4]))
        named = [s if s == "paper records" else f"the {s}" for s in self.signals.data_sources]
        return join_words(named)

    @property
    def legacy(self) -> list[str]:
        """Systems an integration must connect to: named ones, else generic ones."""
        if self.profile.systems:
            return [s for s in self.profile.systems[:4] if s.lower() not in ("excel",)]
        return [
            f"the {s}"
            for s in self.signals.data_sources
            if s not in ("spreadsheets", "paper records")
        ]

    @property
    def spreadsheets(self) -> bool:
        return "spreadsheets" in self.signals.data_sources

    @property
    def done(self) -> int:
        """How many phases are already behind the company."""
        return sum(1 for s in self.statuses if s == "done")

    @property
    def pilot_done(self) -> bool:
        return self.profile.stage in ("pilot_done", "in_production")

    @property
    def cloud(self) -> str | None:
        return CLOUD_NAMES.get(self.signals.cloud or "", None)

    @property
    def sequenced(self) -> bool:
        """Pilot the second use case only after the first: not when capacity is short."""
        return self.second is not None and (self.low_data or self.thin or self.signals.budget_tight)

    @property
    def sequenced_reason(self) -> str:
        if self.signals.budget_tight:
            return "the budget covers one pilot"
        if self.thin:
            return "the same few people would have to prepare both datasets"
        return "the data groundwork for it is not in place yet"

    @property
    def asset(self) -> str | None:
        """The data infrastructure a more mature company already has to build on."""
        return {
            "high": "the existing data platform and MLOps tooling",
            "medium": "the existing data warehouse",
        }.get(self.profile.data_maturity)

    @property
    def personal_data(self) -> str:
        """What the regulation calls the protected data."""
        if any("HIPAA" in r for r in self.signals.regulated):
            return "protected health information (PHI)"
        if any("PCI" in r for r in self.signals.regulated) and not self.signals.privacy:
            return "cardholder data"
        return "personal data"

    @property
    def personal(self) -> str:
        """Why the use case's data is sensitive (completes 'because ...')."""
        if self.profile.industry == "healthcare":
            return "the data carries patient identities and health details"
        return self.kind.personal

    @property
    def data_needed(self) -> str:
        return self.primary.fill(self.kind.data)

    def month(self, phase: int, end: bool = True) -> int:
        start, stop = self.windows[max(phase, min(self.done, len(self.windows) - 1))]
        return stop if end else start


def _the(label: str) -> str:
    return label if label.lower().startswith(("the ", "a ", "an ")) else f"the {label}"


def build_context(
    reading: CompanyReading, horizon: int, calendar: Mapping[str, tuple[int, int]] | None = None
) -> Ctx:
    profile = reading.profile
    signals = reading.signals
    goals = list(profile.goals)
    stated = bool(goals)
    if not goals:
        fallback = suggested_goal(profile.summary, profile.industry)
        goals = [fallback] if fallback else [OPEN_GOAL]
    count = 1 if signals.budget_tight else 2
    kinds = [reading.goal_kind] + [None] * (len(goals) - 1)
    cases = tuple(make_case(g, stated, kind) for g, kind in zip(goals[:count], kinds, strict=False))
    if cases[0].goal == OPEN_GOAL:
        cases = (
            Case(
                capitalize(OPEN_GOAL),
                OPEN_GOAL,
                "the first AI use case",
                "the first AI use case",
                None,
                False,
            ),
        )
    statuses = tuple(phase_statuses(profile.stage))
    return Ctx(
        profile=profile,
        signals=signals,
        cases=cases,
        deferred=tuple(_the(make_case(g).label) for g in goals[count:]),
        horizon=horizon,
        windows=tuple(phase_windows(horizon, statuses, calendar)),
        statuses=statuses,
    )


_REG_FOCUS = {
    "GDPR": "lawful basis, data minimisation and retention periods",
    "HIPAA": "protected health information, minimum-necessary access and business associate "
    "agreements",
    "PCI DSS": "keeping cardholder data out of the AI system's scope",
    "financial regulation": "model risk management, audit trails and explainability to the "
    "regulator",
    "SOX": "controls over financial reporting",
    "EU AI Act": "the use case's risk class and its transparency duties",
    "CCPA": "consumers' rights to know about and delete their data",
}
_REG_CHECK = {
    "GDPR": "a data protection impact assessment (DPIA)",
    "HIPAA": "a HIPAA security risk analysis",
    "financial regulation": "a model risk review",
    "EU AI Act": "an EU AI Act risk classification",
    "PCI DSS": "a PCI DSS scope review",
    "SOX": "a SOX controls review",
}
_HOSTING = {
    "GDPR": "with personal data hosted in the EU",
    "HIPAA": "under a HIPAA business associate agreement with the cloud provider",
}


def reg_focus(ctx: Ctx) -> str:
    parts = [_REG_FOCUS[r] for r in _canonical(ctx) if r in _REG_FOCUS]
    return "; ".join(parts[:2]) or "what data may be used, by whom and for how long"


def reg_check(ctx: Ctx) -> str:
    checks = [_REG_CHECK[r] for r in _canonical(ctx) if r in _REG_CHECK]
    return join_words(checks[:2]) or "a review of each compliance requirement"


def hosting(ctx: Ctx) -> str:
    notes = [_HOSTING[r] for r in _canonical(ctx) if r in _HOSTING]
    return f", {notes[0]}" if notes else ""


def _canonical(ctx: Ctx) -> list[str]:
    """The regulations as the rule tables name them ('PCI-DSS' is 'PCI DSS')."""
    out = []
    for written in ctx.signals.regulated:
        key = written.upper().replace("-", " ")
        out.append(
            next((k for k in _REG_FOCUS if k.upper() == key or key.startswith(k.upper())), written)
        )
    return out
