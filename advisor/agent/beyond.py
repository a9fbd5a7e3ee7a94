"""Requests for a kind of datum the playbook does not hold: an amount of money, a
threshold value, a formula, contact details or a list of named firms, a headcount, a
statistical method, code, a legal ruling. However close its words are to the
playbook's, such a request cannot be answered from it, and saying so beats quoting the
nearest passage about budgets.

Each kind pairs what a question asking for one says with what a passage giving one
looks like. A request counts as beyond the playbook only when none of the passages
found for the question holds that kind, so knowledge that does state figures or
formulas is answered from. A datum merely mentioned ("we spent $200k and nobody uses
it") is no request for one: the patterns read the asking ("how much does ... cost",
"in euros", "is 90% enough").

Every pattern is linear: bounded gaps, possessive runs, no unbounded nested repetition
(tests/unit/test_beyond.py reads runs of 20,000 characters; bench/hostile_input.py
times them through the API).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_MONEY = r"(?:euros?|dollars?|pounds?|usd|eur|gbp|francs?|rupees?|yen)"
_AMOUNT = rf"[$€£]\s?\d|(?<![\d,.])\d[\d,.]*+\s?(?:k|m|bn|million|billion|thousand)?\s?{_MONEY}\b"


@dataclass(frozen=True)
class Datum:
    """One kind of datum: how a question asks for it and how a passage gives it."""

    name: str
    asked: re.Pattern[str]
    given: re.Pattern[str]


# An asking word that opens a question or a clause ("..., so which one", "Which ..."),
# not one inside a statement ("Our trial will touch patient records").
_ASKING = r"(?:^|[.?!;:,]\s|\b(?:and|but|also|so|then|know|wondering|tell me)\s)"
# A few words that qualify a noun ("five mid-sized German"), none a plural noun itself:
# "a list of the common mistakes companies make" lists mistakes, not companies.
_QUALIFIERS = r"(?:(?:the|top|some|any|good|\d+)\s)?(?:[\w-]++(?<![sS])\s){0,3}"
# A firm noun that ends its phrase ("a good consultancy in Toronto", "vendors working
# on ..."), not the subject of a clause ("firms make") or part of a compound ("a vendor
# approach").
_ENDS_PHRASE = (
    r"(?=\s*+(?:[.?!,;:]|$)|\s(?:in|for|near|around|that|who|which|to|with|from|based|"
    r"working|doing|along|and their|we|i|you)\b)"
)
_FIRMS = (
    r"(?:vendors?|companies|firms?|suppliers?|startups?|consultanc(?:y|ies)|consultants?|"
    r"providers?|partners?|integrators?|manufacturers|retailers|insurers|banks|auditors?|"
    r"agenc(?:y|ies)|law firms?)"
)
_STATS = (
    r"(?:t-tests?|mann-whitney(?: u)?|wilcoxon|chi-squared?|anova|p-values?|sample sizes?|"
    r"statistical (?:power|significance|tests?)|confidence intervals?)"
)
_LAW = r"(?:act|law|directive|regulation|gdpr|hipaa|ccpa|sox)"

KINDS: tuple[Datum, ...] = (
    Datum(
        "amounts of money",
        re.compile(
            rf"\b(?:in|how many) {_MONEY}s?\b|\b(?:{_MONEY}|cash) (?:amount|figure|budget|value|"
            r"cost|price|number|range|spend)\b"
            r"|\bhow much\b[^.?!]{0,50}\b(?:cost|costs|charge|charges|price|set us back)\b"
            r"|\bhow much (?:money |cash )?(?:should|do|would|will|can|must|did) (?:we|i|you|"
            r"they) (?:pay|spend|invest|budget|set aside|charge)\b"
            r"|\bhow much money\b|\bprice tags?\b|\bhow (?:pricey|expensive|costly)\b"
            r"|\bwhat (?:should|would|do|will) (?:we|i) (?:pay|spend)\b"
            r"|\bwhat (?:does|do|would|will|did) [^.?!]{0,40}\b(?:earn|cost|costs|set us back)\b"
            r"|\bcost per (?:seat|user|licen[cs]e|token|hour|month|year|call|request)\b"
            r"|\bquote (?:me |us )?(?:a |the )?(?:figure|price|number)\b"
            r"|\bcheapest\b|\b(?:cheaper|more expensive) (?:than|for|to)\b"
            r"|\bwhich\b[^.?!]{0,40}\b(?:cheaper|more expensive)\b"
            r"|\bwhat (?:percentage|share|portion|fraction) of (?:our |the |a |an )?(?:\w+ )?"
            r"(?:budget|revenue|turnover|spend|costs?)\b(?!\s(?:estimates?|constraints?|growth)\b)"
            r"|\b(?:realistic|typical|average|ballpark|rough)\s(?:[\w-]+\s){0,2}(?:budget|cost|price|"
            r"spend|fee|amount|figure)s?\b(?!\s(?:savings?|estimat\w+|reductions?|constraints?|"
            r"process|overruns?|management|control|planning|expectations?|of (?:time|months|"
            r"neglect\w*|skipping|ignoring|failing|failure|not|poor|bad)|for (?:the )?time)\b)"
            r"|\bgoing (?:rates?|prices?)\b|\bbreak-?even\b"
            r"|\bper (?:million|thousand|1,?000|1m|1k) tokens\b"
            # A salary asked for, not salary data mentioned ("can staff read the salary
            # data the model uses?").
            r"|\b(?:what|which|fair|typical|competitive|market|average|realistic|starting)\s"
            r"(?:[\w'-]+\s)?salar(?:y|ies)\b(?!\s(?:data|fields?|records?|columns?|information|"
            r"details|files?|history|bands? for staff))"
            r"|\bsalar(?:y|ies)\s(?:range|level|bracket|package|expectation)s?\b"
            r"|\bsalar(?:y|ies) (?:would |should |will )?be\b"
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
            r"\b(?:minimum|maximum|min|max|target|acceptable|required)\s(?:\w+\s)?(?:accuracy|"
            r"precision|recall|f1|uptime|latency|error rate|score)\b(?!\s(?:rates?|metrics?)\b)"
            r"|\b(?:accuracy|precision|recall|f1|auc|error rate|uptime) (?:of )?\d[\d.]*+%?"
            r"[^.?!]{0,30}\b(?:acceptable|enough|good enough|ok|okay)\b"
            r"|\bwhat (?:accuracy|precision|recall|f1|error rate|uptime|latency) is "
            r"(?:good|high|low) enough\b"
            r"|\bwhat (?:cut-?offs?|thresholds?|(?:alert|alerting|accuracy|confidence|drift|"
            r"similarity) thresholds?)\b(?! does\b)"
            r"|\bwhich (?:alert|alerting|accuracy|confidence|drift) thresholds?\b"
            r"|\d(?:\.\d+)?\s?(?:%|percent)[^.?!]{0,40}\b(?:enough|sufficient|good enough|"
            r"acceptable|ok|okay)\b",
            re.I,
        ),
        re.compile(r"\d(?:\.\d+)?\s?(?:%|percent\b)|\bthreshold of \d", re.I),
    ),
    Datum(
        "formulas or accounting treatments",
        re.compile(
            r"\b(?:what|which|is there|give|share|show|send)\b[^.?!]{0,30}"
            r"(?<!winning )(?<!magic )(?<!secret )\b(?:formulas?|formulae|equations?)\b"
            r"(?! for success)"
            r"|\b(?:formulas?|formulae|equations?) (?:to|for) (?:calculate|compute|work out)\b"
            r"|\b(?:calculate|compute|work out)\b[^.?!]{0,30}\b(?:npv|irr|roi|payback period|"
            r"discount rate)\b"
            r"|\b(?:which|what) discount rates?\b|\bdiscount rate assumptions?\b"
            r"|\b(?:should|do|can|must) (?:we|i)\b[^.?!]{0,20}\b(?:amorti[sz]e|depreciate|"
            r"capitali[sz]e)\b",
            re.I,
        ),
        re.compile(r"\b(?:formula|equation)\b|\w\s?=\s?[\w(]", re.I),
    ),
    Datum(
        "contact details or lists of named firms",
        re.compile(
            r"\bcontact (?:details|info\w*)\b|\be-?mail address(?:es)?\b|\bphone numbers?\b"
            r"|\bname and (?:e-?mail|phone|number)\b"
            rf"|\b(?:list|names?) of {_QUALIFIERS}{_FIRMS}\b{_ENDS_PHRASE}"
            rf"|\b(?:recomm?end|suggest|name)\s(?:me\s|us\s)?(?:a|an|some|any|the best|good)\s"
            rf"(?:[\w-]++(?<![sS])\s){{0,2}}{_FIRMS}\b{_ENDS_PHRASE}"
            rf"|\b(?:which|what)\s(?:[\w-]++(?<![sS])\s){{0,2}}{_FIRMS}\s"
            r"(?:in|near|around|based in)\s[A-Z]"
            rf"|\btop (?:\d+|three|five|ten) (?:[\w-]++(?<![sS])\s){{0,2}}{_FIRMS}\b",
            re.I,
        ),
        re.compile(
            r"(?<![\w.+-])[\w.+-]++@[\w-]+\.\w|\+\d[\d ()-]{7,}"
            r"|\b[A-Z]\w+ (?:Inc|Ltd|LLC|GmbH|Corp|plc)\b"
        ),
    ),
    Datum(
        "staffing numbers",
        re.compile(
            r"\bhow many (?:[\w-]+ ){0,4}(?:people|staff|engineers|scientists|developers|analysts|"
            r"hires|employees|ftes?)\b[^.?!]{0,30}\b(?:hire|recruit|dedicate|budget)\b"
            r"|\bwhat headcount\b|\bhow many (?:ftes?|full[- ]time)\b|\bin ftes?\b",
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
            rf"\b(?:which|what|should we use|do we need|how (?:big|large))\b[^.?!]{{0,60}}"
            rf"\b{_STATS}\b"
            rf"|\b{_STATS}\s(?:or|vs\.?|versus)\s"
            r"|\b\d+ ?% power\b|\balpha (?:of |= ?)?0?\.\d|\bstatistically significant\?"
            r"|\bis (?:the|this|that|our) (?:difference|result|uplift|lift|change)\b[^.?!]{0,60}"
            r"\bsignificant\b",
            re.I,
        ),
        re.compile(r"\b(?:t-test|p-value|sample size|statistical power|confidence interval)", re.I),
    ),
    Datum(
        "code",
        re.compile(
            r"\b(?:write|give|generate|show|make|send|paste)\b[^.?!]{0,40}\b(?:script|code|sql|"
            r"regex|dag|snippet)\b",
            re.I,
        ),
        re.compile(r"```|^[ \t]*+(?:def|import|select|class) \w", re.I | re.M),
    ),
    Datum(
        "legal rulings",
        re.compile(
            r"\bis it (?:lawful|legal)\b|\b(?:be|get|getting) sued\b"
            r"|\b(?:lawsuit|sue (?:us|them)|litigation|legal (?:defen[cs]e|advice|strategy|"
            r"ruling|opinion|liability))\b|\bwhich law firm\b"
            # "Should we settle?" with a claim, not "how should we settle it?" (decide).
            r"|\bshould we settle\b(?!\s+(?:it|this|that|on|between|which|what|the (?:question|"
            r"debate|argument|choice|decision))\b)"
            rf"|{_ASKING}(?:does|do|would|will|whether(?! or not))\s[^.?!]{{0,40}}\b{_LAW}\b"
            r"[^.?!]{0,40}\bappl(?:y|ies)\b"
            r"|\b(?:are|is) (?:we|i|it|this|our [\w-]+)\b[^.?!]{0,30}\bcompliant with\b"
            r"|\b(?:when|which date|what date|by when|from when)\b[^.?!]{0,60}\b(?:enforceable|"
            r"in force|take effect|comes? into (?:force|effect))\b"
            r"|\b(?:what|when|which)(?:'s| is| are)?\b[^.?!]{0,30}\b(?:compliance|filing|"
            r"legal|regulatory) deadlines?\b"
            r"|\blegally (?:obliged|obligated|required|bound) to (?:file|submit|register|notify|"
            r"report)\b|\b(?:are|is|am) (?:we|i|it)\b[^.?!]{0,30}\blegally (?:obliged|"
            r"obligated|required|bound)\b"
            rf"|{_ASKING}(?:would|will|does|do|is|are|whether)\s[^.?!]{{0,50}}\b(?:classified|"
            r"classed|count(?:s|ed)?|qualif(?:y|ies)) as (?:a )?high[- ]risk\b"
            r"|\b(?:maximum|max|civil|criminal)\s(?:\w+\s)?(?:penalt(?:y|ies)|fines?)\b"
            rf"|\b(?:fines?|penalt(?:y|ies)) (?:under|in) (?:the )?(?:[\w-]+ ){{0,3}}{_LAW}\b"
            r"|\bwhat(?:'s| is| are)? the fines?\b|\bhow (?:much|big|high) (?:is|are|would be) "
            r"the (?:fines?|penalt(?:y|ies))\b"
            r"|\barticle \d+ of\b|\bgive (?:us|me) a ruling\b",
            re.I,
        ),
        re.compile(r"\b(?:article|art\.|§)\s?\d+|\bdeadline for (?:compliance|filing)\b", re.I),
    ),
)


def wanted(text: str) -> list[Datum]:
    """The kinds of datum the text asks for, whatever the passages hold."""
    return list(_wanted(text))


# A question is read for its kinds by the scope check and again by the refusal that
# names one: on 20,000 characters each reading takes tens of milliseconds.
@lru_cache(maxsize=256)
def _wanted(text: str) -> tuple[Datum, ...]:
    return tuple(kind for kind in KINDS if kind.asked.search(text))


def missing(text: str, passages: Iterable[str]) -> Datum | None:
    """The first kind of datum the text asks for that none of the passages gives."""
    kinds = wanted(text)
    if not kinds:
        return None
    found = list(passages)
    return next((k for k in kinds if not any(k.given.search(p) for p in found)), None)
