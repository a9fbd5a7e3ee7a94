"""Fixtures for the browser tests: the real app under uvicorn on loopback, and Debian's
headless Chromium driven by Playwright. Playwright's own browser download does not work
here; CI installs /usr/bin/chromium, and without it these tests are skipped."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings
from api import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A planted knowledge document whose text is markup: the page must show it, never run it.
PLANTED = """---
id: zeppelin-procurement
title: Zeppelin procurement policy for AI pilots
---

# Zeppelin procurement policy for AI pilots

## Zeppelin procurement approvals

The zeppelin procurement policy for AI pilots logs <script>window.__pwned=1</script> and \
<img src=x onerror="window.__pwned=2"> as plain text in every zeppelin purchase record. \
Every zeppelin purchase for an AI pilot needs two approvals from the procurement board.
"""


def offline_settings(data_dir: Path, knowledge_dirs: list[Path] | None = None) -> Settings:
    return Settings(
        data_dir=data_dir,
        knowledge_dirs=knowledge_dirs or [DEFAULT_KNOWLEDGE_DIR],
        llm="offline",
        _env_file=None,  # type: ignore[call-arg]
    )


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The real app (it indexes at start-up) under uvicorn in a thread; yields its URL."""
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(10)
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        assert not thread.is_alive(), "the app did not stop"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the real playbook."""
    with serve(offline_settings(tmp_path_factory.mktemp("e2e-data"))) as url:
        yield url


@pytest.fixture(scope="module")
def planted_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the real playbook plus a planted document full of markup."""
    extra = tmp_path_factory.mktemp("e2e-knowledge")
    (extra / "zeppelin-procurement.md").write_text(PLANTED, encoding="utf-8")
    settings = offline_settings(
        tmp_path_factory.mktemp("e2e-planted-data"), [DEFAULT_KNOWLEDGE_DIR, extra]
    )
    with serve(settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped on purpose: while sync Playwright is open, the main thread counts as
    running an event loop, and asyncio.run() in later test modules would fail."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context per test (its own localStorage), failing on any page error."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(20_000)
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    new_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    new_page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    yield new_page
    context.close()
    assert not errors, f"the page reported errors: {errors}"
