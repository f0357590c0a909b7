"""Importing survey responses exported from another tool: one row per response, one column per
question.

When the survey is not in the store yet it is created from the columns, recognising the CX
framework's questions by name (``nps``, ``csat``, ``ces``, pyramid dimensions and CX factors)
and inferring the scale of other numeric columns from the data. Free-text answers also become
feedback items, so comments from any survey tool reach text analytics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from suara.domain.entities import FeedbackKind, QuestionType, SurveyStatus
from suara.domain.errors import MappingError, ValueParseError
from suara.domain.frameworks import CxFactor, PyramidDimension
from suara.ingest import parsing
from suara.ingest.fields import EXTRA
from suara.ingest.mapping import squash
from suara.ingest.report import RowError
from suara.ingest.upsert import lookup_ids, upsert
from suara.ingest.writers import (
    Parsed,
    WriteContext,
    _customer_ids,
    _unknown_orders,
    stored_owners,
)
from suara.storage import schema
from suara.storage.erasure import ERASED_TEXT

_NPS = {"nps", "nps_score", "likelihood_to_recommend", "recommend", "rekomendasi", "skor_nps"}
_CSAT = {"csat", "csat_score", "satisfaction", "kepuasan"}
_CES = {"ces", "ces_score", "effort", "customer_effort", "kemudahan"}
_TEXT = re.compile(r"(comment|komentar|alasan|reason|saran|feedback|masukan|text|catatan|why)")
_SCALES = (5, 7, 10)


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    id: int
    key: str
    type: QuestionType
    scale_min: int | None
    scale_max: int | None
    required: bool
    choices: tuple[str, ...]


def infer_question(key: str, samples: list[Any]) -> dict[str, Any]:
    """A question definition for a column named ``key`` whose first values are ``samples``."""
    name = squash(key)
    base = re.sub(r"_\d+$", "", name)
    question: dict[str, Any] = {"key": key, "text_id": key, "text_en": key, "required": False}
    if name in _NPS:
        return question | {"type": QuestionType.NPS, "scale_min": 0, "scale_max": 10}
    if name in _CSAT:
        return question | {"type": QuestionType.RATING, "scale_min": 1, "scale_max": 5}
    if name in _CES:
        return question | {"type": QuestionType.LIKERT, "scale_min": 1, "scale_max": 7}
    if base in {d.value for d in PyramidDimension}:
        return question | {
            "type": QuestionType.LIKERT,
            "scale_min": 1,
            "scale_max": 5,
            "dimension": base,
        }
    if base in {f.value for f in CxFactor}:
        return question | {
            "type": QuestionType.LIKERT,
            "scale_min": 1,
            "scale_max": 5,
            "factor": base,
        }
    if _TEXT.search(name) is None:
        numbers = []
        for sample in samples:
            try:
                numbers.append(parsing.parse_number(sample))
            except ValueParseError:
                numbers = []
                break
        if numbers and all(n.is_integer() and 0 <= n <= 10 for n in numbers):
            top = next(s for s in _SCALES if s >= max(numbers))
            low = 0 if min(numbers) == 0 else 1
            return question | {"type": QuestionType.RATING, "scale_min": low, "scale_max": top}
    return question | {"type": QuestionType.FREE_TEXT, "scale_min": None, "scale_max": None}


def _create_survey(ctx: WriteContext, key: str, columns: list[str], batch: list[Parsed]) -> None:
    questions = [
        infer_question(c, [r[EXTRA][c] for _, r in batch if r[EXTRA].get(c) is not None][:200])
        for c in columns
    ]
    definition = {
        "key": key,
        "imported": True,
        "questions": [
            {k: (v.value if hasattr(v, "value") else v) for k, v in q.items()} for q in questions
        ],
    }
    conn = ctx.connection
    survey_id = conn.execute(
        insert(schema.surveys).returning(schema.surveys.c.id),
        {
            "key": key,
            "title_id": f"Survei impor: {key}",
            "title_en": f"Imported survey: {key}",
            "status": SurveyStatus.CLOSED.value,
            "current_version": 1,
            "created_at": ctx.now,
        },
    ).scalar_one()
    version_id = conn.execute(
        insert(schema.survey_versions).returning(schema.survey_versions.c.id),
        {"survey_id": survey_id, "version": 1, "definition": definition, "created_at": ctx.now},
    ).scalar_one()
    conn.execute(
        insert(schema.questions),
        [
            {
                "survey_version_id": version_id,
                "position": position,
                "dimension": q.get("dimension"),
                "factor": q.get("factor"),
                "choices": None,
                **{k: v for k, v in q.items() if k not in {"dimension", "factor"}},
            }
            for position, q in enumerate(questions)
        ],
    )


def _load_survey(ctx: WriteContext, key: str) -> tuple[int, int, dict[str, QuestionSpec]] | None:
    s, v, q = schema.surveys, schema.survey_versions, schema.questions
    found = ctx.connection.execute(
        select(s.c.id, v.c.id)
        .join(v, (v.c.survey_id == s.c.id) & (v.c.version == s.c.current_version))
        .where(s.c.key == key)
    ).first()
    if found is None:
        return None
    survey_id, version_id = found
    rows = ctx.connection.execute(
        select(
            q.c.id, q.c.key, q.c.type, q.c.scale_min, q.c.scale_max, q.c.required, q.c.choices
        ).where(q.c.survey_version_id == version_id)
    )
    questions = {
        key: QuestionSpec(qid, key, QuestionType(kind), lo, hi, bool(req), tuple(choices or ()))
        for qid, key, kind, lo, hi, req, choices in rows
    }
    return survey_id, version_id, questions


def _answer(question: QuestionSpec, value: Any) -> dict[str, Any]:
    if question.type in {QuestionType.NPS, QuestionType.RATING, QuestionType.LIKERT}:
        number = parsing.parse_number(value)
        low, high = question.scale_min or 0, question.scale_max or 10
        if not number.is_integer() or not low <= number <= high:
            raise ValueParseError(f"{number:g} is not a whole number from {low} to {high}")
        return {"value_number": number}
    if question.type is QuestionType.FREE_TEXT:
        return {"value_text": parsing.parse_text(value)}
    picked = [p.strip() for p in re.split(r"[;|]", str(value)) if p.strip()]
    unknown = [p for p in picked if question.choices and p not in question.choices]
    if unknown or not picked:
        raise ValueParseError(f"{value!r} is not among the choices {', '.join(question.choices)}")
    if question.type is QuestionType.SINGLE_CHOICE:
        if len(picked) != 1:
            raise ValueParseError("only one choice may be picked")
        return {"value_text": picked[0]}
    return {"value_choices": picked}


def write_responses(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    batch, errors = _unknown_orders(ctx, batch)
    columns: list[str] = ctx.state["extra_columns"]
    keys = {r.get("survey") or ctx.survey for _, r in batch}
    if None in keys:
        reason = "no survey named; add a survey column or pass --survey KEY"
        return errors + [ctx.error(n, "survey", reason) for n, _ in batch]
    if len(keys) > 1:
        reason = "one file holds one survey's responses; split it by survey"
        return errors + [ctx.error(n, "survey", reason) for n, _ in batch]
    key = keys.pop()
    assert key is not None
    survey = ctx.state.get(f"survey:{key}") or _load_survey(ctx, key)
    if survey is None:
        _create_survey(ctx, key, columns, batch)
        survey = _load_survey(ctx, key)
        assert survey is not None
    ctx.state[f"survey:{key}"] = survey
    survey_id, version_id, questions = survey
    unknown = [c for c in columns if c not in questions]
    if unknown:
        msg = (
            f"survey {key!r} has no question {', '.join(map(repr, unknown))}; its questions are "
            f"{', '.join(questions)} (map columns with --map COLUMN=question_key)"
        )
        raise MappingError(msg)
    customers = _customer_ids(ctx, batch, stamp="submitted_at", fields={})
    # a response already stored under an erased customer stays theirs, without its words,
    # whatever customer (or none) the file now names
    stored = stored_owners(ctx, schema.responses, [r["external_id"] for _, r in batch])
    kept = {response: owner for response, (owner, gone) in stored.items() if gone}
    orders = ctx.orders().cache
    responses, answers = [], []
    for number, r in batch:
        parsed: dict[str, dict[str, Any]] = {}
        row_errors = len(errors)
        for column in columns:
            value = r[EXTRA].get(column)
            question = questions[column]
            if value is None or value == "":
                if question.required:
                    errors.append(ctx.error(number, column, "this question is required"))
                continue
            try:
                parsed[column] = _answer(question, value)
            except ValueParseError as exc:
                errors.append(ctx.error(number, column, str(exc)))
        if len(errors) > row_errors:
            continue
        responses.append(
            {
                "source": ctx.source,
                "external_id": r["external_id"],
                "survey_id": survey_id,
                "survey_version_id": version_id,
                "customer_id": kept[r["external_id"]]
                if r["external_id"] in kept
                else customers.get(r["customer_id"])
                if r.get("customer_id")
                else None,
                "order_id": orders.get(r["order_id"]) if r.get("order_id") else None,
                "channel": r.get("channel"),
                "language": r.get("language"),
                "submitted_at": r["submitted_at"],
            }
        )
        answers.append((r, parsed))
    upsert(ctx.connection, schema.responses, responses, key=("source", "external_id"))
    ids = lookup_ids(
        ctx.connection, schema.responses, ctx.source, (r["external_id"] for r in responses)
    )
    answer_rows, feedback_rows = [], []
    erased = ctx.customers().erased  # a customer erased on request: scores stay, words do not
    for (r, parsed), response in zip(answers, responses, strict=True):
        response_id = ids[r["external_id"]]
        words_erased = r["external_id"] in kept or r.get("customer_id") in erased
        for column, value in parsed.items():
            if words_erased and value.get("value_text") is not None:
                value = {**value, "value_text": None}
            answer_rows.append(
                {
                    "response_id": response_id,
                    "question_id": questions[column].id,
                    "question_key": column,
                    "value_number": None,
                    "value_text": None,
                    "value_choices": None,
                }
                | value
            )
            if questions[column].type is QuestionType.FREE_TEXT:
                feedback_rows.append(
                    {
                        "kind": FeedbackKind.SURVEY_COMMENT.value,
                        "source": ctx.source,
                        "external_id": f"{r['external_id']}:{column}",
                        "channel": response["channel"],
                        "text": ERASED_TEXT if words_erased else value["value_text"],
                        "language": response["language"],
                        "customer_id": response["customer_id"],
                        "order_id": response["order_id"],
                        "response_id": response_id,
                        "created_at": response["submitted_at"],
                    }
                )
    upsert(ctx.connection, schema.answers, answer_rows, key=("response_id", "question_key"))
    upsert(
        ctx.connection, schema.feedback_items, feedback_rows, key=("kind", "source", "external_id")
    )
    return errors
