"""Company-reading metrics: how well the roadmap job reads a company description.

Computed from the roadmap and the case's labels alone. Each function is small and pure
so a perturbation test can show it responds:

- per-field precision and recall of the profile (`field_counts`, `precision_recall`),
  micro-averaged over the cases of a split;
- `facts_used`: which labelled facts the plan itself (not the company block) acts on;
- `text_defects`: doubled words, doubled possessives, dangling endings, unmatched quotes
  or parentheses in what we wrote;
- `fact_evidence_validity`: each description fact quotes the description verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, get_args

from advisor.company.constraints import constraint_kinds
from advisor.evals.cases import CompanyCase, CompanyExpect, ConstraintKey, GoalKind
from advisor.grounding import is_verbatim, normalize, roadmap_errors
from advisor.schemas import CompanyProfile, Fact, PhaseName, PhasePlan, PhaseStatus, Roadmap, Stage

#: The profile fields scored, in report order. `goal` is scored for recall only.
FIELDS: tuple[str, ...] = (
    "name",
    "employees",
    "industry",
    "horizon_months",
    "stage",
    "regulations",
    "systems",
    "goal_kind",
    "goal",
    "data_maturity",
    "constraints",
)
RECALL_ONLY = frozenset({"goal"})
#: The constraint keys the cases label; other kinds a profile may state (regulation,
#: legacy systems, low data) are scored by their own fields, not as constraints.
CONSTRAINT_KEYS: frozenset[str] = frozenset(get_args(ConstraintKey))
DEFAULT_HORIZON = 12


# --- per-field precision and recall ------------------------------------------------------


@dataclass
class FieldCount:
    """Micro-average counts for one field: matched predictions (tp), predictions made,
    values expected."""

    tp: int = 0
    predicted: int = 0
    expected: int = 0

    def __add__(self, other: FieldCount) -> FieldCount:
        return FieldCount(
            self.tp + other.tp, self.predicted + other.predicted, self.expected + other.expected
        )


def precision_recall(count: FieldCount, cases: int) -> tuple[float | None, float | None]:
    """tp / predicted and tp / expected. A zero denominator over at least one case is
    vacuously 1.0 (nothing claimed is nothing wrong; nothing to find is nothing missed);
    with no case at all both are None (not measured)."""
    if cases == 0:
        return None, None
    precision = count.tp / count.predicted if count.predicted else 1.0
    recall = count.tp / count.expected if count.expected else 1.0
    return precision, recall


def name_key(name: str) -> str:
    """A company name compared case-insensitively with punctuation stripped."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def count_scalar(predicted: object, expected: object, same: bool) -> FieldCount:
    """One value per case; None is no prediction (or nothing expected)."""
    made, wanted = predicted is not None, expected is not None
    return FieldCount(int(made and wanted and same), int(made), int(wanted))


def count_name(predicted: str | None, expected: str | None) -> FieldCount:
    """Exact after lowercasing and stripping punctuation."""
    p = name_key(predicted or "") or None
    e = name_key(expected or "") or None
    return count_scalar(p, e, p is not None and p == e)


def count_industry(predicted: str | None, expected: str | None) -> FieldCount:
    """Lowercased substring either way ('logistics' matches 'freight logistics')."""
    p = (predicted or "").strip().lower() or None
    e = (expected or "").strip().lower() or None
    return count_scalar(p, e, p is not None and e is not None and (p in e or e in p))


def items_match(predicted: str, expected: str) -> bool:
    """Case-insensitive, either containing the other: 'SAP' and 'SAP S/4HANA' match."""
    p, e = normalize(predicted).lower(), normalize(expected).lower()
    return bool(p) and bool(e) and (p in e or e in p)


def count_items(predicted: Sequence[str], expected: Sequence[str]) -> FieldCount:
    """A list field: items paired one to one (a maximum matching under `items_match`),
    so a duplicate prediction is a false positive, not a second hit."""
    preds = list(dict.fromkeys(normalize(p) for p in predicted if normalize(p)))
    wants = list(dict.fromkeys(normalize(e) for e in expected if normalize(e)))
    partner: dict[int, int] = {}  # expected index -> predicted index

    def augment(i: int, seen: set[int]) -> bool:
        for j, want in enumerate(wants):
            if j in seen or not items_match(preds[i], want):
                continue
            seen.add(j)
            if j not in partner or augment(partner[j], seen):
                partner[j] = i
                return True
        return False

    tp = sum(augment(i, set()) for i in range(len(preds)))
    return FieldCount(tp, len(preds), len(wants))


def count_keys(predicted: Iterable[str], expected: Iterable[str]) -> FieldCount:
    """A set of keys: tp is the intersection."""
    p, e = set(predicted), set(expected)
    return FieldCount(len(p & e), len(p), len(e))


_GOAL_KINDS: tuple[tuple[GoalKind, str], ...] = (
    ("customer_support", "customer support automation"),
    ("predictive_analytics", "predictive analytics"),
    ("document_processing", "intelligent document processing"),
    ("generative_content", "generative"),
)


def first_use_case_text(roadmap: Roadmap | None) -> str:
    """The first use case's name, objective and rationale, lowercased."""
    if roadmap is None or not roadmap.use_cases:
        return ""
    uc = roadmap.use_cases[0]
    return normalize(f"{uc.name} {uc.business_objective} {uc.rationale}").lower()


def goal_kind_of(roadmap: Roadmap | None) -> GoalKind:
    """'none' when the profile states no goal; else the first playbook kind named in the
    first use case; else 'other'."""
    if roadmap is None or not roadmap.company.goals:
        return "none"
    text = first_use_case_text(roadmap)
    return next((kind for kind, name in _GOAL_KINDS if name in text), "other")


def goal_text(roadmap: Roadmap | None) -> str:
    """The stated goal as the plan carries it: profile.goals[0] + use_cases[0].name."""
    if roadmap is None:
        return ""
    goal = roadmap.company.goals[0] if roadmap.company.goals else ""
    name = roadmap.use_cases[0].name if roadmap.use_cases else ""
    return normalize(f"{goal} {name}").lower()


def keywords_in(keywords: Sequence[str], text: str) -> bool:
    """Every keyword occurs in the (lowercased) text."""
    low = text.lower()
    return all(k.lower() in low for k in keywords)


def predicted_values(roadmap: Roadmap | None) -> dict[str, object]:
    """What the roadmap read, per field; None (or empty) is no prediction."""
    profile = roadmap.company if roadmap is not None else CompanyProfile()
    kind = goal_kind_of(roadmap)
    return {
        "name": profile.name,
        "employees": profile.employees,
        "industry": profile.industry,
        "horizon_months": profile.horizon_months,
        "stage": None if profile.stage == "unknown" else profile.stage,
        "regulations": list(profile.regulations),
        "systems": list(profile.systems),
        "goal_kind": None if kind == "none" else kind,
        "goal": goal_text(roadmap),
        "data_maturity": None if profile.data_maturity == "unknown" else profile.data_maturity,
        "constraints": sorted(k for k in constraint_kinds(profile) if k in CONSTRAINT_KEYS),
    }


def expected_values(expect: CompanyExpect) -> dict[str, object]:
    """The case's labels, per field, in the form `predicted_values` uses."""
    return {
        "name": expect.name,
        "employees": expect.employees,
        "industry": expect.industry,
        "horizon_months": expect.horizon_months,
        "stage": None if expect.stage == "unknown" else expect.stage,
        "regulations": list(expect.regulations),
        "systems": list(expect.systems),
        "goal_kind": None if expect.goal_kind == "none" else expect.goal_kind,
        "goal": list(expect.goal_keywords),
        "data_maturity": None if expect.data_maturity == "unknown" else expect.data_maturity,
        "constraints": sorted(expect.constraints),
    }


def count_field(name: str, predicted: object, expected: object) -> FieldCount:
    """The counts of one field of one case, by that field's matching rule."""
    if name == "name":
        return count_name(_opt_str(predicted), _opt_str(expected))
    if name == "industry":
        return count_industry(_opt_str(predicted), _opt_str(expected))
    if name in ("regulations", "systems"):
        return count_items(_strs(predicted), _strs(expected))
    if name == "constraints":
        return count_keys(_strs(predicted), _strs(expected))
    if name == "goal":  # recall only: all keywords in the goal as the plan carries it
        keywords = _strs(expected)
        if not keywords:
            return FieldCount()
        return FieldCount(int(keywords_in(keywords, str(predicted or ""))), 0, 1)
    return count_scalar(predicted, expected, predicted == expected)


def field_counts(expect: CompanyExpect, roadmap: Roadmap | None) -> dict[str, FieldCount]:
    """Every field's counts for one case (no roadmap: nothing predicted)."""
    predicted, expected = predicted_values(roadmap), expected_values(expect)
    return {f: count_field(f, predicted[f], expected[f]) for f in FIELDS}


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strs(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


# --- facts the plan uses ------------------------------------------------------------------


class FactUse(NamedTuple):
    fact: str
    used: bool


def plan_text(roadmap: Roadmap) -> str:
    """What the plan says, lowercased: the phases' objectives, activities, deliverables,
    success metrics and risks, the use cases, the risks and assumptions. Not the
    company block, which only restates what was read."""
    parts: list[str] = []
    for phase in roadmap.phases:
        for items in (
            phase.objectives,
            phase.activities,
            phase.deliverables,
            phase.success_metrics,
            phase.risks,
        ):
            parts += items
    for uc in roadmap.use_cases:
        parts += [uc.name, uc.business_objective, uc.rationale]
    parts += roadmap.risks + roadmap.assumptions
    return normalize(" \n ".join(parts)).lower()


#: Phase statuses a stage implies; a phase not named must not be done.
STAGE_STATUSES: Mapping[Stage, Mapping[PhaseName, PhaseStatus]] = {
    "pilot_done": {"discovery": "done", "pilot": "done"},
    "in_production": {
        "discovery": "done",
        "pilot": "done",
        "infrastructure": "done",
        "production": "review",
    },
    "pilot_stalled": {"discovery": "done", "pilot": "review"},
    "pilot_running": {"discovery": "done", "pilot": "review"},
}


def stage_consistent(stage: Stage, phases: Sequence[PhasePlan]) -> bool:
    """The phase statuses start where the company stands (exploring, pilot_planned and
    unknown: no phase done)."""
    required = STAGE_STATUSES.get(stage, {})
    return all(
        p.status == required[p.phase] if p.phase in required else p.status != "done" for p in phases
    )


#: Words in the plan that show it acts on each constraint.
CONSTRAINT_WORDS: Mapping[str, tuple[str, ...]] = {
    "data_residency": ("tenancy", "on-premise", "residency", "in-house hosting"),
    "works_council": ("works council", "union", "staff representatives"),
    "public_tender": ("tender", "procurement"),
    "deadline_event": ("deadline",),
    "budget_tight": ("budget",),
    "skills_thin": ("skills", "partner", "training"),
}


def expected_horizon(case: CompanyCase) -> int:
    """The horizon the plan must span: the explicit argument, else the text's, else 12."""
    return case.horizon_months or case.expect.horizon_months or DEFAULT_HORIZON


def facts_used(case: CompanyCase, roadmap: Roadmap | None) -> list[FactUse]:
    """Each labelled fact and whether the plan uses it: every system and regulation
    named in the plan text, the horizon spanned, phase statuses consistent with the
    stage, the goal's keywords in the first use case, each constraint acted on."""
    expect = case.expect
    facts: list[tuple[str, bool]] = []
    text = plan_text(roadmap) if roadmap is not None else ""
    for system in expect.systems:
        facts.append((f"system {system}", bool(text) and normalize(system).lower() in text))
    for regulation in expect.regulations:
        facts.append(
            (f"regulation {regulation}", bool(text) and normalize(regulation).lower() in text)
        )
    horizon = expected_horizon(case)
    facts.append((f"horizon {horizon}", roadmap is not None and roadmap.horizon_months == horizon))
    facts.append(
        (
            f"stage {expect.stage}",
            roadmap is not None and stage_consistent(expect.stage, roadmap.phases),
        )
    )
    if expect.goal_keywords:
        facts.append(
            (
                f"goal {' '.join(expect.goal_keywords)}",
                roadmap is not None
                and keywords_in(expect.goal_keywords, first_use_case_text(roadmap)),
            )
        )
    for key in expect.constraints:
        facts.append((f"constraint {key}", any(w in text for w in CONSTRAINT_WORDS[key])))
    return [FactUse(name, used) for name, used in facts]


# --- text defects ---------------------------------------------------------------------------


class Defect(NamedTuple):
    where: str
    kind: str
    fragment: str
    text: str


_DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+)\s+\1(?![\w'’-])", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s['’]s")
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+|$)")
_WORD = re.compile(r"[\w'’-]+")
DANGLING = frozenset(
    {"to", "of", "for", "in", "on", "with", "against", "at", "by", "from", "the", "a", "an", "and"}
)


def dangling_endings(text: str) -> list[str]:
    """The sentences (and the item itself) that end on a preposition, article or 'and'.
    A capital 'A' (Plan A) is a name, not an article; 'buy-in' is one word."""
    out = []
    for sentence in _SENTENCE_BREAK.split(text):
        words = _WORD.findall(sentence)
        if words and words[-1].lower() in DANGLING and words[-1] != "A":
            out.append(" ".join(words[-4:]))
    return out


def parentheses_balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def string_defects(text: str) -> list[tuple[str, str]]:
    """The defects of one string we wrote, as (kind, fragment)."""
    found = [("doubled word", m.group(0)) for m in _DOUBLED.finditer(text)]
    found += [("doubled possessive", m.group(0)) for m in _POSSESSIVE.finditer(text)]
    found += [("dangling ending", s) for s in dangling_endings(text)]
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        found.append(("unmatched quotes", text))
    if not parentheses_balanced(text):
        found.append(("unbalanced parentheses", text))
    return found


def written_texts(roadmap: Roadmap) -> list[tuple[str, str]]:
    """Every string we wrote, with where it is: phases, use cases, risks, assumptions,
    and the company's summary, goals, constraints and open questions. Not citation
    quotes (the playbook's words) nor fact evidence (the user's)."""
    out: list[tuple[str, str]] = []
    for phase in roadmap.phases:
        out.append((f"{phase.phase}.title", phase.title))
        for name in ("objectives", "activities", "deliverables", "success_metrics", "risks"):
            out += [(f"{phase.phase}.{name}[{i}]", s) for i, s in enumerate(getattr(phase, name))]
    for n, uc in enumerate(roadmap.use_cases):
        out += [
            (f"use_cases[{n}].name", uc.name),
            (f"use_cases[{n}].business_objective", uc.business_objective),
            (f"use_cases[{n}].rationale", uc.rationale),
        ]
    out += [(f"risks[{i}]", s) for i, s in enumerate(roadmap.risks)]
    out += [(f"assumptions[{i}]", s) for i, s in enumerate(roadmap.assumptions)]
    company = roadmap.company
    out.append(("company.summary", company.summary))
    for name in ("goals", "constraints", "open_questions"):
        out += [(f"company.{name}[{i}]", s) for i, s in enumerate(getattr(company, name))]
    return out


def text_defects(roadmap: Roadmap) -> list[Defect]:
    """Every text defect in what the roadmap wrote, with where it is."""
    return [
        Defect(where, kind, fragment, text)
        for where, text in written_texts(roadmap)
        for kind, fragment in string_defects(text)
    ]


# --- fact evidence ----------------------------------------------------------------------------


def fact_evidence_validity(facts: Sequence[Fact], description: str) -> list[bool]:
    """Each fact read from the description: its evidence is a verbatim excerpt of it.
    Facts from a message or a form are not judged here."""
    return [is_verbatim(f.evidence, description) for f in facts if f.source == "description"]


# --- invariants -------------------------------------------------------------------------------


def plan_invariants_hold(roadmap: Roadmap) -> bool:
    """The phase invariants the grounding layer enforces (done phases a zero-width prefix
    at month 0, the others tiling 0..horizon), and every phase still to do cites."""
    return not roadmap_errors(roadmap) and all(
        p.citations for p in roadmap.phases if p.status != "done"
    )


# --- one case, one split --------------------------------------------------------------------


@dataclass
class CompanyScore:
    """Everything one company case contributes to its split's metrics, kept so the
    report can say exactly what was missed."""

    fields: dict[str, FieldCount] = field(default_factory=dict)
    predicted: dict[str, object] = field(default_factory=dict)
    expected: dict[str, object] = field(default_factory=dict)
    facts: list[FactUse] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    evidence: list[bool] = field(default_factory=list)
    invalid_evidence: list[str] = field(default_factory=list)

    def case_scores(self) -> dict[str, float | None]:
        used = sum(f.used for f in self.facts)
        return {
            "facts_used": used / len(self.facts) if self.facts else None,
            "text_defects": float(len(self.defects)),
            "fact_evidence_validity": (
                sum(self.evidence) / len(self.evidence) if self.evidence else None
            ),
        }

    def detail(self) -> dict[str, Any]:
        """The report's view of this case: counts, values, facts, defects."""
        return {
            "fields": {
                name: {"tp": c.tp, "predicted": c.predicted, "expected": c.expected}
                for name, c in self.fields.items()
            },
            "predicted": self.predicted,
            "expected": self.expected,
            "facts_used": [f.fact for f in self.facts if f.used],
            "facts_unused": [f.fact for f in self.facts if not f.used],
            "text_defects": [d._asdict() for d in self.defects],
            "invalid_evidence": self.invalid_evidence,
        }

    def failures(self) -> list[str]:
        """What went wrong, in sentences a reader can act on."""
        out = []
        for name, count in self.fields.items():
            if name in RECALL_ONLY:
                if count.tp < count.expected:
                    out.append(
                        f"profile {name}: keywords {self.expected[name]} not all in "
                        f"{self.predicted[name]!r}"
                    )
            elif count.tp < max(count.predicted, count.expected):
                out.append(
                    f"profile {name}: read {self.predicted[name]!r}, "
                    f"expected {self.expected[name]!r}"
                )
        unused = [f.fact for f in self.facts if not f.used]
        if unused:
            out.append(f"plan does not use: {', '.join(unused)}")
        for d in self.defects:
            out.append(f"text defect ({d.kind}) in {d.where}: {d.fragment!r} in {_short(d.text)!r}")
        if self.invalid_evidence:
            out.append(f"fact evidence not verbatim: {self.invalid_evidence}")
        return out


def score_company(case: CompanyCase, roadmap: Roadmap | None) -> CompanyScore:
    """Score one company case (no roadmap: the job failed, nothing was read)."""
    score = CompanyScore(
        fields=field_counts(case.expect, roadmap),
        predicted=predicted_values(roadmap),
        expected=expected_values(case.expect),
        facts=facts_used(case, roadmap),
    )
    if roadmap is not None:
        score.defects = text_defects(roadmap)
        facts = [f for f in roadmap.company.facts if f.source == "description"]
        score.evidence = fact_evidence_validity(facts, case.description)
        score.invalid_evidence = [
            f"{f.field}: {f.evidence!r}"
            for f, ok in zip(facts, score.evidence, strict=True)
            if not ok
        ]
    return score


def split_metrics(scores: Sequence[CompanyScore]) -> dict[str, float | None]:
    """One split's metrics, micro-averaged over its cases: fact_evidence_validity,
    text_defects (a total count), facts_used, then p_<field> and r_<field>."""
    evidence = [ok for s in scores for ok in s.evidence]
    facts = [f.used for s in scores for f in s.facts]
    out: dict[str, float | None] = {
        "fact_evidence_validity": sum(evidence) / len(evidence) if evidence else None,
        "text_defects": float(sum(len(s.defects) for s in scores)) if scores else None,
        "facts_used": sum(facts) / len(facts) if facts else None,
    }
    for name in FIELDS:
        total = sum((s.fields.get(name, FieldCount()) for s in scores), FieldCount())
        precision, recall = precision_recall(total, len(scores))
        if name not in RECALL_ONLY:
            out[f"p_{name}"] = precision
        out[f"r_{name}"] = recall
    return out


def is_field_metric(name: str) -> bool:
    """p_<field> or r_<field>, with or without a split suffix."""
    base = name.split("@", 1)[0]
    return base[:2] in ("p_", "r_") and base[2:] in FIELDS


def _short(text: str, width: int = 80) -> str:
    text = normalize(text)
    return text if len(text) <= width else text[: width - 1] + "…"
