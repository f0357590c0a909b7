"""SuaraError → HTTP status, here and only here; API errors as JSON, page errors as pages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from suara.domain.errors import (
    AccessDenied,
    CaseTransitionRejected,
    CsrfRejected,
    IdempotencyConflict,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    NotAuthenticated,
    ResponseRejected,
    RuleError,
    SignInRejected,
    SignInThrottled,
    SuaraError,
    SurveyClosed,
    SurveyDefinitionError,
    UnknownCase,
    UnknownCustomer,
    UnknownSurvey,
    UnknownUser,
)
from suara.web.dashboard.render import render

STATUS: tuple[tuple[type[SuaraError], int], ...] = (
    (NotAuthenticated, 401),
    (SignInRejected, 401),
    (AccessDenied, 403),
    (CsrfRejected, 403),
    (UnknownCustomer, 404),
    (UnknownCase, 404),
    (CaseTransitionRejected, 409),
    (RuleError, 422),
    (UnknownUser, 404),
    (SignInThrottled, 429),
    (UnknownSurvey, 404),
    (LinkInvalid, 404),
    (IdempotencyConflict, 409),
    (SurveyClosed, 409),
    (LinkUsed, 409),
    (LinkExpired, 410),
    (ResponseRejected, 422),
    (SurveyDefinitionError, 422),
)


ERROR_TITLES = (401, 403, 404, 429)


def status_of(error: SuaraError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def error_body(error: SuaraError) -> dict[str, object]:
    if isinstance(error, ResponseRejected):
        detail = []
        for question, code, message in error.problems:
            where = ["body", question] if question.endswith("_id") else ["body", "answers"]
            loc = where if question.endswith("_id") else [*where, question]
            detail.append({"loc": loc, "question": question, "type": code, "msg": message})
        return {"detail": detail, "message": str(error)}
    return {"detail": str(error)}


async def _suara_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SuaraError)
    status = status_of(exc)
    if not request.url.path.startswith("/api/"):
        signed = getattr(request.state, "signed", None)
        context = {
            "title": f"dash.error.{status if status in ERROR_TITLES else 'other'}",
            "message": str(exc),
            "status": status,
        }
        return render(request, signed, "dash_error.html", context, status=status)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(exc), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SuaraError, _suara_error)
