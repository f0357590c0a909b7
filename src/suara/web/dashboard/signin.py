"""``/login``, ``/logout``, ``/health`` and the dashboard's admin page (users, audit log)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from suara.accounts import Page, SignedIn
from suara.domain.errors import SignInRejected, SignInThrottled
from suara.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    check_login_csrf,
    clear_session_cookie,
    client_address,
    login_csrf_token,
    require,
    secure_cookies,
    set_session_cookie,
)
from suara.web.dashboard.render import language, render
from suara.web.dashboard.tables import Column, DataTable, respond
from suara.web.deps import SuaraDep

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//evil.example``) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/dashboard"


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


def _login_page(request: Request, suara: SuaraDep, *, error: str | None, status: int) -> Response:
    token = login_csrf_token(suara)
    context = {
        "title": "dash.login.title",
        "login_csrf": token,
        "error": error,
        "next": _safe_next(request.query_params.get("next")),
    }
    response = render(request, None, "dash_login.html", context, status=status)
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
        secure=secure_cookies(suara), path="/login",
    )  # fmt: skip
    return response


@router.get("/login")
def login_form(request: Request, suara: SuaraDep) -> Response:
    if suara.accounts.session(request.cookies.get(SESSION_COOKIE)) is not None:
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(request, suara, error=None, status=200)


@router.post("/login")
async def login(request: Request, suara: SuaraDep) -> Response:
    form = await request.form()
    check_login_csrf(suara, request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf_token"))
    username, password = form.get("username"), form.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return _login_page(request, suara, error="dash.login.failed", status=401)
    address = client_address(request)
    try:
        signed, token = suara.accounts.sign_in(username, password, address=address)
    except SignInThrottled:
        return _login_page(request, suara, error="dash.login.throttled", status=429)
    except SignInRejected:
        return _login_page(request, suara, error="dash.login.failed", status=401)
    suara.accounts.audit(signed.user, "sign_in", target=None, address=address)
    target = form.get("next")
    response = RedirectResponse(_safe_next(target if isinstance(target, str) else None), 303)
    set_session_cookie(response, suara, token, signed)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(
    request: Request, suara: SuaraDep, signed: Annotated[SignedIn, Depends(require(Page.OVERVIEW))]
) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        suara.accounts.sign_out(token)
    suara.accounts.audit(signed.user, "sign_out", target=None, address=client_address(request))
    response = RedirectResponse(f"/login?lang={language(request)}", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/dashboard/admin")
def admin(
    request: Request,
    suara: SuaraDep,
    signed: Annotated[SignedIn, Depends(require(Page.ADMIN))],
) -> Response:
    users = DataTable(
        "users", "dash.admin.users",
        [Column("username", "users.username"), Column("role", "users.role"),
         Column("created_at", "users.created", "when"),
         Column("disabled_at", "dash.disabled", "when")],
        [{"username": u.username, "role": u.role.value, "created_at": u.created_at,
          "disabled_at": u.disabled_at} for u in suara.accounts.users()],
    )  # fmt: skip
    audit = DataTable(
        "audit", "dash.admin.audit",
        [Column("created_at", "dash.col.time", "when"), Column("username", "users.username"),
         Column("action", "dash.col.action"), Column("target", "dash.col.target"),
         Column("address", "dash.col.address")],
        [{"created_at": e.created_at, "username": e.username, "action": e.action,
          "target": e.target, "address": e.address} for e in suara.accounts.audit_entries()],
    )  # fmt: skip
    context = {"title": "dash.nav.admin", "page": Page.ADMIN}
    return respond(request, signed, "dash_tables.html", context, [users, audit])
