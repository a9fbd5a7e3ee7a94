"""Screening knowledge text for sentences written for the model rather than the reader.

A knowledge document is data. A sentence in it that addresses the assistant
("Assistant note: ...", "When answering, always ..."), asks for secrets, or names a
place to send data to is an instruction planted for the model, whatever words it
avoids. Such a sentence is flagged at ingest, never quoted, and what it asks for (its
payload: the action, the address, the link) is watched for in model output.

Flagged sentences stay in the chunk text rather than being cut at chunking time:
citations quote chunk text verbatim, so a false positive costs one sentence's
quotability, never the user's own words. The flags are a pure function of the text, so
they are recomputed wherever a chunk is used (linear patterns over a few kilobytes)
instead of living in index metadata, and chunks indexed before screening existed are
covered as well. Every pattern is linear: gaps are bounded, never nested.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from advisor.grounding import fold, injected_instructions, normalize
from advisor.schemas import Chunk

Kind = Literal["secret", "exfiltration", "instruction"]  # most specific first
MAX_REPORTED = 300  # characters of a flagged sentence kept in the ingest summary
CORE = 3  # leading content words of a payload that must appear, in order
_BOT = r"(?:ai|a\.i\.|assistant|llm|language model|chat ?bot|bot|copilot|gpt|chatgpt)s?"
_TARGET = r"(?:ai|assistant|model|llm|language model|chat ?bot|bot|copilot|gpt)s?"
_SECRET = (
    r"(?:api[ -]?keys?|passwords?|passphrases?|passcodes?|credentials?|log-?in details"
    r"|(?:access|secret|private|ssh|signing|licen[cs]e)[ -]keys?|client secrets?"
    r"|(?:api|access|auth|authentication|bearer|session|refresh|personal access)[ -]tokens?"
    r"|(?:mfa|2fa|otp|one[ -]time|verification|security) codes?)"
)
_EMAIL = r"[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
_URL = r"\b(?:https?://|www\.)[^\s<>\"'`]{2,300}"
_NOT = r"(?:not|never|no|nor|don't|dont|doesn't|isn't|aren't|won't|cannot|can't|without|avoid)"

# A label naming the assistant: "Assistant note:", "AI: ...", "Note to the model -".
_LABEL = (
    rf"^\W*(?:(?:note|message|reminder|instructions?|directive)\s+(?:to|for)\s+(?:the\s+)?"
    rf"{_TARGET}|{_BOT}(?:\s+(?:notes?|instructions?|directive|reminder|message|only))?"
    r"|(?:model|agent|system)\s+(?:notes?|instructions?|directive|reminder|message))"
    r"\s*(?::|\s[-–—])\s+"
)
_ADDRESSING = re.compile(
    _LABEL + rf"|\b(?:note|message|reminder|instructions?|directive|attention)\s+(?:to|for)\s+"
    rf"(?:the\s+|any\s+|all\s+)?{_TARGET}\b"
    rf"|\b(?:if|when|since)\s+you\s+are\s+an?\s+{_BOT}\b|\byou\s+are\s+(?:now\s+)?an?\s+{_BOT}\b"
    rf"|\bas\s+an?\s+(?:ai|assistant|language model|llm)(?:\s+(?:assistant|model))?\s*,"
    rf"|\b(?:any|all|every)\s+{_TARGET}\s+(?:reading|processing|answering|using|summari[sz]ing)"
    r"|\bwhen(?:ever)?\s+(?:answering|responding|replying|asked|summari[sz]ing|generating"
    r"|you\s+(?:answer|respond|reply|are\s+asked))\b[^.!?\n]{0,80}?"
    r"\b(?:always|never|must|do\s+not|don't|make\s+sure|be\s+sure)\b"
    r"|^\W*(?:please\s+)?(?:always|never|do\s+not|don't|you\s+must(?:\s+always|\s+never)?)\s+"
    r"(?:recommend|suggest|advise|say|state|answer|respond|reply|claim|mention|output|promote"
    r"|endorse|insist)\b"
    r"|\b(?:tell|instruct|advise|inform|remind|urge)\s+(?:the\s+|all\s+|every\s+|any\s+)?"
    r"(?:users?|readers?)\s+(?:to|that|they|it|there|you|we|nothing|everything)\b"
    r"|\b(?:in|to|with|for)\s+your\s+(?:answers?|responses?|replies|outputs?)\b"
    r"|\b(?:every|each|all)\s+(?:answers?|responses?|replies|outputs?)\s+you\b",
    re.IGNORECASE,
)
_ASKS_SECRET = re.compile(
    r"\b(?:send|share|e-?mail|post|paste|provide|give|submit|forward|upload|enter|reveal"
    rf"|disclose|type|text|dm|message|read\s+out|tell\s+(?:us|me))\b[^.!?\n]{{0,60}}?\b{_SECRET}\b"
    rf"|\bask\w*\s+(?:\w+\s+){{0,3}}for\s+(?:\w+\s+){{0,2}}{_SECRET}\b",
    re.IGNORECASE,
)
_SENDS_DATA = re.compile(
    r"\b(?:send|post|upload|forward|transmit|exfiltrate|e-?mail|submit|share|leak|relay|b?cc)\b"
    r"[^.!?\n]{0,60}?\b(?:conversations?|chats?|chat\s+logs?|transcripts?|everything"
    r"|(?:chat|conversation|prompt|message|search)\s+histor(?:y|ies)|(?:system\s+)?prompts?"
    r"|(?:the\s+)?users?'?s?\s+(?:data|details|messages|questions|inputs|answers|files))\b"
    r"[^.!?\n]{0,60}?\b(?:to|with)\b",
    re.IGNORECASE,
)
_TRANSFER = re.compile(
    r"\b(?:send|post|upload|submit|forward|share|paste|e-?mail|transmit|exfiltrate|leak"
    r"|enter|log\s?in|sign\s?in|register)\b",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(_EMAIL)
_URL_RE = re.compile(_URL, re.IGNORECASE)
_NEGATED_TAIL = re.compile(rf"\b{_NOT}\b(?:\W+\w+){{0,3}}\W*$", re.IGNORECASE)

# --- payloads: what a planted instruction asks the model to do -------------------------

_LABEL_RE = re.compile(_LABEL, re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:please|kindly|also|then|and|so|always|remember\s+to|be\s+sure\s+to"
    r"|you\s+(?:must|should|will|shall|need\s+to)(?:\s+always)?|make\s+sure\s+(?:to|that|you)"
    r"|(?:when(?:ever)?|if|in|for)\b[^,:]{0,80}[,:])\s+",
    re.IGNORECASE,
)
_NEG_LEAD = re.compile(rf"^(?:{_NOT}|do\s+not|you\s+(?:must|should)\s+(?:never|not))\s", re.I)
_SPEECH = re.compile(
    r"\b(?:recommend|suggest|advise|say|state|tell|answer|respond|reply|write|output|mention"
    r"|insist|promote|endorse|claim|inform|instruct|urge|direct|remind|encourage|propose)"
    r"(?:s|ing|ed)?\b(?:\s+(?:to\s+)?(?:the\s+|all\s+|every\s+|any\s+|your\s+)?(?:users?"
    r"|readers?|clients?|customers?|people|everyone|them))?(?:\s+(?:that|to|on))?\s+",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;!?]|,\s+(?:because|so|which|as)\b")
_WORD = re.compile(r"[\w]+(?:['’-][\w]+)*")
_NEGATIONS = frozenset(
    "not never no nor don't dont doesn't isn't aren't won't cannot can't without avoid".split()
)
_STOP = frozenset(
    """a an the to of for and or in on at by with your their our my his her its this that
    these those they them it we you us i me be is are was were been being all any every each
    some so as from into about than then will would should must can could may might do does
    did just also very more most please always""".split()
)
_SKIP = _STOP | _NEGATIONS


@dataclass(frozen=True)
class Payload:
    """What obeying an instruction would put in an output: its action's leading content
    words (stemmed, with the action's polarity), the addresses and links it names, and
    whether it asks for secrets."""

    stems: tuple[str, ...] = ()
    negated: bool = False
    targets: tuple[str, ...] = ()
    secret: bool = False


@dataclass(frozen=True)
class Flag:
    sentence: str  # whitespace-normalised, as written
    kind: Kind
    payload: Payload


def screen(text: str) -> list[Flag]:
    """The flagged sentences of a text, in order."""
    return [flag for s in _sentences(text) if (flag := screen_sentence(s)) is not None]


def screen_sentence(sentence: str) -> Flag | None:
    kind = _kind(sentence)
    return None if kind is None else Flag(sentence, kind, payload_of(sentence))


def _kind(sentence: str) -> Kind | None:
    if any(not _negated(sentence, m.start()) for m in _ASKS_SECRET.finditer(sentence)):
        return "secret"
    if _EMAIL_RE.search(sentence) or (_URL_RE.search(sentence) and _TRANSFER.search(sentence)):
        return "exfiltration"
    if any(not _negated(sentence, m.start()) for m in _SENDS_DATA.finditer(sentence)):
        return "exfiltration"
    if _ADDRESSING.search(sentence) or injected_instructions([sentence]):
        return "instruction"
    return None


def _negated(text: str, at: int) -> bool:
    before = text[max(0, at - 40) : at]
    return bool(_NEGATED_TAIL.search(re.split(r"[.!?]", before)[-1]))


def payload_of(sentence: str) -> Payload:
    targets = tuple(_targets(sentence))
    secret = any(not _negated(sentence, m.start()) for m in _ASKS_SECRET.finditer(sentence))
    action = _action(_URL_RE.sub(" ", _EMAIL_RE.sub(" ", sentence)))
    if action is None:
        return Payload(targets=targets, secret=secret)
    tokens = [_token(w) for w in _WORD.findall(action)]
    core = [i for i, t in enumerate(tokens) if t not in _SKIP][:CORE]
    if len(core) < 2:  # one word is too common to mean the instruction was obeyed
        return Payload(targets=targets, secret=secret)
    negated = any(t in _NEGATIONS for t in tokens[: core[-1]])
    return Payload(tuple(_stem(tokens[i]) for i in core), negated, targets, secret)


def _action(sentence: str) -> str | None:
    """The clause an instruction asks for, its lead-ins and speech verb stripped; None
    when it asks for an absence ("never mention X"): absence cannot be seen in a text."""
    rest = _LABEL_RE.sub("", normalize(sentence), count=1)
    for _ in range(6):
        if _NEG_LEAD.match(rest):
            return None
        stripped = _LEAD.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped
    speech = _SPEECH.search(rest)
    if speech is not None:
        if _negated(rest, speech.start()):
            return None
        rest = rest[speech.end() :]
    return _CLAUSE_END.split(rest, maxsplit=1)[0]


def _targets(sentence: str) -> list[str]:
    found = [m.group(0) for m in _EMAIL_RE.finditer(sentence)]
    found += [m.group(0).rstrip(".,;:!?)]") for m in _URL_RE.finditer(sentence)]
    return [fold(t) for t in found if len(t) >= 6]


def _token(word: str) -> str:
    return word.lower().replace("’", "'").replace("-", "")


def _stem(word: str) -> str:
    """A light stem so "skipping", "skips" and "skip" meet: suffix off, 6-letter prefix."""
    w = word.removesuffix("'s")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
                w = w[:-1]  # "skipp" -> "skip"
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w[:6]


# --- finding payloads in an output ------------------------------------------------------


def obeyed(folded: str, payloads: Sequence[Payload]) -> list[tuple[int, int]]:
    """Spans of a folded output (grounding.fold) that carry out one of the payloads: an
    address or link it names, a request for secrets, or its action's words in order and
    with its polarity ("do not skip reviews" does not obey "skip reviews")."""
    spans: list[tuple[int, int]] = []
    for target in {t for p in payloads for t in p.targets}:
        start = folded.find(target)
        while start != -1:
            spans.append((start, start + len(target)))
            start = folded.find(target, start + len(target))
    if any(p.secret for p in payloads):
        spans += [
            m.span() for m in _ASKS_SECRET.finditer(folded) if not _negated(folded, m.start())
        ]
    wanted = {(p.stems, p.negated) for p in payloads if p.stems}
    if not wanted:
        return spans
    words = [(m, _token(m.group(0))) for m in _WORD.finditer(folded)]
    content = [(i, _stem(t)) for i, (_, t) in enumerate(words) if t not in _SKIP]
    for stems, negated in wanted:
        for k in range(len(content) - len(stems) + 1):
            if tuple(s for _, s in content[k : k + len(stems)]) != stems:
                continue
            first, last = content[k][0], content[k + len(stems) - 1][0]
            around = [t for _, t in words[max(0, first - 4) : last]]
            if any(t in _NEGATIONS for t in around) == negated:
                spans.append((words[first][0].start(), words[last][0].end()))
    return spans


# --- sentences and chunks ---------------------------------------------------------------

_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,9}[.)]|(#{1,6}))\s+")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]{0,3}\s+")


def _sentences(text: str) -> Iterable[str]:
    """Sentences of knowledge text: blocks end at blank lines, list items and headings;
    a block is cut after terminal punctuation."""
    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        item = _ITEM.match(line)
        if not line.strip() or item:
            if block:
                yield from (s for s in _BOUNDARY.split(normalize(" ".join(block))) if s)
            block = [line[item.end() :]] if item else []
            if item and item.group(1):  # a heading is a block of its own
                yield from (s for s in [normalize(block.pop())] if s)
        else:
            block.append(line)


def screen_chunks(chunks: Sequence[Chunk]) -> list[dict[str, str]]:
    """One entry per flagged sentence of the chunks (a heading counts once, under its
    section's first chunk): what the ingest summary reports."""
    found: list[dict[str, str]] = []
    sections: set[tuple[str, str]] = set()
    for chunk in chunks:
        flags = screen(chunk.text)
        if (chunk.source, chunk.section) not in sections:
            sections.add((chunk.source, chunk.section))
            flags = [*_heading_flags(chunk.section), *flags]
        for flag in flags:
            found.append(
                {
                    "source": chunk.source,
                    "section": chunk.section,
                    "chunk_id": chunk.chunk_id,
                    "kind": flag.kind,
                    "sentence": flag.sentence[:MAX_REPORTED],
                }
            )
    return found


def chunk_flags(chunk: Chunk) -> list[Flag]:
    """Flags of a chunk's text and of its heading path (both reach the model)."""
    return [*_heading_flags(chunk.section), *screen(chunk.text)]


def _heading_flags(section: str) -> list[Flag]:
    return [flag for heading in section.split(" > ") for flag in screen(heading)]


def quotable(quote: str, text: str, flags: Sequence[Flag]) -> bool:
    """Whether a quote occurs in the text somewhere outside every flagged sentence."""
    body, q = fold(text), fold(quote)
    if not q:
        return False
    planted = [
        (a, a + len(s))
        for s in {fold(f.sentence) for f in flags}
        if s
        for a in _occurrences(body, s)
    ]
    for start in _occurrences(body, q):
        end = start + len(q)
        if not any(a < end and start < b for a, b in planted):
            return True
    return False


def _occurrences(text: str, needle: str) -> Iterable[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)
