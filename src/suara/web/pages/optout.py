"""``/optout/{token}``: stop survey emails, from the link in every invitation and reminder.

GET asks (a mail scanner that follows links must not unsubscribe anyone); POST, from the
page's button or a mail app's one-click unsubscribe (RFC 8058), withdraws the email consent.
Both pages say it in the customer's language and, below, in the other one.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from suara.domain.errors import LinkInvalid
from suara.i18n import LANGUAGES, translate
from suara.web.deps import SuaraDep
from suara.web.pages.routes import Accept, templates
from suara.web.pages.view import pick_language

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, name: str, language: str, *, status: int, confirm: bool
) -> HTMLResponse:
    other = next(code for code in LANGUAGES if code != language)
    context = {
        "lang": language,
        "other": other,
        "t": lambda key, **v: translate(key, language, **v),
        "o": lambda key, **v: translate(key, other, **v),
        "name": name,
        "title": translate(f"page.{name}.title", language),
        "confirm": confirm,
        "action": request.url.path,
        "switch": f"{request.url.path}?lang={other}",
    }
    return templates.TemplateResponse(request, "optout.html", context, status_code=status)


@router.api_route("/optout/{token}", methods=["GET", "POST"], response_class=HTMLResponse)
def optout(
    request: Request, token: str, suara: SuaraDep, accept: Accept = None, lang: str | None = None
) -> HTMLResponse:
    default = suara.settings.language
    try:
        if request.method == "POST":
            target = suara.surveys.opt_out(token)
        else:
            target = suara.surveys.optout_target(token)
    except LinkInvalid:
        language = pick_language(lang, accept=accept, default=default)
        return _page(request, "invalid", language, status=404, confirm=False)
    language = pick_language(lang, target.language, accept=accept, default=default)
    if target.opted_out:
        return _page(request, "optout_done", language, status=200, confirm=False)
    return _page(request, "optout", language, status=200, confirm=True)
