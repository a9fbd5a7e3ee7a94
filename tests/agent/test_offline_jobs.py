"""The offline provider end to end on the real knowledge base."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from advisor.agent.chat import Chat, route
from advisor.agent.jobs import Advisor
from advisor.errors import InputError
from advisor.grounding import phase_windows, verify_citations
from advisor.llm.base import Turn
from advisor.schemas import PHASE_ORDER, Citation, Roadmap
from advisor.storage import SessionStore, sqlite_database

NORTHWIND = (
    "Northwind Freight is a 450-person logistics company in Rotterdam. We want to automate "
    "customer support tickets. Our data lives in spreadsheets and a legacy ERP; we have no "
    "data team. We must comply with GDPR."
)
CLINIC = (
    "MedSure runs 12 clinics with about 1,200 employees. Our goal is to process insurance "
    "claims and patient intake forms faster. We have a data warehouse and a small BI team. "
    "Patient data falls under HIPAA."
)


def verified(advisor: Advisor, citations: list[Citation]) -> bool:
    chunks = {c.chunk_id: c for c in advisor.index.store.get([c.chunk_id for c in citations])}
    _, errors = verify_citations(citations, chunks)
    return not errors


def all_citations(roadmap: Roadmap) -> list[Citation]:
    cits = [c for p in roadmap.phases for c in p.citations]
    return cits + [c for u in roadmap.use_cases for c in u.citations]


def test_pilot_question_answers_two_to_five_months(offline_advisor: Advisor) -> None:
    answer = asyncio.run(offline_advisor.ask("How long does the pilot phase take?"))
    assert answer.grounded
    assert "month 2" in answer.answer and "month 5" in answer.answer
    assert answer.citations and verified(offline_advisor, answer.citations)
    assert answer.provider == "offline"
    assert answer.prompt_version.startswith("p-")


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of Australia?",
        "Give me a recipe for banana bread",
        "Which stocks should I buy?",
    ],
)
def test_out_of_scope_questions_are_refused(offline_advisor: Advisor, question: str) -> None:
    answer = asyncio.run(offline_advisor.ask(question))
    assert not answer.grounded
    assert answer.citations == []
    assert "does not cover" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What should leadership do during an AI rollout?",
        "Why do most AI pilots fail?",
        "What are the common mistakes to avoid?",
        "Which KPIs matter after production?",
        "How do we pick use cases?",
    ],
)
def test_playbook_questions_are_never_refused(offline_advisor: Advisor, question: str) -> None:
    answer = asyncio.run(offline_advisor.ask(question))
    assert answer.grounded, answer.answer
    assert verified(offline_advisor, answer.citations)


def test_roadmap_is_tailored_and_fully_verified(offline_advisor: Advisor) -> None:
    roadmap = asyncio.run(offline_advisor.roadmap(NORTHWIND))
    assert [p.phase for p in roadmap.phases] == list(PHASE_ORDER)
    assert [(p.start_month, p.end_month) for p in roadmap.phases] == phase_windows(12)
    assert all(p.citations for p in roadmap.phases)
    assert verified(offline_advisor, all_citations(roadmap))
    assert roadmap.company.employees == 450
    assert roadmap.company.data_maturity == "low"
    assert 1 <= len(roadmap.use_cases) <= 2
    assert "support" in roadmap.use_cases[0].name.lower()
    text = roadmap.model_dump_json().lower()
    assert "gdpr" in text and "spreadsheet" in text
    assert roadmap.id and roadmap.playbook_version and roadmap.provider == "offline"

    clinic = asyncio.run(offline_advisor.roadmap(CLINIC, horizon_months=18))
    assert [(p.start_month, p.end_month) for p in clinic.phases] == phase_windows(18)
    assert "hipaa" in clinic.model_dump_json().lower()
    assert clinic.phases[1].activities != roadmap.phases[1].activities


def test_horizon_from_the_description(offline_advisor: Advisor) -> None:
    roadmap = asyncio.run(offline_advisor.roadmap(NORTHWIND + " We need this within nine months."))
    assert roadmap.horizon_months == 9
    assert roadmap.phases[-1].end_month == 9


def test_governance_answers_by_area(offline_advisor: Advisor) -> None:
    answer = asyncio.run(offline_advisor.governance("How should we secure access to our models?"))
    assert answer.grounded and answer.recommendations
    assert any(r.area == "security" for r in answer.recommendations)
    cits = answer.citations + [c for r in answer.recommendations for c in r.citations]
    assert cits and verified(offline_advisor, cits)


def test_governance_leaves_out_a_part_asking_for_a_legal_ruling(offline_advisor: Advisor) -> None:
    answer = asyncio.run(
        offline_advisor.governance(
            "Who should own our AI models? And what is the maximum fine under the new Act?"
        )
    )
    assert answer.grounded and verified(offline_advisor, answer.citations)
    assert answer.summary.endswith(
        'so it is not answered: "And what is the maximum fine under the new Act?".'
    )
    alone = asyncio.run(offline_advisor.governance("What is the maximum fine under the new Act?"))
    assert not alone.grounded and "gives no legal rulings" in alone.summary


@pytest.mark.parametrize(
    ("text", "horizon"), [("", None), ("x" * 20_001, None), (NORTHWIND, 5), (NORTHWIND, 37)]
)
def test_bad_roadmap_input_is_refused(offline_advisor: Advisor, text: str, horizon: int) -> None:
    with pytest.raises(InputError):
        asyncio.run(offline_advisor.roadmap(text, horizon))


def test_chat_routes_and_resolves_follow_ups(offline_advisor: Advisor, tmp_path: Path) -> None:
    chat = Chat(offline_advisor, SessionStore(sqlite_database(tmp_path / "sessions.db")))
    first = asyncio.run(chat.send("What happens in the pilot phase?"))
    assert first.kind == "answer"
    follow = asyncio.run(chat.send("and how long does that take?", first.session_id))
    assert follow.kind == "answer" and follow.answer is not None
    assert follow.answer.grounded
    assert "month 2" in follow.answer.answer and "month 5" in follow.answer.answer
    gov = asyncio.run(chat.send("Who is accountable for model risk?", first.session_id))
    assert gov.kind == "governance"
    plan = asyncio.run(chat.send("Draft a roadmap for us: " + NORTHWIND, first.session_id))
    assert plan.kind == "roadmap" and plan.roadmap is not None
    history = SessionStore(sqlite_database(tmp_path / "sessions.db")).history(first.session_id)
    assert [m.role for m in history.messages] == ["user", "assistant"] * 4


def test_a_chain_of_follow_ups_keeps_the_topic(offline_advisor: Advisor, tmp_path: Path) -> None:
    """A governance follow-up is read with the message before it, and a follow-up to a
    follow-up with the one before that: "it" is still the infrastructure phase."""
    chat = Chat(offline_advisor, SessionStore(sqlite_database(tmp_path / "sessions.db")))
    first = asyncio.run(chat.send("how long does the infrastructure phase take?"))
    sid = first.session_id
    owner = asyncio.run(chat.send("and who should own that?", sid))
    assert owner.kind == "governance" and owner.governance is not None
    assert owner.governance.grounded
    assert owner.governance.recommendations[0].area == "ownership"
    after = asyncio.run(chat.send("ok. what comes right after it?", sid))
    assert after.answer is not None and after.answer.grounded
    assert "Production Deployment" in after.answer.answer
    assert "month 7 to month 10" in after.answer.answer


def test_a_governance_follow_up_about_something_else_is_refused(
    offline_advisor: Advisor,
) -> None:
    answer = asyncio.run(
        offline_advisor.governance(
            "and who is responsible for cleaning the office kitchen?", PILOT_TALK
        )
    )
    assert not answer.grounded and not answer.recommendations


def test_router_rules() -> None:
    assert route("How long does the pilot take?") == "answer"
    assert route("How do we stay GDPR compliant?") == "governance"
    assert route("We are a 200-person retailer and want a roadmap") == "roadmap"


def test_mixed_question_answers_the_covered_part_and_names_the_other(
    offline_advisor: Advisor,
) -> None:
    answer = asyncio.run(
        offline_advisor.ask("How long is the pilot phase, and what is the capital of France?")
    )
    assert answer.grounded and answer.citations
    assert "month 2 to month 5" in answer.answer
    assert answer.answer.endswith(
        "The playbook does not cover this part of the question, so it is not answered: "
        '"what is the capital of France?".'
    )
    assert verified(offline_advisor, answer.citations)
    # A question wholly about the playbook gets no such note.
    whole = asyncio.run(offline_advisor.ask("How long is the pilot phase, and what comes next?"))
    assert "does not cover" not in whole.answer


def test_a_part_about_a_name_the_playbook_never_uses_is_named(offline_advisor: Advisor) -> None:
    # "current" and "rate" are words the playbook uses; the bank and the country are not.
    answer = asyncio.run(
        offline_advisor.ask(
            "We make snacks in Ghana and want AI for demand planning. What should we do "
            "first? Also please tell me the current interest rate of the Bank of Ghana."
        )
    )
    assert answer.grounded and verified(offline_advisor, answer.citations)
    assert answer.answer.endswith(
        "The playbook does not cover this part of the question, so it is not answered: "
        '"Also please tell me the current interest rate of the Bank of Ghana.".'
    )


@pytest.mark.parametrize(
    ("question", "grounded"),
    [
        # The playbook's words in another sense: nearer a question about other things.
        ("which fabrics are the big trends in menswear this autumn?", False),
        ("how long until I can pilot a glider on my own?", False),
        ("biggest budgeting mistakes when we renovate our kitchen?", False),
        # The same words about the playbook's own matters.
        ("which trends should we keep an eye on?", True),
        ("how long until our pilot is done?", True),
        ("what are the usual mistakes?", True),
        # Words let into the playbook's vocabulary because the contrast guards them.
        ("any pitfalls we should watch for as a 200-person firm?", True),
        ("what pitfalls should I avoid when renting out my flat?", False),
    ],
)
def test_the_playbooks_words_in_another_sense_are_refused(
    offline_advisor: Advisor, question: str, grounded: bool
) -> None:
    answer = asyncio.run(offline_advisor.ask(question))
    assert answer.grounded is grounded
    if not grounded:
        assert answer.answer.startswith("The playbook does not cover this question")
        assert not answer.citations


def test_a_part_about_something_else_does_not_refuse_the_covered_part(
    offline_advisor: Advisor,
) -> None:
    # The whole is nearer a question about other things; the first part is not.
    answer = asyncio.run(
        offline_advisor.ask(
            "What are the biggest risks in the first year? And how do I limit my kids' "
            "screen time on their tablets?"
        )
    )
    assert answer.grounded and verified(offline_advisor, answer.citations)


def test_in_a_conversation_the_contrast_reads_the_question_after_the_last_one(
    offline_advisor: Advisor,
) -> None:
    history = [
        Turn(role="user", text="We want to roll our AI assistant out to the whole company."),
        Turn(role="assistant", text="Production deployment often happens gradually."),
    ]
    answer = asyncio.run(offline_advisor.ask("how do we avoid vendor lock in?", history))
    assert answer.grounded and verified(offline_advisor, answer.citations)


PILOT_TALK = [
    Turn(
        role="user",
        text="We are a 300-person logistics firm piloting an AI assistant for dispatchers. "
        "How long does the pilot take?",
    ),
    Turn(role="assistant", text="Phase 2 runs from month 2 to month 5."),
]


@pytest.mark.parametrize(
    "message",
    [
        "and how long does it take to get a driving licence?",
        "ok thanks. what about a good pizza place near the office?",
        "and how do I monitor my blood pressure at home?",
        "How do I scale a pancake recipe from 4 to 30 servings?",
    ],
)
def test_in_a_conversation_a_message_about_something_else_is_refused(
    offline_advisor: Advisor, message: str
) -> None:
    """The conversation's topic does not make a message about something else the
    playbook's, whether it opens like a follow-up or reuses one of its words."""
    answer = asyncio.run(offline_advisor.ask(message, PILOT_TALK))
    assert not answer.grounded and not answer.citations


@pytest.mark.parametrize(
    "message",
    ["ok and what should we measure?", "ok, which should we fix first?", "who should own it?"],
)
def test_in_a_conversation_a_short_message_borrows_the_topic(
    offline_advisor: Advisor, message: str
) -> None:
    """After an acknowledgement, or speaking of the asker's own work with no word of the
    playbook's, a short message is read with the one before it."""
    answer = asyncio.run(offline_advisor.ask(message, PILOT_TALK))
    assert answer.grounded and verified(offline_advisor, answer.citations)


def test_a_follow_up_about_one_phase_quotes_no_other_phase(offline_advisor: Advisor) -> None:
    """ "It prepares the ground ..." is the infrastructure phase's, because the sentence
    before it says "This phase runs from month 5 to month 7"."""
    answer = asyncio.run(offline_advisor.ask("and how long does that phase take?", PILOT_TALK))
    assert answer.grounded and "month 2 to month 5" in answer.answer
    assert "month 5 to month 7" not in answer.answer


def test_several_projects_gets_the_advice_and_its_reason(offline_advisor: Advisor) -> None:
    answer = asyncio.run(
        offline_advisor.ask("Should we start several AI projects at once or just one?")
    )
    assert answer.grounded and verified(offline_advisor, answer.citations)
    # The position first (either passage that states it), then why: value shown
    # quickly, risk kept low.
    assert answer.answer.startswith(
        (
            "Mid-market organizations often do better by choosing one or two",
            "Organizations also struggle when they try to run too many AI projects",
        )
    )
    assert "one or two high-impact use cases" in answer.answer
    assert "demonstrate value quickly" in answer.answer
    assert "too many AI projects at the same time" in answer.answer


def test_a_part_asking_for_a_datum_the_playbook_lacks_is_left_out_and_named(
    offline_advisor: Advisor,
) -> None:
    answer = asyncio.run(
        offline_advisor.ask(
            "How long does the pilot phase take? And what will the licence cost us in euros?"
        )
    )
    assert answer.grounded and verified(offline_advisor, answer.citations)
    assert "month 2 to month 5" in answer.answer
    assert answer.answer.endswith(
        'so it is not answered: "And what will the licence cost us in euros?".'
    )
    # Asked alone, it is refused, and the refusal says what the playbook lacks.
    alone = asyncio.run(offline_advisor.ask("What will the licence cost us in euros?"))
    assert not alone.grounded and not alone.citations
    assert "gives no amounts of money" in alone.answer
    # When what is left is refused too, the refusal still names what was asked for.
    vague = asyncio.run(
        offline_advisor.ask("How long does it take, and what will it cost in euros?")
    )
    assert not vague.grounded and "gives no amounts of money" in vague.answer


def test_a_governance_question_about_a_chatbot_is_answered(offline_advisor: Advisor) -> None:
    """A chatbot is AI: the question is not weighed against questions about other things
    (it is nearer one about office policies than any the playbook answers)."""
    answer = asyncio.run(
        offline_advisor.governance(
            "our sales reps keep pasting client contracts into a free chatbot, what policy "
            "do we need?"
        )
    )
    assert answer.grounded and answer.recommendations
    assert any("which ai tools" in r.action.lower() for r in answer.recommendations)


def test_the_last_one_of_a_listed_reply_is_the_item_asked_about(offline_advisor: Advisor) -> None:
    first = "What are the common mistakes mid-market companies make with AI?"
    listed = asyncio.run(offline_advisor.ask(first))
    history = [Turn(role="user", text=first), Turn(role="assistant", text=listed.answer)]
    answer = asyncio.run(offline_advisor.ask("Tell me more about the last one.", history))
    assert answer.grounded and verified(offline_advisor, answer.citations)
    assert "change management" in answer.answer.lower()
    assert answer.question == "Tell me more about the last one."


def test_whether_a_law_applies_is_left_out_and_how_to_comply_answered(
    offline_advisor: Advisor,
) -> None:
    answer = asyncio.run(
        offline_advisor.governance(
            "Does the EU AI Act apply to our customer service chatbot and what do we need "
            "to do to comply?"
        )
    )
    assert answer.grounded and answer.recommendations[0].area == "compliance"
    assert "Does the EU AI Act apply" in answer.summary  # named as not answered


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("activities of phase 3?", "cloud architecture, data pipelines"),
        ("What do we do in phase 5? list the activities", "model improvement"),
    ],
)
def test_the_work_of_one_phase_is_that_phases(
    offline_advisor: Advisor, question: str, expected: str
) -> None:
    """Not the discovery activities, which a search of every passage ranks first for the
    word "activities"."""
    answer = asyncio.run(offline_advisor.ask(question))
    assert answer.grounded and verified(offline_advisor, answer.citations)
    assert expected in answer.answer
    assert "Define the business objectives" not in answer.answer


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            "How long does the pilot phase take, and also what's a good recipe for lasagna?",
            "lasagna",
        ),
        ("How long does the pilot take, and who won Eurovision this year?", "Eurovision"),
        ("what's the pilot duration and how do I grow tomatoes on a balcony?", "tomatoes"),
    ],
)
def test_a_part_asked_in_words_the_playbook_never_uses_is_named(
    offline_advisor: Advisor, question: str, named: str
) -> None:
    answer = asyncio.run(offline_advisor.ask(question))
    assert answer.grounded and "month 2 to month 5" in answer.answer
    assert "does not cover" in answer.answer and named in answer.answer.split("cover")[-1]


def test_what_comes_after_a_phase_done_is_the_next_phases(offline_advisor: Advisor) -> None:
    first = "We finished discovery for our invoice project last week. What comes next?"
    answer = asyncio.run(offline_advisor.ask(first))
    assert "month 2 to month 5" in answer.answer  # the pilot's window
    history = [Turn(role="user", text=first), Turn(role="assistant", text=answer.answer)]
    after = asyncio.run(offline_advisor.ask("and after that?", history))
    assert "month 5 to month 7" in after.answer  # the infrastructure phase's
    assert any(c.section.startswith("Phase 3") for c in after.citations)


def test_a_sentence_about_the_playbook_itself_answers_only_a_question_about_it(
    offline_advisor: Advisor,
) -> None:
    itself = "This playbook describes how"
    about = asyncio.run(offline_advisor.ask("What is this playbook about?"))
    assert itself in about.answer
    for question in (
        "We want to go from one pilot to a real production system. What matters most?",
        "honestly should we skip the planning and just build the bot?",
        "Our sponsor left and the project is stuck. What is the playbook's take on this?",
    ):
        answer = asyncio.run(offline_advisor.ask(question))
        assert answer.grounded and itself not in answer.answer
