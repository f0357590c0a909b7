"""SuaraError → HTTP status, here and only here; API errors as JSON, page errors as pages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from suara.domain.errors import (
    IdempotencyConflict,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    NotAuthenticated,
    ResponseRejected,
    SuaraError,
    SurveyClosed,
    SurveyDefinitionError,
    UnknownSurvey,
)

STATUS: tuple[tuple[type[SuaraError], int], ...] = (
    (NotAuthenticated, 401),
    (UnknownSurvey, 404),
    (LinkInvalid, 404),
    (IdempotencyConflict, 409),
    (SurveyClosed, 409),
    (LinkUsed, 409),
    (LinkExpired, 410),
    (ResponseRejected, 422),
    (SurveyDefinitionError, 422),
)


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
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(exc), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SuaraError, _suara_error)
