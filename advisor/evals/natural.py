"""Natural questions: the playbook asked about in users' own voices, and how complete
each answer is.

The cases (evals/cases/natural_questions.yaml) were written blind from the playbook:
informal, long-winded, with typos, multi-part, in jargon, in non-native English. Each
is labelled with the sections that answer it and the key facts a complete answer
states, each fact as alternatives joined by " | ". Retrieval and completeness are
reported per split under their own names (`natural_recall_at_5`, `answer_completeness`,
with `@holdout` for the split that is only measured), so they never mix with the
metrics of the questions written in the project's own wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.grounding import normalize

Split = Literal["dev", "holdout"]
Form = Literal[
    "duration",
    "comparison",
    "list",
    "advice",
    "diagnosis",
    "explanation",
    "follow-up",
    "out-of-scope",
]
#: A case's score -> the suite's metric, named apart from those of the questions suite.
METRICS: dict[str, str] = {
    "recall_at_5": "natural_recall_at_5",
    "mrr": "natural_mrr",
    "refused_correctly": "natural_refusal_accuracy",
    "false_refusal": "natural_false_refusal_rate",
    "completeness": "answer_completeness",
    "uncovered_named": "natural_uncovered_named",
    "opens_with_fact": "answer_opens_with_fact",
}
#: A message sent in a conversation (a case with `previous`): its scores are counted
#: apart, since the conversation's context is what is under test.
CONVERSATION_METRICS: dict[str, str] = {
    "recall_at_5": "conversation_recall_at_5",
    "refused_correctly": "conversation_refusal_accuracy",
    "false_refusal": "conversation_false_refusal_rate",
    "completeness": "conversation_completeness",
}


class NaturalQuestionCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    voice: str
    form: Form
    split: Split = "dev"
    note: str = ""
    question: str = Field(min_length=1)
    relevant_sections: list[str] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list)
    grounded: bool = True
    # The part of a mixed question the playbook does not cover, verbatim: the reply
    # answers the rest and names this part as not answered.
    uncovered: str = ""
    # The user's earlier message in the same conversation: the question is sent after
    # the reply to it ("who should own it?", or "and how do I fix a leaking tap?").
    previous: str = ""


_FOLD = re.compile(r"[^a-z0-9%£$€]+")


def _folded(text: str) -> str:
    """Lower case, punctuation and hyphens as spaces: "Go/no-go" matches "go no go"."""
    return " " + _FOLD.sub(" ", normalize(text).lower()).strip() + " "


def fact_present(fact: str, text: str) -> bool:
    """Any of the fact's alternatives, as whole words, in the text."""
    folded = _folded(text)
    alternatives = (_folded(a) for a in fact.split("|"))
    return any(a.strip() and a in folded for a in alternatives)


def completeness(text: str, key_facts: Sequence[str]) -> float | None:
    """The share of the key facts the answer states; None when there are none."""
    if not key_facts:
        return None
    return sum(fact_present(f, text) for f in key_facts) / len(key_facts)


_FIRST_CITATION = re.compile(r"\[\d+\]")
OPENING_CHARS = 300  # a list's intro with all its items is no opening sentence


def opens_with_fact(text: str, key_facts: Sequence[str]) -> float | None:
    """1 when the reply's opening (up to its first citation marker, at most OPENING_CHARS)
    states a key fact: whether it answers first or frames first. None when there are no
    key facts, or no marker to tell the opening by."""
    parts = _FIRST_CITATION.split(text, maxsplit=1)
    if not key_facts or len(parts) < 2:
        return None
    return float(any(fact_present(f, parts[0][:OPENING_CHARS]) for f in key_facts))


def missing_facts(text: str, key_facts: Sequence[str]) -> list[str]:
    return [f for f in key_facts if not fact_present(f, text)]


# The reply's note on what it left out starts with this (agent/parts.py).
NOT_COVERED = "does not cover"
NAMED_SHARE = 0.6  # of the uncovered part's words the note must repeat
NAMED_PREFIX = 100  # the note clips a long part; its opening is what is compared


def names_part(answer: str, part: str) -> bool:
    """The reply says, after its note that the playbook does not cover something, most
    of the words of the part left out."""
    at = answer.lower().find(NOT_COVERED)
    if at < 0:
        return False
    tail = _folded(answer[at:])
    words = [w for w in _folded(part[:NAMED_PREFIX]).split()[:-1] if len(w) > 2]
    return bool(words) and sum(f" {w} " in tail for w in words) >= NAMED_SHARE * len(words)


def natural_scores(
    scores: dict[str, float | None], conversation: bool = False
) -> dict[str, float | None]:
    """A question case's scores under the natural suite's metric names; a message in a
    conversation has its answering or refusing counted apart."""
    names = CONVERSATION_METRICS if conversation else METRICS
    return {names[k]: v for k, v in scores.items() if k in names}
