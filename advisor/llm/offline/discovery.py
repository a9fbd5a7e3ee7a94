"""Rules for Phase 1, Discovery and Strategic Planning, made specific to the company."""

from __future__ import annotations

from advisor.llm.offline.context import Ctx, reg_focus
from advisor.llm.offline.phases import Extras, Line, PhaseSpec, line
from advisor.llm.offline.text import Book, join_words


def d_objectives(ctx: Ctx, book: Book) -> Line:
    return line(
        f"Define the business objectives for {join_words([c.label for c in ctx.cases])}, "
        "each tied to a measurable outcome and a named business owner"
    )


def d_assess(ctx: Ctx, book: Book) -> Line:
    cloud = f", and the {ctx.cloud} environment" if ctx.cloud else ""
    if ctx.systems:
        return line(
            f"Assess the current technology infrastructure ({ctx.systems}{cloud}) and how an "
            "AI service would read data from it and write results back"
        )
    where = f" on {ctx.cloud}" if ctx.cloud else ""
    return line(
        f"Assess the current technology infrastructure{where}: where the data for "
        f"{ctx.primary.label} lives and which systems its results must feed"
    )


def d_data(ctx: Ctx, book: Book) -> Line:
    text = (
        f"Evaluate data availability and data quality for {ctx.primary.short} ({ctx.data_needed})"
    )
    if ctx.systems:
        text += f", held today in {ctx.systems}"
    why = None
    if ctx.low_data:
        text += (
            ": with low data maturity this is the deciding check, as data readiness is one of "
            "the biggest obstacles between pilot and production"
        )
        why = book.cite("data readiness is one of the biggest obstacles")
    if ctx.regulated:
        text += f"; mark which fields are {ctx.personal_data} under {ctx.regs}"
    return line(text, why)


def d_usecases(ctx: Ctx, book: Book) -> Line:
    p, s = ctx.primary, ctx.second
    kind = f" ({p.kind.key})" if p.kind and p.kind.key not in p.label else ""
    if not p.stated and p.kind is None:
        text = (
            "Identify potential AI use cases: no goal was stated, so list candidates, score "
            "them on revenue growth, operational efficiency, customer experience and risk "
            "reduction, and commit to one or two"
        )
    elif not p.stated:
        text = (
            f"Identify potential AI use cases: no goal was stated, so test {p.label}{kind}, a "
            "common starting point, against the company's own priorities"
        )
    elif s is None:
        text = f"Identify potential AI use cases and commit to one: {p.label}{kind}"
        if ctx.signals.budget_tight:
            text += ", because a tight budget is best concentrated on a single high-value use case"
    elif ctx.sequenced:
        text = (
            f"Identify potential AI use cases and sequence them: pilot {p.label} first; "
            f"{s.label} follows in Phase 5, since {ctx.sequenced_reason}"
        )
    else:
        text = f"Identify potential AI use cases and confirm two: {p.label} and {s.label}"
    if ctx.deferred:
        text += f"; park {join_words(list(ctx.deferred))} for a later cycle"
    return line(text, book.cite("one or two high-impact use cases"))


def d_metrics(ctx: Ctx, book: Book) -> Line:
    metrics = [ctx.primary.fill(m) for m in ctx.kind.metrics]
    text = f"Establish success metrics and measure today's baseline: {join_words(metrics)}"
    s = ctx.second
    if s is not None and s.kind is not None and not ctx.sequenced:
        text += f"; for {s.label}, {s.fill(s.kind.metrics[0])}"
    return line(text)


def d_budget(ctx: Ctx, book: Book) -> Line:
    text = "Create budget estimates for the pilot, the Phase 3 infrastructure and the rollout"
    if ctx.signals.no_data_team:
        text += f", including an external data and ML partner, since {ctx.company} has no data team"
    elif ctx.thin:
        text += ", including external AI expertise and training for internal staff"
    if ctx.signals.budget_tight:
        text += "; size it for one use case, as the budget is tight"
    return line(text)


def d_extras(ctx: Ctx, book: Book) -> Extras:
    p = ctx.primary
    ex = Extras()
    ex.objectives = [
        line(
            "Tie "
            + ", and ".join(f"{c.label} to {(c.kind or ctx.kind).outcome}" for c in ctx.cases)
            + ", rather than pursuing AI for its own sake",
            book.cite("revenue growth, operational efficiency"),
        ),
        line(
            f"Leave month {ctx.month(0)} with a roadmap of priorities, expected returns and "
            "implementation timelines",
            book.cite("priorities, expected returns"),
        ),
        line(
            "Secure an executive sponsor who sets direction and allocates resources",
            book.cite("executive sponsorship is"),
        ),
    ]
    if ctx.pilot_done:
        ex.activities.append(
            line(
                f"Reuse the pilot {ctx.company} has already run: take its results and data as "
                "the starting evidence and check them against the success metrics set here, "
                "instead of repeating the experiment",
                book.cite("predefined success metrics"),
            )
        )
    if ctx.regulated:
        ex.activities.append(
            line(
                f"Record the {ctx.regs} obligations for the pilot data ({reg_focus(ctx)}), so "
                "the pilot is designed within them from the start",
                book.cite("frameworks for security, compliance"),
            )
        )
    ex.deliverables = [
        f"Prioritised AI roadmap for {ctx.company}: priorities, expected returns, timelines",
        f"Use-case brief for {p.label}: objective, owner, metrics and baselines",
    ]
    if ctx.low_data:
        sources = ctx.systems or "the candidate data sources"
        ex.deliverables.append(f"Data inventory and quality assessment of {sources}")
    if ctx.regulated:
        ex.deliverables.append(f"Register of {ctx.regs} obligations for the pilot data")
    ex.deliverables.append("Budget estimate and a named executive sponsor")
    ex.metrics = [
        f"Executive sponsor and budget approved by month {ctx.month(0)}",
        f"Baseline measured for every success metric of {p.short}",
        "No more than two use cases in scope, each with a named business owner",
    ]
    if ctx.low_data:
        ex.metrics.insert(2, f"Every data source for {p.short} located and its quality rated")
    ex.risks = [
        line(
            "Starting from the technology rather than the business problem, which leaves "
            "nothing measurable to show at the investment decision",
            book.cite("tied to measurable outcomes"),
        )
    ]
    if ctx.low_data:
        where = ctx.systems or "today's sources"
        ex.risks.append(
            line(
                f"Data in {where} proves incomplete or inconsistent, which delays the pilot",
                book.cite("poor data often produces"),
            )
        )
    if ctx.deferred:
        ex.risks.append(
            line(
                f"Pressure to pursue all {len(ctx.cases) + len(ctx.deferred)} goals at once",
                book.cite("too many ai projects"),
            )
        )
    return ex


DISCOVERY = PhaseSpec(
    phase="discovery",
    index=0,
    title="Discovery and Strategic Planning",
    keys={
        "objectives": ("business objective",),
        "assess": ("technology infrastructure", "assess"),
        "data": ("data availability", "data quality"),
        "usecases": ("use case",),
        "metrics": ("success metric",),
        "budget": ("budget",),
    },
    quotes={},
    render={
        "objectives": d_objectives,
        "assess": d_assess,
        "data": d_data,
        "usecases": d_usecases,
        "metrics": d_metrics,
        "budget": d_budget,
    },
    extras=d_extras,
)
