"""The openai provider: any OpenAI-compatible server through langchain-openai.

Structured output by JSON schema; a server that rejects json_schema (HTTP 400 naming
it, or llama.cpp's HTTP 500) switches this provider to function calling, once, for
good. Every call is bounded: transport failures retry with backoff (honouring
Retry-After), malformed or truncated output is re-asked once with the error, and
whatever still fails becomes an AdvisorError, never a raw client exception.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from advisor.config import Settings
from advisor.errors import OutputValidationError
from advisor.grounding import phase_windows
from advisor.llm.base import AnswerTask, GovernanceTask, RoadmapTask, Turn, Usage
from advisor.llm.drafts import AnswerDraft, GovernanceDraft, RoadmapDraft
from advisor.llm.openai_convert import to_answer, to_governance, to_roadmap
from advisor.llm.openai_errors import classify, rejects_json_schema
from advisor.llm.prompts import Prompts, format_passages, untrusted

log = logging.getLogger(__name__)
D = TypeVar("D", bound=BaseModel)
Method = Literal["json_schema", "function_calling"]
Sleep = Callable[[float], Awaitable[None]]
FORMAT_ATTEMPTS = 2


class BadOutput(Exception):
    def __init__(self, reason: str, raw: str | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


def history_text(history: Sequence[Turn]) -> str:
    return "\n".join(f"{t.role}: {untrusted(t.text)}" for t in history[-6:]) or "(none)"


class OpenAIProvider:
    name = "openai"
    repairs = True

    def __init__(
        self,
        settings: Settings,
        prompts: Prompts,
        sleep: Sleep = asyncio.sleep,
        chat_model: Any = None,
        http_client: Any = None,
    ) -> None:
        self.settings = settings
        self.prompts = prompts
        self._sleep = sleep
        if chat_model is None:
            from langchain_openai import ChatOpenAI

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
            chat_model = ChatOpenAI(
                model=settings.model,
                base_url=settings.openai_base_url,
                api_key=key,  # type: ignore[arg-type]
                timeout=settings.llm_timeout_s,  # ChatOpenAI's own default is no timeout
                max_retries=0,  # retries are ours: bounded, Retry-After aware
                temperature=0,
                http_async_client=http_client,
            )
        self.llm = chat_model
        self.method: Method = "json_schema"
        self.usage = Usage()
        self.last_usage = Usage()

    # --- the three jobs -----------------------------------------------------------------

    async def answer(self, task: AnswerTask) -> Any:
        prompt = self.prompts.render(
            "answer",
            question=untrusted(task.question),
            passages=format_passages(task.chunks),
            history=history_text(task.history),
        )
        draft = await self.structured(AnswerDraft, self._messages(prompt, task.feedback))
        return to_answer(draft, task)

    async def roadmap(self, task: RoadmapTask) -> Any:
        windows = ", ".join(
            f"{p} {a}-{b}"
            for p, (a, b) in zip(
                ("discovery", "pilot", "infrastructure", "production", "optimization"),
                phase_windows(task.horizon_months),
                strict=True,
            )
        )
        prompt = self.prompts.render(
            "roadmap",
            description=untrusted(task.description),
            passages=format_passages(task.chunks),
            horizon_months=task.horizon_months,
            windows=windows,
        )
        draft = await self.structured(RoadmapDraft, self._messages(prompt, task.feedback))
        return to_roadmap(draft, task)

    async def governance(self, task: GovernanceTask) -> Any:
        prompt = self.prompts.render(
            "governance", question=untrusted(task.question), passages=format_passages(task.chunks)
        )
        draft = await self.structured(GovernanceDraft, self._messages(prompt, task.feedback))
        return to_governance(draft, task)

    def _messages(self, prompt: str, feedback: Sequence[str]) -> list[tuple[str, str]]:
        messages = [("system", self.prompts["system"]), ("human", prompt)]
        if feedback:
            errors = "\n".join(f"- {e}" for e in feedback)
            messages.append(("human", self.prompts.render("repair", errors=errors)))
        return messages

    # --- structured output with bounded retries -------------------------------------------

    async def structured(self, schema: type[D], messages: list[tuple[str, str]]) -> D:
        attempts = self.settings.llm_max_retries + 1
        failures = 0
        bad: BadOutput | None = None
        for _ in range(FORMAT_ATTEMPTS):
            while True:
                try:
                    message = await self._invoke(schema, messages)
                    break
                except Exception as exc:  # every client failure is classified below
                    if self.method == "json_schema" and rejects_json_schema(exc):
                        log.warning("server rejected json_schema; using function calling")
                        self.method = "function_calling"
                        continue
                    if isinstance(exc, openai.LengthFinishReasonError):
                        message = None
                        choices = getattr(getattr(exc, "completion", None), "choices", None)
                        raw = choices[0].message.content if choices else None
                        bad = BadOutput("the output was cut off (finish_reason=length)", raw)
                        break
                    verdict = classify(exc)
                    failures += 1
                    if not verdict.retry or failures >= attempts:
                        raise verdict.error from None
                    wait = verdict.wait if verdict.wait is not None else 0.5 * 2 ** (failures - 1)
                    await self._sleep(wait)
            if message is not None:
                self._record(message)
                try:
                    return self._parse(schema, message)
                except BadOutput as exc:
                    bad = exc
            assert bad is not None
            messages = [
                *messages,
                (
                    "human",
                    f"Your last reply was unusable: {bad.reason}. "
                    "Reply again with the complete, valid output.",
                ),
            ]
        assert bad is not None
        raise OutputValidationError(
            f"the model's output was unusable after {FORMAT_ATTEMPTS} attempts: {bad.reason}",
            attempts=FORMAT_ATTEMPTS,
            last_raw=bad.raw,
        )

    async def _invoke(self, schema: type[BaseModel], messages: list[tuple[str, str]]) -> Any:
        if self.method == "json_schema":
            runnable = self.llm.bind(
                response_format={
                    "type": "json_schema",
                    "json_schema": {
                        "name": schema.__name__,
                        "schema": schema.model_json_schema(),
                        "strict": False,
                    },
                }
            )
        else:
            runnable = self.llm.bind_tools([schema], tool_choice=schema.__name__)
        return await runnable.ainvoke(messages)

    def _record(self, message: Any) -> None:
        usage = getattr(message, "usage_metadata", None) or {}
        self.last_usage = Usage()
        self.last_usage.add(int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0)))
        self.usage.add(self.last_usage.input_tokens, self.last_usage.output_tokens)

    def _parse(self, schema: type[D], message: Any) -> D:
        meta = getattr(message, "response_metadata", {}) or {}
        refusal = (getattr(message, "additional_kwargs", {}) or {}).get("refusal")
        raw = message.content if isinstance(message.content, str) else json.dumps(message.content)
        if refusal:
            raise BadOutput(f"the model refused: {str(refusal)[:200]}", raw)
        if meta.get("finish_reason") == "length":
            raise BadOutput("the output was cut off (finish_reason=length)", raw)
        if self.method == "function_calling":
            if getattr(message, "invalid_tool_calls", None):
                bad_call = message.invalid_tool_calls[0]
                raise BadOutput("the tool-call arguments are not valid JSON", bad_call.get("args"))
            if not message.tool_calls:
                raise BadOutput("the reply has no tool call", raw)
            data: Any = message.tool_calls[0]["args"]
            raw = json.dumps(data)
        else:
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise BadOutput(f"the reply is not valid JSON ({exc.msg})", raw) from None
        try:
            return schema.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            reason = f"the reply does not fit the schema at {where}: {first['msg']}"
            raise BadOutput(reason, raw) from None


async def _chat(self: OpenAIProvider, message: str, history: list[Turn], tools: Any) -> Any:
    """Route a chat message with the tool-calling agent (see openai_agent)."""
    from advisor.llm.openai_agent import run_chat_agent

    return await run_chat_agent(self.llm, self.prompts["chat_agent"], message, history, tools)


OpenAIProvider.chat = _chat  # type: ignore[attr-defined]
