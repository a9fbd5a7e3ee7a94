"""The Readiness tab in a real browser: eight scored dimensions with their evidence, gaps,
recommendations and citations, the bar chart as an image, unknown dimensions as open
questions; and the chat's compact readiness summary."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from advisor.schemas import (
    DIMENSIONS,
    Citation,
    CompanyProfile,
    DimensionScore,
    Fact,
    OverallReadiness,
    ReadinessAssessment,
    ReadinessRisk,
)
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_page import COMPANY, MARKUP, STUB, serve_static

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium"
)

STALLED = (
    "Harbor Mutual is a 1,200-person insurer. Our claims triage pilot stalled last spring "
    "after the vendor left. Our claims data lives in spreadsheets that each branch keeps, "
    "and we must comply with GDPR."
)
LEVEL_OF = {None: "unknown", 0: "not_ready", 1: "weak", 2: "developing", 3: "ready"}


def chart_loaded(page: Page) -> None:
    page.wait_for_function(
        "() => { const g = document.getElementById('readiness-chart');"
        " return g && !g.hidden && g.complete && g.naturalWidth > 0; }"
    )


def test_readiness_tab_scores_eight_dimensions(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("tab", name="Readiness").click()
    expect(page.locator("#tab-readiness")).to_be_visible()
    expect(page.locator("#tab-roadmap")).to_be_hidden()
    page.fill("#readiness-company", STALLED)
    with page.expect_request(
        lambda r: r.method == "POST" and r.url.endswith("/v1/assessments")
    ) as sent:
        page.click("#readiness-send")
    assert sent.value.post_data_json == {"company_description": STALLED}
    expect(page.locator("#readiness-out")).to_be_visible()
    expect(page.locator("#readiness-status")).to_have_text("")

    dims = page.locator("#readiness-dims .card.dim")
    expect(dims).to_have_count(8)
    assert dims.evaluate_all("ds => ds.map(d => d.dataset.dimension)") == list(DIMENSIONS)
    for i in range(8):
        expect(dims.nth(i).locator(".badge")).to_have_text(re.compile(r"^(\d/3 · .+|no evidence)$"))
    # Data in spreadsheets: data readiness scores low, with the description's words as evidence.
    data = page.locator('#readiness-dims .dim[data-dimension="data_readiness"]')
    score = data.get_attribute("data-score")
    assert score not in (None, ""), "data readiness has no score"
    assert int(score) <= 1, score
    expect(data.locator("q.evidence").first).to_contain_text(re.compile("spreadsheet", re.I))
    expect(data.locator("h4", has_text="Recommendations")).to_be_visible()

    expect(page.locator("#readiness-score")).to_have_text(
        re.compile(r"^(\d(\.\d)? / 3|No evidence)")
    )
    expect(page.locator("#readiness-level")).not_to_be_empty()
    # Unknown dimensions are listed as open questions.
    unknown = dims.evaluate_all(
        "ds => ds.filter(d => d.dataset.score === '').map(d => d.querySelector('h3').textContent)"
    )
    for name in unknown:
        expect(
            page.locator("#readiness-questions li.unknown-dimension", has_text=name)
        ).to_have_text(f"{name}: no evidence in the description.")
    expect(page.locator("#readiness-profile")).to_contain_text("1,200 employees")

    # The chart: the SVG fetched and shown as an image from a blob URL, never as markup.
    chart_loaded(page)
    assert (page.locator("#readiness-chart").get_attribute("src") or "").startswith("blob:")
    assert page.locator("#readiness-out svg").count() == 0
    href = page.locator("#readiness-md").get_attribute("href") or ""
    assert re.fullmatch(r"/v1/assessments/[^/]+\.md", href), href
    assert page.request.get(base_url + href).ok
    page.screenshot(path="/tmp/e2e-readiness.png", full_page=True)

    cite = page.locator("#readiness-dims button.cite").first
    if cite.count():
        cite.click()
        expect(page.locator("dialog#source")).to_be_visible()
        expect(page.locator("#source-quote")).not_to_be_empty()


def test_chat_assessment_reply(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.fill("#chat-input", f"How ready are we for AI? {COMPANY}")
    page.click("#chat-send")
    reply = page.locator("#chat-log .msg.assistant[data-kind]")
    expect(reply).to_have_count(1)
    expect(page.locator("#chat-status")).to_have_text("")
    expect(reply).to_have_attribute("data-kind", "assessment")
    expect(reply.locator("p").first).to_have_text(re.compile(r"^Readiness of Northwind Freight: "))
    expect(reply.locator("ul.dims li")).to_have_count(8)
    expect(reply.locator('li[data-dimension="data_readiness"]')).to_have_text(
        re.compile(r"^Data readiness: [01]/3 · ")
    )
    page.get_by_role("tab", name="Readiness").click()
    expect(page.locator("#readiness-dims .dim")).to_have_count(8)
    chart_loaded(page)


# ------------------------------------------------------------------ a stubbed API

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240" viewBox="0 0 600 240">'
    '<rect x="10" y="10" width="300" height="20" fill="#2f5bd3"/>'
    "<script>window.__pwned=5</script></svg>"
)


def stub_assessment() -> ReadinessAssessment:
    scores: dict[str, int | None] = {
        "business_alignment": 2,
        "data_readiness": 1,
        "integration": 1,
        "infrastructure": 0,
        "governance_security": 2,
        "leadership": None,
        "change_management": 1,
        "focus": None,
    }
    cite = Citation(
        chunk_id="readiness-abc", source="playbook/01.md", section="Why > Data", quote="data q"
    )
    dims = [
        DimensionScore(
            dimension=d,
            score=scores[d],
            level=LEVEL_OF[scores[d]],  # type: ignore[arg-type]
            evidence=[]
            if scores[d] is None
            else [Fact(field="data_maturity", value="low", evidence=f"spreadsheets {MARKUP}")],
            gaps=[] if scores[d] is None else [f"Gap in {d}"],
            recommendations=[f"Do something about {d}"],
            citations=[cite] if scores[d] is not None else [],
        )
        for d in DIMENSIONS
    ]
    return ReadinessAssessment(
        id="assess-1",
        company=CompanyProfile(
            name="Harbor Mutual",
            industry="insurance",
            employees=12000,
            stage="pilot_stalled",
            open_questions=[f"Who sponsors the work? {MARKUP}"],
        ),
        dimensions=dims,
        overall=OverallReadiness(score=7 / 6, level="weak", summary=f"Weak overall. {MARKUP}"),
        top_risks=[
            ReadinessRisk(risk="Data is scattered", dimension="data_readiness", citations=[cite])
        ],
        next_steps=["Consolidate the claims data"],
        provider="offline",
    )


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def stub_api(page: Page, assessment: ReadinessAssessment, sent: list[object]) -> None:
    payload = json.loads(assessment.model_dump_json())

    def handle(route: Route, request: Request) -> None:
        path = urlsplit(request.url).path
        if serve_static(route, path):
            return
        if path == "/v1/assessments" and request.method == "POST":
            sent.append(request.post_data_json)
            route.fulfill(status=201, json=payload)
        elif path == f"/v1/assessments/{assessment.id}.svg":
            route.fulfill(body=CHART, content_type="image/svg+xml")
        elif path == "/v1/chat/stream" and request.method == "POST":
            sent.append(request.post_data_json)
            reply = {"session_id": "s-1", "kind": "assessment", "assessment": payload}
            body = sse("delta", {"text": "Readiness "}) + sse("result", reply) + sse("done", {})
            route.fulfill(body=body, content_type="text/event-stream")
        else:
            route.fulfill(status=404, json={"error": {"code": "not_found", "message": path}})

    page.route(f"{STUB}/**", handle)


def test_readiness_view_shows_scores_nulls_and_text_as_text(page: Page) -> None:
    sent: list[object] = []
    stub_api(page, stub_assessment(), sent)
    page.goto(STUB + "/")
    page.get_by_role("tab", name="Readiness").click()
    page.fill("#readiness-company", "Harbor Mutual, a stalled pilot.")
    page.click("#readiness-send")
    expect(page.locator("#readiness-out")).to_be_visible()
    assert sent == [{"company_description": "Harbor Mutual, a stalled pilot."}]

    expect(page.locator("#readiness-title")).to_have_text("AI readiness: Harbor Mutual")
    expect(page.locator("#readiness-profile")).to_have_text(
        "insurance · 12,000 employees · Pilot stalled"
    )
    expect(page.locator("#readiness-score")).to_have_text("1.2 / 3")
    expect(page.locator("#readiness-level")).to_have_text("weak")
    expect(page.locator("#readiness-summary")).to_have_text(f"Weak overall. {MARKUP}")
    dims = page.locator("#readiness-dims .dim")
    expect(dims).to_have_count(8)
    expect(dims.locator("h3")).to_have_text(
        [
            "Business alignment",
            "Data readiness",
            "Integration",
            "Infrastructure",
            "Governance & security",
            "Leadership",
            "Change management",
            "Focus",
        ]
    )
    expect(dims.locator(".badge")).to_have_text(
        [
            "2/3 · developing",
            "1/3 · weak",
            "1/3 · weak",
            "0/3 · not ready",
            "2/3 · developing",
            "no evidence",
            "1/3 · weak",
            "no evidence",
        ]
    )
    data = page.locator('.dim[data-dimension="data_readiness"]')
    expect(data).to_have_attribute("data-score", "1")
    expect(data.locator("q.evidence")).to_have_text(f"spreadsheets {MARKUP}")
    expect(data.locator("li", has_text="Gap in data_readiness")).to_be_visible()
    expect(data.locator("li", has_text="Do something about data_readiness")).to_be_visible()
    expect(data.locator("button.cite")).to_have_text("[1] Data")
    leadership = page.locator('.dim[data-dimension="leadership"]')
    expect(leadership).to_have_attribute("data-score", "")
    expect(leadership.locator(".no-evidence")).to_have_text("No evidence in the description.")

    expect(page.locator("#readiness-questions li")).to_have_text(
        [
            "Leadership: no evidence in the description.",
            "Focus: no evidence in the description.",
            f"Who sponsors the work? {MARKUP}",
        ]
    )
    expect(page.locator("#readiness-risk-list li")).to_contain_text(
        ["Data readiness: Data is scattered"]
    )
    expect(page.locator("#readiness-steps li")).to_have_text(["Consolidate the claims data"])

    chart_loaded(page)
    assert (page.locator("#readiness-chart").get_attribute("src") or "").startswith("blob:")
    # Nothing was made from the text or the SVG, and nothing ran.
    assert page.locator("#readiness-out script, #readiness-out svg").count() == 0
    assert page.locator("#readiness-out img:not(#readiness-chart)").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    page.screenshot(path="/tmp/e2e-readiness-stub.png", full_page=True)


def test_chat_assessment_reply_is_a_compact_summary(page: Page) -> None:
    sent: list[object] = []
    stub_api(page, stub_assessment(), sent)
    page.goto(STUB + "/")
    page.fill("#chat-input", "How ready are we for AI?")
    page.click("#chat-send")
    reply = page.locator('#chat-log .msg.assistant[data-kind="assessment"]')
    expect(reply).to_have_count(1)
    expect(page.locator("#chat-status")).to_have_text("")
    expect(reply.locator("p").first).to_have_text("Readiness of Harbor Mutual: 1.2 / 3, weak.")
    lines = reply.locator("ul.dims li")
    expect(lines).to_have_count(8)
    expect(lines.nth(1)).to_have_text("Data readiness: 1/3 · weak")
    expect(lines.nth(5)).to_have_text("Leadership: no evidence")
    # The Readiness tab holds the full assessment.
    page.get_by_role("tab", name="Readiness").click()
    expect(page.locator("#readiness-dims .dim")).to_have_count(8)
    chart_loaded(page)
    page.screenshot(path="/tmp/e2e-chat-assessment.png", full_page=True)
