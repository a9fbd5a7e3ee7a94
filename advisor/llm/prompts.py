"""Prompt templates: files under prompts/, read at run time, versioned by content hash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import ConfigError
from advisor.llm.base import TASKS
from advisor.schemas import Chunk

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The shared templates, and each job's own (its task names it).
NAMES = ("system", *(task.prompt for task in TASKS), "repair", "chat_agent")


@dataclass(frozen=True)
class Prompts:
    """All templates of one prompts directory and the version they make together."""

    templates: dict[str, str]
    version: str

    def __getitem__(self, name: str) -> str:
        return self.templates[name]

    def render(self, name: str, **values: object) -> str:
        """Fill a template in one pass: inserted text is never scanned for placeholders,
        so a "{question}" inside a company description stays literal."""

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            return str(values[key]) if key in values else match.group(0)

        return _PLACEHOLDER.sub(fill, self.templates[name])


def load_prompts(directory: Path) -> Prompts:
    templates: dict[str, str] = {}
    digest = hashlib.sha256()
    for name in NAMES:
        path = directory / f"{name}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"prompt template missing or unreadable: {path} ({exc})") from None
        templates[name] = text
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    return Prompts(templates, "p-" + digest.hexdigest()[:12])


def _defuse(text: str) -> str:
    # Untrusted text must not be able to close the delimiters it is wrapped in.
    for tag in ("passage", "passages", "question", "company_description", "history"):
        text = text.replace(f"</{tag}", f"<\\/{tag}")
    return text


def format_passages(chunks: list[Chunk]) -> str:
    return "\n".join(
        f'<passage chunk_id="{c.chunk_id}" section="{_defuse(c.section)}">\n'
        f"{_defuse(c.text)}\n</passage>"
        for c in chunks
    )


def untrusted(text: str) -> str:
    """User or document text placed inside a delimited block."""
    return _defuse(text)
