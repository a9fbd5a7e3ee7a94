from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from advisor.errors import AdvisorError, IndexUnavailable
from api.errors import retry_after
from api.openapi import ANY_V1

router = APIRouter(tags=["health"])
log = logging.getLogger("api")


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


class Readiness(BaseModel):
    ready: bool
    reason: str | None = Field(default=None, description="Why not, when not ready")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "headers": ANY_V1[503].get("headers", {})}},
)
async def readyz(request: Request) -> JSONResponse:
    """Ready once started and while the index and the database can serve: not while a
    rebuild fills the index, nor when a store cannot be reached or the index no longer
    fits (another embedding model). The reason names which."""
    if not getattr(request.app.state, "ready", False):
        return JSONResponse({"ready": False}, status_code=503)
    services = request.app.state.services
    try:
        # The store's own throttle keeps this to one metadata read per second or so.
        await asyncio.to_thread(services.advisor.index.store.generation)
        await asyncio.to_thread(services.storage.db.ping)
    except IndexUnavailable as exc:
        headers = retry_after(exc.retry_after)
        return JSONResponse({"ready": False, "reason": exc.code}, 503, headers=headers)
    except AdvisorError as exc:
        return JSONResponse({"ready": False, "reason": exc.code}, status_code=503)
    except Exception:  # a store that is down is not ready; the reason goes to the log
        log.warning("readiness check failed", exc_info=True)
        return JSONResponse({"ready": False, "reason": "store_unreachable"}, status_code=503)
    return JSONResponse({"ready": True})
