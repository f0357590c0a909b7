"""Dashboard sign-in state: the session cookie, role checks and anti-forgery tokens.

The session cookie is HttpOnly, SameSite=Lax, and Secure whenever Suara is served over
HTTPS (``SUARA_PUBLIC_URL``) or in production. Every dashboard form carries the session's
CSRF token (synchronizer token pattern); the sign-in form, before there is a session, a
signed double-submit token (OWASP CSRF Prevention Cheat Sheet).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response

from suara.accounts import Page, SignedIn, may_open
from suara.app import Suara
from suara.domain.errors import AccessDenied, CsrfRejected
from suara.settings import Environment
from suara.web.deps import SuaraDep

SESSION_COOKIE = "suara_session"
LOGIN_CSRF_COOKIE = "suara_login_csrf"
LANG_COOKIE = "suara_lang"
CSRF_FIELD = "csrf_token"


def secure_cookies(suara: Suara) -> bool:
    s = suara.settings
    return s.public_url.startswith("https://") or s.environment is Environment.PRODUCTION


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookie(response: Response, suara: Suara, token: str, signed: SignedIn) -> None:
    max_age = int(suara.settings.session_hours * 3600)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax",
        secure=secure_cookies(suara), path="/",
    )  # fmt: skip


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def current_session(request: Request, suara: SuaraDep) -> SignedIn:
    """The signed-in user, or a redirect to the sign-in page (back here afterwards)."""
    signed = suara.accounts.session(request.cookies.get(SESSION_COOKIE))
    if signed is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        location = f"/login?next={quote(target, safe='')}"
        raise HTTPException(303, "sign in first", headers={"Location": location})
    request.state.signed = signed
    return signed


SessionDep = Annotated[SignedIn, Depends(current_session)]


def require(page: Page) -> Callable[..., Awaitable[SignedIn]]:
    """A dependency: signed in, and the role may open ``page``; POSTs must carry the token."""

    async def check(request: Request, signed: SessionDep) -> SignedIn:
        if not may_open(signed.user.role, page):
            msg = f"the {signed.user.role.value} role may not open the {page.value} page"
            raise AccessDenied(msg)
        if request.method == "POST":
            form = await request.form()
            presented = form.get(CSRF_FIELD)
            if not isinstance(presented, str) or not hmac.compare_digest(
                presented, signed.csrf_token
            ):
                raise CsrfRejected("the form's security token is missing or stale; reload it")
        return signed

    return check


def login_csrf_token(suara: Suara) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign(suara, nonce)}"


def check_login_csrf(suara: Suara, cookie: str | None, presented: object) -> None:
    if not isinstance(presented, str) or not cookie or not hmac.compare_digest(cookie, presented):
        raise CsrfRejected("the sign-in form's security token is missing; reload the page")
    nonce, _, signature = presented.partition(".")
    if not hmac.compare_digest(signature, _sign(suara, nonce)):
        raise CsrfRejected("the sign-in form's security token is not ours; reload the page")


def _sign(suara: Suara, nonce: str) -> str:
    key = hashlib.sha256(f"login-csrf:{suara.settings.secret_key}".encode()).digest()
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()
