"""Security: every route but the public survey, sign-in and health routes needs a sign-in (the
app's routes are enumerated, so a new route is covered the day it is added); CSRF tokens are
enforced; sign-in is rate-limited; customer text renders as text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from starlette.routing import Mount

from suara.app import Suara
from suara.storage import schema
from tests.dashboard.conftest import PASSWORD, csrf_of, sign_in

PUBLIC = (
    re.compile(r"^/(s|i|optout)/"),
    re.compile(r"^/(done|health|login)$"),
    re.compile(r"^(/api/v1/(openapi\.json|docs)|/docs/oauth2-redirect)$"),
)
"""The respondents' survey pages, sign-in, health, and the public API's own documentation."""


def _walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """(path, methods) of every endpoint, through included routers (FastAPI keeps them as
    ``_IncludedRouter`` entries with their own prefix)."""
    for route in routes:
        if isinstance(route, Mount):
            continue
        included = getattr(route, "include_context", None)
        if included is not None:
            yield from _walk(included.included_router.routes, prefix + included.prefix)
            continue
        yield prefix + route.path, set(getattr(route, "methods", None) or {"GET"})


def _routes(web: TestClient) -> list[tuple[str, str]]:
    found = []
    for path, methods in _walk(web.app.routes):  # type: ignore[attr-defined]
        concrete = re.sub(r"{[^}]+}", "1", path)
        found.extend((method, concrete) for method in sorted(methods) if method != "HEAD")
    return found


def test_every_non_public_route_needs_a_sign_in(web: TestClient) -> None:
    routes = _routes(web)
    assert ("GET", "/dashboard") in routes
    checked = 0
    for method, path in routes:
        if any(p.match(path) for p in PUBLIC):
            continue
        response = web.request(method, path)
        checked += 1
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next="), (method, path)
    assert checked >= 8


def test_public_routes_stay_public(web: TestClient) -> None:
    assert web.get("/health").json() == {"status": "ok"}
    assert web.get("/login").status_code == 200
    assert web.get("/s/nps").status_code in {303, 200}


def test_sign_in_sets_a_hardened_session_cookie(web: TestClient) -> None:
    assert sign_in(web, "viewer") == 303
    cookie = next(
        h
        for h in web.cookies.jar
        if h.name == "suara_session"  # type: ignore[attr-defined]
    )
    assert cookie.has_nonstandard_attr("HttpOnly")
    page = web.get("/dashboard")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_login_form_needs_its_csrf_token(web: TestClient) -> None:
    web.get("/login")
    response = web.post("/login", data={"username": "viewer", "password": PASSWORD})
    assert response.status_code == 403
    forged = web.post(
        "/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": "x.y"}
    )
    assert forged.status_code == 403


def test_dashboard_forms_need_the_session_token(web: TestClient) -> None:
    assert sign_in(web, "admin") == 303
    assert web.post("/logout").status_code == 403
    assert web.post("/logout", data={"csrf_token": "stale"}).status_code == 403
    assert web.get("/dashboard").status_code == 200  # still signed in
    assert web.post("/logout", data={"csrf_token": csrf_of(web)}).status_code == 303
    assert web.get("/dashboard").status_code == 303


def test_sign_in_is_rate_limited(web: TestClient, demo_suara: Suara) -> None:
    demo_suara.accounts.add_user("target", "viewer", password=PASSWORD)
    limit = demo_suara.settings.login_max_failures
    for _ in range(limit):
        assert sign_in(web, "target", "wrong-password") == 401
    assert sign_in(web, "target", PASSWORD) == 429  # even the right password, for a while
    assert sign_in(web, "viewer", PASSWORD) == 303  # other users are not locked out


def test_next_never_leaves_the_site(web: TestClient) -> None:
    page = web.get("/login?next=//evil.example/x")
    assert 'value="/dashboard"' in page.text


@pytest.mark.parametrize("path", ["/dashboard/customers/1", "/dashboard/voice"])
def test_comment_html_renders_as_text(web: TestClient, demo_suara: Suara, path: str) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with demo_suara.store.transaction() as connection:
        connection.execute(
            insert(schema.feedback_items),
            {"kind": "review", "source": "xss", "external_id": f"x{path}", "channel": "app",
             "text": evil, "rating": 1, "rating_scale_max": 5, "language": "en",
             "customer_id": 1, "created_at": datetime.now(UTC)},
        )  # fmt: skip
    assert sign_in(web, "admin") == 303
    page = web.get(path)
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text
    assert "<img src=x" not in page.text
