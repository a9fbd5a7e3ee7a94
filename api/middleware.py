"""ASGI middleware: a request id on every request, and the body size limit enforced
while reading (chunked bodies included), so an oversized request gets 413 before any
route, and so before any model call, runs."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# An oversized body is read and discarded up to this many times the limit (and for at
# most DRAIN_TIMEOUT_S) before the 413 goes out: a server that closes with unread bytes
# makes the kernel reset the connection, and a client still sending (urllib, requests)
# then sees a reset instead of the 413. Bigger bodies are cut, as nginx's lingering
# close does.
DRAIN_FACTOR = 10
DRAIN_TIMEOUT_S = 10.0

_RID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _RID.match(given) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                headers.append((b"x-request-id", rid.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = max_bytes * DRAIN_FACTOR

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            if int(declared) <= self.drain_bytes:
                await self._drain(receive, 0)
            await self._reject(scope, send)
            return
        # Read the whole body up to the limit before the app sees any of it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                if message.get("more_body", False):
                    await self._drain(receive, size)
                await self._reject(scope, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        payload = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": payload, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _drain(self, receive: Receive, size: int) -> None:
        """Read and drop the rest of the body, up to drain_bytes in all and for at most
        DRAIN_TIMEOUT_S; a body past either bound is left for the close to cut."""
        try:
            async with asyncio.timeout(DRAIN_TIMEOUT_S):
                while size <= self.drain_bytes:
                    message = await receive()
                    if message["type"] != "http.request":
                        return
                    size += len(message.get("body", b""))
                    if not message.get("more_body", False):
                        return
        except TimeoutError:
            return

    async def _reject(self, scope: Scope, send: Send) -> None:
        rid = scope.get("state", {}).get("request_id", "")
        body: dict[str, Any] = {
            "error": {
                "code": "payload_too_large",
                "message": f"the request body is over the {self.max_bytes:,}-byte limit",
                "request_id": rid,
            }
        }
        data = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": data})
