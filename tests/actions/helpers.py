"""Small real data for the actions tests: a clock, customers, survey responses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from suara.storage import Store, schema
from suara.surveys import Submission
from suara.surveys.service import SurveyConfig, SurveyService

START = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB, outside quiet hours
SECRET = "test-secret"


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def customer(store: Store, name: str, **values: object) -> int:
    email = f"{name.split()[0].lower()}@example.id"
    row = {"name": name, "email": email, "consent_email": True, "province": "DKI Jakarta",
           "created_at": START, "updated_at": START} | values  # fmt: skip
    with store.transaction() as connection:
        return int(
            connection.execute(
                insert(schema.customers).returning(schema.customers.c.id), row
            ).scalar_one()
        )


def surveys(store: Store, clock: Clock) -> SurveyService:
    service = SurveyService(store, SurveyConfig(SECRET), clock=clock)
    service.install_builtins()
    return service


def respond(service: SurveyService, customer_id: int, **answers: object) -> int:
    survey = "post_delivery_csat" if "csat" in answers else "nps"
    recorded = service.record(Submission(survey, answers, customer_id=customer_id, language="id"))
    return recorded.id
