"""Typed dependencies: the app object, the request's language, the caller's API key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from suara.app import Suara
from suara.domain.errors import NotAuthenticated
from suara.surveys.apikeys import ApiKey

_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="suara_<id>_<secret>")
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer suara_<id>_<secret>")


def get_suara(request: Request) -> Suara:
    suara: Suara = request.app.state.suara
    return suara


SuaraDep = Annotated[Suara, Depends(get_suara)]


def require_api_key(
    suara: SuaraDep,
    header: Annotated[str | None, Security(_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> ApiKey:
    presented = header or (bearer.credentials if bearer else None)
    if not presented:
        raise NotAuthenticated("send an API key as X-API-Key or Authorization: Bearer")
    return suara.surveys.authenticate(presented)


ApiKeyDep = Annotated[ApiKey, Depends(require_api_key)]
