"""Annotated dependencies: routes declare only these."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials

from advisor.agent.chat import Chat
from advisor.agent.jobs import Advisor
from advisor.config import Settings
from advisor.storage import OutputStore, SessionStore
from api.openapi import API_KEY_HEADER, BEARER
from api.security import RateLimiter, authenticate, bucket_of
from api.services import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_advisor(services: ServicesDep) -> Advisor:
    return services.advisor


def get_chat(services: ServicesDep) -> Chat:
    return services.chat


def get_sessions(services: ServicesDep) -> SessionStore:
    return services.sessions


def get_outputs(services: ServicesDep) -> OutputStore:
    return services.outputs


def authorize(
    request: Request,
    settings: SettingsDep,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None,
    _header: Annotated[str | None, Security(API_KEY_HEADER)] = None,
) -> str:
    """API key (when keys are configured, wrong guesses throttled per address) and the
    caller's rate limit. Returns the identity that owns sessions and roadmaps: the key's
    digest, or "anonymous" without keys (rate-limited per client address all the same).
    The two security parameters only declare the schemes; the check is authenticate's."""
    caller = authenticate(settings, request)
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.take(bucket_of(settings, caller, request))
    return caller


AdvisorDep = Annotated[Advisor, Depends(get_advisor)]
ChatDep = Annotated[Chat, Depends(get_chat)]
SessionsDep = Annotated[SessionStore, Depends(get_sessions)]
OutputsDep = Annotated[OutputStore, Depends(get_outputs)]
CallerDep = Annotated[str, Depends(authorize)]
