"""Small parsers shared by the API tests."""

from __future__ import annotations

import json
from typing import Any


def sse_events(text: str) -> list[tuple[str, Any]]:
    """Parse a server-sent-events body into (event, data) pairs (event "message" if unnamed)."""
    events: list[tuple[str, Any]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        name = "message"
        data: list[str] = []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].strip())
        raw = "\n".join(data)
        events.append((name, raw if raw == "[DONE]" else json.loads(raw)))
    return events


def assert_error(body: Any, code: str | None = None) -> dict[str, str]:
    """The contract's error format: {"error": {"code", "message", "request_id"}}, no trace."""
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "request_id"}, error
    assert all(isinstance(v, str) for v in error.values())
    assert error["message"] and error["request_id"]
    assert "Traceback" not in error["message"]
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


def citation_keys(citations: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(c["chunk_id"], c["quote"]) for c in citations]
