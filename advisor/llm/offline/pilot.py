"""Rules for Phase 2, Pilot Development and Validation, made specific to the company."""

from __future__ import annotations

from advisor.llm.offline.context import Ctx
from advisor.llm.offline.phases import Extras, Line, PhaseSpec, line
from advisor.llm.offline.text import Book, capitalize, join_words


def p_data(ctx: Ctx, book: Book) -> Line:
    source = ctx.systems or ctx.asset
    where = f" from {source}" if source else ""
    text = (
        f"Collect and prepare the pilot data{where} ({ctx.data_needed}): clean it, remove "
        "inconsistencies and set up the training environment"
    )
    if ctx.low_data and ctx.spreadsheets:
        text += ", allowing extra cleaning time because spreadsheet data is rarely consistent"
    elif ctx.low_data:
        text += ", allowing extra cleaning time because the data is not yet managed centrally"
    if ctx.signals.no_data_team:
        text += f"; a partner's data engineer does the work with {ctx.kind.users} who know the data"
    return line(text)


def p_model(ctx: Ctx, book: Book) -> Line:
    text = f"Develop {ctx.primary.fill(ctx.kind.model)}"
    why = None
    if ctx.thin:
        text += (
            ", starting from pre-trained or industry-specific models rather than custom research"
        )
        why = book.cite("pre-trained models")
    return line(text, why)


def p_testing(ctx: Ctx, book: Book) -> Line:
    measures = [m for m in ctx.kind.measures if book.find(m)] or list(ctx.kind.measures)
    metric = ctx.primary.fill(ctx.kind.metrics[0])
    return line(
        f"Test and evaluate against the success metrics set in discovery: "
        f"{join_words(measures)}, with {metric} as the headline measure"
    )


def p_feedback(ctx: Ctx, book: Book) -> Line:
    return line(
        f"Gather feedback from the {ctx.kind.users} using the pilot on usability, workflow "
        "integration and practical value"
    )


def p_extras(ctx: Ctx, book: Book) -> Extras:
    p, s = ctx.primary, ctx.second
    ex = Extras()
    ex.objectives = [
        line(
            f"Prove that {p.label} produces measurable business outcomes, not only a working model",
            book.cite("validate whether the chosen use case"),
        ),
        line(
            f"Give decision-makers the evidence for a go/no-go investment decision by month "
            f"{ctx.month(1)}",
            book.cite("enough evidence to decide"),
        ),
    ]
    if ctx.pilot_done:
        ex.activities.append(
            line(
                "Build on the earlier pilot instead of restarting: rerun it on fuller, "
                "production-like data, since pilots usually ran on limited datasets",
                book.cite("limited datasets"),
            )
        )
    if ctx.regulated:
        ex.activities.append(
            line(
                f"Keep the pilot inside {ctx.regs}: use the minimum {ctx.personal_data} needed, "
                "pseudonymise it where possible and limit access to named people, because "
                f"{ctx.personal}",
                book.cite("accurate, secure and continuously updated"),
            )
        )
    if s is not None and ctx.sequenced:
        ex.activities.append(
            line(
                f"Keep {s.label} out of this pilot: {ctx.sequenced_reason}, and concentrating "
                "resources on one high-value use case gives better outcomes",
                book.cite("concentrating resources"),
            )
        )
    elif s is not None and s.kind is not None:
        ex.activities.append(
            line(
                f"Run a smaller second track for {s.label} on {s.fill(s.kind.data)}, judged on "
                f"{s.fill(s.kind.metrics[0])}"
            )
        )
    ex.deliverables = [
        f"A working pilot of {p.label} in use by a small group of {ctx.kind.users}",
        "Evaluation report against the predefined success metrics, with user feedback",
        f"Go/no-go investment decision by month {ctx.month(1)}",
    ]
    if ctx.low_data:
        ex.deliverables.append("Cleaned, documented pilot dataset and a log of data-quality issues")
    ex.metrics = [capitalize(p.fill(m)) for m in ctx.kind.metrics]
    ex.metrics.append("Pilot users rate it usable within their daily workflow")
    ex.risks = [
        line(
            "The pilot runs on a limited, controlled dataset and looks better than production will",
            book.cite("limited datasets"),
        )
    ]
    if ctx.low_data:
        ex.risks.append(
            line(
                "Poor data quality yields an unreliable model and disappointing results",
                book.cite("poor data often produces"),
            )
        )
    if ctx.thin:
        ex.risks.append(
            line(
                "Know-how stays with the external partner unless an employee works alongside "
                "them from day one"
            )
        )
    if ctx.regulated:
        ex.risks.append(
            line(
                f"{capitalize(ctx.personal_data)} copied into the pilot environment outside "
                f"the {ctx.regs} controls"
            )
        )
    return ex


PILOT = PhaseSpec(
    phase="pilot",
    index=1,
    title="Pilot Development and Validation",
    keys={
        "data": ("data collection", "preparation"),
        "model": ("model development",),
        "testing": ("testing", "evaluation"),
        "feedback": ("feedback",),
    },
    quotes={
        "data": "clean the information",
        "model": "depending on those requirements",
        "testing": "tested against success metrics",
        "feedback": "feedback covers",
    },
    render={"data": p_data, "model": p_model, "testing": p_testing, "feedback": p_feedback},
    extras=p_extras,
)
