"""The `advisor` command line. Errors go to stderr: exit 2 for bad input, 1 for failures."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from advisor.config import Settings, get_settings
from advisor.errors import AdvisorError, ConfigError, InputError
from advisor.schemas import PHASE_ORDER

app = typer.Typer(
    name="advisor",
    help="Strategy Advisor: a grounded playbook for moving AI from pilot to production.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback that draws a bar on a terminal and stays silent otherwise."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


def _index(settings: Settings, refresh: bool = True) -> Any:
    from advisor.knowledge.ingest import ensure_index
    from advisor.retrieval.index import open_index

    index = open_index(settings)
    if refresh:
        with progress_bar("Indexing knowledge") as progress:
            summary = ensure_index(index, progress)
        if summary is not None and (summary.added or summary.updated or summary.removed):
            err.print(
                f"[dim]indexed {summary.chunks} chunks ({summary.added} added, "
                f"{summary.updated} updated, {summary.removed} removed)[/dim]"
            )
    return index


@app.command()
def ingest(
    path: Annotated[
        list[Path] | None,
        typer.Option(
            "--path", help="Knowledge directory (repeatable); default: the configured ones."
        ),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and re-embed all.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Index the knowledge directories (incremental: only changed chunks are embedded)."""
    from advisor.knowledge.ingest import ingest as run_ingest
    from advisor.retrieval.index import open_index

    settings = get_settings()
    index = open_index(settings)
    with progress_bar("Embedding chunks") as progress:
        summary = run_ingest(index, path or None, rebuild=rebuild, progress=progress)
    if as_json:
        print_json(summary.model_dump())
        return
    out.print(
        f"{summary.documents} documents, {summary.chunks} chunks: "
        f"{summary.added} added, {summary.updated} updated, {summary.removed} removed, "
        f"{summary.unchanged} unchanged"
    )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many chunks.")] = 5,
    phase: Annotated[str | None, typer.Option("--phase", help="Only this playbook phase.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Search the knowledge base (hybrid: vectors + BM25)."""
    from advisor.retrieval.hybrid import HybridRetriever

    if not query.strip():
        raise InputError("the query is empty")
    if phase is not None and phase not in PHASE_ORDER:
        raise InputError(f"unknown phase {phase!r}; expected one of {', '.join(PHASE_ORDER)}")
    chunks = HybridRetriever(_index(get_settings())).search(query, k=k, phase=phase)
    if as_json:
        print_json([c.model_dump() for c in chunks])
        return
    if not chunks:
        out.print("No matching passages.")
    for rank, chunk in enumerate(chunks, 1):
        out.print(
            f"[bold]{rank}. {chunk.section}[/bold]  [dim]{chunk.chunk_id} · {chunk.source}[/dim]"
        )
        out.print(chunk.text, markup=False, highlight=False)
        out.print()


@app.command()
def chunk(
    chunk_id: Annotated[str, typer.Argument(help="A chunk id, as search prints it.")],
    as_json: JsonOpt = False,
) -> None:
    """Show one stored chunk."""
    from advisor.errors import NotFound

    found = _index(get_settings(), refresh=False).store.get([chunk_id])
    if not found:
        raise NotFound(f"no chunk with id {chunk_id!r}; run `advisor search` to find ids")
    item = found[0]
    if as_json:
        print_json(item.model_dump(exclude={"score"}))
        return
    out.print(f"[bold]{item.section}[/bold]  [dim]{item.chunk_id} · {item.source}[/dim]")
    out.print(item.text, markup=False, highlight=False)


def fail(message: str, code: int) -> None:
    """Print one clear line to stderr and exit; never a traceback."""
    sys.stderr.write(f"error: {message}\n")
    sys.exit(code)


def main() -> None:
    """Entry point: run the app and turn AdvisorErrors into a message and an exit code."""
    try:
        app()
    except (InputError, ConfigError) as exc:
        fail(exc.message, 2)
    except AdvisorError as exc:
        fail(exc.message, 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)


if __name__ == "__main__":
    main()
