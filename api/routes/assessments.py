"""Readiness assessments: drafted, stored under their id, served as JSON, Markdown, SVG."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from advisor.render.assessment import assessment_markdown
from advisor.render.readiness_chart import readiness_svg
from advisor.schemas import ReadinessAssessment
from api.deps import AdvisorDep, AssessmentsDep, CallerDep
from api.models import AssessmentRequest
from api.openapi import ANY_V1, BY_ID, MODEL_CALL, WITH_BODY, AssessmentId, content

router = APIRouter(prefix="/v1", tags=["assessments"], responses=ANY_V1)


@router.post(
    "/assessments",
    response_model=ReadinessAssessment,
    status_code=201,
    responses={**WITH_BODY, **MODEL_CALL},
)
async def create_assessment(
    body: AssessmentRequest, advisor: AdvisorDep, assessments: AssessmentsDep, caller: CallerDep
) -> ReadinessAssessment:
    """Assess readiness on the playbook's eight dimensions; stored under its id, for this
    caller."""
    assessment = await advisor.assess(body.company_description, body.profile)
    return await asyncio.to_thread(assessments.save, assessment, caller)


@router.get(
    "/assessments/{assessment_id}.md",
    response_class=Response,
    responses={**content("text/markdown"), **BY_ID},
)
async def assessment_md(
    assessment_id: AssessmentId, assessments: AssessmentsDep, caller: CallerDep
) -> PlainTextResponse:
    assessment = await asyncio.to_thread(assessments.get, assessment_id, caller)
    return PlainTextResponse(
        assessment_markdown(assessment),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="assessment-{assessment.id}.md"'},
    )


@router.get(
    "/assessments/{assessment_id}.svg",
    response_class=Response,
    responses={**content("image/svg+xml"), **BY_ID},
)
async def assessment_svg(
    assessment_id: AssessmentId, assessments: AssessmentsDep, caller: CallerDep
) -> Response:
    assessment = await asyncio.to_thread(assessments.get, assessment_id, caller)
    return Response(readiness_svg(assessment), media_type="image/svg+xml")


@router.get("/assessments/{assessment_id}", response_model=ReadinessAssessment, responses=BY_ID)
async def get_assessment(
    assessment_id: AssessmentId, assessments: AssessmentsDep, caller: CallerDep
) -> ReadinessAssessment:
    return await asyncio.to_thread(assessments.get, assessment_id, caller)
