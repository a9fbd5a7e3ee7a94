"""Roadmaps, answers and governance advice as Markdown documents.

Company-supplied text is flattened onto one line and stripped of leading Markdown
markers so it cannot break the document's structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from advisor.schemas import Answer, Citation, GovernanceAnswer, Roadmap

_LEADING = re.compile(r"^\s*(#+|>+|[-*+]\s|\d+[.)]\s)\s*")


def inline(text: str) -> str:
    """One safe line of Markdown from arbitrary text."""
    flat = " ".join(text.split())
    return _LEADING.sub("", flat)


class _Sources:
    """Numbers each distinct citation once, in order of first use."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._index: dict[tuple[str, str], int] = {}

    def refs(self, citations: Iterable[Citation]) -> str:
        numbers = []
        for cit in citations:
            key = (cit.chunk_id, cit.quote)
            if key not in self._index:
                self.items.append(cit)
                self._index[key] = len(self.items)
            numbers.append(self._index[key])
        return " ".join(f"[{n}]" for n in sorted(set(numbers)))

    def section(self) -> list[str]:
        if not self.items:
            return []
        lines = ["## Sources", ""]
        for n, cit in enumerate(self.items, 1):
            lines.append(f"{n}. {inline(cit.section)} ({cit.source}, `{cit.chunk_id}`)")
            lines.append(f"   > {inline(cit.quote)}")
        return [*lines, ""]


def _bullets(title: str, items: Sequence[str], level: str = "###") -> list[str]:
    if not items:
        return []
    return [f"{level} {title}", "", *(f"- {inline(i)}" for i in items), ""]


def _footer(provider: str, playbook: str, prompt: str) -> list[str]:
    parts = [f"provider: {provider or 'unknown'}"]
    if playbook:
        parts.append(f"playbook {playbook}")
    if prompt:
        parts.append(f"prompts {prompt}")
    return ["---", "", f"*{' · '.join(parts)}*", ""]


def roadmap_markdown(roadmap: Roadmap) -> str:
    company = roadmap.company
    who = inline(company.name or company.industry or "your company")
    sources = _Sources()
    lines = [f"# AI roadmap: {who}", ""]
    facts = []
    if company.industry:
        facts.append(f"**Industry:** {inline(company.industry)}")
    if company.employees:
        facts.append(f"**Size:** about {company.employees:,} employees")
    facts.append(f"**Data maturity:** {company.data_maturity}")
    lines += [" · ".join(facts), ""]
    if company.summary:
        lines += [inline(company.summary), ""]
    if company.goals:
        lines += [f"**Goals:** {'; '.join(inline(g) for g in company.goals)}", ""]
    if company.constraints:
        lines += [f"**Constraints:** {'; '.join(inline(c) for c in company.constraints)}", ""]
    lines += [f"**Horizon:** {roadmap.horizon_months} months, in five phases.", ""]

    if roadmap.use_cases:
        lines += ["## Use cases", ""]
        for case in roadmap.use_cases:
            refs = sources.refs(case.citations)
            lines.append(f"- **{inline(case.name)}** ({case.priority} priority) {refs}".rstrip())
            lines.append(f"  - Objective: {inline(case.business_objective)}")
            lines.append(f"  - Why: {inline(case.rationale)}")
        lines.append("")

    for n, phase in enumerate(roadmap.phases, 1):
        refs = sources.refs(phase.citations)
        lines += [
            f"## Phase {n}: {inline(phase.title)} (months {phase.start_month}–{phase.end_month})",
            "",
        ]
        if refs:
            lines += [f"Sources: {refs}", ""]
        lines += _bullets("Objectives", phase.objectives)
        lines += _bullets("Activities", phase.activities)
        lines += _bullets("Deliverables", phase.deliverables)
        lines += _bullets("Success metrics", phase.success_metrics)
        lines += _bullets("Risks", phase.risks)

    lines += _bullets("Risks", roadmap.risks, "##")
    lines += _bullets("Assumptions", roadmap.assumptions, "##")
    lines += _bullets("Warnings", roadmap.warnings, "##")
    lines += sources.section()
    lines += _footer(roadmap.provider, roadmap.playbook_version, roadmap.prompt_version)
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    sources = _Sources()
    refs = sources.refs(answer.citations)
    lines = [f"**Q:** {inline(answer.question)}", "", answer.answer.strip()]
    if refs:
        lines[-1] += f" {refs}"
    lines.append("")
    lines += _bullets("Warnings", answer.warnings, "##")
    lines += sources.section()
    lines += _footer(answer.provider, "", answer.prompt_version)
    return "\n".join(lines)


def governance_markdown(answer: GovernanceAnswer) -> str:
    sources = _Sources()
    lines = [f"**Q:** {inline(answer.question)}", "", answer.summary.strip(), ""]
    by_area: dict[str, list[str]] = {}
    for rec in answer.recommendations:
        refs = sources.refs(rec.citations)
        text = f"- **{inline(rec.action)}** {inline(rec.rationale)} {refs}".rstrip()
        by_area.setdefault(rec.area, []).append(text)
    for area, items in by_area.items():
        lines += [f"## {area.capitalize()}", "", *items, ""]
    sources.refs(answer.citations)
    lines += _bullets("Warnings", answer.warnings, "##")
    lines += sources.section()
    lines += _footer(answer.provider, "", answer.prompt_version)
    return "\n".join(lines)
