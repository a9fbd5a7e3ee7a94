"""Server-sent events for a chat turn: retrieval, delta..., result, done (or error).

Text is streamed only after verification: the deltas spell out the verified reply, so
the streamed result carries exactly the citations the non-streaming reply would.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from advisor.agent.chat import reply_text
from advisor.agent.jobs import retrieval_listener
from advisor.errors import AdvisorError
from advisor.schemas import ChatReply, Chunk
from api.errors import error_body, status_of

log = logging.getLogger("api")
_PIECES = re.compile(r"\S+\s*")


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def pieces(text: str, words: int = 4) -> list[str]:
    tokens = _PIECES.findall(text)
    return ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)]


async def chat_events(run: Callable[[], Awaitable[ChatReply]], rid: str) -> AsyncIterator[str]:
    queue: asyncio.Queue[list[Chunk]] = asyncio.Queue()
    token = retrieval_listener.set(queue.put_nowait)
    try:
        task = asyncio.ensure_future(run())
    finally:
        retrieval_listener.reset(token)
    seen: set[str] = set()
    try:
        while not task.done() or not queue.empty():
            getter = asyncio.ensure_future(queue.get())
            await asyncio.wait({task, getter}, return_when=asyncio.FIRST_COMPLETED)
            if not getter.done():
                getter.cancel()
                continue
            fresh = [c for c in getter.result() if c.chunk_id not in seen]
            seen.update(c.chunk_id for c in fresh)
            if fresh:
                yield sse(
                    "retrieval",
                    {
                        "chunks": [
                            {"chunk_id": c.chunk_id, "section": c.section, "source": c.source}
                            for c in fresh
                        ]
                    },
                )
        reply = task.result()
    except AdvisorError as exc:
        yield sse("error", {**error_body(exc.code, exc.message, rid), "status": status_of(exc)})
        return
    except Exception:  # the stream has started: report, never a trace
        log.exception("unexpected error in streamed request %s", rid)
        yield sse(
            "error", {**error_body("internal_error", "something went wrong", rid), "status": 500}
        )
        return
    finally:
        if not task.done():
            task.cancel()
    for piece in pieces(reply_text(reply)):
        yield sse("delta", {"text": piece})
    yield sse("result", reply.model_dump(mode="json", exclude_none=True))
    yield sse("done", {})
