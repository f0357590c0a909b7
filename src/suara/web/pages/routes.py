"""The public survey pages: server-rendered forms that work without JavaScript.

``/s/{survey}`` is the anonymous public link (it starts a draft and redirects to its resume
URL, also remembered in a cookie); ``/i/{token}`` is a personal link. Each "next" saves the
page's answers in the draft, so closing the tab loses nothing; the last page stores the
response with the draft's idempotency key, so a double submit stores it once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask
from starlette.datastructures import FormData

from suara.app import Suara
from suara.domain.entities import SurveyStatus
from suara.domain.errors import (
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    ResponseRejected,
    SurveyClosed,
    UnknownSurvey,
)
from suara.i18n import translate
from suara.surveys import Answer, Submission, validate_answers, visible_answers
from suara.surveys.drafts import Draft
from suara.surveys.links import OpenedLink
from suara.web.deps import SuaraDep
from suara.web.pages.view import pick_language, pipe, question_views, visible_pages

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
COOKIE = "suara_resume_"
Accept = Annotated[str | None, Header(alias="accept-language")]


def _message(request: Request, name: str, language: str, status: int) -> HTMLResponse:
    context = {
        "lang": language,
        "t": lambda key, **v: translate(key, language, **v),
        "title": translate(f"page.{name}.title", language),
        "body": translate(f"page.{name}.body", language),
        "switch": f"?lang={'en' if language == 'id' else 'id'}",
    }
    return templates.TemplateResponse(request, "message.html", context, status_code=status)


@router.get("/done", response_class=HTMLResponse)
def thanks(request: Request, suara: SuaraDep, lang: str | None = None) -> HTMLResponse:
    language = pick_language(lang, accept=None, default=suara.settings.language)
    return _message(request, "thanks", language, 200)


@router.get("/s/{survey}")
def public_link(
    request: Request, survey: str, suara: SuaraDep, accept: Accept = None, lang: str | None = None
) -> Response:
    language = pick_language(lang, accept=accept, default=suara.settings.language)
    try:
        stored = suara.surveys.get(survey)
    except UnknownSurvey:
        return _message(request, "not_found", language, 404)
    if stored.status is not SurveyStatus.LIVE:
        return _message(request, "closed", language, 409)
    resume = request.cookies.get(COOKIE + survey)
    draft = suara.surveys.find_draft(resume) if resume else None
    if draft is None or draft.submitted or draft.survey != survey:
        draft = suara.surveys.start_draft(survey, language=language)
    suffix = f"?lang={lang}" if lang else ""
    redirect = RedirectResponse(f"/s/{survey}/{draft.resume_key}{suffix}", status_code=303)
    redirect.set_cookie(
        COOKIE + survey, draft.resume_key, max_age=30 * 86400, httponly=True, samesite="lax"
    )
    return redirect


@router.api_route("/s/{survey}/{resume}", methods=["GET", "POST"])
async def public_draft(
    request: Request,
    survey: str,
    resume: str,
    suara: SuaraDep,
    accept: Accept = None,
    lang: str | None = None,
) -> Response:
    draft = suara.surveys.find_draft(resume)
    if draft is None or draft.survey != survey:
        language = pick_language(lang, accept=accept, default=suara.settings.language)
        return _message(request, "invalid", language, 404)
    form = await request.form() if request.method == "POST" else None
    return _page(request, suara, draft, None, form, lang=lang, accept=accept)


@router.api_route("/i/{token}", methods=["GET", "POST"])
async def personal_link(
    request: Request, token: str, suara: SuaraDep, accept: Accept = None, lang: str | None = None
) -> Response:
    default = pick_language(lang, accept=accept, default=suara.settings.language)
    try:
        link = suara.surveys.open_link(token)
    except (LinkExpired, LinkUsed) as exc:
        name, status = ("expired", 410) if isinstance(exc, LinkExpired) else ("used", 409)
        theirs = suara.surveys.link_language(token)
        language = pick_language(lang, theirs, accept=accept, default=suara.settings.language)
        return _message(request, name, language, status)
    except LinkInvalid:
        return _message(request, "invalid", default, 404)
    language = pick_language(lang, link.customer_language, accept=accept, default=default)
    draft = suara.surveys.start_draft(
        link.survey, language=language, invitation_id=link.invitation_id
    )
    form = await request.form() if request.method == "POST" else None
    return _page(request, suara, draft, link, form, lang=lang, accept=accept)


def _form_answers(form: FormData, keys: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key in keys:
        got = form.getlist(key)
        strings = [g for g in got if isinstance(g, str)]
        values[key] = strings if len(strings) > 1 else (strings[0] if strings else None)
    return values


def _page(
    request: Request,
    suara: Suara,
    draft: Draft,
    link: OpenedLink | None,
    form: FormData | None,
    *,
    lang: str | None,
    accept: str | None,
) -> Response:
    language = pick_language(lang, draft.language, accept=accept, default=suara.settings.language)
    if draft.submitted:
        return _message(request, "used", language, 409)
    stored = suara.surveys.get(draft.survey, version=draft.version)
    if stored.status is not SurveyStatus.LIVE:
        return _message(request, "closed", language, 409)
    definition = stored.definition
    answers: dict[str, Answer] = dict(draft.answers)
    pages = visible_pages(definition, answers)
    position = next((n for n, (i, _) in enumerate(pages) if i >= draft.page), len(pages) - 1)
    errors: dict[str, str] = {}
    shown: dict[str, object] = dict(answers)
    if form is not None:
        _, questions = pages[position]
        raw = _form_answers(form, [q.key for q in questions])
        going_back = form.get("nav") == "back"
        try:
            answers = validate_answers(definition, raw, questions=questions, context=answers)
        except ResponseRejected as exc:
            if not going_back:
                for question, code, _message_text in exc.problems:
                    key = "page.error.required" if code == "required" else "page.error.invalid"
                    errors[question] = translate(key, language)
                shown |= raw
        if not errors:
            answers = visible_answers(definition, answers)
            pages = visible_pages(definition, answers)
            position = next(n for n, (i, _) in enumerate(pages) if i == pages[position][0])
            if going_back:
                position = max(0, position - 1)
            elif position == len(pages) - 1:
                return _submit(suara, draft, link, answers, language)
            else:
                position += 1
            draft = suara.surveys.save_draft(
                draft, answers=answers, page=pages[position][0], language=language
            )
            shown = dict(answers)
    _, questions = pages[position]
    fields = {
        "name": (link.customer_name or "").split(" ")[0] or None if link else None,
        "order": link.order_ref if link else None,
    }
    views = question_views(
        questions, answers=shown, errors=errors, fields=fields, language=language
    )
    intro = definition.intro(language) if position == 0 else None
    if intro:
        intro = pipe(intro, fields, language)
    action = f"{request.url.path}?lang={language}"  # a switched language stays switched
    context = {
        "lang": language,
        "t": lambda key, **v: translate(key, language, **v),
        "title": definition.title(language),
        "intro": intro,
        "questions": views,
        "errors": errors,
        "page": position + 1,
        "pages": len(pages),
        "last": position == len(pages) - 1,
        "action": action,
        "switch": f"{request.url.path}?lang={'en' if language == 'id' else 'id'}",
    }
    status = 422 if errors else 200
    return templates.TemplateResponse(request, "survey.html", context, status_code=status)


def _submit(
    suara: Suara, draft: Draft, link: OpenedLink | None, answers: dict[str, Answer], language: str
) -> Response:
    try:
        recorded = suara.surveys.record(
            Submission(
                draft.survey,
                answers,
                version=draft.version,
                idempotency_key=draft.idempotency_key,
                customer_id=link.customer_id if link else None,
                order_id=link.order_id if link else None,
                ticket_id=link.ticket_id if link else None,
                channel="email" if link else "web",
                language=language,
                source="suara",
                invitation_id=link.invitation_id if link else None,
            )
        )
    except SurveyClosed:
        return RedirectResponse(f"/done?lang={language}", status_code=303)
    suara.surveys.save_draft(
        draft, answers=answers, page=draft.page, language=language, response_id=recorded.id
    )
    analysis = None if recorded.replayed else BackgroundTask(suara.analyze_response, recorded.id)
    return RedirectResponse(f"/done?lang={language}", status_code=303, background=analysis)
