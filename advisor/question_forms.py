"""What a question asks for: a list the playbook gives, a duration, a diagnosis, the
phase it is about (by name, or by where the asker stands), and what it points back to.

Shared by the agent (which retrieves a whole list when one is asked for) and the
providers (which compose for the form); imports nothing of the project but schemas.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from advisor.schemas import PHASE_ORDER, Chunk

_PLURAL = re.compile(r"\b[a-z]{3,}(?<!s)s\b", re.I)  # not "across", "business"
_GENERIC = frozenset(
    "companies organizations organisations businesses projects pilots phases things steps "
    "leaders teams months years systems models".split()
)
_TOTAL = re.compile(
    r"\b(?:whole|entire|overall|total|all(?: the)?(?: five)? phases|end to end|altogether|"
    r"full|journey)\b",
    re.I,
)
_EXTREME = re.compile(r"\b(?:longest|shortest|longer|shorter|most time|least time)\b", re.I)
_DURATION = re.compile(r"\bhow long\b|\bhow many months\b|\bduration\b|\btakes?\b|\blasts?\b", re.I)


# Everyday words for a noun a section counts, with no other sense near the playbook:
# "the usual pitfalls" asks for the mistakes. ("Errors" is left out: model errors.)
_SAME_NOUN = {"pitfall": "mistake", "misstep": "mistake", "blunder": "mistake", "trap": "mistake"}


def _singular(word: str) -> str:
    return word[:-1].lower() if word.lower().endswith("s") else word.lower()


def listed_section(question: str, chunks: Sequence[Chunk]) -> str | None:
    """The title of a retrieved playbook section that lists what the question asks for
    ('What are the common mistakes?' -> 'Common Mistakes Mid-Market Companies Should
    Avoid'), when that section has sub-sections, one per item. The plural noun the section
    counts is the request, whatever words come before it ("waht are the most comon
    mistakes", "top mistakes to avoid"): a word asking for a list measured no better
    (docs/evals.md)."""
    nouns = [
        _SAME_NOUN.get(_singular(m.group(0)), _singular(m.group(0)))
        for m in _PLURAL.finditer(question)
        if m.group(0).lower() not in _GENERIC
    ]
    for chunk in chunks:
        root = chunk.section.split(" > ")[0]
        words = {_singular(w) for w in re.findall(r"[A-Za-z]+", root)}
        if any(noun in words and noun in _counted(root, chunks) for noun in nouns):
            return None if _names_an_item(question, root, words, chunks) else root
    return None


# "Four mistakes are especially common": the noun a section counts is what it lists.
# A title word it does not count ("Mid-Market", "Across") names no list.
_COUNTED = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+([a-z]{3,})\b", re.I
)


def _counted(root: str, chunks: Sequence[Chunk]) -> set[str]:
    intro = next((c for c in chunks if c.section == root), None)
    return {_singular(m.group(1)) for m in _COUNTED.finditer(intro.text)} if intro else set()


# "We made mistakes with our data quality, what now?" asks about one item of the list,
# not for the list: it shares this many words with that item's heading.
ITEM_WORDS = 2


def _names_an_item(question: str, root: str, title: set[str], chunks: Sequence[Chunk]) -> bool:
    asked = {_singular(w) for w in re.findall(r"[A-Za-z]{4,}", question)} - title
    labels = {
        c.section.rsplit(" > ", 1)[1]
        for c in chunks
        if " > " in c.section and c.section.split(" > ")[0] == root
    }
    for label in labels:
        named = {_singular(w) for w in re.findall(r"[A-Za-z]{4,}", label)} - title
        if len(named & asked) >= ITEM_WORDS:
            return True
    return False


def asks_total_duration(question: str) -> bool:
    """'How many months does the whole journey take?', 'Which phase is longest?'."""
    return bool(_EXTREME.search(question)) or bool(
        _DURATION.search(question) and _TOTAL.search(question)
    )


# "the difference between X and Y", "X vs Y", "how is X different from Y": the two
# things compared, each to be answered for (issue 12: a comparison gives both sides).
# A side is a few words: each is bounded (a phrase of five words, or 80 characters up
# to a literal marker), so the search stays linear in the question's length.
_PHRASE = r"(?<![\w/'-])[\w/'-]+(?: [\w/'-]+){0,4}"
_SPAN = r".{1,80}?"
_COMPARED = tuple(
    re.compile(p, re.I)
    for p in (
        rf"\bdifferen\w* between (?P<a>{_SPAN}) and (?P<b>{_PHRASE})",
        rf"(?P<a>{_PHRASE}) (?:vs\.?|versus) (?P<b>{_PHRASE})",
        rf"\bhow (?:is|are|does|do) (?P<a>{_SPAN}) differ\w*(?: from)? (?P<b>{_PHRASE})",
        rf"(?P<a>{_PHRASE}) (?:different from|compared (?:to|with)) (?P<b>{_PHRASE})",
    )
)
_EDGE = frozenset(
    "a an the our we what what's whats is are of to do does how putting getting using -".split()
)
# Where the second side's words stop: the rest of the question goes on from here.
_AFTER = frozenset(
    "in at during for when where what which and are is aren't isn't - should do does".split()
)
# Where the first side's words start: after the last of these before it.
_BEFORE = frozenset("and or but is are how what which does do".split())
_POINTERS = frozenset("that this it they them those these one".split())
MAX_SIDE_WORDS = 5


def _trimmed(side: str, keep_last: bool) -> str:
    words = side.split()
    if keep_last:
        cut = max((i for i, w in enumerate(words[:-1]) if w.lower() in _BEFORE), default=-1)
        words = words[cut + 1 :]
    else:
        cut = next((i for i, w in enumerate(words) if i and w.lower() in _AFTER), len(words))
        words = words[:cut]
    while words and words[0].lower() in _EDGE:
        words.pop(0)
    while words and words[-1].lower() in _EDGE:
        words.pop()
    words = words[-MAX_SIDE_WORDS:] if keep_last else words[:MAX_SIDE_WORDS]
    return " ".join(words)


def compared_sides(question: str) -> tuple[str, str] | None:
    """The two things a comparison question sets side by side, or None."""
    for pattern in _COMPARED:
        match = pattern.search(question)
        if match:
            a = _trimmed(match.group("a"), keep_last=True)
            b = _trimmed(match.group("b"), keep_last=False)
            if a and b and a.lower() != b.lower() and not {a.lower(), b.lower()} & _POINTERS:
                return a, b
    return None


# A short message that leans on the conversation: it opens as a continuation, after any
# acknowledgement ("ok and what should we measure?", "thanks. what about governance?"),
# or points back at what was said ("who should own it?").
FOLLOW_UP_WORDS = 12
_ACKNOWLEDGED = (
    r"^\W*(?:(?:ok(?:ay)?|thanks|thank you|thx|great|cool|right|got it|alright|sure|"
    r"perfect|nice|i see|understood|fair(?: enough)?|makes sense|interesting|good|yes|yeah|"
    r"no|hm+|ah|oh|wow|lol)\b[\s,.!:;-]*)*"
)
_FOLLOW_UP = re.compile(
    _ACKNOWLEDGED + r"(?:and|also|so|then|what about|how about|tell me more)\b"
    r"|\b(?:that|it|this|those|these|them|there|they|one|next|more)\b",
    re.I,
)


# How many earlier user messages a chain of follow-ups may reach back to: "how long is
# the infrastructure phase?", "and who should own that?", "ok. what comes right after
# it?" is about the infrastructure phase.
MAX_LEANING = 3


def leaned_on(message: str, earlier: Sequence[str]) -> str | None:
    """What a follow-up leans on: the previous user message, after those it leans on in
    turn; None when the message is not a follow-up."""
    if not earlier or not leans_on(message, earlier[-1]):
        return None
    chain = [earlier[-1]]
    at = len(earlier) - 1
    while at > 0 and len(chain) < MAX_LEANING and leans_on(earlier[at], earlier[at - 1]):
        at -= 1
        chain.insert(0, earlier[at])
    return " ".join(chain)


def leans_on(message: str, previous: str | None) -> bool:
    """Whether a message is a follow-up to the previous user message."""
    return (
        bool(previous)
        and len(message.split()) <= FOLLOW_UP_WORDS
        and bool(_FOLLOW_UP.search(message))
    )


# The asker's own organisation.
OURS = re.compile(r"\b(?:we|we're|our|ours|us)\b", re.I)


def speaks_of_us(message: str, previous: str | None) -> bool:
    """A short message in a conversation about the asker's own organisation ("which
    should we fix first?"): it may lean on the previous message when it cannot be
    answered alone."""
    return bool(previous) and len(message.split()) <= FOLLOW_UP_WORDS and bool(OURS.search(message))


# "Tell me more about the last one": a list item of the previous reply, by its place.
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "last": -1, "final": -1,
}  # fmt: skip
_PLACE = re.compile(
    r"\b(?:the )?(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|last|"
    r"final)\s+(?:one|item|point|mistake|trend|activity|step|area|practice|reason|obstacle)\b"
    r"|\b(?:number|no\.|item|point|#)\s*(?P<n>[1-9])\b",
    re.I,
)
# A numbered item as the offline composer and most models write one: "2. Name: ...".
_ITEM = re.compile(r"(?:^|\s)(\d{1,2})\.\s+([A-Z][^:\n\[\]]{2,80}?):\s")


def resolve_item(message: str, reply: str | None) -> str:
    """The message with a list item it points at by place ("the last one", "number 2")
    named, when the previous reply numbers its items; else the message as it is."""
    match = _PLACE.search(message)
    if match is None or not reply:
        return message
    items = {int(n): name.strip() for n, name in _ITEM.findall(reply)}
    if len(items) < 2:
        return message
    place = int(match.group("n")) if match.group("n") else _ORDINALS[match.group("nth").lower()]
    name = items[max(items)] if place == -1 else items.get(place)
    if name is None:
        return message
    return f"{message[: match.start()]}{name}{message[match.end() :]}"


# Going live is the production deployment, however it is conjugated ("since we went
# live", "going live next month", "the go-live").
LIVE = (
    r"\bgo(?:es|ing)?[- ]live\b|\bwent[- ]live\b|\bgone[- ]live\b|\blive in production\b"
    r"|\b(?:is|are|be|being|was|were) live\b"
)
# The phase a question asks about, by its name, number or place.
QUESTION_PHASE = {
    "discovery": r"\bdiscovery\b|\bphase 1\b|\bfirst phase\b|\bstrategic planning\b",
    "pilot": r"\bpilot\b|\bphase 2\b|\bsecond phase\b|\bvalidation\b",
    "infrastructure": r"\binfrastructure\b|\bphase 3\b|\bthird phase\b|\bscalability planning\b",
    "production": (r"\bproduction deployment\b|\bdeploy\w*|\bphase 4\b|\bfourth phase\b|" + LIVE),
    "optimization": r"\boptimi[sz]\w*|\bexpansion\b|\bphase 5\b|\bfifth phase\b|\bfinal phase\b",
}


def phases_asked(text: str) -> set[str]:
    text = spelled(text)
    return {p for p, rx in QUESTION_PHASE.items() if re.search(rx, text, re.I)}


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase) + 1
    return PHASE_ORDER[index] if index < len(PHASE_ORDER) else None


# "We just finished discovery. What comes next?" asks about the phase after the one done.
_NEXT_ASKED = re.compile(
    r"\bwhat(?:'s|s| is| comes| happens)? next\b|\bnext steps?\b|\bwhat now\b"
    r"|\bwhere do we go from here\b|\bwhat do we do now\b",
    re.I,
)
_DONE = re.compile(
    r"\b(?:finished|completed?|done|wrapped up|behind us|concluded|validated|over|ended)\b", re.I
)


def done_phase(question: str) -> str | None:
    """The one phase the question says is done, in a sentence that names it, when it
    asks what comes next."""
    if not _NEXT_ASKED.search(question):
        return None
    sentences = re.split(r"(?<=[.?!;])\s+", spelled(question))
    done = {
        phase
        for phase, pattern in QUESTION_PHASE.items()
        for sentence in sentences
        if re.search(pattern, sentence, re.I) and _DONE.search(sentence)
    }
    return next(iter(done)) if len(done) == 1 else None


# A follow-up that asks for the neighbour of what was just discussed: "what comes after
# that?", "and before it?", "what's next?".
_BACK_SEQUENCE = re.compile(
    r"\b(after|before|following|preceding)\s+(?:that|this|it|them|those)\b"
    r"|\b(next)\b(?!\s+(?:year|month|week|quarter|time)\b)",
    re.I,
)


def after_previous(question: str, phases: set[str]) -> set[str]:
    """The phases of the previous question a follow-up asks about: their neighbours when
    it asks what comes after or before them, else the same ones."""
    match = _BACK_SEQUENCE.search(question)
    if match is None or not phases:
        return phases
    step = -1 if (match.group(1) or "").lower() in ("before", "preceding") else 1
    out = set()
    for phase in phases:
        index = PHASE_ORDER.index(phase) + step
        out.add(PHASE_ORDER[index] if 0 <= index < len(PHASE_ORDER) else phase)
    return out


def phase_moved_to(question: str, previous: str | None) -> str | None:
    """The one phase a question asks about by where the asker stands rather than by its
    name: the next after a phase it says is done ("We just finished discovery. What
    comes next?"), or, for a follow-up, the neighbour of the phase the previous question
    was about ("and after that?")."""
    done = done_phase(question)
    if done is not None:
        return next_phase(done)
    if previous is None or not _BACK_SEQUENCE.search(question):
        return None
    before = done_phase(previous)
    earlier = {next_phase(before) or before} if before else phases_asked(previous)
    moved = after_previous(question, earlier)
    return next(iter(moved)) if len(moved) == 1 and moved != earlier else None


# "What are the activities of phase 3?", "what do we do during the pilot?": the work of
# one phase, which sits in that phase's sub-sections.
_PHASE_WORK = re.compile(
    r"\b(?:activit\w*|steps?|tasks?|areas?|involve\w*|what happens|what (?:is|gets) done"
    r"|what (?:\w+ )?(?:do|should) we (?:do|focus on))\b",
    re.I,
)


# "The activities before the pilot" are another phase's (the composer reads which).
_NEIGHBOURING = re.compile(
    r"\b(?:before|after|following|preceding|follows?|precedes?|next)\b", re.I
)


def phase_work_asked(question: str) -> str | None:
    """The one phase whose work the question asks about, else None."""
    phases = phases_asked(question)
    if len(phases) != 1 or not _PHASE_WORK.search(question) or _NEIGHBOURING.search(question):
        return None
    return next(iter(phases))


# The phases' own words, as users misspell them ("how long is the infrastucture phase?").
# Not "validation": "validating" is as close to it as a typo is.
_PHASE_WORDS = (
    "discovery", "infrastructure", "production", "optimization", "optimisation", "deployment",
)  # fmt: skip
SPELLING_CUTOFF = 0.85  # difflib ratio: "discovered" (0.84) is not "discovery"
_LONG_WORD = re.compile(r"[A-Za-z]{7,}")


def spelled(text: str) -> str:
    """The text with misspelt phase words put right; every other word as written."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.lower() in _PHASE_WORDS:
            return word
        low = word.lower()
        close = difflib.get_close_matches(low, _PHASE_WORDS, n=1, cutoff=SPELLING_CUTOFF)
        # A typo rarely hits the first letters: "reproduction" is another word.
        return close[0] if close and close[0][:2] == low[:2] else word

    return _LONG_WORD.sub(fix, text)


# A diagnosis: the asker tells of something going wrong in their own work ("nobody uses
# it", "the predictions are way off", "stuck in pilot") and asks why, or what to do.
_TROUBLE = re.compile(
    r"\b(?:nobody|no one|not one|never|stuck|stall\w*|fail\w*|fell over|falling apart|mess|"
    r"garbage|ignor\w*|dropp\w*|slid\w*|worse|less accurate|exploding|exhausted|died|"
    r"disappear\w*|limping|all over the place|way off|(?:went|goes|going) wrong|no idea|"
    r"no clue|barely|problems?|issues?|struggl\w*|trouble|stopped|"
    r"(?:do|does|did|is|are|was|were|has|have|can|could|would|wo|ca)n[o']?t|"
    r"doesnt|dont|didnt|isnt|cant|wont)\b",
    re.I,
)
_WHY_ASKED = re.compile(
    r"\b(?:why|wrong|is (?:this|that|it) (?:normal|related|a known|common|usual)|"
    r"what did we (?:skip|miss)|what should we have|in hindsight|thoughts|what now|"
    r"what do we do|related|known|what causes|caused|behind (?:it|that|this)|"
    r"(?:what's|whats|what is) (?:going on|(?:usually )?missing)|usually missing|"
    r"(?:say|take) (?:about|on) (?:a situation|this|that|our|us)|any idea|how do we (?:fix|avoid)|"
    r"supposed to be doing)\b",
    re.I,
)
_OWN_WORK = re.compile(r"\b(?:we|we're|we've|our|ours|us|i|i'm|my)\b", re.I)


def asks_diagnosis(question: str) -> bool:
    """Whether the question tells of something going wrong in the asker's own work and
    asks why, or what to do about it: a diagnosis, answered with the failure the
    playbook names for it and what it says to do (llm/offline/diagnosis.py)."""
    return bool(
        _TROUBLE.search(question) and _WHY_ASKED.search(question) and _OWN_WORK.search(question)
    )
