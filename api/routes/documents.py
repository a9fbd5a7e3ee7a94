"""The stored outputs of every job the registry keeps (roadmaps, assessments): as
JSON, Markdown and SVG, each only to the caller that made it. One set of routes per
registry row, so a new stored job is served without a route of its own."""

# No `from __future__ import annotations`: FastAPI must see the id type built per job.
import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import PlainTextResponse, Response

from advisor.agent.registry import DOCUMENTS, JOBS
from advisor.schemas import ChatKind
from advisor.storage import ID_PATTERN
from api.deps import CallerDep, OutputsDep
from api.openapi import ANY_V1, BY_ID, content

router = APIRouter(prefix="/v1", responses=ANY_V1)


def markdown_download(text: str, filename: str) -> PlainTextResponse:
    return PlainTextResponse(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _serve(kind: ChatKind) -> None:
    job = JOBS[kind]
    document = DOCUMENTS[kind]
    param = f"{kind}_id"
    base = f"/{document.collection}/{{{param}}}"
    tags: list[str | Any] = [document.collection]
    made_by = f"POST /v1/{document.collection} or a chat turn"
    OutputId = Annotated[
        str, Path(alias=param, pattern=ID_PATTERN, description=f"A {kind} id {made_by} gave")
    ]

    # The suffixed paths first: "{id}" would otherwise take "abc.md" and 422 on its dot.
    @router.get(
        f"{base}.md",
        response_class=Response,
        responses={**content("text/markdown"), **BY_ID},
        tags=tags,
        name=f"{kind}_md",
        operation_id=f"{kind}_md",
        summary=f"The {kind} as Markdown",
    )
    async def as_markdown(output_id: OutputId, store: OutputsDep, caller: CallerDep) -> Response:
        output = await asyncio.to_thread(store.get, kind, output_id, job.schema, caller)
        return markdown_download(document.markdown(output), f"{kind}-{output.id}.md")

    @router.get(
        f"{base}.svg",
        response_class=Response,
        responses={**content("image/svg+xml"), **BY_ID},
        tags=tags,
        name=f"{kind}_svg",
        operation_id=f"{kind}_svg",
        summary=f"The {kind}'s {document.chart_name} (SVG)",
    )
    async def as_svg(output_id: OutputId, store: OutputsDep, caller: CallerDep) -> Response:
        output = await asyncio.to_thread(store.get, kind, output_id, job.schema, caller)
        return Response(document.chart(output), media_type="image/svg+xml")

    @router.get(
        base,
        response_model=job.schema,
        responses=BY_ID,
        tags=tags,
        name=f"get_{kind}",
        operation_id=f"get_{kind}",
        summary=f"A stored {kind}",
    )
    async def as_json(output_id: OutputId, store: OutputsDep, caller: CallerDep) -> Any:
        return await asyncio.to_thread(store.get, kind, output_id, job.schema, caller)


for _kind in DOCUMENTS:
    _serve(_kind)
