"""The web page in a real browser: chat with streamed answers and citations, a drafted
roadmap with its Gantt chart, governance advice, and model or document text shown as text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

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
    section = cites.first.get_attribute("title")
    assert section
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
    page.fill("#company", COMPANY)
    page.click("#roadmap-send")
    expect(page.locator("#roadmap-out")).to_be_visible()
    expect(page.locator("#roadmap-status")).to_have_text("")

    cards = page.locator("#phase-cards .card")
    expect(cards).to_have_count(5)
    for i in range(5):
        expect(cards.nth(i).locator("button.cite").first).to_be_visible()
    expect(page.locator("#roadmap-profile")).to_contain_text("450 employees")

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
