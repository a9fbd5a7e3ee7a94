"""Every job is declared in each layer's table, and what reads the registry serves every
stored job: a job missing from one table fails here, not in front of a user."""

from __future__ import annotations

import json
import re
from typing import get_args

from advisor.agent.chat import route
from advisor.agent.registry import DOCUMENTS, JOBS, ROUTING, kind_of, streamed_text, summarize
from advisor.config import PROJECT_ROOT
from advisor.llm.base import TASKS
from advisor.llm.offline.provider import COMPOSERS
from advisor.llm.openai.jobs import DRAFTS
from advisor.llm.prompts import NAMES
from advisor.schemas import Answer, ChatKind
from api.routes.page import page
from tests.unit.test_render import make_roadmap

KINDS = set(get_args(ChatKind))


def test_every_kind_is_declared_in_every_table() -> None:
    assert set(JOBS) == set(COMPOSERS) == set(DRAFTS) == {t.kind for t in TASKS} == KINDS
    for task in TASKS:
        assert task.prompt in NAMES
        assert (PROJECT_ROOT / "prompts" / f"{task.prompt}.md").is_file()


def test_the_router_tries_every_job_but_the_question_by_its_registry_cue() -> None:
    assert set(ROUTING) | {"answer"} == KINDS
    assert route("Are we ready for AI, and can you assess our readiness?") == "assessment"
    assert route("Please draft a roadmap for our company over 9 months") == "roadmap"
    assert route("Who should own our models once they are in production?") == "governance"
    assert route("How long does the pilot take?") == "answer"


def test_a_result_is_known_by_its_schema() -> None:
    roadmap = make_roadmap()
    assert kind_of(roadmap) == "roadmap"
    assert summarize(roadmap).startswith("Roadmap for Northwind Freight over 12 months")
    # A roadmap streams as its document; an answer as its text.
    assert streamed_text(roadmap).startswith("# ")
    answer = Answer(question="q", answer="The pilot runs from month 2 to 5.", grounded=True)
    assert kind_of(answer) == "answer" and streamed_text(answer) == answer.answer


def test_the_page_links_follow_the_registry() -> None:
    found = re.search(r'<script id="jobs" type="application/json">(.*?)</script>', page())
    assert found is not None
    jobs = json.loads(found.group(1))
    assert {k: v["collection"] for k, v in jobs.items()} == {
        k: d.collection for k, d in DOCUMENTS.items()
    }
    app_js = (PROJECT_ROOT / "api" / "static" / "app.js").read_text(encoding="utf-8")
    for document in DOCUMENTS.values():
        assert f"/v1/{document.collection}" not in app_js  # no copy of the table
