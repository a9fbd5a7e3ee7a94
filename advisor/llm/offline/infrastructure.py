"""Rules for Phase 3, Infrastructure and Scalability Planning."""

from __future__ import annotations

from advisor.llm.offline.context import Ctx, hosting, reg_check
from advisor.llm.offline.phases import Extras, Line, PhaseSpec, line
from advisor.llm.offline.text import Book, join_words


def i_cloud(ctx: Ctx, book: Book) -> Line:
    cloud, signal = ctx.cloud, ctx.signals.cloud
    if signal in ("aws", "azure", "gcp"):
        text = (
            f"Design the cloud architecture on {cloud}, where {ctx.company} already runs, and "
            f"decide whether {ctx.primary.short} needs public, private or hybrid deployment"
        )
    elif signal == "on-premise":
        text = (
            f"Choose between a private cloud on {ctx.company}'s on-premise servers and a hybrid "
            "setup that keeps sensitive data on site while renting public cloud capacity"
        )
    elif signal == "hybrid":
        text = (
            "Design the hybrid environment: which AI workloads run in public cloud, which private"
        )
    else:
        text = (
            "Choose the environment for the AI workloads (public cloud, private cloud or hybrid) "
            "by data sensitivity, cost and the skills needed to run it"
        )
    text += hosting(ctx)
    if ctx.signals.residency:
        # Data that must stay put rules out hosted AI services outside the company's walls.
        text = (
            f"Design the architecture inside the boundary {ctx.company} set "
            f"(“{ctx.signals.residency}”): "
            "private cloud or on-premise hosting for models, data and logs, with no managed AI "
            "service that processes data outside it"
        )
        if ctx.thin:
            text += "; bring in outside engineers to run it rather than outsourcing the platform"
    elif ctx.thin:
        text += "; with few in-house specialists, favour managed services over self-run platforms"
    return line(text)


def i_pipelines(ctx: Ctx, book: Book) -> Line:
    digital = ctx.legacy or (["the spreadsheets"] if ctx.spreadsheets else [])
    source = join_words(digital) or "the source systems"
    text = (
        f"Build data pipelines from {source} that feed {ctx.primary.short} consistent, "
        "high-quality inputs"
    )
    if "paper records" in ctx.signals.data_sources:
        text = f"Digitise the paper records at the point of capture, and b{text[1:]}"
    why = None
    if ctx.asset:
        text += f", extending {ctx.asset} rather than building new plumbing"
    if ctx.low_data:
        text += (
            ", replacing the manual extracts used in the pilot: production needs larger volumes "
            "of accurate, continuously updated data"
        )
        why = book.cite("larger volumes of", phase="infrastructure")
    return line(text, why)


def i_security(ctx: Ctx, book: Book) -> Line:
    text = (
        f"Put security frameworks in place around {ctx.primary.short}: identity management, "
        "access controls, encryption and monitoring"
    )
    if ctx.regulated:
        text += f"; {ctx.regs} makes this non-negotiable, because {ctx.personal}"
    return line(text)


def i_governance(ctx: Ctx, book: Book) -> Line:
    compliance = (
        f"the {ctx.regs} compliance requirements"
        if ctx.regulated
        else ("the compliance requirements")
    )
    return line(
        f"Write the governance policies for {ctx.primary.short}: a named owner accountable for "
        f"its outputs, {compliance}, and risk procedures such as human review of "
        "low-confidence results",
        book.cite("compliance requirements and risk management procedures")
        if ctx.regulated
        else None,
    )


def i_scale(ctx: Ctx, book: Book) -> Line:
    text = "Plan for scale: size compute for production volumes, balancing performance and budget"
    if ctx.signals.budget_tight:
        text += "; with a tight budget, prefer pay-per-use managed services to upfront hardware"
    return line(text)


def i_extras(ctx: Ctx, book: Book) -> Extras:
    p = ctx.primary
    ex = Extras()
    ex.objectives = [
        line(
            f"Make {p.label} ready to run across {ctx.company}, not only in the pilot environment",
            book.cite("can still fail once it is deployed"),
        )
    ]
    if ctx.regulated:
        ex.objectives.append(
            line(
                f"Have the {ctx.regs} controls signed off before any production data flows",
                book.cite("define the compliance requirements"),
            )
        )
        ex.activities.append(
            line(
                f"Complete {reg_check(ctx)} for {p.short} with the data protection or "
                "compliance lead, and map each requirement to a control and an owner",
                book.cite("define the compliance requirements"),
            )
        )
    if ctx.legacy:
        legacy = join_words(ctx.legacy)
        ex.activities.append(
            line(
                f"Specify the interfaces to {legacy} now: system integration is the first "
                "production activity, and connections to core systems are where it usually slips",
                book.cite("connect seamlessly with existing enterprise applications"),
            )
        )
    ex.deliverables = [
        f"Target architecture for {p.short}: environment, pipelines and security controls",
        f"Production data pipelines from {ctx.systems or 'the source systems'}",
        "Governance policy naming the owner, compliance requirements and risk procedures",
        "Cost model for production volumes",
    ]
    if ctx.regulated:
        ex.deliverables.insert(3, f"{ctx.regs} sign-off, including {reg_check(ctx)}")
    ex.metrics = [
        "Pipelines deliver complete data on schedule with no manual steps",
        "Access to AI data limited to named roles; data encrypted at rest and in transit",
        "Projected running cost within the budget set in discovery",
    ]
    if ctx.regulated:
        ex.metrics.append(f"Every {ctx.regs} requirement mapped to a control and an owner")
    if ctx.regulated:
        ex.risks.append(
            line(
                f"Non-compliance with {ctx.regs} if {ctx.personal_data} reaches the AI system "
                "before the controls are in place"
            )
        )
    ex.risks += [
        line(
            "Compute costs grow faster than the value delivered",
            book.cite("balance performance requirements against budget"),
        ),
        line(
            "An architecture that served the pilot cannot carry production volumes",
            book.cite("can still fail once it is deployed"),
        ),
    ]
    return ex


INFRASTRUCTURE = PhaseSpec(
    phase="infrastructure",
    index=2,
    title="Infrastructure and Scalability Planning",
    keys={
        "cloud": ("cloud",),
        "pipelines": ("pipeline",),
        "security": ("security",),
        "governance": ("governance",),
        "scale": ("scalab", "budget"),
    },
    quotes={
        "cloud": "public cloud, private cloud",
        "pipelines": "reliable data pipelines",
        "security": "identity management",
        "governance": "ownership and accountability",
        "scale": "balance performance requirements",
    },
    render={
        "cloud": i_cloud,
        "pipelines": i_pipelines,
        "security": i_security,
        "governance": i_governance,
        "scale": i_scale,
    },
    extras=i_extras,
)
