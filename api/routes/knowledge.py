"""Search the knowledge base and read single chunks."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query

from advisor.errors import NotFound
from advisor.schemas import Chunk, PhaseName
from api.deps import AdvisorDep, CallerDep
from api.openapi import ANY_V1, BY_ID

router = APIRouter(prefix="/v1/knowledge", tags=["knowledge"], responses=ANY_V1)


@router.get("/search", response_model=list[Chunk])
async def search(
    advisor: AdvisorDep,
    _: CallerDep,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    phase: PhaseName | None = None,
) -> list[Chunk]:
    return await asyncio.to_thread(advisor.retriever.search, q, k, phase)


@router.get("/chunks/{chunk_id}", response_model=Chunk, responses=BY_ID)
async def chunk(chunk_id: str, advisor: AdvisorDep, _: CallerDep) -> Chunk:
    found = await asyncio.to_thread(advisor.index.store.get, [chunk_id])
    if not found:
        raise NotFound(f"no chunk with id {chunk_id!r}")
    return found[0]
