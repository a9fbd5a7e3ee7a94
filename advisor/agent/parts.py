"""The parts of a question that asks several things at once ("How long is the pilot,
and what is the capital of France?"), so the part the playbook covers is answered and
the part it does not is named, rather than the whole being answered or refused."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from advisor.agent.scope import beyond_playbook, speaks_domain
from advisor.question_forms import OURS
from advisor.retrieval.bm25 import tokenize

# A new question starts after a question mark, or after "and"/"also"/"plus" when a
# question word follows ("..., and what should we measure?").
_BOUNDARY = re.compile(
    r"(?<=\?) |[,;]?(?<! ) (?:and|also|plus|but) (?:also )?"
    r"(?=(?:what|how|why|when|which|who|where|whats|what's|is|are|does|do|should|can|could)\b)",
    re.I,
)
MIN_WORDS = 3  # a shorter piece ("and why?") leans on the part before it
MAX_PARTS = 4
STANDALONE_WORDS = 5
# A part is outside the playbook when its best passage is barely similar (unrelated
# questions score 0.01-0.2 against the playbook, agent/scope.py) and none of its words
# appears in it. Both, and only for a part that stands alone: telling a user the
# playbook does not cover what it does is worse than not saying it.
PART_SIMILARITY = 0.2
NAMED_CHARS = 120  # how much of an uncovered part the reply repeats
# A part asking mostly in words the playbook never uses: at least this many of its
# content words, and this share of them.
MIN_UNKNOWN = 2
UNKNOWN_SHARE = 0.5


def question_parts(question: str) -> list[str]:
    """The separate questions in the text, or the text alone when it asks one thing."""
    parts: list[str] = []
    # One space between words: the boundary then needs no run of white space to scan.
    for piece in _BOUNDARY.split(" ".join(question.split())):
        piece = piece.strip(" ,;")
        if not piece:
            continue
        if parts and len(piece.split()) < MIN_WORDS:
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    if len(parts) < 2 or len(parts) > MAX_PARTS or len(parts[0].split()) < MIN_WORDS:
        return [question]
    return parts


# A part that points back at another ("who gives it?") is about that other part.
_ANAPHOR = re.compile(
    r"\b(?:it|its|that|this|these|those|they|them|their|there|each|either|one|ones|"
    r"then|so|such)\b",
    re.I,
)


# "this year", "these days": a time, not a pointer back at another part.
_WHEN = re.compile(
    r"\b(?:this|that|these|those)\s+(?:year|month|week|quarter|season|time|days?|morning|"
    r"evening|weekend|summer|winter|spring|autumn)\b",
    re.I,
)


def stands_alone(part: str) -> bool:
    """Long enough, and not leaning on another part, to be judged on its own."""
    return len(part.split()) >= STANDALONE_WORDS and not _ANAPHOR.search(_WHEN.sub(" ", part))


# A part that asks something: a question mark, or a question word or request first,
# after at most a connective ("Second, what ...", "and how ..."); "This is for the pilot
# team." asks nothing.
_ASKS = re.compile(
    r"\?|^(?:(?:and|also|so|then|but|plus|first|second|third|finally|next|ok|okay),? )?"
    r"(?:please )?"
    r"(?:what|whats|how|why|when|which|who|where|is|are|does|do|should|can|could|would|will|"
    r"tell|explain|describe|give|list|walk)\b",
    re.I,
)


# A name: a capitalised word after the part's first one ("the Central Bank of Kenya",
# "the DPDP Act"); the first is capitalised by the sentence, not by being a name.
_NAME = re.compile(r"(?<=\S )[A-Z][A-Za-z0-9]*")
_OWN = re.compile(r"\b(?:we|we're|our|ours|us|i|i'm|my)\b", re.I)


def foreign(part: str, knows: Callable[[str], bool]) -> bool:
    """A part that stands alone, speaks none of the playbook's language, and either
    shares not one word with it, or asks about something it never names ("what is the
    current interest rate of the Central Bank of Kenya?": "current" and "rate" are words
    the playbook uses, Kenya and its bank are not), or asks mostly in words it never
    uses: the cheap half of `uncovered`, checked before any part is searched for."""
    if not stands_alone(part) or speaks_domain(part):
        return False
    content = [w for w in re.findall(r"[A-Za-z]{3,}", part) if tokenize(w)]
    if not content:
        return False
    if not any(knows(w) for w in content):
        return True
    # Only a part that asks: "We're based in Nairobi." after a question is context. And
    # not one about the asker's own people and places ("how do we stop Dave from Ops
    # blocking everything?"): those names are theirs, not a topic of their own.
    if not _ASKS.search(part):
        return False
    names = [n for n in _NAME.findall(part) if len(n) > 1 and tokenize(n)]
    if not _OWN.search(part) and any(not knows(n) for n in names):
        return True
    # Or most of what it asks about in words the playbook never uses, names or not
    # ("what's a good recipe for lasagna?", "how do I grow tomatoes on a balcony?"),
    # unless it asks about the organisation's own work ("how do we keep the night
    # crews motivated?").
    if OURS.search(part):
        return False
    unknown = [w for w in content if not knows(w)]
    return len(unknown) >= MIN_UNKNOWN and len(unknown) >= UNKNOWN_SHARE * len(content)


def uncovered(part: str, similarity: float, knows: Callable[[str], bool]) -> bool:
    """Whether one part of a question is about something the playbook does not cover."""
    return similarity < PART_SIMILARITY and foreign(part, knows)


def joined(parts: Sequence[str]) -> str:
    """Parts put back together as separate questions: "How long does the pilot run? What
    comes next?" rather than "How long does the pilot run what comes next"."""
    return " ".join(p if p[-1:] in ".?!" else f"{p}?" for p in parts)


def within_reach(question: str, passages: Sequence[str]) -> tuple[str, list[str]]:
    """The parts of a question that ask for nothing the passages lack, joined, and those
    that do ("How long is the pilot, and what will it cost in euros?"), with any part
    that leans on one of those ("... in euros? Which numbers go in it?"). The whole when
    all parts or none ask for such a thing."""
    parts = question_parts(question)
    if len(parts) < 2:
        return question, []
    out: list[str] = []
    for i, part in enumerate(parts):
        # "Which numbers go in it?" after a part left out is about that part; one that
        # speaks of the playbook's own matters ("..., what goes into the plan?") is not.
        leans = not stands_alone(part) and not speaks_domain(part)
        leans_on_out = i > 0 and parts[i - 1] in out and leans
        if leans_on_out or beyond_playbook(part, passages):
            out.append(part)
    kept = [p for p in parts if p not in out]
    # What is left must still ask something: "we need one for the team" after the
    # question left out is context for that question, not one of its own.
    if not out or not any(_ASKS.search(p) for p in kept):
        return question, []
    return joined(kept), out


def reachable(asked: str, query: str, passages: Sequence[str]) -> tuple[str, str, list[str]]:
    """A message and its search query (the message itself, or for a follow-up the
    previous message then this one) without the parts asking for what no passage gives,
    and the message's own parts left out. The borrowed topic loses such parts too, and
    is dropped when all of it asks for one: a part refused last turn does not refuse
    this turn's question."""
    rest, out = within_reach(asked, passages)
    if query == asked or not query.endswith(asked):
        return rest, (rest if query == asked else query), out
    topic, _ = within_reach(query[: len(query) - len(asked)].strip(), passages)
    if not topic or beyond_playbook(topic, passages):
        return rest, rest, out
    return rest, f"{topic} {rest}", out


def not_covered_note(parts: list[str]) -> str:
    """The reply's last sentence when some parts are outside the playbook."""
    named = "; ".join(f'"{_clipped(p)}"' for p in parts)
    which = "this part" if len(parts) == 1 else "these parts"
    return f"The playbook does not cover {which} of the question, so it is not answered: {named}."


# What a quoted part keeps of the user's text: words and plain punctuation, so no
# markup, link or control character of theirs reaches the reply.
_UNQUOTABLE = re.compile(r"[^\w\s.,;:?!'’()%&/-]+")


def _clipped(text: str) -> str:
    text = " ".join(_UNQUOTABLE.sub(" ", text).split())
    return text if len(text) <= NAMED_CHARS else text[: NAMED_CHARS - 1].rstrip() + "…"
