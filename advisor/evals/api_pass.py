"""The eval's pass through the HTTP API: the same message as a JSON chat turn, as
server-sent events, and as an OpenAI-compatible completion, streamed and not.

The app runs in-process (ASGI, no socket) on the eval's own advisor. A case passes
when every form carries exactly the citations of the plain JSON reply, the streamed
text spells out the same reply, the events come in the documented order, and every
citation verifies against the index.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from advisor.agent.chat import reply_citations, reply_text
from advisor.agent.jobs import Advisor
from advisor.config import Settings
from advisor.schemas import ChatReply, Citation

# Builds the HTTP app around an advisor. The library knows no HTTP: the CLI (or a test)
# hands in api.app.app_for_advisor.
AppFactory = Callable[[Settings, Advisor], Any]

CHAT_EVENTS = ("retrieval", "delta", "result", "done")


@dataclass
class ApiCheck:
    """What the API pass saw for one message."""

    failures: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


def parse_sse(text: str) -> list[tuple[str, Any]]:
    """Server-sent events as (event, data) pairs; `message` when no event is named."""
    events: list[tuple[str, Any]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            raw = "\n".join(data)
            events.append((name, raw if raw == "[DONE]" else json.loads(raw)))
    return events


def _keys(citations: Sequence[Citation]) -> list[tuple[str, str]]:
    return [(c.chunk_id, c.quote) for c in citations]


def chat_stream_problems(events: list[tuple[str, Any]], plain: ChatReply) -> list[str]:
    """What is wrong with a /v1/chat/stream event list, given the JSON reply."""
    names = [name for name, _ in events]
    if "error" in names:
        return [f"stream ended in an error: {dict(events)['error']}"]
    order = [CHAT_EVENTS.index(n) if n in CHAT_EVENTS else -1 for n in names]
    problems = []
    if -1 in order or order != sorted(order) or names[-2:] != ["result", "done"]:
        problems.append(f"events out of order: {names}")
    if "delta" not in names:
        problems.append("no delta events")
    results = [data for name, data in events if name == "result"]
    if len(results) != 1:
        return [*problems, f"{len(results)} result events instead of 1"]
    streamed = ChatReply.model_validate(results[0])
    if streamed.kind != plain.kind:
        problems.append(f"streamed a {streamed.kind} reply, the JSON turn a {plain.kind}")
    if _keys(reply_citations(streamed)) != _keys(reply_citations(plain)):
        problems.append("streamed citations differ from the JSON reply's")
    text = "".join(data["text"] for name, data in events if name == "delta")
    if text != reply_text(streamed):
        problems.append("the deltas do not spell out the streamed result")
    return problems


def completion_problems(
    plain: dict[str, Any], chunks: list[tuple[str, Any]], reply: ChatReply
) -> list[str]:
    """What is wrong with an OpenAI-compatible completion, streamed and not, given the
    JSON chat reply to the same message."""
    problems = []
    expected = _keys(reply_citations(reply))
    content = plain["choices"][0]["message"]["content"] or ""
    listed = [(c["chunk_id"], c["quote"]) for c in plain.get("citations", [])]
    if listed != expected:
        problems.append("completion citations differ from the chat reply's")
    # Clients that show only the text must still see the sources, after the text.
    sources = content.rsplit("Sources:", 1)[-1] if "Sources:" in content else ""
    missing = [quote for _, quote in listed if quote not in sources]
    if missing and reply.roadmap is None:
        problems.append(f"{len(missing)} cited quote(s) not listed in the content's sources")
    if not chunks or chunks[-1][1] != "[DONE]":
        return [*problems, "the completion stream does not end with [DONE]"]
    bodies = [data for _, data in chunks[:-1]]
    if any("error" in body for body in bodies):
        return [*problems, "the completion stream carried an error"]
    text = "".join(b["choices"][0]["delta"].get("content") or "" for b in bodies)
    if text != content:
        problems.append("streamed content differs from the plain completion")
    final = bodies[-1] if bodies else {}
    if [(c["chunk_id"], c["quote"]) for c in final.get("citations", [])] != listed:
        problems.append("streamed citations differ from the plain completion's")
    if not final or final["choices"][0].get("finish_reason") != "stop":
        problems.append("the last chunk does not finish with 'stop'")
    return problems


class ApiPass:
    """The eval advisor behind the real app, called over ASGI."""

    def __init__(self, advisor: Advisor, data_dir: Path, app_for: AppFactory) -> None:
        # The eval's own stores and no keys or rate limit: the pass checks replies,
        # the security tests check the gates.
        settings = advisor.settings.model_copy(
            update={"data_dir": data_dir, "api_keys": [], "rate_limit_per_minute": 0}
        )
        data_dir.mkdir(parents=True, exist_ok=True)
        app = app_for(settings, advisor)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://eval.local"
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = await self.client.post(path, json=body)
        if response.status_code != 200:
            raise ApiFailure(f"{path} answered {response.status_code}: {response.text[:200]}")
        return response

    async def check(self, message: str) -> ApiCheck:
        out = ApiCheck()
        try:
            plain = ChatReply.model_validate(
                (await self._post("/v1/chat", {"message": message})).json()
            )
            stream = await self._post("/v1/chat/stream", {"message": message})
            out.failures += chat_stream_problems(parse_sse(stream.text), plain)
            completion = {"model": "advisor", "messages": [{"role": "user", "content": message}]}
            unary = (await self._post("/v1/chat/completions", completion)).json()
            streamed = await self._post("/v1/chat/completions", completion | {"stream": True})
            out.failures += completion_problems(unary, parse_sse(streamed.text), plain)
        except ApiFailure as exc:
            out.failures.append(str(exc))
            return out
        out.citations = reply_citations(plain)
        return out


class ApiFailure(Exception):
    """An API call in the eval answered something other than 200."""
