"""Rules for Phase 5 (optimization and expansion)."""

from __future__ import annotations

from advisor.llm.offline.context import Ctx
from advisor.llm.offline.phases import Extras, Line, PhaseSpec, line
from advisor.llm.offline.text import Book, join_words


def o_retrain(ctx: Ctx, book: Book) -> Line:
    return line(
        f"Retrain {ctx.primary.short} on updated data, including the cases users "
        "corrected in production, to lift accuracy"
    )


def o_workflow(ctx: Ctx, book: Book) -> Line:
    return line(f"Extend automation to the neighbouring steps: {ctx.kind.adjacent}")


def o_kpi(ctx: Ctx, book: Book) -> Line:
    metrics = [ctx.primary.fill(m) for m in ctx.kind.metrics]
    return line(
        f"Measure KPIs against the discovery baseline ({join_words(metrics)}) and report to the "
        "executive sponsor whether the expected business outcomes arrived"
    )


def o_scaling(ctx: Ctx, book: Book) -> Line:
    p, s = ctx.primary, ctx.second
    if s is not None and ctx.sequenced:
        text = (
            f"Start {s.label} as the next initiative, reusing the pipelines, governance "
            f"and skills built for {p.short}"
        )
    elif s is not None:
        text = f"Take {s.label} from its pilot track into production on the same platform"
    else:
        text = (
            f"Pick the next department where a use case like {p.short} can reuse what "
            f"{ctx.company} has built"
        )
    if ctx.deferred:
        text += f"; then revisit {join_words(list(ctx.deferred))}"
    return line(text)


def o_extras(ctx: Ctx, book: Book) -> Extras:
    p, s = ctx.primary, ctx.second
    ex = Extras()
    ex.objectives = [
        line(
            f"Keep {p.label} effective through continuous monitoring, refinement and optimisation",
            book.cite("continuous monitoring, refinement"),
        ),
        line(
            f"Move {ctx.company} from a single AI project toward an AI-driven operating model",
            book.cite("ai-driven operating models"),
        ),
    ]
    ex.deliverables = [
        "KPI report against the discovery baseline",
        "Retraining schedule and model performance log",
        f"Business case for the next initiative{': ' + s.label if s else ''}",
    ]
    ex.metrics = [
        "KPIs at or above the targets set in discovery",
        "Accuracy stable or improving after each retraining",
        "Next use case approved with a budget and an owner",
    ]
    ex.risks = [
        line(
            f"Model accuracy drifts as {ctx.kind.drift}",
            book.cite("retrained on updated data"),
        ),
        line(
            "Expanding to new departments before the first use case has proven its KPIs",
            book.cite("expected business outcomes"),
        ),
    ]
    return ex


OPTIMIZATION = PhaseSpec(
    phase="optimization",
    index=4,
    title="Optimization and Expansion",
    keys={
        "retrain": ("model improvement", "retrain"),
        "workflow": ("workflow",),
        "kpi": ("kpi",),
        "scaling": ("scaling",),
    },
    quotes={
        "retrain": "retrained on updated data",
        "workflow": "automate additional processes",
        "kpi": "expected business outcomes",
        "scaling": "additional ai initiatives",
    },
    render={"retrain": o_retrain, "workflow": o_workflow, "kpi": o_kpi, "scaling": o_scaling},
    extras=o_extras,
)
