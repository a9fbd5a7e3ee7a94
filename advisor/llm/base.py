"""What every provider implements, and the tasks the jobs hand to it.

A provider composes a draft from the retrieved chunks; the agent verifies it
(advisor.grounding) and, when it fails, asks once more with the errors in
`feedback`. Providers never see the index, only the chunks of their task.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from advisor.company import CompanyReading
from advisor.company.readiness import DimensionReading
from advisor.schemas import (
    Answer,
    ChatKind,
    Chunk,
    GovernanceAnswer,
    JobOutput,
    ReadinessAssessment,
    Roadmap,
    Turn,
)

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class AnswerTask:
    # Each task names its job and the prompt template (prompts/) its openai draft fills.
    kind: ClassVar[ChatKind] = "answer"
    prompt: ClassVar[str] = "answer"

    question: str
    chunks: list[Chunk]
    history: list[Turn] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    # Set by the agent once its scope check passed: answer from the best passages
    # rather than abstain on a weak lexical match.
    in_scope: bool = False
    # Each phase's (start, end) month from the knowledge's front matter, for questions
    # about durations: computed from there, never hard-coded.
    calendar: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # The question's vector as the search made it, with the name of the model that made
    # it: a composer that reads by meaning need not embed the question again.
    question_vector: tuple[str, np.ndarray] | None = None


@dataclass(frozen=True)
class RoadmapTask:
    kind: ClassVar[ChatKind] = "roadmap"
    prompt: ClassVar[str] = "roadmap"

    description: str
    horizon_months: int
    chunks: list[Chunk]
    # The company as read and verified (advisor.company); providers plan from it.
    reading: CompanyReading | None = None
    feedback: list[str] = field(default_factory=list)
    # Phase windows from the knowledge's front matter (empty: the article's windows).
    calendar: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class GovernanceTask:
    kind: ClassVar[ChatKind] = "governance"
    prompt: ClassVar[str] = "governance"

    question: str
    chunks: list[Chunk]
    feedback: list[str] = field(default_factory=list)
    # The user's previous message, when the question is a follow-up to it ("and who
    # should own that?"): what "that" is.
    context: str = ""


@dataclass(frozen=True)
class AssessmentTask:
    kind: ClassVar[ChatKind] = "assessment"
    prompt: ClassVar[str] = "assess"

    description: str
    chunks: list[Chunk]
    # The company as read and verified, and the eight dimensions read from its words:
    # scores and evidence are set by code; a provider writes gaps, advice and citations.
    reading: CompanyReading
    dimensions: list[DimensionReading]
    feedback: list[str] = field(default_factory=list)


Task = AnswerTask | RoadmapTask | GovernanceTask | AssessmentTask
# Every job's task, so the prompts a provider needs are known without reading providers.
TASKS: tuple[type[Task], ...] = (AnswerTask, RoadmapTask, GovernanceTask, AssessmentTask)


@dataclass
class Usage:
    """Token usage of the model requests behind one output."""

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def add(self, input_tokens: int, output_tokens: int) -> None:
        self.requests += 1
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens


class Provider(Protocol):
    """Composes outputs from retrieved chunks. Implementations: openai, offline."""

    name: str
    repairs: bool  # whether re-asking with feedback can change the output

    async def compose(self, task: Task) -> JobOutput:
        """The draft of the task's job: an output of that job's schema, to be verified.
        Each provider keeps one table of its composers by `task.kind`."""
        ...

    # A tool-calling chat agent, or None: then chat routes by rules (advisor.agent.chat).
    @property
    def chat(self) -> ChatAgent | None: ...


@dataclass(frozen=True)
class ChatTools:
    """The jobs a chat agent may call; each returns a verified output."""

    search_playbook: Callable[[str], Awaitable[Answer]]
    draft_roadmap: Callable[[str, int | None], Awaitable[Roadmap]]
    answer_governance: Callable[[str], Awaitable[GovernanceAnswer]]
    assess_readiness: Callable[[str], Awaitable[ReadinessAssessment]]
    # Re-plan the session's roadmap from what the user's message changes.
    revise_roadmap: Callable[[str], Awaitable[Roadmap]]


@dataclass(frozen=True)
class ChatOutcome:
    """What a chat agent decided: the kind of reply and the verified result of its tool."""

    kind: ChatKind
    result: JobOutput
    agent_text: str = ""


ChatAgent = Callable[[str, list[Turn], ChatTools], Awaitable[ChatOutcome]]
