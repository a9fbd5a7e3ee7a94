"""Readiness assessments over HTTP, and a chat that revises its roadmap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from advisor.grounding import is_verbatim
from advisor.schemas import DIMENSIONS
from tests.api.helpers import assert_error

STALLED = (
    "Harbor Tools is a 300-person manufacturer. Our predictive maintenance pilot has stalled: "
    "the machine data sits in spreadsheets kept by each plant, and IT could not connect the "
    "model to our ERP. We want to cut unplanned downtime by 20%."
)


def test_an_assessment_is_stored_and_served_as_json_markdown_and_svg(client: TestClient) -> None:
    response = client.post("/v1/assessments", json={"company_description": STALLED})
    assert response.status_code == 201, response.text
    body = response.json()
    assert [d["dimension"] for d in body["dimensions"]] == list(DIMENSIONS)
    by = {d["dimension"]: d for d in body["dimensions"]}
    assert by["data_readiness"]["score"] <= 1 and by["integration"]["score"] <= 1
    for dim in body["dimensions"]:
        assert (dim["score"] is None) == (not dim["evidence"])
        for fact in dim["evidence"]:
            assert is_verbatim(fact["evidence"], STALLED)
        assert dim["citations"], dim["dimension"]  # why it matters, from the playbook
    assert body["top_risks"] and all(r["citations"] for r in body["top_risks"])
    unknown = [d for d in body["dimensions"] if d["score"] is None]
    assert len(body["company"]["open_questions"]) >= min(len(unknown), 1)
    aid = body["id"]
    assert client.get(f"/v1/assessments/{aid}").json() == body
    md = client.get(f"/v1/assessments/{aid}.md")
    assert md.status_code == 200 and "Data readiness" in md.text
    svg = client.get(f"/v1/assessments/{aid}.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    ET.fromstring(svg.text)
    assert_error(client.get("/v1/assessments/nope").json(), "not_found")


def test_bad_profile_overrides_are_422_naming_the_field(client: TestClient) -> None:
    unknown = client.post(
        "/v1/roadmaps", json={"company_description": STALLED, "profile": {"headcount": 5}}
    )
    assert unknown.status_code == 422 and "headcount" in unknown.json()["error"]["message"]
    horizon = client.post(
        "/v1/roadmaps", json={"company_description": STALLED, "profile": {"horizon_months": 40}}
    )
    assert horizon.status_code == 422 and "horizon_months" in horizon.json()["error"]["message"]


def test_a_chat_revises_its_roadmap_and_keeps_what_it_knew(client: TestClient) -> None:
    first = client.post(
        "/v1/chat", json={"message": STALLED + " Can you draft a roadmap for us?"}
    ).json()
    assert first["kind"] == "roadmap"
    sid, previous = first["session_id"], first["roadmap"]
    goal = previous["company"]["goals"][0]
    for message, field, new in [
        ("make it 9 months", "horizon_months", "9"),
        ("we already finished the pilot", "stage", "pilot_done"),
        ("we also need to comply with GDPR", "regulations", "GDPR"),
    ]:
        reply = client.post("/v1/chat", json={"message": message, "session_id": sid}).json()
        assert reply["kind"] == "roadmap", (message, reply)
        roadmap = reply["roadmap"]
        assert roadmap["revision_of"] == previous["id"]
        assert [(c["field"], c["new"]) for c in roadmap["changes"]] == [(field, new)]
        assert all(is_verbatim(c["evidence"], message) for c in roadmap["changes"])
        assert roadmap["company"]["name"] == "Harbor Tools"
        assert roadmap["company"]["goals"][0] == goal
        previous = roadmap
    assert previous["horizon_months"] == 9
    assert [p["status"] for p in previous["phases"]][:2] == ["done", "done"]
    assert "GDPR" in previous["company"]["regulations"]
    question = client.post(
        "/v1/chat", json={"message": "why does the pilot take 3 months?", "session_id": sid}
    ).json()
    assert question["kind"] == "answer"
    # What a message says moves readiness too, quoted from the message.
    team = client.post(
        "/v1/chat", json={"message": "we have no data team", "session_id": sid}
    ).json()["roadmap"]
    assert team["readiness"]["scores"]["infrastructure"] <= 1
    assert team["company"]["name"] == "Harbor Tools"


def test_a_revision_without_a_plan_asks_for_the_company(client: TestClient) -> None:
    reply = client.post("/v1/chat", json={"message": "make it 9 months"}).json()
    assert reply["kind"] == "answer"
    assert "company" in reply["answer"]["answer"].lower()
    assert not reply["answer"]["citations"]


def test_chat_routes_readiness_questions(client: TestClient) -> None:
    first = client.post("/v1/chat", json={"message": STALLED + " Draft a roadmap."}).json()
    reply = client.post(
        "/v1/chat", json={"message": "are we ready?", "session_id": first["session_id"]}
    ).json()
    assert reply["kind"] == "assessment"
    assert len(reply["assessment"]["dimensions"]) == 8
