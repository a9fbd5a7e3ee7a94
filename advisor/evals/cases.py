"""Eval cases: YAML files under evals/cases/, read into typed models."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import InputError


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


class Suite(BaseModel):
    questions: list[QuestionCase] = Field(default_factory=list)
    roadmaps: list[RoadmapCase] = Field(default_factory=list)
    governance: list[GovernanceCase] = Field(default_factory=list)
    adversarial: list[AdversarialCase] = Field(default_factory=list)

    def count(self) -> int:
        return (
            len(self.questions) + len(self.roadmaps) + len(self.governance) + len(self.adversarial)
        )


FILES: dict[str, type[Case]] = {
    "questions": QuestionCase,
    "roadmaps": RoadmapCase,
    "governance": GovernanceCase,
    "adversarial": AdversarialCase,
}


def load_suite(directory: Path) -> Suite:
    """Read questions/roadmaps/governance/adversarial.yaml; a bad file is a clear error."""
    if not directory.is_dir():
        raise InputError(f"{directory}: no such cases directory")
    data: dict[str, list[Case]] = {}
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
            if case.id in seen:
                raise InputError(f"{path}: duplicate case id {case.id!r}")
            seen.add(case.id)
        data[name] = cases
    suite = Suite.model_validate(data)
    if suite.count() == 0:
        raise InputError(f"{directory}: no eval cases found")
    return suite
