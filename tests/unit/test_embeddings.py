"""The offline MiniLM embedder and make_embedder. No network: the model ships in a package."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.config import Settings
from advisor.errors import ConfigError
from advisor.retrieval.embeddings import (
    MINILM_DIM,
    MINILM_MAX_TOKENS,
    MINILM_NAME,
    Embedder,
    MiniLMEmbedder,
    make_embedder,
)

# Built once: the ONNX session is the slow part.
_EMBEDDER = MiniLMEmbedder(batch_size=4)


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))


def test_shape_dtype_and_unit_norms() -> None:
    texts = ["How long does the pilot phase take?", "Governance", "", "a b c " * 40]
    vectors = _EMBEDDER.embed(texts)
    assert vectors.shape == (4, MINILM_DIM)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input() -> None:
    vectors = _EMBEDDER.embed([])
    assert vectors.shape == (0, MINILM_DIM)
    assert vectors.dtype == np.float32


def test_a_single_str_is_refused() -> None:
    with pytest.raises(TypeError):
        _EMBEDDER.embed("not a list")


def test_batching_with_mixed_lengths_keeps_order() -> None:
    texts = [
        "Production deployment " * 30,
        "Pilot.",
        "Define success metrics before the pilot starts, and agree who signs off on them.",
        "Data quality",
        "Optimization and expansion happen in months ten to twelve " * 8,
        "Why do AI pilots fail?",
        "x",
        "Leadership must own the roadmap.",
        "Infrastructure and scalability planning covers MLOps, monitoring and cost.",
    ]
    batched = _EMBEDDER.embed(texts)
    one_by_one = np.vstack([_EMBEDDER.embed([t]) for t in texts])
    np.testing.assert_allclose(batched, one_by_one, atol=1e-4)
    # and the same result whatever the batch size
    np.testing.assert_allclose(MiniLMEmbedder(batch_size=32).embed(texts), batched, atol=1e-4)


def test_long_text_is_truncated_not_rejected() -> None:
    long_text = "governance " * 1000
    (encoding,) = _EMBEDDER.tokenize([long_text])
    assert len(encoding.ids) == MINILM_MAX_TOKENS
    assert _EMBEDDER.embed([long_text]).shape == (1, MINILM_DIM)


def test_tokenizer_is_lowercase_bert_wordpiece() -> None:
    (encoding,) = _EMBEDDER.tokenize(["How long does the Pilot take?"])
    assert encoding.tokens == ["[CLS]", "how", "long", "does", "the", "pilot", "take", "?", "[SEP]"]
    assert encoding.ids[0] == 101 and encoding.ids[-1] == 102


@pytest.mark.parametrize(
    ("anchor", "related", "unrelated"),
    [
        (
            "How long does the pilot phase take?",
            "The pilot runs from month 2 to month 5",
            "Employees receive training on the new system",
        ),
        (
            "Who should own AI governance and risk?",
            "An AI governance board sets policies for model risk, bias and compliance",
            "The production rollout uses containers and autoscaling",
        ),
        (
            "Why do most AI pilots never reach production?",
            "Many pilots fail because data is poor and no business owner is accountable",
            "Our cafeteria serves vegetarian lunch on Fridays",
        ),
        (
            "How do we monitor models after deployment?",
            "Track model drift, latency and accuracy with dashboards and alerts in production",
            "Discovery starts with interviews of department heads about their pain points",
        ),
    ],
)
def test_related_texts_are_closer_than_unrelated(anchor: str, related: str, unrelated: str) -> None:
    a, r, u = _EMBEDDER.embed([anchor, related, unrelated])
    assert _cos(a, r) > _cos(a, u) + 0.05


def test_identity_and_protocol() -> None:
    embedder = MiniLMEmbedder()
    assert embedder.name == MINILM_NAME == "all-MiniLM-L6-v2-int8"
    assert embedder.dim == 384
    assert isinstance(embedder, Embedder)
    assert embedder._session is None  # construction does not load the model


def test_make_embedder_local_is_cached() -> None:
    settings = Settings(embeddings="local", _env_file=None)  # type: ignore[call-arg]
    first = make_embedder(settings)
    assert isinstance(first, MiniLMEmbedder)
    assert make_embedder(settings) is first


def test_make_embedder_openai_without_key_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("ADVISOR_OPENAI_API_KEY", raising=False)
    settings = Settings(embeddings="openai", openai_api_key=None, _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        make_embedder(settings)


def test_make_embedder_openai_with_key_builds_without_network() -> None:
    settings = Settings(
        embeddings="openai",
        openai_api_key="sk-test",  # type: ignore[arg-type]
        openai_embedding_model="text-embedding-3-small",
        _env_file=None,  # type: ignore[call-arg]
    )
    embedder = make_embedder(settings)
    assert embedder.name == "openai:text-embedding-3-small"
    assert embedder.dim == 1536
    assert embedder.embed([]).shape == (0, 1536)
