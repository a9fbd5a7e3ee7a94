"""Index commands: ingest, search, chunk."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import JsonOpt, app, err, index_for, out, print_json, progress_bar
from advisor.config import get_settings
from advisor.errors import InputError
from advisor.schemas import PHASE_ORDER


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
        # Knowledge with nothing flagged keeps the summary's original keys, which
        # scripts written before screening existed compare as a set.
        print_json(summary.model_dump(exclude=None if summary.flagged else {"flagged"}))
        return
    out.print(
        f"{summary.documents} documents, {summary.chunks} chunks: "
        f"{summary.added} added, {summary.updated} updated, {summary.removed} removed, "
        f"{summary.unchanged} unchanged"
    )
    for flag in summary.flagged:
        err.print(
            f"warning: {flag['source']} ({flag['section']}, {flag['chunk_id']}): "
            f"a sentence aimed at the model ({flag['kind']}) will never be quoted: "
            f"{flag['sentence']}",
            markup=False,
            highlight=False,
            soft_wrap=True,
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
    chunks = HybridRetriever(index_for(get_settings())).search(query, k=k, phase=phase)
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

    found = index_for(get_settings(), refresh=False).store.get([chunk_id])
    if not found:
        raise NotFound(f"no chunk with id {chunk_id!r}; run `advisor search` to find ids")
    item = found[0]
    if as_json:
        print_json(item.model_dump(exclude={"score"}))
        return
    out.print(f"[bold]{item.section}[/bold]  [dim]{item.chunk_id} · {item.source}[/dim]")
    out.print(item.text, markup=False, highlight=False)
