"""The one place where errors become HTTP: the AdvisorError tree, validation errors
and anything unexpected all answer {"error": {"code", "message", "request_id"}}."""

from __future__ import annotations

import logging
import math

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from advisor.errors import (
    AdvisorError,
    ConfigError,
    IndexLockedError,
    IndexUnavailable,
    InputError,
    NotFound,
    OutputValidationError,
    ProviderError,
    ProviderTimeout,
    RateLimited,
    StorageUnavailable,
)
from api.openapi import PATTERN_MESSAGES

log = logging.getLogger("api")

STATUS: list[tuple[type[AdvisorError], int]] = [
    (NotFound, 404),
    (InputError, 422),
    (ProviderTimeout, 504),
    (OutputValidationError, 502),
    (RateLimited, 502),
    (ProviderError, 502),
    (IndexLockedError, 503),
    (IndexUnavailable, 503),
    (StorageUnavailable, 503),
    (ConfigError, 503),
]


class ApiError(Exception):
    """An HTTP-level refusal (auth, limits) in the same error format."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "") or "")


def error_body(code: str, message: str, rid: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message, "request_id": rid}}


UNAVAILABLE_RETRY_S = 5


def retry_after(seconds: float) -> dict[str, str]:
    """The Retry-After header for a wait in seconds (whole seconds, rounded up)."""
    return {"Retry-After": str(math.ceil(seconds))}


def status_of(exc: AdvisorError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 500)


def error_response(
    status: int, code: str, message: str, rid: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        error_body(code, message, rid),
        status_code=status,
        headers={**(headers or {}), "X-Request-ID": rid},
    )


def _unauthorized(request: Request) -> JSONResponse | None:
    """The 401 (or the guess throttle's 429) a /v1 request without a valid key gets, or
    None when it may pass."""
    from api.security import authenticate  # security imports this module

    settings = getattr(request.app.state, "settings", None)
    if settings is None or not settings.api_keys or not request.url.path.startswith("/v1/"):
        return None
    try:
        authenticate(settings, request)
    except ApiError as exc:
        return error_response(exc.status, exc.code, exc.message, request_id(request), exc.headers)
    return None


def install(app: FastAPI) -> None:
    @app.exception_handler(AdvisorError)
    async def advisor_error(request: Request, exc: AdvisorError) -> JSONResponse:
        status = status_of(exc)
        headers = {}
        if isinstance(exc, RateLimited | IndexUnavailable) and exc.retry_after:
            headers = retry_after(exc.retry_after)
        elif status == 503:
            # Every 503 says when to come back (an ingest holding the lock, say).
            headers = retry_after(UNAVAILABLE_RETRY_S)
        if status >= 500:
            log.warning("request %s failed: %s", request_id(request), exc.message)
        return error_response(status, exc.code, exc.message, request_id(request), headers)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, request_id(request), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI parses a JSON body before it runs the route's dependencies, so a caller
        # without a valid key who sends broken JSON would learn about validation before
        # being told it is not authorized: answer 401 first, as for every other request.
        refusal = _unauthorized(request)
        if refusal is not None:
            return refusal
        parts = []
        for err in exc.errors()[:5]:
            if err.get("type") == "json_invalid":
                parts.append("the request body is not valid JSON")
                continue
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            msg = err.get("msg")
            if err.get("type") == "string_pattern_mismatch":
                msg = PATTERN_MESSAGES.get(str((err.get("ctx") or {}).get("pattern")), msg)
            parts.append(f"{where}: {msg}" if where else str(msg))
        return error_response(422, "invalid_request", "; ".join(parts), request_id(request))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI's 400 is a body it could not read (not UTF-8, say), raised before the
            # route's dependencies run: the key is checked first here too, and what is left
            # is the same 422 broken JSON gets (JSON text is UTF-8).
            refusal = _unauthorized(request)
            if refusal is not None:
                return refusal
            message = "the request body is not valid JSON (it must be UTF-8)"
            return error_response(422, "invalid_request", message, request_id(request))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        # Starlette's 405 carries the route's Allow header (RFC 9110 asks for it).
        return error_response(
            exc.status_code, code, str(exc.detail), request_id(request), dict(exc.headers or {})
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error in request %s", request_id(request))
        return error_response(
            500,
            "internal_error",
            "something went wrong; the request id helps us find it",
            request_id(request),
        )
