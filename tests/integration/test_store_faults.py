"""A Chroma server that goes away mid-run: retrieval answers 503 with Retry-After and
/readyz says why, what needs no index keeps working, and it all recovers by itself when
the server is back."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings
from api import create_app
from tests.integration.chroma_server import ChromaProcess

pytestmark = pytest.mark.server
QUESTION = "How long does the pilot phase take?"


def test_a_chroma_server_down_is_a_503_and_recovers(tmp_path: Path) -> None:
    server = ChromaProcess(tmp_path / "chroma")
    server.start()
    try:
        settings = Settings(
            data_dir=tmp_path / "data",
            knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR],
            llm="offline",
            chroma_url=server.url,
            _env_file=None,  # type: ignore[call-arg]
        )
        with TestClient(create_app(settings)) as client:
            sid = client.post("/v1/chat", json={"message": QUESTION}).json()["session_id"]
            server.stop()
            for response in (
                client.post("/v1/ask", json={"question": QUESTION}),
                client.get("/v1/knowledge/search", params={"q": "pilot"}),
            ):
                assert response.status_code == 503, response.text
                assert int(response.headers["Retry-After"]) > 0
                assert response.json()["error"]["code"]
            ready = client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["ready"] is False
            # The sessions are in the database, not the index: still served.
            assert client.get(f"/v1/sessions/{sid}").status_code == 200
            assert client.get("/healthz").status_code == 200
            server.start()
            assert client.get("/readyz").status_code == 200
            again = client.post("/v1/ask", json={"question": QUESTION})
            assert again.status_code == 200 and "month 5" in again.json()["answer"]
    finally:
        server.stop()
