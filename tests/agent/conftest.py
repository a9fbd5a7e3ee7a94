"""An advisor on the openai provider whose model's HTTP is mocked by respx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import respx
from pydantic import SecretStr

from advisor.agent.jobs import Advisor
from advisor.llm.openai_provider import OpenAIProvider
from advisor.llm.prompts import load_prompts
from tests.openai_mock import Sleeps

BASE = "http://llm.test/v1"


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def advisor(offline_advisor: Advisor, sleeps: Sleeps) -> Advisor:
    settings = offline_advisor.settings.model_copy(
        update={
            "llm": "openai",
            "openai_api_key": SecretStr("sk-test"),
            "openai_base_url": BASE,
            "llm_max_retries": 2,
            "llm_timeout_s": 5.0,
        }
    )
    offline_advisor.settings = settings
    offline_advisor.provider = OpenAIProvider(settings, load_prompts(settings.prompts_dir), sleeps)
    return offline_advisor


@pytest.fixture
def model() -> Iterator[Any]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock.post("/chat/completions")
