"""Renderers: roadmap/answer/governance Markdown and the roadmap Gantt chart (SVG)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from advisor.render.gantt import roadmap_gantt_svg, tick_step
from advisor.render.markdown import (
    answer_markdown,
    governance_markdown,
    inline,
    roadmap_markdown,
)
from advisor.schemas import (
    PHASE_ORDER,
    Answer,
    Citation,
    CompanyProfile,
    GovernanceAnswer,
    PhasePlan,
    Recommendation,
    Roadmap,
    UseCase,
)

SVG = "{http://www.w3.org/2000/svg}"
TITLES = (
    "Discovery and Strategic Planning",
    "Pilot Development and Validation",
    "Infrastructure and Scalability Planning",
    "Production Deployment",
    "Optimization and Expansion",
)
WINDOWS_12 = ((0, 2), (2, 5), (5, 7), (7, 10), (10, 12))
WINDOWS_18 = ((0, 3), (3, 8), (8, 11), (11, 15), (15, 18))


def cite(n: int, quote: str | None = None) -> Citation:
    return Citation(
        chunk_id=f"playbook-{n:02d}-abc123",
        source=f"playbook/{n:02d}-section.md",
        section=f"Playbook > Section {n}",
        quote=quote or f"verbatim quote number {n} from the playbook",
    )


def make_roadmap(
    windows: tuple[tuple[int, int], ...] = WINDOWS_12,
    name: str | None = "Northwind Freight",
    **changes: object,
) -> Roadmap:
    phases = [
        PhasePlan(
            phase=phase,
            title=title,
            start_month=start,
            end_month=end,
            objectives=[f"Objective of {phase}"],
            activities=[f"First activity of {phase}", f"Second activity of {phase}"],
            deliverables=[f"Deliverable of {phase}"] if phase != "pilot" else [],
            success_metrics=[f"Metric of {phase}"],
            risks=[] if phase in ("discovery", "production") else [f"Risk of {phase}"],
            # phase i cites chunk i and chunk 1 again: a repeated citation.
            citations=[cite(i + 1)] + ([cite(1)] if i else []),
        )
        for i, (phase, title, (start, end)) in enumerate(
            zip(PHASE_ORDER, TITLES, windows, strict=True)
        )
    ]
    roadmap = Roadmap(
        id="rm-1",
        company=CompanyProfile(
            name=name,
            industry="logistics",
            employees=450,
            summary="A Rotterdam freight forwarder",
            goals=["Automate customer support tickets", "Forecast delivery delays"],
            constraints=["GDPR", "No data team"],
            data_maturity="low",
        ),
        horizon_months=windows[-1][1],
        phases=phases,
        use_cases=[
            UseCase(
                name="Customer support automation",
                business_objective="Resolve routine tickets faster",
                rationale="Support volume is high and repetitive",
                priority="high",
                citations=[cite(6)],
            )
        ],
        risks=["Data quality in spreadsheets"],
        assumptions=["An executive sponsor is named"],
        playbook_version="pb-42",
        provider="offline",
        prompt_version="pr-7",
        warnings=[],
    )
    return roadmap.model_copy(update=changes)


# ---------------------------------------------------------------- markdown


def headings(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("#")]


def test_roadmap_markdown_headings_in_order() -> None:
    md = roadmap_markdown(make_roadmap())
    top = [h for h in headings(md) if not h.startswith("###")]
    assert top == [
        "# AI roadmap: Northwind Freight",
        "## Use cases",
        "## Phase 1: Discovery and Strategic Planning (months 0–2)",
        "## Phase 2: Pilot Development and Validation (months 2–5)",
        "## Phase 3: Infrastructure and Scalability Planning (months 5–7)",
        "## Phase 4: Production Deployment (months 7–10)",
        "## Phase 5: Optimization and Expansion (months 10–12)",
        "## Risks",
        "## Assumptions",
        "## Sources",
    ]
    assert md.endswith("\n")
    assert "## Warnings" not in md


def test_roadmap_markdown_profile_horizon_use_cases_and_footer() -> None:
    md = roadmap_markdown(make_roadmap())
    profile = md.split("\n\n")[1]
    assert profile.startswith("A Rotterdam freight forwarder. Profile: industry logistics,")
    assert "about 450 employees, low data maturity." in profile
    assert "Automate customer support tickets; Forecast delivery delays" in profile
    assert "GDPR; No data team" in profile
    assert "**Horizon:** 12 months" in md
    assert "**Customer support automation** — high priority [1]" in md
    assert "Objective: Resolve routine tickets faster" in md
    assert "Rationale: Support volume is high and repetitive" in md
    footer = md.rstrip().splitlines()[-1]
    assert "offline" in footer and "pb-42" in footer and "pr-7" in footer
    assert "provider" in footer and "playbook_version" in footer and "prompt_version" in footer


def test_phase_sections_have_bullets_and_skip_empty_lists() -> None:
    md = roadmap_markdown(make_roadmap())
    sections = re.split(r"^## ", md, flags=re.M)
    phase = {s.split("\n", 1)[0].split(":")[0]: s for s in sections if s.startswith("Phase")}
    discovery, pilot = phase["Phase 1"], phase["Phase 2"]
    assert [h for h in headings("#" * 3 + discovery.split("###", 1)[1])] == [
        "### Objectives",
        "### Activities",
        "### Deliverables",
        "### Success metrics",
    ]  # no risks in discovery
    assert "- First activity of discovery\n- Second activity of discovery" in discovery
    assert "### Deliverables" not in pilot
    assert "### Risks" in pilot
    assert "### Risks" not in phase["Phase 4"]


def test_every_citation_listed_once_and_numbered_in_order() -> None:
    roadmap = make_roadmap()
    md = roadmap_markdown(roadmap)
    body, sources = md.split("## Sources", 1)
    distinct = {c.chunk_id for p in roadmap.phases for c in p.citations}
    distinct |= {c.chunk_id for u in roadmap.use_cases for c in u.citations}
    for chunk_id in distinct:
        assert sources.count(chunk_id) == 1, chunk_id
        assert body.count(chunk_id) == 0
    entries = re.findall(r"^(\d+)\. (.+)$", sources, flags=re.M)
    assert [int(n) for n, _ in entries] == list(range(1, len(distinct) + 1))
    # Use case first ([1] = chunk 6), then discovery ([2] = chunk 1), pilot cites 2 and 1.
    assert "playbook-06-abc123" in entries[0][1]
    assert "playbook-01-abc123" in entries[1][1]
    assert "Playbook > Section 6" in entries[0][1]
    assert "playbook/06-section.md" in entries[0][1]
    assert '   > "verbatim quote number 6 from the playbook"' in sources
    pilot = body.split("## Phase 2", 1)[1].split("## Phase 3", 1)[0]
    assert "[2], [3]" in pilot
    for n in range(1, len(distinct) + 1):
        assert f"[{n}]" in body


def test_same_chunk_different_quotes_are_two_sources() -> None:
    roadmap = make_roadmap()
    roadmap.phases[0].citations.append(cite(1, quote="another excerpt of the same chunk"))
    md = roadmap_markdown(roadmap)
    sources = md.split("## Sources", 1)[1]
    assert sources.count("playbook-01-abc123") == 2
    assert "another excerpt of the same chunk" in sources


def test_eighteen_month_horizon() -> None:
    md = roadmap_markdown(make_roadmap(WINDOWS_18))
    assert "**Horizon:** 18 months in 5 phases, from month 0 to month 18." in md
    assert "## Phase 1: Discovery and Strategic Planning (months 0–3)" in md
    assert "## Phase 5: Optimization and Expansion (months 15–18)" in md


def test_title_falls_back_to_industry_then_your_company() -> None:
    assert roadmap_markdown(make_roadmap(name=None)).startswith("# AI roadmap: logistics\n")
    no_summary = make_roadmap()
    no_summary.company.summary = ""
    assert (
        "Northwind Freight is a logistics company of about 450 employees with low data maturity."
        in roadmap_markdown(no_summary)
    )
    bare = make_roadmap(name=None, company=CompanyProfile(), use_cases=[], risks=[])
    md = roadmap_markdown(bare)
    assert md.startswith("# AI roadmap: your company\n")
    assert "The company is a company; its data maturity is not yet known." in md
    assert "## Use cases" not in md
    assert "## Risks\n\nNone stated." in md


def test_warnings_section_only_when_warnings_exist() -> None:
    md = roadmap_markdown(make_roadmap(warnings=["dropped citation x: quote not found"]))
    assert "## Warnings\n\n- dropped citation x: quote not found" in md
    assert md.index("## Assumptions") < md.index("## Warnings") < md.index("## Sources")


def test_company_text_cannot_break_structure() -> None:
    evil = make_roadmap(
        name="# Evil\n## Corp",
        company=CompanyProfile(
            name="# Evil\n## Corp",
            goals=["line one\n# injected heading\n- injected item"],
            constraints=["> quoted\n\ntext"],
        ),
    )
    evil.phases[0].activities.append("## Not a heading\n---\nstill one line")
    md = roadmap_markdown(evil)
    assert md.startswith("# AI roadmap: Evil ## Corp\n")
    assert "# injected heading" not in headings(md)
    assert not any("injected" in h or "Not a heading" in h for h in headings(md))
    assert "- Not a heading --- still one line" in md
    assert "line one # injected heading - injected item" in md
    assert "\n---\nstill" not in md
    assert "&lt;" not in md  # nothing is HTML-escaped


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("# Title", "Title"),
        ("  > > quote\nnext", "quote next"),
        ("- item", "item"),
        ("1. first", "first"),
        ("```python", "python"),
        ("-5% churn", "-5% churn"),
        ("3M plant", "3M plant"),
        ("a\n\n#b", "a #b"),
    ],
)
def test_inline(raw: str, expected: str) -> None:
    assert inline(raw) == expected


def test_answer_markdown() -> None:
    answer = Answer(
        question="How long\nis discovery?",
        answer="Discovery takes about two months.\n\n# It sets the goals.",
        grounded=True,
        citations=[cite(1), cite(2), cite(1)],
        warnings=["one citation dropped"],
        provider="offline",
        prompt_version="pr-7",
    )
    md = answer_markdown(answer)
    assert md.startswith("**Question:** How long is discovery?\n")
    assert "Discovery takes about two months.\n\nIt sets the goals. [1], [2]" in md
    assert headings(md) == ["## Warnings", "## Sources"]
    sources = md.split("## Sources", 1)[1]
    assert sources.count("playbook-01-abc123") == 1
    assert sources.count("playbook-02-abc123") == 1
    assert "pr-7" in md.rstrip().splitlines()[-1]


def test_answer_markers_already_in_text_are_renumbered_not_repeated() -> None:
    answer = Answer(
        question="q",
        answer="Pilots run months 2 to 5. [1] They prove value. [3] [2]",
        grounded=True,
        # the second citation repeats the first: both become source 1.
        citations=[cite(1), cite(1), cite(2)],
    )
    md = answer_markdown(answer)
    assert "Pilots run months 2 to 5. [1] They prove value. [2] [1]\n" in md
    sources = md.split("## Sources", 1)[1]
    assert re.findall(r"^(\d+)\. ", sources, flags=re.M) == ["1", "2"]


def test_ungrounded_answer_says_so_and_has_no_sources() -> None:
    md = answer_markdown(
        Answer(question="Best pizza?", answer="The playbook does not cover this.", grounded=False)
    )
    assert "does not cover this question" in md
    assert "## Sources" not in md
    assert "[1]" not in md


def test_governance_markdown_groups_by_area() -> None:
    gov = GovernanceAnswer(
        question="How do we govern models?",
        summary="Assign owners and monitor drift.",
        grounded=True,
        citations=[cite(9)],
        recommendations=[
            Recommendation(
                action="Monitor drift",
                rationale="Models decay.",
                area="monitoring",
                citations=[cite(3)],
            ),
            Recommendation(
                action="Encrypt data",
                rationale="Protect PII.",
                area="security",
                citations=[cite(4), cite(9)],
            ),
            Recommendation(
                action="Name an owner",
                rationale="Someone must answer.",
                area="ownership",
                citations=[cite(3)],
            ),
            Recommendation(action="Log access", rationale="Audits need it.", area="security"),
        ],
        provider="offline",
        prompt_version="pr-7",
    )
    md = governance_markdown(gov)
    assert headings(md) == [
        "## Recommendations",
        "### Security",
        "### Ownership and accountability",
        "### Monitoring",
        "## Sources",
    ]
    assert "Assign owners and monitor drift. [1]" in md
    security = md.split("### Security", 1)[1].split("###", 1)[0]
    assert "- **Encrypt data** — Protect PII. [1], [3]" in security
    assert "- **Log access** — Audits need it." in security
    sources = md.split("## Sources", 1)[1]
    for n in (9, 3, 4):
        assert sources.count(f"playbook-{n:02d}-abc123") == 1


# ---------------------------------------------------------------- gantt


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "phase-bar"]


@pytest.mark.parametrize("windows", [WINDOWS_12, WINDOWS_18])
def test_gantt_parses_with_proportional_bars(windows: tuple[tuple[int, int], ...]) -> None:
    roadmap = make_roadmap(windows)
    svg = roadmap_gantt_svg(roadmap)
    assert svg.startswith("<svg ")
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg.split(">", 1)[0]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert 850 <= float(root.get("width", "0")) <= 950
    found = bars(root)
    assert len(found) == 5
    assert [b.get("data-phase") for b in found] == list(PHASE_ORDER)
    xs = [float(b.get("x", "nan")) for b in found]
    ws = [float(b.get("width", "nan")) for b in found]
    x0 = xs[0]
    scale = ws[0] / (windows[0][1] - windows[0][0])
    horizon = windows[-1][1]
    for (start, end), x, w in zip(windows, xs, ws, strict=True):
        assert x == pytest.approx(x0 + start * scale, abs=0.02)
        assert w == pytest.approx((end - start) * scale, abs=0.02)
        assert f"{start}–{end}" in svg
    # Bars tile the axis: each starts where the previous ends, the last ends at the horizon.
    for i in range(1, 5):
        assert xs[i] == pytest.approx(xs[i - 1] + ws[i - 1], abs=0.05)
    assert xs[-1] + ws[-1] == pytest.approx(x0 + horizon * scale, abs=0.05)
    # Distinct colours, labels on the left of the plot.
    assert len({b.get("fill") for b in found}) == 5
    text = "".join(root.itertext())
    for title in TITLES:
        assert title in text or title.split()[0] in text


def test_gantt_axis_ticks() -> None:
    assert tick_step(12) == 1 and tick_step(6) == 1
    assert tick_step(18) == 2 and tick_step(24) == 2
    assert tick_step(30) == 3 and tick_step(36) == 3
    for windows, expected in ((WINDOWS_12, list(range(13))), (WINDOWS_18, list(range(0, 19, 2)))):
        root = ET.fromstring(roadmap_gantt_svg(make_roadmap(windows)))
        axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis")
        labels = [t.text for t in axis.iter(f"{SVG}text")]
        assert labels[:-1] == [str(m) for m in expected]
        assert labels[-1] == "Month"


def test_gantt_height_grows_with_phase_count() -> None:
    five = ET.fromstring(roadmap_gantt_svg(make_roadmap()))
    roadmap = make_roadmap()
    three = ET.fromstring(
        roadmap_gantt_svg(roadmap.model_copy(update={"phases": roadmap.phases[:3]}))
    )
    assert float(five.get("height", "0")) > float(three.get("height", "0"))
    assert len(bars(three)) == 3


def test_gantt_escapes_data() -> None:
    evil = "<script>alert(1)</script> & \"Co\" 'x'"
    roadmap = make_roadmap(name=evil)
    roadmap.phases[0].title = 'Discovery </text><script>alert("t")</script>'
    svg = roadmap_gantt_svg(roadmap)
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    title = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-title")
    assert title.text == f"AI roadmap: {evil}"
    assert any("</text><script>" in (t.text or "") for t in root.iter(f"{SVG}tspan"))


def test_gantt_long_title_is_wrapped_not_overflowing() -> None:
    roadmap = make_roadmap()
    roadmap.phases[2].title = "Infrastructure and Scalability Planning " * 3
    root = ET.fromstring(roadmap_gantt_svg(roadmap))
    labels = [t for t in root.iter(f"{SVG}tspan")]
    assert all(len(t.text or "") <= 34 for t in labels)
    assert any((t.text or "").endswith("…") for t in labels)


def test_gantt_long_company_name_is_ellipsized_in_view_but_kept_in_title() -> None:
    name = "Very Long Company Name " * 5
    root = ET.fromstring(roadmap_gantt_svg(make_roadmap(name=name.strip())))
    shown = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-title")
    assert shown.text is not None and len(shown.text) <= 80 and shown.text.endswith("…")
    assert root.findtext(f"{SVG}title") == f"AI roadmap: {name.strip()}"
