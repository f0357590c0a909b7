"""Half-finished answers, saved page by page so a respondent can close the tab and resume.

A draft is pinned to the survey version it started on, so a survey edited meanwhile never
mixes two versions in one response. A personal link has one draft (its invitation's); an
anonymous respondent resumes through the draft's random resume key (a link and a cookie).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from suara.storage import Store, schema
from suara.surveys.definition import Answer
from suara.surveys.links import new_resume_key
from suara.surveys.repository import load_survey_in


@dataclass(frozen=True, slots=True)
class Draft:
    id: int
    resume_key: str
    survey: str
    version: int
    invitation_id: int | None
    answers: dict[str, Answer]
    page: int
    language: str
    response_id: int | None

    @property
    def submitted(self) -> bool:
        return self.response_id is not None

    @property
    def idempotency_key(self) -> str:
        """Submitting a draft twice (a double click, a retry) stores one response."""
        return f"draft:{self.resume_key}"


def _stored(answers: Mapping[str, Answer]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}


def _loaded(answers: Mapping[str, object]) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    for key, value in answers.items():
        if isinstance(value, list):
            out[key] = tuple(str(v) for v in value)
        elif isinstance(value, (int, float)):
            out[key] = float(value)
        elif isinstance(value, str):
            out[key] = value
    return out


def _select(connection: Connection, *where: object) -> Draft | None:
    d, s, v = schema.response_drafts, schema.surveys, schema.survey_versions
    row = connection.execute(
        select(
            d.c.id, d.c.resume_key, s.c.key, v.c.version, d.c.invitation_id, d.c.answers,
            d.c.page, d.c.language, d.c.response_id,
        )
        .join(s, s.c.id == d.c.survey_id)
        .join(v, v.c.id == d.c.survey_version_id)
        .where(*where)  # type: ignore[arg-type]
    ).first()  # fmt: skip
    if row is None:
        return None
    return Draft(
        row.id, row.resume_key, row.key, row.version, row.invitation_id, _loaded(row.answers),
        row.page, row.language, row.response_id,
    )  # fmt: skip


def find_draft(store: Store, resume_key: str) -> Draft | None:
    with store.engine.connect() as connection:
        return _select(connection, schema.response_drafts.c.resume_key == resume_key)


def start_draft(
    store: Store,
    survey: str,
    *,
    language: str,
    now: datetime,
    invitation_id: int | None = None,
) -> Draft:
    """A new draft on the survey's current version, or the invitation's existing one."""
    d = schema.response_drafts
    if invitation_id is not None:
        with store.engine.connect() as connection:
            found = _select(connection, d.c.invitation_id == invitation_id)
        if found is not None:
            return found
    resume_key = new_resume_key()
    try:
        with store.transaction() as connection:
            stored = load_survey_in(connection, survey)
            connection.execute(
                insert(d),
                {
                    "resume_key": resume_key,
                    "survey_id": stored.id,
                    "survey_version_id": stored.version_id,
                    "invitation_id": invitation_id,
                    "answers": {},
                    "page": 0,
                    "language": language,
                    "created_at": now,
                    "updated_at": now,
                },
            )
    except IntegrityError:
        if invitation_id is None:
            raise
        with store.engine.connect() as connection:
            found = _select(connection, d.c.invitation_id == invitation_id)
        if found is None:
            raise
        return found
    draft = find_draft(store, resume_key)
    assert draft is not None
    return draft


def save_draft(
    store: Store,
    draft: Draft,
    *,
    answers: Mapping[str, Answer],
    page: int,
    language: str,
    now: datetime,
    response_id: int | None = None,
) -> Draft:
    d = schema.response_drafts
    values = {"answers": _stored(answers), "page": page, "language": language, "updated_at": now}
    if response_id is not None:
        values["response_id"] = response_id
    with store.transaction() as connection:
        connection.execute(update(d).where(d.c.id == draft.id).values(**values))
    return Draft(
        draft.id, draft.resume_key, draft.survey, draft.version, draft.invitation_id,
        dict(answers), page, language, response_id or draft.response_id,
    )  # fmt: skip
