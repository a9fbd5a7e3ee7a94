"""API keys (constant-time comparison) and a per-key rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time

from fastapi import Request

from advisor.config import Settings
from api.errors import ApiError


def presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-api-key") or None


def check_key(settings: Settings, given: str | None) -> str:
    """The caller's identity for rate limiting: a digest of its key, or its absence."""
    if not settings.api_keys:
        return "anonymous"
    if given is None:
        raise ApiError(
            401,
            "unauthorized",
            "an API key is required (Authorization: Bearer ...)",
            {"WWW-Authenticate": "Bearer"},
        )
    matched = False
    for key in settings.api_keys:
        # Compare every key, always, so timing says nothing about which one nearly matched.
        matched |= hmac.compare_digest(key.get_secret_value().encode(), given.encode())
    if not matched:
        raise ApiError(
            401, "unauthorized", "the API key is not valid", {"WWW-Authenticate": "Bearer"}
        )
    return hashlib.sha256(given.encode()).hexdigest()[:16]


class RateLimiter:
    """A token bucket per caller: `per_minute` requests, refilled continuously."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, caller: str) -> None:
        if self.per_minute <= 0:
            return
        rate = self.per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(caller, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[caller] = (tokens, now)
                wait = math.ceil((1.0 - tokens) / rate)
                raise ApiError(
                    429, "rate_limited", "too many requests; slow down", {"Retry-After": str(wait)}
                )
            self._buckets[caller] = (tokens - 1.0, now)
