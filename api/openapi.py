"""What the OpenAPI document declares beyond the routes' own models: the error body and
which statuses each kind of route can answer, the id pattern, the security schemes.
Generated clients and schemathesis read the real contract from it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from fastapi.security import APIKeyHeader, HTTPBearer
from pydantic import BaseModel

from advisor.agent.inputs import WORD_PATTERN
from advisor.storage import ID_PATTERN

# Text must hold something besides white space (JSON Schema's pattern searches, so this
# asks for one non-space character anywhere).
# Text fields hold words: the library's own check (advisor.agent.inputs.require_text).
NOT_BLANK = WORD_PATTERN
# What a 422 says when a field misses one of these patterns (instead of the regex).
PATTERN_MESSAGES = {
    NOT_BLANK: "must hold words, not only white space or punctuation",
    ID_PATTERN: "must be 1-64 letters, digits, '-' or '_'",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    request_id: str


class ErrorBody(BaseModel):
    """Every error, whatever its status: {"error": {code, message, request_id}}."""

    error: ErrorDetail


# Declared only: the key is checked by api.security (constant time, guesses throttled),
# these make the document say where it goes. auto_error=False: they never refuse.
BEARER = HTTPBearer(auto_error=False, description="Authorization: Bearer <key>")
API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="The same key, for clients that cannot set Authorization",
)

_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def _error(description: str, retry_after: bool = False) -> dict[str, Any]:
    declared: dict[str, Any] = {"model": ErrorBody, "description": description}
    if retry_after:
        declared["headers"] = _RETRY_AFTER
    return declared


# Any /v1 route: the key, the request's own fields, the rate limit, an index not ready.
ANY_V1: dict[int | str, dict[str, Any]] = {
    401: _error("No API key, or not a valid one (only when keys are configured)"),
    422: _error("The request does not match its schema"),
    429: _error("Too many requests, or too many with a wrong key", retry_after=True),
    503: _error("The index is being rebuilt or cannot be reached", retry_after=True),
}
# Routes that take a body.
WITH_BODY: dict[int | str, dict[str, Any]] = {
    413: _error("The body is over the configured limit (ADVISOR_MAX_BODY_BYTES)"),
}
# Routes that may call the model.
MODEL_CALL: dict[int | str, dict[str, Any]] = {
    502: _error("The model failed, or its output stayed invalid after the bounded retries"),
    504: _error("The model did not answer in time"),
}
# Routes that read a stored id: never issued, or issued to another key.
BY_ID: dict[int | str, dict[str, Any]] = {404: _error("No such id for this caller")}


def content(media_type: str, schema: dict[str, Any] | None = None) -> dict[int | str, Any]:
    """A 200 in another media type than JSON (Markdown, SVG, server-sent events). Routes
    using it set response_class=Response, so their errors stay documented as JSON."""
    return {200: {"content": {media_type: {"schema": schema or {"type": "string"}}}}}


# One server-sent event of /v1/chat/stream; `data` is JSON text.
CHAT_EVENT = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["retrieval", "delta", "result", "done", "error"]},
        "data": {"type": "string"},
    },
}


# Path parameters holding a stored id, with its pattern.
SessionId = Annotated[
    str, Path(pattern=ID_PATTERN, description="A session id a /v1/chat reply gave this caller")
]
