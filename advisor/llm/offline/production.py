"""Rules for Phase 4, Production Deployment."""

from __future__ import annotations

from advisor.llm.offline.context import Ctx
from advisor.llm.offline.phases import Extras, Line, PhaseSpec, line
from advisor.llm.offline.text import Book, capitalize, join_words


def _target_system(ctx: Ctx) -> str:
    """Where the primary use case's output lands: a named system when the company has one."""
    named = {
        "customer support automation": ("helpdesk", "CRM"),
        "intelligent document processing": ("ERP", "document management", "EHR"),
        "predictive analytics": ("ERP", "TMS", "WMS"),
    }.get(ctx.kind.key, ())
    if ctx.profile.systems:
        return join_words(list(ctx.profile.systems[:2]))
    for system in ctx.signals.data_sources:
        if any(system.endswith(n) or system == n for n in named):
            return f"the {system}"
    return ctx.kind.system


def r_integration(ctx: Ctx, book: Book) -> Line:
    target = _target_system(ctx)
    text = (
        f"Integrate {ctx.primary.short} with {target} so its results appear where the "
        f"{ctx.kind.users} already work"
    )
    if ctx.legacy:
        text += (
            f"; the interfaces to {join_words(ctx.legacy)} specified in Phase 3 are the "
            "critical path"
        )
    return line(text)


def r_training(ctx: Ctx, book: Book) -> Line:
    text = (
        f"Train the {ctx.kind.users} to work with the system: when to rely on its output, when "
        "to override it and how to report errors"
    )
    why = None
    if ctx.thin:
        text += "; also train the internal staff who will run it, so operations need no partner"
        why = book.cite("supporting workforce training")
    return line(text, why)


def r_change(ctx: Ctx, book: Book) -> Line:
    return line(
        f"Run change management: explain what changes for the {ctx.kind.users}, address "
        "concerns about workload and jobs openly, and encourage adoption across departments"
    )


def r_monitoring(ctx: Ctx, book: Book) -> Line:
    metric = ctx.primary.fill(ctx.kind.metrics[0])
    return line(
        f"Monitor {ctx.primary.short} in production for accuracy, reliability, usage patterns "
        f"and business outcomes, with {metric} on the same dashboard"
    )


def r_rollout(ctx: Ctx, book: Book) -> Line:
    return line(
        f"Roll out gradually: start with {ctx.kind.first_group}, fix what surfaces, then expand "
        f"across {ctx.company}"
    )


def r_extras(ctx: Ctx, book: Book) -> Extras:
    p = ctx.primary
    ex = Extras()
    ex.objectives = [
        line(
            f"Put {p.label} into daily use by the {ctx.kind.users}, inside their existing workflow",
            book.cite("into operational environments"),
        ),
        line(
            "Coordinate technical teams, business users and leadership through go-live",
            book.cite("careful coordination between technical teams"),
        ),
    ]
    if ctx.regulated:
        ex.activities.append(
            line(
                f"Switch on access logging for the {ctx.personal_data} the system touches and "
                f"review it with the compliance lead during rollout, as {ctx.regs} expects",
                book.cite("identity management, access controls"),
            )
        )
    ex.deliverables = [
        f"{capitalize(p.short)} live in {_target_system(ctx)}",
        f"Trained {ctx.kind.users} and support material",
        "Monitoring dashboard for accuracy, reliability, usage and business outcomes",
        "Rollout plan with criteria for each expansion step",
    ]
    ex.metrics = [
        f"Adoption: share of eligible work handled through {p.short}",
        "Production accuracy holds at the level measured in the pilot",
        f"Business outcomes moving toward the discovery targets ({p.fill(ctx.kind.metrics[1])})",
    ]
    if ctx.legacy:
        ex.risks.append(
            line(
                f"Integration with {join_words(ctx.legacy)} takes longer than planned and "
                "delays go-live",
                book.cite("without proper integration planning"),
            )
        )
    ex.risks += [
        line(
            "Insufficient change management holds back adoption",
            book.cite("employees need clear communication"),
        ),
        line(
            "Problems that only appear at full scale; contained by the gradual rollout",
            book.cite("phased rollout reduces risk"),
        ),
    ]
    return ex


PRODUCTION = PhaseSpec(
    phase="production",
    index=3,
    title="Production Deployment",
    keys={
        "integration": ("integration",),
        "training": ("training",),
        "change": ("change management",),
        "monitoring": ("monitoring",),
        "rollout": ("rollout", "gradual"),
    },
    quotes={
        "integration": "connected to the existing",
        "training": "employees are trained",
        "change": "communicate expectations",
        "monitoring": "track accuracy",
        "rollout": "limited group of users",
    },
    render={
        "integration": r_integration,
        "training": r_training,
        "change": r_change,
        "monitoring": r_monitoring,
        "rollout": r_rollout,
    },
    extras=r_extras,
)
