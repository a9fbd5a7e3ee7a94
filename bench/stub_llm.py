"""A stub OpenAI-compatible model server for benchmarks: answers every chat completion
after a fixed delay, citing the first passage of the request verbatim so the advisor's
verification passes on the first try.

    python bench/stub_llm.py --port 9100 --delay-ms 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PASSAGE = re.compile(r'<passage chunk_id="([^"]+)" section="[^"]*">\n(.*?)\n</passage>', re.DOTALL)


def _draft(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    text = "\n".join(str(m.get("content") or "") for m in body["messages"])
    found = PASSAGE.findall(text)
    name = ""
    if "response_format" in body:
        name = body["response_format"]["json_schema"]["name"]
    elif isinstance(body.get("tool_choice"), dict):
        name = body["tool_choice"]["function"]["name"]
    quote = {"chunk_id": found[0][0], "quote": found[0][1].splitlines()[0][:200]} if found else {}
    if name == "GovernanceDraft":
        return name, {
            "summary": "Name an owner.",
            "grounded": True,
            "recommendations": [],
            "citations": [quote],
        }
    return name, {
        "answer": "The pilot runs from month 2 to month 5.",
        "grounded": True,
        "citations": [quote] if quote else [],
    }


def _agent_turn(body: dict[str, Any]) -> dict[str, Any]:
    last = body["messages"][-1]
    if last["role"] == "tool":
        message: dict[str, Any] = {"role": "assistant", "content": "Done."}
        finish = "stop"
    else:
        args = json.dumps({"question": str(last.get("content") or "")[:500]})
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "search_playbook", "arguments": args},
                }
            ],
        }
        finish = "tool_calls"
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def make_app(delay: float) -> Starlette:
    async def completions(request: Request) -> JSONResponse:
        body = await request.json()
        await asyncio.sleep(delay)
        tools = [t["function"]["name"] for t in body.get("tools", [])]
        if "search_playbook" in tools:  # the chat agent: call the tool, then finish
            return JSONResponse(_agent_turn(body))
        name, draft = _draft(body)
        message: dict[str, Any] = {"role": "assistant", "content": json.dumps(draft)}
        finish = "stop"
        if "tools" in body and "response_format" not in body:
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": name or "AnswerDraft", "arguments": json.dumps(draft)},
                    }
                ],
            }
            finish = "tool_calls"
        return JSONResponse(
            {
                "id": "chatcmpl-stub",
                "object": "chat.completion",
                "created": 0,
                "model": "stub",
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
            }
        )

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--delay-ms", type=float, default=200.0)
    args = parser.parse_args()
    uvicorn.run(
        make_app(args.delay_ms / 1000),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        backlog=2048,
        limit_concurrency=4096,
    )


if __name__ == "__main__":
    main()
