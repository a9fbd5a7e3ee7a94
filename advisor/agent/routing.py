"""What a chat message asks for, read by rules (the offline router): each job's cue,
declared in its registry row (advisor.agent.registry), tried in the registry's
routing order."""

from __future__ import annotations

import re

_ROADMAP = re.compile(
    r"\b(roadmap|road map|(draft|make|build|create|give me|need) (a|an|our)? ?(ai )?plan|"
    r"plan for (us|our|my)|we are an? |we're an? |our company|\d[\d,]*[- ](person|employee|people)|"
    r"employees)\b",
    re.IGNORECASE,
)
_GOVERNANCE = re.compile(
    r"\b(governance|security|secure|compliance|compliant|gdpr|hipaa|privacy|regulat\w*|"
    r"ownership|owner|owns|who (?:should|will|does|must) own|accountab\w*|responsible for|"
    r"monitor\w*|drift|risk\w*|audit\w*|"
    r"explainab\w*|transparen\w*|encrypt\w*|access control\w*)\b",
    re.IGNORECASE,
)
_ASSESS = re.compile(
    r"\b(?:are we (?:\w+ )?ready|how ready|readiness|assess\w*|ready for ai|"
    r"ready to (?:scale|move|go|start|roll)|where do we stand|how mature|maturity check)\b",
    re.IGNORECASE,
)
# A company description: enough words to plan from, and words about the company.
_DESCRIBES = re.compile(
    r"\b(?:we are|we're|our company|our team|employees|staff|people|we have|we use|we run|"
    r"is an?|are an?|headcount|head count|\d[\d,.]*k?[- ](?:person|people|employee|staff))\b",
    re.IGNORECASE,
)
DESCRIPTION_WORDS = 20
PLAN_WORDS = 40


def describes_company(message: str) -> bool:
    return len(message.split()) >= DESCRIPTION_WORDS and bool(_DESCRIBES.search(message))


def asks_for_assessment(message: str) -> bool:
    return bool(_ASSESS.search(message))


def asks_for_roadmap(message: str) -> bool:
    if _ROADMAP.search(message) and len(message.split()) >= 6:
        return True
    # A long description of a company in a chat is a request to plan for it.
    return len(message.split()) >= PLAN_WORDS and describes_company(message)


def asks_about_governance(message: str) -> bool:
    return bool(_GOVERNANCE.search(message))
