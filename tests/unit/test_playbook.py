"""The shipped playbook: front matter is complete and the five phases chain 0 -> 12 months."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

PLAYBOOK_DIR = Path(__file__).parents[2] / "knowledge" / "playbook"

PHASES = {
    "02-phase-1-discovery.md": ("discovery", [0, 2]),
    "03-phase-2-pilot.md": ("pilot", [2, 5]),
    "04-phase-3-infrastructure.md": ("infrastructure", [5, 7]),
    "05-phase-4-production.md": ("production", [7, 10]),
    "06-phase-5-optimization.md": ("optimization", [10, 12]),
}
PHASE_ORDER = ["discovery", "pilot", "infrastructure", "production", "optimization"]


def _files() -> list[Path]:
    return sorted(PLAYBOOK_DIR.glob("*.md"))


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    raw, sep, _body = text[4:].partition("\n---\n")
    assert sep, f"{path.name}: front matter is not closed"
    meta = yaml.safe_load(raw)
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta


def test_playbook_has_files() -> None:
    assert PLAYBOOK_DIR.is_dir()
    assert len(_files()) >= 12


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_front_matter_fields(path: Path) -> None:
    meta = _front_matter(path)
    assert isinstance(meta.get("id"), str) and meta["id"]
    assert all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in meta["id"])
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    tags = meta.get("tags")
    assert isinstance(tags, list) and tags and all(isinstance(t, str) and t for t in tags)
    if path.name not in PHASES:
        assert "phase" not in meta, f"{path.name} is not a phase file"
        assert "months" not in meta, f"{path.name} is not a phase file"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_no_blog_footer(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Post a Comment" not in text
    assert "No comments:" not in text


def test_ids_are_unique() -> None:
    ids = [_front_matter(p)["id"] for p in _files()]
    assert len(ids) == len(set(ids)), ids


def test_phase_files_and_windows_chain() -> None:
    previous_end = 0
    for name, (phase, months) in PHASES.items():
        path = PLAYBOOK_DIR / name
        assert path.is_file(), f"missing phase file {name}"
        meta = _front_matter(path)
        assert meta.get("phase") == phase
        assert meta.get("months") == months
        start, end = meta["months"]
        assert start == previous_end and start < end
        previous_end = end
    assert previous_end == 12
    phases = [_front_matter(PLAYBOOK_DIR / n)["phase"] for n in PHASES]
    assert phases == PHASE_ORDER


@pytest.mark.parametrize("name", list(PHASES), ids=str)
def test_phase_states_its_window_in_first_paragraph(name: str) -> None:
    _phase, (start, end) = PHASES[name]
    body = (PLAYBOOK_DIR / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    assert f"from month {start} to month {end}" in paragraphs[0]
