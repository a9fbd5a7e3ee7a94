"""What a job accepts from a user: text with words in it, within the input limit, with
the sentences that try to instruct the assistant taken out; a horizon a plan can cover.
Each refusal is an InputError, which the API maps to 422 and the CLI to exit 2."""

from __future__ import annotations

import re

from advisor.errors import InputError
from advisor.grounding import MAX_HORIZON, MIN_HORIZON, injected_instructions, scrub

MAX_INPUT_CHARS = 20_000
# A letter or digit somewhere: ASCII ones, or any character past Latin-1's symbols
# (accented letters, other scripts), so "???" or "..." is refused as having no words.
# The API schema's pattern for every text field (api/openapi.py NOT_BLANK) is this one.
WORD_PATTERN = "[0-9A-Za-z\u00c0-\uffff]"
HAS_WORD = re.compile(WORD_PATTERN)
DEFAULT_HORIZON = 12


def require_text(value: str, what: str) -> str:
    if not value or not value.strip():
        raise InputError(f"the {what} is empty")
    if not HAS_WORD.search(value[:MAX_INPUT_CHARS]):
        raise InputError(f"the {what} has no words, only white space or punctuation")
    if len(value) > MAX_INPUT_CHARS:
        raise InputError(
            f"the {what} is {len(value):,} characters; the limit is {MAX_INPUT_CHARS:,}"
        )
    return value.strip()


def without_instructions(text: str) -> str:
    """The request with sentences that try to instruct the assistant taken out: they are
    data, never instructions, and they should not steer retrieval either."""
    cleaned = scrub(text, injected_instructions([text]))
    return cleaned or text


def require_horizon(months: int) -> int:
    if not MIN_HORIZON <= months <= MAX_HORIZON:
        raise InputError(f"the horizon must be {MIN_HORIZON} to {MAX_HORIZON} months, not {months}")
    return months


def plan_horizon(explicit: int | None, stated: int | None) -> tuple[int, str | None]:
    """The plan's horizon: an explicit argument, then what the text asks for, then the
    playbook's 12 months. A stated horizon outside what a plan can cover is brought to
    the nearest bound, and the note says so."""
    if explicit is not None:
        note = None
        if stated is not None and stated != explicit:
            note = (
                f"The text asks for {stated} months; the plan uses the {explicit} months requested."
            )
        return require_horizon(explicit), note
    if stated is None:
        return DEFAULT_HORIZON, None
    bounded = min(max(stated, MIN_HORIZON), MAX_HORIZON)
    if bounded != stated:
        return bounded, (
            f"The text asks for {stated} months; a plan through all five phases needs "
            f"{MIN_HORIZON} to {MAX_HORIZON}, so it uses {bounded}."
        )
    return stated, None
