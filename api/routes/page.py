"""The web page: static files served by the app, no build step. The page carries the
registry's stored jobs (where each kind's documents are served), so its links follow
the registry rather than a copy of it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from advisor.agent.registry import DOCUMENTS

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)
PLACEHOLDER = "<!-- jobs -->"


@cache
def page() -> str:
    jobs = {
        kind: {"collection": doc.collection, "chart": doc.chart_name}
        for kind, doc in DOCUMENTS.items()
    }
    # "</" cannot end the script element from inside the JSON.
    data = json.dumps(jobs).replace("</", "<\\/")
    script = f'<script id="jobs" type="application/json">{data}</script>'
    return (STATIC / "index.html").read_text(encoding="utf-8").replace(PLACEHOLDER, script)


@router.get("/")
async def index() -> HTMLResponse:
    return HTMLResponse(page())
