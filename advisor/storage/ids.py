"""Ids of what is stored, and the owner of what nobody's key made."""

from __future__ import annotations

import re
import secrets

# The owner of everything in local use (no API keys configured), and of rows stored
# before outputs had owners.
ANONYMOUS = "anonymous"
# Ids of sessions, roadmaps and assessments: URL-path safe and never a file name trick.
# The pattern is also the API schema's (JSON Schema syntax); matched whole, so a
# trailing newline is not let through by "$".
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
STORED_ID = re.compile(ID_PATTERN)
# 128 random bits, so an id cannot be guessed; hex, so it never starts with "-" (a CLI
# option) and stays within STORED_ID.
ID_BYTES = 16


def issue_id() -> str:
    return secrets.token_hex(ID_BYTES)
