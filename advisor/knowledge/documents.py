"""Load knowledge documents (.md with optional YAML front matter, .txt) from directories.

Every problem with a file or directory raises `KnowledgeError` naming it, before anything
downstream (chunking, the index) sees the input.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from advisor.errors import KnowledgeError
from advisor.schemas import PHASE_ORDER, PhaseName

SUFFIXES = (".md", ".txt")
MAX_ID_LENGTH = 100
MAX_SOURCE_LENGTH = 500
MAX_QUESTIONS = 12  # per heading, in front matter `answers`
MAX_QUESTION = 300  # characters

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H1_RE = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"^(\s*)[*+•][ \t]+(?=\S)")
_SENTENCE_END_RE = re.compile(r"[.!?,;:…][\"'”’)\]]*$")

# Blog/CMS footer lines dropped from the END of a document only (never mid-text).
_FOOTER_TOKENS = (
    r"no comments?:?",
    r"\d+ comments?:?",
    r"post a comment",
    r"leave a (?:comment|reply)",
    r"newer posts?",
    r"older posts?",
    r"previous post",
    r"next post",
    r"home",
    r"subscribe to:?.*",
    r"share this(?: post| article| page)?:?",
    r"share(?: (?:to|on) \w+)?:?",
    r"email this",
    r"blogthis!?",
    r"labels?:.*",
    r"posted by .*",
    r"powered by blogger\.?",
    r"(?:post )?comments \(atom\)",
    r"posts \(atom\)",
    r"tweet",
    r"like this:?",
    r"related posts?:?",
    r"back to top",
    r"permalink",
    r"print this(?: page| post)?",
)
_FOOTER_TOKEN = "(?:" + "|".join(_FOOTER_TOKENS) + ")"
_FOOTER_RE = re.compile(rf"^{_FOOTER_TOKEN}(?:\s*[|·•/-]?\s*{_FOOTER_TOKEN})*$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One knowledge file, validated and cleaned; the unit the chunker works on."""

    doc_id: str  # front matter `id`, else slug of the file stem; [a-z0-9-] only
    source: str  # posix path relative to its knowledge root dir
    title: str  # front matter title, else first "# " heading, else stem
    phase: PhaseName | None
    months: tuple[int, int] | None
    tags: tuple[str, ...]
    body: str  # text without front matter, boilerplate removed
    path: Path  # absolute path
    # Front matter `answers`: heading -> the questions its section answers, in users'
    # words. Indexed beside the section's text for search, never quoted.
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix.lower() == ".md"


# --- finding files ------------------------------------------------------------------


def knowledge_files(dirs: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(root, file) pairs for every *.md / *.txt under each dir, recursively and sorted.

    Hidden files and directories are skipped; a file reachable from two roots is listed
    once (under the first). A missing, non-directory or empty root raises KnowledgeError.
    """
    pairs: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for given in dirs:
        root = Path(given).expanduser()
        if not root.exists():
            raise KnowledgeError("knowledge directory does not exist", path=str(root))
        if not root.is_dir():
            raise KnowledgeError("not a directory (expected a knowledge directory)", path=str(root))
        found = _walk(root)
        if not found:
            raise KnowledgeError(
                "empty knowledge directory: no .md or .txt files in it", path=str(root)
            )
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                pairs.append((root, path))
    return pairs


def _walk(root: Path) -> list[Path]:
    def fail(err: OSError) -> None:
        reason = err.strerror or str(err)
        raise KnowledgeError(f"cannot list directory: {reason}", path=str(err.filename or root))

    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=fail):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


# --- loading ------------------------------------------------------------------------


def load_documents(dirs: Sequence[Path]) -> list[Document]:
    """Load every knowledge file under dirs; doc ids must be unique across all of them."""
    docs: list[Document] = []
    owners: dict[str, Path] = {}
    for root, path in knowledge_files(dirs):
        doc = load_document(root, path)
        if doc.doc_id in owners:
            raise KnowledgeError(
                f"duplicate document id '{doc.doc_id}': also used by {owners[doc.doc_id]}; "
                "give one of them a different `id` in its front matter",
                path=str(path),
            )
        owners[doc.doc_id] = path
        docs.append(doc)
    return docs


def load_document(root: Path, path: Path) -> Document:
    """Read, validate and clean one .md or .txt file that lives under root."""
    root, path = Path(root), Path(path)
    text = _read_text(path)
    source = _relative_source(root, path)
    if len(source) > MAX_SOURCE_LENGTH:
        raise KnowledgeError(
            f"path is too long (over {MAX_SOURCE_LENGTH} characters)", path=str(path)
        )
    markdown = path.suffix.lower() == ".md"

    meta: dict[str, Any] = {}
    if markdown:
        meta, text = _split_front_matter(text, path)
    body = _remove_footer(_normalize(text))
    if not body:
        what = "nothing after the front matter" if meta else "no text"
        raise KnowledgeError(f"empty document: {what}", path=str(path))
    if markdown and not _has_text_besides_headings(body):
        raise KnowledgeError("empty document: only headings, no text", path=str(path))

    doc_id = _doc_id(meta.get("id"), path, source)
    title = _title(meta.get("title"), path)
    if title is None:
        if markdown:
            title = _first_h1(body) or path.stem
        else:
            title, body = _txt_title(body, path.stem)

    return Document(
        doc_id=doc_id,
        source=source,
        title=title,
        phase=_phase(meta.get("phase"), path),
        months=_months(meta.get("months"), path),
        tags=_tags(meta.get("tags"), path),
        body=body,
        path=path.absolute(),
        answers=_answers(meta.get("answers"), path),
    )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except PermissionError:
        raise KnowledgeError("cannot read file: permission denied", path=str(path)) from None
    except OSError as err:
        raise KnowledgeError(f"cannot read file: {err.strerror or err}", path=str(path)) from None
    if b"\x00" in data:
        raise KnowledgeError(
            "binary file (contains NUL bytes); only UTF-8 .md and .txt text is supported",
            path=str(path),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise KnowledgeError(
            f"not valid UTF-8 text (bad byte at offset {err.start}); save it as UTF-8",
            path=str(path),
        ) from None


def _relative_source(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.name


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            break
    else:
        raise KnowledgeError(
            "front matter starts with '---' but has no closing '---' line", path=str(path)
        )
    raw = "\n".join(lines[1:i])
    rest = "\n".join(lines[i + 1 :])
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as err:
        where = ""
        mark = getattr(err, "problem_mark", None)
        if mark is not None:
            where = f" at front matter line {mark.line + 1}"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise KnowledgeError(
            f"invalid YAML front matter{where}: {problem}", path=str(path)
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise KnowledgeError(
            f"front matter must be a mapping of keys (id, title, phase, months, tags), "
            f"not a {type(meta).__name__}",
            path=str(path),
        )
    return {str(k): v for k, v in meta.items()}, rest


# --- front matter fields -----------------------------------------------------------


def slugify(value: str) -> str:
    """Lowercase ASCII letters, digits and single dashes: 'Phase 2: Pilot!' -> 'phase-2-pilot'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-")


def _doc_id(value: object, path: Path, source: str) -> str:
    if value is None:
        slug = slugify(path.stem)
        return slug or "doc-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise KnowledgeError(f"front matter id must be a string, not {value!r}", path=str(path))
    doc_id = str(value).strip()
    if not _ID_RE.match(doc_id) or len(doc_id) > MAX_ID_LENGTH:
        hint = slugify(doc_id)
        suggestion = f" (e.g. '{hint}')" if hint else ""
        raise KnowledgeError(
            f"front matter id {doc_id!r} must use only a-z, 0-9 and single '-' "
            f"(at most {MAX_ID_LENGTH} characters){suggestion}",
            path=str(path),
        )
    return doc_id


def _title(value: object, path: Path) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise KnowledgeError(f"front matter title must be text, not {value!r}", path=str(path))
    title = " ".join(str(value).split())
    if not title:
        raise KnowledgeError("front matter title is empty", path=str(path))
    return title


def _phase(value: object, path: Path) -> PhaseName | None:
    if value is None:
        return None
    name = value.strip().lower() if isinstance(value, str) else value
    if name not in PHASE_ORDER:
        raise KnowledgeError(
            f"unknown phase {value!r}; expected one of {', '.join(PHASE_ORDER)} (or no phase)",
            path=str(path),
        )
    return cast(PhaseName, name)


def _months(value: object, path: Path) -> tuple[int, int] | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )
    if not ok:
        raise KnowledgeError(
            f"months must be [start, end] as two whole numbers, e.g. [2, 5]; got {value!r}",
            path=str(path),
        )
    start, end = cast("Sequence[int]", value)
    if start < 0 or start >= end:
        raise KnowledgeError(
            f"months [{start}, {end}] must satisfy 0 <= start < end", path=str(path)
        )
    return (start, end)


def _answers(value: object, path: Path) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise KnowledgeError(
            "front matter answers must map each heading to a list of questions",
            path=str(path),
        )
    out: dict[str, tuple[str, ...]] = {}
    for heading, questions in value.items():
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise KnowledgeError(
                f"front matter answers for {str(heading)[:80]!r} must be a list of questions",
                path=str(path),
            )
        kept = [" ".join(q.split())[:MAX_QUESTION] for q in questions if q.strip()]
        out[" ".join(str(heading).split())] = tuple(kept[:MAX_QUESTIONS])
    return out


def _tags(value: object, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    items: list[object]
    if isinstance(value, str):
        items = list(value.split(","))
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise KnowledgeError(f"tags must be a list of strings, not {value!r}", path=str(path))
    tags: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise KnowledgeError(f"tags must be strings; got {item!r}", path=str(path))
        tag = " ".join(str(item).split())
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


# --- body cleanup -------------------------------------------------------------------


def _normalize(text: str) -> str:
    """Unix newlines, no trailing spaces, '- ' bullets, no rules, single blank lines."""
    out: list[str] = []
    fence: str | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        line = "" if _RULE_RE.match(line) else _BULLET_RE.sub(r"\1- ", line)
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def _remove_footer(body: str) -> str:
    lines = body.split("\n")
    while lines:
        last = lines[-1].strip()
        if last and not (len(last) <= 120 and _FOOTER_RE.match(last)):
            break
        lines.pop()
    return "\n".join(lines).strip("\n")


def _has_text_besides_headings(body: str) -> bool:
    return any(line.strip() and not _HEADING_RE.match(line) for line in body.split("\n"))


def _first_h1(body: str) -> str | None:
    fence = False
    for line in body.split("\n"):
        if _FENCE_RE.match(line):
            fence = not fence
            continue
        match = None if fence else _H1_RE.match(line)
        if match:
            return " ".join(match.group(1).split()) or None
    return None


def _txt_title(body: str, stem: str) -> tuple[str, str]:
    """A short first line without sentence punctuation is the title (and leaves the body)."""
    first, _, rest = body.partition("\n")
    first = first.strip()
    rest = rest.strip("\n")
    if (
        rest.strip()
        and len(first) <= 120
        and not first.startswith("- ")
        and not _SENTENCE_END_RE.search(first)
    ):
        return " ".join(first.split()), rest
    return stem, body
