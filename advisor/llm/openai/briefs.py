"""The parts of a prompt that code writes from a task: chat history, the phase
windows of a horizon, and what the company layer read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.errors import InputError
from advisor.grounding import phase_windows
from advisor.llm.base import Turn
from advisor.llm.prompts import untrusted
from advisor.schemas import PHASE_ORDER, CompanyProfile

HISTORY_TURNS = 6
_TURN_CHARS = 1500


def history_text(history: Sequence[Turn]) -> str:
    turns = history[-HISTORY_TURNS:]
    return "\n".join(f"{t.role}: {untrusted(t.text[:_TURN_CHARS])}" for t in turns) or "(none)"


def windows_text(
    horizon_months: int,
    statuses: Sequence[str] | None = None,
    calendar: Mapping[str, tuple[int, int]] | None = None,
) -> str:
    try:
        windows = phase_windows(horizon_months, statuses, calendar)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    marks = list(statuses or ["planned"] * len(PHASE_ORDER))
    return ", ".join(
        f"{p} already done"
        if s == "done"
        else f"{p} {a}-{b}" + (" (review)" if s == "review" else "")
        for p, (a, b), s in zip(PHASE_ORDER, windows, marks, strict=True)
    )


def company_brief(profile: CompanyProfile) -> str:
    """What the company layer read and verified, one line a field, for the model."""
    lines = [f"stage: {profile.stage}"]
    if profile.horizon_months:
        lines.append(f"horizon asked for: {profile.horizon_months} months")
    for name in ("goals", "systems", "regulations", "constraints"):
        values = getattr(profile, name)
        if values:
            lines.append(f"{name}: " + "; ".join(values))
    return "\n".join(lines)
