"""Messages and webhooks: templates per language, consent and quiet hours, one recorded send;
signed webhooks retried with back-off until exactly one success."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from suara.actions import ActionsService
from suara.actions.contact import QuietHours, customer_zone
from suara.actions.templates import Template
from suara.actions.webhooks import WebhookConfig, Webhooks, verify
from suara.domain.errors import ConfigurationError, TemplateError
from suara.storage import Store, schema
from tests.actions.helpers import SECRET, Clock, customer
from tests.actions.receiver import webhook_receiver
from tests.mailbox import Mailbox


def test_templates_preview_in_both_languages_and_reject_unknown_fields(
    actions: ActionsService, clock: Clock
) -> None:
    subject, body = actions.templates.preview("case_followup", "en", {"case_id": 7})
    assert subject == "We're sorry about your experience, Sari"
    assert "case #7" in body
    assert actions.templates.preview("birthday", "id")[0] == "Selamat ulang tahun, Sari!"
    with pytest.raises(TemplateError, match=r"'promo' \(id\), body: unknown field 'voucher'"):
        actions.templates.save(Template("promo", "id", "Hai", "Kode {voucher}"), now=clock.now)
    actions.templates.save(Template("promo", "id", "Hai {first_name}", "Diskon!"), now=clock.now)
    assert "promo" in actions.templates.known()
    with pytest.raises(TemplateError, match="no message template 'promo' in 'en'"):
        actions.templates.get("promo", "en")


def test_sends_respect_consent_and_quiet_hours_and_happen_once(
    actions: ActionsService, clock: Clock, mailbox: Mailbox
) -> None:
    store = actions.store
    john = customer(store, "John Smith", preferred_language="en")
    gone = customer(store, "Gone Away", consent_email=False)
    papua = customer(store, "Yohana Wenda", province="Papua")
    send = actions.messenger.send
    assert send(john, "winback", key="k1").status == "sent"
    assert send(john, "winback", key="k1").status == "sent"
    (mail,) = mailbox.messages
    assert mail["Subject"] == "We miss you, John"
    assert send(gone, "winback", key="k2").reason == "opted_out"
    assert send(john, "winback", key="k3", channel="sms").reason == "no_consent"
    clock.now = datetime(2026, 3, 2, 13, 30, tzinfo=UTC)  # 20:30 WIB, 22:30 WIT
    late = send(papua, "winback", key="k4")
    assert (late.status, late.not_before) == (
        "deferred", datetime(2026, 3, 3, 8, 0, tzinfo=customer_zone("Papua", UTC)),
    )  # fmt: skip
    assert send(john, "winback", key="k5").status == "sent"
    clock.now = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # 08:00 WIT
    assert send(papua, "winback", key="k4").status == "sent"
    with store.engine.connect() as c:
        rows = c.execute(select(schema.message_sends.c.idempotency_key,
                                schema.message_sends.c.status)).all()  # fmt: skip
    assert sorted(rows) == [("k1", "sent"), ("k2", "skipped"), ("k3", "skipped"),
                            ("k4", "sent"), ("k5", "sent")]  # fmt: skip
    assert len(mailbox.messages) == 3


def test_quiet_hours_parse_and_wrap_midnight() -> None:
    quiet = QuietHours.parse("21:00-08:00")
    assert quiet.contains(time(23)) and quiet.contains(time(7, 59))  # noqa: PT018
    assert not quiet.contains(time(8))
    assert not QuietHours.parse("").contains(time(23))
    with pytest.raises(ConfigurationError, match="SUARA_QUIET_HOURS"):
        QuietHours.parse("9pm")


def test_a_webhook_failing_three_times_then_succeeding_is_delivered_once(
    lite_store: Store, clock: Clock
) -> None:
    waits: list[float] = []
    hooks = Webhooks(lite_store, WebhookConfig(SECRET, attempts=5, backoff=0.5), clock=clock,
                     sleep=waits.append)  # fmt: skip
    with webhook_receiver(fail_first=3) as receiver:
        delivery = hooks.deliver(receiver.url, "case.opened", {"case": 1}, key="d1")
        again = hooks.deliver(receiver.url, "case.opened", {"case": 1}, key="d1")
    assert (delivery.status, delivery.attempts) == ("delivered", 4)
    assert again == delivery
    assert waits == [0.5, 1.0, 2.0]
    assert receiver.calls == 4
    (got,) = receiver.received
    assert verify(SECRET, got.headers["X-Suara-Signature"], got.body, now=clock.now.timestamp())
    assert not verify("wrong", got.headers["X-Suara-Signature"], got.body,
                      now=clock.now.timestamp())  # fmt: skip
    a = schema.delivery_attempts
    with lite_store.engine.connect() as c:
        attempts = c.execute(select(a.c.number, a.c.status_code, a.c.succeeded)
                             .order_by(a.c.number)).all()  # fmt: skip
    assert attempts == [(1, 503, False), (2, 503, False), (3, 503, False), (4, 200, True)]


def test_a_webhook_that_never_answers_fails_and_resumes_later(
    lite_store: Store, clock: Clock
) -> None:
    hooks = Webhooks(lite_store, WebhookConfig(SECRET, attempts=2, backoff=0), clock=clock,
                     sleep=lambda _: None)  # fmt: skip
    with webhook_receiver(fail_first=3) as receiver:
        assert hooks.deliver(receiver.url, "x", {}, key="d2").status == "failed"
        assert hooks.deliver(receiver.url, "x", {}, key="d2").status == "delivered"
        assert receiver.calls == 4
