"""Surveys and responses in the store, on SQLite and PostgreSQL: versions keep answers' meaning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from suara.domain.entities import SurveyStatus
from suara.domain.errors import (
    IdempotencyConflict,
    ResponseRejected,
    SurveyClosed,
    SurveyDefinitionError,
    UnknownSurvey,
)
from suara.storage import Store, schema
from suara.surveys import Submission, builtin_surveys
from suara.surveys.service import SurveyConfig, SurveyService

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def service(store: Store) -> SurveyService:
    service = SurveyService(store, SurveyConfig(secret_key="test-secret"), clock=lambda: NOW)
    service.install_builtins()
    return service


def _count(store: Store, table: schema.Table) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_builtins_are_stored_once_with_their_questions(service: SurveyService) -> None:
    assert service.install_builtins() == []
    listing = {s.key: s for s in service.list_surveys()}
    assert listing["nps"].current_version == 1
    pyramid = service.get("cx_pyramid")
    assert len(pyramid.question_ids) == 19
    assert pyramid.definition == builtin_surveys()["cx_pyramid"]


def test_editing_a_live_survey_adds_a_version_and_old_answers_keep_theirs(
    service: SurveyService, store: Store
) -> None:
    first = service.record(Submission("nps", {"nps": 9, "nps_reason": "Cepat sampai"}))
    changed = builtin_surveys()["nps"].model_copy(update={"title_en": "Recommend us?"})
    assert service.save(changed).version == 2
    assert service.save(changed).changed is False
    second = service.record(Submission("nps", {"nps": 3}))
    assert (first.version, second.version) == (1, 2)
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(schema.answers.c.question_id, schema.questions.c.survey_version_id)
            .join(schema.questions, schema.questions.c.id == schema.answers.c.question_id)
            .where(schema.answers.c.question_key == "nps")
            .order_by(schema.answers.c.response_id)
        ).all()
    assert rows[0].question_id != rows[1].question_id
    assert service.get("nps", version=1).definition.title_en != "Recommend us?"


def test_a_new_version_may_not_change_a_question_s_scale(service: SurveyService) -> None:
    nps = builtin_surveys()["nps"]
    data = nps.to_data()
    data["questions"][0] |= {"type": "rating", "scale_min": 1, "scale_max": 5}
    from suara.surveys import parse_definition

    with pytest.raises(SurveyDefinitionError, match="question 'nps': version 1 asked it as nps"):
        service.save(parse_definition(data))


def test_free_text_becomes_a_survey_comment_feedback_item(
    service: SurveyService, store: Store
) -> None:
    recorded = service.record(
        Submission("nps", {"nps": 2, "nps_reason": "  Paket telat seminggu  "}, language="id")
    )
    with store.engine.connect() as connection:
        item = connection.execute(select(schema.feedback_items)).one()
    assert item.kind == "survey_comment"
    assert item.text == "Paket telat seminggu"
    assert (item.rating, item.rating_scale_max) == (2.0, 10)
    assert item.response_id == recorded.id


def test_idempotency_key_replays_and_conflicts(service: SurveyService, store: Store) -> None:
    first = service.record(Submission("nps", {"nps": 9}, idempotency_key="k1"))
    again = service.record(Submission("nps", {"nps": 9}, idempotency_key="k1"))
    assert (again.id, again.replayed, first.replayed) == (first.id, True, False)
    with pytest.raises(IdempotencyConflict, match="'k1' was already used"):
        service.record(Submission("nps", {"nps": 4}, idempotency_key="k1"))
    assert _count(store, schema.responses) == 1


def test_bad_submissions_store_nothing(service: SurveyService, store: Store) -> None:
    with pytest.raises(ResponseRejected, match="customer_id: no customer with id 99"):
        service.record(Submission("nps", {"nps": 9}, customer_id=99))
    with pytest.raises(UnknownSurvey, match="no survey 'nope'"):
        service.record(Submission("nope", {}))
    closed = builtin_surveys()["nps"].model_copy(update={"status": SurveyStatus.CLOSED})
    service.save(closed)
    with pytest.raises(SurveyClosed):
        service.record(Submission("nps", {"nps": 9}))
    assert _count(store, schema.responses) == 0
