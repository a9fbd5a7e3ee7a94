"""The web page in a real browser: chat with streamed answers and citations, a drafted
roadmap with its Gantt chart, what was read about the company and each phase's status,
governance advice, and model or document text shown as text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

import api
from advisor.render.gantt import roadmap_gantt_svg
from advisor.schemas import (
    PHASE_ORDER,
    STAGES,
    Citation,
    CompanyProfile,
    Fact,
    PhasePlan,
    PhaseStatus,
    Roadmap,
)
from api.routes.page import page as page_html
from tests.e2e.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium"
)

COMPANY = (
    "Northwind Freight is a 450-person logistics company. We want to automate customer "
    "support tickets. Our data lives in spreadsheets and a legacy ERP, we have no data team, "
    "and we must comply with GDPR."
)


def ask_chat(page: Page, question: str) -> None:
    page.fill("#chat-input", question)
    page.click("#chat-send")
    # The result event adds the citation buttons; the status clears when the stream ends.
    expect(page.locator("#chat-log .msg.assistant[data-kind]")).to_have_count(1)
    expect(page.locator("#chat-status")).to_have_text("")


def test_chat_streams_a_cited_answer(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page).to_have_title("Strategy Advisor")
    ask_chat(page, "How long does the pilot phase take?")
    expect(page.locator("#chat-log .msg.user")).to_have_text("How long does the pilot phase take?")
    reply = page.locator("#chat-log .msg.assistant")
    expect(reply).to_contain_text(re.compile(r"month 2", re.I))
    expect(reply).to_contain_text(re.compile(r"month 5", re.I))
    cites = reply.locator("button.cite")
    assert cites.count() >= 1
    page.screenshot(path="/tmp/e2e-chat.png", full_page=True)

    cites.first.click()
    dialog = page.locator("dialog#source")
    expect(dialog).to_be_visible()
    section = cites.first.get_attribute("data-section")
    assert section
    # The chip's hover text names the whole section and the quote.
    title = cites.first.get_attribute("title") or ""
    assert title.startswith(section)
    expect(page.locator("#source-section")).to_have_text(section)
    quote = page.locator("#source-quote")
    expect(quote).not_to_be_empty()
    expect(page.locator("#source-meta")).to_contain_text(".md")
    # The whole passage is fetched and holds the quoted text.
    page.locator("dialog#source summary").click()
    expect(page.locator("#source-text")).to_contain_text(quote.inner_text().strip(' .…"'))
    page.screenshot(path="/tmp/e2e-citation.png")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_new_chat_starts_a_new_session(page: Page, base_url: str) -> None:
    page.goto(base_url)
    ask_chat(page, "What is the first phase?")
    first = page.evaluate("() => localStorage.getItem('advisor.session')")
    assert first
    page.reload()  # the session survives a reload
    ask_chat(page, "And how long does it take?")
    assert page.evaluate("() => localStorage.getItem('advisor.session')") == first
    page.click("#chat-new")
    expect(page.locator("#chat-log .msg")).to_have_count(0)
    assert page.evaluate("() => localStorage.getItem('advisor.session')") is None
    ask_chat(page, "What is the first phase?")
    second = page.evaluate("() => localStorage.getItem('advisor.session')")
    assert second and second != first


def test_roadmap_tab_drafts_five_cited_phases(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("tab", name="Roadmap").click()
    expect(page.locator("#tab-roadmap")).to_be_visible()
    expect(page.locator("#tab-chat")).to_be_hidden()
    # The horizon starts empty: it is taken from the description.
    horizon = page.locator("#horizon")
    expect(horizon).to_have_value("")
    expect(horizon).to_have_attribute("placeholder", re.compile("description", re.I))
    page.fill("#company", COMPANY)
    with page.expect_request(
        lambda r: r.method == "POST" and r.url.endswith("/v1/roadmaps")
    ) as sent:
        page.click("#roadmap-send")
    body = sent.value.post_data_json
    assert body == {"company_description": COMPANY}  # no horizon_months when empty
    expect(page.locator("#roadmap-out")).to_be_visible()
    expect(page.locator("#roadmap-status")).to_have_text("")

    cards = page.locator("#phase-cards .card")
    expect(cards).to_have_count(5)
    for i in range(5):
        expect(cards.nth(i).locator("button.cite").first).to_be_visible()
    expect(page.locator("#roadmap-profile")).to_contain_text("450 employees")

    # Where the company stands, what was read and what the plan assumed (the contract's
    # stage, facts and open_questions), and a status badge on every phase.
    stage = page.locator("#roadmap-stage")
    expect(stage).not_to_be_empty()
    assert stage.get_attribute("data-stage") in STAGES
    expect(page.locator("#roadmap-horizon")).to_contain_text(re.compile(r"^\d+ months, "))
    expect(page.locator("#roadmap-read")).to_be_visible()
    expect(page.locator("#roadmap-facts")).to_be_attached()
    facts = page.locator("#roadmap-facts tbody tr.fact")
    if facts.count():
        expect(facts.first.locator("q.evidence")).not_to_be_empty()
    else:
        expect(page.locator("#roadmap-facts-empty")).to_be_visible()
    expect(page.locator("#roadmap-open")).to_be_visible()
    expect(page.locator("#roadmap-open h3")).to_have_text("Open questions")
    badges = page.locator("#phase-cards .card .badge")
    expect(badges).to_have_count(5)
    statuses = cards.evaluate_all("cs => cs.map(c => c.dataset.status)")
    assert set(statuses) <= {"done", "review", "planned"}, statuses
    assert badges.all_text_contents() == statuses

    gantt = page.locator("#gantt")
    page.wait_for_function(
        "() => { const g = document.getElementById('gantt');"
        " return g.complete && g.naturalWidth > 0; }"
    )
    assert gantt.evaluate("g => g.naturalWidth") > 0
    src = gantt.get_attribute("src") or ""
    roadmap_id = re.fullmatch(r"/v1/roadmaps/([^/]+)\.svg", src)
    assert roadmap_id, src
    link = page.locator("#roadmap-md")
    href = f"/v1/roadmaps/{roadmap_id.group(1)}.md"
    assert link.get_attribute("href") == href
    assert link.get_attribute("download") is not None
    markdown = page.request.get(base_url + href)
    assert markdown.ok
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "Northwind Freight" in markdown.text()
    page.screenshot(path="/tmp/e2e-roadmap.png", full_page=True)

    cards.nth(1).locator("button.cite").first.click()
    expect(page.locator("dialog#source")).to_be_visible()
    expect(page.locator("#source-quote")).not_to_be_empty()


def test_governance_tab_lists_recommendations(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("tab", name="Governance").click()
    page.fill("#gov-input", "Who should own the model in production, and how do we monitor it?")
    page.click("#gov-send")
    recs = page.locator("#gov-out ol > li")
    expect(recs.first).to_be_visible()
    assert recs.count() >= 1
    expect(recs.first.locator("strong")).to_have_text(re.compile(r"^\[\w+\] \S"))
    expect(page.locator("#gov-out > p").first).not_to_be_empty()
    expect(page.locator("#gov-status")).to_have_text("")
    expect(page.locator("#gov-out button.cite").first).to_be_visible()
    page.screenshot(path="/tmp/e2e-governance.png", full_page=True)


def test_document_markup_shows_as_text(page: Page, planted_url: str) -> None:
    page.goto(planted_url)
    ask_chat(page, "What does the zeppelin procurement policy for AI pilots say?")
    cite = page.locator("#chat-log button.cite", has_text="Zeppelin")
    expect(cite.first).to_be_visible()
    cite.first.click()
    expect(page.locator("dialog#source")).to_be_visible()
    page.locator("dialog#source summary").click()
    script, img = "<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">'
    # The streamed answer, the quote and the whole passage all show the markup as text.
    for where in ("#chat-log .msg.assistant", "#source-quote", "#source-text"):
        expect(page.locator(where)).to_contain_text(script)
        expect(page.locator(where)).to_contain_text(img)
    # Text, not markup: no element was made from it, and nothing ran.
    assert page.locator("dialog#source script, dialog#source img, #chat-log img").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    page.screenshot(path="/tmp/e2e-escaping.png")


# ------------------------------------------------------------------ a stubbed API
# The page's rendering of statuses, facts and open questions, against a roadmap shaped
# exactly like the contract: the page and its static files are served from disk on a
# made-up origin and the API answers are canned, so no server or provider is involved.

STUB = "http://advisor.test"
STATIC = Path(api.__file__).parent / "static"
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


def serve_static(route: Route, path: str) -> bool:
    """Serve the page (as its route renders it) and its static files from the source
    tree; False for the rest."""
    if path == "/":
        route.fulfill(body=page_html(), content_type="text/html")
        return True
    if path.startswith("/static/") and (STATIC / path[8:]).is_file():
        file = STATIC / path[8:]
        route.fulfill(path=str(file), content_type=TYPES.get(file.suffix, "text/plain"))
        return True
    return False


MARKUP = '<img src=x onerror="window.__pwned=3"> <script>window.__pwned=4</script>'


def stub_roadmap() -> Roadmap:
    """A finished pilot: discovery and pilot done, infrastructure under review."""
    windows = ((0, 0), (0, 0), (0, 4), (4, 9), (9, 12))
    statuses: tuple[PhaseStatus, ...] = ("done", "done", "review", "planned", "planned")
    cite = Citation(
        chunk_id="playbook-01-abc", source="playbook/01.md", section="Playbook", quote="q"
    )
    phases = [
        PhasePlan(
            phase=phase,
            title=f"{phase.capitalize()} phase",
            status=status,
            start_month=start,
            end_month=end,
            activities=[f"Activity of {phase}"],
            citations=[cite],
        )
        for phase, status, (start, end) in zip(PHASE_ORDER, statuses, windows, strict=True)
    ]
    company = CompanyProfile(
        name="Harbor Retail",
        industry="retail",
        employees=300,
        stage="pilot_done",
        horizon_months=12,
        systems=["Shopify", "SAP S/4HANA"],
        regulations=["GDPR"],
        facts=[
            Fact(field="employees", value="300", evidence="Harbor Retail has 300 people"),
            Fact(field="stage", value="pilot_done", evidence=f"our pilot finished {MARKUP}"),
            Fact(field="horizon_months", value="12", evidence="over the next 12 months"),
            Fact(field="budget", value="tight", evidence="tight", source="form"),
        ],
        open_questions=[f"Who owns the model in production? {MARKUP}", "Is there a budget?"],
    )
    return Roadmap(
        id="stub-1",
        company=company,
        horizon_months=12,
        phases=phases,
        provider="offline",
    )


def stub_api(page: Page, roadmap: Roadmap, sent: list[dict[str, object]]) -> None:
    def handle(route: Route, request: Request) -> None:
        path = urlsplit(request.url).path
        if serve_static(route, path):
            return
        if path == "/v1/roadmaps" and request.method == "POST":
            payload = request.post_data_json
            assert isinstance(payload, dict)
            sent.append(payload)
            horizon = sent[-1].get("horizon_months")
            body = roadmap
            if horizon is not None:
                body = roadmap.model_copy(update={"horizon_months": horizon})
            route.fulfill(json=json.loads(body.model_dump_json()))
        elif path == f"/v1/roadmaps/{roadmap.id}.svg":
            route.fulfill(body=roadmap_gantt_svg(roadmap), content_type="image/svg+xml")
        else:
            route.fulfill(status=404, json={"error": {"code": "not_found", "message": path}})

    page.route(f"{STUB}/**", handle)


def draft(page: Page, horizon: str | None = None) -> None:
    page.goto(STUB + "/")
    page.get_by_role("tab", name="Roadmap").click()
    page.fill("#company", "Harbor Retail has 300 people; our pilot finished last quarter.")
    if horizon is not None:
        page.fill("#horizon", horizon)
    page.click("#roadmap-send")


def test_roadmap_view_shows_statuses_facts_and_open_questions(page: Page) -> None:
    sent: list[dict[str, object]] = []
    stub_api(page, stub_roadmap(), sent)
    draft(page)
    expect(page.locator("#roadmap-out")).to_be_visible()
    assert sent == [{"company_description": page.input_value("#company")}]

    expect(page.locator("#roadmap-stage")).to_have_text("Pilot finished")
    expect(page.locator("#roadmap-stage")).to_have_attribute("data-stage", "pilot_done")
    expect(page.locator("#roadmap-horizon")).to_have_text(
        "12 months, from the description: over the next 12 months"
    )
    expect(page.locator("#roadmap-horizon q")).to_have_text("over the next 12 months")
    expect(page.locator("#roadmap-systems .chip")).to_have_text(["Shopify", "SAP S/4HANA"])
    expect(page.locator("#roadmap-regulations .chip")).to_have_text(["GDPR"])

    rows = page.locator("#roadmap-facts tbody tr.fact")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).locator("th")).to_have_text("Employees")
    expect(rows.nth(0).locator("q.evidence")).to_have_text("Harbor Retail has 300 people")
    expect(rows.nth(1).locator("td").first).to_have_text("Pilot finished")
    expect(rows.nth(1).locator("q.evidence")).to_have_text(f"our pilot finished {MARKUP}")
    expect(rows.nth(2).locator("td").first).to_have_text("12 months")
    expect(rows.nth(3)).to_have_attribute("data-source", "form")
    expect(rows.nth(3)).to_contain_text("entered in the form")
    expect(page.locator("#roadmap-facts-empty")).to_be_hidden()

    questions = page.locator("#roadmap-questions li")
    expect(questions).to_have_text(
        [f"Who owns the model in production? {MARKUP}", "Is there a budget?"]
    )
    expect(page.locator("#roadmap-questions-empty")).to_be_hidden()

    cards = page.locator("#phase-cards .card")
    expect(cards).to_have_count(5)
    expect(cards.locator(".badge")).to_have_text(["done", "done", "review", "planned", "planned"])
    statuses = cards.evaluate_all("cs => cs.map(c => c.dataset.status)")
    assert statuses == ["done", "done", "review", "planned", "planned"]
    expect(cards.locator(".when")).to_have_text(
        ["Already done", "Already done", "Review · months 0–4", "Months 4–9", "Months 9–12"]
    )
    # User text shows as text: nothing was made from the markup, and nothing ran.
    assert page.locator("#roadmap-out script, #roadmap-out img:not(#gantt)").count() == 0
    page.wait_for_function(
        "() => { const g = document.getElementById('gantt');"
        " return g.complete && g.naturalWidth > 0; }"
    )
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    page.screenshot(path="/tmp/e2e-roadmap-statuses.png", full_page=True)


def test_roadmap_without_facts_or_questions_says_so(page: Page) -> None:
    roadmap = stub_roadmap()
    roadmap.company.facts = []
    roadmap.company.open_questions = []
    roadmap.company.systems = []
    roadmap.company.horizon_months = None
    stub_api(page, roadmap, [])
    draft(page)
    expect(page.locator("#roadmap-out")).to_be_visible()
    expect(page.locator("#roadmap-facts")).to_be_hidden()
    expect(page.locator("#roadmap-facts-empty")).to_be_visible()
    expect(page.locator("#roadmap-questions-empty")).to_be_visible()
    expect(page.locator("#roadmap-systems")).to_have_text("None named")
    expect(page.locator("#roadmap-horizon")).to_have_text(
        "12 months, the default (the description names no horizon)"
    )


def test_horizon_is_sent_only_when_filled_and_validated(page: Page) -> None:
    sent: list[dict[str, object]] = []
    stub_api(page, stub_roadmap(), sent)
    draft(page, "18")
    expect(page.locator("#roadmap-title")).to_contain_text("(18 months)")
    assert sent[-1]["horizon_months"] == 18
    # Out of range or not a whole number: the browser refuses, nothing is sent.
    for bad in ("40", "5", "7.5"):
        page.fill("#horizon", bad)
        page.click("#roadmap-send")
        assert page.locator("#horizon:invalid").count() == 1, bad
    assert len(sent) == 1
    # Emptied again: back to "from the description".
    page.fill("#horizon", "")
    page.click("#roadmap-send")
    expect(page.locator("#roadmap-title")).to_contain_text("(12 months)")
    assert len(sent) == 2 and "horizon_months" not in sent[-1]
