"""Reading a company: its profile, the facts behind it with their evidence, its stage
and the horizon it asks for. Shared by every provider; the plan rules build on it."""

from __future__ import annotations

from advisor.company.constraints import ConstraintKind, constraint_kinds, kind_of
from advisor.company.horizon import requested_horizon
from advisor.company.kinds import GoalKind, classify_goal
from advisor.company.profile import CompanyReading, open_questions, read_company
from advisor.company.stage import phase_statuses
from advisor.company.text import clean_sentences

__all__ = [
    "CompanyReading",
    "ConstraintKind",
    "GoalKind",
    "classify_goal",
    "clean_sentences",
    "constraint_kinds",
    "kind_of",
    "open_questions",
    "phase_statuses",
    "read_company",
    "requested_horizon",
]
