"""Correcting what was read and redrafting, revisions asked for in the chat, and the
citation chips: distinct in the chat, numbered 1..n in governance."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from advisor.render.gantt import roadmap_gantt_svg
from advisor.schemas import Change, Fact, Roadmap
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_page import COMPANY, MARKUP, STUB, ask_chat, serve_static, stub_roadmap

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium"
)

GOAL = "Cut ticket handling time by half"


def draft_real(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("tab", name="Roadmap").click()
    page.fill("#company", COMPANY)
    page.click("#roadmap-send")
    expect(page.locator("#roadmap-out")).to_be_visible()
    expect(page.locator("#roadmap-status")).to_have_text("")


def test_edit_and_redraft(page: Page, base_url: str) -> None:
    draft_real(page, base_url)
    expect(page.locator("#roadmap-title")).to_contain_text("(12 months)")
    expect(page.locator("#roadmap-changes")).to_be_hidden()
    # What was read fills the form, each field with where it came from.
    expect(page.locator("#pf-name")).to_have_value("Northwind Freight")
    expect(page.locator("#pf-employees")).to_have_value("450")
    expect(page.locator("#pf-horizon")).to_have_value("12")
    expect(page.locator("#pf-data-maturity")).to_have_value("low")
    expect(page.locator('.read-from[data-for="employees"] q.evidence')).to_contain_text(
        "450-person"
    )
    goals = page.input_value("#pf-goals").split("\n")
    assert goals and goals[0], goals

    page.fill("#pf-horizon", "9")
    page.fill("#pf-goals", "\n".join([*goals, GOAL]))
    with page.expect_request(
        lambda r: r.method == "POST" and r.url.endswith("/v1/roadmaps")
    ) as sent:
        page.click("#redraft")
    # Only the edited fields are sent.
    assert sent.value.post_data_json == {
        "company_description": COMPANY,
        "profile": {"horizon_months": 9, "goals": [*goals, GOAL]},
    }
    expect(page.locator("#roadmap-title")).to_contain_text("(9 months)")
    expect(page.locator("#profile-status")).to_have_text("")
    expect(page.locator("#roadmap-horizon")).to_contain_text("9 months, entered in the form")
    changes = page.locator("#roadmap-changes")
    expect(changes).to_be_visible()
    expect(changes.locator("h3")).to_have_text("What changed")
    horizon = changes.locator('li.change[data-field="horizon_months"]')
    expect(horizon).to_have_count(1)
    expect(horizon).to_contain_text("12 months → 9 months")
    expect(changes.locator('li.change[data-field="goals"]')).to_contain_text(GOAL)
    # The form now shows the new draft, the edits as facts from the form.
    expect(page.locator("#pf-horizon")).to_have_value("9")
    expect(page.locator('#roadmap-facts tr.fact[data-source="form"]').first).to_be_visible()
    expect(page.locator('.read-from[data-for="horizon_months"]')).to_have_text(
        "Entered in the form."
    )
    page.screenshot(path="/tmp/e2e-redraft.png", full_page=True)

    # A second redraft keeps the earlier corrections: the server reads the text anew.
    page.fill("#pf-industry", "freight logistics")
    with page.expect_request(
        lambda r: r.method == "POST" and r.url.endswith("/v1/roadmaps")
    ) as again:
        page.click("#redraft")
    body = again.value.post_data_json
    assert isinstance(body, dict)
    assert body["profile"] == {
        "horizon_months": 9,
        "goals": [*goals, GOAL],
        "industry": "freight logistics",
    }
    expect(page.locator("#roadmap-profile")).to_contain_text("freight logistics")
    expect(changes.locator('li.change[data-field="industry"]')).to_contain_text(
        "logistics → freight logistics"
    )
    expect(changes.locator('li.change[data-field="horizon_months"]')).to_have_count(0)


def test_chat_revision_shows_the_change(page: Page, base_url: str) -> None:
    page.goto(base_url)
    ask_chat(page, f"Draft a roadmap for us. {COMPANY}")
    first = page.locator("#chat-log .msg.assistant").nth(0)
    expect(first).to_have_attribute("data-kind", "roadmap")
    page.fill("#chat-input", "make it 9 months")
    page.click("#chat-send")
    second = page.locator("#chat-log .msg.assistant").nth(1)
    expect(second).to_have_attribute("data-kind", re.compile("."))
    expect(page.locator("#chat-status")).to_have_text("")
    expect(second).to_have_attribute("data-kind", "roadmap")
    expect(second).to_have_attribute("data-revision", "true")
    expect(second).to_contain_text("9 months")
    change = second.locator('li.change[data-field="horizon_months"]')
    expect(change).to_have_count(1)
    expect(change).to_contain_text("→ 9 months")
    expect(change.locator("q.evidence")).to_contain_text(re.compile("9 months", re.I))
    page.screenshot(path="/tmp/e2e-chat-revision.png", full_page=True)
    # The Roadmap tab shows the revision and what changed.
    page.get_by_role("tab", name="Roadmap").click()
    expect(page.locator("#roadmap-title")).to_contain_text("(9 months)")
    expect(page.locator('#roadmap-changes li.change[data-field="horizon_months"]')).to_be_visible()


def test_chat_citation_chips_are_distinct(page: Page, base_url: str) -> None:
    page.goto(base_url)
    ask_chat(page, "How long does the pilot phase take?")
    cites = page.locator("#chat-log .msg.assistant button.cite")
    labels = cites.all_text_contents()
    assert len(labels) >= 2, labels
    # Distinct beyond their numbers: chips sharing a heading add the quote's first words.
    names = [label.split("] ", 1)[1] for label in labels]
    assert len(set(names)) == len(names), labels
    assert [label.split("]")[0] for label in labels] == [f"[{i + 1}" for i in range(len(labels))]
    for i in range(cites.count()):
        title = cites.nth(i).get_attribute("title") or ""
        section = cites.nth(i).get_attribute("data-section") or ""
        assert section and title.startswith(section), (title, section)
        assert "“" in title  # the quote, on hover


def test_governance_chips_are_numbered_one_to_n(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("tab", name="Governance").click()
    page.fill("#gov-input", "Who should own the model in production, and how do we monitor it?")
    page.click("#gov-send")
    expect(page.locator("#gov-out ol > li").first).to_be_visible()
    numbers = [
        int(n)
        for n in page.locator("#gov-out button.cite").evaluate_all("bs => bs.map(b => b.dataset.n)")
    ]
    assert len(numbers) >= 2, numbers
    assert sorted(set(numbers)) == list(range(1, max(numbers) + 1)), numbers
    assert max(numbers) > 1, numbers
    # Each chip's label carries its number.
    for chip, n in zip(page.locator("#gov-out button.cite").all(), numbers, strict=True):
        expect(chip).to_have_text(re.compile(rf"^\[{n}\] "))


# ------------------------------------------------------------------ a stubbed API


def redrafted(base: Roadmap, profile: dict[str, object], n: int) -> Roadmap:
    company = base.company.model_copy(deep=True)
    for field, value in profile.items():
        setattr(company, field, value)
        company.facts.append(
            Fact(field=field, value=str(value), evidence=str(value), source="form")
        )
    update: dict[str, object] = {"id": f"stub-{n}", "company": company}
    if "horizon_months" in profile:
        update["horizon_months"] = profile["horizon_months"]
    return base.model_copy(update=update)


def stub_api(page: Page, base: Roadmap, sent: list[dict[str, object]]) -> None:
    made: dict[str, Roadmap] = {base.id: base}

    def handle(route: Route, request: Request) -> None:
        path = urlsplit(request.url).path
        if serve_static(route, path):
            return
        if path == "/v1/roadmaps" and request.method == "POST":
            payload = request.post_data_json
            assert isinstance(payload, dict)
            sent.append(payload)
            roadmap = redrafted(base, payload.get("profile") or {}, len(sent))
            made[roadmap.id] = roadmap
            route.fulfill(status=201, json=json.loads(roadmap.model_dump_json()))
        elif path == "/v1/chat/stream" and request.method == "POST":
            payload = request.post_data_json
            assert isinstance(payload, dict)
            sent.append(payload)
            if "9 months" in payload["message"]:
                roadmap = redrafted(base, {"horizon_months": 9}, len(sent)).model_copy(
                    update={
                        "revision_of": base.id,
                        "changes": [
                            Change(
                                field="horizon_months",
                                old="12",
                                new="9",
                                evidence=f"make it 9 months {MARKUP}",
                            )
                        ],
                    }
                )
            else:
                roadmap = base
            made[roadmap.id] = roadmap
            reply = {
                "session_id": "s-1",
                "kind": "roadmap",
                "roadmap": json.loads(roadmap.model_dump_json()),
            }
            body = (
                f"event: delta\ndata: {json.dumps({'text': 'Roadmap '})}\n\n"
                f"event: result\ndata: {json.dumps(reply)}\n\nevent: done\ndata: {{}}\n\n"
            )
            route.fulfill(body=body, content_type="text/event-stream")
        elif path.endswith(".svg") and path[len("/v1/roadmaps/") : -4] in made:
            roadmap = made[path[len("/v1/roadmaps/") : -4]]
            route.fulfill(body=roadmap_gantt_svg(roadmap), content_type="image/svg+xml")
        else:
            route.fulfill(status=404, json={"error": {"code": "not_found", "message": path}})

    page.route(f"{STUB}/**", handle)


def test_redraft_sends_only_edited_fields_and_lists_changes(page: Page) -> None:
    sent: list[dict[str, object]] = []
    base = stub_roadmap()
    base.company.employees = 12000
    stub_api(page, base, sent)
    page.goto(STUB + "/")
    page.get_by_role("tab", name="Roadmap").click()
    page.fill("#company", "Harbor Retail has 12,000 people.")
    page.click("#roadmap-send")
    expect(page.locator("#roadmap-out")).to_be_visible()
    # Counts carry thousands separators.
    expect(page.locator("#roadmap-profile")).to_contain_text("12,000 employees")
    expect(page.locator("#pf-stage")).to_have_value("pilot_done")
    expect(page.locator("#pf-systems")).to_have_value("Shopify\nSAP S/4HANA")
    # Nothing edited: no profile is sent.
    page.click("#redraft")
    expect(page.locator("#roadmap-changes-none")).to_be_visible()
    assert sent[-1] == {"company_description": "Harbor Retail has 12,000 people."}
    expect(page.locator("#roadmap-changes-intro")).to_have_text("Compared with the previous draft.")

    page.select_option("#pf-stage", "pilot_stalled")
    page.fill("#pf-employees", "12500")
    page.fill("#pf-systems", "Shopify\n\n  SAP S/4HANA  \nSalesforce")
    page.fill("#pf-name", "")  # emptied: not sent, and said so
    page.click("#redraft")
    expect(page.locator("#roadmap-stage")).to_have_text("Pilot stalled")
    assert sent[-1] == {
        "company_description": "Harbor Retail has 12,000 people.",
        "profile": {
            "stage": "pilot_stalled",
            "employees": 12500,
            "systems": ["Shopify", "SAP S/4HANA", "Salesforce"],
        },
    }
    items = page.locator("#roadmap-changes li.change")
    expect(items.filter(has_text="Stage")).to_have_text("Stage: Pilot finished → Pilot stalled")
    expect(items.filter(has_text="Employees")).to_have_text("Employees: 12,000 → 12,500")
    expect(items.filter(has_text="Systems")).to_have_text("Systems: added “Salesforce”")
    expect(page.locator("#profile-status")).to_contain_text("Company name")

    # Out of range: the browser refuses, nothing is sent.
    count = len(sent)
    page.fill("#pf-horizon", "48")
    page.click("#redraft")
    assert page.locator("#pf-horizon:invalid").count() == 1
    assert len(sent) == count
    # Too many lines in a list: said, nothing sent.
    page.fill("#pf-horizon", "12")
    page.fill("#pf-regulations", "\n".join(f"Rule {i}" for i in range(13)))
    page.click("#redraft")
    expect(page.locator("#profile-status")).to_have_text("Regulations: at most 12, one per line.")
    assert len(sent) == count
    # A fresh draft forgets the corrections.
    page.click("#roadmap-send")
    expect(page.locator("#roadmap-changes")).to_be_hidden()
    assert sent[-1] == {"company_description": "Harbor Retail has 12,000 people."}
    page.screenshot(path="/tmp/e2e-redraft-stub.png", full_page=True)


def test_chat_revision_lists_the_server_changes(page: Page) -> None:
    sent: list[dict[str, object]] = []
    stub_api(page, stub_roadmap(), sent)
    page.goto(STUB + "/")
    ask_chat(page, "Draft a roadmap: Harbor Retail has 300 people.")
    page.fill("#chat-input", "make it 9 months")
    page.click("#chat-send")
    second = page.locator("#chat-log .msg.assistant").nth(1)
    expect(second).to_have_attribute("data-revision", "true")
    expect(page.locator("#chat-status")).to_have_text("")
    assert sent[-1] == {"message": "make it 9 months", "session_id": "s-1"}
    change = second.locator("li.change")
    expect(change).to_have_count(1)
    expect(change).to_have_attribute("data-field", "horizon_months")
    expect(change).to_have_text(
        f"Horizon: 12 months → 9 months you asked: make it 9 months {MARKUP}"
    )
    # The description the first roadmap came from is kept for a redraft.
    expect(page.locator("#company")).to_have_value("Draft a roadmap: Harbor Retail has 300 people.")
    page.get_by_role("tab", name="Roadmap").click()
    expect(page.locator("#roadmap-changes-intro")).to_have_text("A revision of roadmap stub-1.")
    rows = page.locator("#roadmap-changes li.change")
    # The server's change, then what comparing the two drafts adds (no second horizon line).
    expect(rows.first).to_have_attribute("data-origin", "server")
    expect(page.locator('#roadmap-changes li[data-field="horizon_months"]')).to_have_count(1)
    assert page.locator("#chat-log script, #chat-log img, #roadmap-changes script").count() == 0
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
