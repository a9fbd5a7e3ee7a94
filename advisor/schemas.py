"""Pure Pydantic models of the advisor's inputs and outputs (no I/O, no project imports).

Field descriptions double as the JSON schema a language model sees; every string and
list is bounded so no model can return unbounded output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

PhaseName = Literal["discovery", "pilot", "infrastructure", "production", "optimization"]
PHASE_ORDER: tuple[PhaseName, ...] = (
    "discovery",
    "pilot",
    "infrastructure",
    "production",
    "optimization",
)
DataMaturity = Literal["low", "medium", "high", "unknown"]
Stage = Literal[
    "exploring",
    "pilot_planned",
    "pilot_running",
    "pilot_stalled",
    "pilot_done",
    "in_production",
    "unknown",
]
STAGES: tuple[Stage, ...] = get_args(Stage)
FactSource = Literal["description", "message", "form"]
PhaseStatus = Literal["planned", "review", "done"]
GovernanceArea = Literal["security", "compliance", "ownership", "monitoring", "risk", "general"]
Priority = Literal["high", "medium", "low"]
ReadinessDimension = Literal[
    "business_alignment",
    "data_readiness",
    "integration",
    "infrastructure",
    "governance_security",
    "leadership",
    "change_management",
    "focus",
]
DIMENSIONS: tuple[ReadinessDimension, ...] = get_args(ReadinessDimension)
# score None -> unknown, 0 -> not_ready, 1 -> weak, 2 -> developing, 3 -> ready
ReadinessLevel = Literal["unknown", "not_ready", "weak", "developing", "ready"]
# The playbook's advice: one or two high-impact use cases (a roadmap carries no more).
MAX_USE_CASES = 2

ShortText = Field(max_length=300)


class Chunk(BaseModel):
    """One retrievable passage of the knowledge base."""

    chunk_id: str = Field(description="Stable id: document id + content hash.", max_length=200)
    source: str = Field(description="Path relative to the knowledge root.", max_length=500)
    section: str = Field(description="Heading path, ' > ' joined.", max_length=500)
    phase: PhaseName | None = Field(default=None, description="Playbook phase, if any.")
    text: str = Field(description="The passage itself.")
    score: float | None = Field(default=None, description="Retrieval score (search only).")
    questions: list[str] = Field(
        default_factory=list,
        description="Questions the passage answers (the knowledge's front matter): searched "
        "beside the text, never quoted.",
    )


class Citation(BaseModel):
    """A passage the output relies on; quote is a verbatim excerpt of the chunk."""

    chunk_id: str = Field(description="chunk_id of a retrieved passage.", max_length=200)
    source: str = Field(default="", description="Source of that passage.", max_length=500)
    section: str = Field(default="", description="Section of that passage.", max_length=500)
    quote: str = Field(
        description="Verbatim excerpt of the passage text, copied exactly (1-300 characters).",
        min_length=1,
        max_length=300,
    )


class Answer(BaseModel):
    question: str = Field(max_length=20_000)
    answer: str = Field(description="A short reply grounded in the passages.", max_length=4000)
    grounded: bool = Field(
        description="False when the playbook does not cover the question; then cite nothing."
    )
    citations: list[Citation] = Field(default_factory=list, max_length=12)
    warnings: list[str] = Field(default_factory=list, max_length=50)
    provider: str = Field(default="", max_length=40)
    prompt_version: str = Field(default="", max_length=40)


class Fact(BaseModel):
    """One thing read about the company, with the words that prove it.

    For source description or message, evidence is a verbatim (whitespace-normalised)
    excerpt of that text, verified by code like a citation; for form it is the value
    the user entered."""

    field: str = Field(description="The profile field this fact supports.", max_length=40)
    value: str = Field(description="What was read, e.g. '500' or 'pilot_done'.", max_length=300)
    evidence: str = Field(
        description="Verbatim excerpt of the text that states it (1-300 characters).",
        min_length=1,
        max_length=300,
    )
    source: FactSource = "description"


class CompanyProfile(BaseModel):
    name: str | None = Field(default=None, description="Company name if stated.", max_length=120)
    industry: str | None = Field(
        default=None, description="Industry, e.g. logistics.", max_length=80
    )
    employees: int | None = Field(
        default=None, description="Head count if stated.", ge=1, le=10_000_000
    )
    summary: str = Field(
        default="", description="One-sentence summary of the company.", max_length=600
    )
    goals: list[str] = Field(
        default_factory=list, description="Stated goals and use cases.", max_length=8
    )
    constraints: list[str] = Field(
        default_factory=list,
        description="Budget, skills, regulation, privacy, legacy systems.",
        max_length=10,
    )
    data_maturity: DataMaturity = Field(
        default="unknown", description="low | medium | high | unknown"
    )
    stage: Stage = Field(
        default="unknown",
        description="Where the company stands: exploring | pilot_planned | pilot_running | "
        "pilot_stalled | pilot_done | in_production | unknown",
    )
    horizon_months: int | None = Field(
        default=None, description="The plan horizon the text asks for, if any.", ge=1, le=120
    )
    regulations: list[str] = Field(
        default_factory=list,
        description="Regulations and standards named, as written (GDPR, SOC 2).",
        max_length=12,
    )
    systems: list[str] = Field(
        default_factory=list,
        description="Named systems, as written (SAP, Guidewire ClaimCenter).",
        max_length=16,
    )
    facts: list[Fact] = Field(
        default_factory=list, description="What was read, each with its evidence.", max_length=60
    )
    open_questions: list[str] = Field(
        default_factory=list,
        description="What the plan had to assume because the text did not say it.",
        max_length=12,
    )


class ProfileOverrides(BaseModel):
    """What a user states about the company in a form: each field given replaces what
    was read from the description, and is recorded as a fact from the form."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    industry: str | None = Field(default=None, min_length=1, max_length=80)
    employees: int | None = Field(default=None, ge=1, le=10_000_000)
    stage: Stage | None = None
    horizon_months: int | None = Field(default=None, ge=6, le=36)
    data_maturity: DataMaturity | None = None
    goals: list[str] | None = Field(default=None, max_length=8)
    systems: list[str] | None = Field(default=None, max_length=16)
    regulations: list[str] | None = Field(default=None, max_length=12)
    constraints: list[str] | None = Field(default=None, max_length=10)


class PhasePlan(BaseModel):
    phase: PhaseName
    title: str = Field(max_length=120)
    status: PhaseStatus = Field(
        default="planned",
        description="planned | review (re-check its exit criteria) | done (already behind "
        "the company; zero width at month 0)",
    )
    start_month: int = Field(ge=0, le=36)
    end_month: int = Field(ge=0, le=36)
    objectives: list[str] = Field(default_factory=list, max_length=8)
    activities: list[str] = Field(default_factory=list, max_length=12)
    deliverables: list[str] = Field(default_factory=list, max_length=8)
    success_metrics: list[str] = Field(default_factory=list, max_length=8)
    risks: list[str] = Field(default_factory=list, max_length=8)
    citations: list[Citation] = Field(description="At least one verified citation.", max_length=8)


class UseCase(BaseModel):
    name: str = Field(max_length=120)
    business_objective: str = Field(max_length=300)
    rationale: str = Field(max_length=600)
    priority: Priority = "high"
    citations: list[Citation] = Field(default_factory=list, max_length=6)


class Change(BaseModel):
    """One field a revision changed, with the words of the message that changed it."""

    field: str = Field(max_length=40)
    old: str = Field(default="", max_length=600)
    new: str = Field(default="", max_length=600)
    evidence: str = Field(
        description="Verbatim excerpt of the user's message that asks for the change.",
        max_length=300,
    )


class ReadinessSummary(BaseModel):
    """What a roadmap carries of the readiness assessment behind it."""

    overall: float | None = Field(default=None, ge=0, le=3)
    level: ReadinessLevel = "unknown"
    scores: dict[ReadinessDimension, int | None] = Field(default_factory=dict)
    weak: list[ReadinessDimension] = Field(
        default_factory=list, description="Dimensions scored 0 or 1.", max_length=8
    )


class Roadmap(BaseModel):
    id: str = Field(default="", max_length=64)
    company: CompanyProfile
    horizon_months: int = Field(default=12, ge=6, le=36)
    phases: list[PhasePlan] = Field(
        description="Exactly five phases in playbook order.", max_length=5
    )
    use_cases: list[UseCase] = Field(
        default_factory=list, description="One or two, not more.", max_length=3
    )
    risks: list[str] = Field(default_factory=list, max_length=12)
    assumptions: list[str] = Field(default_factory=list, max_length=12)
    playbook_version: str = Field(default="", max_length=64)
    provider: str = Field(default="", max_length=40)
    prompt_version: str = Field(default="", max_length=40)
    warnings: list[str] = Field(default_factory=list, max_length=50)
    revision_of: str | None = Field(
        default=None, description="The id of the roadmap this one revises.", max_length=64
    )
    changes: list[Change] = Field(default_factory=list, max_length=20)
    readiness: ReadinessSummary | None = None


class DimensionScore(BaseModel):
    dimension: ReadinessDimension
    score: int | None = Field(
        default=None, ge=0, le=3, description="0-3, or null when the text gives no evidence."
    )
    level: ReadinessLevel = "unknown"
    evidence: list[Fact] = Field(
        default_factory=list, description="Facts quoting the description.", max_length=8
    )
    gaps: list[str] = Field(default_factory=list, max_length=6)
    recommendations: list[str] = Field(default_factory=list, max_length=6)
    citations: list[Citation] = Field(
        default_factory=list, description="Why the dimension matters, verified.", max_length=4
    )


class ReadinessRisk(BaseModel):
    risk: str = Field(max_length=400)
    dimension: ReadinessDimension
    citations: list[Citation] = Field(default_factory=list, max_length=4)


class OverallReadiness(BaseModel):
    score: float | None = Field(
        default=None, ge=0, le=3, description="Mean of the known scores, or null."
    )
    level: ReadinessLevel = "unknown"
    summary: str = Field(default="", max_length=1200)


class ReadinessAssessment(BaseModel):
    id: str = Field(default="", max_length=64)
    company: CompanyProfile
    dimensions: list[DimensionScore] = Field(
        description="Exactly the eight dimensions, in order.", max_length=8
    )
    overall: OverallReadiness = Field(default_factory=OverallReadiness)
    top_risks: list[ReadinessRisk] = Field(default_factory=list, max_length=5)
    next_steps: list[str] = Field(default_factory=list, max_length=8)
    playbook_version: str = Field(default="", max_length=64)
    provider: str = Field(default="", max_length=40)
    prompt_version: str = Field(default="", max_length=40)
    warnings: list[str] = Field(default_factory=list, max_length=50)


class Recommendation(BaseModel):
    action: str = Field(max_length=400)
    rationale: str = Field(max_length=800)
    area: GovernanceArea = "general"
    citations: list[Citation] = Field(default_factory=list, max_length=6)


class GovernanceAnswer(BaseModel):
    question: str = Field(max_length=20_000)
    summary: str = Field(max_length=2000)
    grounded: bool
    recommendations: list[Recommendation] = Field(default_factory=list, max_length=10)
    citations: list[Citation] = Field(default_factory=list, max_length=12)
    warnings: list[str] = Field(default_factory=list, max_length=50)
    provider: str = Field(default="", max_length=40)
    prompt_version: str = Field(default="", max_length=40)


ChatKind = Literal["answer", "roadmap", "governance", "assessment"]
Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Turn:
    """One earlier message of a chat session, for resolving follow-ups."""

    role: Role
    text: str


JobOutput = Answer | Roadmap | GovernanceAnswer | ReadinessAssessment


class ChatReply(BaseModel):
    """One chat turn's result: exactly one of answer, roadmap, governance, assessment
    is set, the one named by kind."""

    session_id: str = Field(max_length=64)
    kind: ChatKind
    answer: Answer | None = None
    roadmap: Roadmap | None = None
    governance: GovernanceAnswer | None = None
    assessment: ReadinessAssessment | None = None

    @property
    def result(self) -> JobOutput:
        found = getattr(self, self.kind)
        assert found is not None, f"a {self.kind} reply without its {self.kind}"
        return found


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    kind: ChatKind | None = None
    text: str
    payload: dict[str, object] | None = None
    created_at: str


class ChatHistory(BaseModel):
    session_id: str
    messages: list[ChatMessage]


class IngestSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    documents: int
    chunks: int
    added: int
    updated: int
    removed: int
    unchanged: int
    flagged: list[dict[str, str]] = Field(
        default_factory=list,
        description="Sentences screened out as instructions planted for the model, each "
        "with source, section, chunk_id, kind (secret | exfiltration | instruction) and "
        "sentence: they stay in the index and are never quoted.",
    )
