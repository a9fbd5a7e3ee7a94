"""Map what the openai client raises to the AdvisorError tree, and decide retries."""

from __future__ import annotations

import json
from dataclasses import dataclass

import openai

from advisor.errors import AdvisorError, ProviderError, ProviderTimeout, RateLimited

MAX_RETRY_AFTER_S = 30.0


@dataclass(frozen=True)
class Verdict:
    error: AdvisorError
    retry: bool
    wait: float | None = None  # seconds the server asked us to wait


def _body_text(body: object) -> str:
    if body is None:
        return ""
    return body if isinstance(body, str) else json.dumps(body)[:2000]


def _error_code(body: object) -> str:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("code") or inner.get("type") or "")
    return ""


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after")
    try:
        return min(MAX_RETRY_AFTER_S, max(0.0, float(value))) if value else None
    except ValueError:
        return None


def rejects_json_schema(exc: Exception) -> bool:
    """Servers without json_schema support answer 400 naming it, or (llama.cpp) 500."""
    if isinstance(exc, openai.InternalServerError):
        return True
    if isinstance(exc, openai.BadRequestError):
        text = (str(exc) + _body_text(exc.body)).lower()
        return "response_format" in text or "json_schema" in text
    return False


def classify(exc: Exception) -> Verdict:
    if isinstance(exc, openai.APITimeoutError):
        return Verdict(ProviderTimeout("the model server did not answer in time"), retry=True)
    if isinstance(exc, openai.APIConnectionError):
        return Verdict(ProviderError("cannot reach the model server"), retry=True)
    if isinstance(exc, openai.RateLimitError):
        body = _body_text(exc.body)
        if _error_code(exc.body) == "insufficient_quota":
            return Verdict(
                RateLimited("the model account has no quota left", 429, body), retry=False
            )
        wait = _retry_after(exc)
        return Verdict(
            RateLimited("the model server is rate limiting us", 429, body, wait),
            retry=True,
            wait=wait,
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = _body_text(exc.body)
        if status == 401:
            return Verdict(ProviderError("the model server rejected the API key", 401, body), False)
        if status >= 500:
            return Verdict(
                ProviderError(f"the model server failed with HTTP {status}", status, body),
                retry=True,
                wait=_retry_after(exc),
            )
        return Verdict(
            ProviderError(f"the model server refused the request (HTTP {status})", status, body),
            retry=False,
        )
    if isinstance(exc, AdvisorError):
        return Verdict(exc, retry=False)
    return Verdict(ProviderError(f"unexpected model client error: {type(exc).__name__}"), False)
