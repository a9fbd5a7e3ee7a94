"""Readiness read from a company's words: each failure reason moves its own dimension,
nothing is scored without a quote, and a strength said of its absence is no strength."""

from __future__ import annotations

import pytest

from advisor.company import read_company
from advisor.company.readiness import read_readiness
from advisor.grounding import is_verbatim
from advisor.schemas import DIMENSIONS

BASE = "Corvid Tools is a 300-person manufacturer. We want to predict machine failures."


def scores(text: str) -> dict[str, int | None]:
    return {d.dimension: d.score for d in read_readiness(text, read_company(text))}


@pytest.mark.parametrize(
    ("added", "dimension"),
    [
        ("Our maintenance data sits in messy spreadsheets at each plant.", "data_readiness"),
        ("IT could not connect the model to our ERP.", "integration"),
        ("We have no data scientists.", "infrastructure"),
        (
            "Staff paste customer emails into ChatGPT and we have no AI policy.",
            "governance_security",
        ),
        ("The board is skeptical about AI.", "leadership"),
        ("Nobody uses the dashboard the pilot produced.", "change_management"),
        ("Every department is running its own AI pilot, seven in parallel.", "focus"),
    ],
)
def test_each_failure_reason_lowers_its_own_dimension(added: str, dimension: str) -> None:
    before, after = scores(BASE), scores(f"{BASE} {added}")
    assert after[dimension] is not None and after[dimension] <= 1
    assert before[dimension] is None or before[dimension] > after[dimension]


def test_a_stalled_pilot_lowers_business_alignment() -> None:
    after = scores(f"{BASE} Our pilot has stalled for months.")
    assert after["business_alignment"] == 1


def test_silence_is_no_score_and_every_score_quotes_the_text() -> None:
    text = f"{BASE} Our CEO sponsors the work and the data is in a Snowflake warehouse."
    dims = read_readiness(text, read_company(text))
    assert [d.dimension for d in dims] == list(DIMENSIONS)
    by = {d.dimension: d for d in dims}
    assert by["leadership"].score == 2 and by["data_readiness"].score == 2
    assert by["change_management"].score is None and not by["change_management"].evidence
    for dim in dims:
        assert (dim.score is None) == (not dim.evidence)
        for fact in dim.evidence:
            assert is_verbatim(fact.evidence, text), fact


def test_a_strength_said_of_its_absence_is_a_gap() -> None:
    assert scores(f"{BASE} We have no AI policy.")["governance_security"] == 1
    assert scores(f"{BASE} We have an AI policy and a DPO.")["governance_security"] == 2


def test_the_weakest_finding_sets_the_score() -> None:
    text = f"{BASE} We have a data warehouse, but most plant data is still on paper."
    assert scores(text)["data_readiness"] == 1


def test_reading_is_linear_on_hostile_text() -> None:
    text = "no " * 6000 + "data " + "spreadsheets, " * 500
    assert scores(text[:20_000])["data_readiness"] is not None


@pytest.mark.parametrize(
    "text", ["7" * 20_000, "1," * 10_000, "a1" * 10_000, "ceo " * 5_000, "a." * 10_000]
)
def test_runs_without_sentences_read_as_nothing(text: str) -> None:
    # These once took seconds in one cue (bench/hostile_input.py measures the route);
    # whatever the time, they state nothing about readiness.
    assert set(scores(text).values()) == {None}


@pytest.mark.parametrize(
    ("added", "dimension", "low", "high"),
    [
        # Wordings of the same states that the first cues missed, in our own words.
        ("Our front desk associates are worried about their jobs.", "change_management", 1, 1),
        ("The managing partner has earmarked £80k for it.", "leadership", 2, 2),
        ("Our directors haven't shown much interest so far.", "leadership", 1, 1),
        ("The vendor couldn't integrate it, so results are typed in by hand.", "integration", 0, 1),
        ("We have six experiments going right now.", "focus", 1, 1),
        (
            "Nobody formally monitors the model and there are no written rules.",
            "governance_security",
            1,
            1,
        ),
        ("The forecasting model runs on one planner's laptop.", "infrastructure", 1, 1),
        ("Our ledgers arrive in every format you can think of.", "data_readiness", 1, 1),
        ("Late invoices cost us about $2m a year.", "business_alignment", 2, 3),
    ],
)
def test_other_wordings_of_a_state_score_it(
    added: str, dimension: str, low: int, high: int
) -> None:
    score = scores(f"{BASE} {added}")[dimension]
    assert score is not None and low <= score <= high, score
