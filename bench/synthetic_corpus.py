"""Synthetic knowledge for the benchmarks, derived from the real playbook.

Shared by bench/ingest_throughput.py, bench/retrieval_scale.py and bench/startup_time.py
(imported as a sibling module: run the scripts as `python bench/NAME.py`).

- ``write_knowledge_dir``: markdown documents (front matter, one H1, several H2
  sections) whose paragraphs recombine the playbook's sentences, for a real ingest.
- ``synthetic_chunks``: Chunk objects in the shape ingest produces, for indexes too big
  to embed with the model (100k chunks would take ~45 min at ~36 chunks/s).
- ``build_index``: such chunks with synthetic unit vectors (real embeddings of a few
  hundred base texts plus small gaussian noise), inserted with ChunkStore.upsert, the
  BM25 side built, saved and fingerprinted exactly as ingest does, and a manifest that
  matches a tiny knowledge dir so `advisor search` uses the index as it is.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from filelock import FileLock

from advisor.config import Settings
from advisor.knowledge.chunking import chunk_documents
from advisor.knowledge.documents import load_documents
from advisor.knowledge.ingest import _file_stats, slots_of, write_manifest
from advisor.retrieval.bm25 import BM25Index
from advisor.retrieval.embeddings import Embedder
from advisor.retrieval.index import KnowledgeIndex, indexed_text
from advisor.schemas import PHASE_ORDER, Chunk

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOK = ROOT / "knowledge" / "playbook"
CACHE_ROOT = Path("/tmp/advisor-bench")
#: Bump when the generated corpus changes, so cached indexes are rebuilt.
CORPUS_VERSION = 1

#: Realistic questions, cycled through by the query benchmarks.
QUESTIONS = (
    "how long does the pilot phase take",
    "What are the five phases of an AI roadmap?",
    "Why do most AI pilots never reach production?",
    "Who should own an AI initiative in the business?",
    "What success metrics should a pilot be tested against?",
    "How do we prepare data for a pilot?",
    "What happens during discovery and strategic planning?",
    "When should we plan the infrastructure for scaling?",
    "How do we monitor models for drift in production?",
    "What does leadership need to do for AI adoption?",
    "How should we handle GDPR and privacy compliance?",
    "What are common mistakes in AI programs?",
    "How do we decide whether a pilot deserves further investment?",
    "What is a gradual rollout to production?",
    "How can we reduce the cost of running models?",
    "What training do employees need for new AI systems?",
    "How do we choose the first AI use case?",
    "What governance covers model risk and bias?",
    "Which emerging AI trends should we watch?",
    "How do we expand AI to other departments after launch?",
    "What security controls does an AI system need?",
    "How long does the whole AI roadmap take in months?",
    "What is stakeholder feedback in a pilot?",
    "How do we integrate AI with legacy ERP systems?",
    "What should a data readiness assessment include?",
    "How do we measure ROI of AI projects?",
    "What is change management for AI adoption?",
    "Who is accountable for AI incidents?",
    "How do we keep latency low in production?",
    "What does the optimization and expansion phase involve?",
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")


class Playbook:
    """Sentences, headings and words of the real playbook (its own chunks)."""

    def __init__(self, root: Path = PLAYBOOK) -> None:
        chunks = chunk_documents(load_documents([root]))
        self.sentences = sorted(
            {
                s.strip()
                for c in chunks
                for s in _SENTENCE.split(c.text.replace("\n", " "))
                if len(s.split()) >= 4
            }
        )
        self.headings = sorted({c.section.rsplit(" > ", 1)[-1] for c in chunks})
        self.titles = sorted({c.section.split(" > ", 1)[0] for c in chunks})
        self.words = sorted({w.lower() for c in chunks for w in _WORD.findall(c.text)})

    def paragraph(self, rng: random.Random, sentences: tuple[int, int] = (1, 4)) -> str:
        """Playbook sentences recombined, with a few random playbook words mixed in."""
        picked = rng.sample(self.sentences, rng.randint(*sentences))
        noise = " ".join(rng.choices(self.words, k=rng.randint(3, 8)))
        picked.insert(rng.randrange(len(picked) + 1), noise.capitalize() + ".")
        return " ".join(picked)


# --- a knowledge dir for a real ingest -------------------------------------------------


def write_knowledge_dir(
    target: Path, chunks: int, sections_per_doc: int = 8, seed: int = 11
) -> None:
    """About ``chunks`` chunks (one per H2 section) in markdown files under target."""
    rng = random.Random(seed)
    book = Playbook()
    target.mkdir(parents=True, exist_ok=True)
    docs = -(-chunks // sections_per_doc)
    made = 0
    for d in range(docs):
        phase = rng.choice([*PHASE_ORDER, None])
        title = f"{rng.choice(book.titles)} (variant {d})"
        lines = ["---", f"id: synthetic-{d:04d}", f'title: "{title}"']
        if phase:
            lines.append(f"phase: {phase}")
        lines += ["---", "", f"# {title}", ""]
        for s in range(min(sections_per_doc, chunks - made)):
            lines += [f"## {rng.choice(book.headings)} {s + 1}", "", book.paragraph(rng), ""]
            made += 1
        (target / f"doc-{d:04d}.md").write_text("\n".join(lines), encoding="utf-8")


def count_chunks(knowledge: Path) -> list[Chunk]:
    return chunk_documents(load_documents([knowledge]))


# --- synthetic chunks and vectors for big indexes -------------------------------------


def synthetic_chunks(n: int, bases: int, seed: int = 5) -> tuple[list[Chunk], np.ndarray]:
    """n chunks in ingest's shape, and for each the index of its base text (0..bases-1).

    The first ``bases`` chunks are the base texts themselves; chunk i >= bases is a
    variant of base i % bases: its sentences shuffled, a few sentences swapped for other
    playbook sentences and random words added, so BM25 sees a realistic vocabulary."""
    rng = random.Random(seed)
    book = Playbook()
    base_texts: list[tuple[str, str, str | None, list[str]]] = []
    for _ in range(bases):
        title = rng.choice(book.titles)
        heading = rng.choice(book.headings)
        phase = rng.choice([*PHASE_ORDER, None])
        base_texts.append((title, heading, phase, _SENTENCE.split(book.paragraph(rng))))
    chunks: list[Chunk] = []
    base_of = np.empty(n, dtype=np.int64)
    for i in range(n):
        b = i % bases
        base_of[i] = b
        title, heading, phase, sentences = base_texts[b]
        if i >= bases:
            sentences = list(sentences)
            rng.shuffle(sentences)
            if rng.random() < 0.5:
                sentences[rng.randrange(len(sentences))] = rng.choice(book.sentences)
            sentences.append(" ".join(rng.choices(book.words, k=rng.randint(2, 6))) + ".")
        text = " ".join(sentences)
        doc = i // 10
        digest = hashlib.sha256(f"{i}\n{text}".encode()).hexdigest()[:12]
        chunks.append(
            Chunk(
                chunk_id=f"synthetic-{doc:05d}-{digest}",
                source=f"synthetic/doc-{doc:05d}.md",
                section=f"{title} (variant {doc}) > {heading}",
                phase=phase,  # type: ignore[arg-type]
                text=text,
            )
        )
    return chunks, base_of


def noisy_vectors(
    base_vectors: np.ndarray, base_of: np.ndarray, sigma: float, seed: int = 3
) -> np.ndarray:
    """Each row: its base vector plus N(0, sigma^2) noise per dimension, unit length."""
    rng = np.random.default_rng(seed)
    out = base_vectors[base_of].astype(np.float32, copy=True)
    out[len(base_vectors) :] += rng.normal(
        0.0, sigma, size=(len(out) - len(base_vectors), out.shape[1])
    ).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def cached_embeddings(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """embedder.embed(texts), kept under CACHE_ROOT: every size shares the base texts."""
    key = hashlib.sha256("\0".join([embedder.name, *texts]).encode()).hexdigest()[:16]
    path = CACHE_ROOT / f"vectors-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embedder.embed(texts)
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def bench_settings(data_dir: Path, knowledge: Path) -> Settings:
    """Settings for a benchmark index, ignoring any .env of the working directory."""
    return Settings(
        data_dir=data_dir,
        knowledge_dirs=[knowledge],
        collection="playbook",
        _env_file=None,  # type: ignore[call-arg]
    )


def index_dir(n: int) -> Path:
    return CACHE_ROOT / str(n)


def build_index(
    n: int,
    embedder: Embedder,
    *,
    bases: int = 300,
    sigma: float = 0.025,
    rebuild: bool = False,
    log: bool = True,
) -> tuple[Path, Path, dict[str, object]]:
    """(data dir, knowledge dir, build info) of the cached synthetic index of n chunks."""
    root = index_dir(n)
    data, knowledge = root / "data", root / "knowledge"
    marker = root / "complete.json"
    params = {
        "n": n,
        "bases": bases,
        "sigma": sigma,
        "version": CORPUS_VERSION,
        "model": embedder.name,
    }
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    # Two benchmark processes must not build (and rmtree) the same index at once.
    with FileLock(str(CACHE_ROOT / f"{n}.lock")):
        if not rebuild and marker.exists():
            info = json.loads(marker.read_text())
            if info.get("params") == params:
                return data, knowledge, info
        return _build(n, embedder, root, data, knowledge, marker, params, bases, sigma, log)


def _build(
    n: int,
    embedder: Embedder,
    root: Path,
    data: Path,
    knowledge: Path,
    marker: Path,
    params: dict[str, object],
    bases: int,
    sigma: float,
    log: bool,
) -> tuple[Path, Path, dict[str, object]]:
    shutil.rmtree(root, ignore_errors=True)
    knowledge.mkdir(parents=True)
    # A tiny knowledge dir the manifest matches: `advisor search` then skips ingesting.
    shutil.copy(PLAYBOOK / "03-phase-2-pilot.md", knowledge / "03-phase-2-pilot.md")

    def say(msg: str) -> None:
        if log:
            print(f"[build {n}] {msg}", flush=True)

    t0 = time.perf_counter()
    chunks, base_of = synthetic_chunks(n, min(bases, n))
    base_texts = [indexed_text(c) for c in chunks[: min(bases, n)]]
    t1 = time.perf_counter()
    base_vectors = cached_embeddings(embedder, base_texts)
    t2 = time.perf_counter()
    vectors = noisy_vectors(base_vectors, base_of, sigma)
    say(f"{n} chunks generated; {len(base_texts)} base texts embedded in {t2 - t1:.1f}s")

    settings = bench_settings(data, knowledge)
    index = KnowledgeIndex(settings, embedder)
    store = index.store
    store.reset()
    slots = slots_of(chunks)
    step = 5000
    t3 = time.perf_counter()
    for start in range(0, n, step):
        store.upsert(
            chunks[start : start + step], slots[start : start + step], vectors[start : start + step]
        )
        say(f"upserted {min(n, start + step)}/{n} ({time.perf_counter() - t3:.0f}s)")
    t4 = time.perf_counter()
    bm25 = BM25Index.build([(c.chunk_id, indexed_text(c), c.phase) for c in chunks])
    bm25.save(index.bm25_dir)
    store.set_fingerprint(bm25.fingerprint)
    t5 = time.perf_counter()
    write_manifest(data, [knowledge], False, _file_stats([knowledge]), embedder.name)
    info: dict[str, object] = {
        "params": params,
        "generate_s": round(t1 - t0, 2),
        "embed_bases_s": round(t2 - t1, 2),
        "upsert_s": round(t4 - t3, 2),
        "bm25_build_save_s": round(t5 - t4, 2),
        "count": store.count(),
    }
    say(f"upsert {t4 - t3:.1f}s, bm25 build+save {t5 - t4:.1f}s")
    marker.write_text(json.dumps(info))
    return data, knowledge, info


def timing_lock() -> FileLock:
    """Held while a benchmark times anything, so two benchmark processes never share
    the machine's cores (the load of other processes is reported, not prevented)."""
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    return FileLock(str(CACHE_ROOT / "timing.lock"))


def percentile(samples: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(samples, dtype=np.float64), q))


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
