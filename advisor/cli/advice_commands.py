"""Advice commands: ask, roadmap, assess, governance, chat."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from advisor.cli.common import JsonOpt, app, err, index_for, out, print_json
from advisor.config import get_settings
from advisor.errors import InputError

if TYPE_CHECKING:
    from advisor.agent.jobs import Advisor
    from advisor.schemas import Answer, GovernanceAnswer, ReadinessAssessment, Roadmap
    from advisor.storage import SessionStore

SESSION_HELP = (
    "Continue this chat session: the id `advisor chat` printed, or a name of your own "
    "(a new name starts a session under it; local sessions only, the API issues its ids)."
)


def _advisor() -> Advisor:
    from advisor.agent.factory import build_advisor

    settings = get_settings()
    return build_advisor(settings, index=index_for(settings))


def local_sessions(advisor: Advisor) -> SessionStore:
    """The local user's sessions: one owner, and a session may be named on the command line."""
    from advisor.storage import open_storage

    return open_storage(advisor.settings, named_sessions=True).sessions


def _print_sources(result: Answer | GovernanceAnswer) -> None:
    if result.warnings:
        for warning in result.warnings:
            err.print(f"warning: {warning}", highlight=False, markup=False)
    if not result.citations:
        return
    out.print("\n[bold]Sources[/bold]")
    for n, cit in enumerate(result.citations, 1):
        out.print(f"[{n}] {cit.section} ({cit.chunk_id})", markup=False, highlight=False)
        out.print(f'    "{cit.quote}"', markup=False, highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question about moving AI to production.")],
    session: Annotated[str | None, typer.Option("--session", help=SESSION_HELP)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the playbook, citing the passages used."""
    advisor = _advisor()
    if session:
        from advisor.agent.chat import Chat

        chat = Chat(advisor, local_sessions(advisor))
        answer = asyncio.run(chat.ask(question, session))
    else:
        answer = asyncio.run(advisor.ask(question))
    if as_json:
        print_json(answer.model_dump())
        return
    out.print(answer.answer, markup=False, highlight=False)
    _print_sources(answer)


def _read_description(text: str | None, file: Path | None) -> str:
    if file is not None and text is not None:
        raise InputError("give the company description as TEXT or --file, not both")
    if file is not None:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{file}: cannot read the file ({exc.strerror})") from None
    elif text == "-":
        raw = sys.stdin.buffer.read()
    elif text is not None:
        return text
    else:
        raise InputError("give a company description: TEXT, --file FILE, or - for stdin")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        where = str(file) if file is not None else "stdin"
        raise InputError(f"{where}: not UTF-8 text") from None


def _check_dir(path: Path | None) -> None:
    """Before any work: a chart must have somewhere to go."""
    if path is not None and not path.parent.is_dir():
        raise InputError(f"{path}: the directory does not exist")


def _emit(result: Roadmap | ReadinessAssessment, fmt: str, chart: Path | None) -> None:
    """A stored job's output as the registry renders it: JSON or Markdown on stdout, its
    chart to a file, its warnings on stderr."""
    from advisor.agent.registry import DOCUMENTS, kind_of

    document = DOCUMENTS[kind_of(result)]
    if chart is not None:
        try:
            chart.write_text(document.chart(result), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{chart}: cannot write the chart ({exc.strerror})") from None
        err.print(f"{document.chart_name} written to {chart}", highlight=False)
    if fmt == "json":
        print_json(result.model_dump())
    else:
        sys.stdout.write(document.markdown(result))
    for warning in result.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)


@app.command()
def roadmap(
    text: Annotated[
        str | None, typer.Argument(help="Company description, or - to read it from stdin.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the company description from FILE.")
    ] = None,
    horizon_months: Annotated[
        int | None, typer.Option("--horizon-months", help="Plan length, 6 to 36 months.")
    ] = None,
    fmt: Annotated[Literal["json", "md"], typer.Option("--format", help="Output format.")] = "md",
    gantt: Annotated[
        Path | None, typer.Option("--gantt", help="Also write a Gantt chart (SVG) to this file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft a five-phase AI roadmap tailored to a company description."""
    from advisor.agent.inputs import require_horizon, require_text

    description = require_text(_read_description(text, file), "company description")
    if horizon_months is not None:
        require_horizon(horizon_months)
    _check_dir(gantt)
    result = asyncio.run(_advisor().roadmap(description, horizon_months))
    _emit(result, "json" if as_json else fmt, gantt)


@app.command()
def assess(
    text: Annotated[
        str | None, typer.Argument(help="Company description, or - to read it from stdin.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the company description from FILE.")
    ] = None,
    fmt: Annotated[Literal["json", "md"], typer.Option("--format", help="Output format.")] = "md",
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also write the score chart (SVG) to this file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Assess readiness on the playbook's eight dimensions, each score with its evidence."""
    from advisor.agent.inputs import require_text

    description = require_text(_read_description(text, file), "company description")
    _check_dir(chart)
    result = asyncio.run(_advisor().assess(description))
    _emit(result, "json" if as_json else fmt, chart)


@app.command()
def governance(
    question: Annotated[
        str, typer.Argument(help="A security, compliance, ownership, monitoring or risk question.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Answer a governance question with structured recommendations."""
    result = asyncio.run(_advisor().governance(question))
    if as_json:
        print_json(result.model_dump())
        return
    out.print(result.summary, markup=False, highlight=False)
    for n, rec in enumerate(result.recommendations, 1):
        out.print(f"\n{n}. [{rec.area}] {rec.action}", markup=False, highlight=False)
        out.print(f"   {rec.rationale}", markup=False, highlight=False)
    _print_sources(result)


@app.command()
def chat(
    session: Annotated[str | None, typer.Option("--session", help=SESSION_HELP)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Talk with the advisor; each message is routed to a job (ask, roadmap and its
    revisions, assessment, governance)."""
    from advisor.agent.chat import Chat
    from advisor.agent.registry import summarize
    from advisor.errors import AdvisorError
    from advisor.schemas import Answer, GovernanceAnswer

    advisor = _advisor()
    talk = Chat(advisor, local_sessions(advisor))
    interactive = sys.stdin.isatty()
    if interactive:
        err.print("Ask about moving AI from pilot to production; an empty line or Ctrl-D ends.")
    while True:
        try:
            message = input("you> " if interactive else "")
        except EOFError:
            break
        if not message.strip():
            break
        try:
            reply = asyncio.run(talk.send(message, session))
        except AdvisorError as exc:  # one bad turn does not end the conversation
            err.print(f"error: {exc.message}", markup=False, highlight=False)
            continue
        session = reply.session_id
        if as_json:  # one JSON document per line, so a script can read replies as they come
            sys.stdout.write(reply.model_dump_json(exclude_none=True) + "\n")
            sys.stdout.flush()
            continue
        result = reply.result
        out.print(f"advisor ({reply.kind})> {summarize(result)}", markup=False, highlight=False)
        if reply.roadmap is not None:
            out.print("(run `advisor roadmap` for the full document)", style="dim")
        elif reply.assessment is not None:
            out.print("(run `advisor assess` for the full report)", style="dim")
        elif isinstance(result, Answer | GovernanceAnswer):
            _print_sources(result)
    if session and interactive:
        err.print(f"session: {session}")
