"""The offline provider: a deterministic, model-free expert system over the playbook.

It composes answers, roadmaps and governance advice from the retrieved chunks by
extraction and rules, quotes only verbatim sentences, and is labelled "offline".
"""

from __future__ import annotations

from advisor.llm.offline.provider import OfflineProvider

__all__ = ["OfflineProvider"]
