"""Wire an Advisor from settings: index, retriever, prompts, provider."""

from __future__ import annotations

from advisor.agent.elsewhere import Elsewhere
from advisor.agent.jobs import Advisor
from advisor.config import Settings
from advisor.knowledge.calendar import load_calendar
from advisor.llm.base import Provider
from advisor.llm.factory import make_provider
from advisor.llm.prompts import load_prompts
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.index import KnowledgeIndex, open_index
from advisor.retrieval.relevance import Relevance


def build_advisor(
    settings: Settings,
    provider: Provider | None = None,
    index: KnowledgeIndex | None = None,
    relevance: Relevance | None = None,
) -> Advisor:
    """`relevance`: the kept vectors a given provider reads by meaning, if it does, so
    the scope check's contrast shares them; one is made for a provider built here."""
    prompts = load_prompts(settings.prompts_dir)
    index = index or open_index(settings)
    # The offline composer embeds the passages' questions too (`passage_fit`): the scope
    # check's contrast reads them through the same kept vectors.
    relevance = relevance or Relevance()
    provider = provider or make_provider(settings, prompts, relevance=relevance)
    return Advisor(
        settings=settings,
        index=index,
        retriever=HybridRetriever(index),
        provider=provider,
        prompts=prompts,
        calendar=load_calendar(settings.knowledge_dirs),
        elsewhere=Elsewhere(cache_dir=settings.data_dir / "vectors", relevance=relevance),
    )
