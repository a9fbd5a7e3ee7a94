"""Every endpoint of the HTTP contract, on the offline advisor over the real playbook."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import NORTHWIND, AppFactory
from tests.api.helpers import assert_error, citation_keys, sse_events

PILOT = "What happens in the pilot phase?"
FOLLOW_UP = "and how long does that take?"

# --- health and the page ------------------------------------------------------------------


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True}


def test_readyz_is_503_before_start_up(make_app: AppFactory) -> None:
    not_started = TestClient(make_app())  # no `with`: the lifespan has not run
    response = not_started.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"ready": False}


def test_the_web_page_and_openapi(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/ask",
        "/v1/chat",
        "/v1/chat/stream",
        "/v1/roadmaps",
        "/v1/governance",
        "/v1/knowledge/search",
        "/v1/models",
        "/v1/chat/completions",
    ):
        assert path in paths


def test_unknown_route_is_a_json_404(client: TestClient) -> None:
    response = client.get("/v1/nothing-here", headers={"X-Request-ID": "trace-me-1"})
    assert response.status_code == 404
    error = assert_error(response.json(), "not_found")
    assert error["request_id"] == "trace-me-1" == response.headers["x-request-id"]


def test_wrong_method_is_a_json_405(client: TestClient) -> None:
    response = client.get("/v1/ask")
    assert response.status_code == 405
    assert_error(response.json(), "method_not_allowed")


# --- ask ------------------------------------------------------------------------------------


def test_ask_is_grounded_with_citations(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": "How long does the pilot phase take?"})
    assert response.status_code == 200
    body = response.json()
    assert body["grounded"] is True
    assert "month 2" in body["answer"] and "month 5" in body["answer"]
    assert body["citations"]
    for cit in body["citations"]:
        assert set(cit) >= {"chunk_id", "source", "section", "quote"}
        chunk = client.get(f"/v1/knowledge/chunks/{cit['chunk_id']}").json()
        assert " ".join(cit["quote"].split()) in " ".join(chunk["text"].split())
    assert body["provider"] == "offline"


def test_ask_out_of_scope_is_not_grounded(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "What is the capital of Australia?"}).json()
    assert body["grounded"] is False
    assert body["citations"] == []
    assert "does not cover" in body["answer"]


def test_ask_names_what_the_playbook_lacks_and_answers_the_rest(client: TestClient) -> None:
    priced = client.post("/v1/ask", json={"question": "What will the pilot set us back?"}).json()
    assert priced["grounded"] is False and priced["citations"] == []
    assert "gives no amounts of money" in priced["answer"]
    mixed = client.post(
        "/v1/ask",
        json={"question": "How long does the pilot phase take? And what is the cost per seat?"},
    ).json()
    assert mixed["grounded"] is True and mixed["citations"]
    assert mixed["answer"].endswith('not answered: "And what is the cost per seat?".')


@pytest.mark.parametrize(
    "payload",
    [{"question": ""}, {}, {"question": 42}, {"question": "x" * 20_001}],
    ids=["empty", "missing", "not-a-string", "too-long"],
)
def test_ask_rejects_bad_questions_with_422(client: TestClient, payload: object) -> None:
    response = client.post("/v1/ask", json=payload)
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


@pytest.mark.parametrize("blank", [" \t\n ", "???", " ... !", "-"])
def test_ask_question_without_words_is_422(client: TestClient, blank: str) -> None:
    # The schema says so (a pattern asking for a letter or digit), in plain words.
    response = client.post("/v1/ask", json={"question": blank})
    assert response.status_code == 422
    error = assert_error(response.json(), "invalid_request")
    assert error["message"] == "question: must hold words, not only white space or punctuation"


@pytest.mark.parametrize("question", ["¿Qué?", "数据准备需要多久", "ROI 2x?"])
def test_a_question_in_any_script_is_taken(client: TestClient, question: str) -> None:
    assert client.post("/v1/ask", json={"question": question}).status_code == 200


def test_ask_invalid_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/v1/ask", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert_error(response.json())


def test_ask_in_a_session_resolves_follow_ups(client: TestClient) -> None:
    # Sessions are issued by /v1/chat; /v1/ask then asks inside one.
    sid = client.post("/v1/chat", json={"message": "Hello"}).json()["session_id"]
    first = client.post("/v1/ask", json={"question": PILOT, "session_id": sid})
    assert first.status_code == 200
    second = client.post("/v1/ask", json={"question": FOLLOW_UP, "session_id": sid}).json()
    assert second["grounded"] and "month 5" in second["answer"]
    history = client.get(f"/v1/sessions/{sid}").json()
    asked = [m["text"] for m in history["messages"] if m["role"] == "user"]
    assert asked == ["Hello", PILOT, FOLLOW_UP]


def test_ask_bad_session_id_is_422(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": PILOT, "session_id": "../etc/passwd"})
    assert response.status_code == 422
    error = assert_error(response.json(), "invalid_request")
    assert error["message"] == "session_id: must be 1-64 letters, digits, '-' or '_'"


# --- chat and sessions ------------------------------------------------------------------------


def test_chat_creates_a_session_and_resolves_a_follow_up(client: TestClient) -> None:
    first = client.post("/v1/chat", json={"message": PILOT})
    assert first.status_code == 200
    body = first.json()
    sid = body["session_id"]
    assert sid and body["kind"] == "answer"
    assert body["answer"]["grounded"] and body["answer"]["citations"]
    assert "roadmap" not in body and "governance" not in body

    second = client.post("/v1/chat", json={"message": FOLLOW_UP, "session_id": sid}).json()
    assert second["session_id"] == sid
    answer = second["answer"]
    assert answer["grounded"] is True
    assert "month 2" in answer["answer"] and "month 5" in answer["answer"]
    assert answer["citations"]

    history = client.get(f"/v1/sessions/{sid}")
    assert history.status_code == 200
    messages = history.json()["messages"]
    assert history.json()["session_id"] == sid
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[0]["text"] == PILOT and messages[2]["text"] == FOLLOW_UP
    assert messages[1]["kind"] == "answer"
    assert messages[3]["payload"]["citations"] == answer["citations"]


def test_chat_routes_to_roadmap_and_governance(client: TestClient) -> None:
    roadmap = client.post("/v1/chat", json={"message": NORTHWIND}).json()
    assert roadmap["kind"] == "roadmap" and len(roadmap["roadmap"]["phases"]) == 5
    question = "Who is accountable for monitoring our AI models?"
    gov = client.post("/v1/chat", json={"message": question}).json()
    assert gov["kind"] == "governance" and gov["governance"]["grounded"]


def test_unknown_session_is_404(client: TestClient) -> None:
    response = client.get("/v1/sessions/no-such-session")
    assert response.status_code == 404
    assert_error(response.json(), "not_found")


def test_chat_empty_message_is_422(client: TestClient) -> None:
    response = client.post("/v1/chat", json={"message": ""})
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


# --- chat streaming -------------------------------------------------------------------------


def test_chat_stream_event_order_and_citations(client: TestClient) -> None:
    with client.stream("POST", "/v1/chat/stream", json={"message": PILOT}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.read().decode())
    names = [name for name, _ in events]
    first_delta = names.index("delta")
    assert first_delta >= 1 and set(names[:first_delta]) == {"retrieval"}
    assert names.count("result") == 1 and names[-2:] == ["result", "done"]
    assert set(names[first_delta:-2]) == {"delta"}
    retrieved = {
        c["chunk_id"] for name, data in events if name == "retrieval" for c in data["chunks"]
    }
    result = events[-2][1]
    assert result["kind"] == "answer"
    text = "".join(data["text"] for name, data in events if name == "delta")
    assert text == result["answer"]["answer"]
    assert {c["chunk_id"] for c in result["answer"]["citations"]} <= retrieved

    # The same message in a fresh session, not streamed: the very same citations.
    plain = client.post("/v1/chat", json={"message": PILOT}).json()
    assert plain["session_id"] != result["session_id"]
    assert result["answer"]["citations"] == plain["answer"]["citations"]
    assert citation_keys(result["answer"]["citations"])


def test_chat_stream_keeps_the_session(client: TestClient) -> None:
    first = sse_events(client.post("/v1/chat/stream", json={"message": PILOT}).text)
    sid = first[-2][1]["session_id"]
    second = sse_events(
        client.post("/v1/chat/stream", json={"message": FOLLOW_UP, "session_id": sid}).text
    )
    result = second[-2][1]
    assert result["session_id"] == sid and "month 5" in result["answer"]["answer"]
    assert len(client.get(f"/v1/sessions/{sid}").json()["messages"]) == 4


@pytest.mark.parametrize("message", ["", "   "], ids=["empty", "blank"])
def test_chat_stream_empty_message_is_422_before_streaming(
    client: TestClient, message: str
) -> None:
    # Provider failures after the stream starts are error events (tests/api/test_failures.py).
    response = client.post("/v1/chat/stream", json={"message": message})
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


# --- roadmaps -------------------------------------------------------------------------------


def test_roadmap_is_stored_and_rendered(client: TestClient) -> None:
    created = client.post("/v1/roadmaps", json={"company_description": NORTHWIND})
    assert created.status_code == 201
    roadmap = created.json()
    rid = roadmap["id"]
    assert rid and roadmap["horizon_months"] == 12
    phases = roadmap["phases"]
    assert [p["phase"] for p in phases] == [
        "discovery",
        "pilot",
        "infrastructure",
        "production",
        "optimization",
    ]
    assert phases[0]["start_month"] == 0 and phases[-1]["end_month"] == 12
    assert all(p["citations"] for p in phases)

    fetched = client.get(f"/v1/roadmaps/{rid}")
    assert fetched.status_code == 200 and fetched.json() == roadmap

    md = client.get(f"/v1/roadmaps/{rid}.md")
    assert md.status_code == 200
    assert md.headers["content-type"].startswith("text/markdown")
    disposition = md.headers["content-disposition"]
    assert disposition.startswith("attachment") and f"roadmap-{rid}.md" in disposition
    assert md.text.lstrip().startswith("#")
    for phase in phases:
        assert phase["title"] in md.text

    svg = client.get(f"/v1/roadmaps/{rid}.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    bars = [
        el for el in root.iter("{http://www.w3.org/2000/svg}rect") if el.get("class") == "phase-bar"
    ]
    assert [b.get("data-phase") for b in bars] == [p["phase"] for p in phases]


def test_roadmap_horizon(client: TestClient) -> None:
    body = client.post(
        "/v1/roadmaps", json={"company_description": NORTHWIND, "horizon_months": 18}
    ).json()
    assert body["horizon_months"] == 18 and body["phases"][-1]["end_month"] == 18


@pytest.mark.parametrize(
    "payload",
    [
        {"company_description": NORTHWIND, "horizon_months": 40},
        {"company_description": NORTHWIND, "horizon_months": 2},
        {"company_description": ""},
        {},
    ],
    ids=["horizon-40", "horizon-2", "empty", "missing"],
)
def test_roadmap_bad_requests_are_422(client: TestClient, payload: object) -> None:
    response = client.post("/v1/roadmaps", json=payload)
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


@pytest.mark.parametrize("suffix", ["", ".md", ".svg"])
def test_unknown_roadmap_is_404(client: TestClient, suffix: str) -> None:
    response = client.get(f"/v1/roadmaps/0123456789ab{suffix}")
    assert response.status_code == 404
    assert_error(response.json(), "not_found")


# --- governance -----------------------------------------------------------------------------


def test_governance(client: TestClient) -> None:
    response = client.post("/v1/governance", json={"question": "Who should own our AI models?"})
    assert response.status_code == 200
    body = response.json()
    assert body["grounded"] is True and body["summary"]
    assert body["recommendations"]
    for rec in body["recommendations"]:
        assert rec["action"] and rec["citations"]


def test_governance_out_of_scope_and_empty(client: TestClient) -> None:
    body = client.post("/v1/governance", json={"question": "Best banana bread recipe?"}).json()
    assert body["grounded"] is False and body["citations"] == []
    response = client.post("/v1/governance", json={"question": ""})
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


# --- knowledge ------------------------------------------------------------------------------


def test_knowledge_search_and_chunk(client: TestClient) -> None:
    response = client.get(
        "/v1/knowledge/search", params={"q": "pilot data preparation", "k": 3, "phase": "pilot"}
    )
    assert response.status_code == 200
    chunks = response.json()
    assert 1 <= len(chunks) <= 3
    for chunk in chunks:
        assert set(chunk) >= {"chunk_id", "source", "section", "phase", "text", "score"}
        assert chunk["phase"] == "pilot"
    one = client.get(f"/v1/knowledge/chunks/{chunks[0]['chunk_id']}")
    assert one.status_code == 200
    assert one.json()["text"] == chunks[0]["text"]

    unfiltered = client.get("/v1/knowledge/search", params={"q": "executive sponsorship"}).json()
    assert 1 <= len(unfiltered) <= 5


@pytest.mark.parametrize(
    "params",
    [
        {"q": "pilot", "phase": "moonshot"},
        {"q": ""},
        {},
        {"q": "pilot", "k": 0},
        {"q": "pilot", "k": 51},
        {"q": "pilot", "k": "many"},
    ],
    ids=["bad-phase", "empty-q", "no-q", "k-0", "k-51", "k-text"],
)
def test_knowledge_search_bad_params_are_422(
    client: TestClient, params: dict[str, str | int]
) -> None:
    response = client.get("/v1/knowledge/search", params=params)
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


def test_unknown_chunk_is_404(client: TestClient) -> None:
    response = client.get("/v1/knowledge/chunks/no-such-chunk-123")
    assert response.status_code == 404
    assert_error(response.json(), "not_found")


# --- OpenAI-compatible ----------------------------------------------------------------------

_SOURCE_LINE = re.compile(r'^\[(\d+)\] .+: ".+" \((\S+)\)$')


def _messages(*texts: str) -> list[dict[str, str]]:
    roles = ["user", "assistant"]
    return [{"role": roles[i % 2], "content": t} for i, t in enumerate(texts)]


def test_models(client: TestClient) -> None:
    body = client.get("/v1/models").json()
    assert body["object"] == "list"
    assert [m["id"] for m in body["data"]] == ["advisor"]


def test_chat_completions_lists_sources(client: TestClient) -> None:
    response = client.post(
        "/v1/chat/completions",
        json={
            "model": "advisor",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "How long does the pilot phase take?"},
            ],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion" and body["model"] == "advisor"
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant" and choice["finish_reason"] == "stop"
    content = choice["message"]["content"]
    text, sources = content.split("\n\nSources:\n")
    assert "month 2" in text
    lines = sources.splitlines()
    citations = body["citations"]
    assert citations and len(lines) == len(citations)
    for n, (line, cit) in enumerate(zip(lines, citations, strict=True), 1):
        match = _SOURCE_LINE.match(line)
        assert match and int(match.group(1)) == n and match.group(2) == cit["chunk_id"]
        assert cit["quote"] in line


def test_chat_completions_follow_up_uses_the_history(client: TestClient) -> None:
    body = client.post(
        "/v1/chat/completions",
        json={
            "model": "advisor",
            "messages": _messages(PILOT, "Phase 2 runs from month 2 to month 5.", FOLLOW_UP),
        },
    ).json()
    content = body["choices"][0]["message"]["content"]
    assert "month 5" in content and body["citations"]


def test_chat_completions_content_parts(client: TestClient) -> None:
    body = client.post(
        "/v1/chat/completions",
        json={
            "model": "advisor",
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "text", "text": "How long is the pilot phase?"}],
                }
            ],
        },
    ).json()
    assert "Sources:" in body["choices"][0]["message"]["content"]


def test_chat_completions_streaming(client: TestClient) -> None:
    payload = {"model": "advisor", "messages": _messages("How long does the pilot phase take?")}
    plain = client.post("/v1/chat/completions", json=payload).json()
    with client.stream("POST", "/v1/chat/completions", json={**payload, "stream": True}) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        events = sse_events(resp.read().decode())
    assert events[-1] == ("message", "[DONE]")
    chunks = [data for _, data in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and c["model"] == "advisor" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    final = chunks[-1]
    assert final["choices"][0]["finish_reason"] == "stop"
    assert final["citations"] == plain["citations"] and final["citations"]
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert content == plain["choices"][0]["message"]["content"]
    assert "\n\nSources:\n" in content


@pytest.mark.parametrize(
    "payload",
    [
        {"model": "gpt-4", "messages": _messages("hi there, pilot phase?")},
        {"model": "advisor", "messages": _messages(PILOT, "an answer")},
        {"model": "advisor", "messages": [{"role": "system", "content": "only a system"}]},
        {"model": "advisor", "messages": _messages("   ")},
    ],
    ids=["unknown-model", "last-is-assistant", "no-user", "blank"],
)
def test_chat_completions_bad_requests_are_422(client: TestClient, payload: object) -> None:
    response = client.post("/v1/chat/completions", json=payload)
    assert response.status_code == 422
    assert_error(response.json(), "invalid_input")


@pytest.mark.parametrize(
    "payload",
    [
        {"model": "advisor", "messages": []},
        {"model": "advisor"},
        {"model": "advisor", "messages": [{"role": "wizard", "content": "hi"}]},
    ],
    ids=["empty-messages", "no-messages", "bad-role"],
)
def test_chat_completions_malformed_is_422(client: TestClient, payload: object) -> None:
    response = client.post("/v1/chat/completions", json=payload)
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


def test_roadmap_reads_the_description_and_its_stage(client: TestClient) -> None:
    text = (
        "Kestrel Freight is a 500-person freight forwarder. We want to speed up invoice "
        "matching against purchase orders in MercuryGate and SAP. We already finished a pilot "
        "that the CFO approved. We have about 8 months."
    )
    body = client.post("/v1/roadmaps", json={"company_description": text}).json()
    company = body["company"]
    assert (body["horizon_months"], company["stage"]) == (8, "pilot_done")
    assert {"MercuryGate", "SAP"} <= set(company["systems"])
    assert all(f["evidence"] in text for f in company["facts"])
    assert [p["status"] for p in body["phases"]][:3] == ["done", "done", "planned"]
    svg = client.get(f"/v1/roadmaps/{body['id']}.svg")
    assert svg.status_code == 200 and 'data-status="done"' in svg.text


@pytest.mark.parametrize(
    "text",
    [
        "1" * 19_000,
        "Acme Ltd has " + "9" * 4301 + " employees and wants to forecast demand.",
    ],
    ids=["digit-run", "4301-digit-number"],
)
def test_hostile_numbers_are_read_not_crashed_on(client: TestClient, text: str) -> None:
    response = client.post("/v1/roadmaps", json={"company_description": text})
    assert response.status_code == 201
    assert response.json()["company"]["employees"] is None


def test_form_fields_override_the_description_as_form_facts(client: TestClient) -> None:
    text = (
        "Kestrel Freight is a 500-person freight forwarder. We want to speed up invoice "
        "matching against purchase orders in MercuryGate and SAP."
    )
    body = client.post(
        "/v1/roadmaps",
        json={
            "company_description": text,
            "profile": {"stage": "pilot_done", "horizon_months": 10, "employees": 520},
        },
    ).json()
    company = body["company"]
    assert (company["stage"], company["employees"], body["horizon_months"]) == (
        "pilot_done",
        520,
        10,
    )
    form = {f["field"]: f for f in company["facts"] if f["source"] == "form"}
    assert set(form) == {"stage", "horizon_months", "employees"}
    assert not any(
        f["field"] == "employees" and f["source"] == "description" for f in company["facts"]
    )
    assert [p["status"] for p in body["phases"]][:2] == ["done", "done"]
    bad = client.post("/v1/roadmaps", json={"company_description": text, "profile": {"stage": "x"}})
    assert bad.status_code == 422
