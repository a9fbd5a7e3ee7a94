"""Choose the provider from settings. The openai one is imported only when used:
langchain-openai costs ~2 s of import, and an offline command should start fast."""

from __future__ import annotations

from advisor.config import Settings
from advisor.errors import ConfigError
from advisor.llm.base import Provider
from advisor.llm.prompts import Prompts


def make_provider(settings: Settings, prompts: Prompts) -> Provider:
    name = settings.provider_name
    if name == "openai":
        if not settings.openai_api_key:
            raise ConfigError("ADVISOR_LLM=openai needs OPENAI_API_KEY to be set")
        from advisor.llm.openai_provider import OpenAIProvider

        return OpenAIProvider(settings, prompts)
    from advisor.llm.offline import OfflineProvider

    return OfflineProvider()
