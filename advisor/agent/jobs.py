"""The jobs: ask, roadmap, governance, assess (advisor.agent.assessing). Retrieve,
compose, verify, repair once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar, cast

from pydantic import BaseModel

from advisor.agent.assessing import (
    assess,
    read_verified,
    readiness_of,
    with_form,
    with_readiness,
)
from advisor.agent.checks import Guard, check_answer, check_governance, check_roadmap
from advisor.agent.conversation import (
    FOLLOW_UP_WEIGHT,
    OffTopic,
    covered_parts,
    follow_up_query,
    named_item,
    read_question,
)
from advisor.agent.elsewhere import Elsewhere
from advisor.agent.inputs import plan_horizon, require_horizon, require_text, without_instructions
from advisor.agent.parts import not_covered_note, within_reach
from advisor.agent.profile import settle_profile
from advisor.agent.scope import in_scope, out_of_scope
from advisor.company import CompanyReading
from advisor.config import Settings
from advisor.errors import OutputValidationError
from advisor.grounding import injected_instructions, roadmap_errors, verify_facts
from advisor.llm.base import AnswerTask, GovernanceTask, Provider, RoadmapTask, Task, Turn
from advisor.llm.prompts import Prompts
from advisor.question_forms import listed_section, phase_moved_to, phase_work_asked
from advisor.retrieval.hybrid import HybridRetriever, Retrieval
from advisor.retrieval.index import KnowledgeIndex
from advisor.schemas import (
    PHASE_ORDER,
    Answer,
    Chunk,
    FactSource,
    GovernanceAnswer,
    JobOutput,
    ProfileOverrides,
    ReadinessAssessment,
    Roadmap,
)
from advisor.storage import issue_id

if TYPE_CHECKING:
    import numpy as np


def _max_length(model: type[BaseModel], name: str) -> int:
    """A text field's limit as the schema states it, so it is stated once."""
    return next(m.max_length for m in model.model_fields[name].metadata if hasattr(m, "max_length"))


MAX_ANSWER_CHARS = _max_length(Answer, "answer")
MAX_SUMMARY_CHARS = _max_length(GovernanceAnswer, "summary")
RetrievalListener = Callable[[list[Chunk]], None]
# Set by a caller that streams progress (the API's SSE route) to hear what was retrieved.
retrieval_listener: ContextVar[RetrievalListener | None] = ContextVar(
    "retrieval_listener", default=None
)
T = TypeVar("T", bound=JobOutput)

UNVERIFIED = (
    "No passage of the playbook could be verified for this answer, so it is withheld; "
    "see the warnings for what was dropped."
)
GOVERNANCE_QUERIES = {
    "security": "security identity management access controls encryption",
    "compliance": "compliance requirements governance policies regulation",
    "ownership": "ownership accountability governance policies",
    "monitoring": "performance monitoring accuracy reliability model monitoring",
    "risk": "risk management explainability transparency",
    # What staff are doing, and what a pilot's own data needs: the training and the
    # pilot's data preparation that governance advice for those questions cites.
    "people": "employees communication training support change management",
    "pilot data": "pilot data collection preparation datasets",
}
ROADMAP_CONTEXT = (
    "data readiness data quality pilot limited datasets",
    "select one or two high-impact use cases",
    "governance security compliance ownership",
    "executive sponsorship leadership",
    "common mistakes change management",
    "integration with ERP CRM existing systems",
)


@dataclass
class Advisor:
    """What a run needs, passed in explicitly."""

    settings: Settings
    index: KnowledgeIndex
    retriever: HybridRetriever
    provider: Provider
    prompts: Prompts
    # Phase windows from the knowledge's front matter (advisor.knowledge.calendar).
    calendar: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # Questions about other things, for the scope check (agent/elsewhere.py).
    elsewhere: Elsewhere | None = None

    # --- ask ----------------------------------------------------------------------------

    async def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        question = require_text(question, "question")
        reading = await read_question(
            question,
            history,
            lambda query, alone: self.retrieve(query, k=6, alone=alone),
            self.off_topic,
            self._knows,
        )
        if not reading.scoped:
            # Named by what the whole question asked for: "How long does it take, and
            # what will it cost in euros?" is refused for its euros, not its vagueness.
            refusal = out_of_scope(reading.whole, reading.searched)
            return self.stamp(Answer(question=question, answer=refusal, grounded=False))
        asked, retrieval, left_out = reading.asked, reading.retrieval, reading.left_out
        if reading.query == asked:
            asked, foreign_parts = await covered_parts(asked, self.retriever, self._knows)
            if foreign_parts:
                left_out = [*left_out, *foreign_parts]
                retrieval = await self.retrieve(asked, k=6)
        chunks = retrieval.chunks
        listed = listed_section(asked, chunks)
        if listed:
            # "What are the mistakes?": every item of the list the playbook gives, which
            # sits in the sub-sections of one file that the query's words may not reach.
            source = next(c.source for c in chunks if c.section.split(" > ")[0] == listed)
            store = self.index.store
            chunks = _merge(chunks, await asyncio.to_thread(store.of_source, source))
        elif phase := phase_work_asked(asked) or phase_moved_to(asked, reading.leaned):
            # "What are the activities of phase 3?": the phase's own passages first; a
            # search of all passages ranks "Discovery activities" above them. So for the
            # phase asked by where the asker stands: "We just finished discovery. What
            # comes next?", "and after that?".
            chunks = _merge((await self.retrieve(asked, k=4, phase=phase)).chunks, chunks)
        guard = self.guard(chunks, [question])

        async def compose(feedback: list[str]) -> Answer:
            task = AnswerTask(
                asked,
                chunks,
                list(history),
                feedback,
                in_scope=True,
                calendar=self.calendar,
                question_vector=self._searched_vector(asked),
            )
            return await self.draft(task, Answer)

        answer = await self.verified(compose, lambda a: check_answer(a, guard))
        if answer.grounded and not answer.citations:
            # Nothing the model said could be verified: withhold it rather than pass it on.
            answer = answer.model_copy(update={"grounded": False, "answer": UNVERIFIED})
        if left_out and answer.grounded:
            note = not_covered_note(left_out)
            text = f"{answer.answer[: MAX_ANSWER_CHARS - len(note) - 1]} {note}"
            answer = answer.model_copy(update={"answer": text})
        return self.stamp(answer.model_copy(update={"question": question}))

    # --- governance ---------------------------------------------------------------------

    async def governance(self, question: str, history: Sequence[Turn] = ()) -> GovernanceAnswer:
        """Structured recommendations; in a conversation a follow-up ("and who should own
        that?") is read with the user's previous message, as a question is."""
        question = require_text(question, "question")
        asked = named_item(without_instructions(question), history)
        query = follow_up_query(asked, history)
        context = query[: len(query) - len(asked)].strip() if query != asked else ""
        retrieval = await self.retrieve(query, k=6, alone=asked if context else None)
        # "Who owns it, and what are the fines under the Act?": the part asking for what
        # no passage gives is left out and named, the rest answered.
        asked, left_out = within_reach(asked, [c.text for c in retrieval.chunks])
        if left_out:
            query = f"{context} {asked}".strip()
            retrieval = await self.retrieve(query, k=6, alone=asked if context else None)
        if not await asyncio.to_thread(
            in_scope, query, retrieval, self._knows, self.off_topic.nearer
        ) or (history and await asyncio.to_thread(self.off_topic.alone, asked)):
            refusal = out_of_scope(asked, [c.text for c in retrieval.chunks])
            return self.stamp(GovernanceAnswer(question=question, summary=refusal, grounded=False))
        extra = await self.retrieve_many(list(GOVERNANCE_QUERIES.values()), k=3)
        chunks = _merge(retrieval.chunks, extra)
        guard = self.guard(chunks, [question])

        async def compose(feedback: list[str]) -> GovernanceAnswer:
            task = GovernanceTask(asked, chunks, feedback, context=context)
            return await self.draft(task, GovernanceAnswer)

        answer = await self.verified(compose, lambda a: check_governance(a, guard))
        if (
            answer.grounded
            and not answer.citations
            and not any(r.citations for r in answer.recommendations)
        ):
            answer = answer.model_copy(
                update={"grounded": False, "summary": UNVERIFIED, "recommendations": []}
            )
        if left_out and answer.grounded:
            note = not_covered_note(left_out)
            summary = f"{answer.summary[: MAX_SUMMARY_CHARS - len(note) - 1]} {note}"
            answer = answer.model_copy(update={"summary": summary})
        return self.stamp(answer.model_copy(update={"question": question}))

    # --- roadmap ------------------------------------------------------------------------

    async def roadmap(
        self,
        description: str,
        horizon_months: int | None = None,
        profile_overrides: ProfileOverrides | None = None,
    ) -> Roadmap:
        description = require_text(description, "company description")
        if horizon_months is not None:
            require_horizon(horizon_months)
        reading, fact_notes = await read_verified(description)
        stated = reading.profile.horizon_months  # what the text asks for
        reading = with_form(reading, profile_overrides)
        profile = reading.profile
        if profile_overrides is not None:
            # A horizon entered in the form is the user's explicit request.
            horizon_months = horizon_months or profile_overrides.horizon_months
        horizon, horizon_note = plan_horizon(horizon_months, stated)
        if horizon_note:
            profile = profile.model_copy(
                update={"open_questions": [*profile.open_questions, horizon_note][:12]}
            )
        reading = replace(reading, profile=profile)
        return await self.plan(description, reading, horizon, fact_notes)

    async def plan(
        self,
        description: str,
        reading: CompanyReading,
        horizon: int,
        fact_notes: Sequence[str] = (),
        messages: str = "",
    ) -> Roadmap:
        """A roadmap for a company already read and verified: retrieve, compose, verify,
        settle. `messages` holds the chat messages that revised the reading, which its
        message facts quote."""
        profile = reading.profile
        texts: dict[FactSource, str] = {"description": description, "message": messages}
        # Regex work over the whole text: off the event loop, like the company reading.
        dims = await asyncio.to_thread(readiness_of, description, reading, messages)
        focus = " ".join(profile.goals)[:300]
        # One search for the five phases and the context (retrieve_many): the context
        # queries reach the failure reasons, the mistakes and the phase sections, from
        # which the weak dimensions' activities come (with_readiness).
        phase_queries = [f"{phase} phase activities {focus}" for phase in PHASE_ORDER]
        context_queries = [f"{q} {focus}" for q in ROADMAP_CONTEXT]
        found = await self.retrieve_all(
            [*phase_queries, *context_queries],
            k=[5] * len(phase_queries) + [3] * len(context_queries),
            phases=[*PHASE_ORDER, *[None] * len(context_queries)],
        )
        # Phase passages first, by phase and rank; then the context passages by rank
        # across their queries, so a provider that shows the model only the first few
        # of each kind (the openai one, four) shows the best of the first queries
        # rather than three of one.
        by_phase, by_context = found[: len(phase_queries)], found[len(phase_queries) :]
        chunks = _merge(*(r.chunks for r in by_phase), *_by_rank([r.chunks for r in by_context]))
        guard = self.guard(chunks, [description, messages])

        async def compose(feedback: list[str]) -> Roadmap:
            task = RoadmapTask(description, horizon, chunks, reading, feedback, self.calendar)
            draft = await self.draft(task, Roadmap)
            return draft.model_copy(update={"horizon_months": horizon})

        roadmap = await self.verified(compose, lambda r: check_roadmap(r, guard, self.calendar))
        _require_phase_citations(roadmap)
        roadmap = with_readiness(roadmap, dims, chunks)
        company, notes = settle_profile(roadmap.company, profile, description)
        company, late = verify_facts(company, texts)
        notes += late
        roadmap = roadmap.model_copy(
            update={"company": company, "warnings": [*roadmap.warnings, *fact_notes, *notes]}
        )
        if roadmap_errors(roadmap):
            raise OutputValidationError(
                "the model's roadmap breaks the phase rules: " + "; ".join(roadmap_errors(roadmap)),
                attempts=2,
            )
        return self.stamp(
            roadmap.model_copy(
                update={
                    "id": roadmap.id or issue_id(),
                    "playbook_version": self.playbook_version(),
                }
            )
        )

    # --- assess -------------------------------------------------------------------------

    async def assess(
        self, description: str, profile_overrides: ProfileOverrides | None = None
    ) -> ReadinessAssessment:
        description = require_text(description, "company description")
        return await assess(self, description, profile_overrides)

    # --- shared machinery ---------------------------------------------------------------

    def _searched_vector(self, text: str) -> tuple[str, np.ndarray] | None:
        """The vector a search of exactly this text made, with its model's name."""
        model = self.index.embedder.name
        vector = self.retriever.kept_vector(text, model)
        return None if vector is None else (model, vector)

    def _knows(self, word: str) -> bool:
        return self.index.bm25().knows(word)

    @property
    def off_topic(self) -> OffTopic:
        return OffTopic(self.retriever, self.elsewhere, self._searched_vector)

    def playbook_version(self) -> str:
        return (self.index.store.fingerprint() or "")[:12]

    async def retrieve(
        self, query: str, k: int, phase: str | None = None, alone: str | None = None
    ) -> Retrieval:
        """The passages for a query; for a follow-up (`query` joined to the previous
        message), its own words' ranking fused with the joined one's, so that what it
        asks ("what should we measure?") is not drowned by what was asked before."""
        if alone is not None:
            found = await asyncio.to_thread(
                self.retriever.fused, query, alone, FOLLOW_UP_WEIGHT, k, phase
            )
        else:
            found = await asyncio.to_thread(self.retriever.retrieve, query, k, phase)
        listener = retrieval_listener.get()
        if listener is not None:
            listener(found.chunks)
        return found

    async def prime(self, queries: Sequence[str]) -> None:
        await asyncio.to_thread(self.retriever.prime, queries)

    async def retrieve_many(self, queries: Sequence[str], k: int) -> list[Chunk]:
        return _merge(*(r.chunks for r in await self.retrieve_all(queries, k)))

    async def retrieve_all(
        self,
        queries: Sequence[str],
        k: int | Sequence[int],
        phases: Sequence[str | None] | None = None,
    ) -> list[Retrieval]:
        """Each query's retrieval, searched together (HybridRetriever.retrieve_many)."""
        found = await asyncio.to_thread(self.retriever.retrieve_many, queries, k, phases)
        listener = retrieval_listener.get()
        for retrieval in found:
            if listener is not None:
                listener(retrieval.chunks)
        return found

    async def draft(self, task: Task, schema: type[T]) -> T:
        """The provider's draft for a task, held to the schema of the task's job."""
        output = await self.provider.compose(task)
        if not isinstance(output, schema):
            raise OutputValidationError(
                f"the {self.provider.name} provider returned a {type(output).__name__} "
                f"for a {task.kind} task",
                attempts=1,
            )
        return output

    def guard(self, chunks: Sequence[Chunk], untrusted: Sequence[str]) -> Guard:
        suspicious = injected_instructions([*untrusted, *(c.text for c in chunks)])
        store = self.index.store
        # Every prompt file: a leak of the roadmap or assessment prompt is a leak too.
        prompts = list(self.prompts.templates.values())
        return Guard(chunks, lambda cid: bool(store.get([cid])), suspicious, prompts)

    async def verified(
        self,
        compose: Callable[[list[str]], Awaitable[T]],
        check: Callable[[T], tuple[T, list[str]]],
    ) -> T:
        """Compose, verify; on errors re-ask once with them; drop what still fails."""
        checked: tuple[T, list[str]] = check(await compose([]))
        if checked[1] and self.provider.repairs:
            checked = check(await compose(checked[1]))
        output = checked[0]
        errors = checked[1]
        if errors:
            warnings = [*output.warnings, *(f"dropped: {e}" for e in errors)]
            output = cast(T, output.model_copy(update={"warnings": warnings}))
        return output

    def stamp(self, output: T) -> T:
        stamp = {"provider": self.provider.name, "prompt_version": self.prompts.version}
        return cast(T, output.model_copy(update=stamp))


def _by_rank(groups: Sequence[Sequence[Chunk]]) -> list[list[Chunk]]:
    """Groups of the first, then second, ... chunk of each group (round robin)."""
    depth = max((len(g) for g in groups), default=0)
    return [[g[i] for g in groups if i < len(g)] for i in range(depth)]


def _merge(*groups: Sequence[Chunk]) -> list[Chunk]:
    seen: dict[str, Chunk] = {}
    for group in groups:
        for chunk in group:
            seen.setdefault(chunk.chunk_id, chunk)
    return list(seen.values())


def _require_phase_citations(roadmap: Roadmap) -> None:
    """Every phase carries a citation the composer gave it and code verified. One still
    without after the re-ask fails the job: code never attaches a citation to content
    it was not given for, so a roadmap cannot look grounded where it is not."""
    bare = [p.phase for p in roadmap.phases if not p.citations]
    if bare:
        raise OutputValidationError(
            "the roadmap's phases "
            + ", ".join(bare)
            + " have no verified citation after a re-ask; nothing was returned",
            attempts=2,
        )
