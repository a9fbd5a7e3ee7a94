"""Renderers: roadmap/answer/governance Markdown and the roadmap Gantt chart (SVG),
including phase statuses (done / review / planned) and what was read about the company."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from advisor.render.company import STAGE_WORDS, stage_words
from advisor.render.gantt import roadmap_gantt_svg, tick_step
from advisor.render.markdown import (
    answer_markdown,
    governance_markdown,
    inline,
    roadmap_markdown,
)
from advisor.render.mdtext import escaped
from advisor.schemas import (
    PHASE_ORDER,
    STAGES,
    Answer,
    Citation,
    CompanyProfile,
    Fact,
    GovernanceAnswer,
    PhasePlan,
    PhaseStatus,
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
    statuses: tuple[PhaseStatus, ...] = ("planned",) * 5,
    **changes: object,
) -> Roadmap:
    phases = [
        PhasePlan(
            phase=phase,
            title=title,
            status=status,
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
        for i, (phase, title, (start, end), status) in enumerate(
            zip(PHASE_ORDER, TITLES, windows, statuses, strict=True)
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


# ------------------------------------------------- statuses and what was read

# A stalled pilot: discovery behind the company, the pilot under review, the rest planned.
STALLED = ((0, 0), (0, 3), (3, 6), (6, 9), (9, 12))
STALLED_STATUS: tuple[PhaseStatus, ...] = ("done", "review", "planned", "planned", "planned")
# A finished pilot: two phases done, infrastructure re-checked.
PILOT_DONE = ((0, 0), (0, 0), (0, 4), (4, 9), (9, 12))
PILOT_DONE_STATUS: tuple[PhaseStatus, ...] = ("done", "done", "review", "planned", "planned")
EVIL_EVIDENCE = "our pilot | stalled <script>alert(1)</script> *badly* [link](x)"


def read_company(**changes: object) -> CompanyProfile:
    company = CompanyProfile(
        name="Northwind Freight",
        industry="logistics",
        employees=450,
        summary="A Rotterdam freight forwarder",
        goals=["Automate customer support tickets"],
        constraints=["No data team"],
        data_maturity="low",
        stage="pilot_stalled",
        horizon_months=12,
        regulations=["GDPR", "SOC 2"],
        systems=["SAP S/4HANA", "Zendesk"],
        facts=[
            Fact(field="employees", value="450", evidence="a 450-person logistics company"),
            Fact(field="stage", value="pilot_stalled", evidence=EVIL_EVIDENCE),
            Fact(field="horizon_months", value="12", evidence="over the next 12 months"),
            Fact(field="systems", value="SAP S/4HANA", evidence="tickets live in SAP S/4HANA"),
            Fact(field="budget", value="tight", evidence="tight", source="form"),
        ],
        open_questions=["Who is the executive sponsor?", "Is the ticket history labelled?"],
    )
    return company.model_copy(update=changes)


def stalled_roadmap(**changes: object) -> Roadmap:
    roadmap = make_roadmap(STALLED, statuses=STALLED_STATUS)
    return roadmap.model_copy(update={"company": read_company(), **changes})


def cells(row: str) -> list[str]:
    """A Markdown table row's cells, split on pipes that are not backslash-escaped."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row[1:-1])]


def table_rows(md: str) -> list[list[str]]:
    section = md.split("## What we read\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert rows[0] == "| Field | Value | Evidence |"
    assert rows[1] == "| --- | --- | --- |"
    return [cells(r) for r in rows[2:]]


def test_phase_headings_show_status() -> None:
    md = roadmap_markdown(make_roadmap(PILOT_DONE, statuses=PILOT_DONE_STATUS))
    phases = [h for h in headings(md) if h.startswith("## Phase")]
    assert phases == [
        "## Phase 1: Discovery and Strategic Planning — already done",
        "## Phase 2: Pilot Development and Validation — already done",
        "## Phase 3: Infrastructure and Scalability Planning — review, months 0–4",
        "## Phase 4: Production Deployment (months 4–9)",
        "## Phase 5: Optimization and Expansion (months 9–12)",
    ]
    # A done phase has no month window anywhere in its heading.
    assert "months 0–0" not in md
    sections = {s.split(":", 1)[0]: s for s in re.split(r"^## ", md, flags=re.M)}
    assert "*Already done:" in sections["Phase 1"] and "*Already done:" in sections["Phase 2"]
    assert "*Review:" in sections["Phase 3"] and "exit criteria" in sections["Phase 3"]
    assert "*Review:" not in sections["Phase 4"] and "*Already done:" not in sections["Phase 4"]
    # Done phases keep their content and citations.
    assert "- First activity of discovery" in sections["Phase 1"]
    assert "Grounded in the playbook: [" in sections["Phase 2"]
    assert (
        "**Horizon:** 12 months in 3 phases, from month 0 to month 12; 2 phases already done." in md
    )


def test_planned_only_roadmap_keeps_todays_headings() -> None:
    md = roadmap_markdown(make_roadmap())
    assert "already done" not in md and "review," not in md.lower()
    assert "**Horizon:** 12 months in 5 phases, from month 0 to month 12." in md


def test_company_section_stage_horizon_systems_regulations() -> None:
    md = roadmap_markdown(stalled_roadmap())
    top = [h for h in headings(md) if not h.startswith("###")]
    assert top[:4] == ["# AI roadmap: Northwind Freight", "## What we read", "## Open questions",
                       "## Use cases"]  # fmt: skip
    intro = md.split("## What we read", 1)[0]
    assert "- **Stage:** Pilot stalled\n" in intro
    assert (
        "- **Horizon:** 12 months in 4 phases, from month 0 to month 12; 1 phase already done. "
        'Source: the description ("over the next 12 months").'
    ) in intro
    assert "- **Systems:** SAP S/4HANA; Zendesk\n" in intro
    assert "- **Regulations:** GDPR; SOC 2\n" in intro


@pytest.mark.parametrize("stage", STAGES)
def test_stage_in_human_words(stage: str) -> None:
    md = roadmap_markdown(stalled_roadmap(company=read_company(stage=stage)))
    words = stage_words(stage)
    assert f"- **Stage:** {words}\n" in md
    assert "_" not in words and words[0].isupper()


def test_stage_words() -> None:
    assert stage_words("pilot_done") == "Pilot finished"
    assert stage_words("in_production") == "In production"
    assert stage_words("pilot_stalled") == "Pilot stalled"
    assert set(STAGE_WORDS) == set(STAGES)


def test_no_systems_or_regulations_lines_when_none_named() -> None:
    md = roadmap_markdown(stalled_roadmap(company=read_company(systems=[], regulations=[])))
    assert "**Systems:**" not in md and "**Regulations:**" not in md
    assert "**Stage:**" in md


@pytest.mark.parametrize(
    ("company", "horizon", "expected"),
    [
        ({}, 12, 'Source: the description ("over the next 12 months").'),
        ({"facts": []}, 12, "Source: the description."),
        (
            {"facts": [Fact(field="horizon_months", value="12", evidence="12", source="form")]},
            12,
            "Source: entered in the form.",
        ),
        (
            {
                "facts": [
                    Fact(field="horizon_months", value="12", evidence="a year", source="message")
                ]
            },
            12,
            'Source: the conversation ("a year").',
        ),
        ({"horizon_months": 24}, 12, "Source: set for this plan (the description asks for 24"),
        ({"horizon_months": None, "facts": []}, 12, "Source: the default (the description names"),
        ({"horizon_months": None, "facts": []}, 18, "Source: set for this plan (the description"),
    ],
    ids=["text", "text-no-fact", "form", "message", "override", "default", "request"],
)
def test_horizon_says_where_it_came_from(
    company: dict[str, object], horizon: int, expected: str
) -> None:
    windows = (*STALLED[:-1], (9, horizon))
    roadmap = make_roadmap(
        windows, statuses=STALLED_STATUS, company=read_company(**company), horizon_months=horizon
    )
    line = next(ln for ln in roadmap_markdown(roadmap).splitlines() if "**Horizon:**" in ln)
    assert line.startswith(f"- **Horizon:** {horizon} months")
    assert expected in line


def test_facts_table_rows_with_evidence_quoted_and_escaped() -> None:
    md = roadmap_markdown(stalled_roadmap())
    rows = table_rows(md)
    assert len(rows) == 5
    assert all(len(r) == 3 for r in rows), rows  # the "|" in the evidence splits no cell
    assert rows[0] == ["Employees", "450", '"a 450-person logistics company"']
    assert rows[2] == ["Horizon", "12 months", '"over the next 12 months"']
    assert rows[3] == ["System", "SAP S/4HANA", '"tickets live in SAP S/4HANA"']
    assert rows[4] == ["Budget", "tight", '"tight" (entered in the form)']
    field, value, evidence = rows[1]
    assert (field, value) == ("Stage", "Pilot stalled")
    assert evidence == (
        r'"our pilot \| stalled \<script\>alert(1)\</script\> \*badly\* \[link\](x)"'
    )
    assert "<script>" not in md
    assert "&lt;" not in md  # Markdown-escaped, not HTML-escaped


def test_facts_table_renders_as_a_table_with_text_not_html() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    html = (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .render(roadmap_markdown(stalled_roadmap()))
    )
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 6  # header + five facts
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "our pilot | stalled" in table and "*badly* [link](x)" in table
    assert "<em>" not in table and "<a " not in table


def test_user_text_in_facts_cannot_break_the_document() -> None:
    company = read_company(
        facts=[
            Fact(field="goals", value="# Reset\n| x | y |", evidence="# Reset\n| x | y |"),
            Fact(field="weird_field", value="1. first", evidence="- item & &amp; `code`"),
        ],
        systems=["# SAP", "<b>Oracle</b>"],
        open_questions=["# Who signs off?\n- nobody", "  "],
    )
    md = roadmap_markdown(stalled_roadmap(company=company))
    assert not any("Reset" in h or "Who signs" in h or "SAP" in h for h in headings(md))
    rows = table_rows(md)
    assert rows == [
        ["Goal", r"\# Reset \| x \| y \|", r'"\# Reset \| x \| y \|"'],
        ["Weird field", r"1\. first", r'"\- item & \&amp; \`code\`"'],
    ]
    assert r"- **Systems:** \# SAP; \<b\>Oracle\</b\>" in md
    questions = md.split("## Open questions", 1)[1].split("\n## ", 1)[0]
    assert [ln for ln in questions.splitlines() if ln.startswith("- ")] == [
        r"- \# Who signs off? - nobody"
    ]


def test_open_questions_listed_when_present_and_absent_when_empty() -> None:
    md = roadmap_markdown(stalled_roadmap())
    questions = md.split("## Open questions\n", 1)[1].split("\n## ", 1)[0]
    assert "- Who is the executive sponsor?\n- Is the ticket history labelled?" in questions
    assert md.index("## Open questions") < md.index("## Use cases")
    bare = roadmap_markdown(stalled_roadmap(company=read_company(open_questions=[], facts=[])))
    assert "## Open questions" not in bare and "## What we read" not in bare


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a | b", r"a \| b"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        ("*a* _b_ `c` ~d~", r"\*a\* \_b\_ \`c\` \~d\~"),
        ("[x](y)", r"\[x\](y)"),
        ("back\\slash", r"back\\slash"),
        ("R&D &amp; &#60;", r"R&D \&amp; \&#60;"),
        ("# h", r"\# h"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("12. twelve", r"12\. twelve"),
        ("3M plant", "3M plant"),
        ("two\nlines", "two lines"),
    ],
)
def test_escaped(raw: str, expected: str) -> None:
    assert escaped(raw) == expected


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
    assert root.findtext(f"{SVG}title") == f"AI roadmap for {evil}: phase timeline"
    assert any("</text><script>" in (t.text or "") for t in root.iter(f"{SVG}tspan"))


def test_gantt_long_title_is_wrapped_not_overflowing() -> None:
    roadmap = make_roadmap()
    roadmap.phases[2].title = "Infrastructure and Scalability Planning " * 3
    root = ET.fromstring(roadmap_gantt_svg(roadmap))
    labels = [t for t in root.iter(f"{SVG}tspan")]
    assert all(len(t.text or "") <= 34 for t in labels)
    assert any((t.text or "").endswith("…") for t in labels)


def test_gantt_has_one_title_that_does_not_repeat_the_document_heading() -> None:
    # Documents and the page already head the chart with "AI roadmap: <company>"; the
    # chart names itself and keeps the company for its accessible name only.
    name = "Very Long Company Name " * 5
    root = ET.fromstring(roadmap_gantt_svg(make_roadmap(name=name.strip())))
    assert [t.text for t in root.findall(f"{SVG}title")] == [
        f"AI roadmap for {name.strip()}: phase timeline"
    ]
    title = root.find(f"{SVG}title")
    assert title is not None and root.get("aria-labelledby") == title.get("id")
    headings = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-title"]
    assert [t.text for t in headings] == ["Phase timeline"]
    drawn = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert not [t for t in drawn if "AI roadmap" in t or "Very Long" in t]
    assert "12-month plan in 5 phases" in drawn
    desc = root.find(f"{SVG}desc")
    assert desc is not None and root.get("aria-describedby") == desc.get("id")
    assert desc.text == "12-month plan in 5 phases · go / no-go decision at month 5"


def milestones(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "phase-milestone"]


def test_gantt_done_phases_are_milestones_review_is_hatched() -> None:
    roadmap = make_roadmap(PILOT_DONE, statuses=PILOT_DONE_STATUS)
    svg = roadmap_gantt_svg(roadmap)
    root = ET.fromstring(svg)
    # Done phases: a marker at month 0 labelled "done", never a bar (not even zero-width).
    found = milestones(root)
    assert [m.get("data-phase") for m in found] == ["discovery", "pilot"]
    bar_list = bars(root)
    assert [b.get("data-phase") for b in bar_list] == [
        "infrastructure",
        "production",
        "optimization",
    ]
    assert all(float(b.get("width", "0")) >= 10 for b in bar_list)
    x0 = float(bar_list[0].get("x", "nan"))  # the review bar starts at month 0
    for marker in found:
        assert marker.get("data-status") == "done" and marker.get("data-month") == "0"
        shape = marker.find(f"{SVG}polygon")
        assert shape is not None
        xs = [float(p.split(",")[0]) for p in shape.get("points", "").split()]
        assert len(xs) == 4 and (min(xs) + max(xs)) / 2 == pytest.approx(x0)
        assert marker.find(f"{SVG}path") is not None  # the check mark
        assert [t.text for t in marker.iter(f"{SVG}text")] == ["done"]
        assert "already done" in (marker.findtext(f"{SVG}title") or "")
    # Review: hatched and outlined, distinct from the solid planned bars.
    review, *planned = bar_list
    assert review.get("data-status") == "review"
    assert (review.get("fill") or "").startswith("url(#gantt-hatch-")
    assert review.get("stroke")
    pattern_id = (review.get("fill") or "")[5:-1]
    assert any(p.get("id") == pattern_id for p in root.iter(f"{SVG}pattern"))
    assert all(b.get("data-status") == "planned" for b in planned)
    assert all((b.get("fill") or "").startswith("#") and not b.get("stroke") for b in planned)
    assert "review 0–4" in svg and "4–9" in svg
    # Every phase keeps its labelled row.
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "phase"]
    assert [g.get("data-status") for g in rows] == list(PILOT_DONE_STATUS)
    subtitle = "".join(root.itertext())
    assert "12-month plan in 3 phases · 2 already done" in subtitle


def test_gantt_legend_names_the_styles_present() -> None:
    root = ET.fromstring(roadmap_gantt_svg(make_roadmap(PILOT_DONE, statuses=PILOT_DONE_STATUS)))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    items = [g for g in legend.iter(f"{SVG}g") if g.get("class") == "legend-item"]
    assert [i.get("data-status") for i in items] == ["done", "review", "planned"]
    assert [i.findtext(f"{SVG}text") for i in items] == ["Already done", "Review", "Planned"]
    review_swatch = items[1].find(f"{SVG}rect")
    assert review_swatch is not None and review_swatch.get("fill") == "url(#gantt-hatch-legend)"
    # All planned: today's chart, no legend and no patterns.
    plain = ET.fromstring(roadmap_gantt_svg(make_roadmap()))
    assert not [g for g in plain.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert not list(plain.iter(f"{SVG}pattern")) and not milestones(plain)


def test_gantt_renders_when_all_phases_but_one_are_done() -> None:
    windows = ((0, 0), (0, 0), (0, 0), (0, 0), (0, 12))
    lasts: tuple[PhaseStatus, ...] = ("planned", "review")
    for last in lasts:
        statuses: tuple[PhaseStatus, ...] = ("done", "done", "done", "done", last)
        root = ET.fromstring(roadmap_gantt_svg(make_roadmap(windows, statuses=statuses)))
        assert len(milestones(root)) == 4
        (only,) = bars(root)
        assert only.get("data-phase") == "optimization" and only.get("data-status") == last
        assert float(only.get("width", "0")) == pytest.approx(900 - 270 - 28, abs=0.05)
        assert "in 1 phase ·" in "".join(root.itertext())


def test_gantt_escapes_data_with_statuses() -> None:
    evil = "<script>alert(1)</script> & co"
    roadmap = make_roadmap(PILOT_DONE, name=evil, statuses=PILOT_DONE_STATUS)
    roadmap.phases[0].title = "Done </title><script>x</script>"
    roadmap.phases[2].title = "Review & <b>check</b>"
    svg = roadmap_gantt_svg(roadmap)
    assert "<script" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith(("script", "}b"))]
    tips = [t.text or "" for m in milestones(root) for t in m.iter(f"{SVG}title")]
    assert "Done </title><script>x</script>: already done" in tips
    review = bars(root)[0]
    assert review.findtext(f"{SVG}title") == "Review & <b>check</b>: review, months 0–4"


def gates(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "go-no-go"]


def gate_lines(root: ET.Element) -> list[ET.Element]:
    return [ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "go-no-go-line"]


@pytest.mark.parametrize(
    ("windows", "statuses", "month"),
    [
        (WINDOWS_12, ("planned",) * 5, 5),
        (STALLED, STALLED_STATUS, 3),
        (WINDOWS_18, ("planned",) * 5, 8),
    ],
    ids=["planned", "review", "18-months"],
)
def test_gantt_go_no_go_at_the_end_of_the_pilot(
    windows: tuple[tuple[int, int], ...], statuses: tuple[PhaseStatus, ...], month: int
) -> None:
    root = ET.fromstring(roadmap_gantt_svg(make_roadmap(windows, statuses=statuses)))
    (gate,) = gates(root)
    assert gate.get("data-phase") == "pilot" and gate.get("data-month") == str(month)
    assert [t.text for t in gate.iter(f"{SVG}text")] == ["Go / no-go"]
    assert f"month {month}" in (gate.findtext(f"{SVG}title") or "")
    pilot = next(b for b in bars(root) if b.get("data-phase") == "pilot")
    end_x = float(pilot.get("x", "nan")) + float(pilot.get("width", "nan"))
    shape = gate.find(f"{SVG}polygon")
    assert shape is not None and shape.get("fill") == "#ffffff"  # hollow: still ahead
    xs = [float(p.split(",")[0]) for p in shape.get("points", "").split()]
    assert (min(xs) + max(xs)) / 2 == pytest.approx(end_x, abs=0.05)
    (line,) = gate_lines(root)
    assert float(line.get("x1", "nan")) == pytest.approx(end_x, abs=0.05)
    assert line.get("x1") == line.get("x2")
    # The gate sits in the pilot's own row, on top of its bar.
    pilot_row = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "phase" and g.get("data-phase") == "pilot"
    )
    assert gate in list(pilot_row.iter(f"{SVG}g"))


def test_gantt_no_go_no_go_when_the_pilot_is_done_or_absent() -> None:
    done = ET.fromstring(roadmap_gantt_svg(make_roadmap(PILOT_DONE, statuses=PILOT_DONE_STATUS)))
    assert not gates(done) and not gate_lines(done)
    assert [m.get("data-phase") for m in milestones(done)] == ["discovery", "pilot"]
    assert "go / no-go" not in (done.findtext(f"{SVG}desc") or "")
    roadmap = make_roadmap()
    first = ET.fromstring(
        roadmap_gantt_svg(roadmap.model_copy(update={"phases": roadmap.phases[:1]}))
    )
    assert not gates(first) and not gate_lines(first)


def test_gantt_go_no_go_label_clears_a_narrow_pilots_months() -> None:
    windows = ((0, 3), (3, 4), (4, 20), (20, 30), (30, 36))
    root = ET.fromstring(roadmap_gantt_svg(make_roadmap(windows)))
    pilot_row = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "phase" and g.get("data-phase") == "pilot"
    )
    span = next(t for t in pilot_row.iter(f"{SVG}text") if t.text == "3–4")
    (gate,) = gates(root)
    label = next(t for t in gate.iter(f"{SVG}text"))
    shape = gate.find(f"{SVG}polygon")
    assert shape is not None
    right_tip = max(float(p.split(",")[0]) for p in shape.get("points", "").split())
    # Month label beside the bar, past the diamond; the gate's label after it.
    assert right_tip < float(span.get("x", "nan")) < float(label.get("x", "nan"))
    assert float(label.get("x", "nan")) + 10 * 7 <= 900
