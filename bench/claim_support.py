"""How the run-time claim-support check (advisor/claims.py) does on the eval set.

    python bench/claim_support.py [--json]

For every grounded natural question (evals/cases/natural_questions.yaml, both splits),
the offline advisor answers; then, against the passages each answer cites:
  - right claims: the answer's own sentences (extracted from those passages or composed
    from them; the check has already run on them inside the advisor, and its warnings
    name what it dropped or flagged) and the cited passages' own sentences: how many
    the check flags (contradicted: dropped; weakly supported: a warning);
  - wrong claims: each cited passage sentence with its polarity flipped (a "not"
    added after its first auxiliary verb, or its negation taken out): how many the
    check catches as contradicted.
The wrong claims are made mechanically, so they measure negation cues only; antonyms
and claims a passage never made are not in this count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.agent.factory import build_advisor  # noqa: E402
from advisor.claims import judge, judge_text, sentences  # noqa: E402
from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings  # noqa: E402
from advisor.knowledge.ingest import ingest  # noqa: E402
from advisor.retrieval.index import open_index  # noqa: E402

_AUX = re.compile(r"\b(is|are|was|were|can|should|must|will|does|do|has|have)\b", re.I)
_NOT = re.compile(r"\b(not|never|no)\s+", re.I)


def flipped(sentence: str) -> str | None:
    if _NOT.search(sentence):
        return _NOT.sub("", sentence, count=1)
    found = _AUX.search(sentence)
    if found is None:
        return None
    return sentence[: found.end()] + " not" + sentence[found.end() :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cases = yaml.safe_load((ROOT / "evals/cases/natural_questions.yaml").read_text())
    data = Path(tempfile.mkdtemp(prefix="advisor-bench-claims-"))
    settings = Settings(
        data_dir=data, knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR], llm="offline", _env_file=None
    )  # type: ignore[call-arg]
    index = open_index(settings)
    ingest(index)
    advisor = build_advisor(settings, index=index)
    counts: dict[str, Any] = {
        "answers": 0,
        "answer_sentences": 0,
        "answer_contradicted": 0,
        "answer_weak": 0,
        "passage_sentences": 0,
        "passage_contradicted": 0,
        "wrong_claims": 0,
        "wrong_caught": 0,
    }
    for case in cases:
        if not case.get("grounded", True):
            continue
        answer = asyncio.run(advisor.ask(case["question"]))
        if not answer.grounded or not answer.citations:
            continue
        chunks = index.store.get([c.chunk_id for c in answer.citations])
        passages = [c.text for c in chunks]
        counts["answers"] += 1
        # The check has run inside ask(): what it dropped is named in the warnings.
        counts["answer_contradicted"] += sum("contradicts" in w for w in answer.warnings)
        counts["answer_weak"] += sum(w.startswith("weakly supported") for w in answer.warnings)
        counts["answer_sentences"] += len(judge_text(answer.answer, passages))
        for passage in passages:
            for line in sentences(passage)[:6]:
                if len(line.split()) < 5:
                    continue
                counts["passage_sentences"] += 1
                counts["passage_contradicted"] += judge(line, passages).contradicted_by is not None
                wrong = flipped(line)
                if wrong is not None:
                    counts["wrong_claims"] += 1
                    counts["wrong_caught"] += judge(wrong, passages).contradicted_by is not None
    if args.json:
        print(json.dumps(counts, indent=2))
        return
    c = counts
    print(f"answers judged: {c['answers']} ({c['answer_sentences']} sentences)")
    print(
        f"right claims falsely contradicted: answers {c['answer_contradicted']}, "
        f"passage sentences {c['passage_contradicted']} of {c['passage_sentences']}"
    )
    print(f"answer sentences flagged as weakly supported: {c['answer_weak']}")
    print(f"wrong (flipped) claims caught: {c['wrong_caught']} of {c['wrong_claims']}")


if __name__ == "__main__":
    main()
