"""Reading a structured reply: what `with_structured_output(..., include_raw=True)`
returned, or the finish-reason errors the SDK raises instead, turned into a draft or a
BadOutput (re-asked once by the provider).

The JSON of a json_schema reply is parsed here, strictly: langchain's JsonOutputParser
"completes" truncated JSON (`{"answer": "The pil` parses as {"answer": "The pil"}).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

D = TypeVar("D", bound=BaseModel)
Method = Literal["json_schema", "function_calling"]
_FENCE = "```"


@dataclass
class BadOutput:
    """A model reply that cannot become a draft: why, and the raw text."""

    reason: str
    raw: str | None


# Length and count bounds are checked by the draft models when the reply is read. Sent
# as part of a tool, they break local servers: llama.cpp compiles a tool's schema into
# a grammar, where maxLength 4000 or maxItems 12 expand into nested repetitions past
# its limits; llama-cpp-python 0.3.x then dies on the request.
_BOUNDS = frozenset({"maxLength", "minLength", "maxItems", "minItems", "pattern"})
# Item counts up to this compile to as many optional items, well within a grammar's
# limits; kept, they make a constrained model give what a draft requires (a citation
# per phase, a use case) and no more than it allows (two use cases).
SMALL_COUNT = 3
_SMALL_COUNTS = frozenset({"minItems", "maxItems"})


def unbounded(node: Any) -> Any:
    """A JSON schema without titles, length and pattern bounds, or item counts above
    SMALL_COUNT (property names kept)."""
    if isinstance(node, dict):
        return {
            k: (unbounded(v) if k != "properties" else {n: unbounded(s) for n, s in v.items()})
            for k, v in node.items()
            if (k not in _BOUNDS or (k in _SMALL_COUNTS and v <= SMALL_COUNT))
            # pydantic's titles repeat the property names; a local server reads the tool
            # schema as prompt text (~800 characters of a roadmap's tool)
            and not (k == "title" and isinstance(v, str))
        }
    if isinstance(node, list):
        return [unbounded(v) for v in node]
    return node


def _undocumented(parameters: dict[str, Any]) -> dict[str, Any]:
    """The tool's parameters without the models' docstrings: they are written for us,
    and a local server reads them as prompt text. The fields' descriptions, written for
    the model, stay; the tool's own description is the top model's docstring."""
    defs = {
        name: {k: v for k, v in node.items() if k != "description"}
        for name, node in parameters.get("$defs", {}).items()
    }
    kept = {k: v for k, v in parameters.items() if k != "description"}
    return {**kept, "$defs": defs} if defs else kept


def structured_spec(schema: type[BaseModel], method: Method) -> Any:
    """What to hand to with_structured_output. For json_schema a plain JSON schema with
    strict false: given a pydantic class, the SDK's parse() sends strict: true, which
    OpenAI refuses for schemas with defaults and bounds (HTTP 400 "Invalid schema").
    For function calling, a tool named after the draft, its bounds left to the draft."""
    if method == "function_calling":
        return {
            "name": schema.__name__,
            "description": (schema.__doc__ or schema.__name__).strip(),
            "parameters": _undocumented(unbounded(schema.model_json_schema())),
        }
    return {
        "name": schema.__name__,
        "description": (schema.__doc__ or schema.__name__).strip(),
        "schema": schema.model_json_schema(),
        "strict": False,
    }


def finish_reason_error(exc: BaseException) -> tuple[BadOutput, dict[str, int] | None] | None:
    """The SDK's parse() (used for every response_format request) raises on
    finish_reason length / content_filter instead of returning the message: those are
    bad outputs, not transport failures. Returns the BadOutput and the request's usage."""
    import openai

    if isinstance(exc, openai.LengthFinishReasonError):
        completion = exc.completion
        usage = None
        if completion.usage is not None:
            usage = {
                "input_tokens": completion.usage.prompt_tokens,
                "output_tokens": completion.usage.completion_tokens,
            }
        raw = completion.choices[0].message.content if completion.choices else None
        return BadOutput("the output was cut off (finish_reason=length)", raw), usage
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        reason = "the model refused: the output was stopped by a content filter"
        return BadOutput(reason, None), None
    return None


def read_reply(schema: type[D], method: Method, result: dict[str, Any]) -> D | BadOutput:
    """The draft in an include_raw result ({raw, parsed, parsing_error}), or why not."""
    message = result["raw"]
    raw = raw_text(message, method)
    refusal = (message.additional_kwargs or {}).get("refusal")
    error = result.get("parsing_error")
    if not refusal and type(error).__name__.endswith("RefusalError"):
        refusal = str(error) or "no reason given"
    if refusal:
        return BadOutput(f"the model refused: {str(refusal)[:200]}", raw)
    finish = (message.response_metadata or {}).get("finish_reason")
    if finish == "length":
        return BadOutput("the output was cut off (finish_reason=length)", raw)
    if finish == "content_filter":
        return BadOutput("the model refused: the output was stopped by a content filter", raw)
    data: Any
    if method == "json_schema":
        try:
            data = json.loads(unfenced(raw or ""))
        except json.JSONDecodeError as exc:
            return BadOutput(f"the reply is not valid JSON ({exc.msg})", raw)
    else:
        if message.invalid_tool_calls:
            return BadOutput("the tool-call arguments are not valid JSON", raw)
        calls = [c for c in message.tool_calls if c["name"] == schema.__name__]
        if not calls:
            return BadOutput(f"the reply has no {schema.__name__} tool call", raw)
        data = calls[0]["args"]
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        return BadOutput(f"the reply does not fit the schema: {schema_reason(exc)}", raw)


def raw_text(message: Any, method: Method) -> str | None:
    """What the model actually wrote: the content, or the structured tool-call arguments."""
    if method == "function_calling":
        for call in message.additional_kwargs.get("tool_calls") or []:
            arguments = (call.get("function") or {}).get("arguments")
            if isinstance(arguments, str):
                return arguments
    content = message.content
    if isinstance(content, str):
        return content or None
    return json.dumps(content, default=str)


def unfenced(text: str) -> str:
    """JSON inside a ```json fence, as some servers send it. Slicing, not a pattern: the
    regex this replaces backtracked cubically on a fence followed by a long blank run,
    which a model's reply can be."""
    text = text.strip()
    if len(text) < 2 * len(_FENCE) or not (text.startswith(_FENCE) and text.endswith(_FENCE)):
        return text
    inner = text[len(_FENCE) : -len(_FENCE)]
    return inner.removeprefix("json").strip()


def schema_reason(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
