"""The `advisor` command line. Errors go to stderr: exit 2 for bad input, 1 for failures."""

from __future__ import annotations

import sys

from advisor.cli import (  # noqa: F401  (importing registers the commands)
    advice_commands,
    eval_command,
    index_commands,
    local_model,
    serve_command,
)
from advisor.cli.common import app
from advisor.errors import AdvisorError, ConfigError, InputError

__all__ = ["app", "main"]


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
