"""Surveys in the store, versioned: a changed definition is a new version, never an edit.

Answers point at the question row of the version they answered, and a new version may not give
an existing question key another type or scale, so a stored answer keeps its meaning forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from suara.domain.entities import SurveyStatus
from suara.domain.errors import SurveyDefinitionError, UnknownSurvey
from suara.storage import Store, schema
from suara.surveys.definition import QuestionDefinition, SurveyDefinition, parse_definition

_MARKERS = ("imported", "synthetic")


@dataclass(frozen=True, slots=True)
class StoredSurvey:
    """One version of a survey as stored, with the ids answers must point at."""

    id: int
    key: str
    status: SurveyStatus
    version: int
    version_id: int
    current_version: int
    definition: SurveyDefinition
    question_ids: dict[str, int]


@dataclass(frozen=True, slots=True)
class SurveyListing:
    key: str
    title_id: str
    title_en: str
    status: SurveyStatus
    current_version: int
    responses: int


@dataclass(frozen=True, slots=True)
class SaveResult:
    key: str
    version: int
    created: bool
    changed: bool


def _question_row(question: QuestionDefinition, version_id: int, position: int) -> dict[str, Any]:
    return {
        "survey_version_id": version_id,
        "key": question.key,
        "position": position,
        "type": question.type.value,
        "text_id": question.text_id,
        "text_en": question.text_en,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "required": question.required,
        "dimension": question.dimension.value if question.dimension else None,
        "factor": question.factor.value if question.factor else None,
        "choices": [c.key for c in question.choices] or None,
    }


def _check_compatible(connection: Connection, survey_id: int, new: SurveyDefinition) -> None:
    q, v = schema.questions, schema.survey_versions
    rows = connection.execute(
        select(v.c.version, q.c.key, q.c.type, q.c.scale_min, q.c.scale_max)
        .join(v, v.c.id == q.c.survey_version_id)
        .where(v.c.survey_id == survey_id)
    )
    for version, key, kind, low, high in rows:
        try:
            question = new.question(key)
        except KeyError:
            continue
        if (question.type.value, question.scale_min, question.scale_max) != (kind, low, high):
            msg = (
                f"survey {new.key!r}, question {key!r}: version {version} asked it as {kind} "
                f"{low}-{high}, the new definition as {question.type.value} "
                f"{question.scale_min}-{question.scale_max}; stored answers would change "
                f"meaning. Keep the type and scale, or give the changed question a new key."
            )
            raise SurveyDefinitionError(msg)


def save_survey(store: Store, definition: SurveyDefinition, *, now: datetime) -> SaveResult:
    """Create the survey, or add a version when its definition changed (no-op otherwise)."""
    s, v = schema.surveys, schema.survey_versions
    data = definition.to_data()
    with store.transaction() as connection:
        found = connection.execute(
            select(s.c.id, s.c.current_version).where(s.c.key == definition.key)
        ).first()
        if found is None:
            survey_id = connection.execute(
                insert(s).returning(s.c.id),
                {
                    "key": definition.key,
                    "title_id": definition.title_id,
                    "title_en": definition.title_en,
                    "status": definition.status.value,
                    "current_version": 1,
                    "created_at": now,
                },
            ).scalar_one()
            version, created = 1, True
        else:
            survey_id, current = found
            stored = connection.execute(
                select(v.c.definition).where(v.c.survey_id == survey_id, v.c.version == current)
            ).scalar_one()
            if stored == data:
                _set_status(connection, survey_id, definition.status)
                return SaveResult(definition.key, current, created=False, changed=False)
            _check_compatible(connection, survey_id, definition)
            latest = connection.execute(
                select(func.max(v.c.version)).where(v.c.survey_id == survey_id)
            ).scalar_one()
            version, created = int(latest) + 1, False
            connection.execute(
                update(s)
                .where(s.c.id == survey_id)
                .values(
                    title_id=definition.title_id,
                    title_en=definition.title_en,
                    status=definition.status.value,
                    current_version=version,
                )
            )
        version_id = connection.execute(
            insert(v).returning(v.c.id),
            {"survey_id": survey_id, "version": version, "definition": data, "created_at": now},
        ).scalar_one()
        connection.execute(
            insert(schema.questions),
            [_question_row(q, version_id, n) for n, q in enumerate(definition.questions, 1)],
        )
    return SaveResult(definition.key, version, created=created, changed=True)


def _set_status(connection: Connection, survey_id: int, status: SurveyStatus) -> None:
    connection.execute(
        update(schema.surveys).where(schema.surveys.c.id == survey_id).values(status=status.value)
    )


def set_status(store: Store, key: str, status: SurveyStatus) -> None:
    with store.transaction() as connection:
        survey_id = connection.execute(
            select(schema.surveys.c.id).where(schema.surveys.c.key == key)
        ).scalar_one_or_none()
        if survey_id is None:
            raise UnknownSurvey(f"no survey {key!r}; `suara surveys list` shows the surveys")
        _set_status(connection, survey_id, status)


def load_survey(store: Store, key: str, *, version: int | None = None) -> StoredSurvey:
    """The current (or a given) version of survey ``key``."""
    with store.engine.connect() as connection:
        return load_survey_in(connection, key, version=version)


def load_survey_in(connection: Connection, key: str, *, version: int | None = None) -> StoredSurvey:
    s, v, q = schema.surveys, schema.survey_versions, schema.questions
    survey = connection.execute(
        select(s.c.id, s.c.title_id, s.c.title_en, s.c.status, s.c.current_version).where(
            s.c.key == key
        )
    ).first()
    if survey is None:
        raise UnknownSurvey(f"no survey {key!r}; `suara surveys list` shows the surveys")
    survey_id, title_id, title_en, status, current = survey
    wanted = current if version is None else version
    row = connection.execute(
        select(v.c.id, v.c.definition).where(v.c.survey_id == survey_id, v.c.version == wanted)
    ).first()
    if row is None:
        raise UnknownSurvey(f"survey {key!r} has no version {wanted} (the latest is {current})")
    version_id, data = row
    data = {k: val for k, val in dict(data).items() if k not in _MARKERS}
    data.setdefault("title_id", title_id)
    data.setdefault("title_en", title_en)
    data["status"] = status
    definition = parse_definition(data, origin=f"survey {key!r} version {wanted}")
    rows = connection.execute(select(q.c.key, q.c.id).where(q.c.survey_version_id == version_id))
    ids = {str(k): int(i) for k, i in rows}
    return StoredSurvey(
        survey_id, key, SurveyStatus(status), wanted, version_id, current, definition, ids
    )


def list_surveys(store: Store) -> list[SurveyListing]:
    s, r = schema.surveys, schema.responses
    counts = (
        select(r.c.survey_id, func.count().label("n")).group_by(r.c.survey_id).subquery("counts")
    )
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(s.c.key, s.c.title_id, s.c.title_en, s.c.status, s.c.current_version, counts.c.n)
            .outerjoin(counts, counts.c.survey_id == s.c.id)
            .order_by(s.c.key)
        )
        return [
            SurveyListing(key, t_id, t_en, SurveyStatus(status), version, int(n or 0))
            for key, t_id, t_en, status, version, n in rows
        ]
