"""`advisor serve`: the web page and HTTP API under uvicorn."""

from __future__ import annotations

import ipaddress
import sys
from typing import Annotated, Any

import typer

from advisor.cli.common import app, err
from advisor.config import Settings, get_settings
from advisor.errors import ConfigError, IndexLockedError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    insecure: Annotated[
        bool, typer.Option("--insecure", help="Allow a public address without API keys.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes. A request is CPU-bound between model calls (embedding, "
            "search, verification), so one process per core serves more at once; rate "
            "limits then hold per process.",
        ),
    ] = 1,
) -> None:
    """Serve the web page and the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from api import create_app

    settings = get_settings()
    if not is_loopback(host) and not settings.api_keys and not insecure:
        raise ConfigError(
            f"refusing to serve on {host} without API keys: set ADVISOR_API_KEYS, "
            "bind 127.0.0.1, or pass --insecure"
        )
    wait_for_ingest(settings)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    err.print(f"Strategy Advisor: open http://{shown}:{port}/  (API docs at /docs)")
    app: Any = "api.app:create_app"  # with workers, each builds its own from the settings
    if workers > 1:
        # Index once here, so the workers start on a complete index and only read it.
        prepare_index(settings)
        err.print(f"{workers} worker processes")
    else:
        app = create_app(settings)
    # On SIGTERM uvicorn stops accepting and lets in-flight requests finish, for as long
    # as a request's model calls may take (ADVISOR_SHUTDOWN_GRACE_S).
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=settings.shutdown_grace,
        workers=workers,
        factory=workers > 1,
    )


def wait_for_ingest(settings: Settings) -> None:
    """Let an ingest that holds the index's writer lock finish first (the server indexes
    at start), saying so; past the bound, exit 2 with one line rather than a traceback."""
    from advisor.knowledge import ingest

    def waiting(waited: float) -> None:
        where = "the shared store" if settings.database_url else settings.data_dir
        sys.stderr.write(
            f"waiting for another process to finish writing the index in "
            f"{where} ({waited:.0f} of {ingest.WRITER_WAIT_S:.0f} s)\n"
        )
        sys.stderr.flush()

    try:
        ingest.wait_for_writer(settings, waiting)
    except IndexLockedError as exc:
        sys.stderr.write(f"error: {exc.message}\n")
        raise typer.Exit(2) from None


def prepare_index(settings: Settings) -> None:
    from advisor.knowledge.ingest import ensure_index
    from advisor.retrieval.index import open_index

    index = open_index(settings)
    ensure_index(index)
    index.bm25()
