"""Roadmaps, answers and governance advice as Markdown documents.

Pure functions of the schema models: no I/O, standard library only. They are shared by
the CLI (``advisor roadmap --format md``) and the HTTP API (``/v1/roadmaps/{id}.md``).

Text that comes from the company or the model is made safe for the document's structure,
not HTML-escaped: it is flattened onto one line and stripped of leading block markers
(``#``, ``>``, list bullets, fences, rules), so a goal such as ``"# Reset\\n- x"`` can
neither open a heading nor end a list. Citations are numbered ``[1]``, ``[2]`` in order
of first use and listed once each under "Sources" at the end of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from advisor.schemas import Answer, Citation, GovernanceAnswer, Roadmap

__all__ = ["answer_markdown", "governance_markdown", "inline", "roadmap_markdown"]

# Block-level markers that would change the structure if a line started with them:
# headings, block quotes, fences and thematic breaks, bullets, ordered-list numbers,
# table pipes.
_LEADING = re.compile(r"^(?:#+|>+|[-*_=+~`]{3,}|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$)|\|)\s*")

_AREA_ORDER = ("security", "compliance", "ownership", "monitoring", "risk", "general")
_AREA_TITLES = {
    "security": "Security",
    "compliance": "Compliance",
    "ownership": "Ownership and accountability",
    "monitoring": "Monitoring",
    "risk": "Risk management",
    "general": "General",
}
_MATURITY = {
    "low": "low data maturity",
    "medium": "medium data maturity",
    "high": "high data maturity",
}


def inline(text: str) -> str:
    """One line of Markdown from arbitrary text that cannot start a block of its own."""
    flat = " ".join(text.split())
    while True:
        stripped = _LEADING.sub("", flat, count=1)
        if stripped == flat:
            return flat
        flat = stripped


def _strong(text: str) -> str:
    """Bold text whose own asterisks cannot close the emphasis early."""
    safe = inline(text).replace("*", r"\*")
    return f"**{safe}**" if safe else ""


def _code(text: str) -> str:
    """An inline code span that survives backticks in the value."""
    flat = " ".join(text.split())
    if not flat:
        return "``"
    if "`" not in flat:
        return f"`{flat}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", flat)) + 1)
    return f"{fence} {flat} {fence}"


def _quoted(text: str) -> str:
    """A citation quote on one line, in quotation marks (verbatim but for whitespace)."""
    return f'"{" ".join(text.split())}"'


def _sentence(text: str) -> str:
    flat = inline(text)
    if flat and flat[-1] not in ".!?:;":
        flat += "."
    return flat


def _paragraphs(text: str) -> list[str]:
    """Free text (a model's reply) as paragraphs that each stay a plain paragraph."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        para = inline(block)
        if para:
            out += [para, ""]
    return out


class _Sources:
    """Numbers each distinct citation once, in order of first use."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._index: dict[tuple[str, str], int] = {}

    def number(self, cit: Citation) -> int:
        """The citation's number in the Sources list, registering it on first use."""
        key = (cit.chunk_id, " ".join(cit.quote.split()))
        if key not in self._index:
            self.items.append(cit)
            self._index[key] = len(self.items)
        return self._index[key]

    def refs(self, citations: Iterable[Citation]) -> str:
        numbers = {self.number(cit) for cit in citations}
        return ", ".join(f"[{n}]" for n in sorted(numbers))

    def section(self) -> list[str]:
        if not self.items:
            return []
        lines = ["## Sources", ""]
        for n, cit in enumerate(self.items, 1):
            where = inline(cit.section) or "Untitled section"
            origin = []
            if cit.source.strip():
                origin.append(_code(cit.source))
            origin.append(f"chunk {_code(cit.chunk_id)}")
            lines.append(f"{n}. {where} — {', '.join(origin)}")
            lines.append(f"   > {_quoted(cit.quote)}")
            lines.append("")
        return lines


def _with_refs(text: str, refs: str) -> str:
    return f"{text} {refs}" if refs else text


_MARKER = re.compile(r"\[(\d{1,2})\]")


def _cited_body(text: str, citations: Sequence[Citation], sources: _Sources) -> list[str]:
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
    body[-2] = _with_refs(body[-2], sources.refs(citations))
    return body


def _bullets(title: str, items: Sequence[str], level: str = "###") -> list[str]:
    rows = [inline(i) for i in items]
    rows = [r for r in rows if r]
    if not rows:
        return []
    return [f"{level} {title}", "", *(f"- {r}" for r in rows), ""]


def _footer(provider: str, prompt_version: str, playbook_version: str | None = None) -> list[str]:
    parts = [f"provider {_code(provider or 'unknown')}"]
    if playbook_version is not None:
        parts.append(f"playbook_version {_code(playbook_version or 'unknown')}")
    parts.append(f"prompt_version {_code(prompt_version or 'unknown')}")
    return ["---", "", f"Generated by the AI strategy advisor · {' · '.join(parts)}", ""]


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _profile(roadmap: Roadmap) -> list[str]:
    """A short paragraph: who the company is, its size, data maturity, goals, constraints."""
    company = roadmap.company
    subject = inline(company.name or "") or "The company"
    industry = inline(company.industry or "")
    maturity = _MATURITY.get(company.data_maturity)
    sentences: list[str] = []
    if company.summary.strip():
        # The summary already says who the company is: add the facts as a compact list.
        sentences.append(_sentence(company.summary))
        facts = []
        if industry:
            facts.append(f"industry {industry}")
        if company.employees:
            facts.append(f"about {company.employees:,} employees")
        facts.append(maturity or "data maturity not yet known")
        sentences.append(f"Profile: {', '.join(facts)}.")
    else:
        desc = f"{_a(industry)} {industry} company" if industry else "a company"
        if company.employees:
            desc += f" of about {company.employees:,} employees"
        tail = f" with {maturity}." if maturity else "; its data maturity is not yet known."
        sentences.append(f"{subject} is {desc}{tail}")
    goals = [g for g in (inline(x) for x in company.goals) if g]
    if goals:
        sentences.append(f"Goals: {'; '.join(goals)}.")
    constraints = [c for c in (inline(x) for x in company.constraints) if c]
    if constraints:
        sentences.append(f"Constraints: {'; '.join(constraints)}.")
    return [" ".join(sentences), ""]


def roadmap_markdown(roadmap: Roadmap) -> str:
    """The roadmap as a readable Markdown document (ends with a newline)."""
    company = roadmap.company
    who = inline(company.name or "") or inline(company.industry or "") or "your company"
    sources = _Sources()
    phases = roadmap.phases
    lines = [f"# AI roadmap: {who}", ""]
    lines += _profile(roadmap)
    horizon = f"**Horizon:** {roadmap.horizon_months} months"
    if phases:
        horizon += (
            f" in {len(phases)} phases, from month {phases[0].start_month}"
            f" to month {phases[-1].end_month}."
        )
    else:
        horizon += "."
    lines += [horizon, ""]

    if roadmap.use_cases:
        lines += ["## Use cases", ""]
        for case in roadmap.use_cases:
            refs = sources.refs(case.citations)
            head = f"- {_strong(case.name)} — {case.priority} priority"
            lines.append(_with_refs(head, refs))
            if case.business_objective.strip():
                lines.append(f"  - Objective: {inline(case.business_objective)}")
            if case.rationale.strip():
                lines.append(f"  - Rationale: {inline(case.rationale)}")
        lines.append("")

    for n, phase in enumerate(phases, 1):
        title = inline(phase.title) or phase.phase.capitalize()
        lines += [
            f"## Phase {n}: {title} (months {phase.start_month}–{phase.end_month})",
            "",
        ]
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
    lines += _footer(roadmap.provider, roadmap.prompt_version, roadmap.playbook_version)
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """An answer as Markdown: the question, the reply with its references, the sources."""
    sources = _Sources()
    lines = [f"**Question:** {inline(answer.question)}", ""]
    lines += _cited_body(answer.answer, answer.citations, sources) or [
        "No answer was given.",
        "",
    ]
    if not answer.grounded:
        lines += ["*The playbook does not cover this question, so nothing is cited.*", ""]
    lines += _bullets("Warnings", answer.warnings, "##")
    lines += sources.section()
    lines += _footer(answer.provider, answer.prompt_version)
    return "\n".join(lines)


def governance_markdown(answer: GovernanceAnswer) -> str:
    """Governance advice as Markdown: summary, recommendations by area, sources."""
    sources = _Sources()
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
            by_area.setdefault(rec.area, []).append(_with_refs(f"- {text}", refs))
    if by_area:
        lines += ["## Recommendations", ""]
        for area in sorted(by_area, key=lambda a: _AREA_ORDER.index(a)):
            lines += [f"### {_AREA_TITLES[area]}", "", *by_area[area], ""]

    lines += _bullets("Warnings", answer.warnings, "##")
    lines += sources.section()
    lines += _footer(answer.provider, answer.prompt_version)
    return "\n".join(lines)
