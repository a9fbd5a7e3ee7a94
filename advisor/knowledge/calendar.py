"""The playbook's phase windows, read from the knowledge's front matter (`months`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advisor.errors import AdvisorError
from advisor.knowledge.documents import Document, load_documents
from advisor.schemas import PHASE_ORDER

PhaseCalendar = dict[str, tuple[int, int]]  # phase name -> (start, end) month


def phase_calendar(documents: Sequence[Document]) -> PhaseCalendar:
    """Each phase's (start, end) month from the first document of that phase that
    states `months` in its front matter; phases no document dates are left out."""
    found: PhaseCalendar = {}
    for doc in documents:
        if doc.phase and doc.months and doc.phase not in found:
            found[doc.phase] = doc.months
    return {phase: found[phase] for phase in PHASE_ORDER if phase in found}


def load_calendar(dirs: Sequence[Path]) -> PhaseCalendar:
    """The calendar of the knowledge directories; empty when they cannot be read (the
    index was built from them, so ingest has already reported what is wrong)."""
    try:
        return phase_calendar(load_documents(dirs))
    except (AdvisorError, OSError):
        return {}


def shipped_calendar() -> PhaseCalendar:
    """The calendar of the playbook this package ships: what a roadmap's windows fall
    back to when the knowledge in use dates fewer than five phases. Kept once read; an
    empty one (the files could not be read) is read again next time."""
    if not _shipped:
        from advisor.config import DEFAULT_KNOWLEDGE_DIR

        _shipped.update(load_calendar([DEFAULT_KNOWLEDGE_DIR]))
    return dict(_shipped)


_shipped: PhaseCalendar = {}
