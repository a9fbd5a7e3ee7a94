"""Request bodies of the HTTP API (responses are the advisor's own schemas)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from advisor.schemas import ProfileOverrides
from advisor.storage import ID_PATTERN
from api.openapi import NOT_BLANK

MAX_TEXT = 20_000
SESSION_FIELD = Field(
    default=None,
    pattern=ID_PATTERN,
    description="The session_id an earlier /v1/chat reply gave this caller, to continue "
    "that session; an id this caller was not given is 404.",
)


class AskRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "How long does the pilot phase take?"}]}
    )
    question: str = Field(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK)
    session_id: str | None = SESSION_FIELD


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"message": "What happens in the pilot phase?"}]}
    )
    message: str = Field(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK)
    session_id: str | None = SESSION_FIELD


PROFILE_FIELD = Field(
    default=None,
    description="Fields the user states in a form; each replaces what was read from "
    "the description and is recorded as a fact from the form.",
)


class RoadmapRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company_description": "Northwind Freight is a 450-person logistics company. "
                    "We want to automate customer support tickets. Our data lives in spreadsheets.",
                    "horizon_months": 12,
                }
            ]
        }
    )
    company_description: str = Field(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK)
    horizon_months: int | None = Field(default=None, ge=6, le=36)
    profile: ProfileOverrides | None = PROFILE_FIELD


class GovernanceRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "Who should own our AI models?"}]}
    )
    question: str = Field(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK)


class AssessmentRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company_description": "Harbor Tools is a 300-person manufacturer. Our "
                    "predictive maintenance pilot has stalled: the data sits in spreadsheets "
                    "and IT could not connect it to our ERP."
                }
            ]
        }
    )
    company_description: str = Field(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK)
    profile: ProfileOverrides | None = PROFILE_FIELD
