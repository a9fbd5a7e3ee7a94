"""Index generations: how a process serving the index notices that another one changed it.

Every ingest that changes the index records a new generation where every process can read
it (the Chroma collection's metadata; the manifest keeps a copy). A reader remembers the
generation of what it opened and looks at the recorded one again at most every
`CHECK_EVERY_S`, or at once when the store says its handle is gone; when they differ it
reopens what it caches. A rebuild marks its new, still empty collection as building, so a
reader answers "unavailable, retry shortly" instead of serving a half-filled index.

Replicas sharing one store reuse this as it is; only where the generation is recorded
(a shared database, say) would change, behind the same reads.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from advisor.errors import IndexUnavailable

H = TypeVar("H")

GENERATION_KEY = "index_generation"
STATE_KEY = "index_state"
BUILDING = "building"
READY = "ready"
# Cheap enough to run on a request's path (one metadata read), rare enough not to count.
CHECK_EVERY_S = 1.0
# A rebuild of the shipped playbook takes seconds; ask clients to come back after this.
RETRY_AFTER_S = 2


def new_generation() -> str:
    """Unique across processes, and ordered by time so logs show which came first."""
    return f"{time.time_ns():016x}-{secrets.token_hex(4)}"


def unavailable(name: str) -> IndexUnavailable:
    return IndexUnavailable(
        f"the knowledge index '{name}' is being rebuilt; try again in a few seconds",
        retry_after=RETRY_AFTER_S,
    )


def unreachable() -> IndexUnavailable:
    return IndexUnavailable(
        "the index server cannot be reached; try again in a few seconds",
        retry_after=RETRY_AFTER_S,
    )


class GenerationWatch:
    """When a reader should look at the recorded generation again: at most once per
    interval across threads, and at once after `expire()`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last = -math.inf
        self._lock = threading.Lock()

    def due(self) -> bool:
        """True for the one caller that should check now; False for the rest until the
        interval has passed again."""
        with self._lock:
            now = self._clock()
            # Read at call time, so a test (or a later setting) can change the interval.
            if now - self._last < CHECK_EVERY_S:
                return False
            self._last = now
            return True

    def expire(self) -> None:
        """The next `due()` answers True: the handle failed, or the index was not ready."""
        with self._lock:
            self._last = -math.inf


class LiveHandle(Generic[H]):
    """The handle to an index that other processes may replace (a Chroma collection):
    the same one between checks, a fresh one once the recorded generation changed, and
    none at all while a rebuild fills the replacement."""

    def __init__(
        self,
        name: str,
        open_: Callable[[], H],
        lookup: Callable[[], H | None],
        metadata: Callable[[H], Mapping[str, Any]],
    ) -> None:
        self._name = name
        self._open = open_  # the first use: may create the index
        self._lookup = lookup  # later uses: never create; None when the index is gone
        self._metadata = metadata
        self._held: H | None = None
        self._generation = ""
        self._watch = GenerationWatch()
        self._lock = threading.Lock()

    @property
    def held(self) -> H | None:
        return self._held

    @property
    def generation(self) -> str:
        """Of the held handle; "" for an index recorded before generations existed."""
        return self._generation

    def adopt(self, handle: H | None) -> None:
        self._held = handle
        meta = self._metadata(handle) if handle is not None else {}
        self._generation = str(meta.get(GENERATION_KEY) or "")

    def published(self, generation: str) -> None:
        """This process recorded `generation` itself: nothing to reopen for it."""
        self._generation = generation

    def failed(self) -> None:
        """The held handle failed (its index was dropped): check on the next use."""
        self._watch.expire()

    def current(self) -> H:
        """The handle to read with. Raises IndexUnavailable while there is none to give."""
        held = self._held
        if held is not None and not self._watch.due():
            return held
        with self._lock:
            found = self._open() if self._held is None else self._lookup()
            if found is None or self._metadata(found).get(STATE_KEY) == BUILDING:
                # The old handle stays: reads come back here, never to a half-filled index.
                self._watch.expire()
                raise unavailable(self._name)
            self.adopt(found)
            return found
