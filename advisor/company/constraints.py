"""The kinds of constraint a company can state, and how a profile names them.

A constraint in `CompanyProfile.constraints` reads "<Label>: <what was said>", so the
plan rules, the page and the evals can tell its kind without re-reading the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from advisor.company.text import Sentence
from advisor.schemas import CompanyProfile

ConstraintKind = Literal[
    "data_residency",
    "works_council",
    "public_tender",
    "deadline_event",
    "budget_tight",
    "skills_thin",
    "regulation",
    "legacy_systems",
    "low_data",
]
LABELS: dict[ConstraintKind, str] = {
    "data_residency": "Data residency",
    "works_council": "Works council",
    "public_tender": "Public tender",
    "deadline_event": "Deadline",
    "budget_tight": "Budget",
    "skills_thin": "Skills",
    "regulation": "Regulation",
    "legacy_systems": "Systems",
    "low_data": "Data",
}
_BY_LABEL = {label.lower(): kind for kind, label in LABELS.items()}


def labelled(kind: ConstraintKind, said: str) -> str:
    """'Data residency: nothing can leave our tenancy'."""
    return f"{LABELS[kind]}: {said}"


def kind_of(constraint: str) -> ConstraintKind | None:
    label = constraint.split(":", 1)[0].strip().lower() if ":" in constraint else ""
    return _BY_LABEL.get(label)


def constraint_kinds(profile: CompanyProfile) -> set[ConstraintKind]:
    """The kinds of constraint a profile states."""
    return {k for c in profile.constraints if (k := kind_of(c)) is not None}


_W = r"[\w'’-]+"
_PLACE = (
    r"(?:tenancy|tenant|country|eu|e\.u\.|uk|european union|data cent(?:re|er)s?|servers?|"
    r"premises|region|infrastructure|cloud|network|jurisdiction|borders|walls|estate|"
    r"environment|(?-i:[A-Z])[\w-]+)"
)
_DETECT: tuple[tuple[ConstraintKind, re.Pattern[str]], ...] = (
    (
        "data_residency",
        re.compile(
            rf"\b(?:nothing|no data|no {_W} data|data|records|files|it|information)\s+"
            rf"(?:{_W}\s+){{0,3}}(?:can|may|must|should|is allowed to|are allowed to)(?:n't| not|"
            rf" never)\s+(?:{_W}\s+){{0,2}}(?:leave|go|be sent|be stored|be hosted|cross|move)"
            rf"|\bnothing\s+(?:{_W}\s+){{0,4}}(?:can|may|must|should|is allowed to|will|is to)\s+"
            r"(?:ever\s+)?(?:leave|go outside|be sent|be stored outside|cross|go to (?:a |an "
            r"|any )?"
            r"(?:third[- ]party|public|external|outside|foreign|us|american|hosted))"
            r"|\bnothing (?:[\w'’-]+\s+){0,3}(?:goes|go|leaves|is sent|gets sent|moves) (?:to|into|"
            r"outside|out of|offshore|abroad)\b"
            r"|\b(?:never|not) (?:leaves?|leaving|leave)\b"
            r"|\b(?:can't|cannot|can not|must not|mustn't|may not|is not allowed to"
            r"|are not allowed "
            r"to) be (?:hosted|stored|processed|kept|held|sent) (?:outside|abroad|offshore)\b"
            r"|\binsists?(?: that)? (?:their|our|the|its) (?:[\w'’-]+\s+)?data (?:is|be|are"
            r"|stays?) "
            r"(?:processed|stored|hosted|kept|held)?\s*(?:only )?(?:in|within|inside)\b"
            r"|\b(?:require|requires|required|want|wants|insist|insists)\s+(?:[\w'’-]+\s+){0,3}"
            r"(?:data|information|records)\s+(?:to\s+)?(?:stay|remain|be (?:stored|kept|hosted))\s+"
            r"(?:in|within|inside|on)\b"
            r"|\b(?:must|has to|have to|needs? to|should|will)\s+(?:\w+\s+)?(?:stay|remain|"
            r"be (?:stored|hosted|kept|processed|held))\s+(?:in|within|on|inside)\s+"
            rf"(?:the |our |their |a )?(?:{_W}\s+){{0,2}}{_PLACE}"
            r"|\b(?:data residency|data sovereignty|data locali[sz]ation|on[- ]prem(?:ise|ises)? "
            r"only|no (?:public )?cloud|air[- ]gapped|self[- ]hosted only|never leave|"
            r"must not leave|cannot leave|can't leave|can not leave|not leave our|"
            r"stays? (?:in|within|inside) (?:our|the) (?:tenancy|tenant|country|eu|walls))",
            re.I,
        ),
    ),
    (
        "works_council",
        re.compile(
            r"\b(?:works council|workers'? council|trade unions?|labou?r unions?|the union|"
            r"our union|unions?\b(?= (?:must|has|have|will|need|agreement|rep|is|are))|"
            r"unionised|unionized|staff representatives|employee representatives|"
            r"betriebsrat|collective (?:bargaining )?agreement|shop stewards?|staff council|"
            r"(?:branch|staff|employees|workers|reps?|representatives) (?:wants?|gets?|needs?"
            r"|must have) "
            r"a say|(?<!credit )union (?:branch|reps?|wants|must|has to|needs|insists))",
            re.I,
        ),
    ),
    (
        "public_tender",
        re.compile(
            r"\b(?:public (?:tender|procurement)|tender(?:ing)? (?:process|rules|procedure)|"
            r"(?:a|an open|formal|competitive|eu) tender|go to tender|"
            r"procurement (?:rules|process|regulations|law|framework|cycle|requirements)|"
            r"procurement (?:has to|must|needs to|will have to)|"
            rf"(?:go|goes|buy|bought) through (?:a|an|the) (?:{_W}\s+){{0,3}}framework|"
            r"framework agreement|g-cloud|request for proposals?|\brfp\b|ojeu|"
            r"competitive bidding|competitive bids?|open procurement"
            r"|public contracts? regulations)",
            re.I,
        ),
    ),
    (
        "deadline_event",
        re.compile(
            r"\b(?:before|by|ahead of|in time for|for|until|prior to)\s+(?:the |our |their |next "
            rf"|this |a )?(?:{_W}\s+){{0,3}}(?:peak|peak season|holiday season|christmas rush|"
            r"black friday|funding round|series [a-e]|ipo|audit|trade (?:show|fair)|expo|"
            r"go-live|launch|school year|academic year|semester|term starts|open enrol?lment|"
            r"harvest|season|board meeting|merger|acquisition closes|fiscal year(?:-end)?|"
            r"year[- ]end|budget cycle|renewal|contract ends|licen[cs]e (?:expires|renewal)|"
            r"inspection|exam|regulatory deadline|compliance deadline|election|olympics"
            r"|world cup|registration|enrol?ment|intake|open day|financial year|grant|ramadan|eid|"
            r"diwali|easter|christmas|lunar new year|new year|retreat|board review|summit)\b"
            r"|\b(?:our |the )?busiest (?:month|season|time|period|week)s?\b"
            r"|\b(?:has|have|must|needs?) to be (?:shown|ready|live|done|delivered|presented"
            r"|running|"
            r"working|in place) (?:at|by|before|for|in time for) (?:the|our|a|next)\b"
            r"|\b(?:series [a-e]|funding round|ipo|inspection|audit|regulatory exam|exam|go-live|"
            r"peak|peak trading|season|black friday|christmas)\b[^.]{0,80}\b(?:before (?:it"
            r"|then|that)|"
            r"by then|must be covered|has to be covered|is the deadline|real deadline)"
            r"|(?<!no )(?<!not a )\b(?:real|hard|firm|fixed|immovable) deadline\b"
            r"|\b(?:exam|inspection|audit|renewal|launch|go-live|funding round|ipo)\s+is\s+"
            r"(?:next|in|due|scheduled|on|planned for)\b"
            r"|\b(?:deadline|cut-?off) (?:is|of)\s+(?:the )?(?:\w+\s+){0,3}\w+",
            re.I,
        ),
    ),
    (
        "budget_tight",
        re.compile(
            r"\b(?:tight|limited|small|modest|low|constrained|shoestring|lean|fixed|capped)\s+"
            r"(?:it\s+|ai\s+|project\s+)?budgets?"
            r"|\bbudgets?\s+(?:is|are|was)\s+(?:very\s+|quite\s+|really\s+)?(?:tight|limited|small|"
            r"constrained|modest|capped|thin|less|low|not big)"
            r"|\bbudget\s+constraints?|\bcost[- ]conscious|\bcannot afford|\bcan't afford"
            r"|\bon a (?:tight )?budget|\bbudget of (?:only|just)|\bcost pressure|\bmoney is tight"
            r"|\bmoney'?s tight|\bfinancial pressure|\bno (?:big |large )?budget"
            r"|\bcash(?:[- ]?flow)? is (?:tight|short|limited)|\b(?:tight|limited) cash"
            r"|\bmoney (?:is |has been |'s )?(?:scarce|short|tight)\b"
            r"|\b(?:spend|spending|budgets?) (?:is|are|has been|have been) (?:frozen|cut"
            r"|capped|slashed)\b"
            r"|\bnot much (?:money|budget)|\bcash[- ]strapped",
            re.I,
        ),
    ),
    (
        "skills_thin",
        re.compile(
            r"\b(?:no|little|limited|few|lack(?:s|ing)? of|lack(?:s|ing)?|zero|not much|"
            r"without(?: a| any)?|don't have(?: a| any)?|do not have(?: a| any)?)\s+"
            r"(?:dedicated\s+|in-house\s+|internal\s+|real\s+)?(?:(?:ai|ml|machine learning|data|"
            r"data science|analytics|technical|it|tech|bi)\s*(?:skills|expertise|experience|talent|"
            r"know-how|engineers?|developers|team|teams|scientists?|people|staff|function|ppl)|"
            r"(?:skills|expertise|talent|know-how|data scientists?|data engineers?|developers))\b"
            r"|\bskills?\s+gap|\bsmall it (?:team|department)|\bit (?:team|department) (?:of|is) "
            r"(?:one|two|three|\d)\b|\bone it (?:person|guy)|\bnew to ai|\bfirst ai project"
            r"|\bit is outsourced|\boutsourced? (?:our |all )?it\b"
            r"|\bnone of (?:them|us|the team|my team) (?:has|have) (?:ever )?(?:touched|used"
            r"|worked "
            r"with|done) (?:ai|machine learning|ml)\b|\bstretched thin\b"
            r"|\b(?:our )?it is (?:one|a single|just one|an?) (?:outsourced |external |part-time )?"
            r"(?:technician|person|guy|contractor|freelancer|admin)\b"
            r"|\bnobody (?:here )?is technical\b|\bour one (?:dev|developer|it person|admin"
            r"|engineer)\b"
            r"|\b(?:two|three)[- ]person it (?:team|department)\b|\bit team of (?:two|three)\b"
            r"|\b(?:too small|not big enough|nowhere near big enough) (?:for|to have) (?:a |an )?"
            r"(?:data|it|ai|analytics)|\b(?:exactly |only |just )?one data (?:engineer"
            r"|scientist|person)",
            re.I,
        ),
    ),
)


@dataclass(frozen=True)
class Stated:
    """A constraint as the text states it."""

    kind: ConstraintKind
    said: str  # the matched words, as written
    sentence: Sentence
    start: int
    end: int


def read_constraints(sentences: Sequence[Sentence]) -> list[Stated]:
    """The first statement of each kind of constraint, in the order of the kinds."""
    found: list[Stated] = []
    for kind, pattern in _DETECT:
        for sentence in sentences:
            match = pattern.search(sentence.text)
            if match:
                said = _clause(sentence.text, match.start(), match.end())
                found.append(Stated(kind, said, sentence, match.start(), match.end()))
                break
    return found


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a match, so 'nothing can leave our tenancy' reads whole."""
    lo = max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind(":", 0, start))
    stops = [
        i for i in (text.find(",", end), text.find(";", end), text.find(" and ", end)) if i >= 0
    ]
    hi = min(stops) if stops else len(text)
    clause = text[lo + 1 : hi].strip(" .!?")
    return clause if 0 < len(clause) <= 160 else text[start:end]
