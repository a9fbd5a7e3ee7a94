"""The jobs: ask, roadmap, governance, assess (advisor.agent.assessing). Retrieve,
compose, verify, repair once."""

from __future__ import annotations

import asyncio
import re
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
from advisor.agent.elsewhere import ALONE_MARGIN, MARGIN, Elsewhere
from advisor.agent.parts import (
    foreign,
    joined,
    not_covered_note,
    question_parts,
    reachable,
    uncovered,
    within_reach,
)
from advisor.agent.profile import settle_profile
from advisor.agent.scope import CLEAR_SIMILARITY, in_scope, out_of_scope, speaks_domain
from advisor.company import CompanyReading
from advisor.config import Settings
from advisor.errors import InputError, OutputValidationError
from advisor.grounding import (
    MAX_HORIZON,
    MIN_HORIZON,
    injected_instructions,
    roadmap_errors,
    scrub,
    verify_facts,
)
from advisor.llm.base import AnswerTask, GovernanceTask, Provider, RoadmapTask, Task, Turn
from advisor.llm.prompts import Prompts
from advisor.question_forms import (
    leaned_on,
    listed_section,
    phase_work_asked,
    resolve_item,
    speaks_of_us,
)
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

MAX_INPUT_CHARS = 20_000


def _max_length(model: type[BaseModel], name: str) -> int:
    """A text field's limit as the schema states it, so it is stated once."""
    return next(m.max_length for m in model.model_fields[name].metadata if hasattr(m, "max_length"))


MAX_ANSWER_CHARS = _max_length(Answer, "answer")
MAX_SUMMARY_CHARS = _max_length(GovernanceAnswer, "summary")
# A letter or digit somewhere: ASCII ones, or any character past Latin-1's symbols
# (accented letters, other scripts), so "???" or "..." is refused as having no words.
# The API schema's pattern for every text field (api/openapi.py NOT_BLANK) is this one.
WORD_PATTERN = "[0-9A-Za-z\u00c0-\uffff]"
HAS_WORD = re.compile(WORD_PATTERN)
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


# A follow-up's own words' ranking counts this much beside the ranking of it joined to
# the previous message (chosen on the conversations' dev split: 0, 0.5, 1 and 2 measured
# 0.404, 0.427, 0.396 and 0.396 completeness; docs/evals.md).
FOLLOW_UP_WEIGHT = 0.5


def named_item(message: str, history: Sequence[Turn]) -> str:
    """The message with "the last one" of the previous reply's numbered list named."""
    replied = next((t.text for t in reversed(history) if t.role == "assistant"), None)
    return resolve_item(message, replied)


def follow_up_query(message: str, history: Sequence[Turn]) -> str:
    """The retrieval query for a message: a short follow-up ("and how long does that
    take?") borrows the topic of the previous user message."""
    context = leaned_on(message, [t.text for t in history if t.role == "user"])
    return f"{context} {message}" if context else message


def without_instructions(text: str) -> str:
    """The request with sentences that try to instruct the assistant taken out: they are
    data, never instructions, and they should not steer retrieval either."""
    cleaned = scrub(text, injected_instructions([text]))
    return cleaned or text


def require_text(value: str, what: str) -> str:
    if not value or not value.strip():
        raise InputError(f"the {what} is empty")
    if not HAS_WORD.search(value[:MAX_INPUT_CHARS]):
        raise InputError(f"the {what} has no words, only white space or punctuation")
    if len(value) > MAX_INPUT_CHARS:
        raise InputError(
            f"the {what} is {len(value):,} characters; the limit is {MAX_INPUT_CHARS:,}"
        )
    return value.strip()


def require_horizon(months: int) -> int:
    if not MIN_HORIZON <= months <= MAX_HORIZON:
        raise InputError(f"the horizon must be {MIN_HORIZON} to {MAX_HORIZON} months, not {months}")
    return months


DEFAULT_HORIZON = 12


def plan_horizon(explicit: int | None, stated: int | None) -> tuple[int, str | None]:
    """The plan's horizon: an explicit argument, then what the text asks for, then the
    playbook's 12 months. A stated horizon outside what a plan can cover is brought to
    the nearest bound, and the note says so."""
    if explicit is not None:
        note = None
        if stated is not None and stated != explicit:
            note = (
                f"The text asks for {stated} months; the plan uses the {explicit} months requested."
            )
        return require_horizon(explicit), note
    if stated is None:
        return DEFAULT_HORIZON, None
    bounded = min(max(stated, MIN_HORIZON), MAX_HORIZON)
    if bounded != stated:
        return bounded, (
            f"The text asks for {stated} months; a plan through all five phases needs "
            f"{MIN_HORIZON} to {MAX_HORIZON}, so it uses {bounded}."
        )
    return stated, None


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
        asked = without_instructions(question)
        asked = named_item(asked, history)
        query = follow_up_query(asked, history)
        follow_up = asked if query != asked else None
        retrieval = await self.retrieve(query, k=6, alone=follow_up)
        whole = query
        passages = [c.text for c in retrieval.chunks]
        asked, query, left_out = reachable(asked, query, passages)
        if query != whole:
            retrieval = await self.retrieve(query, k=6)
        # In a conversation the contrast reads the question after the user's last one:
        # "what are the risks of going too fast?" after a message about rolling an AI
        # assistant out is about that rollout.
        said = next((t.text for t in reversed(history) if t.role == "user"), None)

        def elsewhere(text: str, found: Retrieval) -> bool:
            return self._nearer_elsewhere(text if said is None else f"{said} {text}", found)

        scoped = await asyncio.to_thread(in_scope, query, retrieval, self._knows, elsewhere)
        if not scoped and follow_up is None and query == whole and speaks_of_us(asked, said):
            # "ok, which should we fix first?": no word of the playbook's and no pointer
            # back, but a short message about the asker's own work, in a conversation.
            joined = f"{said} {asked}"
            found = await self.retrieve(joined, k=6, alone=asked)
            if await asyncio.to_thread(in_scope, joined, found, self._knows, elsewhere):
                query, whole, retrieval, follow_up, scoped = joined, joined, found, asked, True
                passages = [c.text for c in found.chunks]
        if not scoped or (
            said is not None and await asyncio.to_thread(self._elsewhere_alone, follow_up or asked)
        ):
            # Named by what the whole question asked for: "How long does it take, and
            # what will it cost in euros?" is refused for its euros, not its vagueness.
            refusal = out_of_scope(whole, passages)
            return self.stamp(Answer(question=question, answer=refusal, grounded=False))
        if query == asked:
            asked, foreign_parts = await self._covered_parts(asked)
            if foreign_parts:
                left_out += foreign_parts
                retrieval = await self.retrieve(asked, k=6)
        chunks = retrieval.chunks
        listed = listed_section(asked, chunks)
        if listed:
            # "What are the mistakes?": every item of the list the playbook gives, which
            # sits in the sub-sections of one file that the query's words may not reach.
            source = next(c.source for c in chunks if c.section.split(" > ")[0] == listed)
            store = self.index.store
            chunks = _merge(chunks, await asyncio.to_thread(store.of_source, source))
        elif (phase := phase_work_asked(asked)) is not None:
            # "What are the activities of phase 3?": the phase's own passages first; a
            # search of all passages ranks "Discovery activities" above them.
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

    async def _covered_parts(self, asked: str) -> tuple[str, list[str]]:
        """The parts of a question the playbook covers, joined, and those it does not
        ("..., and what is the capital of France?"); the whole when all or none are."""
        parts = question_parts(asked)
        suspects = [p for p in parts if foreign(p, self._knows)] if len(parts) > 1 else []
        if not suspects:
            return asked, []
        # Searched without telling a listener: these passages are not the reply's.
        await self.prime(suspects)
        found = await asyncio.gather(
            *(asyncio.to_thread(self.retriever.retrieve, p, 6) for p in suspects)
        )
        left_out = [
            p
            for p, r in zip(suspects, found, strict=True)
            if uncovered(p, r.best_similarity, self._knows)
        ]
        if not left_out or len(left_out) == len(parts):
            return asked, []
        return joined([p for p in parts if p not in left_out]), left_out

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
            in_scope, query, retrieval, self._knows, self._nearer_elsewhere
        ) or (history and await asyncio.to_thread(self._elsewhere_alone, asked)):
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

    def _elsewhere_alone(self, message: str) -> bool:
        """A message in a conversation that, read alone, is nearer to a question about
        something else ("and how long does it take to get a driving licence?" after a
        question about a pilot): the conversation's topic does not make it the
        playbook's. One in the playbook's words must be much nearer (ALONE_MARGIN);
        "who should own it?" is nearer the playbook's own questions and borrows the
        topic."""
        found = self.retriever.retrieve(message, 6)
        if found.best_similarity >= CLEAR_SIMILARITY:
            return False
        margin = ALONE_MARGIN if speaks_domain(message) else MARGIN
        return self._nearer_elsewhere(message, found, margin)

    def _nearer_elsewhere(self, query: str, retrieval: Retrieval, margin: float = MARGIN) -> bool:
        """Whether the query is nearer to a question about something else than to any
        its passages answer; for a question of several parts, whether every part is,
        each against its own passages ("What are the biggest risks in year one? And how
        do I limit my kids' screen time?" is answered for its first part)."""
        contrast = self.elsewhere
        if contrast is None:
            return False
        if not contrast.nearer(query, retrieval.chunks, self._searched_vector(query), margin):
            return False
        parts = question_parts(query)
        return len(parts) < 2 or all(
            contrast.nearer(part, self.retriever.retrieve(part, 6).chunks, margin=margin)
            for part in parts
        )

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
