"""Eval metrics, computed from outputs alone: no model is asked anything.

Each function is small and pure so a perturbation test can show it responds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from advisor.grounding import citations_of, is_verbatim, normalize, phase_windows, roadmap_errors
from advisor.retrieval.bm25 import tokenize
from advisor.schemas import Answer, Chunk, Citation, GovernanceAnswer, Roadmap

Output = Answer | Roadmap | GovernanceAnswer
K = 5


def matches(section: str, labels: Sequence[str]) -> bool:
    return any(label.lower() in section.lower() for label in labels)


def retrieval_scores(
    ranked: Sequence[str], labels: Sequence[str], corpus_sections: Sequence[str]
) -> tuple[float, float, float]:
    """recall@5 (1 when the top 5 hold a labelled chunk: a question needs one passage that
    answers it, not every passage of a section), reciprocal rank, nDCG@5 (binary)."""
    relevant_total = sum(1 for s in corpus_sections if matches(s, labels))
    if relevant_total == 0:
        return 0.0, 0.0, 0.0
    hits = [matches(s, labels) for s in ranked[:K]]
    recall = 1.0 if any(hits) else 0.0
    rr = next((1.0 / (i + 1) for i, h in enumerate(hits) if h), 0.0)
    dcg = sum(1.0 / math.log2(i + 2) for i, h in enumerate(hits) if h)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(relevant_total, K)))
    return recall, rr, dcg / ideal


def citation_validity(
    citations: Sequence[Citation], store: Mapping[str, Chunk | None]
) -> list[bool]:
    """Each citation: its chunk exists and the quote is a verbatim excerpt of it."""
    out = []
    for cit in citations:
        chunk = store.get(cit.chunk_id)
        out.append(chunk is not None and is_verbatim(cit.quote, chunk.text))
    return out


def citation_precision_recall(
    citations: Sequence[Citation], labels: Sequence[str]
) -> tuple[float | None, float | None]:
    """Share of citations in labelled sections; share of labels some citation covers."""
    if not labels or not citations:
        return None, None
    precise = sum(1 for c in citations if matches(c.section, labels)) / len(citations)
    covered = sum(1 for label in labels if any(matches(c.section, [label]) for c in citations))
    return precise, covered / len(labels)


_MARKER = re.compile(r"\[\d+\]")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def lexical_grounding(text: str, cited: Sequence[Chunk]) -> float | None:
    """Share of the answer's sentences whose content words mostly (>= 50%) appear in
    the chunks it cites. None when there is nothing to judge."""
    vocabulary = {t for chunk in cited for t in tokenize(chunk.text + " " + chunk.section)}
    sentences = [s for s in _SENTENCES.split(_MARKER.sub("", text)) if len(tokenize(s)) >= 3]
    if not sentences or not vocabulary:
        return None
    supported = 0
    for sentence in sentences:
        words = tokenize(sentence)
        supported += sum(1 for w in words if w in vocabulary) / len(words) >= 0.5
    return supported / len(sentences)


def schema_valid(output: Output | None) -> bool:
    if output is None:
        return False
    try:
        type(output).model_validate(output.model_dump())
    except Exception:
        return False
    return True


def invariants_hold(roadmap: Roadmap) -> bool:
    """Five phases in order, tiling 0..horizon in the playbook's scaled windows, each
    citing. When the company already stands past some phases (status done), those are
    a zero-width prefix at month 0 and the rest are rescaled over the horizon, so the
    check is then `roadmap_errors` plus a citation on every phase still to do."""
    if any(p.status == "done" for p in roadmap.phases):
        return not roadmap_errors(roadmap) and all(
            p.citations for p in roadmap.phases if p.status != "done"
        )
    windows = [(p.start_month, p.end_month) for p in roadmap.phases]
    return (
        not roadmap_errors(roadmap)
        and windows == phase_windows(roadmap.horizon_months)
        and all(p.citations for p in roadmap.phases)
    )


def refused(output: Output | None) -> bool:
    if isinstance(output, Answer | GovernanceAnswer):
        return not output.grounded and not citations_of(output)
    return False


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def leaked(output: Output | None, needles: Sequence[str]) -> list[str]:
    """Which canaries or injected sentences appear anywhere in the output's text. The
    `question` field is left out: it records what the user sent, it is not advice."""
    if output is None:
        return []
    haystack = normalize(" ".join(_strings(output.model_dump(exclude={"question"})))).lower()
    return [n for n in needles if n and normalize(n).lower() in haystack]
