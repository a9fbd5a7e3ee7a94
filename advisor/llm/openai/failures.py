"""Map what the openai client (through langchain-openai) raises to the AdvisorError tree,
and decide what is worth retrying.

langchain-openai re-raises the SDK's errors as subclasses of them (OpenAIRateLimitError
is an openai.RateLimitError, OpenAITimeoutError an openai.APITimeoutError, ...), with
status_code, body and response kept, so checks against the openai classes hold.
`openai` is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from advisor.errors import AdvisorError, ProviderError, ProviderTimeout, RateLimited

MAX_RETRY_AFTER_S = 30.0
_BODY_CHARS = 2000


@dataclass(frozen=True)
class Verdict:
    """What a failed request becomes, whether to try again, and how long to wait first
    (None: the caller's exponential backoff)."""

    error: AdvisorError
    retry: bool
    wait: float | None = None


def backoff(retry: int) -> float:
    """0.5 s, 1 s, 2 s, ... before the retry number `retry` (0-based)."""
    return 0.5 * 2**retry


def body_text(body: object) -> str | None:
    if body is None:
        return None
    text = body if isinstance(body, str) else json.dumps(body, default=str)
    return text[:_BODY_CHARS]


def _error_object(exc: Any) -> dict[str, Any]:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return inner
    return {}


def server_message(exc: Any) -> str:
    """The server's own explanation, short: body.error.message, else the body text."""
    message = _error_object(exc).get("message")
    if not isinstance(message, str) or not message.strip():
        body = getattr(exc, "body", None)
        message = body if isinstance(body, str) and body.strip() else ""
    message = " ".join(str(message).split())
    return message[:300]


def _says_no_quota(exc: Any) -> bool:
    error = _error_object(exc)
    values = {getattr(exc, "code", None), getattr(exc, "type", None)}
    values |= {error.get("code"), error.get("type")}
    return "insufficient_quota" in values


def retry_after(headers: Any) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, retry-after as seconds or
    an HTTP date), capped at MAX_RETRY_AFTER_S; None when it did not say."""
    if headers is None:
        return None
    seconds: float | None = None
    millis = headers.get("retry-after-ms")
    value = headers.get("retry-after")
    try:
        if millis:
            seconds = float(millis) / 1000
        elif value:
            seconds = float(value)
    except ValueError:
        seconds = None
    if seconds is None and value:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return None
    if seconds is None:
        return None
    return min(MAX_RETRY_AFTER_S, max(0.0, seconds))


def root_cause(exc: BaseException) -> str:
    """What went wrong below the SDK, which only says "Connection error.": the first
    cause that is not an openai error (httpx's, naming the socket failure)."""
    import openai

    seen = {id(exc)}
    while isinstance(exc, openai.OpenAIError) and exc.__cause__ is not None:
        if id(exc.__cause__) in seen:
            break
        exc = exc.__cause__
        seen.add(id(exc))
    text = str(exc).strip() or type(exc).__name__
    return text[:300]


# What a server's error says when it is about structured output itself. A 400/422 that
# names response_format or json_schema refused it; a 500 must also name the grammar the
# schema is compiled into (llama.cpp) or the request field its validation rejected
# (llama-cpp-python echoes "response_format" ... "json_schema"), since a plain 500 is a
# server failing, which is retried.
_REFUSED_FIELDS = ("response_format", "json_schema")
_REFUSED_ON_500 = (*_REFUSED_FIELDS, "json schema", "grammar")


def rejects_json_schema(exc: BaseException) -> str | None:
    """Why the server refused structured output by json_schema, if that is what this
    error says: HTTP 400 or 422 naming response_format / json_schema, or HTTP 500 naming
    them or the grammar (llama.cpp's servers answer so). Anything else, a bare 500
    included, is not a refusal. The provider decides whether a 500 after json_schema
    has worked still counts."""
    import openai

    if not isinstance(exc, openai.APIStatusError):
        return None
    words = {400: _REFUSED_FIELDS, 422: _REFUSED_FIELDS, 500: _REFUSED_ON_500}
    named = words.get(exc.status_code)
    if named is None:
        return None
    text = f"{exc.message} {body_text(exc.body) or ''}".lower()  # body_text is bounded
    if any(word in text for word in named):
        return f"HTTP {exc.status_code}: {server_message(exc) or 'json_schema rejected'}"
    return None


def classify(exc: BaseException, *, server: str, timeout_s: float, model: str) -> Verdict:
    """The AdvisorError a failed model request becomes, and whether to retry it."""
    import httpx
    import openai

    if isinstance(exc, AdvisorError):
        return Verdict(exc, retry=False)
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return Verdict(
            ProviderTimeout(f"the model server at {server} did not answer within {timeout_s:g} s"),
            retry=True,
            wait=0.0,  # the timeout itself was the wait
        )
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        return Verdict(
            ProviderError(f"cannot reach the model server at {server}: {root_cause(exc)}"),
            retry=True,
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_verdict(exc, model)
    if isinstance(exc, openai.APIResponseValidationError):
        return Verdict(
            ProviderError("the model server's response does not fit the OpenAI API"),
            retry=False,
        )
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError):
        # langchain-openai raises these on a 200 that is not a chat completion (an HTML
        # page, a body without `choices`, an `error` field).
        return Verdict(
            ProviderError(
                f"the model server at {server} sent an unexpected response "
                f"({type(exc).__name__}: {str(exc)[:200]})"
            ),
            retry=False,
        )
    return Verdict(
        ProviderError(f"the model client failed: {type(exc).__name__}: {str(exc)[:200]}"),
        retry=False,
    )


def _status_verdict(exc: Any, model: str) -> Verdict:
    import openai

    status: int = exc.status_code
    body = body_text(exc.body)
    said = server_message(exc)
    detail = f": {said}" if said else ""
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if isinstance(exc, openai.RateLimitError) or status == 429:
        if _says_no_quota(exc):
            return Verdict(
                RateLimited(f"the model account has no quota left (HTTP 429){detail}", 429, body),
                retry=False,
            )
        wait = retry_after(headers)
        return Verdict(
            RateLimited(
                f"the model server is rate limiting us (HTTP 429){detail}", 429, body, wait
            ),
            retry=True,
            wait=wait,
        )
    if status == 401:
        return Verdict(
            ProviderError(
                f"the model server rejected the API key (HTTP 401); check OPENAI_API_KEY{detail}",
                401,
                body,
            ),
            retry=False,
        )
    if status == 403:
        return Verdict(
            ProviderError(f"the model server denied access (HTTP 403){detail}", 403, body),
            retry=False,
        )
    if status == 404:
        return Verdict(
            ProviderError(
                f"the model server does not know model {model!r} or the base URL is wrong "
                f"(HTTP 404){detail}",
                404,
                body,
            ),
            retry=False,
        )
    if status == 408:
        return Verdict(ProviderTimeout(f"the model server timed out (HTTP 408){detail}"), True)
    if status >= 500:
        return Verdict(
            ProviderError(f"the model server failed (HTTP {status}){detail}", status, body),
            retry=True,
            wait=retry_after(headers),
        )
    return Verdict(
        ProviderError(
            f"the model server refused the request (HTTP {status}){detail}", status, body
        ),
        retry=False,
    )
