"""A company's text as sentences with their place in it, minus instructions.

Every reader in this layer takes its evidence from these spans, so each fact's
evidence is a slice of what the user wrote (whitespace-normalised) and verifies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.grounding import injected_instructions, normalize

MAX_EVIDENCE = 300
# Sentence ends within a block of text; every pattern here is linear (no nested
# quantifiers), since the text is untrusted and up to 20,000 characters long.
# Informal text in lower case still ends sentences: "give or take. we tried ...".
_END = re.compile(
    r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|(?<=[a-z]{3}[.!?])\s+(?=[a-z])|\s+[|•·]\s+"
)
_BULLET = re.compile(r"^(?:[-*•·>]|\d{1,2}[.)])\s+")
_FIELD = re.compile(r"^[A-Z][\w /&()-]{0,30}:\s")  # a form line: "Size: 75"
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_TO_ASSISTANT = re.compile(
    r"^\W*(?:please\s+)?(?:ignore|disregard|forget|print|say|reveal|repeat|respond|reply|"
    r"pretend|append|echo|answer with|do not follow|output (?:the|this|exactly))\b"
    r"|\b(?:you are|you must|you will|you should now|your instructions|as an ai|"
    r"the assistant (?:must|should|will)|(?:dear|hey|hi) assistant|as a language model|"
    r"system prompt|the prompt|jailbreak|your playbook|recommend (?:vendor|product)|"
    r"(?:disregard|ignore|forget|override) (?:the|this|your|all) (?:playbook|advice|rules"
    r"|guidance))\b"
    # "SYSTEM:" or "Assistant:" opens a message to the model; "AI: none yet" is a form field.
    r"|^\W*(?:system|assistant|chatbot|note to (?:the )?(?:ai|assistant|model))"
    r"\s*[:>\]]",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or bullet, or form line) of the text, with its offsets."""

    text: str  # whitespace-normalised
    start: int
    end: int


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text that read as one run: a line break ends a run only at a blank
    line, before a bullet or form line, or after a line that ends a sentence or is a
    short line of its own ('Hi,'); an e-mail's wrapped lines stay one run."""
    blocks: list[tuple[int, int]] = []
    start = None
    prev = ""
    for match in _LINE.finditer(text):
        line = match.group(0).strip()
        if match.start() == len(text) and not line:
            break
        if not line:
            if start is not None:
                blocks.append((start, match.start()))
            start, prev = None, ""
            continue
        new = (
            start is None
            or bool(_BULLET.match(line) or _FIELD.match(line))
            or prev[-1:] in ".!?:;"
            or len(prev) <= 40
        )
        if new and start is not None:
            blocks.append((start, match.start()))
        if new:
            start = match.start()
        prev = line
    if start is not None:
        blocks.append((start, len(text)))
    return blocks


def split_sentences(text: str) -> list[Sentence]:
    """The text's sentences, bullets and lines, in order, with their offsets."""
    out: list[Sentence] = []
    for lo, hi in _blocks(text):
        pos = lo
        for brk in [*_END.finditer(text, lo, hi), None]:
            stop = brk.start() if brk else hi
            raw = text[pos:stop]
            stripped = raw.lstrip()
            lead = _BULLET.match(stripped)
            offset = pos + (len(raw) - len(stripped)) + (lead.end() if lead else 0)
            body = normalize(text[offset:stop])
            if body:
                out.append(Sentence(body, offset, stop))
            pos = brk.end() if brk else hi
    return out


def addresses_assistant(sentence: str) -> bool:
    return bool(_TO_ASSISTANT.search(sentence)) or bool(injected_instructions([sentence]))


def clean_sentences(text: str) -> list[Sentence]:
    """The sentences of the text that describe the company: any that try to instruct
    the assistant are data, never read as facts."""
    return [s for s in split_sentences(text) if not addresses_assistant(s.text)]


def excerpt(sentence: Sentence, start: int, end: int, text: str) -> str:
    """Evidence for a match at text[start:end]: the sentence when it fits in 300
    characters, else a window around the match trimmed to whole words."""
    if len(sentence.text) <= MAX_EVIDENCE:
        return sentence.text
    end = min(end, start + MAX_EVIDENCE - 40)
    lo = max(sentence.start, start - 100)
    hi = min(sentence.end, end + 100)
    window = text[lo:hi]
    if lo > sentence.start and " " in window[: start - lo]:
        window = window[window.index(" ") :]
    if hi < sentence.end and " " in window[-(hi - end) or len(window) :]:
        window = window[: window.rindex(" ")]
    return normalize(window)[:MAX_EVIDENCE]
