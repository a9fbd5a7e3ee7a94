"""Is a question about what the playbook covers? Decided before any model is asked.

Calibrated on the playbook with MiniLM cosine similarity (the rules are checked in
tests/unit/test_scope.py): playbook questions score 0.25-0.65 at their best chunk,
unrelated ones 0.01-0.15, and a few off-topic questions that share business words
("Which stocks should I buy?") reach ~0.35. So: a clearly similar question is in scope;
a weakly similar one only when it also speaks the playbook's language. Requests for
what the playbook never gives (code, prices, legal advice) are out either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from advisor.agent.beyond import missing
from advisor.retrieval.bm25 import tokenize
from advisor.retrieval.hybrid import Retrieval

OUT_OF_SCOPE = (
    "The playbook does not cover this question: it is about moving AI initiatives from "
    "pilot to production, so I cannot answer it from the playbook."
)


def out_of_scope(asked: str, passages: Sequence[str]) -> str:
    """The refusal, naming the kind of datum asked for when that is why."""
    kind = missing(asked, passages)
    if kind is None:
        return OUT_OF_SCOPE
    return (
        f"The playbook does not cover this question: it gives no {kind.name}, so I cannot "
        "answer it from the playbook."
    )


CLEAR_SIMILARITY = 0.45
WEAK_SIMILARITY = 0.15

_DOMAIN = re.compile(
    r"\b(ai|a\.i\.|artificial intelligence|machine learning|ml|mlops|model|models|genai|"
    r"generative|llm|chatbot|automation|automate|analytics|predictive|data|dataset|datasets|"
    r"pilot|pilots|poc|proof of concept|prototype|production|deploy|deployment|go-live|launch|"
    r"rollout|roll out|scale|scaling|scalability|infrastructure|cloud|pipeline|pipelines|"
    r"integration|integrate|erp|crm|roadmap|timeline|phase|phases|discovery|optimization|"
    r"optimisation|governance|compliance|comply|complying|compliant|gdpr|hipaa|regulation|"
    r"regulations|regulatory|privacy|security|"
    r"secure|encryption|access control|ownership|owner|accountable|accountability|"
    r"monitoring|monitor|drift|risk|risks|explainability|transparency|audit|kpi|kpis|metric|"
    r"metrics|roi|budget|cost|costs|use case|use cases|leadership|sponsor|executive|"
    r"stakeholder|stakeholders|change management|adoption|training|upskilling|skills|team|"
    r"teams|vendor|strategy|strategic|initiative|initiatives|mistake|mistakes|success|"
    r"business value|trend|trends|smart city|retrain|retraining|workflow|workflows|"
    r"ceo|cfo|cio|cto|coo|board|management|manager|managers|employee|employees|staff|"
    r"workforce|it department|spend|spending|invest|investment|budgeting|records|"
    r"systems|legacy|software|code|bot|bots|assistant|copilot|experiment|experiments|trial|"
    r"prototype|prototypes|machine[- ]learning|hosting|servers|company-wide|rollout|"
    r"users|adopt|customers|customer support|forecast|forecasting|automation|"
    # The playbook itself ("the tl;dr of the whole playbook", "as per the conclusion").
    r"playbook|this guide|the conclusion|journey|infra|launch\w*|rollouts|"
    # Plurals people write ("What failure modes keep POCs from reaching prod?"). Only
    # nouns: a bare "s?" also let in "monitors for gaming" and "fish scales", and words
    # such as "failure" or "go live" let in "heart failure" and "the show goes live".
    r"pocs|proofs of concept|llms|chatbots|roadmaps|sponsors|vendors|deployments|"
    r"integrations|audits|strategies|assistants|forecasts|"
    # Project-planning words with no other sense ("the workstreams at go-live").
    r"work ?streams?|"
    # A word with another sense too ("the pitfalls of buying a house"): let in because a
    # weakly similar question nearer to questions about other things is refused anyway
    # (agent/elsewhere.py). "go live" is not: "when does the new season of the show go
    # live?" is nearer the playbook's go-live than any question elsewhere.
    r"pitfalls?)\b",
    re.IGNORECASE,
)


def beyond_playbook(text: str, passages: Iterable[str] = ()) -> bool:
    """Asks for a kind of datum none of the passages gives (amounts of money, code, a
    legal ruling: agent/beyond.py)."""
    return missing(text, passages) is not None


def speaks_domain(text: str) -> bool:
    return bool(_DOMAIN.search(text))


_NAMED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]*[A-Z]\w*|[A-Z]{2,}\w*|[A-Z][a-z]+\d\w*)")


def unknown_names(question: str, vocabulary: Callable[[str], bool]) -> list[str]:
    """Named things in the question (PyTorch, GPUs, AWS Lambda) the playbook never mentions."""
    names = {m.group(1) for m in _NAMED.finditer(question)}
    # A role or system the domain speaks of (CEO, CFO, CRM) is no foreign thing.
    return sorted(n for n in names if not vocabulary(n) and not speaks_domain(n))


_CHOICE = re.compile(
    r"(?<![\w.+-])([A-Za-z][\w.+-]*+)\s++(?:or|vs\.?|versus)\s++([A-Za-z][\w.+-]*+)", re.I
)
# A pick being asked for: "which one should we go with", "which platform".
_PICK = re.compile(
    r"\bwhich (?:one|is better|tool|platform|vendor|product|service|stack|framework|library)\b"
    r"|\bshould (?:we|i) (?:go with|use|pick|choose|buy)\b",
    re.I,
)


def _parts(word: str) -> list[str]:
    return [p for p in re.split(r"[-.+]", word) if p]


def unknown_choice(question: str, vocabulary: Callable[[str], bool]) -> bool:
    """A pick between two things the playbook never names ("sagemaker or databricks -
    which one should we go with?"), however they are written: the playbook picks no
    products. A choice of the domain's own ("chatbot or copilot") or one without a pick
    asked for ("centralise or decentralise the team?") is not such a question."""
    if not _PICK.search(question):
        return False
    for match in _CHOICE.finditer(question):
        sides = match.group(1, 2)
        if all(
            tokenize(side) and not speaks_domain(side) and not any(map(vocabulary, _parts(side)))
            for side in sides
        ):
            return True
    return False


def in_scope(
    question: str,
    retrieval: Retrieval,
    vocabulary: Callable[[str], bool] | None = None,
    elsewhere: Callable[[str, Retrieval], bool] | None = None,
) -> bool:
    """True when the playbook can answer: strong similarity, or weak similarity plus the
    playbook's vocabulary, unless the question is about two or more named things the
    playbook never mentions, asks for what it never gives, or (`elsewhere`, asked only
    for a weakly similar question) is nearer to a question about something else than to
    any its passages answer ("what are the common mistakes when buying a house?",
    agent/elsewhere.py). Lexical hits alone never count (stopword-ish matches)."""
    if beyond_playbook(question, (c.text for c in retrieval.chunks)):
        return False
    if retrieval.best_similarity >= CLEAR_SIMILARITY:
        return True
    if vocabulary is not None and (
        len(unknown_names(question, vocabulary)) >= 2 or unknown_choice(question, vocabulary)
    ):
        return False
    if retrieval.best_similarity < WEAK_SIMILARITY or not speaks_domain(question):
        return False
    return elsewhere is None or not elsewhere(question, retrieval)
