"""Ask, governance, and drafting roadmaps."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from advisor.schemas import Answer, GovernanceAnswer, Roadmap
from api.deps import AdvisorDep, CallerDep, ChatDep, OutputsDep
from api.models import AskRequest, GovernanceRequest, RoadmapRequest
from api.openapi import ANY_V1, BY_ID, MODEL_CALL, WITH_BODY

router = APIRouter(prefix="/v1", tags=["advice"], responses=ANY_V1)
DRAFTED = {**WITH_BODY, **MODEL_CALL}


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
    body: RoadmapRequest, advisor: AdvisorDep, outputs: OutputsDep, caller: CallerDep
) -> Roadmap:
    """Draft a five-phase roadmap for a company; it is stored under its id, for this caller
    (served by api.routes.documents)."""
    roadmap = await advisor.roadmap(body.company_description, body.horizon_months, body.profile)
    return await asyncio.to_thread(outputs.save, "roadmap", roadmap, caller)
