"""Ask, governance and roadmaps."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from advisor.render.gantt import roadmap_gantt_svg
from advisor.render.markdown import roadmap_markdown
from advisor.schemas import Answer, GovernanceAnswer, Roadmap
from api.deps import AdvisorDep, CallerDep, ChatDep, RoadmapsDep
from api.models import AskRequest, GovernanceRequest, RoadmapRequest
from api.openapi import ANY_V1, BY_ID, MODEL_CALL, WITH_BODY, RoadmapId, content

router = APIRouter(prefix="/v1", tags=["advice"], responses=ANY_V1)
DRAFTED = {**WITH_BODY, **MODEL_CALL}


def markdown_download(text: str, filename: str) -> PlainTextResponse:
    return PlainTextResponse(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/ask", response_model=Answer, responses={**DRAFTED, **BY_ID})
async def ask(body: AskRequest, advisor: AdvisorDep, chat: ChatDep, caller: CallerDep) -> Answer:
    """Answer a question from the playbook with verified citations; with a session_id
    (one /v1/chat issued to this caller) inside that session."""
    if body.session_id:
        return await chat.ask(body.question, body.session_id, caller)
    return await advisor.ask(body.question)


@router.post("/governance", response_model=GovernanceAnswer, responses=DRAFTED)
async def governance(
    body: GovernanceRequest, advisor: AdvisorDep, _: CallerDep
) -> GovernanceAnswer:
    """Structured recommendations on security, compliance, ownership, monitoring or risk."""
    return await advisor.governance(body.question)


@router.post("/roadmaps", response_model=Roadmap, status_code=201, responses=DRAFTED)
async def create_roadmap(
    body: RoadmapRequest, advisor: AdvisorDep, roadmaps: RoadmapsDep, caller: CallerDep
) -> Roadmap:
    """Draft a five-phase roadmap for a company; it is stored under its id, for this caller."""
    roadmap = await advisor.roadmap(body.company_description, body.horizon_months, body.profile)
    return await asyncio.to_thread(roadmaps.save, roadmap, caller)


@router.get(
    "/roadmaps/{roadmap_id}.md",
    response_class=Response,
    responses={**content("text/markdown"), **BY_ID},
)
async def roadmap_md(
    roadmap_id: RoadmapId, roadmaps: RoadmapsDep, caller: CallerDep
) -> PlainTextResponse:
    roadmap = await asyncio.to_thread(roadmaps.get, roadmap_id, caller)
    return markdown_download(roadmap_markdown(roadmap), f"roadmap-{roadmap.id}.md")


@router.get(
    "/roadmaps/{roadmap_id}.svg",
    response_class=Response,
    responses={**content("image/svg+xml"), **BY_ID},
)
async def roadmap_svg(roadmap_id: RoadmapId, roadmaps: RoadmapsDep, caller: CallerDep) -> Response:
    roadmap = await asyncio.to_thread(roadmaps.get, roadmap_id, caller)
    return Response(roadmap_gantt_svg(roadmap), media_type="image/svg+xml")


@router.get("/roadmaps/{roadmap_id}", response_model=Roadmap, responses=BY_ID)
async def get_roadmap(roadmap_id: RoadmapId, roadmaps: RoadmapsDep, caller: CallerDep) -> Roadmap:
    return await asyncio.to_thread(roadmaps.get, roadmap_id, caller)
