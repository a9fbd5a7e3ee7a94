"""Chat with sessions, as JSON or as server-sent events."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from advisor.schemas import ChatHistory, ChatReply
from api.deps import CallerDep, ChatDep, SessionsDep
from api.errors import request_id
from api.models import ChatRequest
from api.openapi import ANY_V1, BY_ID, CHAT_EVENT, MODEL_CALL, WITH_BODY, SessionId, content
from api.streaming import chat_events

router = APIRouter(prefix="/v1", tags=["chat"], responses=ANY_V1)


@router.post(
    "/chat",
    response_model=ChatReply,
    response_model_exclude_none=True,
    responses={**WITH_BODY, **MODEL_CALL, **BY_ID},
)
async def chat(body: ChatRequest, talk: ChatDep, caller: CallerDep) -> ChatReply:
    """One chat turn; the message is routed to ask, roadmap or governance."""
    return await talk.send(body.message, body.session_id, caller)


@router.post(
    "/chat/stream",
    response_class=StreamingResponse,
    # Errors after the stream has started are an `error` event, not a status.
    responses={**content("text/event-stream", CHAT_EVENT), **WITH_BODY, **BY_ID},
)
async def chat_stream(
    body: ChatRequest, talk: ChatDep, sessions: SessionsDep, request: Request, caller: CallerDep
) -> StreamingResponse:
    """The same turn as server-sent events: retrieval, delta, result, then done (or error)."""
    if body.session_id is not None:
        # Before the stream starts, so another key's (or a made-up) session is a real 404.
        await asyncio.to_thread(sessions.open, body.session_id, caller)
    return StreamingResponse(
        chat_events(lambda: talk.send(body.message, body.session_id, caller), request_id(request)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/sessions/{session_id}", response_model=ChatHistory, responses=BY_ID)
async def session_history(
    session_id: SessionId, sessions: SessionsDep, caller: CallerDep
) -> ChatHistory:
    return await asyncio.to_thread(sessions.history, session_id, caller)
