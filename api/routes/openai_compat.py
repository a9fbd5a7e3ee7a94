"""The advisor as an OpenAI-compatible model named "advisor": /v1/models and
/v1/chat/completions, streaming or not. Sources are listed at the end of the content
and, structured, in a `citations` field, so no client loses them."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from advisor.agent.chat import Chat, reply_citations, summarize
from advisor.errors import AdvisorError, InputError
from advisor.llm.base import Turn
from advisor.render.assessment import assessment_markdown
from advisor.render.markdown import roadmap_markdown
from advisor.schemas import ChatReply
from api.deps import CallerDep, ChatDep
from api.errors import error_body, request_id
from api.openapi import ANY_V1, MODEL_CALL, WITH_BODY
from api.streaming import pieces

router = APIRouter(prefix="/v1", tags=["openai-compatible"], responses=ANY_V1)
log = logging.getLogger("api")
MODEL = "advisor"


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class CompletionRequest(BaseModel):
    # Other fields clients send (temperature, max_tokens, ...) are accepted and ignored.
    model: str = Field(default=MODEL, json_schema_extra={"enum": [MODEL]})
    messages: list[Message] = Field(
        min_length=1,
        max_length=200,
        description="The conversation. The last user or assistant message must be the "
        "user's (system messages may follow it); it is the one answered, the rest is "
        "history. A conversation that breaks this is 422 invalid_input.",
        # What JSON Schema can say of it: there is a user message.
        json_schema_extra={"contains": {"properties": {"role": {"const": "user"}}}},
    )
    stream: bool = False


def _text(message: Message) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return "".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


def content_of(reply: ChatReply) -> str:
    if reply.roadmap is not None:
        return roadmap_markdown(reply.roadmap)
    if reply.assessment is not None:
        return assessment_markdown(reply.assessment)
    text = summarize(reply.result)
    if reply.governance is not None and reply.governance.recommendations:
        recs = [
            f"- [{r.area}] {r.action} — {r.rationale}" for r in reply.governance.recommendations
        ]
        text += "\n\nRecommendations:\n" + "\n".join(recs)
    cits = reply_citations(reply)
    if cits:
        lines = [f'[{n}] {c.section}: "{c.quote}" ({c.chunk_id})' for n, c in enumerate(cits, 1)]
        text += "\n\nSources:\n" + "\n".join(lines)
    return text


@router.get("/models")
async def models(_: CallerDep) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "strategy-advisor"}],
    }


@router.post(
    "/chat/completions",
    response_model=None,
    responses={
        200: {
            "description": "A chat.completion, or with stream=true chat.completion.chunk "
            "events ending in `data: [DONE]`",
            "content": {"application/json": {}, "text/event-stream": {}},
        },
        **WITH_BODY,
        **MODEL_CALL,
    },
)
async def completions(
    body: CompletionRequest, talk: ChatDep, request: Request, caller: CallerDep
) -> dict[str, Any] | StreamingResponse:
    if body.model != MODEL:
        raise InputError(f"unknown model {body.model!r}; this server offers {MODEL!r}")
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise InputError("the last message must come from the user")
    history = [Turn(m.role, _text(m)) for m in turns[:-1]]  # type: ignore[arg-type]
    question = _text(turns[-1])
    completion_id = "chatcmpl-" + uuid.uuid4().hex[:24]
    created = int(time.time())
    if body.stream:
        return StreamingResponse(
            _stream(talk, question, history, caller, completion_id, created, request_id(request)),
            media_type="text/event-stream",
        )
    # Stateless, but what the turn makes (a roadmap, an assessment) is stored for the caller.
    reply = await talk.reply(question, history, caller)
    content = content_of(reply)
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": [c.model_dump() for c in reply_citations(reply)],
        "advisor": {"kind": reply.kind},
    }


def _chunk(
    cid: str, created: int, delta: dict[str, Any], finish: str | None = None, **extra: Any
) -> str:
    body = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


async def _stream(
    talk: Chat,
    question: str,
    history: list[Turn],
    caller: str,
    cid: str,
    created: int,
    rid: str,
) -> AsyncIterator[str]:
    try:
        reply = await talk.reply(question, history, caller)
    except AdvisorError as exc:
        yield f"data: {json.dumps(error_body(exc.code, exc.message, rid))}\n\n"
        yield "data: [DONE]\n\n"
        return
    except Exception:  # the stream has started: report, never a trace or a cut connection
        log.exception("unexpected error in streamed request %s", rid)
        body = error_body("internal_error", "something went wrong; the request id helps", rid)
        yield f"data: {json.dumps(body)}\n\n"
        yield "data: [DONE]\n\n"
        return
    yield _chunk(cid, created, {"role": "assistant", "content": ""})
    for piece in pieces(content_of(reply)):
        yield _chunk(cid, created, {"content": piece})
    yield _chunk(
        cid, created, {}, "stop", citations=[c.model_dump() for c in reply_citations(reply)]
    )
    yield "data: [DONE]\n\n"
