"""How fusion, stemming and query expansion change retrieval, per question set.

    python bench/retrieval_tuning.py [--json]

Every variant ranks the same shipped knowledge, in one process: the vector side is
the shipped embedder and the real Chroma store (its candidates computed once per
question); the lexical side is BM25 built in memory with the variant's stemmer. The
question sets are the project's own eval wording (evals/cases/questions.yaml) and the
natural questions written blind from the playbook (evals/cases/natural_questions.yaml),
dev and holdout apart: a choice is made on dev and reported on holdout, which is never
tuned on. Figures: recall@5 and MRR, as the evals compute them.

Optional stemmers are imported when installed (PyStemmer, snowballstemmer); a variant
whose stemmer is missing is skipped and named.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPTH = 20  # candidates per side, as HybridRetriever.candidates
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def question_sets() -> dict[str, list[tuple[str, list[str]]]]:
    own = yaml.safe_load((ROOT / "evals/cases/questions.yaml").read_text(encoding="utf-8"))
    natural = yaml.safe_load(
        (ROOT / "evals/cases/natural_questions.yaml").read_text(encoding="utf-8")
    )
    sets: dict[str, list[tuple[str, list[str]]]] = {
        "own wording": [
            (c["turns"][-1] if c.get("turns") else c["question"], c["relevant_sections"])
            for c in own
            if c.get("relevant_sections") and not c.get("turns")
        ]
    }
    for split in ("dev", "holdout"):
        sets[f"natural {split}"] = [
            (c["question"], c["relevant_sections"])
            for c in natural
            if c.get("relevant_sections") and c.get("split", "dev") == split
        ]
    return sets


def stemmers() -> dict[str, Callable[[str], str] | None]:
    from advisor.retrieval import bm25

    out: dict[str, Callable[[str], str] | None] = {"light (ours)": bm25._stem}
    try:
        import Stemmer  # PyStemmer

        porter = Stemmer.Stemmer("english")
        out["snowball english (PyStemmer)"] = porter.stemWord
    except ImportError:
        out["snowball english (PyStemmer)"] = None
    return out


def tokenizer(stem: Callable[[str], str]) -> Callable[[str], list[str]]:
    from advisor.retrieval.bm25 import _STOPWORDS

    def tokenize(text: str) -> list[str]:
        return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]

    return tokenize


def fuse(
    vector: Sequence[str], lexical: Sequence[str], k: int, weight: float, top: int = 5
) -> list[str]:
    fused: dict[str, float] = {}
    for rank, cid in enumerate(vector):
        fused[cid] = fused.get(cid, 0.0) + weight / (k + rank + 1)
    for rank, cid in enumerate(lexical):
        fused[cid] = fused.get(cid, 0.0) + 1.0 / (k + rank + 1)
    return sorted(fused, key=lambda i: (-fused[i], i))[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import bm25s
    import numpy as np

    from advisor.config import Settings
    from advisor.evals.metrics import retrieval_scores
    from advisor.knowledge.ingest import ensure_index
    from advisor.retrieval.embeddings import shipped_embedder
    from advisor.retrieval.expansion import expand
    from advisor.retrieval.index import KnowledgeIndex, indexed_text

    tmp = tempfile.mkdtemp(prefix="advisor-tuning-")
    os.environ["ADVISOR_DATA_DIR"] = tmp
    index = KnowledgeIndex(Settings(data_dir=Path(tmp)), shipped_embedder())
    ensure_index(index)
    chunks = list(index.store.all_chunks())
    sections = {c.chunk_id: c.section for c in chunks}
    corpus_sections = list(sections.values())
    sets = question_sets()
    queries = sorted({q for qs in sets.values() for q, _ in qs})
    vectors = index.embedder.embed(queries)
    vector_hits = {
        q: [cid for cid, _ in index.store.query_ids(v, DEPTH, None)]
        for q, v in zip(queries, vectors, strict=True)
    }

    def lexical_ranker(tokenize: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
        ids = [c.chunk_id for c in chunks]
        retriever = bm25s.BM25()
        retriever.index(
            [tokenize(indexed_text(c)) or ["_empty_"] for c in chunks], show_progress=False
        )
        vocab = retriever.vocab_dict

        def rank(query: str) -> list[str]:
            tokens = [t for t in tokenize(query) if t in vocab]
            if not tokens:
                return []
            scores = np.asarray(retriever.get_scores(tokens), dtype=np.float32)
            order = np.argsort(-scores, kind="stable")[:DEPTH]
            return [ids[i] for i in order if scores[i] > 0]

        return rank

    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    for stem_name, stem in stemmers().items():
        if stem is None:
            skipped.append(stem_name)
            continue
        rank = lexical_ranker(tokenizer(stem))
        for expanded in (True, False):
            lexical = {q: rank(expand(q) if expanded else q) for q in queries}
            for k, weight in (
                (60, 0.7),
                (60, 1.0),
                (20, 1.0),
                (10, 1.0),
                (5, 1.0),
                (5, 0.7),
                (2, 1.0),
            ):
                row: dict[str, Any] = {
                    "stemmer": stem_name,
                    "expansion": "on" if expanded else "off",
                    "rrf_k": k,
                    "vector_weight": weight,
                }
                for set_name, qs in sets.items():
                    scores = [
                        retrieval_scores(
                            [sections[c] for c in fuse(vector_hits[q], lexical[q], k, weight)],
                            labels,
                            corpus_sections,
                        )
                        for q, labels in qs
                    ]
                    row[f"{set_name} recall@5"] = round(sum(s[0] for s in scores) / len(scores), 3)
                    row[f"{set_name} mrr"] = round(sum(s[1] for s in scores) / len(scores), 3)
                rows.append(row)
        for set_name, qs in sets.items():
            only = [
                retrieval_scores([sections[c] for c in lexical_only[:5]], labels, corpus_sections)
                for q, labels in qs
                for lexical_only in [rank(q)]
            ]
            rows.append(
                {
                    "stemmer": stem_name,
                    "expansion": "off",
                    "rrf_k": "bm25 only",
                    "set": set_name,
                    "recall@5": round(sum(s[0] for s in only) / len(only), 3),
                }
            )
    if args.json:
        print(json.dumps({"rows": rows, "skipped": skipped}, indent=1))
        return
    print("questions: " + ", ".join(f"{n} {len(q)}" for n, q in sets.items()))
    if skipped:
        print("skipped (not installed): " + ", ".join(skipped))
    names = list(sets)
    header = (
        "| stemmer | expansion | RRF k | vector w | "
        + " | ".join(f"{n} R@5 | {n} MRR" for n in names)
        + " |"
    )
    print(header)
    print("|" + "---|" * (4 + 2 * len(names)))
    for row in rows:
        if "set" in row:
            continue
        cells = [row["stemmer"], row["expansion"], str(row["rrf_k"]), str(row["vector_weight"])]
        cells += [f"{row[f'{n} recall@5']:.3f} | {row[f'{n} mrr']:.3f}" for n in names]
        print("| " + " | ".join(cells) + " |")
    print()
    for row in rows:
        if "set" in row:
            print(f"BM25 alone, {row['stemmer']}, {row['set']}: recall@5 {row['recall@5']:.3f}")


if __name__ == "__main__":
    main()
