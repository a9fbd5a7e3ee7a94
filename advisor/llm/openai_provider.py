"""The openai provider: any OpenAI-compatible server through langchain-openai.

Structured output by JSON schema (`with_structured_output(method="json_schema",
include_raw=True)`); a server that rejects json_schema (HTTP 400 naming it, or the
HTTP 500 naming it or its grammar that llama.cpp answers with) switches this provider
to function calling, once, for good; a plain 500 is retried like any server failure.
Every call is bounded by settings.llm_max_retries: timeouts, 429s (honouring
Retry-After) and 5xx are retried, malformed, truncated or refused output is re-asked
once, and whatever still fails becomes an AdvisorError, never a raw client exception.

langchain-openai is imported in __init__, not here: it costs ~2 s of import.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from advisor.config import Settings
from advisor.errors import ConfigError, OutputValidationError
from advisor.llm.base import ChatOutcome, ChatTools, Task, Turn, Usage
from advisor.llm.openai.capabilities import CapabilityMemory
from advisor.llm.openai.failures import backoff, classify, rejects_json_schema
from advisor.llm.openai.jobs import DRAFTS
from advisor.llm.openai.output import (
    BadOutput,
    Method,
    finish_reason_error,
    read_reply,
    schema_reason,
    structured_spec,
)
from advisor.llm.prompts import Prompts, format_passages
from advisor.schemas import JobOutput

if TYPE_CHECKING:
    import httpx

__all__ = ["ChatOutcome", "ChatTools", "OpenAIProvider"]

log = logging.getLogger(__name__)
# langchain-openai warns "specify method='function_calling'" before raising on a
# json_schema rejection; the provider switches by itself, so the warning is noise.
for _noise in ("This model does not support OpenAI's structured output", "Invalid schema for"):
    warnings.filterwarnings("ignore", message=_noise, category=UserWarning)
D = TypeVar("D", bound=BaseModel)
T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
Message = tuple[str, str]

FORMAT_ATTEMPTS = 2  # a malformed output is re-asked once


class OpenAIProvider:
    """Composes outputs with a model behind an OpenAI-compatible API."""

    name = "openai"
    repairs = True

    def __init__(
        self,
        settings: Settings,
        prompts: Prompts,
        sleep: Sleep = asyncio.sleep,
        *,
        http_client: httpx.AsyncClient | None = None,
        chat_model: Any = None,
        capabilities: CapabilityMemory | None = None,
    ) -> None:
        self.settings = settings
        self.prompts = prompts
        self._sleep = sleep
        self.server = settings.openai_base_url or "https://api.openai.com/v1"
        self.llm: Any = chat_model if chat_model is not None else self._chat_model(http_client)
        self.method: Method = "json_schema"
        if _predates_json_schema(settings.model):
            # langchain-openai would silently switch these to function calling anyway.
            self.method = "function_calling"
        self._bound: dict[tuple[Method, type[BaseModel]], Any] = {}
        self._json_schema_works = False  # a json_schema request has succeeded before
        self._capabilities = capabilities
        known = capabilities.method(self.server, settings.model) if capabilities else None
        if known is not None:
            self.method = known
            self._json_schema_works = known == "json_schema"
        self._runnables: dict[tuple[type[BaseModel], Method], Any] = {}
        self.usage = Usage()  # every request this provider made
        self.last_usage = Usage()  # the requests behind the latest answer/roadmap/governance

    def _chat_model(self, http_client: httpx.AsyncClient | None) -> Any:
        from langchain_openai import ChatOpenAI

        settings = self.settings
        key = settings.openai_api_key
        if key is None and settings.openai_base_url is None:
            raise ConfigError("the openai provider needs OPENAI_API_KEY (or OPENAI_BASE_URL)")
        try:
            return ChatOpenAI(
                model=settings.model,
                base_url=settings.openai_base_url,
                # Local servers (llama.cpp, vLLM) take any key; the client insists on one.
                api_key=key or SecretStr("not-needed"),
                timeout=settings.llm_timeout_s,  # ChatOpenAI's own default is no timeout
                max_retries=0,  # retries are ours: bounded, Retry-After aware
                temperature=0,
                max_completion_tokens=settings.llm_max_tokens,
                # langchain sends only max_completion_tokens; llama.cpp's server knows
                # just max_tokens and would otherwise generate until its context is full.
                extra_body=_legacy_max_tokens(settings),
                http_async_client=http_client,
            )
        except Exception as exc:  # pydantic or client validation of the settings
            # Not str(exc): pydantic's message repeats the values, a base URL's credentials
            # among them.
            raise ConfigError(
                f"cannot set up the openai provider ({type(exc).__name__}); check "
                "OPENAI_BASE_URL and ADVISOR_MODEL"
            ) from None

    # --- the jobs ---------------------------------------------------------------------

    async def compose(self, task: Task) -> JobOutput:
        """The task's job drafted by the model (advisor.llm.openai.jobs declares each)."""
        job = DRAFTS[task.kind]
        prompt = self.prompts.render(
            task.prompt, passages=format_passages(job.passages(task)), **job.values(task)
        )
        draft = await self._structured(job.model, self._messages(prompt, task.feedback))
        return self._convert(job.convert, draft, task)

    async def chat(self, message: str, history: list[Turn], tools: ChatTools) -> ChatOutcome:
        """Route a chat message with a tool-calling agent; the outcome is the verified
        result of the last tool it called (see advisor.llm.openai.agent)."""
        from advisor.llm.openai.agent import run_agent

        return await run_agent(
            self.llm,
            self.prompts["chat_agent"],
            message,
            history,
            tools,
            retrying=self._retrying,
            on_message=lambda msg: self._record(getattr(msg, "usage_metadata", None), last=False),
        )

    def _messages(self, prompt: str, feedback: Sequence[str]) -> list[Message]:
        messages = [("system", self.prompts["system"]), ("human", prompt)]
        if feedback:
            errors = "\n".join(f"- {e}" for e in feedback)
            messages.append(("human", self.prompts.render("repair", errors=errors)))
        return messages

    @staticmethod
    def _convert(convert: Callable[[D, Any], T], draft: D, task: Any) -> T:
        try:
            return convert(draft, task)
        except ValidationError as exc:  # drafts share the schemas' bounds: should not happen
            raise OutputValidationError(
                f"the model's output does not fit the advisor's schema: {schema_reason(exc)}",
                attempts=1,
                last_raw=draft.model_dump_json()[:4000],
            ) from None

    # --- structured output, bounded -----------------------------------------------------

    async def _structured(self, schema: type[D], messages: list[Message]) -> D:
        """One draft from the model. Attempts (requests that failed or replied badly)
        are bounded by llm_max_retries + 1; a bad reply is re-asked at most once."""
        budget = self.settings.llm_max_retries + 1
        attempts = 0
        retries = 0
        bad: list[BadOutput] = []
        self.last_usage = Usage()
        while True:
            method = self.method
            try:
                result = await self._runnable(schema, method).ainvoke(messages)
            except Exception as exc:
                if method == "json_schema" and self._fall_back(exc):
                    continue  # at once, and not counted: the server told us what it supports
                finished = finish_reason_error(exc)
                if finished is not None:  # an HTTP 200: json_schema itself was accepted
                    self._json_schema_worked(method)
                    outcome, usage = finished
                    self._record(usage)
                else:
                    attempts += 1
                    verdict = classify(
                        exc,
                        server=self.server,
                        timeout_s=self.settings.llm_timeout_s,
                        model=self.settings.model,
                    )
                    if not verdict.retry or attempts >= budget:
                        raise verdict.error from exc
                    wait = verdict.wait if verdict.wait is not None else backoff(retries)
                    retries += 1
                    log.info("model request failed (%s); retry in %.1f s", verdict.error, wait)
                    if wait > 0:
                        await self._sleep(wait)
                    continue
            else:
                self._json_schema_worked(method)
                self._record(getattr(result["raw"], "usage_metadata", None))
                read = read_reply(schema, method, result)
                if not isinstance(read, BadOutput):
                    return read
                outcome = read
            attempts += 1
            bad.append(outcome)
            log.warning("unusable model output (attempt %d): %s", len(bad), outcome.reason)
            if len(bad) >= FORMAT_ATTEMPTS or attempts >= budget:
                raise OutputValidationError(
                    f"the model's output was unusable after {len(bad)} attempt(s): "
                    f"{outcome.reason}",
                    attempts=len(bad),
                    last_raw=outcome.raw,
                )
            messages = [
                *messages,
                (
                    "human",
                    f"Your previous reply was unusable: {outcome.reason}. Reply again with "
                    "the complete output as valid JSON that fits the schema.",
                ),
            ]

    def _runnable(self, schema: type[BaseModel], method: Method) -> Any:
        key = (schema, method)
        if key not in self._runnables:
            spec = structured_spec(schema, method)
            self._runnables[key] = self.llm.with_structured_output(
                spec, method=method, include_raw=True
            )
        return self._runnables[key]

    def _fall_back(self, exc: BaseException) -> bool:
        """Switch to function calling if this error is the server refusing json_schema.
        A 500 counts only when its message says so and json_schema has not worked on this
        server before; any other 500 is a failure to retry, so one bad moment on a fresh
        process does not change the request format for good."""
        reason = rejects_json_schema(exc)
        if getattr(exc, "status_code", None) == 500 and self._json_schema_works:
            reason = None
        if reason is None:
            return False
        log.warning(
            "model server at %s rejected json_schema structured output (%s); "
            "using function calling from now on",
            self.server,
            reason,
        )
        self.method = "function_calling"
        if self._capabilities is not None:
            self._capabilities.remember(self.server, self.settings.model, "function_calling")
        return True

    def _json_schema_worked(self, method: Method) -> None:
        if method != "json_schema" or self._json_schema_works:
            return
        self._json_schema_works = True
        if self._capabilities is not None:
            self._capabilities.remember(self.server, self.settings.model, "json_schema")

    # --- transport retries for the chat agent's model calls ----------------------------

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        budget = self.settings.llm_max_retries + 1
        for attempt in range(budget):
            try:
                return await call()
            except Exception as exc:
                verdict = classify(
                    exc,
                    server=self.server,
                    timeout_s=self.settings.llm_timeout_s,
                    model=self.settings.model,
                )
                if not verdict.retry or attempt + 1 >= budget:
                    raise verdict.error from exc
                wait = verdict.wait if verdict.wait is not None else backoff(attempt)
                if wait > 0:
                    await self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- usage --------------------------------------------------------------------------

    def _record(self, usage: Any, last: bool = True) -> None:
        usage = usage or {}
        tokens_in = int(usage.get("input_tokens") or 0)
        tokens_out = int(usage.get("output_tokens") or 0)
        self.usage.add(tokens_in, tokens_out)
        if last:
            self.last_usage.add(tokens_in, tokens_out)


def _legacy_max_tokens(settings: Settings) -> dict[str, int] | None:
    """max_tokens as well, for servers other than OpenAI's (which refuses the pair for
    some models)."""
    url = settings.openai_base_url or ""
    if not url or "api.openai.com" in url:
        return None
    return {"max_tokens": settings.llm_max_tokens}


def _predates_json_schema(model: str) -> bool:
    return model.startswith(("gpt-3", "gpt-4-")) or model == "gpt-4"
