"""The companies suite's metrics respond: each is computed on hand-built roadmaps, and
degrading the roadmap lowers (or raises) the metric that should catch it."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.evals import company_metrics as cm
from advisor.evals import metrics as m
from advisor.evals.cases import CompanyCase, load_suite
from advisor.evals.report import compare, field_table, write_reports
from advisor.evals.run import EVALS_DIR, load_thresholds
from advisor.evals.runner import CaseResult, Collector
from advisor.schemas import (
    Citation,
    CompanyProfile,
    Fact,
    PhasePlan,
    PhaseStatus,
    Roadmap,
    UseCase,
)

FIXTURE = Path(__file__).parent / "company_cases"


@pytest.fixture(scope="module")
def cases() -> dict[str, CompanyCase]:
    return {c.id: c for c in load_suite(FIXTURE).companies}


@pytest.fixture
def kestrel(cases: dict[str, CompanyCase]) -> CompanyCase:
    return cases["co-test-kestrel"]


def cite() -> list[Citation]:
    return [Citation(chunk_id="phase-x#1", quote="a verbatim quote")]


def phase(name: str, status: PhaseStatus, start: int, end: int, activities: list[str]) -> PhasePlan:
    return PhasePlan(
        phase=name,  # type: ignore[arg-type]
        title=f"{name.title()} phase",
        status=status,
        start_month=start,
        end_month=end,
        objectives=[f"Finish the {name} phase on time."],
        activities=activities,
        citations=cite(),
    )


def kestrel_roadmap(description: str) -> Roadmap:
    """What a perfect reading of the Kestrel case looks like."""
    evidence = {
        "name": "Kestrel Freight",
        "employees": "500-person",
        "industry": "logistics company",
        "stage": "pilot is done",
        "horizon_months": "within 8 months",
        "systems": "MercuryGate",
        "regulations": "GDPR applies",
    }
    facts = [Fact(field=f, value=f, evidence=e) for f, e in evidence.items()]
    assert all(cm.fact_evidence_validity(facts, description))
    return Roadmap(
        company=CompanyProfile(
            name="Kestrel Freight",
            industry="Logistics",
            employees=500,
            summary="Kestrel Freight is a 500-person logistics company.",
            goals=["Our invoice matching pilot is done and we want it live"],
            constraints=[
                "Data residency: nothing may leave our EU tenancy",
                "Skills: Our IT team is two people",
                "Regulation: GDPR applies",
            ],
            stage="pilot_done",
            horizon_months=8,
            regulations=["GDPR"],
            systems=["MercuryGate", "SAP S/4HANA"],
            facts=facts,
        ),
        horizon_months=8,
        phases=[
            phase("discovery", "done", 0, 0, ["Confirm the business case."]),
            phase("pilot", "done", 0, 0, ["Review what the pilot proved."]),
            phase(
                "infrastructure",
                "planned",
                0,
                3,
                [
                    "Host the matcher inside the EU tenancy so GDPR data stays put.",
                    "Pair the two-person IT team with a partner for the build.",
                ],
            ),
            phase(
                "production",
                "planned",
                3,
                6,
                ["Connect the matcher to MercuryGate and SAP S/4HANA."],
            ),
            phase("optimization", "planned", 6, 8, ["Extend matching to credit notes."]),
        ],
        use_cases=[
            UseCase(
                name="Invoice matching (intelligent document processing)",
                business_objective="Match incoming invoices to orders without manual work.",
                rationale="The pilot showed invoice matching works; production comes next.",
            )
        ],
        risks=["Exceptions pile up if nobody owns the review queue."],
        assumptions=["Invoice volumes stay near today's level."],
    )


@pytest.fixture
def roadmap(kestrel: CompanyCase) -> Roadmap:
    return kestrel_roadmap(kestrel.description)


def with_phase(roadmap: Roadmap, index: int, **update: object) -> Roadmap:
    phases = list(roadmap.phases)
    phases[index] = phases[index].model_copy(update=update)
    return roadmap.model_copy(update={"phases": phases})


def with_company(roadmap: Roadmap, **update: object) -> Roadmap:
    return roadmap.model_copy(update={"company": roadmap.company.model_copy(update=update)})


# --- cases --------------------------------------------------------------------------------


def test_the_fixture_loads_with_splits(cases: dict[str, CompanyCase]) -> None:
    assert [c.split for c in cases.values()] == ["dev", "dev", "holdout"]
    assert cases["co-test-heron"].expect.goal_kind == "none"
    assert cases["co-test-larch"].expect.constraints == ["works_council", "budget_tight"]


def test_unknown_keys_and_values_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "companies.yaml").write_text(
        "- {id: c1, description: x, expect: {employees: 5, head_count: 5}}\n"
    )
    with pytest.raises(InputError, match="invalid eval cases"):
        load_suite(bad)
    (bad / "companies.yaml").write_text(
        "- {id: c1, description: x, expect: {constraints: [moon_base]}}\n"
    )
    with pytest.raises(InputError, match="invalid eval cases"):
        load_suite(bad)


def test_a_cases_dir_without_companies_is_fine(tmp_path: Path) -> None:
    (tmp_path / "questions.yaml").write_text('- {id: q1, question: "How long is a pilot?"}\n')
    suite = load_suite(tmp_path)
    assert suite.companies == [] and suite.count() == 1
    assert Collector().company_metrics() == {}


def test_null_labels_read_as_unstated(tmp_path: Path) -> None:
    (tmp_path / "companies.yaml").write_text(
        "- {id: c1, description: x, expect: {stage: null, goal_kind: null, systems: null}}\n"
    )
    expect = load_suite(tmp_path).companies[0].expect
    assert (expect.stage, expect.goal_kind, expect.systems) == ("unknown", "none", [])


# --- per-field precision and recall -------------------------------------------------------


def test_a_perfect_reading_scores_every_field(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    counts = cm.field_counts(kestrel.expect, roadmap)
    for name, count in counts.items():
        assert count.tp == count.expected, name
        if name not in cm.RECALL_ONLY:
            assert count.tp == count.predicted, name
    # data_maturity is unknown on both sides: nothing predicted, nothing expected
    assert counts["data_maturity"] == cm.FieldCount(0, 0, 0)
    # the profile's "Regulation:" constraint is not one of the labelled keys
    assert counts["constraints"] == cm.FieldCount(2, 2, 2)


def test_a_misread_field_lowers_its_precision_and_recall(
    kestrel: CompanyCase, roadmap: Roadmap
) -> None:
    counts = cm.field_counts(kestrel.expect, with_company(roadmap, employees=450))
    assert counts["employees"] == cm.FieldCount(0, 1, 1)
    counts = cm.field_counts(kestrel.expect, with_company(roadmap, employees=None))
    assert counts["employees"] == cm.FieldCount(0, 0, 1)  # recall only
    counts = cm.field_counts(kestrel.expect, with_company(roadmap, stage="unknown"))
    assert counts["stage"] == cm.FieldCount(0, 0, 1)  # unknown is no prediction
    counts = cm.field_counts(kestrel.expect, with_company(roadmap, data_maturity="low"))
    assert counts["data_maturity"] == cm.FieldCount(0, 1, 0)  # precision only
    counts = cm.field_counts(kestrel.expect, with_company(roadmap, horizon_months=None))
    assert counts["horizon_months"] == cm.FieldCount(0, 0, 1)


def test_field_matching_rules() -> None:
    assert cm.count_name("Kestrel Freight, Inc.", "kestrel freight inc") == cm.FieldCount(1, 1, 1)
    assert cm.count_name("Kestrel", "Kestrel Freight") == cm.FieldCount(0, 1, 1)
    assert cm.count_name("", "Kestrel Freight") == cm.FieldCount(0, 0, 1)
    assert cm.count_industry("Freight Logistics", "logistics") == cm.FieldCount(1, 1, 1)
    assert cm.count_industry("logistics", "freight logistics") == cm.FieldCount(1, 1, 1)
    assert cm.count_industry("retail", "logistics") == cm.FieldCount(0, 1, 1)
    assert cm.count_industry(None, None) == cm.FieldCount(0, 0, 0)


def test_list_items_match_by_containment_one_to_one() -> None:
    assert cm.count_items(["sap s/4hana", "MercuryGate"], ["SAP", "Mercurygate"]) == (
        cm.FieldCount(2, 2, 2)
    )
    # a duplicate (or a second reading of the same system) is a false positive
    assert cm.count_items(["SAP", "SAP S/4HANA"], ["SAP S/4HANA"]) == cm.FieldCount(1, 2, 1)
    # the matching is maximal: "SAP" must not steal "SAP Ariba" from "SAP Ariba"
    assert cm.count_items(["SAP Ariba", "SAP"], ["SAP", "SAP Ariba"]) == cm.FieldCount(2, 2, 2)
    assert cm.count_items(["Oracle"], ["SAP"]) == cm.FieldCount(0, 1, 1)
    assert cm.count_items([], ["GDPR"]) == cm.FieldCount(0, 0, 1)


def test_goal_kind_and_goal(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    assert cm.goal_kind_of(roadmap) == "document_processing"
    assert cm.goal_kind_of(with_company(roadmap, goals=[])) == "none"
    support = UseCase(
        name="Customer support automation", business_objective="Fewer tickets.", rationale="."
    )
    assert (
        cm.goal_kind_of(roadmap.model_copy(update={"use_cases": [support]})) == "customer_support"
    )
    other = UseCase(name="Route planning", business_objective="Shorter routes.", rationale=".")
    switched = roadmap.model_copy(update={"use_cases": [other]})
    assert cm.goal_kind_of(switched) == "other"
    counts = cm.field_counts(kestrel.expect, switched)
    assert counts["goal_kind"] == cm.FieldCount(0, 1, 1)
    # goals[0] still carries "invoice matching": the goal is still read
    assert counts["goal"] == cm.FieldCount(1, 0, 1)
    lost = with_company(switched, goals=["Cut costs"])
    assert cm.field_counts(kestrel.expect, lost)["goal"] == cm.FieldCount(0, 0, 1)


def test_precision_recall_arithmetic() -> None:
    assert cm.precision_recall(cm.FieldCount(3, 4, 6), 5) == (0.75, 0.5)
    assert cm.precision_recall(cm.FieldCount(0, 0, 2), 2) == (1.0, 0.0)
    assert cm.precision_recall(cm.FieldCount(0, 1, 0), 1) == (0.0, 1.0)
    assert cm.precision_recall(cm.FieldCount(), 0) == (None, None)


def test_split_metrics_micro_average() -> None:
    """Two cases: systems 2/2 read on one, 0 of 1 predicted right on the other, so
    micro P = 2/3 and R = 2/3, where a macro average would give 1/2."""
    good = cm.CompanyScore(fields={"systems": cm.FieldCount(2, 2, 2)})
    bad = cm.CompanyScore(fields={"systems": cm.FieldCount(0, 1, 1)})
    out = cm.split_metrics([good, bad])
    assert out["p_systems"] == pytest.approx(2 / 3)
    assert out["r_systems"] == pytest.approx(2 / 3)
    assert "p_goal" not in out and "r_goal" in out
    empty = cm.split_metrics([])
    assert all(v is None for v in empty.values())


# --- facts the plan uses ------------------------------------------------------------------


def share(facts: list[cm.FactUse]) -> float:
    return sum(f.used for f in facts) / len(facts)


def test_a_plan_that_acts_on_every_fact(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    facts = cm.facts_used(kestrel, roadmap)
    assert [f.fact for f in facts] == [
        "system MercuryGate",
        "system SAP",
        "regulation GDPR",
        "horizon 8",
        "stage pilot_done",
        "goal invoice matching",
        "constraint data_residency",
        "constraint skills_thin",
    ]
    assert share(facts) == 1.0


def test_a_missing_system_lowers_facts_used(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    dropped = with_phase(roadmap, 3, activities=["Connect the matcher to MercuryGate."])
    facts = cm.facts_used(kestrel, dropped)
    assert share(facts) < 1.0
    assert [f.fact for f in facts if not f.used] == ["system SAP"]


def test_the_company_block_does_not_count_as_use(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    """The profile names SAP S/4HANA; only the plan's own text counts."""
    dropped = with_phase(roadmap, 3, activities=["Connect the matcher to the ERP."])
    assert "SAP S/4HANA" in dropped.company.systems
    unused = [f.fact for f in cm.facts_used(kestrel, dropped) if not f.used]
    assert unused == ["system MercuryGate", "system SAP"]


def test_a_plan_that_ignores_the_stage_horizon_and_constraints(
    kestrel: CompanyCase, roadmap: Roadmap
) -> None:
    restarted = with_phase(with_phase(roadmap, 0, status="planned"), 1, status="planned")
    assert [f.fact for f in cm.facts_used(kestrel, restarted) if not f.used] == ["stage pilot_done"]
    longer = roadmap.model_copy(update={"horizon_months": 12})
    assert [f.fact for f in cm.facts_used(kestrel, longer) if not f.used] == ["horizon 8"]
    plain = with_phase(roadmap, 2, activities=["Build the pipeline."])
    unused = [f.fact for f in cm.facts_used(kestrel, plain) if not f.used]
    assert unused == ["regulation GDPR", "constraint data_residency", "constraint skills_thin"]
    assert all(not f.used for f in cm.facts_used(kestrel, None))


def test_the_explicit_horizon_argument_wins(cases: dict[str, CompanyCase]) -> None:
    heron = cases["co-test-heron"]
    assert cm.expected_horizon(heron) == 18
    assert cm.expected_horizon(cases["co-test-larch"]) == 12


@pytest.mark.parametrize(
    ("stage", "statuses", "ok"),
    [
        ("pilot_done", ["done", "done", "planned", "planned", "planned"], True),
        ("pilot_done", ["done", "review", "planned", "planned", "planned"], False),
        ("in_production", ["done", "done", "done", "review", "planned"], True),
        ("in_production", ["done", "done", "done", "done", "planned"], False),
        ("pilot_stalled", ["done", "review", "planned", "planned", "planned"], True),
        ("pilot_running", ["done", "planned", "planned", "planned", "planned"], False),
        ("exploring", ["planned"] * 5, True),
        ("unknown", ["done", "planned", "planned", "planned", "planned"], False),
    ],
)
def test_stage_consistency(stage: str, statuses: list[PhaseStatus], ok: bool) -> None:
    names = ["discovery", "pilot", "infrastructure", "production", "optimization"]
    phases = [phase(n, s, 0, 1, []) for n, s in zip(names, statuses, strict=True)]
    assert cm.stage_consistent(stage, phases) is ok  # type: ignore[arg-type]


# --- text defects -------------------------------------------------------------------------


def test_a_clean_roadmap_has_no_text_defects(roadmap: Roadmap) -> None:
    assert cm.text_defects(roadmap) == []


def test_a_doubled_word_raises_text_defects(roadmap: Roadmap) -> None:
    doubled = with_phase(roadmap, 2, activities=["Host the the matcher in the EU tenancy."])
    defects = cm.text_defects(doubled)
    assert len(defects) == 1
    assert defects[0].kind == "doubled word" and defects[0].fragment == "the the"
    assert defects[0].where == "infrastructure.activities[0]"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Review The the pilot.", ["doubled word"]),
        ("Scale from 2 2 sites.", []),  # numbers are not doubled words
        ("That that works is clear.", ["doubled word"]),
        ("Kestrel's's data team.", ["doubled possessive"]),
        ("The clients's's systems.", ["doubled possessive"]),
        ("Connect the matcher to.", ["dangling ending"]),
        ("Connect the matcher to the", ["dangling ending"]),
        ("Agree the budget with. Then start.", ["dangling ending"]),
        ("Needs the documents it may draw on; judged on time saved.", []),  # a clause
        ("Plan for the pilot and", ["dangling ending"]),
        ("Secure executive buy-in.", []),
        ("Fall back to Plan A.", []),
        ('Call it "the matcher.', ["unmatched quotes"]),
        ("Call it “the matcher.", ["unmatched quotes"]),
        ('Call it "the matcher".', []),
        ("Host it in-house (EU tenancy.", ["unbalanced parentheses"]),
        ("Host it in-house) (EU tenancy.", ["unbalanced parentheses"]),
        ("Host it in-house (EU tenancy).", []),
    ],
)
def test_string_defects(text: str, kinds: list[str]) -> None:
    assert [k for k, _ in cm.string_defects(text)] == kinds


def test_defects_are_found_in_every_part_we_wrote(roadmap: Roadmap) -> None:
    bad = "Review the the plan."
    for broken in (
        with_company(roadmap, summary=bad),
        with_company(roadmap, open_questions=[bad]),
        roadmap.model_copy(update={"assumptions": [bad]}),
        roadmap.model_copy(
            update={"use_cases": [roadmap.use_cases[0].model_copy(update={"rationale": bad})]}
        ),
    ):
        assert len(cm.text_defects(broken)) == 1
    # the user's own words in fact evidence are not ours to judge
    fact = Fact(field="goal", value="x", evidence="the the")
    assert cm.text_defects(with_company(roadmap, facts=[fact])) == []


# --- fact evidence ------------------------------------------------------------------------


def test_non_verbatim_evidence_lowers_validity(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    facts = list(roadmap.company.facts)
    assert all(cm.fact_evidence_validity(facts, kestrel.description))
    facts[1] = facts[1].model_copy(update={"evidence": "a 500 person company"})
    validity = cm.fact_evidence_validity(facts, kestrel.description)
    assert sum(validity) == len(validity) - 1
    # whitespace differences are not a defect; message and form facts are not judged
    spaced = Fact(field="name", value="x", evidence="Kestrel   Freight,\n a")
    typed = Fact(field="name", value="x", evidence="not in the text", source="form")
    assert cm.fact_evidence_validity([spaced, typed], kestrel.description) == [True]


def test_score_company_names_what_failed(kestrel: CompanyCase, roadmap: Roadmap) -> None:
    assert cm.score_company(kestrel, roadmap).failures() == []
    facts = [roadmap.company.facts[0].model_copy(update={"evidence": "Kestrel Logistics"})]
    broken = with_phase(
        with_company(roadmap, employees=450, facts=facts),
        3,
        activities=["Connect the the matcher to MercuryGate."],
    )
    score = cm.score_company(kestrel, broken)
    failures = score.failures()
    assert "profile employees: read 450, expected 500" in failures
    assert "plan does not use: system SAP" in failures
    assert any("doubled word" in f and "production.activities[0]" in f for f in failures)
    assert any("not verbatim" in f and "Kestrel Logistics" in f for f in failures)
    assert score.case_scores() == {
        "facts_used": 7 / 8,
        "text_defects": 1.0,
        "fact_evidence_validity": 0.0,
    }
    assert score.detail()["facts_unused"] == ["system SAP"]
    nothing = cm.score_company(kestrel, None)
    assert nothing.case_scores()["facts_used"] == 0.0
    assert nothing.fields["systems"] == cm.FieldCount(0, 0, 2)


# --- invariants ---------------------------------------------------------------------------


def planned(roadmap: Roadmap) -> Roadmap:
    """The same plan with no phase done, tiling 0..12."""
    windows = [(0, 2), (2, 5), (5, 7), (7, 10), (10, 12)]
    phases = [
        p.model_copy(update={"status": "planned", "start_month": s, "end_month": e})
        for p, (s, e) in zip(roadmap.phases, windows, strict=True)
    ]
    return roadmap.model_copy(update={"phases": phases, "horizon_months": 12})


def test_plan_invariants(roadmap: Roadmap) -> None:
    tiled = planned(roadmap)
    assert cm.plan_invariants_hold(tiled)
    assert not cm.plan_invariants_hold(with_phase(tiled, 2, citations=[]))
    assert not cm.plan_invariants_hold(with_phase(tiled, 2, start_month=4))
    assert not cm.plan_invariants_hold(tiled.model_copy(update={"phases": tiled.phases[:4]}))


def test_done_phases_at_month_zero_hold(roadmap: Roadmap) -> None:
    assert cm.plan_invariants_hold(roadmap)
    assert cm.plan_invariants_hold(with_phase(roadmap, 0, citations=[]))  # done: may cite none
    assert not cm.plan_invariants_hold(with_phase(roadmap, 1, end_month=2))  # done has width
    # the roadmap cases' check accepts the same plan (its windows are not the playbook's)
    assert m.invariants_hold(roadmap)
    assert not m.invariants_hold(with_phase(roadmap, 3, citations=[]))


# --- runner and report --------------------------------------------------------------------


def company_result(case_id: str, split: str, score: cm.CompanyScore) -> CaseResult:
    result = CaseResult(case_id, "companies", "company", split=split, company=score)
    result.scores |= score.case_scores()
    result.failures += score.failures()
    return result


def test_splits_are_reported_separately(
    cases: dict[str, CompanyCase], roadmap: Roadmap, tmp_path: Path
) -> None:
    kestrel, larch = cases["co-test-kestrel"], cases["co-test-larch"]
    out = Collector()
    out.add(company_result(kestrel.id, "dev", cm.score_company(kestrel, roadmap)))
    out.add(company_result(larch.id, "holdout", cm.score_company(larch, None)))
    metrics = out.metrics()
    assert metrics["facts_used"] == 1.0 and metrics["facts_used@holdout"] == 0.0
    assert metrics["r_systems"] == 1.0 and metrics["r_systems@holdout"] == 0.0
    assert metrics["text_defects"] == 0.0 and metrics["fact_evidence_validity"] == 1.0
    assert metrics["fact_evidence_validity@holdout"] is None  # no roadmap, no facts

    thresholds = load_thresholds(EVALS_DIR / "thresholds.yaml", "offline")
    company_gates = {k for k in thresholds if k.split("@")[0] in cm.split_metrics([])}
    assert company_gates == {k for k in metrics if k.split("@")[0] in cm.split_metrics([])}
    missed = compare(metrics, thresholds)
    assert "facts_used@holdout = 0.000 is below the minimum 0.8" in missed
    assert not any(m.startswith("facts_used =") for m in missed)

    table = field_table(metrics, thresholds)
    assert "| field | P dev | R dev | P holdout | R holdout |" in table
    systems = next(line for line in table if line.startswith("| systems |"))
    gates = [thresholds[k]["min"] for k in ("p_systems", "r_systems", "p_systems@holdout")]
    gates.append(thresholds["r_systems@holdout"]["min"])
    assert systems.count("(min ") == 4
    assert all(f"(min {g})" in systems for g in gates)
    assert next(line for line in table if line.startswith("| goal |")).startswith("| goal | — |")

    json_path, md_path = write_reports(
        tmp_path, "offline", metrics, thresholds, missed, out.results, {"cases_dir": "x"}
    )
    md = md_path.read_text()
    assert "## Company profile fields" in md and "company (holdout)" in md
    assert "| p_systems |" not in md  # the field table shows them, not the metrics table
    assert '"facts_unused": [' in json_path.read_text()
