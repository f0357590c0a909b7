"""Email invitations and reminders on SQLite and PostgreSQL, through a real SMTP server:
consent, erasure, contact-days, one reminder, the outbox, opt-out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from suara.domain.errors import ConfigurationError, DeliveryFailed, LinkInvalid
from suara.storage import Store, schema
from suara.storage.erasure import erase_customer
from suara.surveys import Submission
from suara.surveys.links import read_token
from suara.surveys.mail import SmtpConfig
from suara.surveys.service import SurveyConfig, SurveyService
from tests.mailbox import Mailbox, free_port, html_of, smtp_server, survey_link, text_of

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
SECRET = "test-secret"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _service(store: Store, clock: Clock, port: int | None) -> SurveyService:
    smtp = SmtpConfig("127.0.0.1" if port else None, port or 25, "none")
    config = SurveyConfig(SECRET, public_url="https://survei.example.id", smtp=smtp)
    return SurveyService(store, config, clock=clock)


@pytest.fixture
def service(store: Store, clock: Clock, mailbox: Mailbox) -> SurveyService:
    service = _service(store, clock, mailbox.port)
    service.install_builtins()
    return service


def _customer(store: Store, name: str, **values: object) -> int:
    row = {"name": name, "email": f"{name.split()[0].lower()}@example.id", "consent_email": True,
           "created_at": START, "updated_at": START} | values  # fmt: skip
    with store.transaction() as connection:
        return int(
            connection.execute(
                insert(schema.customers).returning(schema.customers.c.id), row
            ).scalar_one()
        )


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    return {
        "sari": _customer(store, "Sari Wulandari"),
        "john": _customer(store, "John Smith", preferred_language="en"),
        "quiet": _customer(store, "Quiet One", consent_email=None),
        "gone": _customer(store, "Gone Away", consent_email=False),
        "erased": _customer(store, "Erased Person", erased_at=START),
        "nomail": _customer(store, "No Mail", email=None),
    }


def test_only_consenting_reachable_customers_are_invited_once_per_contact_window(
    service: SurveyService, mailbox: Mailbox, people: dict[str, int], clock: Clock
) -> None:
    first = service.send_invitations("nps")
    assert sorted(first.sent) == sorted([people["sari"], people["john"]])
    reasons = {s.customer_id: s.reason for s in first.skipped}
    assert reasons == {
        people["quiet"]: "no_consent", people["gone"]: "opted_out",
        people["erased"]: "erased", people["nomail"]: "no_email",
    }  # fmt: skip
    assert sorted(m["To"] for m in mailbox.messages) == ["john@example.id", "sari@example.id"]
    again = service.send_invitations("nps")
    other_survey = service.send_invitations("post_purchase", customer_ids=[people["sari"], 999])
    assert again.sent == other_survey.sent == []
    assert {s.reason for s in again.skipped if s.customer_id == people["sari"]} == {"recent"}
    assert {s.customer_id: s.reason for s in other_survey.skipped} == {
        people["sari"]: "recent",
        999: "unknown",
    }
    assert len(mailbox.messages) == 2
    clock.now += timedelta(days=31)
    assert sorted(service.send_invitations("nps").sent) == sorted(first.sent)


def test_the_email_is_in_the_customer_s_language_with_the_personal_and_opt_out_links(
    service: SurveyService, mailbox: Mailbox, people: dict[str, int]
) -> None:
    service.send_invitations("nps", customer_ids=[people["sari"], people["john"]])
    indonesian, english = mailbox.to("sari@example.id")[0], mailbox.to("john@example.id")[0]
    subject = "Survei rekomendasi pelanggan (NPS): boleh minta waktu sebentar?"
    assert indonesian["Subject"] == subject
    assert text_of(indonesian).startswith("Halo Sari,")
    assert "berlaku sampai 2026-03-16" in text_of(indonesian)
    assert english["Subject"].startswith("Customer recommendation survey (NPS)")
    assert "Hi John," in text_of(english)
    link = survey_link(english)
    assert link.startswith("https://survei.example.id/i/")
    assert f'href="{link}"' in html_of(english)
    assert english["List-Unsubscribe"].startswith("<https://survei.example.id/optout/")
    with service.store.engine.connect() as connection:
        invitation_id, sent_at = connection.execute(
            select(schema.survey_invitations.c.id, schema.survey_invitations.c.sent_at).where(
                schema.survey_invitations.c.customer_id == people["john"]
            )
        ).one()
    assert read_token(SECRET, link.rsplit("/", 1)[1], now=START) == invitation_id
    assert sent_at == START


def test_dry_run_sends_and_stores_nothing(
    service: SurveyService, mailbox: Mailbox, people: dict[str, int], store: Store
) -> None:
    report = service.send_invitations("nps", dry_run=True)
    assert sorted(report.sent) == sorted([people["sari"], people["john"]])
    assert report.reasons() == {"no_consent": 1, "opted_out": 1, "erased": 1, "no_email": 1}
    assert mailbox.messages == []
    with store.engine.connect() as connection:
        assert connection.execute(select(schema.survey_invitations)).all() == []


def test_one_reminder_goes_only_to_those_who_have_not_answered(
    service: SurveyService, mailbox: Mailbox, people: dict[str, int], clock: Clock, store: Store
) -> None:
    service.send_invitations("nps", customer_ids=[people["sari"], people["john"]])
    john = service.open_link(survey_link(mailbox.to("john@example.id")[0]).rsplit("/", 1)[1])
    service.record(Submission("nps", {"nps": 9}, customer_id=people["john"],
                              invitation_id=john.invitation_id))  # fmt: skip
    mailbox.clear()
    assert service.send_reminders("nps").sent == []  # not due yet
    clock.now += timedelta(days=3)
    assert service.send_reminders("nps", dry_run=True).sent == [people["sari"]]
    assert mailbox.messages == []
    reminded = service.send_reminders("nps")
    assert reminded.sent == [people["sari"]]
    [reminder] = mailbox.messages
    assert reminder["Subject"].startswith("Pengingat: ")
    clock.now += timedelta(days=3)
    assert service.send_reminders("nps").sent == []
    assert len(mailbox.messages) == 1
    with store.engine.connect() as connection:
        stamps = connection.execute(
            select(schema.survey_invitations.c.customer_id, schema.survey_invitations.c.reminded_at)
        ).all()
    assert dict(stamps) == {people["sari"]: START + timedelta(days=3), people["john"]: None}


def test_invitations_left_unsent_by_a_failure_are_sent_by_the_next_run_and_only_them(
    store: Store, clock: Clock, mailbox: Mailbox, people: dict[str, int]
) -> None:
    down = _service(store, clock, free_port())  # nothing listens there
    down.install_builtins()
    with pytest.raises(DeliveryFailed, match="refused or failed"):
        down.send_invitations("nps")
    with pytest.raises(ConfigurationError, match="SUARA_SMTP_HOST"):
        _service(store, clock, None).send_invitations("nps")
    mailbox.refuse.add("john@example.id")
    up = _service(store, clock, mailbox.port)
    first = up.send_invitations("nps")
    assert first.sent == [people["sari"]]
    assert [(s.customer_id, s.reason) for s in first.skipped if s.reason == "refused"] == [
        (people["john"], "refused")
    ]
    mailbox.refuse.clear()
    assert up.send_invitations("nps").sent == [people["john"]]
    assert up.send_invitations("nps").sent == []
    assert [m["To"] for m in mailbox.messages] == ["sari@example.id", "john@example.id"]
    with store.engine.connect() as connection:
        count = len(connection.execute(select(schema.survey_invitations)).all())
    assert count == 2


def test_opt_out_withdraws_consent_and_stops_the_reminder(
    service: SurveyService, mailbox: Mailbox, people: dict[str, int], clock: Clock, store: Store
) -> None:
    service.send_invitations("nps", customer_ids=[people["sari"]])
    token = mailbox.messages[0]["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    assert service.optout_target(token).opted_out is False
    clock.now += timedelta(days=3)
    assert service.opt_out(token).opted_out is True
    service.opt_out(token)  # twice is harmless and keeps the first time
    with store.engine.connect() as connection:
        consent = connection.execute(
            select(schema.customers.c.consent_email, schema.customers.c.consent_email_at).where(
                schema.customers.c.id == people["sari"]
            )
        ).one()
    assert tuple(consent) == (False, clock.now)
    reminders = service.send_reminders("nps")
    assert (reminders.sent, reminders.reasons()) == ([], {"opted_out": 1})
    with pytest.raises(LinkInvalid):
        service.opt_out(token[:-2] + "xx")
    with pytest.raises(LinkInvalid):
        service.opt_out(f"{people['john']}.{token.split('.')[1]}")


def test_an_erased_customer_s_link_no_longer_opens(
    service: SurveyService, mailbox: Mailbox, people: dict[str, int], clock: Clock, store: Store
) -> None:
    service.send_invitations("nps", customer_ids=[people["sari"]])
    token = survey_link(mailbox.to("sari@example.id")[0]).rsplit("/", 1)[1]
    assert service.open_link(token).customer_id == people["sari"]
    with store.transaction() as connection:
        erase_customer(connection, people["sari"], now=clock.now)
    with pytest.raises(LinkInvalid):
        service.open_link(token)
