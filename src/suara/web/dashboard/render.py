"""Rendering dashboard pages: the language, locale formatting, navigation and headers.

Templates are Jinja2 with autoescaping (the survey pages' set-up), so every value a customer
wrote is text, never markup; charts are SVG built in :mod:`suara.web.dashboard.charts`.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from suara.accounts import SEES_PII, SignedIn, pages_for
from suara.i18n import LANGUAGES, format_money, format_number, term, translate
from suara.web.auth import CSRF_FIELD, LANG_COOKIE, secure_cookies
from suara.web.deps import get_suara
from suara.web.pages.routes import templates

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def language(request: Request) -> str:
    """``?lang=`` (remembered in a cookie), the cookie, else the store's language."""
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return str(chosen)
    return get_suara(request).settings.language


class Formatter:
    """Numbers, shares, money and times as the chosen language writes them, times in the
    store's zone (``WIB`` for Asia/Jakarta)."""

    def __init__(self, lang: str, request: Request) -> None:
        self.lang = lang
        self.tz = get_suara(request).settings.tz

    def num(self, value: Any, decimals: int = 0) -> str:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "–"
        return format_number(float(value), self.lang, decimals=decimals)

    def pct(self, value: Any, decimals: int = 1) -> str:
        text = self.num(value, decimals)
        return text if text == "–" else f"{text}%"

    def money(self, value: Any) -> str:
        return "–" if value is None else format_money(float(value), self.lang)

    def month(self, value: date | None) -> str:
        if value is None:
            return "–"
        names = translate("dash.months", self.lang).split(",")
        return f"{names[value.month - 1]} {value.year}"

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, datetime):
            value = value.astimezone(self.tz).date()
        names = translate("dash.months", self.lang).split(",")
        return f"{value.day} {names[value.month - 1]} {value.year}"

    def when(self, value: datetime | None) -> str:
        if value is None:
            return "–"
        local = value.astimezone(self.tz)
        clock = local.strftime("%H.%M" if self.lang == "id" else "%H:%M")
        return f"{self.day(local.date())} {clock} {local.strftime('%Z')}"

    def minutes(self, value: Any) -> str:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "–"
        if value >= 120:
            return translate("dash.hours", self.lang, n=self.num(value / 60, 1))
        return translate("dash.minutes", self.lang, n=self.num(value))

    def term(self, prefix: str, value: Any) -> str:
        """A stored key (a feedback kind, a sentiment, an emotion, an aspect) in the page's
        language: ``prefix.value`` from the catalogue, the key itself where it has none."""
        return "–" if value is None else term(prefix, value, self.lang)


def render(
    request: Request,
    signed: SignedIn | None,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HTMLResponse:
    lang = language(request)
    params = dict(request.query_params) | {"lang": "en" if lang == "id" else "id"}
    full = {
        "lang": lang,
        "t": lambda key, **v: translate(key, lang, **v),
        "f": Formatter(lang, request),
        "user": signed.user if signed else None,
        "nav": pages_for(signed.user.role) if signed else [],
        "csrf_field": CSRF_FIELD,
        "csrf": signed.csrf_token if signed else "",
        "unmasked": bool(signed and signed.user.role in SEES_PII),
        "switch": f"{request.url.path}?{urlencode(params)}",
        "path": request.url.path,
        "query": dict(request.query_params),
        "title": context.get("title", "dash.nav.overview"),
    } | context
    response = templates.TemplateResponse(request, template, full, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True,
            secure=secure_cookies(get_suara(request)),
        )  # fmt: skip
    return response


def export_links(request: Request, table: str) -> dict[str, str]:
    """``?format=csv|xlsx&table=NAME`` on the page's own URL (its filters stay)."""
    base = {k: v for k, v in request.query_params.items() if k not in {"format", "table"}}
    return {
        fmt: f"{request.url.path}?{urlencode(base | {'format': fmt, 'table': table})}"
        for fmt in ("csv", "xlsx")
    }
