"""Turning a provider's draft into something safe to return: verified citations,
roadmap invariants, no echoed injections. Each check returns the fixed output and
the errors it found, so the agent can re-ask once with them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from advisor.claims import UNSUPPORTED, supported_claims
from advisor.company.readiness import DimensionReading
from advisor.grounding import (
    fold,
    normalize,
    roadmap_errors,
    snap_phases,
    verify_citations,
)
from advisor.knowledge.screening import Flag, Payload, chunk_flags, obeyed, payload_of, quotable
from advisor.schemas import (
    MAX_USE_CASES,
    Answer,
    Chunk,
    Citation,
    DimensionScore,
    GovernanceAnswer,
    ReadinessAssessment,
    Roadmap,
    UseCase,
)

Exists = Callable[[str], bool]
Span = tuple[int, int]
MIN_COPIED_SENTENCE = 40  # a whole output sentence this long found in a prompt is a copy
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


# --- output screening: echoes, obeyed payloads, the prompt ----------------------------


def sentence_spans(text: str) -> list[Span]:
    """The sentences of a normalised text, as spans."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    return [*spans, (start, len(text))] if start < len(text) else spans


def echo_spans(folded: str, suspicious: Sequence[str]) -> list[Span]:
    """Where a folded output repeats one of the suspicious sentences whole."""
    spans = []
    for sentence in {fold(s) for s in suspicious if len(s) >= 12}:
        start = folded.find(sentence)
        while start != -1:
            spans.append((start, start + len(sentence)))
            start = folded.find(sentence, start + len(sentence))
    return spans


def prompt_spans(folded: str, prompt: str, run: int = 60) -> list[Span]:
    """Where a folded output reproduces the prompt text: every copied run of `run`
    characters, grown to the whole copy, and every long sentence found in the prompt.
    The windows are a fixed number for a given prompt, so this is linear in the output."""
    source = fold(prompt)
    spans: list[Span] = []
    for offset in range(0, max(0, len(source) - run + 1), run // 2):
        window = source[offset : offset + run]
        at = folded.find(window)
        while at != -1:
            if not any(a <= at < b for a, b in spans):
                a, b, s0, s1 = at, at + run, offset, offset + run
                while a > 0 and s0 > 0 and folded[a - 1] == source[s0 - 1]:
                    a, s0 = a - 1, s0 - 1
                while b < len(folded) and s1 < len(source) and folded[b] == source[s1]:
                    b, s1 = b + 1, s1 + 1
                # Shared punctuation at the edges ("it. " / "2. ") is no copy of a word.
                while a < b and not folded[a].isalnum():
                    a += 1
                while b > a and not folded[b - 1].isalnum():
                    b -= 1
                if a < b:
                    spans.append((a, b))
            at = folded.find(window, at + run)
    for a, b in sentence_spans(folded):
        if b - a >= MIN_COPIED_SENTENCE and folded[a:b].rstrip(".!? ") in source:
            spans.append((a, b))
    return spans


def drop_sentences(text: str, spans: Sequence[Span]) -> tuple[str, int]:
    """normalize(text) without each sentence that overlaps a span (offsets as in fold),
    and how many sentences went. A whole sentence goes: what is left of a sentence once
    a copied part is cut out no longer says what the writer meant."""
    text = normalize(text)
    kept: list[str] = []
    dropped = 0
    for a, b in sentence_spans(text):
        if any(x < b and a < y for x, y in spans):
            dropped += 1
        else:
            kept.append(text[a:b])
    return " ".join(kept), dropped


# What stands in for a required text when every sentence of it had to go.
WITHHELD = (
    "Part of this reply was withheld: it repeated instructions or prompt text rather "
    "than the playbook's advice."
)


class Guard:
    """What one request may cite and must not repeat or obey.

    `suspicious` are the instruction sentences found in untrusted text (the request, the
    retrieved passages); `system_prompt` is the prompt text (one string, or several, e.g.
    every file of prompts/) that an output must not reproduce. Sentences planted in the
    retrieved knowledge are screened here too (advisor.knowledge.screening), so their
    wording, their payload and quotes of them are caught whichever job built the guard."""

    def __init__(
        self,
        retrieved: Sequence[Chunk],
        exists: Exists | None,
        suspicious: Sequence[str],
        system_prompt: str | Sequence[str],
    ) -> None:
        self.retrieved: Mapping[str, Chunk] = {c.chunk_id: c for c in retrieved}
        self.exists = exists
        self.planted: dict[str, list[Flag]] = {c.chunk_id: chunk_flags(c) for c in retrieved}
        flags = [f for found in self.planted.values() for f in found]
        self.suspicious = [*suspicious, *(f.sentence for f in flags)]
        self.payloads: list[Payload] = [f.payload for f in flags]
        # Of an instruction in the request itself only its addresses, links and asks for
        # secrets are watched: its action may be what the user really wants planned.
        self.payloads += [replace(payload_of(s), stems=()) for s in suspicious]
        prompts = [system_prompt] if isinstance(system_prompt, str) else list(system_prompt)
        self.prompts = [p for p in prompts if p.strip()]

    def citations(self, cits: Sequence[Citation], where: str) -> tuple[list[Citation], list[str]]:
        valid, errors = verify_citations(cits, self.retrieved, self.exists)
        kept = []
        for cit in valid:
            flags = self.planted.get(cit.chunk_id, [])
            if flags and not quotable(cit.quote, self.retrieved[cit.chunk_id].text, flags):
                errors.append(
                    f"the quote from chunk {cit.chunk_id!r} is an instruction planted in the "
                    "knowledge, not advice"
                )
            else:
                kept.append(cit)
        return kept, [f"{where}: {e}" for e in errors]

    def text(self, value: str, where: str, required: bool = False) -> tuple[str, list[str]]:
        """The text without each sentence that repeats an untrusted instruction, obeys a
        planted one or reproduces the prompt; a required text left empty is replaced by
        a neutral line. The warnings name what went, never the words themselves."""
        folded = fold(value)
        found: list[tuple[str, list[Span]]] = [
            ("repeats untrusted instructions", echo_spans(folded, self.suspicious)),
            ("follows an instruction planted in untrusted text", obeyed(folded, self.payloads)),
            ("reproduces the prompt", [s for p in self.prompts for s in prompt_spans(folded, p)]),
        ]
        spans = [span for _, hits in found for span in hits]
        if not spans:
            return value, []
        kept, dropped = drop_sentences(value, spans)
        reasons = " and ".join(reason for reason, hits in found if hits)
        errors = [f"{where}: {reasons} ({dropped} sentence{'' if dropped == 1 else 's'})"]
        if required and not kept:
            errors.append(f"{where}: nothing else was left; replaced with a neutral line")
            kept = WITHHELD
        return kept, errors

    def texts(self, values: Sequence[str], where: str) -> tuple[list[str], list[str]]:
        kept: list[str] = []
        errors: list[str] = []
        for value in values:
            fixed, errs = self.text(value, where)
            errors += errs
            if normalize(fixed):
                kept.append(fixed)
        return kept, errors


def check_answer(answer: Answer, guard: Guard) -> tuple[Answer, list[str]]:
    text, errors = guard.text(answer.answer, "answer", required=True)
    if not answer.grounded or text == WITHHELD:
        # An abstention cites nothing, and neither does a reply whose every sentence was
        # dropped: its citations were given for words that are gone.
        return answer.model_copy(update={"answer": text, "citations": []}), errors
    cits, cit_errors = guard.citations(answer.citations, "citation")
    errors += cit_errors
    if not cits:
        errors.append("the answer has no verified citation")
        return answer.model_copy(update={"answer": text, "citations": cits}), errors
    cited = [guard.retrieved[c.chunk_id] for c in cits if c.chunk_id in guard.retrieved]
    text, claim_errors, flagged = supported_claims(text, cited)
    errors += claim_errors
    warnings = [*answer.warnings, *flagged]
    update = {
        "answer": text or UNSUPPORTED,
        "citations": cits if text else [],
        "warnings": warnings,
    }
    return answer.model_copy(update=update), errors


def check_governance(answer: GovernanceAnswer, guard: Guard) -> tuple[GovernanceAnswer, list[str]]:
    summary, errors = guard.text(answer.summary, "summary", required=True)
    if not answer.grounded:
        return answer.model_copy(
            update={"summary": summary, "citations": [], "recommendations": []}
        ), errors
    recs = []
    for i, rec in enumerate(answer.recommendations, 1):
        action, e1 = guard.text(rec.action, f"recommendation {i}")
        rationale, e2 = guard.text(rec.rationale, f"recommendation {i}")
        cits, e3 = guard.citations(rec.citations, f"recommendation {i}")
        errors += e1 + e2 + e3
        if not normalize(action):
            continue
        update = {"action": action, "rationale": rationale, "citations": cits}
        recs.append(rec.model_copy(update=update))
    cits, e4 = guard.citations(answer.citations, "citation")
    errors += e4
    if not cits and not any(r.citations for r in recs):
        errors.append("the governance answer has no verified citation")
    return answer.model_copy(
        update={"summary": summary, "recommendations": recs, "citations": cits}
    ), errors


def check_roadmap(
    roadmap: Roadmap, guard: Guard, calendar: Mapping[str, tuple[int, int]] | None = None
) -> tuple[Roadmap, list[str]]:
    errors = roadmap_errors(roadmap)
    if errors:
        try:
            roadmap, _ = snap_phases(roadmap, calendar)
        except ValueError as exc:
            return roadmap, [*errors, str(exc)]
    phases = []
    for phase in roadmap.phases:
        where = f"phase {phase.phase}"
        fields: dict[str, object] = {}
        for name in ("objectives", "activities", "deliverables", "success_metrics", "risks"):
            kept, errs = guard.texts(getattr(phase, name), f"{where} {name}")
            fields[name] = kept
            errors += errs
        cits, errs = guard.citations(phase.citations, where)
        errors += errs
        if not cits:
            errors.append(f"{where} has no verified citation")
        phases.append(phase.model_copy(update={**fields, "citations": cits}))
    use_cases: list[UseCase] = []
    repeats: list[str] = []
    for i, case in enumerate(roadmap.use_cases, 1):
        name, e1 = guard.text(case.name, f"use case {i}")
        if normalize(name) and normalize(name).lower() in {
            normalize(u.name).lower() for u in use_cases
        }:
            # Dropped before its parts are checked: a repeat says nothing new, and is not
            # worth a re-ask (a whole roadmap call) whatever its quotes.
            repeats.append(f"use case {i} repeated an earlier one ({name!r}); dropped")
            continue
        rationale, e2 = guard.text(case.rationale, f"use case {i}")
        objective, e3 = guard.text(case.business_objective, f"use case {i}")
        cits, e4 = guard.citations(case.citations, f"use case {i}")
        errors += e1 + e2 + e3 + e4
        if normalize(name):
            use_cases.append(
                case.model_copy(
                    update={
                        "name": name,
                        "rationale": rationale,
                        "business_objective": objective,
                        "citations": cits,
                    }
                )
            )
    if len(use_cases) > MAX_USE_CASES:
        errors.append(f"the playbook advises one or two use cases, not {len(use_cases)}")
        use_cases = use_cases[:MAX_USE_CASES]
    company = roadmap.company
    summary, e5 = guard.text(company.summary, "company summary")
    goals, e6 = guard.texts(company.goals, "company goals")
    constraints, e7 = guard.texts(company.constraints, "company constraints")
    risks, e8 = guard.texts(roadmap.risks, "risks")
    assumptions, e9 = guard.texts(roadmap.assumptions, "assumptions")
    errors += e5 + e6 + e7 + e8 + e9
    company = company.model_copy(
        update={"summary": summary, "goals": goals, "constraints": constraints}
    )
    return roadmap.model_copy(
        update={
            "phases": phases,
            "use_cases": use_cases,
            "company": company,
            "risks": risks,
            "assumptions": assumptions,
            "warnings": [*roadmap.warnings, *repeats],
        }
    ), errors


def check_assessment(
    assessment: ReadinessAssessment,
    guard: Guard,
    dimensions: Sequence[DimensionReading],
) -> tuple[ReadinessAssessment, list[str]]:
    """Scores and evidence are the code's reading, whatever a provider returned; what
    the provider wrote around them is screened and its citations verified."""
    errors: list[str] = []
    drafted = {d.dimension: d for d in assessment.dimensions}
    scored = []
    for reading in dimensions:
        where = f"dimension {reading.dimension}"
        draft = drafted.get(reading.dimension) or DimensionScore(dimension=reading.dimension)
        if draft.score != reading.score and reading.dimension in drafted:
            errors.append(f"{where}: the score is read from the description ({reading.score})")
        gaps, e1 = guard.texts(draft.gaps, where)
        recs, e2 = guard.texts(draft.recommendations, where)
        cits, e3 = guard.citations(draft.citations, where)
        errors += e1 + e2 + e3
        scored.append(reading.scored(gaps, recs, cits))
    risks = []
    for i, risk in enumerate(assessment.top_risks, 1):
        text, e1 = guard.text(risk.risk, f"risk {i}")
        cits, e2 = guard.citations(risk.citations, f"risk {i}")
        errors += e1 + e2
        if not cits:
            errors.append(f"risk {i} has no verified citation")
        elif normalize(text):
            risks.append(risk.model_copy(update={"risk": text, "citations": cits}))
    steps, e3 = guard.texts(assessment.next_steps, "next steps")
    summary, e4 = guard.text(assessment.overall.summary, "overall", required=True)
    errors += e3 + e4
    overall = assessment.overall.model_copy(update={"summary": summary})
    return assessment.model_copy(
        update={"dimensions": scored, "top_risks": risks, "next_steps": steps, "overall": overall}
    ), errors
