"""Renderers of a readiness assessment: the Markdown report and the SVG bar chart, and
what a roadmap document says of the readiness and revision behind it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from advisor.render.assessment import DIMENSION_LABELS, assessment_markdown
from advisor.render.markdown import roadmap_markdown
from advisor.render.readiness_chart import readiness_svg
from advisor.schemas import (
    DIMENSIONS,
    Change,
    Citation,
    CompanyProfile,
    DimensionScore,
    Fact,
    OverallReadiness,
    ReadinessAssessment,
    ReadinessDimension,
    ReadinessLevel,
    ReadinessRisk,
    ReadinessSummary,
)
from tests.unit.test_render import make_roadmap

SVG = "{http://www.w3.org/2000/svg}"
LEVELS: dict[int, ReadinessLevel] = {0: "not_ready", 1: "weak", 2: "developing", 3: "ready"}
# business_alignment 2, data_readiness 1, integration 0, infrastructure none, ...
SCORES: dict[ReadinessDimension, int | None] = {
    "business_alignment": 2,
    "data_readiness": 1,
    "integration": 0,
    "infrastructure": None,
    "governance_security": 3,
    "leadership": 2,
    "change_management": None,
    "focus": 1,
}
EVIL_NAME = "<script>alert(1)</script> [x](javascript:x) Co"
# Markup that Markdown would act on: a tag or a link target not backslash-escaped.
RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!?]")
RAW_LINK = re.compile(r"(?<!\\)\]\(")


def cite(n: int) -> Citation:
    return Citation(
        chunk_id=f"playbook-{n:02d}-abc123",
        source=f"playbook/{n:02d}-section.md",
        section=f"Playbook > Section {n}",
        quote=f"verbatim quote number {n} from the playbook",
    )


def dimension(name: ReadinessDimension, score: int | None) -> DimensionScore:
    if score is None:
        return DimensionScore(dimension=name, gaps=[f"Nothing said about {name}"])
    return DimensionScore(
        dimension=name,
        score=score,
        level=LEVELS[score],
        evidence=[Fact(field=name, value=str(score), evidence=f"our {name} is at {score}")],
        gaps=[f"Gap in {name}"],
        recommendations=[f"Improve {name}"],
        citations=[cite(1), cite(DIMENSIONS.index(name) + 2)],
    )


def make_assessment(**changes: object) -> ReadinessAssessment:
    a = ReadinessAssessment(
        id="as-1",
        company=CompanyProfile(
            name="Northwind Freight",
            industry="logistics",
            employees=1200,
            stage="pilot_stalled",
            open_questions=["Who is the executive sponsor?"],
        ),
        dimensions=[dimension(d, SCORES[d]) for d in DIMENSIONS],
        overall=OverallReadiness(score=1.5, level="weak", summary="Strong governance, weak data."),
        top_risks=[
            ReadinessRisk(
                risk="Spreadsheet data blocks the pilot",
                dimension="data_readiness",
                citations=[cite(3)],
            )
        ],
        next_steps=["Name an executive sponsor", "Inventory the ticket data"],
        playbook_version="pb-42",
        provider="offline",
        prompt_version="pr-9",
        warnings=["dropped evidence: not in the description"],
    )
    return a.model_copy(update=changes)


def section(md: str, heading: str) -> str:
    return md.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


# ---------------------------------------------------------------- markdown


def test_labels_cover_every_dimension() -> None:
    assert list(DIMENSION_LABELS) == list(DIMENSIONS)
    assert all(label[0].isupper() and "_" not in label for label in DIMENSION_LABELS.values())


def test_report_structure_and_overall() -> None:
    md = assessment_markdown(make_assessment())
    assert md.startswith("# AI readiness: Northwind Freight\n")
    assert md.endswith("\n")
    assert "about 1,200 employees" in md and "Pilot stalled" in md
    overall = section(md, "## Overall")
    assert "**Overall readiness: 1.5 / 3 — weak.**" in overall
    assert "Strong governance, weak data." in overall
    tops = [h for h in md.splitlines() if h.startswith("## ")]
    assert tops[:2] == ["## Overall", "## Scores"]
    assert tops[2:10] == [
        "## Business alignment — 2 / 3, developing",
        "## Data readiness — 1 / 3, weak",
        "## Integration — 0 / 3, not ready",
        "## Infrastructure — no evidence",
        "## Governance and security — 3 / 3, ready",
        "## Leadership — 2 / 3, developing",
        "## Change management — no evidence",
        "## Focus — 1 / 3, weak",
    ]
    assert tops[10:] == [
        "## Top risks",
        "## Next steps",
        "## Open questions",
        "## Warnings",
        "## Sources",
    ]
    footer = md.rstrip().splitlines()[-1]
    assert "offline" in footer and "pb-42" in footer and "pr-9" in footer


def test_score_table_has_eight_rows_and_no_evidence_is_not_zero() -> None:
    table = section(make_assessment_md(), "## Scores")
    rows = [ln for ln in table.splitlines() if ln.startswith("| ")][1:]
    assert rows[0] == "| --- | --- | --- |"
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows[1:]]
    assert [c[0] for c in cells] == list(DIMENSION_LABELS.values())
    by_label = {c[0]: c[1:] for c in cells}
    assert by_label["Data readiness"] == ["1 / 3", "Weak"]
    assert by_label["Integration"] == ["0 / 3", "Not ready"]  # zero is a score
    assert by_label["Infrastructure"] == ["no evidence", "Unknown"]
    assert by_label["Change management"] == ["no evidence", "Unknown"]


def make_assessment_md(**changes: object) -> str:
    return assessment_markdown(make_assessment(**changes))


def test_dimension_sections_quote_evidence_and_list_gaps_and_recommendations() -> None:
    md = make_assessment_md()
    data = section(md, "## Data readiness — 1 / 3, weak")
    assert '### Evidence\n\n- "our data\\_readiness is at 1"' in data
    assert "### Gaps\n\n- Gap in data\\_readiness" in data
    assert "### Recommendations\n\n- Improve data\\_readiness" in data
    # Citations: the shared chunk 1 is [1], then one per dimension in order.
    assert "Why it matters, in the playbook: [1], [3]" in data
    infra = section(md, "## Infrastructure — no evidence")
    assert "*The description says nothing about this.*" in infra
    assert "Why it matters" not in infra
    assert "Nothing said about infrastructure" in infra


def test_citations_numbered_once_with_section_and_quote() -> None:
    md = make_assessment_md()
    sources = md.split("\n## Sources\n", 1)[1]
    entries = re.findall(r"^(\d+)\. (.+)$", sources, flags=re.M)
    # chunk 1 (shared), one per scored dimension (6), the risk's chunk 3 is data's.
    assert [int(n) for n, _ in entries] == list(range(1, 8))
    assert sources.count("playbook-01-abc123") == 1
    assert "Playbook > Section 1" in entries[0][1]
    assert '   > "verbatim quote number 1 from the playbook"' in sources
    risks = section(md, "## Top risks")
    assert "- Spreadsheet data blocks the pilot (Data readiness) [3]" in risks


def test_next_steps_open_questions_and_warnings() -> None:
    md = make_assessment_md()
    steps = section(md, "## Next steps")
    assert "1. Name an executive sponsor\n2. Inventory the ticket data" in steps
    assert "- Who is the executive sponsor?" in section(md, "## Open questions")
    assert "- dropped evidence: not in the description" in section(md, "## Warnings")
    bare = make_assessment_md(company=CompanyProfile(), top_risks=[], next_steps=[], warnings=[])
    assert bare.startswith("# AI readiness: your company\n")
    for heading in ("## Top risks", "## Next steps", "## Open questions", "## Warnings"):
        assert heading not in bare


def test_unscored_overall_and_missing_dimensions() -> None:
    md = make_assessment_md(dimensions=[], overall=OverallReadiness(), top_risks=[])
    assert "**Overall readiness: not scored (no evidence) — unknown.**" in md
    for label in DIMENSION_LABELS.values():  # left out by the model: shown, not dropped
        assert f"## {label} — no evidence" in md
    assert "## Sources" not in md


def test_hostile_text_is_escaped() -> None:
    a = make_assessment()
    a.company.name = EVIL_NAME
    a.company.open_questions = ["<img src=x onerror=alert(1)>"]
    a.dimensions[0].evidence[0].evidence = "we said ](javascript:x) <b>hi</b> | pipe"
    a.dimensions[0].gaps = ["# heading\n- item [a](javascript:alert(1))"]
    a.overall.summary = "<script>x</script>\n\n## Injected"
    md = assessment_markdown(a)
    assert md.startswith(
        r"# AI readiness: \<script\>alert(1)\</script\> \[x\](javascript:x) Co" + "\n"
    )
    assert not RAW_HTML.search(md) and not RAW_LINK.search(md)
    assert not [h for h in md.splitlines() if "Injected" in h and h.startswith("#")]
    assert r'"we said \](javascript:x) \<b\>hi\</b\> \| pipe"' in md
    assert r"- \# heading - item \[a\](javascript:alert(1))" in md


def test_hostile_text_renders_as_text() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    a = make_assessment()
    a.company.name = EVIL_NAME
    a.dimensions[1].evidence[0].evidence = "see [here](javascript:alert(1)) <i>x</i>"
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(assessment_markdown(a))
    assert "<script" not in html and "<i>" not in html
    assert "href" not in html  # no link at all, let alone a javascript: one
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<tr>") == 9  # header + eight dimensions


# ---------------------------------------------------------------- chart


def marks(root: ET.Element) -> list[ET.Element]:
    return [
        r for r in root.iter(f"{SVG}rect") if r.get("class") in ("readiness-bar", "readiness-none")
    ]


def test_chart_parses_with_a_bar_or_placeholder_per_dimension() -> None:
    svg = readiness_svg(make_assessment())
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "AI readiness of Northwind Freight"
    label = root.get("aria-label") or ""
    assert "Data readiness 1 / 3" in label and "Infrastructure no evidence" in label
    found = marks(root)
    assert [m.get("data-dimension") for m in found] == list(DIMENSIONS)
    text = "".join(root.itertext())
    for name in DIMENSION_LABELS.values():
        assert name in text


def test_chart_bars_scale_with_the_score_and_null_is_not_zero() -> None:
    root = ET.fromstring(readiness_svg(make_assessment()))
    found = {m.get("data-dimension"): m for m in marks(root)}
    bars = {d: m for d, m in found.items() if m.get("class") == "readiness-bar"}
    none = {d: m for d, m in found.items() if m.get("class") == "readiness-none"}
    assert set(none) == {"infrastructure", "change_management"}
    assert all(m.get("data-score") == "none" for m in none.values())
    assert all((m.get("fill") or "").startswith("url(#") for m in none.values())
    pattern_ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert all((m.get("fill") or "")[5:-1] in pattern_ids for m in none.values())
    # Bars are proportional: 3 is three times 1, 2 twice; zero is a visible stub.
    width = {d: float(m.get("width", "nan")) for d, m in bars.items()}
    unit = width["data_readiness"]
    assert width["governance_security"] == pytest.approx(3 * unit, abs=0.05)
    assert width["business_alignment"] == pytest.approx(2 * unit, abs=0.05)
    assert 0 < width["integration"] < unit / 4
    assert bars["integration"].get("data-score") == "0"
    # The placeholder spans the axis, is not coloured like a score and says so.
    assert float(none["infrastructure"].get("width", "0")) == pytest.approx(3 * unit, abs=0.05)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "dimension"]
    texts = {g.get("data-dimension"): [t.text for t in g.iter(f"{SVG}text")] for g in rows}
    assert texts["infrastructure"] == ["Infrastructure", "no evidence"]
    assert texts["integration"] == ["Integration", "0 / 3"]


def test_chart_axis_gridlines_and_overall() -> None:
    root = ET.fromstring(readiness_svg(make_assessment()))
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis")
    assert len(list(axis.iter(f"{SVG}line"))) == 5  # four grid lines and the baseline
    labels = [t.text for t in axis.iter(f"{SVG}text")]
    assert labels[:4] == ["0", "1", "2", "3"]
    assert "Not ready" in labels and "Ready" in labels
    overall = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "overall")
    assert overall.get("data-score") == "1.50"
    unscored = ET.fromstring(readiness_svg(make_assessment(overall=OverallReadiness())))
    assert not [g for g in unscored.iter(f"{SVG}g") if g.get("class") == "overall"]


def test_chart_escapes_data() -> None:
    a = make_assessment(dimensions=[])
    a.company.name = EVIL_NAME + ' & "quoted"'
    svg = readiness_svg(a)
    assert "<script" not in svg
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert root.findtext(f"{SVG}title") == f'AI readiness of {EVIL_NAME} & "quoted"'
    assert EVIL_NAME in (root.get("aria-label") or "")
    assert len(marks(root)) == 8 and all(m.get("class") == "readiness-none" for m in marks(root))


# ------------------------------------------------- roadmap: readiness, revision


def test_roadmap_shows_readiness_with_weak_dimensions() -> None:
    summary = ReadinessSummary(
        overall=1.5,
        level="weak",
        scores=SCORES,
        weak=["data_readiness", "integration", "focus"],
    )
    md = roadmap_markdown(make_roadmap(readiness=summary))
    readiness = section(md, "## Readiness")
    assert "Overall readiness: 1.5 / 3 — weak." in readiness
    rows = [ln for ln in readiness.splitlines() if ln.startswith("- ")]
    assert rows == ["- Data readiness: 1 / 3", "- Integration: 0 / 3", "- Focus: 1 / 3"]
    assert md.index("## Readiness") < md.index("## Use cases")
    assert "## Readiness" not in roadmap_markdown(make_roadmap())
    strong = roadmap_markdown(
        make_roadmap(
            readiness=ReadinessSummary(overall=2.5, level="developing", scores={"focus": 3})
        )
    )
    assert "No dimension scored below 2 / 3." in section(strong, "## Readiness")


def test_roadmap_revision_lists_changes_with_quoted_evidence() -> None:
    changes = [
        Change(field="horizon_months", old="12", new="18", evidence="make it 18 months"),
        Change(field="employees", old="450", new="1200", evidence="we are 1200 people now"),
        Change(field="stage", old="pilot_running", new="pilot_stalled", evidence="it stalled"),
        Change(field="goals", old="", new="<b>Fraud</b> [x](javascript:y)", evidence="add *fraud*"),
    ]
    md = roadmap_markdown(make_roadmap(revision_of="rm-0", changes=changes))
    changed = section(md, "## What changed")
    assert "This plan revises roadmap `rm-0`." in changed
    rows = [ln for ln in changed.splitlines() if ln.startswith("- ")]
    assert rows == [
        '- **Horizon:** 12 months → 18 months — you asked: "make it 18 months"',
        '- **Employees:** 450 → 1,200 — you asked: "we are 1200 people now"',
        '- **Stage:** Pilot running → Pilot stalled — you asked: "it stalled"',
        r'- **Goal:** *(none)* → \<b\>Fraud\</b\> \[x\](javascript:y) — you asked: "add \*fraud\*"',
    ]
    assert not RAW_HTML.search(md) and not RAW_LINK.search(md)
    assert "## What changed" not in roadmap_markdown(make_roadmap(changes=changes))


def test_roadmap_title_escapes_company_name() -> None:
    md = roadmap_markdown(make_roadmap(name=EVIL_NAME))
    assert md.startswith(r"# AI roadmap: \<script\>alert(1)\</script\> \[x\](javascript:x) Co")
    assert not RAW_HTML.search(md) and not RAW_LINK.search(md)


def test_head_counts_have_thousands_separators() -> None:
    company = make_roadmap().company.model_copy(
        update={
            "employees": 12000,
            "facts": [Fact(field="employees", value="12000", evidence="our 12000 staff")],
        }
    )
    md = roadmap_markdown(make_roadmap(company=company))
    assert "about 12,000 employees" in md
    # The value is formatted; the evidence stays the user's words, verbatim.
    assert '| Employees | 12,000 | "our 12000 staff" |' in md
    bare = roadmap_markdown(make_roadmap(company=company.model_copy(update={"summary": ""})))
    assert "of about 12,000 employees" in bare
