"""What a description's words say about each readiness dimension.

Each cue is a linear pattern (bounded gaps only) with the score it points to: 0 not
ready, 1 weak, 2 developing, 3 ready. The cues are about the state of the company, in
the words companies use for it; they were written from the playbook's failure reasons
(data readiness, integration, governance, leadership, change management, too many
projects at once), not from the eval descriptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.schemas import ReadinessDimension

_GAP = r"[^.;!?\n]{0,40}?"  # a short bounded gap inside one clause
_WORDS = r"(?:[\w,'-]+\s+){0,3}"  # up to three words, commas allowed
_NOT = r"(?:no|not|never|n't|without|lack(?:s|ing)?|missing)"
_PEOPLE = (
    r"(?:staff|employees|workers|people|users|team|teams|agents|nurses|doctors|drivers|"
    r"teachers|planners|engineers|technicians|adjusters|lawyers|managers|colleagues|operators|"
    r"clerks|reps|folks|everyone|nobody|the floor|associates|front desk|front-?line|receptionists|"
    r"cashiers|dispatchers|accountants|bookkeepers|analysts|underwriters|caseworkers|"
    r"pharmacists|paralegals|juniors|crews?|salespeople|advisers|advisors|consultants|recruiters|"
    r"coordinators|schedulers|clinicians|physicians|therapists|tellers|brokers|supervisors|"
    r"cooks|chefs|waiters|mechanics|installers|inspectors|officers)"
)
_TOP = (
    r"(?:ceo|cfo|coo|cto|cio|cdo|owner|owners|founder|founders|board|md|managing director|"
    r"leadership|management|executive team|exec team|executives|president|partners|directors|"
    r"chairman|chair|general manager|gm|vp|chief executive|managing partners?|senior partners?|"
    r"principal|head ?teacher|superintendent|trustees|leadership team|senior leadership|c-suite|"
    r"top management|managing board|management board|board members?|the boss|boss|our boss)"
)


@dataclass(frozen=True)
class Cue:
    dimension: ReadinessDimension
    score: int
    label: str  # what the words show, in our words: a gap (score <= 1) or a strength
    pattern: re.Pattern[str]


def _cue(dimension: ReadinessDimension, score: int, label: str, pattern: str) -> Cue:
    return Cue(dimension, score, label, re.compile(pattern, re.I))


CUES: tuple[Cue, ...] = (
    # --- data readiness -------------------------------------------------------------------
    _cue(
        "data_readiness",
        0,
        "there is hardly any usable data",
        r"\b(?:no|barely any|hardly any|almost no)\s+"
        r"(?:usable\s+|digital\s+|historical\s+|clean\s+)?"
        r"data\b(?!\s+(?:team|scientists?|engineers?|people|function))"
        r"|\b(?:don't|do not|never)\s+(?:collect|record|store|track)\s+(?:any\s+)?data",
    ),
    _cue(
        "data_readiness",
        1,
        "data sits in spreadsheets, on paper or in silos",
        r"\bspreadsheets?\b|\bexcel\s+(?:files?|sheets?|workbooks?|lists?)|\bin\s+excel\b"
        r"|\bpaper(?:-based|\s+(?:forms?|files?|records?|logs?|notes?|invoices?|based))"
        r"|\bon paper\b|\bsilo(?:s|ed)\b|\bscattered\b|\bfragmented\b|\ball over the place\b"
        r"|\bhand-?written\b|\bshared drives?\b|\bemail attachments?\b"
        r"|\bpdfs?\s+(?:scans?|files?)\b|\b(?:every|all sorts of|many|different)\s+formats?\b"
        r"|\bin\s+(?:a\s+)?separate\s+(?:\w+\s+)?(?:systems?|wms|databases?|tools?|files?)\b"
        r"|\b(?:nobody|no one|no-one)\s+(?:is\s+)?responsible\s+for\s+(?:\w+\s+){0,3}"
        r"(?:data|together|combining|merging|cleaning)\b"
        r"|\bscanned\s+(?:pdfs?|documents?|forms?)",
    ),
    _cue(
        "data_readiness",
        1,
        "the data is messy or of doubtful quality",
        r"\b(?:messy|dirty|inconsistent|incomplete|patchy|unreliable|poor(?:-quality)?|bad|"
        r"low-quality|duplicated?|outdated|unstructured|noisy|a mess)\b" + _GAP + r"\bdata\b"
        r"|\bdata\b" + _GAP + r"\b(?:is|are|was|were|remains?)\s+(?:a\s+)?(?:messy|dirty|"
        r"inconsistent|incomplete|patchy|unreliable|poor|bad|a mess|all over|everywhere|"
        r"not clean|not great|rubbish|garbage|duplicated)"
        r"|\bdata quality\s+(?:is|was|issues?|problems?|concerns?)\b|\bduplicates?\b"
        r"|\bmanual(?:ly)?\s+(?:data\s+)?(?:entry|entered|keyed|re-?keyed|typed|copied)",
    ),
    _cue(
        "data_readiness",
        1,
        "nobody on staff prepares data",
        r"\b" + _NOT + r"\s+(?:\w+\s+){0,2}(?:data(?:\s+science)?|analytics|bi|ml)\s+"
        r"(?:team|scientists?|engineers?|people|staff|function|analysts?)",
    ),
    _cue(
        "data_readiness",
        2,
        "the data is kept in a central store",
        r"\bdata\s+(?:warehouse|lake|lakehouse|platform|mart)s?\b|\bcentrali[sz]ed\s+data\b"
        r"|\b(?:snowflake|bigquery|redshift|databricks|synapse)\b|\bbi dashboards?\b"
        r"|\bdata\s+(?:is|are)\s+(?:mostly\s+)?(?:clean|structured|digital|digiti[sz]ed)\b"
        r"|\bclean(?:ed)?\s+(?:historical\s+)?data\b|\bstructured\s+data\b"
        r"|\bdata\s+(?:is|are)\s+in\s+(?:decent|good|great|reasonable|fair|ok|okay)\s+shape\b"
        r"|\b(?:database|records|data|logs)\s+(?:has|have)\s+been\s+(?:carefully\s+|well\s+)?"
        r"(?:kept|maintained|curated)\b",
    ),
    _cue(
        "data_readiness",
        3,
        "the data is governed and trusted",
        r"\bsingle source of truth\b|\bdata catalog(?:ue)?\b|\bmaster data management\b"
        r"|\b(?:high-quality|well-governed|trusted|curated)\s+data\b|\bdata (?:owners|stewards)\b",
    ),
    # --- integration ----------------------------------------------------------------------
    _cue(
        "integration",
        0,
        "the AI could not be connected to the systems it needs",
        r"\b(?:could(?:n't| not)|can(?:'t|not)|were unable to|was unable to|unable to|"
        r"failed to|never managed to)\s+(?:\w+\s+){0,2}(?:connect|integrate|link|hook|plug|wire|"
        r"make (?:it|them) talk|write back|sync)\b"
        + _GAP
        + r"\b(?:erp|crm|mes|wms|tms|ehr|emr|system|systems|sap|oracle|platform|database|"
        r"software|tools|stack|backend|back end|records|it|them)\b"
        r"|\b(?:could(?:n't| not)|can(?:'t|not)|never)\s+be\s+(?:linked|connected|integrated)\b"
        r"|\bconnection\s+(?:to|with)\s+"
        + _WORDS
        + r"(?:was|is|has)\s+never\s+(?:been\s+)?working\b",
    ),
    _cue(
        "integration",
        1,
        "the systems are not connected to each other",
        r"\b(?:don't|do not|doesn't|does not|won't)\s+talk to\b|\bnot (?:connected|integrated)\b"
        r"|\bno\s+(?:apis?|integrations?|interfaces?)\b|\bintegration\s+(?:failed|problems?|issues?|"
        r"is (?:hard|the problem|a nightmare|difficult)|headaches?|pain)\b"
        r"|\b(?:stand-?alone|isolated|disconnected)\s+(?:systems?|tools?|tool|apps?|sandbox)\b"
        r"|\bre-?key(?:ed|ing)?\b|\bcopy(?:-| and )past(?:e|es|ed|ing)\b"
        r"|\b(?:export|copie|copy|enter|re-?enter|type|write|writ|transfer)(?:s|ed|d|ing|ten)?\b"
        + _GAP
        + r"\b(?:by hand|manually)\b|\binterfaces?\s+(?:are|is)\s+too\s+old\b|\bmainframe\b"
        r"|\blegacy\s+(?:systems?|erp|software|platform|crm)\b"
        r"|\bhome-?grown\s+(?:system|erp|software|tools?)\b|\bin a sandbox\b",
    ),
    _cue(
        "integration",
        2,
        "the core systems are connected",
        r"\b(?:integrated|connected)\s+(?:with|to|into)\s+(?:our|the)\b"
        r"|\bapis?\s+(?:for|to|into|in place|available|exist)\b|\brest apis?\b|\bmiddleware\b"
        r"|\bintegration\s+(?:platform|layer|hub)\b|\b(?:mulesoft|boomi|zapier|webhooks?|kafka)\b"
        r"|\b(?:exposes?|offers?|has|have|with)\s+(?:decent\s+|good\s+|open\s+|documented\s+)?"
        r"apis?\b|\b(?:event|message|service)\s+bus\b",
    ),
    _cue(
        "integration",
        3,
        "the systems are fully integrated",
        r"\bfully integrated\b|\bapi-first\b|\ball (?:our|of our)\s+systems\s+(?:are\s+)?"
        r"(?:connected|integrated)",
    ),
    # --- infrastructure -------------------------------------------------------------------
    _cue(
        "infrastructure",
        1,
        "the technical base or the skills to run AI are thin",
        r"\bno\s+(?:cloud|mlops|gpus?|compute|devops)\b|\bon-?prem(?:ise|ises)?\s+only\b"
        r"|\b(?:old|ageing|aging|outdated|creaky)\s+(?:servers?|infrastructure|hardware|it)\b"
        r"|\bsmall it team\b|\bit team of (?:one|two|three|\d)\b|\bone it (?:person|guy|admin)\b"
        r"|\b(?:no|little|limited|few|lack(?:s|ing)? of)\s+(?:in-house\s+|internal\s+)?"
        r"(?:ai|ml|machine learning|data|technical|engineering|it)\s+(?:skills|expertise|"
        r"experience|talent|know-how|engineers|developers|staff)"
        r"|\b" + _NOT + r"\s+(?:\w+\s+){0,2}(?:data|ml|it|tech)\s+(?:team|scientists?|engineers?)"
        r"|\bon (?:a|someone's) laptop\b|\bno one (?:to|who can) (?:run|maintain|support)\b"
        r"|\b(?:lives|runs|sits|running)\s+on\s+(?:one|a|an|someone's|[\w-]+'s)\s+"
        r"(?:\w+(?:'s)?\s+){0,2}(?:laptop|pc|desktop|virtual machine|vm|machine)\b"
        r"|\b(?:nobody|no one|no-one)\s+(?:\w+\s+){0,4}(?:knows|understands)\s+(?:about\s+)?"
        r"(?:\w+\s+){0,1}(?:ai|ml|machine learning|models|data science|technology)\b"
        r"|\bno\s+(?:in-house\s+|internal\s+)?(?:developers|programmers|it\s+(?:person|staff|people|"
        r"department|team))\b|\boutsource\w*\s+(?:all|everything|our it|it)\b",
    ),
    _cue(
        "infrastructure",
        2,
        "the company runs on a cloud platform",
        r"\b(?:aws|azure|google cloud|gcp|amazon web services|microsoft cloud|oracle cloud|"
        r"kubernetes|docker|containers)\b|\bin the cloud\b|\bcloud-(?:based|hosted|native)\b",
    ),
    _cue(
        "infrastructure",
        3,
        "there is a platform to run models in production",
        r"\bmlops\b(?!\s*(?:is|are)?\s*(?:missing|lacking))|\bml platform\b|\bmodel registry\b"
        r"|\bfeature store\b|\b(?:sagemaker|vertex ai|azure ml|azure machine learning|mlflow|"
        r"kubeflow)\b",
    ),
    # --- governance and security ----------------------------------------------------------
    _cue(
        "governance_security",
        0,
        "staff put company data into public AI tools",
        r"\b(?:paste|pastes|pasting|pasted|copy|copies|copying|copied|upload\w*|put|putting|"
        r"feed\w*|type|typing|dump\w*)\b[^.;!?\n]{0,90}?\b(?:into|in|to)\s+(?:the\s+|their\s+)?"
        r"(?:own\s+)?(?:free\s+|personal\s+|public\s+|private\s+)?"
        r"(?:chatgpt|chat gpt|gpt|gemini|claude|copilot|bard|deepseek|ai tools?|chatbots?)\b"
        r"|\bshadow (?:ai|it)\b",
    ),
    _cue(
        "governance_security",
        1,
        "there is no AI policy or owner",
        r"\b(?:no|without an?|lack(?:s|ing)? an?|don't have an?|do not have an?|haven't got an?)\s+"
        r"(?:ai\s+|clear\s+|formal\s+|written\s+|data\s+)?(?:policy|policies|governance|rules?|"
        r"guidelines?|guidance|owner|ownership|guardrails|security review|risk assessment)\b"
        r"|\bwithout\s+any\s+(?:\w+\s+)?(?:rules|policy|guidance|guidelines|governance|checks)\b"
        r"|\bnever\s+(?:written|set|agreed|defined|put)(?:\s+down|\s+up)?\s+(?:any\s+)?(?:\w+\s+)?"
        r"(?:rules|policy|policies|guidelines)\b|\bnever\s+been\s+an?\s+(?:security review|"
        r"risk assessment|audit|privacy review)\b"
        r"|\b(?:nobody|no one|no-one)\s+(?:really\s+|formally\s+)?(?:owns|is responsible|"
        r"is accountable|checks|reviews|monitors)\b|\bwild west\b"
        r"|\b(?:security|compliance|legal|privacy|infosec)\s+(?:team\s+|lead\s+|people\s+)?"
        r"(?:won't|will not|wouldn't|refuses? to|refused to|did not|didn't)\s+(?:let|approve|allow|"
        r"sign off)\b",
    ),
    _cue(
        "governance_security",
        2,
        "governance and security are in place",
        r"\b(?:ai|data|acceptable[- ]use|usage)\s+polic(?:y|ies)\b(?!\s+(?:is|are)\s+(?:missing|"
        r"lacking))|\bdata protection officer\b|\bdpo\b|\b(?:ciso|security team|risk committee|"
        r"compliance team|privacy team|information security)\b"
        r"|\bgovernance\s+(?:board|committee|framework|process|forum)\b|\baccess controls?\b"
        r"|\b(?:iso\s*27001|soc\s*2)\s+(?:certified|certification|audited|compliant)"
        r"|\b(?:certified|accredited|audited)\s+(?:to|for|under|against)\b|\bapproved tools\b"
        r"|\b(?:named|designated|appointed)\s+(?:ai\s+)?(?:risk\s+)?owner\b"
        r"|\b(?:written|formal)\s+(?:\w+\s+)?polic(?:y|ies)\b",
    ),
    _cue(
        "governance_security",
        3,
        "AI is governed by a standing body",
        r"\b(?:ai|model)\s+(?:governance|risk)\s+(?:board|committee|council)\s+(?:reviews|approves|"
        r"signs off|meets)\b|\bmodel risk management\b|\bresponsible ai (?:framework|policy)\b",
    ),
    # --- leadership -----------------------------------------------------------------------
    _cue(
        "leadership",
        0,
        "leadership does not back AI",
        r"\b" + _TOP + r"\s+(?:is|are|remains?|seems?|stays?)\s+(?:very\s+|still\s+|quite\s+)?"
        r"(?:skeptical|sceptical|unconvinced|not convinced|against|opposed|hostile|uninterested|"
        r"not interested)\b|\bno\s+(?:executive\s+|exec\s+|senior\s+)?(?:sponsor|sponsorship|"
        r"buy-?in|backing)\b|\bno budget\b"
        r"|\b(?:did not|didn't|won't|will not|refused to|refuse to)\s+approve\s+(?:any|a|the)\s+"
        r"budget\b",
    ),
    _cue(
        "leadership",
        1,
        "leadership support is lukewarm",
        r"\b(?:lukewarm|hesitant|on the fence|wait(?:ing)? and see|not a priority|"
        r"low priority)\b|\b" + _TOP + r"\s+(?:hasn't|has not|haven't|have not)\s+(?:yet\s+)?"
        r"(?:approved|committed|signed off|agreed|shown (?:much |any )?interest)\b"
        r"|\b" + _TOP + r"\s+(?:only|just)\s+(?:learned|learnt|found out|heard)\b"
        r"|\b(?:half|some) (?:of )?(?:the|our) (?:partners|board|directors|leadership)\s+"
        r"(?:want|wants|would like) to ban\b|\b(?:board|partners|leadership|management)\s+"
        r"(?:is|are)\s+(?:split|divided)\b",
    ),
    _cue(
        "leadership",
        2,
        "a senior leader backs the work",
        r"\b" + _TOP + r"\s+" + _WORDS + r"(?:backs|backed|supports|supported|sponsors|sponsored|"
        r"is sponsoring|champions|championed|is championing|approved|signed off|is pushing|"
        r"pushes|asked us|wants us|mandated|set aside|allocated|committed|is behind|are behind|"
        r"is keen|are keen|is excited|is all in|is the sponsor|is our sponsor|ring-?fenced|"
        r"earmarked|secured|has decided|decided|is enthusiastic|is tremendously enthusiastic|"
        r"is fully on board|is on board|has put|put real money|named)\b"
        # Bounded runs around the amount: open-ended overlapping runs (\w*\d[\w,.]*) are
        # quadratic on a long run of digits or "1,1,1,...".
        r"|\bexecutive sponsor\b|\bsponsored by\b|\b\w{0,12}\d[\w,.]{0,16}\s+earmarked\b"
        r"|\bi(?:'m| am)\s+(?:the\s+)?(?:ceo|managing director|owner|founder|co-founder|"
        r"president|chief executive|general manager|managing partner)\b"
        r"|\bbudget\s+(?:is\s+|was\s+|has been\s+)?(?:approved|allocated|committed|secured|"
        r"ring-?fenced|fixed|earmarked|agreed|set aside)\b|\bboard[- ]approved\b",
    ),
    _cue(
        "leadership",
        3,
        "leadership leads AI with a standing forum",
        r"\bsteering (?:committee|group)\b|\b(?:ceo|board)\s+(?:personally\s+)?(?:chairs|leads|"
        r"reviews (?:it|progress|the programme|the program) (?:every|each|monthly|weekly))\b"
        r"|\b(?:presents|reports|reviews)\s+(?:\w+\s+){0,4}to\s+the\s+board\s+(?:every|each)\s+"
        r"(?:month|quarter|meeting)\b",
    ),
    # --- change management ----------------------------------------------------------------
    _cue(
        "change_management",
        0,
        "nobody uses what was built",
        r"\b(?:nobody|no one|no-one|hardly anyone|few people|almost nobody)\s+"
        r"(?:really\s+|actually\s+)?"
        r"(?:uses?|using|used|touches?|adopted|wants? to use|opens?)\b"
        r"|\b(?:went|go|gone|going) back to (?:the\s+)?(?:old|manual|spreadsheets?|paper|email)"
        r"|\b" + _PEOPLE + r"\s+(?:\w+\s+){0,2}(?:refuse|refused|won't use|ignore|ignored|"
        r"stopped using|avoid)\b",
    ),
    _cue(
        "change_management",
        1,
        "people resist or fear the change",
        r"\bresist(?:ance|ant|ing|s)?\b|\bpush-?back\b|\bpushing back\b"
        r"|\b" + _PEOPLE + r"\s+(?:\w+\s+){0,2}(?:afraid|worried|fear|fears|scared|nervous|"
        r"anxious|skeptical|sceptical|suspicious|wary)\b|\bfear(?:s)?\s+(?:of|for|about)\s+"
        r"(?:\w+\s+){0,2}jobs?\b|\b(?:low|poor|slow|weak)\s+(?:adoption|uptake|usage)\b"
        r"|\b(?:adoption|uptake|usage)\s+(?:is|has been|was|remains|stays)\s+(?:low|poor|slow|"
        r"weak|disappointing)\b|\bno\s+(?:\w+\s+){0,3}(?:training|change management)\b"
        r"|\b(?:fear|fears|anxiety|worry|worries|unease|resistance)\s+among\b"
        r"|\bamong\s+(?:the\s+|our\s+)?" + _PEOPLE + _GAP + r"\b(?:fear|worry|anxiety|unease|"
        r"resistance|concern)\b",
    ),
    _cue(
        "change_management",
        2,
        "people are prepared for the change",
        r"\btraining\s+(?:plan|programme|program|sessions|budget|courses?)\b|\bchampions?\b"
        r"|\bchange management\b(?!\s+(?:is|was)\s+(?:missing|lacking|non-existent))"
        r"|\b" + _PEOPLE + r"\s+(?:\w+\s+){0,2}(?:keen|eager|excited|enthusiastic|asking for|"
        r"love|embrace|embraced|like it|like using|liked it|genuinely like)\b"
        r"|\b(?:good|high|strong)\s+(?:adoption|uptake)\b",
    ),
    _cue(
        "change_management",
        3,
        "the change is adopted widely",
        r"\b(?:everyone|all (?:our\s+)?(?:staff|teams))\s+(?:now\s+)?uses?\b|\bwidely adopted\b"
        r"|\badoption (?:is|has been) (?:excellent|very high)\b"
        r"|\b(?:nearly|almost|virtually)\s+(?:every|all)\s+(?:\w+\s+){0,2}(?:uses?|checks?|"
        r"relies on|rely on|opens?)\b|\badoption\s+(?:is|was|has)\s+(?:never\s+been|never|not)\s+"
        r"(?:the|a|an)\s+(?:problem|issue)\b",
    ),
    # --- focus ----------------------------------------------------------------------------
    _cue(
        "focus",
        1,
        "too many AI projects run at once",
        r"\b(?:several|multiple|many|numerous|lots of|a dozen|dozens of|too many|a bunch of|"
        r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|[3-9]|1\d)\s+(?:\w+\s+){0,2}"
        r"(?:pilots|projects|initiatives|proofs of concept|pocs|experiments|use cases|ideas|"
        r"workstreams|bots|tools)\b" + _GAP + r"\b(?:at once|in parallel|simultaneously|"
        r"at the same time|running|going|under way|underway|on the go|in flight|right now|"
        r"currently|ongoing|live|active|juggling)\b"
        r"|\b(?:every|each)\s+(?:department|team|division|unit|site)\s+(?:\w+\s+){0,2}"
        r"(?:wants|has|is running|runs|started|is doing|is trying)\b|\bspread (?:too )?thin\b"
        r"|\b(?:all|everything) at once\b|\bboil(?:ing)? the ocean\b",
    ),
    _cue(
        "focus",
        2,
        "the company starts with one use case",
        r"\b(?:one|a single|just one|only one|one or two|a couple of)\s+(?:\w+\s+){0,1}(?:use case|"
        r"pilot|project|process|problem|workflow)\b(?:\s+first)?|\bstart(?:ing)? small\b"
        r"|\bfocus(?:ed|ing)? on (?:one|a single)\b|\bthe one thing\b"
        r"|\b(?:single|only)\s+(?:ai\s+)?(?:priority|focus)\b"
        r"|\bparked\s+(?:\w+\s+){0,2}(?:ideas|projects|pilots|use cases)\b",
    ),
    # --- business alignment ---------------------------------------------------------------
    _cue(
        "business_alignment",
        0,
        "there is no business case yet",
        r"\b(?:don't|do not|dont)\s+(?:really\s+)?know\s+where\s+to\s+start\b"
        r"|\bno\s+(?:clear\s+)?(?:use case|business case|goal|idea)\b(?!\s+(?:for|yet for))"
        r"|\bnot sure (?:what|where|how|which)\b|\bdo something with ai\b"
        r"|\bbecause (?:everyone|competitors|our competitors) (?:is|are)\b|\bfomo\b"
        r"|\b(?:can't|cant|cannot|couldn't|can not)\s+(?:really\s+)?say\s+(?:what|why)\b"
        r"|\b(?:problem|use case|goal)s?(?:\s+to\s+solve)?\s*:\s*(?:not identified|none|unknown|"
        r"tbd|not (?:yet\s+)?(?:known|defined|decided))\b|\bexplore ai\b",
    ),
    _cue(
        "business_alignment",
        1,
        "the value is not yet shown",
        r"\b(?:unclear|unproven|no)\s+(?:roi|value|business value|kpis?|metrics|success criteria)\b"
        r"|\b(?:couldn't|could not|can't|cannot|never)\s+(?:show|prove|demonstrate|measure)\s+"
        r"(?:\w+\s+){0,2}(?:value|roi|benefit|impact)\b"
        r"|\b(?:nobody|no one|no-one)\s+(?:has\s+)?(?:ever\s+)?(?:measured|tracked|checked)\s+"
        r"(?:whether|if)\b",
    ),
    _cue(
        "business_alignment",
        2,
        "the work is tied to a business outcome",
        r"\bbusiness case\b|\bkpis?\b|\bsuccess (?:criteria|metrics)\b|\broi\b"
        r"|\bcosts?\s+us\s+(?:about\s+|roughly\s+|around\s+|some\s+)?[£$€¥₹]?\s?\d"
        r"|\bsave\w*\s+(?:\w+\s+){0,4}(?:about\s+|around\s+)?(?:a|one|half a|\d+)\s+"
        r"(?:day|days|hours?)\s+(?:a|per|each)\s+(?:week|month|day)\b"
        r"|\bspends?\s+(?:\w+\s+){0,2}\d{1,3}\s*(?:%|percent|hours)\b"
        r"|\b(?:caught|found|detected|flagged|handled|resolved|automated|answered)\s+"
        r"\d{1,3}\s*%\s+of\b",
    ),
    _cue(
        "business_alignment",
        3,
        "the goal has a measurable target",
        r"\b(?:reduce|cut|lower|increase|raise|improve|save|halve|double|boost)\w*\b"
        + _GAP
        + r"\b(?:by|to|from)\s+(?:about\s+|around\s+)?\d[\d,.]*\s*(?:%|percent|per cent|hours?|"
        r"days?|minutes?|weeks?|k\b|m\b|million|thousand)|\b\d{1,3}\s*(?:%|percent)\s+"
        r"(?:less|fewer|more|faster|reduction|increase|cut)\b",
    ),
)
