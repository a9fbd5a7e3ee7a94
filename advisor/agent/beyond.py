"""Requests for a kind of datum the playbook does not hold: an amount of money, a
threshold value, a formula, contact details, a list of named firms, code, a legal
ruling. However close its words are to the playbook's, such a request cannot be
answered from it, and saying so beats quoting the nearest passage about budgets.

Each kind pairs what a question asking for one says with what a passage giving one
looks like. A request counts as beyond the playbook only when none of the passages
found for the question holds that kind, so knowledge that does state figures or
formulas is answered from. A datum merely mentioned ("we spent $200k and nobody uses
it") is no request for one: the patterns read the asking ("how much does ... cost",
"in euros", "is 90% enough").

Every pattern is linear: bounded gaps, no nested repetition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MONEY = r"(?:euros?|dollars?|pounds?|usd|eur|gbp|francs?|rupees?|yen)"
_AMOUNT = rf"[$€£]\s?\d|(?<![\d,.])\d[\d,.]*+\s?(?:k|m|bn|million|billion|thousand)?\s?{_MONEY}\b"


@dataclass(frozen=True)
class Datum:
    """One kind of datum: how a question asks for it and how a passage gives it."""

    name: str
    asked: re.Pattern[str]
    given: re.Pattern[str]


KINDS: tuple[Datum, ...] = (
    Datum(
        "amounts of money",
        re.compile(
            rf"\b(?:in|how many) {_MONEY}s?\b|\b(?:{_MONEY}|cash) (?:amount|figure|budget|value|"
            r"cost|price|number|range|spend)\b"
            r"|\bhow much\b[^.?!]{0,50}\b(?:cost|costs|charge|charges|pay|spend|price|invest|"
            r"set aside)\b"
            r"|\b(?:is|are|which|whats?|what's)\b[^.?!]{0,40}\b(?:cheap(?:er|est)|more expensive)\b"
            r"|\bwhat (?:percentage|share|portion|fraction|part) of (?:our |the |a |an )?(?:\w+ )?"
            r"(?:budget|revenue|turnover|spend|costs?)\b"
            r"|\b(?:realistic|typical|average|ballpark|rough|usual|going)\s+(?:\w+\s)?(?:budget|"
            r"cost|price|spend|rate|fee|amount)s?\b"
            r"|\bper (?:million|thousand|1,?000|1m|1k) tokens\b|\bsalar(?:y|ies)\b"
            r"|\b(?:hourly|day|daily) rates?\b|\b(?:licen[cs]e|subscription) (?:price|fee|cost)s?\b"
            r"|\bdiscount (?:is|would be) realistic\b"
            rf"|(?:{_AMOUNT})[^.?!]{{0,40}}\b(?:enough|too (?:much|little|low|high)|realistic|"
            r"reasonable|sufficient|overkill)\b"
            rf"|\b(?:enough|realistic|reasonable|sufficient)\b[^.?!]{{0,40}}(?:{_AMOUNT})",
            re.I,
        ),
        re.compile(_AMOUNT, re.I),
    ),
    Datum(
        "threshold values",
        re.compile(
            r"\b(?:minimum|maximum|min|max|target|acceptable|required)\s+(?:\w+\s)?(?:accuracy|"
            r"precision|recall|f1|uptime|latency|error rate|score)\b"
            r"|\b(?:alert|alerting|accuracy|confidence|drift|similarity)\s+thresholds?\b"
            r"|\bwhat (?:cut-?off|thresholds?)\b"
            r"|\d(?:\.\d+)?\s?(?:%|percent)[^.?!]{0,40}\b(?:enough|sufficient|good enough|"
            r"acceptable|ok|okay)\b",
            re.I,
        ),
        re.compile(r"\d(?:\.\d+)?\s?(?:%|percent\b)|\bthreshold of \d", re.I),
    ),
    Datum(
        "formulas or accounting treatments",
        re.compile(
            r"\b(?:formulas?|formulae|equations?|npv|irr|discount rates?|payback period|"
            r"amorti[sz]\w*|depreciat\w*|capex)\b",
            re.I,
        ),
        re.compile(r"\b(?:formula|equation)\b|\w\s?=\s?[\w(]", re.I),
    ),
    Datum(
        "contact details or lists of named firms",
        re.compile(
            r"\bcontact (?:details|info\w*|persons?|people|names?)\b|\be-?mail address(?:es)?\b"
            r"|\bphone numbers?\b"
            r"|\bname and (?:e-?mail|phone|number)\b"
            r"|\b(?:list|names?) of (?:the )?(?:[\w-]+ ){0,3}(?:vendors|companies|firms|suppliers|"
            r"startups|consultanc(?:y|ies)|consultants|providers|partners|integrators|"
            r"manufacturers|retailers|insurers|banks)\b"
            r"|\b(?:recomm?end|suggest|name)\s(?:me |us )?(?:a|an|some|any|the best|good)\s"
            r"(?:\w+\s){0,2}(?:consultanc(?:y|ies)|consultants?|auditors?|agenc(?:y|ies)|vendors?|"
            r"suppliers?|integrators?|firms?|law firms?)\b",
            re.I,
        ),
        re.compile(
            r"[\w.+-]+@[\w-]+\.\w|\+\d[\d ()-]{7,}|\b[A-Z]\w+ (?:Inc|Ltd|LLC|GmbH|Corp|plc)\b"
        ),
    ),
    Datum(
        "code",
        re.compile(
            r"\b(?:write|give|generate|show|make|send)\b[^.?!]{0,40}\b(?:script|code|function|"
            r"program|sql|regex|dag|snippet)\b",
            re.I,
        ),
        re.compile(r"```|^\s*(?:def|import|select|class) \w", re.I | re.M),
    ),
    Datum(
        "staffing numbers",
        re.compile(
            r"\bhow many (?:[\w-]+ ){0,4}(?:people|staff|engineers|scientists|developers|analysts|"
            r"hires|employees|ftes?|heads)\b[^.?!]{0,30}\b(?:hire|need|recruit|staff|dedicate|"
            r"budget|assign)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:[\w-]+ )?(?:people|"
            r"engineers|data scientists|developers|analysts|ftes?)\b",
            re.I,
        ),
    ),
    Datum(
        "statistical methods",
        re.compile(
            r"\b(?:t-tests?|mann-whitney|wilcoxon|chi-squared?|anova|p-values?|sample sizes?|"
            r"statistical (?:power|significance|test)|confidence intervals?)\b"
            r"|\b\d+ ?% power\b|\balpha (?:of |= ?)?0?\.\d",
            re.I,
        ),
        re.compile(r"\b(?:t-test|p-value|sample size|statistical power|confidence interval)", re.I),
    ),
    Datum(
        "legal rulings",
        re.compile(
            r"\b(?:lawsuit|sued|sue (?:us|them)|litigation|legal (?:defen[cs]e|advice|strategy|"
            r"ruling|opinion))\b|\bshould we settle\b"
            r"|(?:^|[.?!;:]\s|\b(?:and|but|also|then|know|wondering)\s)(?:does|do|would|will|"
            r"whether|if)\s[^.?!]{0,40}\b(?:act|law|directive|regulation|"
            r"gdpr|hipaa|ccpa)\b[^.?!]{0,40}\bappl(?:y|ies)\b"
            r"|\b(?:act|law|directive|regulation|rules)\b[^.?!]{0,30}\b(?:enforceable|in force|"
            r"take effect|comes? into (?:force|effect))\b"
            r"|\b(?:maximum|max|civil|criminal)\s(?:\w+\s)?(?:penalt(?:y|ies)|fines?)\b|\bfined\b"
            r"|\b(?:compliance|filing|reporting|legal|regulatory) deadlines?\b"
            r"|\blegally (?:obliged|obligated|required|bound)\b"
            r"|\b(?:classified|classed|count(?:s|ed)?|qualif(?:y|ies)) as (?:a )?high[- ]risk\b"
            r"|\b(?:fines?|penalt(?:y|ies)) (?:for|under|would)\b|\bgive (?:us|me) a ruling\b",
            re.I,
        ),
        re.compile(r"\b(?:article|art\.|§)\s?\d+|\bdeadline for (?:compliance|filing)\b", re.I),
    ),
)


def wanted(text: str) -> list[Datum]:
    """The kinds of datum the text asks for, whatever the passages hold."""
    return [kind for kind in KINDS if kind.asked.search(text)]


def missing(text: str, passages: Iterable[str]) -> Datum | None:
    """The first kind of datum the text asks for that none of the passages gives."""
    kinds = wanted(text)
    if not kinds:
        return None
    found = list(passages)
    return next((k for k in kinds if not any(k.given.search(p) for p in found)), None)
