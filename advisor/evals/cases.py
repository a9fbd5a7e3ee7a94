"""Eval cases: YAML files under evals/cases/, read into typed models."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from advisor.errors import InputError
from advisor.evals.natural import NaturalQuestionCase
from advisor.evals.plan_cases import AssessmentCase, RevisionCase
from advisor.schemas import DataMaturity, Stage


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    note: str = ""


class QuestionCase(Case):
    question: str | None = None
    turns: list[str] = Field(default_factory=list)
    relevant_sections: list[str] = Field(default_factory=list)
    must_include: list[str] = Field(default_factory=list)
    must_not_include: list[str] = Field(default_factory=list)
    grounded: bool = True

    @property
    def asked(self) -> str:
        return self.turns[-1] if self.turns else str(self.question)


class RoadmapExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    horizon_months: int = 12
    industry: str | None = None
    employees: int | None = None
    data_maturity: str | None = None
    goal_keywords: list[str] = Field(default_factory=list)
    must_include: list[str] = Field(default_factory=list)


class RoadmapCase(Case):
    description: str
    horizon_months: int | None = None
    expect: RoadmapExpect


class GovernanceCase(Case):
    question: str
    relevant_sections: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)
    grounded: bool = True


class AdversarialCase(Case):
    kind: Literal[
        "out_of_scope", "injection_question", "injection_description", "injection_document"
    ]
    question: str | None = None
    description: str | None = None
    document: str | None = None
    canary: str | None = None
    injected: str | None = None
    grounded: bool | None = None


Split = Literal["dev", "holdout"]
Voice = Literal["first_person", "third_person", "terse_form", "bullets", "email", "informal"]
GoalKind = Literal[
    "customer_support",
    "predictive_analytics",
    "document_processing",
    "generative_content",
    "other",
    "none",
]
ConstraintKey = Literal[
    "data_residency",
    "works_council",
    "public_tender",
    "deadline_event",
    "budget_tight",
    "skills_thin",
]


class CompanyExpect(BaseModel):
    """What a careful reader takes from the description. null (or unknown, none, an
    empty list) means the text does not say it, so reading one is a false positive."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    employees: int | None = None
    industry: str | None = None
    horizon_months: int | None = None
    stage: Stage = "unknown"
    regulations: list[str] = Field(default_factory=list)
    systems: list[str] = Field(default_factory=list)
    goal_kind: GoalKind = "none"
    goal_keywords: list[str] = Field(default_factory=list)
    data_maturity: DataMaturity = "unknown"
    constraints: list[ConstraintKey] = Field(default_factory=list)

    @field_validator(
        "stage",
        "goal_kind",
        "data_maturity",
        "regulations",
        "systems",
        "goal_keywords",
        "constraints",
        mode="before",
    )
    @classmethod
    def _null_is_unstated(cls, value: object, info: ValidationInfo) -> object:
        """`stage: null` reads as unknown, `goal_kind: null` as none, a null list as []."""
        if value is not None:
            return value
        field = cls.model_fields[str(info.field_name)]
        return field.get_default(call_default_factory=True)


class CompanyCase(Case):
    """A company description for the roadmap job, scored on how well it was read."""

    split: Split = "dev"
    voice: Voice | None = None
    description: str
    horizon_months: int | None = None
    expect: CompanyExpect


class Suite(BaseModel):
    questions: list[QuestionCase] = Field(default_factory=list)
    roadmaps: list[RoadmapCase] = Field(default_factory=list)
    governance: list[GovernanceCase] = Field(default_factory=list)
    adversarial: list[AdversarialCase] = Field(default_factory=list)
    companies: list[CompanyCase] = Field(default_factory=list)
    assessments: list[AssessmentCase] = Field(default_factory=list)
    revisions: list[RevisionCase] = Field(default_factory=list)
    natural_questions: list[NaturalQuestionCase] = Field(default_factory=list)

    def count(self) -> int:
        return (
            len(self.questions)
            + len(self.roadmaps)
            + len(self.governance)
            + len(self.adversarial)
            + len(self.companies)
            + len(self.assessments)
            + len(self.revisions)
            + len(self.natural_questions)
        )


FILES: dict[str, type[BaseModel]] = {
    "questions": QuestionCase,
    "roadmaps": RoadmapCase,
    "governance": GovernanceCase,
    "adversarial": AdversarialCase,
    "companies": CompanyCase,
    "assessments": AssessmentCase,
    "revisions": RevisionCase,
    "natural_questions": NaturalQuestionCase,
}


def load_suite(directory: Path) -> Suite:
    """Read the case files named in FILES (each optional); a bad file is a clear error."""
    if not directory.is_dir():
        raise InputError(f"{directory}: no such cases directory")
    data: dict[str, list[BaseModel]] = {}
    seen: set[str] = set()
    for name, model in FILES.items():
        path = directory / f"{name}.yaml"
        if not path.exists():
            continue
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            cases = [model.model_validate(item) for item in raw]
        except (yaml.YAMLError, ValidationError, TypeError) as exc:
            raise InputError(f"{path}: invalid eval cases ({exc})") from None
        for case in cases:
            case_id = str(getattr(case, "id", ""))
            if case_id in seen:
                raise InputError(f"{path}: duplicate case id {case_id!r}")
            seen.add(case_id)
        data[name] = cases
    suite = Suite.model_validate(data)
    if suite.count() == 0:
        raise InputError(f"{directory}: no eval cases found")
    return suite
