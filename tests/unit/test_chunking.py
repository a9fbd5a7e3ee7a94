"""Chunking: heading paths, never splitting list items or sentences, packing, stable ids."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from advisor.config import DEFAULT_KNOWLEDGE_DIR
from advisor.knowledge.chunking import chunk_document, chunk_documents, chunk_id
from advisor.knowledge.documents import Document, load_document, load_documents
from advisor.schemas import Chunk

PILOT_MD = """\
---
id: phase-2-pilot
title: "Phase 2: Pilot Development and Validation"
phase: pilot
months: [2, 5]
---
# Phase 2: Pilot Development and Validation

Once priorities are established, organizations move into pilot development.

## Data collection and preparation

Teams gather relevant datasets, clean information and prepare training environments.

## Testing and evaluation

The pilot is tested against predefined success metrics.

### Metrics

- Accuracy rates
- Cost savings

## Stakeholder feedback

Business users evaluate results and provide feedback.
"""

SENTENCES = [
    "Production deployments require larger volumes of accurate and secure data.",
    "Integration with ERP and CRM systems is often the hardest part of scaling.",
    "Governance covers security, compliance, monitoring and explainability.",
    "Mid-market companies should start with one or two high-impact use cases, e.g. Support.",
    "Dr. Smith reviewed the results of the pilot with the leadership team.",
]


def make_doc(tmp_path: Path, name: str, text: str) -> Document:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_document(tmp_path, path)


def by_section(chunks: list[Chunk]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for chunk in chunks:
        out.setdefault(chunk.section, []).append(chunk.text)
    return out


# --- sections -----------------------------------------------------------------------


def test_heading_path_sections(tmp_path: Path) -> None:
    doc = make_doc(tmp_path, "playbook/03-phase-2-pilot.md", PILOT_MD)
    chunks = chunk_document(doc)
    top = "Phase 2: Pilot Development and Validation"
    assert [c.section for c in chunks] == [
        top,
        f"{top} > Data collection and preparation",
        f"{top} > Testing and evaluation",
        f"{top} > Testing and evaluation > Metrics",
        f"{top} > Stakeholder feedback",
    ]
    assert all(c.phase == "pilot" for c in chunks)
    assert all(c.source == "playbook/03-phase-2-pilot.md" for c in chunks)
    assert all(c.score is None for c in chunks)
    assert chunks[3].text == "- Accuracy rates\n- Cost savings"
    for chunk in chunks:
        assert chunk.text.strip()
        assert not chunk.text.lstrip().startswith("#")  # the heading line lives in section


def test_text_before_any_heading_and_skipped_empty_sections(tmp_path: Path) -> None:
    text = "---\ntitle: Guide\n---\nIntro text.\n\n# Part A\n\n## Empty\n\n## Full\n\nBody.\n"
    chunks = chunk_document(make_doc(tmp_path, "guide.md", text))
    assert [(c.section, c.text) for c in chunks] == [
        ("Guide", "Intro text."),
        ("Part A > Full", "Body."),
    ]


def test_doc_without_headings_uses_title(tmp_path: Path) -> None:
    chunks = chunk_document(make_doc(tmp_path, "x.md", "---\ntitle: My Notes\n---\nJust text.\n"))
    assert [(c.section, c.text) for c in chunks] == [("My Notes", "Just text.")]


def test_hash_lines_in_code_fences_are_not_headings(tmp_path: Path) -> None:
    text = "# Top\n\nSee:\n\n```bash\n# install it\npip install x\n```\n\nDone.\n"
    chunks = chunk_document(make_doc(tmp_path, "code.md", text))
    assert [c.section for c in chunks] == ["Top"]
    assert "# install it\npip install x" in chunks[0].text


def test_skipped_heading_levels_and_popping(tmp_path: Path) -> None:
    text = "# A\n\n### C\n\nc text.\n\n## B\n\nb text.\n\n# D\n\nd text.\n"
    chunks = chunk_document(make_doc(tmp_path, "levels.md", text))
    assert [c.section for c in chunks] == ["A > C", "A > B", "D"]


# --- splitting and packing ------------------------------------------------------------


def test_list_items_are_never_split(tmp_path: Path) -> None:
    items = [f"- Item {i}: " + " ".join(["word"] * (5 + 3 * i)) for i in range(8)]
    text = "# Activities\n\nTypical activities include:\n\n" + "\n".join(items) + "\n"
    doc = make_doc(tmp_path, "list.md", text)
    chunks = chunk_document(doc, max_chars=80)
    assert len(chunks) > 3
    for item in items:
        holders = [c for c in chunks if item in c.text.split("\n")]
        assert len(holders) == 1, item  # each item whole, as its own "- item" line
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            assert line in items or line in ("", "Typical activities include:")


def test_multi_line_list_items_stay_whole(tmp_path: Path) -> None:
    text = "# L\n\n- First item\n  continues here.\n- Second item\n  also continues.\n"
    chunks = chunk_document(make_doc(tmp_path, "ml.md", text), max_chars=20)
    assert [c.text for c in chunks] == [
        "- First item\n  continues here.",
        "- Second item\n  also continues.",
    ]


def test_sentences_are_never_split(tmp_path: Path) -> None:
    paragraph = " ".join(SENTENCES)
    doc = make_doc(tmp_path, "sent.md", f"# S\n\n{paragraph}\n")
    chunks = chunk_document(doc, max_chars=100)
    assert len(chunks) == len(SENTENCES)  # each sentence alone: two never fit in 100
    assert [c.text for c in chunks] == SENTENCES  # "e.g." and "Dr." did not end a sentence


def test_a_sentence_longer_than_max_chars_stays_whole(tmp_path: Path) -> None:
    long_sentence = "This sentence " + "goes on and on " * 20 + "until it ends."
    doc = make_doc(tmp_path, "long.md", f"# S\n\nShort one. {long_sentence} Short two.\n")
    chunks = chunk_document(doc, max_chars=60)
    assert [c.text for c in chunks] == ["Short one.", long_sentence, "Short two."]


def test_small_pieces_are_packed_up_to_max_chars(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph number {i} is short." for i in range(10)]  # 29-30 chars each
    doc = make_doc(tmp_path, "pack.md", "# P\n\n" + "\n\n".join(paragraphs) + "\n")
    chunks = chunk_document(doc, max_chars=100)
    assert [c.text for c in chunks] == [
        "\n\n".join(paragraphs[0:3]),
        "\n\n".join(paragraphs[3:6]),
        "\n\n".join(paragraphs[6:9]),
        paragraphs[9],
    ]
    assert all(len(c.text) <= 100 for c in chunks)
    # one big chunk when everything fits
    assert len(chunk_document(doc)) == 1


def test_packing_never_crosses_sections(tmp_path: Path) -> None:
    doc = make_doc(tmp_path, "two.md", "# A\n\nOne.\n\n# B\n\nTwo.\n")
    assert [c.text for c in chunk_document(doc, max_chars=1000)] == ["One.", "Two."]


def test_lead_in_line_stays_with_its_list(tmp_path: Path) -> None:
    text = (
        "# T\n\n"
        + "A first paragraph that fills most of the chunk budget here.\n\n"
        + "Key activities include:\n\n- one\n- two\n"
    )
    chunks = chunk_document(make_doc(tmp_path, "lead.md", text), max_chars=90)
    assert chunks[-1].text.startswith("Key activities include:\n\n- one")


def test_chunks_are_verbatim_slices_of_the_body(tmp_path: Path) -> None:
    doc = make_doc(tmp_path, "playbook/03-phase-2-pilot.md", PILOT_MD)
    for max_chars in (20, 60, 1200):
        for chunk in chunk_document(doc, max_chars=max_chars):
            assert chunk.text in doc.body


# --- .txt -----------------------------------------------------------------------------


def test_txt_documents_chunk_as_plain_paragraphs(tmp_path: Path) -> None:
    text = (
        "Board Notes\n\nWe meet monthly.\n\n# not a heading in text files\n\n"
        "During this phase, teams typically:\n- Define objectives\n- Set metrics\n"
    )
    doc = make_doc(tmp_path, "notes.txt", text)
    chunks = chunk_document(doc)
    assert len(chunks) == 1
    assert chunks[0].section == "Board Notes"
    assert chunks[0].phase is None
    assert chunks[0].source == "notes.txt"
    assert "# not a heading in text files" in chunks[0].text
    small = chunk_document(doc, max_chars=40)
    assert [c.text for c in small] == [
        "We meet monthly.",
        "# not a heading in text files",
        "During this phase, teams typically:",
        "- Define objectives\n- Set metrics",
    ]
    assert all(c.section == "Board Notes" for c in small)


def test_txt_with_a_paragraph_per_line_cuts_at_line_ends(tmp_path: Path) -> None:
    lines = [f"Line {i} says something complete about the pilot." for i in range(6)]
    doc = make_doc(tmp_path, "lines.txt", "\n".join(lines) + "\n")
    chunks = chunk_document(doc, max_chars=110)
    assert [c.text for c in chunks] == [
        "\n".join(lines[0:2]),
        "\n".join(lines[2:4]),
        "\n".join(lines[4:6]),
    ]


def test_small_txt_file_is_one_chunk(tmp_path: Path) -> None:
    doc = make_doc(tmp_path, "notes.txt", "Our own notes.\n\nWe run a monthly AI review board.\n")
    chunks = chunk_document(doc)
    assert len(chunks) == 1
    assert chunks[0].section == "notes"


# --- ids ------------------------------------------------------------------------------


def test_chunk_id_is_a_documented_sha256() -> None:
    expected = hashlib.sha256(b"Sec\nSome text.").hexdigest()[:12]
    assert chunk_id("doc-1", "Sec", "Some text.") == f"doc-1-{expected}" == "doc-1-a79652995820"
    # trailing spaces, CRLF and outer blank lines do not change the id
    assert chunk_id("doc-1", "Sec", "\nSome text.  \r\n") == f"doc-1-{expected}"
    assert chunk_id("doc-1", "Other", "Some text.") != f"doc-1-{expected}"
    assert re.fullmatch(r"[A-Za-z0-9_-]+", chunk_id("Weird id/ü", "s", "t"))


def test_ids_are_stable_across_runs(tmp_path: Path) -> None:
    doc = make_doc(tmp_path, "pilot.md", PILOT_MD)
    first = chunk_document(doc)
    again = chunk_document(make_doc(tmp_path, "pilot.md", PILOT_MD))
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert all(re.fullmatch(r"phase-2-pilot-[0-9a-f]{12}", c.chunk_id) for c in first)
    for chunk in first:
        assert chunk.chunk_id == chunk_id("phase-2-pilot", chunk.section, chunk.text)


def test_editing_one_section_changes_only_its_id(tmp_path: Path) -> None:
    before = chunk_document(make_doc(tmp_path, "pilot.md", PILOT_MD))
    edited = PILOT_MD.replace(
        "The pilot is tested against predefined success metrics.",
        "The pilot is tested against predefined success metrics. Keep it small.",
    )
    after = chunk_document(make_doc(tmp_path, "pilot.md", edited))
    changed = [(b.section, b.chunk_id != a.chunk_id) for b, a in zip(before, after, strict=True)]
    assert [section for section, differs in changed if differs] == [
        "Phase 2: Pilot Development and Validation > Testing and evaluation"
    ]


def test_identical_chunks_in_one_doc_get_a_suffix(tmp_path: Path) -> None:
    text = "# Same\n\nRepeated.\n\n# Same\n\nRepeated.\n\n# Same\n\nRepeated.\n"
    ids = [c.chunk_id for c in chunk_document(make_doc(tmp_path, "dup.md", text))]
    base = chunk_id("dup", "Same", "Repeated.")
    assert ids == [base, f"{base}-2", f"{base}-3"]


def test_chunk_documents_keeps_order_and_unique_ids(tmp_path: Path) -> None:
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "a.md").write_text(PILOT_MD)
    (tmp_path / "k" / "b.txt").write_text("Plain notes about governance.\n")
    docs = load_documents([tmp_path / "k"])
    chunks = chunk_documents(docs)
    assert [c.source for c in chunks] == ["a.md"] * 5 + ["b.txt"]
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_long_section_path_is_clipped_to_the_schema_limit(tmp_path: Path) -> None:
    text = "".join(f"{'#' * lvl} {'Heading ' * 20}{lvl}\n\n" for lvl in range(1, 7)) + "Text.\n"
    chunks = chunk_document(make_doc(tmp_path, "deep.md", text))
    assert len(chunks[0].section) <= 500


# --- the real playbook ------------------------------------------------------------------


def test_real_knowledge_base_chunks_cleanly() -> None:
    if not DEFAULT_KNOWLEDGE_DIR.is_dir() or not any(DEFAULT_KNOWLEDGE_DIR.rglob("*.md")):
        pytest.skip("knowledge/ not written yet")
    docs = load_documents([DEFAULT_KNOWLEDGE_DIR])
    chunks = chunk_documents(docs)
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    for chunk in chunks:
        assert chunk.text.strip()
        assert not chunk.text.startswith("#")
    by_doc = {d.source: d for d in docs}
    for chunk in chunks:
        assert chunk.text in by_doc[chunk.source].body
        assert chunk.phase == by_doc[chunk.source].phase
