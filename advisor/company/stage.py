"""Where the company stands on the pilot-to-production journey.

Cue patterns decide first, in order of how far along a cue proves the company is
(a model in production outranks a pilot mentioned in passing); a cue negated in its
clause ('not yet in production', 'never made it to production') proves the
opposite. When no cue fires, the state words around the AI work vote
(`stage_votes.py`); when they do not decide either, the sentences that talk about
pilots or models are compared with prototype sentences by meaning (the shipped MiniLM
embedder), and a stage is taken only above a calibrated similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from advisor.company.stage_votes import stage_by_votes
from advisor.company.text import Sentence
from advisor.retrieval.embeddings import Embedder
from advisor.schemas import PHASE_ORDER, PhaseStatus, Stage

_PILOT = r"(?:pilot|poc|proof[- ]of[- ]concept|proof of concept|trial|prototype|mvp|test run)s?"
_AI = r"(?:model|system|tool|assistant|chatbot|bot|classifier|engine|solution|it|ai|service)"
_NOT = re.compile(
    r"\b(?:not|never|no|n't|yet to|before|until|ahead of|hoping|hope|want|wants|plan|plans|"
    r"planning|need|needs|aim|goal|get|take|move|moving|push|bring|into|to)\b",
    re.I,
)
CUES: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (
        "in_production",
        re.compile(
            rf"\b{_AI}\s+(?:[\w'-]+\s+){{0,3}}(?:has been|have been|is|are|was|went|has gone"
            rf"|now)\s+"
            r"(?:[\w'-]+\s+){0,2}(?:live|in production|in daily use|deployed|rolled out)\b"
            r"|\b(?:went|gone|going) live\b|\blive (?:since|for)\b|\bin production (?:since|for)\b"
            r"|\b(?:running|used|runs|deployed|operating) in production\b"
            r"|\bproduction (?:model|system|deployment) (?:is|has|since)\b"
            rf"|\b{_AI}s?\s+(?:[\w'-]+\s+){{0,2}}in production\b"
            r"|\bstage\s*[:=-]\s*(?:in production|live|production|deployed)\b"
            r"|\b(?:has|have) been (?:running|working|live|setting|writing|producing|generating|"
            r"handling|routing|scoring|answering|in use|in daily use)\b[^.]{0,60}\b(?:since|for "
            r"(?:the (?:last|past) )?(?:\d+|two|three|four|five|six|several|many|a|over a) "
            r"(?:years?|months?))"
            r"|\b(?:switched|turned)\s+(?:[\w'-]+\s+){0,3}on (?:for|across|to|in) (?:all|every"
            r"|our|the)\b"
            r"|\b(?:went|go|gone) live (?:for|with|on|in|across|at)\b"
            r"|\b(?:in production|live) (?:on|in|at|for|since|across) (?:\w+ ){0,2}(?:lines?"
            r"|sites?|"
            r"stores?|clinics?|branches?|wards?|plants?|months|years|weeks|\d{4}|last)\b"
            r"|\b(?:deployed|rolled out|launched) (?:it |the \w+ |a \w+ |an \w+ |our \w+ )?"
            r"(?:to|across|in|at) (?:all|every|our|the|\d+)\b",
            re.I,
        ),
    ),
    (
        "pilot_stalled",
        re.compile(
            rf"\b{_PILOT}\b[^.;]{{0,80}}\b(?:stalled|stuck|shelved|stopped|paused|on hold|"
            r"went nowhere|fizzled|died|lost momentum|never (?:went|made it|got)|hasn't moved|"
            r"has not moved|didn't go anywhere|did not go anywhere|failed to scale|"
            r"nobody (?:uses|used|acted)|no one (?:uses|used)|gathering dust|abandoned)"
            rf"|\b(?:stalled|stuck|shelved|abandoned|paused)\b[^.;]{{0,40}}\b{_PILOT}\b"
            r"|\bpilot purgatory\b|\bstuck[- ]in[- ](?:the[- ])?pilot\b"
            r"|\bstuck (?:ai |ml )?(?:project|initiative|pilot|poc)s?\b"
            rf"|\bnever got (?:past|beyond|out of) (?:the |our |a )?{_PILOT}\b"
            rf"|\b{_PILOT}\b[^.]{{0,160}}\b(?:never used|sat idle|sits idle|sitting idle|sitting "
            r"unused|gathering dust|been parked|was parked)\b"
            rf"|\b{_PILOT}\b[^.]{{0,120}}\b(?:nobody|no one|none of (?:them|the \w+))\b[^.]{{0,40}}"
            r"\b(?:uses?|used|touch(?:es|ed)?|opens?|opened|acts?|adopted|trusts?|follows?)\b"
            rf"|\b{_PILOT}\b[^.]{{0,120}}\b(?:ignore|ignored|ignoring|nothing changed"
            rf"|never adopted|"
            r"didn't stick|did not stick|behind a feature flag|no one acted|nobody acted)\b",
            re.I,
        ),
    ),
    (
        "pilot_done",
        re.compile(
            rf"\b(?:finished|completed|concluded|wrapped up|ended|ran|did|conducted|done|"
            rf"closed)\s+(?:[\w'-]+\s+){{0,3}}{_PILOT}\b"
            rf"|\b{_PILOT}\s+(?:[\w'-]+\s+){{0,3}}(?:was|were|has been|is|got|came back)\s+"
            r"(?:[\w'-]+\s+){0,2}(?:successful|a success|approved|signed off|completed"
            r"|finished|done|"
            r"over|positive|validated|accepted)\b"
            rf"|\b(?:successful|approved|finished|completed)\s+{_PILOT}\b"
            rf"|\bafter (?:a|the|our) (?:[\w'-]+\s+){{0,2}}{_PILOT}\b"
            rf"|\b{_PILOT}\s+(?:showed|proved|reduced|cut|improved|hit|met|beat|delivered)\b"
            r"|\b(?:signed off|approved|accepted) (?:the|our|its|their) (?:[\w'-]+\s+){0,6}"
            + _PILOT
            + r"\b"
            + rf"|\b{_PILOT}\s+(?:is |was )?(?:complete|completed|done|finished|over)\b"
            + r"|\b(?:piloted|trialled|trialed) (?:a|an|the|our) [^.]{0,160}\b(?:approved|signed "
            r"(?:it )?off|accepted|validated)\b"
            + rf"|\b{_PILOT}\s+(?:[\w'-]+\s+){{0,5}}(?:finished|completed|ended|concluded"
            rf"|wrapped up)\b" + r"|\b(?:we|they|the team) piloted\b",
            re.I,
        ),
    ),
    (
        "pilot_running",
        re.compile(
            rf"\b(?:currently|now|already)\s+(?:[\w'-]+\s+){{0,2}}(?:piloting|running (?:a|an"
            rf"|the|our)"
            rf" (?:[\w'-]+\s+){{0,2}}{_PILOT}|testing|trialling|trialing)\b"
            rf"|\b{_PILOT}\s+(?:[\w'-]+\s+){{0,3}}(?:is|are)\s+(?:[\w'-]+\s+){{0,1}}(?:running|underway|"
            r"under way|in progress|ongoing|live with|in its|halfway)\b"
            r"|\b(?:we are|we're|they are|they're|is|are)\s+(?:[\w'-]+\s+){0,2}piloting\b"
            rf"|\b(?:started|began|launched|kicked off)\s+(?:[\w'-]+\s+){{0,3}}{_PILOT}\s+"
            r"(?:last|this|in|two|three|a few|\d)"
            rf"|\b(?:halfway|midway|partway) through (?:[\w'-]+\s+){{0,3}}{_PILOT}\b"
            rf"|\bin the middle of (?:a|an|our) (?:[\w'-]+\s+){{0,2}}{_PILOT}\b"
            r"|\b(?:have been|'ve been|has been|are|'re|been) (?:running|testing|trialling"
            r"|trialing)\s+"
            rf"(?:[\w'-]+\s+){{0,4}}(?:{_PILOT}|{_AI}|agent|agents)\b|\b(?:have been|'ve been"
            rf"|are|'re) "
            r"piloting\b|\bstill running\b|\bweek \d+ of \d+\b|\bpilot running\b"
            r"|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|final) (?:month|week|phase) of "
            rf"(?:a|an|the|our) (?:[\w'-]+\s+){{0,2}}{_PILOT}\b"
            r"|^piloting\b|\b(?:weeks?|months?) ago,? we (?:started|began|launched|kicked off)\b"
            r"|\b(?:is|are|'re|am)\s+(?:currently\s+|now\s+)?(?:trialling|trialing|piloting)\b"
            rf"|\b(?:weeks?|months?|days?) into (?:a|an|the|our|trialling|testing|piloting)\b"
            r"|\b(?:have been|'ve been|has been) (?:testing|trialling|trialing|trying out"
            r"|piloting)\b",
            re.I,
        ),
    ),
    (
        "pilot_planned",
        re.compile(
            rf"\b(?:plan|plans|planning|going|intend|intends|want|wants|hope|about|ready|"
            rf"scheduled|budgeted|approved)\s+to\s+(?:[\w'-]+\s+){{0,2}}(?:pilot|start|run|launch|"
            rf"kick off|begin)\s+(?:[\w'-]+\s+){{0,3}}{_PILOT}\b"
            rf"|\b{_PILOT}\s+(?:[\w'-]+\s+){{0,3}}(?:is|are|has been)\s+(?:[\w'-]+\s+){{0,1}}"
            rf"(?:planned|"
            r"scheduled|approved|budgeted|set to start|starting|due to start|slated)\b"
            rf"|\b{_PILOT}\s+(?:starts|begins|kicks off|will start|will begin|is set)\b"
            rf"|\b(?:planned|upcoming|proposed|first)\s+{_PILOT}\b"
            rf"|\bwill (?:start|run|launch|begin) (?:[\w'-]+\s+){{0,3}}{_PILOT}\b"
            rf"|\b(?:decided|agreed|chosen|signed up) to (?:run|do|start|launch|try) "
            rf"(?:[\w'-]+\s+){{0,3}}{_PILOT}\b"
            rf"|\bfinali[sz]ed (?:a|an|the|our) (?:[\w'-]+\s+){{0,2}}{_PILOT}\b"
            rf"|\b{_PILOT}\b[^.]{{0,100}}\bwill (?:start|begin|launch|kick off|run)\b"
            r"|\bpilot planned\b"
            r"|\bwill (?:try|trial|test|pilot)\b"
            r"|\b(?:green light|go-ahead|approval|sign-off)\b[^.]{0,50}\bto (?:try|trial|test"
            r"|pilot|run)\b"
            rf"|\b(?:lined up|set up|booked|arranged|agreed) (?:a|an|the|our) "
            rf"(?:[\w'-]+\s+){{0,3}}{_PILOT}\b"
            rf"|\b{_PILOT}\b[^.]{{0,100}}\b(?:kicks off|starts|begins) (?:once|after|when|in"
            rf"|next|on)\b"
            rf"|\b{_PILOT}\s+(?:that|which)\s+(?:starts|begins|will|is due|kicks)\b"
            rf"|\b{_PILOT}\s+(?:booked|scheduled|planned|pencilled|penciled)\b",
            re.I,
        ),
    ),
    (
        "exploring",
        re.compile(
            r"\b(?:no|not any|zero|haven't (?:done|run|tried|started) any|have not (?:done|run|"
            rf"tried|started) any)\s+(?:[\w'-]+\s+){{0,2}}(?:ai|{_PILOT})\b"
            r"|\b(?:haven't|have not|not yet|never)\s+(?:[\w'-]+\s+){0,2}(?:started|tried|done"
            r"|used|"
            r"touched|run)\b[^.;]{0,30}\b(?:ai|machine learning|ml|pilot)"
            r"|\bnew to (?:ai|machine learning)\b|\bfirst (?:ai|ml) (?:project|initiative|step)"
            r"|\bwhere to (?:start|begin)\b|\b(?:just )?(?:exploring|starting out|getting started)"
            r"\b|\bcurious about\b|\bconsidering (?:ai|whether)\b|\bearly days\b"
            r"|\bwhere do we (?:start|begin)\b|\bai(?: today| so far)?\s*:\s*(?:none|nothing"
            r"|no)\b|\bai today:\s*none\b|\bno ai (?:yet|today|so far)\b"
            r"|\bnot (?:tried|used|done) (?:any )?ai\b"
            r"|\b(?:only|just) (?:seen|had|watched|sat through) (?:a few |some |a couple of |two )?"
            r"(?:vendor )?demos\b|\bsat through (?:a few |some |a couple of )?(?:vendor )?demos\b"
            r"|\b(?:not|never) (?:yet )?(?:deployed|piloted|tried|used|done|built)(?: or [\w-]+)? "
            r"(?:any |an? )?(?:ai|machine learning|ml|models?)\b",
            re.I,
        ),
    ),
)
STAGE_ORDER: tuple[Stage, ...] = tuple(stage for stage, _ in CUES)
_ABOUT_JOURNEY = re.compile(
    rf"\b(?:{_PILOT}|production|live|deployed|rolled out|piloting|model|ai)\b", re.I
)
PROTOTYPES: dict[Stage, tuple[str, ...]] = {
    "exploring": (
        "We have not started with AI yet and want to know where to begin.",
        "We are new to artificial intelligence and exploring options.",
        "No AI is used anywhere in the company today.",
        "We are only starting to think about what AI could do for us.",
    ),
    "pilot_planned": (
        "We plan to start a pilot next quarter.",
        "A proof of concept is scheduled to begin soon.",
        "The pilot has been agreed with the vendor and starts next month.",
        "We have chosen a use case and will trial it after the summer.",
    ),
    "pilot_running": (
        "Our pilot is currently running with a small group of users.",
        "We are in the middle of testing the model with one team.",
        "A trial is under way in two branches this quarter.",
        "We are a few weeks into testing the tool with real users.",
    ),
    "pilot_stalled": (
        "The pilot worked but never made it into production and has stalled.",
        "Our proof of concept is stuck and nobody uses the results.",
        "The prototype was shelved and has been sitting unused since.",
        "We tested it, it looked promising, and then the project lost momentum.",
    ),
    "pilot_done": (
        "We finished the pilot and management approved the results.",
        "The proof of concept was successful and is complete.",
        "The trial ended and was signed off, but nothing is deployed yet.",
        "After a successful pilot we now need to scale it up.",
    ),
    "in_production": (
        "The model has been live in production for months.",
        "The AI system is deployed and used every day across the company.",
        "We switched the assistant on for all customers last year.",
        "Our forecasting model runs in production but adoption is low.",
    ),
}
# Calibrated on the dev split of evals/cases/companies.yaml, reading by meaning alone:
# at 0.60 the nearest prototype was right for 13 of 17 cases it took (0.76), at 0.50
# for 24 of 37 (0.65). Cues decide first; this only fills in when none fires.
MIN_SIMILARITY = 0.60


@dataclass(frozen=True)
class StageReading:
    stage: Stage
    sentence: Sentence | None  # the evidence
    start: int = 0
    end: int = 0


def _negated(sentence: str, start: int) -> bool:
    """A cue preceded in its clause by a negation or a wish ('we want to go live')."""
    clause = re.split(r"[,;:.!?]|\bbut\b|\band\b", sentence[:start])[-1]
    return bool(_NOT.search(clause[-40:]))


def explain(sentences: Sequence[Sentence]) -> list[tuple[Stage, str]]:
    """Every cue that fires, for debugging a reading: (stage, the words matched)."""
    return [
        (stage, m.group(0))
        for stage, pattern in CUES
        for sentence in sentences
        for m in pattern.finditer(sentence.text)
    ]


# Said in another sentence than the pilot itself ('We trialled Kira. ... nobody opens
# it'): these count for a stall only when the text mentions a pilot at all.
_LOOSE_STALL = re.compile(
    r"\b(?:nobody|no one|none of (?:them|us|the \w+))\b[^.]{0,40}\b(?:opens?|uses?|touch(?:es)?|"
    r"relies on|trusts?)\b|\bnever (?:relied on|cleared|approved|signed off|adopted|used)\b"
    r"|\bsitting in (?:a |the )?test(?:ing)? environment\b|\bstuck in testing\b",
    re.I,
)
_ANY_PILOT = re.compile(rf"\b(?:{_PILOT}|trialled|trialed|piloted)\b", re.I)
_ANY_WORK = re.compile(rf"\b(?:{_PILOT}|trialled|trialed|piloted|built|model|tool)\b", re.I)


def stage_by_cues(sentences: Sequence[Sentence]) -> StageReading | None:
    found = _by_cues(sentences)
    weak = found is None or found.stage in ("pilot_done", "pilot_running", "pilot_planned")
    if weak and any(_ANY_WORK.search(s.text) for s in sentences):
        for sentence in sentences:
            match = _LOOSE_STALL.search(sentence.text)
            if match and not _negated(sentence.text, match.start()):
                return StageReading("pilot_stalled", sentence, match.start(), match.end())
    return found


def _by_cues(sentences: Sequence[Sentence]) -> StageReading | None:
    for stage, pattern in CUES:
        for sentence in sentences:
            for match in pattern.finditer(sentence.text):
                if stage != "exploring" and _negated(sentence.text, match.start()):
                    continue
                if stage == "in_production" and _ANY_PILOT.search(
                    sentence.text[max(0, match.start() - 60) : match.end()]
                ):
                    continue  # "the pilot has been running since March" is a pilot
                return StageReading(stage, sentence, match.start(), match.end())
    return None


_VECTORS: dict[int, tuple[Embedder, tuple[Stage, ...], np.ndarray]] = {}


def _prototype_vectors(embedder: Embedder) -> tuple[tuple[Stage, ...], np.ndarray]:
    """The prototypes embedded once per embedder (kept with it, so its id stays its own)."""
    if id(embedder) not in _VECTORS:
        labels = tuple(stage for stage, texts in PROTOTYPES.items() for _ in texts)
        vectors = np.asarray(embedder.embed([t for ts in PROTOTYPES.values() for t in ts]))
        _VECTORS[id(embedder)] = (embedder, labels, vectors)
    _, labels, vectors = _VECTORS[id(embedder)]
    return labels, vectors


def stage_by_meaning(sentences: Sequence[Sentence], embedder: Embedder) -> StageReading | None:
    candidates = [s for s in sentences if _ABOUT_JOURNEY.search(s.text)][:6]
    if not candidates:
        return None
    labels, protos = _prototype_vectors(embedder)
    vectors = np.asarray(embedder.embed([s.text[:300] for s in candidates]))
    sims = vectors @ protos.T
    row, col = np.unravel_index(int(np.argmax(sims)), sims.shape)
    if float(sims[row, col]) < MIN_SIMILARITY:
        return None
    sentence = candidates[int(row)]
    return StageReading(labels[int(col)], sentence, 0, len(sentence.text))


def read_stage(sentences: Sequence[Sentence], embedder: Embedder | None) -> StageReading | None:
    found = stage_by_cues(sentences)
    if found is None:
        voted = stage_by_votes(sentences)
        if voted is not None:
            found = StageReading(voted[0], voted[1], 0, len(voted[1].text))
    if found is None and embedder is not None:
        found = stage_by_meaning(sentences, embedder)
    return found


_BEHIND: dict[Stage, tuple[int, int | None]] = {
    # stage -> (phases already done, index of the phase to review or None)
    "exploring": (0, None),
    "unknown": (0, None),
    "pilot_planned": (0, 0),
    "pilot_running": (1, 1),
    "pilot_stalled": (1, 1),
    "pilot_done": (2, None),
    "in_production": (3, 3),
}


def phase_statuses(stage: Stage) -> list[PhaseStatus]:
    """Each playbook phase's status for a company at this stage: what it has behind it
    is done, the phase it is in is reviewed against the playbook's exit criteria
    rather than redone, and the rest is planned."""
    done, review = _BEHIND[stage]
    out: list[PhaseStatus] = []
    for index in range(len(PHASE_ORDER)):
        if index < done:
            out.append("done")
        elif index == review:
            out.append("review")
        else:
            out.append("planned")
    return out
