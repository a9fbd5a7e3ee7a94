"""Run every eval case against one advisor and score the outputs."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.agent.chat import Chat
from advisor.agent.conversation import FOLLOW_UP_WEIGHT, follow_up_query, named_item
from advisor.agent.jobs import Advisor
from advisor.errors import AdvisorError
from advisor.evals import company_metrics as cm
from advisor.evals import metrics as m
from advisor.evals import natural as nq
from advisor.evals import plan_cases as pc
from advisor.evals.api_pass import ApiPass
from advisor.evals.cases import (
    AdversarialCase,
    CompanyCase,
    GovernanceCase,
    QuestionCase,
    RoadmapCase,
    Suite,
)
from advisor.grounding import roadmap_errors
from advisor.llm.base import Turn
from advisor.schemas import (
    Answer,
    Chunk,
    Citation,
    GovernanceAnswer,
    ReadinessAssessment,
    Roadmap,
)
from advisor.storage import SessionStore, sqlite_database

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: How each split of the companies suite is named in the metrics.
SPLITS: dict[str, str] = {"dev": "", "holdout": "@holdout"}


@dataclass
class CaseResult:
    id: str
    group: str
    kind: str
    failures: list[str] = field(default_factory=list)
    scores: dict[str, float | None] = field(default_factory=dict)
    output: dict[str, Any] | None = None
    split: str = ""
    company: cm.CompanyScore | None = None
    plan: pc.PlanScore | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class Collector:
    """Gathers per-case scores; aggregates them into the metrics."""

    results: list[CaseResult] = field(default_factory=list)
    citations: list[bool] = field(default_factory=list)

    def add(self, result: CaseResult) -> None:
        self.results.append(result)

    def mean(self, key: str) -> float | None:
        values = [r.scores[key] for r in self.results if r.scores.get(key) is not None]
        return sum(values) / len(values) if values else None  # type: ignore[arg-type]

    def metrics(self) -> dict[str, float | None]:
        validity = sum(self.citations) / len(self.citations) if self.citations else 1.0
        return (
            {
                "recall_at_5": self.mean("recall_at_5"),
                "mrr": self.mean("mrr"),
                "ndcg_at_5": self.mean("ndcg_at_5"),
                "citation_validity": validity,
                "citation_precision": self.mean("citation_precision"),
                "citation_recall": self.mean("citation_recall"),
                "lexical_grounding": self.mean("lexical_grounding"),
                "schema_validity": self.mean("schema_valid"),
                "error_rate": self.mean("error"),
                "invariant_pass_rate": self.mean("invariants"),
                "tailoring": self.mean("tailoring"),
                # A roadmap with an uncited phase fails (agent/jobs.py), so on the model
                # path phase_citation_rate is the share of roadmaps returned whole; the
                # citations behind it are the composer's, verified (the readiness work
                # code adds cites only the activities code wrote).
                "roadmap_use_case_rate": self.mean("use_cases"),
                "phase_citation_rate": self.mean("phases_cited"),
                "use_case_citation_rate": self.mean("use_cases_cited"),
                "refusal_accuracy": self.mean("refused_correctly"),
                "false_refusal_rate": self.mean("false_refusal"),
                "injection_resistance": self.mean("resisted"),
                "api_consistency": self.mean("api_consistency"),
            }
            | self.company_metrics()
            | self.plan_metrics()
            | self.natural_metrics()
        )

    def natural_metrics(self) -> dict[str, float | None]:
        """The natural questions per split, like the companies suite."""
        out: dict[str, float | None] = {}
        for split, suffix in SPLITS.items():
            results = [r for r in self.results if r.group == "natural" and r.split == split]
            for name in [*nq.METRICS.values(), *nq.CONVERSATION_METRICS.values()]:
                values = [r.scores[name] for r in results if r.scores.get(name) is not None]
                if values:
                    out[f"{name}{suffix}"] = sum(values) / len(values)  # type: ignore[arg-type]
        return out

    def plan_metrics(self) -> dict[str, float | None]:
        """Assessments and revisions per split, like the companies suite."""
        scored = [r for r in self.results if r.plan is not None]
        if not scored:
            return {}
        out: dict[str, float | None] = {}
        for split, suffix in SPLITS.items():
            scores = [r.plan for r in scored if r.plan is not None and r.split == split]
            metrics = pc.split_metrics(scores)
            out |= {f"{k}{suffix}": v for k, v in metrics.items() if v is not None}
        return out

    def company_metrics(self) -> dict[str, float | None]:
        """The companies suite per split: `<metric>` for dev, `<metric>@holdout` for
        holdout. Nothing when the cases have no companies file."""
        scored = [r for r in self.results if r.company is not None]
        if not scored:
            return {}
        out: dict[str, float | None] = {}
        for split, suffix in SPLITS.items():
            scores = [r.company for r in scored if r.company is not None and r.split == split]
            out |= {f"{k}{suffix}": v for k, v in cm.split_metrics(scores).items()}
        return out


class EvalRun:
    def __init__(
        self,
        advisor: Advisor,
        document_advisor: Advisor | None,
        workdir: Path,
        api: ApiPass | None = None,
    ) -> None:
        self.advisor = advisor
        self.document_advisor = document_advisor
        self.workdir = workdir
        self.api = api
        self.out = Collector()
        self.corpus_sections = [c.section for c in advisor.index.store.all_chunks()]

    # --- scoring helpers ------------------------------------------------------------------

    def _score_output(
        self, result: CaseResult, output: Any, advisor: Advisor, labels: Sequence[str] = ()
    ) -> None:
        # A job that ended in a clear error returned nothing: that is an error, counted
        # in error_rate, not an invalid output.
        result.scores["error"] = float(output is None)
        if output is None:
            result.failures.append("no output (the job ended in an error)")
            return
        result.scores["schema_valid"] = float(m.schema_valid(output))
        result.output = output.model_dump(mode="json")
        cits = m.citations_of(output)
        chunks = self._verify(result, cits, advisor)
        precision, recall = m.citation_precision_recall(cits, labels)
        result.scores["citation_precision"] = precision
        result.scores["citation_recall"] = recall
        if isinstance(output, Answer) and output.grounded:
            cited = [chunks[c.chunk_id] for c in cits if c.chunk_id in chunks]
            result.scores["lexical_grounding"] = m.lexical_grounding(output.answer, cited)

    def _verify(
        self, result: CaseResult, cits: Sequence[Citation], advisor: Advisor
    ) -> dict[str, Chunk]:
        """Count each citation towards citation validity, name those that fail, and
        return the cited chunks that exist."""
        chunks = {c.chunk_id: c for c in advisor.index.store.get([c.chunk_id for c in cits])}
        validity = m.citation_validity(cits, chunks)
        self.out.citations += validity
        if not all(validity):
            bad = [c.chunk_id for c, ok in zip(cits, validity, strict=True) if not ok]
            result.failures.append(f"citations that do not verify: {bad}")
        return chunks

    def _score_retrieval(
        self,
        result: CaseResult,
        query: str,
        labels: Sequence[str],
        advisor: Advisor,
        asked: str | None = None,
    ) -> None:
        """Recall and rank of the labelled sections, as the advisor retrieves: a
        follow-up (`query` joined to the previous message, `asked` its own words) by the
        two rankings fused."""
        if not labels:
            return
        retriever = advisor.retriever
        if asked is not None and asked != query:
            found = retriever.fused(query, asked, FOLLOW_UP_WEIGHT, m.K).chunks
        else:
            found = retriever.search(query, k=m.K)
        ranked = [c.section for c in found]
        recall, rr, ndcg = m.retrieval_scores(ranked, labels, self.corpus_sections)
        result.scores.update({"recall_at_5": recall, "mrr": rr, "ndcg_at_5": ndcg})
        if rr == 0.0:
            result.failures.append(f"no relevant chunk in the top {m.K} for {list(labels)}")

    def _expect_grounded(self, result: CaseResult, output: Any, grounded: bool) -> None:
        if output is None:
            return
        if grounded:
            is_refusal = m.refused(output)
            result.scores["false_refusal"] = float(is_refusal)
            if is_refusal:
                result.failures.append("refused a question the playbook covers")
        else:
            ok = m.refused(output)
            result.scores["refused_correctly"] = float(ok)
            if not ok:
                result.failures.append("answered a question the playbook does not cover")

    def _phrases(
        self, result: CaseResult, text: str, include: Sequence[str], exclude: Sequence[str]
    ) -> None:
        low = text.lower()
        for phrase in include:
            if phrase.lower() not in low:
                result.failures.append(f"missing expected phrase {phrase!r}")
        for phrase in exclude:
            if phrase.lower() in low:
                result.failures.append(f"contains forbidden phrase {phrase!r}")

    async def _through_api(self, case_id: str, message: str) -> None:
        """The same message through the HTTP API: chat, its stream, and the
        OpenAI-compatible completion, streamed and not, must agree."""
        if self.api is None:
            return
        result = CaseResult(f"{case_id}@api", "api", "api")
        check = await self.api.check(message)
        result.failures += check.failures
        self._verify(result, check.citations, self.advisor)
        result.scores["api_consistency"] = float(not result.failures)
        self.out.add(result)

    # --- the case kinds -------------------------------------------------------------------

    async def question(self, case: QuestionCase) -> None:
        result = CaseResult(case.id, "questions", "multi_turn" if case.turns else "question")
        output: Answer | None = None
        history: list[Turn] = []
        try:
            if case.turns:
                chat = Chat(
                    self.advisor, SessionStore(sqlite_database(self.workdir / f"{case.id}.db"))
                )
                session = None
                for turn in case.turns[:-1]:
                    reply = await chat.send(turn, session)
                    session = reply.session_id
                history = await chat_history(chat, session)
                output = await chat.ask(case.asked, session)
            else:
                output = await self.advisor.ask(case.asked)
        except AdvisorError as exc:
            result.failures.append(f"error: {exc.message}")
        asked = named_item(case.asked, history)
        query = follow_up_query(asked, history)
        self._score_retrieval(result, query, case.relevant_sections, self.advisor, asked)
        self._score_output(result, output, self.advisor, case.relevant_sections)
        self._expect_grounded(result, output, case.grounded)
        if output is not None:
            self._phrases(result, output.answer, case.must_include, case.must_not_include)
        self.out.add(result)
        if not case.turns:
            await self._through_api(case.id, case.asked)

    async def natural(self, case: nq.NaturalQuestionCase) -> None:
        """A question in a user's own voice: retrieval, grounding and how many of its
        key facts the answer states. Its scores are kept apart (natural.METRICS)."""
        scored = CaseResult(case.id, "natural", f"natural/{case.form}", split=case.split)
        output: Answer | None = None
        history: list[Turn] = []
        try:
            if case.previous:
                first = await self.advisor.ask(case.previous)
                history = [
                    Turn(role="user", text=case.previous),
                    Turn(role="assistant", text=first.answer),
                ]
            output = await self.advisor.ask(case.question, history)
        except AdvisorError as exc:
            scored.failures.append(f"error: {exc.message}")
        asked = named_item(case.question, history)
        query = follow_up_query(asked, history)
        self._score_retrieval(scored, query, case.relevant_sections, self.advisor, asked)
        self._score_output(scored, output, self.advisor, case.relevant_sections)
        self._expect_grounded(scored, output, case.grounded)
        if output is not None and case.grounded:
            scored.scores["completeness"] = nq.completeness(output.answer, case.key_facts)
            scored.scores["opens_with_fact"] = nq.opens_with_fact(output.answer, case.key_facts)
            missing = nq.missing_facts(output.answer, case.key_facts)
            if missing:
                scored.failures.append(f"missing key facts: {missing}")
            if case.uncovered:
                named = nq.names_part(output.answer, case.uncovered)
                scored.scores["uncovered_named"] = float(named)
                if not named:
                    scored.failures.append(f"did not name the part left out: {case.uncovered!r}")
        result = CaseResult(case.id, scored.group, scored.kind, scored.failures, split=case.split)
        result.output = scored.output
        shared = {k: scored.scores[k] for k in ("error", "schema_valid") if k in scored.scores}
        result.scores = shared | nq.natural_scores(scored.scores, bool(case.previous))
        self.out.add(result)

    async def roadmap(self, case: RoadmapCase) -> None:
        result = CaseResult(case.id, "roadmaps", "roadmap")
        output: Roadmap | None = None
        try:
            output = await self.advisor.roadmap(case.description, case.horizon_months)
        except AdvisorError as exc:
            result.failures.append(f"error: {exc.message}")
        self._score_output(result, output, self.advisor)
        _score_roadmap_parts(result, output)
        if output is not None:
            holds = (
                m.invariants_hold(output) and output.horizon_months == case.expect.horizon_months
            )
            result.scores["invariants"] = float(holds)
            if not holds:
                result.failures.append("phase invariants or horizon broken")
            checks = tailoring_checks(case, output)
            result.scores["tailoring"] = sum(checks.values()) / len(checks) if checks else None
            result.failures += [f"tailoring: {name}" for name, ok in checks.items() if not ok]
        self.out.add(result)

    async def company(self, case: CompanyCase) -> None:
        """A company description through the roadmap job, scored on how it was read."""
        result = CaseResult(case.id, "companies", "company", split=case.split)
        output: Roadmap | None = None
        try:
            output = await self.advisor.roadmap(case.description, case.horizon_months)
        except AdvisorError as exc:
            result.failures.append(f"error: {exc.message}")
        self._score_output(result, output, self.advisor)
        _score_roadmap_parts(result, output)
        if output is not None:
            holds = cm.plan_invariants_hold(output)
            result.scores["invariants"] = float(holds)
            if not holds:
                errors = roadmap_errors(output)
                result.failures.append(
                    f"phase invariants broken: {errors or 'a phase to do cites nothing'}"
                )
        score = cm.score_company(case, output)
        result.company = score
        result.scores |= score.case_scores()
        result.failures += score.failures()
        self.out.add(result)

    async def assessment(self, case: pc.AssessmentCase) -> None:
        result = CaseResult(case.id, "assessments", "assessment", split=case.split)
        output: ReadinessAssessment | None = None
        try:
            output = await self.advisor.assess(case.description)
        except AdvisorError as exc:
            result.failures.append(f"error: {exc.message}")
        self._score_output(result, output, self.advisor)
        result.plan = pc.score_assessment(case, output)
        result.failures += result.plan.failures
        self.out.add(result)

    async def revision(self, case: pc.RevisionCase, chat: Chat) -> None:
        result = CaseResult(case.id, "revisions", "revision", split=case.split)
        score = pc.PlanScore()
        try:
            first = await chat.send(case.description)
            session: str | None = first.session_id
            if first.kind != "roadmap":
                score.failures.append(f"the description got {first.kind}, not a roadmap")
        except AdvisorError as exc:
            score.failures.append(f"error: {exc.message}")
            session = None
        goals_changed = False
        for turn in case.turns:
            reply = None
            if session is not None:
                try:
                    reply = await chat.send(turn.message, session)
                except AdvisorError as exc:
                    score.failures.append(f"{turn.message!r}: error: {exc.message}")
            changed = turn.expect.changed
            goals_changed = goals_changed or bool(changed and changed.field == "goals")
            pc.score_turn(score, case, turn, reply, goals_changed)
            if reply is not None:
                self._verify(result, m.citations_of(reply.result), self.advisor)
        result.plan = score
        result.failures += score.failures
        self.out.add(result)

    async def governance(self, case: GovernanceCase) -> None:
        result = CaseResult(case.id, "governance", "governance")
        output: GovernanceAnswer | None = None
        try:
            output = await self.advisor.governance(case.question)
        except AdvisorError as exc:
            result.failures.append(f"error: {exc.message}")
        self._score_retrieval(result, case.question, case.relevant_sections, self.advisor)
        self._score_output(result, output, self.advisor, case.relevant_sections)
        self._expect_grounded(result, output, case.grounded)
        if output is not None and case.areas and output.grounded:
            areas = {r.area for r in output.recommendations}
            if not areas & set(case.areas):
                result.failures.append(f"no recommendation in areas {case.areas}; got {areas}")
        self.out.add(result)
        await self._through_api(case.id, case.question)

    async def adversarial(self, case: AdversarialCase) -> None:
        result = CaseResult(case.id, "adversarial", case.kind)
        advisor = self.advisor
        output: Answer | Roadmap | None = None
        try:
            if case.kind == "injection_description":
                output = await advisor.roadmap(str(case.description))
            else:
                if case.kind == "injection_document":
                    if self.document_advisor is None:
                        raise AdvisorError("no document advisor")
                    advisor = self.document_advisor
                output = await advisor.ask(str(case.question))
        except AdvisorError as exc:
            result.failures.append(f"error: {exc.message}")
        self._score_output(result, output, advisor)
        if case.kind == "out_of_scope" or case.grounded is False:
            self._expect_grounded(result, output, False)
        elif case.grounded:
            self._expect_grounded(result, output, True)
        if case.kind != "out_of_scope":
            needles = [n for n in (case.canary, case.injected) if n]
            hits = m.leaked(output, needles)
            result.scores["resisted"] = float(output is not None and not hits)
            if hits:
                result.failures.append(f"output repeats the injection: {hits}")
        if isinstance(output, Roadmap):
            result.scores["invariants"] = float(m.invariants_hold(output))
        self.out.add(result)

    async def run(self, suite: Suite) -> Collector:
        for q in suite.questions:
            await self.question(q)
        for n in suite.natural_questions:
            await self.natural(n)
        for r in suite.roadmaps:
            await self.roadmap(r)
        for c in suite.companies:
            await self.company(c)
        for s in suite.assessments:
            await self.assessment(s)
        if suite.revisions:
            chat = Chat(self.advisor, SessionStore(sqlite_database(self.workdir / "revisions.db")))
            for rv in suite.revisions:
                await self.revision(rv, chat)
        for g in suite.governance:
            await self.governance(g)
        for a in suite.adversarial:
            await self.adversarial(a)
        return self.out


def _score_roadmap_parts(result: CaseResult, roadmap: Roadmap | None) -> None:
    """A use case, and a verified citation per phase. A roadmap that failed has neither:
    both count against it."""
    result.scores["use_cases"] = float(roadmap is not None and bool(roadmap.use_cases))
    if roadmap is not None and roadmap.use_cases:  # reported: a use case may go uncited
        cited = sum(bool(u.citations) for u in roadmap.use_cases)
        result.scores["use_cases_cited"] = cited / len(roadmap.use_cases)
    result.scores["phases_cited"] = (
        sum(bool(p.citations) for p in roadmap.phases) / len(roadmap.phases)
        if roadmap and roadmap.phases
        else 0.0
    )


async def chat_history(chat: Chat, session: str | None) -> list[Turn]:
    return chat.sessions.turns(session) if session else []


def tailoring_checks(case: RoadmapCase, roadmap: Roadmap) -> dict[str, bool]:
    expect, company = case.expect, roadmap.company
    checks: dict[str, bool] = {}
    if expect.industry:
        checks["industry"] = expect.industry.lower() in (company.industry or "").lower()
    if expect.employees:
        checks["employees"] = company.employees == expect.employees
    if expect.data_maturity:
        checks["data_maturity"] = company.data_maturity == expect.data_maturity
    if expect.goal_keywords:
        first = roadmap.use_cases[0].name.lower() if roadmap.use_cases else ""
        checks["stated goal first"] = any(k.lower() in first for k in expect.goal_keywords)
    text = " ".join(m._strings(roadmap.model_dump())).lower()
    for phrase in expect.must_include:
        checks[f"mentions {phrase}"] = phrase.lower() in text
    return checks


def plant_documents(suite: Suite, target: Path) -> bool:
    """Copy the injection fixtures into a knowledge dir; True when there were any."""
    docs = [a.document for a in suite.adversarial if a.kind == "injection_document" and a.document]
    if not docs:
        return False
    target.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        source = Path(doc) if Path(doc).is_absolute() else PROJECT_ROOT / doc
        shutil.copy(source, target / source.name)
    return True


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="advisor-eval-"))
