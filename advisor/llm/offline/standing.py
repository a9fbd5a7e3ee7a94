"""Plans that start where the company stands: phases already behind it, phases it is
in (reviewed against the playbook's exit criteria rather than redone), and the
activities its stated constraints add (a works council, a public tender, a deadline).
"""

from __future__ import annotations

from advisor.llm.offline.context import Ctx
from advisor.llm.offline.phases import Line, PhaseSpec, Standing, line
from advisor.llm.offline.text import Book, join_words
from advisor.schemas import PHASE_ORDER

PHASES: list[str] = list(PHASE_ORDER)

_STAGE_WORDS = {
    "pilot_running": "a pilot is under way",
    "pilot_stalled": "the pilot has stalled",
    "pilot_done": "the pilot is finished",
    "in_production": "a model is already in production",
    "pilot_planned": "a pilot is planned",
}


def stated_stage(ctx: Ctx) -> str:
    """The company's own words for where it stands, quoted, or a plain statement."""
    evidence = next((f.evidence for f in ctx.profile.facts if f.field == "stage"), None)
    # A long sentence quoted inside a plan line reads badly: say it plainly instead.
    if evidence and len(evidence) <= 160:
        return f"“{evidence}”"
    return _STAGE_WORDS.get(ctx.profile.stage, "where the company stands")


def done_lines(phase: str, ctx: Ctx, book: Book) -> tuple[list[Line], list[Line], list[str]]:
    """Objectives, activities and deliverables of a phase already behind the company."""
    said = stated_stage(ctx)
    first = ctx.statuses.index("done") == PHASES.index(phase)
    objectives = [line(f"Already done: {said}" if first else "Already done, as Phase 1 records")]
    if phase == "discovery":
        activities = [
            line(
                "Carry the discovery work forward instead of repeating it: the business "
                "objectives and success metrics the pilot was judged on stay the baseline",
                book.cite("establish success metrics", phase="discovery")
                or book.cite("success metrics", phase="discovery")
                or book.cite("business objectives", phase="discovery")
                or book.cite("use case", phase="discovery"),
            )
        ]
        deliverables = ["Business objectives and success metrics (already set)"]
    elif phase == "pilot":
        activities = [
            line(
                "Keep the pilot's evidence on record: its results against the predefined success "
                "metrics and the business users' feedback behind the decision to continue",
                book.cite("enough evidence to decide")
                or book.cite("predefined success metrics")
                or book.cite("tested against success metrics")
                or book.cite("validate whether the chosen use case")
                or book.cite("typical pilot activities"),
            )
        ]
        deliverables = ["Pilot results and the decision to scale (already taken)"]
    else:
        activities = [
            line(
                "Keep the cloud architecture, data pipelines, security frameworks and governance "
                "policies already in place as the baseline for production",
                book.cite("four areas in this phase")
                or book.cite("infrastructure planning becomes critical")
                or book.cite("cloud architecture", phase="infrastructure")
                or book.cite("data pipelines", phase="infrastructure"),
            )
        ]
        deliverables = ["Production infrastructure (already in place)"]
    return objectives, activities, deliverables


def review_lines(phase: str, ctx: Ctx, book: Book) -> tuple[list[Line], list[Line]]:
    """Objectives and leading activities of the phase the company is in."""
    p = ctx.primary
    said = stated_stage(ctx)
    if phase == "discovery":
        return (
            [line(f"Review the discovery work before the planned pilot starts ({said})")],
            [
                line(
                    f"Re-check discovery's exit criteria for {p.label}: business objectives tied "
                    "to measurable outcomes, success metrics with a measured baseline, an "
                    "executive sponsor and a budget",
                    book.cite("tied to measurable outcomes"),
                    book.cite("establish success metrics", phase="discovery"),
                ),
            ],
        )
    if phase == "pilot" and ctx.profile.stage == "pilot_stalled":
        systems = ctx.systems or "the systems it has to feed"
        regs = f", {ctx.regs}" if ctx.regulated else ""
        return (
            [
                line(
                    f"Find out why the pilot stalled "
                    f"({said}) and decide, on evidence, how to restart it"
                )
            ],
            [
                line(
                    "Diagnose the stall on data readiness first: a pilot run on limited datasets "
                    "in a controlled environment rarely holds up on production data",
                    book.cite("limited datasets"),
                ),
                line(
                    f"Check integration: whether {p.short} can connect to {systems}, since "
                    "without integration planning even a successful pilot struggles to deliver "
                    "business impact",
                    book.cite("without proper integration planning"),
                ),
                line(
                    f"Check governance: security, compliance{regs}, model monitoring and a named "
                    "owner, which scaling needs and pilots often skip",
                    book.cite("frameworks for security, compliance"),
                ),
                line(
                    "Check organisational readiness: an executive sponsor who allocates resources, "
                    "and change management so the users take the solution up",
                    book.cite("executive sponsorship is"),
                    book.cite("insufficient change management"),
                ),
                line(
                    "Re-test against the predefined success metrics and take a go/no-go decision "
                    "on what the diagnosis found",
                    book.cite("enough evidence to decide"),
                ),
            ],
        )
    if phase == "pilot":
        return (
            [line(f"Complete the pilot that is under way ({said}) against its success metrics")],
            [
                line(
                    "Judge the running pilot against the predefined success metrics and the "
                    "business users' feedback, and prepare the go/no-go decision",
                    book.cite("enough evidence to decide"),
                ),
                line(
                    "Test it on fuller data than the pilot's limited datasets before scaling, "
                    "since production needs accurate, continuously updated data",
                    book.cite("limited datasets"),
                ),
            ],
        )
    # production: the model is live; the review is about use, not technology
    return (
        [
            line(
                f"Review the production deployment ({said}) and raise its adoption through "
                "change management and training",
                book.cite("hold back adoption"),
            )
        ],
        [
            line(
                f"Measure adoption of {p.short}: who uses it, how often, and why the others do not",
                book.cite("encourage adoption across departments"),
            ),
            line(
                "Run change management: communicate expectations, address users' concerns and "
                "encourage adoption department by department",
                book.cite("communicate expectations and address concerns")
                or book.cite("communicate expectations"),
            ),
            line(
                f"Train the {ctx.kind.users} to work with the system in their daily workflow, "
                "with support after the training",
                book.cite("employees are trained"),
            ),
            line(
                "Confirm performance monitoring covers accuracy, reliability, usage and business "
                "outcomes",
                book.cite("performance monitoring"),
            ),
        ],
    )


def constraint_lines(phase: str, ctx: Ctx, book: Book) -> tuple[list[Line], list[Line]]:
    """Objectives and activities a phase gains from the company's stated constraints."""
    objectives: list[Line] = []
    activities: list[Line] = []
    s = ctx.signals
    if phase == "infrastructure" and s.tender:
        activities.append(
            line(
                f"Run the public procurement for the platform and integration work here "
                f"(“{s.tender}”): write the tender from the architecture, pipeline and security "
                "requirements this phase sets, and plan the tender's duration into the schedule",
                book.cite("infrastructure planning becomes critical"),
            )
        )
    if phase == "production" and s.works_council:
        activities.append(
            line(
                f"Consult the staff representatives before the rollout (“{s.works_council}”): "
                "present what changes for employees, hear their concerns and agree on training "
                "and monitoring of use",
                book.cite("address concerns") or book.cite("communicate expectations"),
            )
        )
    if phase == "production" and s.deadline:
        objectives.append(
            line(
                f"Meet the stated deadline (“{s.deadline}”): the rollout is planned to be live by "
                f"month {ctx.month(3)}",
            )
        )
    if phase == "discovery" and ctx.profile.systems and ctx.statuses[0] != "done":
        activities.append(
            line(
                f"Map where the data for {ctx.primary.label} lives in "
                f"{join_words(list(ctx.profile.systems[:4]))}, and who owns access to each",
                book.cite("data availability"),
            )
        )
    return objectives, activities


def standing_of(spec: PhaseSpec, ctx: Ctx, book: Book) -> Standing:
    """The phase's status for this company and what leads it."""
    status = ctx.statuses[spec.index]
    if status == "done":
        objectives, activities, deliverables = done_lines(spec.phase, ctx, book)
        return Standing("done", objectives, activities, deliverables)
    objectives, activities = constraint_lines(spec.phase, ctx, book)
    if status == "review":
        lead_obj, lead_act = review_lines(spec.phase, ctx, book)
        objectives, activities = lead_obj + objectives, lead_act + activities
    return Standing(status, objectives, activities)
