"""Choose the provider from settings. The openai one is imported only when used:
langchain-openai costs ~2 s of import, and an offline command should start fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.config import Settings
from advisor.errors import ConfigError
from advisor.llm.base import Provider
from advisor.llm.prompts import Prompts

if TYPE_CHECKING:
    import httpx

    from advisor.retrieval.relevance import Relevance


def make_provider(
    settings: Settings,
    prompts: Prompts,
    *,
    http_client: httpx.AsyncClient | None = None,
    relevance: Relevance | None = None,
) -> Provider:
    """`http_client` carries the openai provider's requests (the evals' cassettes);
    `relevance` the kept vectors the offline composer reads by meaning."""
    name = settings.provider_name
    if name == "openai":
        if not settings.openai_api_key:
            raise ConfigError("ADVISOR_LLM=openai needs OPENAI_API_KEY to be set")
        from advisor.llm.openai.capabilities import FILE, CapabilityMemory
        from advisor.llm.openai_provider import OpenAIProvider

        # What the server supports, remembered under the data dir across processes.
        memory = CapabilityMemory(settings.data_dir / FILE)
        return OpenAIProvider(settings, prompts, http_client=http_client, capabilities=memory)
    from advisor.llm.offline import OfflineProvider

    return OfflineProvider(relevance)
