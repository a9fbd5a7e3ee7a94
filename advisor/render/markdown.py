"""Roadmaps, answers and governance advice as Markdown documents.

Pure functions of the schema models: no I/O, standard library only. They are shared by
the CLI (``advisor roadmap --format md``) and the HTTP API (``/v1/roadmaps/{id}.md``).

Text that comes from the company or the model is made safe for the document's structure,
not HTML-escaped: it is flattened onto one line and stripped of leading block markers
(``#``, ``>``, list bullets, fences, rules), so a goal such as ``"# Reset\\n- x"`` can
neither open a heading nor end a list; what is quoted from the user (facts, evidence,
systems, regulations, open questions) is Markdown-escaped instead (see
``advisor.render.mdtext``). Each phase heading carries its status: "already done",
"review, months a–b" or "(months a–b)". Citations are numbered ``[1]``, ``[2]`` in order
of first use and listed once each under "Sources" at the end of the document
(``advisor.render.sources``). A revision says what changed and a roadmap built on a
readiness assessment names the weak dimensions (``advisor.render.revision``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from advisor.render.company import company_name, company_section
from advisor.render.mdtext import inline
from advisor.render.mdtext import strong as _strong
from advisor.render.revision import changes_section, readiness_section
from advisor.render.sources import Sources, footer, with_refs
from advisor.schemas import Answer, Citation, GovernanceAnswer, PhasePlan, Roadmap

__all__ = ["answer_markdown", "governance_markdown", "inline", "roadmap_markdown"]

_AREA_ORDER = ("security", "compliance", "ownership", "monitoring", "risk", "general")
_AREA_TITLES = {
    "security": "Security",
    "compliance": "Compliance",
    "ownership": "Ownership and accountability",
    "monitoring": "Monitoring",
    "risk": "Risk management",
    "general": "General",
}


def _paragraphs(text: str) -> list[str]:
    """Free text (a model's reply) as paragraphs that each stay a plain paragraph."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        para = inline(block)
        if para:
            out += [para, ""]
    return out


_MARKER = re.compile(r"\[(\d{1,2})\]")


def _cited_body(text: str, citations: Sequence[Citation], sources: Sources) -> list[str]:
    """Free text with its references: markers the text already has ([n] = the n-th
    citation) are renumbered to the Sources list; otherwise all references are appended."""
    numbers = [sources.number(c) for c in citations]
    body = _paragraphs(text)
    if not body:
        return []
    markers = {int(m) for para in body for m in _MARKER.findall(para)}
    if citations and markers and markers <= set(range(1, len(citations) + 1)):

        def renumber(match: re.Match[str]) -> str:
            return f"[{numbers[int(match.group(1)) - 1]}]"

        return [_MARKER.sub(renumber, para) if para else para for para in body]
    body[-2] = with_refs(body[-2], sources.refs(citations))
    return body


def _bullets(title: str, items: Sequence[str], level: str = "###") -> list[str]:
    rows = [inline(i) for i in items]
    rows = [r for r in rows if r]
    if not rows:
        return []
    return [f"{level} {title}", "", *(f"- {r}" for r in rows), ""]


_STATUS_NOTES = {
    "done": "*Already done: the company is past this phase; it is kept for reference.*",
    "review": "*Review: the company is in this phase; re-check the playbook's exit criteria "
    "below before moving on.*",
}


def _window(phase: PhasePlan) -> str:
    """The heading's tail: ' — already done', ' — review, months a–b' or ' (months a–b)'."""
    if phase.status == "done":
        return " — already done"
    span = f"months {phase.start_month}–{phase.end_month}"
    return f" — review, {span}" if phase.status == "review" else f" ({span})"


def roadmap_markdown(roadmap: Roadmap) -> str:
    """The roadmap as a readable Markdown document (ends with a newline)."""
    company = roadmap.company
    who = company_name(company.name) or company_name(company.industry) or "your company"
    sources = Sources()
    phases = roadmap.phases
    lines = [f"# AI roadmap: {who}", ""]
    lines += company_section(roadmap)
    lines += changes_section(roadmap)
    if roadmap.readiness is not None:
        lines += readiness_section(roadmap.readiness)

    if roadmap.use_cases:
        lines += ["## Use cases", ""]
        for case in roadmap.use_cases:
            refs = sources.refs(case.citations)
            head = f"- {_strong(case.name)} — {case.priority} priority"
            lines.append(with_refs(head, refs))
            if case.business_objective.strip():
                lines.append(f"  - Objective: {inline(case.business_objective)}")
            if case.rationale.strip():
                lines.append(f"  - Rationale: {inline(case.rationale)}")
        lines.append("")

    for n, phase in enumerate(phases, 1):
        title = inline(phase.title) or phase.phase.capitalize()
        lines += [f"## Phase {n}: {title}{_window(phase)}", ""]
        if note := _STATUS_NOTES.get(phase.status):
            lines += [note, ""]
        refs = sources.refs(phase.citations)
        if refs:
            lines += [f"Grounded in the playbook: {refs}", ""]
        lines += _bullets("Objectives", phase.objectives)
        lines += _bullets("Activities", phase.activities)
        lines += _bullets("Deliverables", phase.deliverables)
        lines += _bullets("Success metrics", phase.success_metrics)
        lines += _bullets("Risks", phase.risks)

    lines += _bullets("Risks", roadmap.risks, "##") or ["## Risks", "", "None stated.", ""]
    lines += _bullets("Assumptions", roadmap.assumptions, "##") or [
        "## Assumptions",
        "",
        "None stated.",
        "",
    ]
    lines += _bullets("Warnings", roadmap.warnings, "##")
    lines += sources.section()
    lines += footer(roadmap.provider, roadmap.prompt_version, roadmap.playbook_version)
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """An answer as Markdown: the question, the reply with its references, the sources."""
    sources = Sources()
    lines = [f"**Question:** {inline(answer.question)}", ""]
    lines += _cited_body(answer.answer, answer.citations, sources) or [
        "No answer was given.",
        "",
    ]
    if not answer.grounded:
        lines += ["*The playbook does not cover this question, so nothing is cited.*", ""]
    lines += _bullets("Warnings", answer.warnings, "##")
    lines += sources.section()
    lines += footer(answer.provider, answer.prompt_version)
    return "\n".join(lines)


def governance_markdown(answer: GovernanceAnswer) -> str:
    """Governance advice as Markdown: summary, recommendations by area, sources."""
    sources = Sources()
    lines = [f"**Question:** {inline(answer.question)}", ""]
    lines += _cited_body(answer.summary, answer.citations, sources) or [
        "No summary was given.",
        "",
    ]
    if not answer.grounded:
        lines += ["*The playbook does not cover this question, so nothing is cited.*", ""]

    by_area: dict[str, list[str]] = {}
    for rec in answer.recommendations:
        refs = sources.refs(rec.citations)
        text = _strong(rec.action)
        rationale = inline(rec.rationale)
        if rationale:
            text = f"{text} — {rationale}" if text else rationale
        if text:
            by_area.setdefault(rec.area, []).append(with_refs(f"- {text}", refs))
    if by_area:
        lines += ["## Recommendations", ""]
        for area in sorted(by_area, key=lambda a: _AREA_ORDER.index(a)):
            lines += [f"### {_AREA_TITLES[area]}", "", *by_area[area], ""]

    lines += _bullets("Warnings", answer.warnings, "##")
    lines += sources.section()
    lines += footer(answer.provider, answer.prompt_version)
    return "\n".join(lines)
