"""Revising a session's roadmap from a follow-up: the kept profile with what the
message changes laid over it, re-planned; name, size, goal and the rest stay."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from advisor.company import CompanyReading, classify_goal, constraint_kinds, read_company
from advisor.company.revision import Revision, read_changes
from advisor.grounding import MAX_HORIZON, MIN_HORIZON, is_verbatim
from advisor.retrieval.embeddings import shipped_embedder
from advisor.schemas import Roadmap

if TYPE_CHECKING:
    from advisor.agent.jobs import Advisor


@dataclass
class PlanState:
    """What a chat session keeps of its plan: the description, the messages that
    revised it, and the current roadmap."""

    description: str
    roadmap: Roadmap
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "description": self.description,
            "messages": self.messages,
            "roadmap": self.roadmap.model_dump(mode="json"),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PlanState | None:
        try:
            return cls(
                description=str(data["description"]),
                roadmap=Roadmap.model_validate(data["roadmap"]),
                messages=[str(m) for m in _as_list(data.get("messages"))],
            )
        except (KeyError, ValueError, TypeError):
            return None


def _read(state: PlanState, message: str) -> tuple[Revision, CompanyReading]:
    embedder = shipped_embedder()
    revision = read_changes(
        message, state.roadmap.company, embedder, horizon=state.roadmap.horizon_months
    )
    combined = "\n\n".join([state.description, *state.messages, message])
    return revision, read_company(combined, embedder)


async def revise(advisor: Advisor, state: PlanState, message: str) -> Roadmap | None:
    """The revised roadmap, or None when the message changes nothing that was read."""
    revision, whole = await asyncio.to_thread(_read, state, message)
    changes = [c for c in revision.changes if is_verbatim(c.evidence, message)]
    if not changes:
        return None
    profile = revision.profile
    reading = replace(
        whole,
        profile=profile,
        constraint_kinds=constraint_kinds(profile),
    )
    if any(c.field == "goals" for c in changes) and profile.goals:
        kind = await asyncio.to_thread(classify_goal, profile.goals[0], shipped_embedder())
        reading = replace(reading, goal_kind=kind)
    horizon = revision.horizon_months or state.roadmap.horizon_months
    notes = []
    bounded = min(max(horizon, MIN_HORIZON), MAX_HORIZON)
    if bounded != horizon:
        notes.append(
            f"The message asks for {horizon} months; a plan through all five phases needs "
            f"{MIN_HORIZON} to {MAX_HORIZON}, so it uses {bounded}."
        )
    messages = "\n\n".join([*state.messages, message])
    roadmap = await advisor.plan(state.description, reading, bounded, notes, messages=messages)
    return roadmap.model_copy(update={"revision_of": state.roadmap.id or None, "changes": changes})


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
