"""Query expansion for the lexical side: everyday phrasings mapped to the playbook's
own vocabulary ("switch it on for everyone" -> rollout), so BM25 can match a question
that shares few words with the passage that answers it."""

from __future__ import annotations

import re

_THESAURUS: tuple[tuple[str, str], ...] = (
    (
        r"switch(ed)? on|turn(ed)? on|go(ing)? live|launch|everyone at once|every employee|day one",
        "gradual rollout limited group users production deployment",
    ),
    (r"hosting|servers?|data cent(er|re)|on-prem", "cloud architecture public private hybrid"),
    (
        # Management as people, not as change, risk or performance management.
        r"\bceo\b|\bboss\b|executives?|c-suite|\bboard\b"
        r"|(?<!change )(?<!risk )(?<!performance )(?<!data )(?<!project )\bmanagement\b",
        "leadership executive sponsorship",
    ),
    (r"messy|dirty|scattered|inconsistent|incomplete", "data quality readiness clean"),
    (
        r"lock down|who can (touch|access)|permissions?|protect|breach",
        "security access controls identity management encryption",
    ),
    (
        r"worse|degrad\w*|drift\w*|stale|keep it sharp|outdated",
        "model improvement retrained updated data monitoring accuracy",
    ),
    (
        r"\bcfo\b|pay ?off|worth it|well spent|\broi\b|return on",
        "kpi measurement business outcomes expected returns",
    ),
    (
        r"experiments|initiatives at once|in parallel|juggl\w*|too many",
        "too many projects simultaneously high-value use cases",
    ),
    (
        r"before (anyone|we) (write|code|build)|first steps?|where (do|should) we start",
        "discovery business problem objectives strategic planning",
    ),
    (
        r"nobody uses|no one uses|not used|adoption|resist\w*",
        "change management user training adoption",
    ),
    (
        r"from here|what next|next step|after (launch|go-live|production)|expand\w*",
        "optimization expansion scaling opportunities",
    ),
    (r"prototype|proof of concept|\bpoc\b", "pilot"),
    # "who owns it", "the owner"; not "our own hardware".
    (
        r"\bowns\b|\bowners?\b|who owns|in charge|responsible for",
        "ownership accountability governance policies",
    ),
    (r"regulat\w*|gdpr|hipaa|legal|audit\w*", "compliance requirements governance"),
)
_PATTERNS = [(re.compile(p, re.IGNORECASE), terms) for p, terms in _THESAURUS]


def expand(query: str) -> str:
    """The query plus the playbook terms its phrasing stands for."""
    extra = [terms for pattern, terms in _PATTERNS if pattern.search(query)]
    return f"{query} {' '.join(extra)}" if extra else query
