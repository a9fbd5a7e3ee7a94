"""Readiness assessments: drafted and stored under their id (served by
api.routes.documents)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from advisor.schemas import ReadinessAssessment
from api.deps import AdvisorDep, CallerDep, OutputsDep
from api.models import AssessmentRequest
from api.openapi import ANY_V1, MODEL_CALL, WITH_BODY

router = APIRouter(prefix="/v1", tags=["assessments"], responses=ANY_V1)


@router.post(
    "/assessments",
    response_model=ReadinessAssessment,
    status_code=201,
    responses={**WITH_BODY, **MODEL_CALL},
)
async def create_assessment(
    body: AssessmentRequest, advisor: AdvisorDep, outputs: OutputsDep, caller: CallerDep
) -> ReadinessAssessment:
    """Assess readiness on the playbook's eight dimensions; stored under its id, for this
    caller."""
    assessment = await advisor.assess(body.company_description, body.profile)
    return await asyncio.to_thread(outputs.save, "assessment", assessment, caller)
