"""What every command shares: the app, consoles, JSON output, progress, index opening."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console

from advisor.config import Settings

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


def index_for(settings: Settings, refresh: bool = True) -> Any:
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
