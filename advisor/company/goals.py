"""The company's stated goals, in its own words.

A goal is the clause after a marker of intent ('we want to', 'our goal is to',
'Goal:', 'they are looking to', 'hoping AI can'), cut where the clause ends. It is a
slice of what the user wrote, never rebuilt from pieces, so it can be quoted as the
evidence of itself and used as the use case's wording as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.company.text import Sentence

_MARKER = re.compile(
    r"\b(?:(?:we|i|they|management|leadership|the board|the client|the company|the firm|"
    r"the ceo|the cfo|the coo|the cio|the cto|he|she|[A-Z][\w&'-]*),?(?:'d| would)? "
    r"(?:really |also |mainly |mostly |now |primarily |urgently |badly )?"
    r"(?:want|wants|wanna|like|love|need|needs|hope|hopes|aim|aims|intend|intends|plan|"
    r"plans|expect|expects|wish|wishes|propose|proposes|proposed) (?:to|for ai to|ai to"
    r"|an ai to|a tool to|a way to|"
    r"help to|help)"
    r"|(?:are|is|am|'re|'m) (?:looking|hoping|trying|planning|keen|eager|aiming|seeking|"
    r"trying hard) to"
    r"|(?:are|is|'re) (?:looking for|after) (?:a way|ways|help|an? (?:ai )?(?:tool|solution)) "
    r"(?:to|for)"
    r"|(?:our |the |their |his |her |main |primary |key |first |top |biggest |real |one |"
    r"big |only |immediate )*(?:goal|aim|objective|ambition|priority|focus|plan|idea|hope|"
    r"target|mission|wish|intention|task|job|brief|ask|use case)s?"
    r"(?: for (?:ai|this|the pilot|the project|this year))?\s*(?:is|are|would be|will be|"
    r"was)\s+(?:to|that we|for us to|for ai to|simple:|clear:)"
    r"|(?:goal|goals|aim|objective|objectives|priority|use case|focus|ask|want|need|wants|"
    r"needs|target|project|problem to solve|wish)\s*[:=\-–—]"
    r"|(?:interested in|looking at|exploring)(?: using)?(?: ai| an ai| machine learning)?"
    r"(?: for| to)?"
    r"|(?:hoping|hope|hopes) (?:that )?(?:ai|an ai|a model|the model|machine learning) "
    r"(?:can|could|will|would|might)"
    r"|(?:can|could) (?:ai|an ai|a model|machine learning) (?:help us|help)?(?: to)?"
    r"|(?:help|helping) (?:us|them|the team|our \w+) (?:to )?"
    r"|would (?:like|love) (?:ai|an ai|a model|help) to"
    r"|what (?:i|we|they|he|she) (?:really |actually |most )?(?:want|need|would like)s?"
    r"(?: next| now| most| first)? (?:is|are) (?:to )?"
    r"|(?:'s |’s )?(?:question|ask|request|challenge)(?: now| today| for us)?\s*:"
    r"|(?:^|[:;,\-–—]\s*)(?:want|need|would like|'d like|hoping|hope|trying) to"
    r"|(?:^|\b(?:we|i|they)\s+)(?:need|want)s? (?:ai|an ai|a tool|a model|help|a bot) to"
    r"|(?:first |main |biggest |primary |top |real )?(?:interest|concern|worry|pain point|pain|"
    r"problem|challenge|headache|wish list|wishlist)s?\s*(?:is|are|:|=|-|–|—)"
    r"|(?:we|i|they) (?:want|need|like|wants|needs) (?:use |using )?(?:ai|an ai|a model) (?:for|to)"
    r"|(?:first|second|next)(?:ly)?,? (?:we|they) (?:want|need|would like) to"
    r"|(?:we|i|they) (?:really )?(?:want|need|'d like|would like)(?= (?:our |the |all |every "
    r"|more |"
    r"some )?[\w'-]+(?: [\w'-]+){0,4} to \w)"
    r"|(?:we|i|they)(?:'d| would)? (?:really )?(?:want|need|like|love)(?= (?:a|an) (?:roadmap|plan|"
    r"strategy) (?:for|to|that|covering)))\s+(?P<rest>\S.*)",
    re.I,
)
_END = re.compile(
    r"\s+(?:so that|so we|so they|so our|so the|because|since|as we|as our|as they|while|"
    r"whilst|but|given that|before (?:we|the|our|next|end)|in (?:the )?next|within|"
    r"by (?:next|the end|end of|q\d|\d{4}|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|spring|summer|autumn|fall|winter)|"
    r"in order to|without|ideally|if possible|and (?:we|they|our|their|the board|it)\b|"
    r"then|\u2014|--|\s-\s)|[.;:!?()\"“”|]|,\s+(?:and |but |so |which |because |as |since |"
    r"ideally|if |while |before |for (?:example|instance))",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:start |begin |finally |also |really |further |actually |somehow |"
    r"seriously |properly )+"
    r"|(?:use|using|leverage|apply|adopt|deploy|introduce|bring in|try|build|get)\s+"
    r"(?:some |an? )?(?:ai|artificial intelligence|machine learning|ml|gen(?:erative)? ?ai|"
    r"llms?|a model|an llm|a tool|chatgpt|automation)\s+(?:to|for|in|on)\s+"
    r"|be able to\s+|(?:ai|ml) (?:for|in|to)\s+|using (?:ai|ml)\s+(?:to|for)\s+"
    r"|(?:work|figure|find) out how to\s+|decide how to\s+"
    r"|can (?:ai|an ai|a model|the model|it|we|you|the assistant|the bot)\s+(?:help (?:us )?)?"
    r"(?:to )?"
    r"|(?:a |an )?(?:roadmap|plan|strategy) (?:for|to|that takes|covering|around)\s+)+",
    re.I,
)
_SKIP = re.compile(
    r"^(?:comply|stay compliant|remain compliant|be compliant|follow|respect|keep within|"
    r"stay within|get (?:a|an|the) (?:roadmap|plan)|have (?:a|an) (?:roadmap|plan)|"
    r"understand (?:how|what|where)|know (?:how|what|where)|learn|see (?:how|what|whether|if)|"
    r"do (?:this|it|that)|be |keep |figure out (?:where|how)|start\b|begin\b|you |the assistant|"
    r"none\b|n/?a\b|tbd\b|tbc\b|not sure|unknown|nothing\b|no idea|unclear|"
    r"understand (?:the |our )?options|decide\b|work out\b)"
    r"|\b(?:roadmap|road map|where to start|where to begin)\b",
    re.I,
)
_TRAIL = re.compile(
    r"(?:\s+(?:to|of|for|in|on|with|against|at|by|from|the|a|an|and|or|our|their|its|that|"
    r"into|as|using|via|across|more|so|all|any|some|we|us|is|are|etc))+$|[\s,\-–—/&]+$",
    re.I,
)
MAX_GOAL = 160
VERBS = frozenset(
    """automate forecast predict reduce improve increase cut lower speed build use deploy
    streamline detect extract classify create introduce launch personalise personalize optimise
    optimize scale digitise digitize replace summarise summarize generate answer route triage
    process monitor analyse analyze roll move make help support enable offer provide handle draft
    write search find match recommend spot flag anticipate estimate schedule modernise modernize
    boost shorten prevent avoid identify read review transcribe translate resolve deflect free
    bring turn accelerate capture assess score prioritise prioritize centralise centralize
    consolidate integrate connect plan get give let stop catch check sort tag track trim""".split()
)
_GERUNDS = {v[:-1] + "ing" if v.endswith("e") else v + "ing": v for v in VERBS}
_GERUNDS.update({"planning": "plan", "cutting": "cut", "getting": "get", "stopping": "stop"})
_JOIN = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|as well as|plus|or)\s+", re.I)


@dataclass(frozen=True)
class Goal:
    text: str  # a slice of the sentence, as written
    sentence: Sentence


def _clean(rest: str) -> str:
    clause = _END.split(rest, maxsplit=1)[0]
    for _ in range(3):
        trimmed = _LEAD.sub("", clause).strip()
        if trimmed == clause:
            break
        clause = trimmed
    clause = clause.strip(" ,'\"‘’“”")
    if len(clause) > MAX_GOAL:
        clause = clause[:MAX_GOAL].rsplit(" ", 1)[0]
    for _ in range(4):
        trimmed = _TRAIL.sub("", clause).strip()
        if trimmed == clause:
            break
        clause = trimmed
    return clause


def _is_verb(word: str) -> bool:
    low = word.lower()
    return low in VERBS or low in _GERUNDS


def split_goals(clause: str) -> list[str]:
    """'automate tickets and forecast delays' -> two goals; 'tickets and emails' stays one.
    Each part is a slice of the clause."""
    parts: list[str] = []
    pos = 0
    for join in _JOIN.finditer(clause):
        after = clause[join.end() :].split(" ", 1)[0]
        if _is_verb(after) and _is_verb(clause[pos:].split(" ", 1)[0]):
            parts.append(clause[pos : join.start()])
            pos = join.end()
    parts.append(clause[pos:])
    return [_clean(p) for p in parts if p.strip()]


_PILOT_OF = re.compile(
    r"\b(?:pilot|poc|proof[- ]of[- ]concept|trial|prototype)s?(?:,[^,]{0,40},)?\s*"
    r"(?:of|for|with|on|in which|that [^:]{0,40}:)\s+(?P<rest>\S.*)"
    r"|\b(?:trialling|trialing|testing|piloting|running) (?:a|an|the|our) (?P<tried>[\w'-]+"
    r"(?:\s+[\w'-]+){0,3}?\s+(?:model|system|tool|assistant|chatbot|bot|engine))\b"
    r"|(?:^|\b(?:our|the|a|an)\s+)(?P<subject>[\w'-]+(?:\s+[\w'-]+){0,4}?\s+(?:model|system|tool|"
    r"assistant|chatbot|bot|engine))\s+(?:has been|have been|has|is|was|running|in production"
    r"|live)",
    re.I,
)


_PAIN = re.compile(
    r"\b(?:drowning in|swamped|spends?|spending|wastes?|wasting|takes? (?:us )?(?:days|hours"
    r"|weeks)|"
    r"too slow|bottleneck|by hand|manually|retyp\w*|re-?key\w*|backlog|piles? up|"
    r"wait (?:days|hours|weeks)|complain\w*)\b",
    re.I,
)


def goal_from_pain(sentences: Sequence[Sentence]) -> Goal | None:
    """When no goal is stated, the problem the company describes is its goal, in its
    words: 'Our planners spend every Monday rebuilding the programme by hand'."""
    for sentence in sentences:
        if _PAIN.search(sentence.text) and len(sentence.text.split()) >= 5:
            clause = _clean(sentence.text.split(";")[0].split(", and ")[0])
            if clause and not _SKIP.search(clause):
                return Goal(clause, sentence)
    return None


def goal_from_work(sentences: Sequence[Sentence]) -> Goal | None:
    """When no goal is stated in so many words, the work already under way is the goal:
    'a pilot of vegetation-risk prediction ...', 'our sepsis early-warning model is live'."""
    for sentence in sentences:
        match = _PILOT_OF.search(sentence.text)
        if not match:
            continue
        clause = match.group("subject") or match.group("tried") or _clean(match.group("rest") or "")
        clause = re.sub(r"^(?:an?|the|our)\s+", "", clause, flags=re.I)
        if len(clause.split()) >= 2 and not _SKIP.search(clause):
            return Goal(clause, sentence)
    return None


def extract_goals(sentences: Sequence[Sentence], limit: int = 4) -> list[Goal]:
    """The goals stated, as verbatim clauses, in the order stated."""
    goals: list[Goal] = []
    seen: set[str] = set()
    for sentence in sentences:
        for match in _MARKER.finditer(sentence.text):
            clause = _clean(match.group("rest"))
            for part in split_goals(clause):
                words = part.split()
                if len(words) < 2 or _SKIP.search(part) or not re.search(r"[a-z]{3,}", part):
                    continue
                key = part.lower()
                if key not in seen:
                    seen.add(key)
                    goals.append(Goal(part, sentence))
            break
        if len(goals) >= limit:
            break
    return goals
