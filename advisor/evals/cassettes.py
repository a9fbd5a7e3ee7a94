"""Recorded HTTP exchanges with an OpenAI-compatible server, for `--provider replay`.

A request is keyed by what decides the model's answer (model, messages, response
format, tools), so any prompt or case change misses the recording and fails loudly
instead of replaying a stale answer. Secrets are never stored.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import httpx

from advisor.errors import ConfigError

_SECRET = re.compile(r"(sk-[A-Za-z0-9_-]{8,}|Bearer\s+\S+)")
_FRAMING = ("content-encoding", "content-length", "transfer-encoding")
KEY_FIELDS = ("model", "messages", "response_format", "tools", "tool_choice")


class CassetteMiss(ConfigError):
    code = "cassette_miss"


def request_key(body: dict[str, Any]) -> str:
    essential = {k: body.get(k) for k in KEY_FIELDS}
    return hashlib.sha256(json.dumps(essential, sort_keys=True).encode()).hexdigest()[:24]


def scrub(text: str) -> str:
    return _SECRET.sub("[scrubbed]", text)


class Cassette:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        self.model: str | None = None
        # The recording run's retry budget: replay must re-ask exactly as it did.
        self.max_retries: int | None = None
        self.misses: list[str] = []

    @classmethod
    def load(cls, path: Path) -> Cassette:
        if not path.exists():
            raise CassetteMiss(
                f"no recordings at {path}; record them once with "
                "`advisor eval --provider live` against an OpenAI-compatible server"
            )
        cassette = cls(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        cassette.model = data.get("model")
        cassette.max_retries = data.get("llm_max_retries")
        cassette.entries = data.get("exchanges", {})
        return cassette

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"model": self.model, "llm_max_retries": self.max_retries, "exchanges": self.entries}
        self.path.write_text(scrub(json.dumps(data, indent=1, sort_keys=True)), encoding="utf-8")

    def replay(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        key = request_key(body)
        entry = self.entries.get(key)
        if entry is None:
            # Raising here would reach the provider as a connection error and be retried;
            # answer 404 instead and let the run report every miss at its end.
            self.misses.append(key)
            return httpx.Response(404, json={"error": {"message": f"no recording {key}"}})
        return httpx.Response(entry["status"], json=entry["body"])

    def check(self) -> None:
        if self.misses:
            raise CassetteMiss(
                f"{len(self.misses)} model request(s) had no recording: the prompts, cases or "
                "knowledge changed since the cassettes were recorded; re-record with "
                "`advisor eval --provider live`"
            )

    def record(self, request: httpx.Request, response: httpx.Response) -> None:
        body = json.loads(request.content)
        self.model = self.model or body.get("model")
        try:
            payload: Any = response.json()
        except ValueError:
            payload = {"raw": response.text}
        self.entries[request_key(body)] = {
            "status": response.status_code,
            "request": {k: body.get(k) for k in KEY_FIELDS},
            "body": payload,
        }


def replay_client(cassette: Cassette) -> httpx.AsyncClient:
    """An HTTP client for the model that answers from the recordings only."""
    return httpx.AsyncClient(transport=httpx.MockTransport(cassette.replay))


class _RecordingTransport(httpx.AsyncBaseTransport):
    """Sends each distinct model request once and keeps the exchange; a repeat in the
    same run (the eval's API pass asks the same turn several ways) is answered from the
    recording, as replay would answer it."""

    def __init__(self, cassette: Cassette) -> None:
        self.cassette = cassette
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/chat/completions"):
            return await self.inner.handle_async_request(request)
        body = json.loads(request.content)
        if request_key(body) in self.cassette.entries:
            return self.cassette.replay(request)
        response = await self.inner.handle_async_request(request)
        content = await response.aread()  # decoded, so the framing headers no longer apply
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _FRAMING]
        recorded = httpx.Response(
            response.status_code, headers=headers, content=content, request=request
        )
        self.cassette.record(request, recorded)
        return recorded

    async def aclose(self) -> None:
        await self.inner.aclose()


def recording_client(cassette: Cassette, timeout: float) -> httpx.AsyncClient:
    """An HTTP client for the model that keeps every exchange it makes."""
    return httpx.AsyncClient(timeout=timeout, transport=_RecordingTransport(cassette))
