"""The lexical side's tokens and query expansion: one key for the forms of a word, and
expansions that fire only on what they stand for."""

from __future__ import annotations

import pytest

from advisor.retrieval.bm25 import tokenize
from advisor.retrieval.expansion import expand


@pytest.mark.parametrize(
    "forms",
    [
        ("phase", "phases"),
        ("adopt", "adoption", "adopting"),
        ("integrate", "integration", "integrated"),
        ("govern", "governance", "governed"),
        ("owner", "owners", "ownership"),
        ("policy", "policies"),
        ("process", "processes"),
        ("accountable", "accountability"),
        ("comply", "complies"),
    ],
)
def test_the_forms_of_a_word_share_one_token(forms: tuple[str, ...]) -> None:
    assert len({tokenize(f)[0] for f in forms}) == 1, [tokenize(f) for f in forms]


def test_different_words_keep_different_tokens() -> None:
    words = ["pilot", "production", "product", "data", "date", "scale", "score"]
    assert len({tokenize(w)[0] for w in words}) == len(words)


@pytest.mark.parametrize(
    ("query", "adds"),
    [
        ("Who owns the model once it is live?", "ownership"),
        ("We run it on our own hardware", None),
        ("What should senior management do?", "leadership"),
        ("How do we handle change management?", None),
        ("Is a proof of concept the same as a pilot?", "pilot"),
    ],
)
def test_expansion_fires_only_on_what_it_stands_for(query: str, adds: str | None) -> None:
    expanded = expand(query)
    if adds is None:
        assert expanded == query
    else:
        assert expanded != query and adds in expanded[len(query) :]
