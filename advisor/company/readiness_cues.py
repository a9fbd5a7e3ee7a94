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
_NOT = r"(?:no|not|never|n't|without|lack(?:s|ing)?|missing)"
_PEOPLE = (
    r"(?:staff|employees|workers|people|users|team|teams|agents|nurses|doctors|drivers|"
    r"teachers|planners|engineers|technicians|adjusters|lawyers|managers|colleagues|operators|"
    r"clerks|reps|folks|everyone|nobody|the floor)"
)
_TOP = (
    r"(?:ceo|cfo|coo|cto|cio|cdo|owner|owners|founder|founders|board|md|managing director|"
    r"leadership|management|executive team|exec team|executives|president|partners|directors|"
    r"chairman|chair|general manager|gm|vp)"
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
        r"|\bpdfs?\s+(?:scans?|files?)\b"
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
        r"|\bclean(?:ed)?\s+(?:historical\s+)?data\b|\bstructured\s+data\b",
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
        r"failed to|never managed to)\s+(?:\w+\s+){0,2}(?:connect|integrate|link|hook|plug|wire)\b"
        + _GAP
        + r"\b(?:erp|crm|mes|wms|tms|ehr|emr|system|systems|sap|oracle|platform|database|"
        r"software|tools|stack|backend|back end|records)\b",
    ),
    _cue(
        "integration",
        1,
        "the systems are not connected to each other",
        r"\b(?:don't|do not|doesn't|does not|won't)\s+talk to\b|\bnot (?:connected|integrated)\b"
        r"|\bno\s+(?:apis?|integrations?|interfaces?)\b|\bintegration\s+(?:failed|problems?|issues?|"
        r"is (?:hard|the problem|a nightmare|difficult)|headaches?|pain)\b"
        r"|\b(?:stand-?alone|isolated|disconnected)\s+(?:systems?|tools?|tool|apps?|sandbox)\b"
        r"|\bre-?key(?:ed|ing)?\b|\bcopy(?:-| and )paste\w*\s+between\b|\bexport(?:ed|ing)?\b"
        + _GAP
        + r"\bby hand\b|\bmainframe\b|\blegacy\s+(?:systems?|erp|software|platform|crm)\b"
        r"|\bhome-?grown\s+(?:system|erp|software|tools?)\b|\bin a sandbox\b",
    ),
    _cue(
        "integration",
        2,
        "the core systems are connected",
        r"\b(?:integrated|connected)\s+(?:with|to|into)\s+(?:our|the)\b"
        r"|\bapis?\s+(?:for|to|into|in place|available|exist)\b|\brest apis?\b|\bmiddleware\b"
        r"|\bintegration\s+(?:platform|layer|hub)\b|\b(?:mulesoft|boomi|zapier|webhooks?|kafka)\b",
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
        r"|\bon (?:a|someone's) laptop\b|\bno one (?:to|who can) (?:run|maintain|support)\b",
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
        r"feed\w*|type|typing|dump\w*)\b" + _GAP + r"\b(?:into|in|to)\s+(?:the\s+)?(?:free\s+)?"
        r"(?:chatgpt|chat gpt|gpt|gemini|claude|copilot|bard|deepseek|ai tools?|chatbots?)\b"
        r"|\bshadow (?:ai|it)\b",
    ),
    _cue(
        "governance_security",
        1,
        "there is no AI policy or owner",
        r"\b(?:no|without an?|lack(?:s|ing)? an?|don't have an?|do not have an?|haven't got an?)\s+"
        r"(?:ai\s+|clear\s+|formal\s+|written\s+|data\s+)?(?:policy|policies|governance|rules|"
        r"guidelines|owner|ownership|guardrails|security review|risk assessment)\b"
        r"|\b(?:nobody|no one|no-one)\s+(?:really\s+)?(?:owns|is responsible|is accountable|"
        r"checks|reviews)\b|\bwild west\b",
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
        r"|\b(?:certified|accredited|audited)\s+(?:to|for|under|against)\b|\bapproved tools\b",
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
        r"buy-?in|backing)\b|\bno budget\b",
    ),
    _cue(
        "leadership",
        1,
        "leadership support is lukewarm",
        r"\b(?:lukewarm|hesitant|on the fence|wait(?:ing)? and see|not a priority|"
        r"low priority)\b|\b" + _TOP + r"\s+(?:hasn't|has not|haven't|have not)\s+(?:yet\s+)?"
        r"(?:approved|committed|signed off|agreed)\b",
    ),
    _cue(
        "leadership",
        2,
        "a senior leader backs the work",
        r"\b" + _TOP + r"\s+(?:\w+\s+){0,2}(?:backs|backed|supports|supported|sponsors|sponsored|"
        r"is sponsoring|champions|championed|is championing|approved|signed off|is pushing|"
        r"pushes|asked us|wants us|mandated|set aside|allocated|committed|is behind|are behind|"
        r"is keen|are keen|is excited|is all in)\b|\bexecutive sponsor\b|\bsponsored by\b"
        r"|\bbudget\s+(?:is\s+|was\s+|has been\s+)?(?:approved|allocated|committed|secured|"
        r"ring-?fenced)\b|\bboard[- ]approved\b",
    ),
    _cue(
        "leadership",
        3,
        "leadership leads AI with a standing forum",
        r"\bsteering (?:committee|group)\b|\b(?:ceo|board)\s+(?:personally\s+)?(?:chairs|leads|"
        r"reviews (?:it|progress|the programme|the program) (?:every|each|monthly|weekly))\b",
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
        r"weak|disappointing)\b|\bno\s+(?:training|change management)\b",
    ),
    _cue(
        "change_management",
        2,
        "people are prepared for the change",
        r"\btraining\s+(?:plan|programme|program|sessions|budget|courses?)\b|\bchampions?\b"
        r"|\bchange management\b(?!\s+(?:is|was)\s+(?:missing|lacking|non-existent))"
        r"|\b" + _PEOPLE + r"\s+(?:\w+\s+){0,2}(?:keen|eager|excited|enthusiastic|asking for|"
        r"love|embrace|embraced)\b|\b(?:good|high|strong)\s+(?:adoption|uptake)\b",
    ),
    _cue(
        "change_management",
        3,
        "the change is adopted widely",
        r"\b(?:everyone|all (?:our\s+)?(?:staff|teams))\s+(?:now\s+)?uses?\b|\bwidely adopted\b"
        r"|\badoption (?:is|has been) (?:excellent|very high)\b",
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
        r"at the same time|running|going on|under way|underway|on the go|in flight)\b"
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
        r"|\bfocus(?:ed|ing)? on (?:one|a single)\b",
    ),
    # --- business alignment ---------------------------------------------------------------
    _cue(
        "business_alignment",
        0,
        "there is no business case yet",
        r"\b(?:don't|do not|dont)\s+(?:really\s+)?know\s+where\s+to\s+start\b"
        r"|\bno\s+(?:clear\s+)?(?:use case|business case|goal|idea)\b(?!\s+(?:for|yet for))"
        r"|\bnot sure (?:what|where|how|which)\b|\bdo something with ai\b"
        r"|\bbecause (?:everyone|competitors|our competitors) (?:is|are)\b|\bfomo\b",
    ),
    _cue(
        "business_alignment",
        1,
        "the value is not yet shown",
        r"\b(?:unclear|unproven|no)\s+(?:roi|value|business value|kpis?|metrics|success criteria)\b"
        r"|\b(?:couldn't|could not|can't|cannot|never)\s+(?:show|prove|demonstrate|measure)\s+"
        r"(?:\w+\s+){0,2}(?:value|roi|benefit|impact)\b",
    ),
    _cue(
        "business_alignment",
        2,
        "the work is tied to a business outcome",
        r"\bbusiness case\b|\bkpis?\b|\bsuccess (?:criteria|metrics)\b|\broi\b",
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
