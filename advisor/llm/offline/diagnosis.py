"""A diagnosis ("our pilot works but nobody uses it, why?") answered as the issue asks:
the failure the playbook names for it and what the playbook says to do about it, before
anything else the passages add. The failures are the readiness dimensions
(advisor/readiness.py), each with the playbook's sentence of why it matters and of
what to do; the one named is the one whose passages fit the question best."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.llm.offline.scoring import Scored
from advisor.readiness import SPECS

# A failure is named only when one of its passages fits the question at least this well
# against the best-fitting passage (`answer.passage_fit`): "the cloud bill is exploding"
# fits the infrastructure passages, not a failure's, and is composed as usual.
# Chosen on the natural questions' dev split: 0.6 to 0.8 measured 0.576 diagnosis
# completeness, 0.9 and 0.95 0.568, none 0.542 (docs/evals.md).
DIAGNOSIS_FIT = 0.8


def _stating(
    scored: Sequence[Scored], phrases: Sequence[str], fit_of: Mapping[str, float]
) -> Scored | None:
    """The sentence with every phrase, from the passage that fits the question best: the
    playbook says why change management matters in two places."""
    wanted = [p.lower() for p in phrases]
    found = [s for s in scored if all(w in s.sentence.lower() for w in wanted)]
    return max(found, key=lambda s: fit_of.get(s.chunk.chunk_id, 0.0), default=None)


def named_failure(scored: Sequence[Scored], fit_of: Mapping[str, float]) -> list[Scored]:
    """The sentences that say why the best-fitting failure matters and what to do about
    it, as far as the retrieved passages hold them; none when no failure fits."""
    best: tuple[float, list[Scored]] | None = None
    for spec in SPECS.values():
        stated = (_stating(scored, spec.why, fit_of), _stating(scored, spec.act, fit_of))
        found = [s for s in stated if s is not None]
        if not found:
            continue
        fit = max(fit_of.get(s.chunk.chunk_id, 0.0) for s in found)
        if fit >= DIAGNOSIS_FIT and (best is None or fit > best[0]):
            best = (fit, found)
    return best[1] if best else []
