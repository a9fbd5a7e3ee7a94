"""What a roadmap document says about how it came to be: the changes a revision made
(each with the words of the user's message that asked for it) and the readiness
assessment behind it (overall, and the weak dimensions the plan has to address).

Pure functions of the schema models, standard library only. Old and new values and the
quoted evidence are the user's words: they are Markdown-escaped (see
``advisor.render.mdtext.escaped``), never shown raw.
"""

from __future__ import annotations

from advisor.render.assessment import DIMENSION_LABELS, LEVEL_WORDS, overall_text, score_text
from advisor.render.company import field_label, field_value
from advisor.render.mdtext import code, escaped
from advisor.schemas import Change, ReadinessSummary, Roadmap

__all__ = ["changes_section", "readiness_section"]


def _value(change: Change, value: str) -> str:
    return field_value(change.field, value) if value.strip() else "*(none)*"


def changes_section(roadmap: Roadmap) -> list[str]:
    """'What changed': one bullet per change, ``old → new``, quoting the message. Empty
    for a roadmap that revises nothing."""
    if roadmap.revision_of is None:
        return []
    lines = ["## What changed", "", f"This plan revises roadmap {code(roadmap.revision_of)}.", ""]
    rows = []
    for change in roadmap.changes:
        row = (
            f"- **{field_label(change.field)}:** {_value(change, change.old)} → "
            f"{_value(change, change.new)}"
        )
        if evidence := escaped(change.evidence):
            row += f' — you asked: "{evidence}"'
        rows.append(row)
    lines += rows or ["No field changed."]
    return [*lines, ""]


def readiness_section(summary: ReadinessSummary) -> list[str]:
    """'Readiness': the overall score and level, and each weak dimension with its score."""
    level = LEVEL_WORDS[summary.level]
    lines = [
        "## Readiness",
        "",
        f"Overall readiness: {overall_text(summary.overall)} — {level}.",
        "",
    ]
    if summary.weak:
        lines += ["Weak dimensions, which the plan has to address:", ""]
        lines += [
            f"- {DIMENSION_LABELS[d]}: {score_text(summary.scores.get(d))}" for d in summary.weak
        ]
    elif any(score is not None for score in summary.scores.values()):
        lines.append("No dimension scored below 2 / 3.")
    else:
        lines.append("The description gave no evidence to score any dimension.")
    return [*lines, ""]
