"""API keys (constant-time comparison), a throttle on wrong-key guesses, and a rate limit
per caller (its key, or its address when no keys are configured)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from collections.abc import Callable

from fastapi import Request

from advisor.config import Settings
from advisor.storage import ANONYMOUS
from advisor.storage.rates import SharedBuckets
from api.errors import ApiError

# Failed key checks (401s) one address may make at once, and after that per minute,
# before it is refused with 429. The burst equals the default request rate: a wrong key
# gets no more tries than a right one gets requests; after it, one try in ten seconds.
AUTH_FAILURE_BURST = 120
AUTH_FAILURES_PER_MINUTE = 6
# Buckets (keys or addresses) a limiter remembers; past it, idle ones are forgotten first.
MAX_TRACKED_CALLERS = 50_000
# An IPv6 host usually holds a whole /64: counting single addresses would let it rotate.
_IPV6_PREFIX = 64

Clock = Callable[[], float]


def presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-api-key") or None


def client_address(request: Request) -> str:
    """The caller's address as the limits count it: an IPv4 address, or an IPv6 /64."""
    host = request.client.host if request.client else ""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, _IPV6_PREFIX), strict=False))
    return str(ip)


def check_key(settings: Settings, given: str | None) -> str:
    """The caller's identity: a digest of its key, or "anonymous" when no keys are set."""
    if not settings.api_keys:
        return ANONYMOUS
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


def authenticate(settings: Settings, request: Request) -> str:
    """check_key behind the guess throttle: the caller's identity, or ApiError 401/429."""
    if not settings.api_keys:
        return ANONYMOUS
    throttle: AuthThrottle = request.app.state.auth_throttle
    address = client_address(request)
    throttle.check(address)
    try:
        return check_key(settings, presented_key(request))
    except ApiError as exc:
        if exc.status == 401:
            throttle.failed(address)
        raise


class TokenBuckets:
    """Named token buckets of `capacity` tokens, refilled at `per_minute`, in bounded
    memory: past MAX_TRACKED_CALLERS, refilled buckets and then the least recently used
    are forgotten (a forgotten bucket is a full one)."""

    def __init__(self, capacity: int, per_minute: float, clock: Clock = time.monotonic) -> None:
        self.capacity = float(capacity)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait(self, name: str, spend: bool) -> float:
        """Seconds until `name` has a token (0 when it has one now); with `spend`, a token
        is taken when there is one."""
        with self._lock:
            now, tokens = self._level(name)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate
            self._store(name, tokens - 1.0 if spend and wait == 0.0 else tokens, now)
        return wait

    def spend(self, name: str) -> None:
        """Take a token whether or not there is one: the next wait grows instead."""
        with self._lock:
            now, tokens = self._level(name)
            self._store(name, tokens - 1.0, now)

    def _level(self, name: str) -> tuple[float, float]:
        now = self._clock()
        tokens, last = self._buckets.pop(name, (self.capacity, now))
        return now, min(self.capacity, tokens + (now - last) * self.rate)

    def _store(self, name: str, tokens: float, now: float) -> None:
        if tokens < self.capacity:  # a full bucket is the same as none
            self._buckets[name] = (tokens, now)  # re-inserted last: the dict is LRU-ordered
        if len(self._buckets) > MAX_TRACKED_CALLERS:
            self._trim(now)

    def _trim(self, now: float) -> None:
        # Down to a tenth below the bound: one scan pays for many insertions, so a flood
        # of new names costs amortized constant time.
        for name in [
            name
            for name, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.rate >= self.capacity
        ]:
            del self._buckets[name]
        target = MAX_TRACKED_CALLERS - MAX_TRACKED_CALLERS // 10
        while len(self._buckets) > target:
            del self._buckets[next(iter(self._buckets))]


class AuthThrottle:
    """Failed key checks (401s) per client address, as a token bucket: AUTH_FAILURE_BURST
    failures at once, then AUTH_FAILURES_PER_MINUTE. An address with none left gets 429
    with Retry-After until it has one again.

    A refused address is refused whatever key it sends, a valid one included: letting a
    valid key through would make the 429 the very oracle the throttle takes away. Refused
    requests are not counted, and a key that works never is. Clients behind one NAT
    share the count; an IPv6 /64 counts as one address.
    """

    def __init__(self, clock: Clock = time.monotonic, shared: SharedBuckets | None = None) -> None:
        self._buckets = TokenBuckets(AUTH_FAILURE_BURST, AUTH_FAILURES_PER_MINUTE, clock)
        self.shared = shared  # every replica's count, on PostgreSQL

    def check(self, address: str) -> None:
        if self.shared is not None:
            wait = self.shared.wait(address)
        else:
            wait = self._buckets.wait(address, spend=False)
        if wait > 0:
            raise ApiError(
                429,
                "too_many_failed_keys",
                "too many requests with a wrong or missing API key; wait and retry",
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )

    def failed(self, address: str) -> None:
        if self.shared is not None:
            self.shared.spend(address)
        else:
            self._buckets.spend(address)


class RateLimiter:
    """A token bucket per caller: `per_minute` requests, refilled continuously. In this
    process's memory, or, given `shared`, in the database every replica uses."""

    def __init__(
        self, per_minute: int, clock: Clock = time.monotonic, shared: SharedBuckets | None = None
    ) -> None:
        self.per_minute = per_minute
        self._buckets = TokenBuckets(per_minute, per_minute, clock)
        self.shared = shared

    def take(self, caller: str) -> None:
        if self.per_minute <= 0:
            return
        if self.shared is not None:
            wait = self.shared.take(caller)
        else:
            wait = self._buckets.wait(caller, spend=True)
        if wait > 0:
            raise ApiError(
                429,
                "rate_limited",
                "too many requests; slow down",
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )


def bucket_of(settings: Settings, caller: str, request: Request) -> str:
    """The rate-limit bucket: the key's identity, or the client's address without keys
    (so anonymous clients do not share one bucket)."""
    if settings.api_keys:
        return caller
    return f"addr:{client_address(request)}"
