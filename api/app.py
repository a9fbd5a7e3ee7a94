"""The FastAPI app factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from advisor.agent.jobs import Advisor
from advisor.config import Settings, get_settings
from api import errors
from api.middleware import BodyLimitMiddleware, RequestIdMiddleware
from api.routes import router
from api.routes.page import STATIC
from api.security import (
    AUTH_FAILURE_BURST,
    AUTH_FAILURES_PER_MINUTE,
    AuthThrottle,
    RateLimiter,
)
from api.services import Services

log = logging.getLogger("api")


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the app. Services (advisor, stores) are built at start-up unless given."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built = getattr(app.state, "services", None) is None
        if built:
            app.state.services = await asyncio.to_thread(Services.build, settings)
        storage = app.state.services.storage
        # Replicas on one PostgreSQL count together: requests per key, wrong keys per address.
        shared = storage.shared_buckets(settings.rate_limit_per_minute, prefix="key:")
        if shared is not None:
            app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, shared=shared)
        guesses = storage.shared_buckets(
            AUTH_FAILURES_PER_MINUTE, AUTH_FAILURE_BURST, prefix="auth:"
        )
        if guesses is not None:
            app.state.auth_throttle = AuthThrottle(shared=guesses)
        await app.state.services.warm_up()
        app.state.ready = True
        yield
        app.state.ready = False
        if built:
            app.state.services.close()

    app = FastAPI(
        title="Strategy Advisor",
        version="0.1.0",
        description="A grounded advisor for moving AI from pilot to production. Every "
        "citation is verified against the playbook before it is returned.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.services = services
    app.state.ready = False
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.auth_throttle = AuthThrottle()
    errors.install(app)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The last middleware added runs first: request id, then CORS (so a browser on an
    # allowed origin can read every answer, a 413 included), then the body limit.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(RequestIdMiddleware)
    return app


def app_for_advisor(settings: Settings, advisor: Advisor) -> FastAPI:
    """The app around a given advisor, ready at once (the evals' API pass)."""
    app = create_app(settings, Services.build(settings, advisor))
    app.state.ready = True
    return app
