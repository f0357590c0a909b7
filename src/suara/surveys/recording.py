"""Storing a submitted response: answers with their survey version, comments as feedback.

One transaction writes the response, its answers (each pointing at the question row of the
version that was answered), a ``survey_comment`` feedback item per free-text answer, and marks
a personal link used. An idempotency key makes a retried submission return the first one
instead of writing a second; the same key with a different body is a conflict.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from suara.domain.entities import FeedbackKind, QuestionType, SurveyStatus
from suara.domain.errors import (
    IdempotencyConflict,
    LinkUsed,
    ResponseRejected,
    SurveyClosed,
)
from suara.storage import Store, schema
from suara.surveys.answers import validate_answers
from suara.surveys.definition import Answer
from suara.surveys.repository import StoredSurvey, load_survey_in


@dataclass(frozen=True, slots=True)
class Submission:
    """A response as a respondent or a client system sent it, before validation."""

    survey: str
    answers: Mapping[str, object]
    version: int | None = None
    idempotency_key: str | None = None
    customer_id: int | None = None
    order_id: int | None = None
    ticket_id: int | None = None
    channel: str | None = None
    language: str | None = None
    started_at: datetime | None = None
    source: str = "suara"
    invitation_id: int | None = None


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    id: int
    external_id: str
    survey: str
    version: int
    submitted_at: datetime
    replayed: bool = False


def _request_hash(submission: Submission, survey: StoredSurvey, answers: dict[str, Answer]) -> str:
    body = {
        "survey": survey.key,
        "version": survey.version,
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
        "refs": [submission.customer_id, submission.order_id, submission.ticket_id],
        "channel": submission.channel,
        "language": submission.language,
    }
    encoded = json.dumps(body, sort_keys=True, ensure_ascii=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def check_references(
    connection: Connection,
    survey: str,
    *,
    customer_id: int | None,
    order_id: int | None,
    ticket_id: int | None,
) -> None:
    """:class:`ResponseRejected` naming each id that points at nothing."""
    refs: list[tuple[str, int | None, Table]] = [
        ("customer_id", customer_id, schema.customers),
        ("order_id", order_id, schema.orders),
        ("ticket_id", ticket_id, schema.support_tickets),
    ]
    problems = []
    for name, value, table in refs:
        if value is None:
            continue
        found = connection.execute(select(table).where(table.c.id == value)).first()
        if found is None:
            problems.append((name, "not_found", f"no {table.name[:-1]} with id {value}"))
        elif table is schema.customers and found.erased_at is not None:
            problems.append((name, "erased", f"customer {value} was erased on request"))
    if problems:
        listed = "; ".join(f"{p[0]}: {p[2]}" for p in problems)
        raise ResponseRejected(f"survey {survey!r}: {listed}", problems)


def _replay(connection: Connection, key: str, request_hash: str) -> RecordedResponse | None:
    r, s, v = schema.responses, schema.surveys, schema.survey_versions
    row = connection.execute(
        select(r.c.id, r.c.external_id, s.c.key, v.c.version, r.c.submitted_at, r.c.request_hash)
        .join(s, s.c.id == r.c.survey_id)
        .join(v, v.c.id == r.c.survey_version_id)
        .where(r.c.idempotency_key == key)
    ).first()
    if row is None:
        return None
    if row.request_hash != request_hash:
        msg = (
            f"idempotency key {key!r} was already used for a different response; send a new "
            "key for a new response, or resend the first body unchanged"
        )
        raise IdempotencyConflict(msg)
    return RecordedResponse(
        row.id, row.external_id, row.key, row.version, row.submitted_at, replayed=True
    )


def _score(survey: StoredSurvey, answers: Mapping[str, Answer]) -> tuple[float | None, int | None]:
    """The response's headline score (its first numeric answer), for the comment's rating."""
    for question in survey.definition.questions:
        value = answers.get(question.key)
        if question.numeric and isinstance(value, float):
            return value, question.scale_max
    return None, None


def _write(
    connection: Connection,
    submission: Submission,
    survey: StoredSurvey,
    answers: dict[str, Answer],
    *,
    request_hash: str,
    now: datetime,
) -> RecordedResponse:
    external_id = uuid.uuid4().hex
    row = {
        "source": submission.source,
        "external_id": external_id,
        "survey_id": survey.id,
        "survey_version_id": survey.version_id,
        "customer_id": submission.customer_id,
        "order_id": submission.order_id,
        "ticket_id": submission.ticket_id,
        "channel": submission.channel,
        "language": submission.language,
        "started_at": submission.started_at,
        "submitted_at": now,
        "idempotency_key": submission.idempotency_key,
        "request_hash": request_hash,
    }
    response_id = connection.execute(
        insert(schema.responses).returning(schema.responses.c.id), row
    ).scalar_one()
    definition = survey.definition
    rows, comments = [], []
    rating, scale = _score(survey, answers)
    for key, value in answers.items():
        question = definition.question(key)
        rows.append(
            {
                "response_id": response_id,
                "question_id": survey.question_ids[key],
                "question_key": key,
                "value_number": value if isinstance(value, float) else None,
                "value_text": value if isinstance(value, str) else None,
                "value_choices": list(value) if isinstance(value, tuple) else None,
            }
        )
        if question.type is QuestionType.FREE_TEXT and isinstance(value, str):
            comments.append(
                {
                    "kind": FeedbackKind.SURVEY_COMMENT.value,
                    "source": submission.source,
                    "external_id": f"{external_id}:{key}",
                    "channel": submission.channel,
                    "text": value,
                    "rating": rating,
                    "rating_scale_max": scale,
                    "language": submission.language,
                    "customer_id": submission.customer_id,
                    "order_id": submission.order_id,
                    "ticket_id": submission.ticket_id,
                    "response_id": response_id,
                    "created_at": now,
                }
            )
    if rows:
        connection.execute(insert(schema.answers), rows)
    if comments:
        connection.execute(insert(schema.feedback_items), comments)
    if submission.invitation_id is not None:
        i = schema.survey_invitations
        marked = connection.execute(
            update(i)
            .where(i.c.id == submission.invitation_id, i.c.used_at.is_(None))
            .values(used_at=now, response_id=response_id)
        )
        if marked.rowcount != 1:
            raise LinkUsed("this survey link was already used to send a response")
    return RecordedResponse(response_id, external_id, survey.key, survey.version, now)


def record_response(store: Store, submission: Submission, *, now: datetime) -> RecordedResponse:
    """Validate and store one response; see the module docstring for idempotency."""
    with store.engine.connect() as connection:
        survey = load_survey_in(connection, submission.survey, version=submission.version)
    if survey.status is not SurveyStatus.LIVE:
        msg = f"survey {survey.key!r} is {survey.status.value}, not live: it takes no responses"
        raise SurveyClosed(msg)
    answers = validate_answers(survey.definition, submission.answers)
    request_hash = _request_hash(submission, survey, answers)
    key = submission.idempotency_key
    try:
        with store.transaction() as connection:
            if key is not None and (found := _replay(connection, key, request_hash)):
                return found
            check_references(
                connection,
                submission.survey,
                customer_id=submission.customer_id,
                order_id=submission.order_id,
                ticket_id=submission.ticket_id,
            )
            return _write(
                connection, submission, survey, answers, request_hash=request_hash, now=now
            )
    except IntegrityError:
        if key is None:
            raise
        with store.engine.connect() as connection:
            found = _replay(connection, key, request_hash)
        if found is None:
            raise
        return found
