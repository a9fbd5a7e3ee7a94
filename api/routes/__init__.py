"""One router per concern, collected here."""

from fastapi import APIRouter

from api.routes import (
    advice,
    assessments,
    chat,
    documents,
    health,
    knowledge,
    openai_compat,
    page,
)

router = APIRouter()
for module in (health, advice, assessments, documents, chat, knowledge, openai_compat, page):
    router.include_router(module.router)
