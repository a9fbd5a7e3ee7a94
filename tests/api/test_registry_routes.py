"""The document routes are built from the registry: each stored job is served as JSON,
Markdown and SVG, to its owner only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from advisor.agent.registry import DOCUMENTS

COMPANY = (
    "Harbor Mills is a 300-person textile maker in Porto. We want to forecast demand for "
    "our fabrics; our data sits in spreadsheets and an old ERP. We have not started a pilot."
)


def test_every_stored_job_has_its_three_documents(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for kind, document in DOCUMENTS.items():
        base = f"/v1/{document.collection}/{{{kind}_id}}"
        for suffix in ("", ".md", ".svg"):
            assert "get" in paths[base + suffix], base + suffix
        made = client.post(f"/v1/{document.collection}", json={"company_description": COMPANY})
        assert made.status_code == 201, made.text
        output_id = made.json()["id"]
        assert client.get(f"/v1/{document.collection}/{output_id}").json() == made.json()
        md = client.get(f"/v1/{document.collection}/{output_id}.md")
        assert md.headers["content-type"].startswith("text/markdown")
        assert f'filename="{kind}-{output_id}.md"' in md.headers["content-disposition"]
        svg = client.get(f"/v1/{document.collection}/{output_id}.svg")
        assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text
        # Another kind's collection does not serve it.
        for other in DOCUMENTS.values():
            if other is not document:
                assert client.get(f"/v1/{other.collection}/{output_id}").status_code == 404
