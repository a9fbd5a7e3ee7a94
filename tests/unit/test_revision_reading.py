"""What a follow-up changes: only what it states, each change quoting the message."""

from __future__ import annotations

from advisor.company import read_company
from advisor.company.revision import asks_about_plan, read_changes, wants_revision
from advisor.grounding import is_verbatim

DESCRIPTION = (
    "Kestrel Freight is a 500-person freight forwarder. We want to speed up invoice matching "
    "in SAP. Our pilot is running."
)
PROFILE = read_company(DESCRIPTION).profile


def changed(message: str) -> dict[str, str]:
    revision = read_changes(message, PROFILE, None, horizon=12)
    for change in revision.changes:
        assert is_verbatim(change.evidence, message), change
    # Nothing known is lost unless the message changes it.
    assert revision.profile.name == "Kestrel Freight"
    assert revision.profile.employees == 500 or any(
        c.field == "employees" for c in revision.changes
    )
    return {c.field: c.new for c in revision.changes}


def test_horizon_in_follow_up_wording() -> None:
    assert changed("make it 9 months") == {"horizon_months": "9"}
    assert changed("Can we do it in 18 months?") == {"horizon_months": "18"}
    assert changed("could you squeeze it into half a year") == {"horizon_months": "6"}


def test_stage_regulation_goal_and_team() -> None:
    assert changed("we already finished the pilot") == {"stage": "pilot_done"}
    assert changed("we also need to comply with GDPR") == {"regulations": "GDPR"}
    goal = changed("focus on demand forecasting instead")
    assert goal == {"goals": "demand forecasting"}
    team = changed("we have no data team")
    assert team.get("data_maturity") == "low"


def test_replacing_a_goal_drops_the_old_one_adding_keeps_it() -> None:
    swapped = read_changes("focus on demand forecasting instead", PROFILE, None)
    assert swapped.profile.goals == ["demand forecasting"]
    assert not any(f.field == "goals" and "invoice" in f.value for f in swapped.profile.facts)


def test_questions_about_the_plan_are_not_changes() -> None:
    assert asks_about_plan("why does the pilot take 3 months?")
    assert asks_about_plan("How does GDPR affect the pilot?")
    assert not asks_about_plan("can we do it in 9 months?")
    assert wants_revision("make it 9 months") and not wants_revision("what is a pilot?")
    assert changed("we love the plan, thanks") == {}
