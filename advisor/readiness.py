"""The eight readiness dimensions as the playbook frames them: what to retrieve for
each, the phrases of the playbook that say why it matters and what to do, and the
phase where the playbook puts that work. One place, read by the assessment job, by
every provider and by the roadmap (weak dimensions add their phase's activity).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.grounding import injected_instructions, is_verbatim, normalize
from advisor.schemas import Chunk, Citation, PhaseName, ReadinessDimension


@dataclass(frozen=True)
class DimensionSpec:
    dimension: ReadinessDimension
    label: str
    query: str  # retrieval query for the passages about this dimension
    why: tuple[str, ...]  # phrases of the playbook sentence that says why it matters
    act: tuple[str, ...]  # phrases of the playbook sentence that says what to do
    phase: PhaseName  # where the playbook puts that work
    action: str  # what we recommend when the dimension is weak, in our words
    question: str  # the open question when the description says nothing about it


SPECS: dict[ReadinessDimension, DimensionSpec] = {
    s.dimension: s
    for s in (
        DimensionSpec(
            "business_alignment",
            "Business alignment",
            "technology without business objectives measurable outcomes high-impact use cases",
            ("tied to measurable outcomes",),
            ("one or two high-impact use cases",),
            "discovery",
            "Tie the first use case to one measurable business outcome and its baseline "
            "before more is built",
            "Which business outcome should the AI work move, and how is it measured today?",
        ),
        DimensionSpec(
            "data_readiness",
            "Data readiness",
            "data readiness limited datasets accurate secure continuously updated data quality",
            ("data has to be accurate",),
            ("clean the information",),
            "pilot",
            "Collect, clean and consolidate the data the first use case needs, and name who "
            "prepares it, before the pilot is scaled",
            "Where does the data for the first use case live, and how clean and complete is it?",
        ),
        DimensionSpec(
            "integration",
            "Integration",
            "integration with existing systems ERP CRM operational workflows integration planning",
            ("must connect seamlessly",),
            ("integration planning",),
            "production",
            "Plan the integration with the systems the use case depends on, with IT owning "
            "the connection, before the pilot is judged",
            "Which systems must the AI connect to, and can IT connect to them today?",
        ),
        DimensionSpec(
            "infrastructure",
            "Infrastructure",
            "infrastructure planning cloud architecture data pipelines scalability computing",
            ("infrastructure planning becomes critical",),
            ("which environment best supports their AI workloads",),
            "infrastructure",
            "Decide the environment the AI will run in and who will operate it, and secure "
            "the skills for it (hire, train or partner)",
            "Where would the AI run (cloud, on premises), and who would operate it?",
        ),
        DimensionSpec(
            "governance_security",
            "Governance and security",
            "governance frameworks security compliance ownership accountability policies",
            ("frameworks for security, compliance",),
            ("define ownership and accountability",),
            "infrastructure",
            "Write down who owns each AI system, which data may go into which tools, and the "
            "compliance requirements, before real data is used",
            "Who owns AI decisions and data use today, and which rules apply to the data?",
        ),
        DimensionSpec(
            "leadership",
            "Leadership",
            "executive sponsorship leadership strategic direction allocate resources",
            ("strongest predictors of AI success",),
            ("allocate resources",),
            "discovery",
            "Name an executive sponsor who sets direction and commits the resources for the "
            "first use case",
            "Which executive sponsors the AI work, and what resources are committed?",
        ),
        DimensionSpec(
            "change_management",
            "Change management",
            "insufficient change management adoption employees communication training support",
            ("hold back adoption",),
            ("clear communication, training and support",),
            "production",
            "Plan communication, training and support for the people who will use the AI, "
            "and involve them early",
            "How will the people who use the AI be trained and brought along?",
        ),
        DimensionSpec(
            "focus",
            "Focus",
            "too many AI projects at the same time concentrating resources small number use cases",
            ("too many AI projects at the same time",),
            ("Concentrating resources on a small number",),
            "discovery",
            "Pick one or two high-value use cases and pause the rest until one reaches production",
            "How many AI initiatives are under way at once?",
        ),
    )
}


def label_of(dimension: ReadinessDimension) -> str:
    return SPECS[dimension].label


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def playbook_sentence(
    chunks: Sequence[Chunk], phrases: Sequence[str], phase: PhaseName | None = None
) -> Citation | None:
    """A citation of the first sentence containing every phrase, chunks of `phase`
    first: the playbook's own words for a dimension's reason or action."""
    wanted = [p.lower() for p in phrases]
    ordered = sorted(chunks, key=lambda c: c.phase != phase)
    for chunk in ordered:
        for match in _SENTENCE.finditer(chunk.text):
            sentence = normalize(match.group(0))
            if (
                len(sentence) <= 300
                and all(w in sentence.lower() for w in wanted)
                and is_verbatim(sentence, chunk.text)
                # A user's document may carry instructions aimed at the model.
                and not injected_instructions([sentence])
            ):
                return Citation(
                    chunk_id=chunk.chunk_id,
                    source=chunk.source,
                    section=chunk.section,
                    quote=sentence,
                )
    return None
