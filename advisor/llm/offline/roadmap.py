"""A Roadmap from the retrieved chunks: five tailored phases, one or two use cases,
roadmap-level risks and assumptions."""

from __future__ import annotations

from advisor.company import read_company
from advisor.llm.base import RoadmapTask
from advisor.llm.offline.context import Ctx, build_context
from advisor.llm.offline.discovery import DISCOVERY
from advisor.llm.offline.infrastructure import INFRASTRUCTURE
from advisor.llm.offline.optimization import OPTIMIZATION
from advisor.llm.offline.phases import build_phase
from advisor.llm.offline.pilot import PILOT
from advisor.llm.offline.production import PRODUCTION
from advisor.llm.offline.standing import standing_of
from advisor.llm.offline.text import Book, capitalize, clip, join_words
from advisor.schemas import Citation, Roadmap, UseCase

SPECS = (DISCOVERY, PILOT, INFRASTRUCTURE, PRODUCTION, OPTIMIZATION)
_TYPICAL = (
    "customer support automation",
    "predictive analytics",
    "intelligent document processing",
)


def _kind_citation(ctx: Ctx, book: Book, index: int) -> Citation | None:
    kind = ctx.cases[index].kind
    if kind is None:
        return book.cite("should not pursue ai for its own sake")
    return book.cite("typical examples", kind.needle) or book.cite(kind.needle)


def _rationale(ctx: Ctx, index: int) -> str:
    case = ctx.cases[index]
    kind = case.kind
    parts: list[str] = []
    if case.stated:
        source = f"{ctx.company_start}'s own stated goal"
        if kind and kind.key in _TYPICAL:
            source += f", and {kind.key} is one of the typical starting use cases"
        elif kind:
            source += ", and generative AI for content and knowledge work is a rising trend"
        parts.append(source)
    elif kind is None:
        parts.append("No goal was stated; discovery selects one or two high-impact use cases")
    else:
        where = f" for {ctx.profile.industry} companies" if ctx.profile.industry else ""
        parts.append(
            f"No goal was stated; this is a common starting point{where}, to confirm in discovery"
        )
    s = ctx.second
    if index == 0 and s is not None:
        parts.append(
            f"Piloted first; {s.label} follows in Phase 5 (from month {ctx.month(4, end=False)})"
            if ctx.sequenced
            else f"Piloted first, with {s.label} on a smaller second track"
        )
    elif index == 1:
        parts.append(
            f"Starts in Phase 5 on the pipelines and governance built for {ctx.primary.short}"
            if ctx.sequenced
            else "Piloted alongside the first use case on a smaller track"
        )
    elif ctx.signals.budget_tight:
        parts.append(
            "The only use case for now: a tight budget goes further on one high-value use case"
        )
    if kind is not None:
        parts.append(f"Needs {case.fill(kind.data)}; judged on {case.fill(kind.metrics[0])}")
    if ctx.low_data and index == 0:
        parts.append("With low data maturity, data preparation is the critical path")
    return clip(". ".join(parts) + ".", 600)


def use_cases(ctx: Ctx, book: Book) -> list[UseCase]:
    focus = book.cite("one or two high-impact use cases")
    out = []
    for i, case in enumerate(ctx.cases):
        kind = case.kind or ctx.kind
        cites = [c for c in (_kind_citation(ctx, book, i), focus) if c is not None]
        if ctx.signals.budget_tight:
            extra = book.cite("concentrating resources")
            cites += [extra] if extra else []
        out.append(
            UseCase(
                name=clip(case.name, 120),
                business_objective=clip(f"{capitalize(case.goal)}, improving {kind.outcome}", 300),
                rationale=_rationale(ctx, i),
                priority="high" if i == 0 else "medium",
                citations=cites[:6],
            )
        )
    return out


def risks(ctx: Ctx) -> list[str]:
    out = []
    if ctx.low_data:
        where = f"data in {ctx.systems}" if ctx.systems else "today's data"
        out.append(
            f"Data readiness: {where} may not be accurate or complete enough; discovery tests "
            "this before the pilot is committed"
        )
    if ctx.legacy:
        out.append(
            f"Integration: connecting to {join_words(ctx.legacy)} is the likeliest source of "
            "delay in Phase 4"
        )
    if ctx.regulated:
        out.append(
            f"Compliance: {ctx.regs} obligations must be met before production data flows; a "
            "late finding would stop go-live"
        )
    if ctx.thin:
        who = "with no data team" if ctx.signals.no_data_team else "with thin in-house skills"
        out.append(f"Skills: {who}, delivery depends on outside help until staff are trained")
    if ctx.signals.budget_tight:
        out.append(
            "Budget: compute and integration costs can outgrow a tight budget; Phase 3 caps them"
        )
    if ctx.deferred:
        total = len(ctx.cases) + len(ctx.deferred)
        out.append(
            f"Focus: {total} goals compete for the same people; the roadmap takes {len(ctx.cases)}"
        )
    out.append("Adoption: insufficient change management can stall use even when the model works")
    out.append(
        "Drift: without a named owner and monitoring, accuracy erodes unnoticed after go-live"
    )
    return out[:12]


def assumptions(ctx: Ctx) -> list[str]:
    out = [
        "An executive sponsor gives direction and allocates resources in every phase; "
        "sponsorship is one of the strongest predictors of AI success",
    ]
    if ctx.thin:
        out.append(
            "An external partner or new hire supplies data-engineering and ML skills until "
            "internal staff are trained"
        )
    if ctx.regulated:
        out.append(
            f"A data protection or compliance lead reviews the {ctx.regs} obligations at each gate"
        )
    if ctx.pilot_done:
        out.append("The earlier pilot's data, results and lessons are documented and available")
    if ctx.low_data and ctx.systems:
        out.append(f"The owners of {ctx.systems} grant access to their data from month 0")
    if not ctx.primary.stated:
        out.append(
            "No goal was stated: the suggested use case is confirmed or replaced in discovery"
        )
    if ctx.horizon != 12:
        out.append(
            f"The playbook's 12-month timeline is scaled to {ctx.horizon} months, keeping each "
            "phase's share of the time"
        )
    out.append(f"The {ctx.kind.users} can give time to pilot feedback and training")
    return out[:12]


def compose_roadmap(task: RoadmapTask) -> Roadmap:
    reading = task.reading or read_company(task.description)
    ctx = build_context(reading, task.horizon_months, task.calendar)
    book = Book(task.chunks)
    return Roadmap(
        id="",
        company=ctx.profile,
        horizon_months=task.horizon_months,
        phases=[build_phase(spec, ctx, book, standing_of(spec, ctx, book)) for spec in SPECS],
        use_cases=use_cases(ctx, book),
        risks=risks(ctx),
        assumptions=assumptions(ctx),
        playbook_version="",
        provider="offline",
    )
