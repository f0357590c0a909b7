"""Sending a templated message to a customer, at most once, when they may be contacted.

Each send has an idempotency key and a row in ``message_sends`` (an outbox): it is claimed
before anything goes out and marked ``sent`` the moment the email server or the gateway
accepted it, so a retried job (or a worker restarted mid-job) never messages a customer twice.
Email goes through the survey mailer (:mod:`suara.surveys.mail`); WhatsApp and SMS go as a
signed webhook to the configured gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update

from suara.actions.contact import CHANNELS, QuietHours, channel_refusal, customer_zone
from suara.actions.templates import TemplateBook, aspect_label, render
from suara.actions.webhooks import Webhooks
from suara.domain.errors import ConfigurationError, TemplateError
from suara.storage import Store, schema
from suara.surveys.mail import SmtpConfig, build_message, smtp_session

Clock = Callable[[], datetime]
FINAL = ("sent", "skipped")


@dataclass(frozen=True, slots=True)
class MessagingConfig:
    smtp: SmtpConfig
    language: str = "id"
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    gateway_url: str | None = None


@dataclass(frozen=True, slots=True)
class SendResult:
    id: int
    status: str
    reason: str | None = None
    not_before: datetime | None = None


class Messenger:
    def __init__(
        self, store: Store, config: MessagingConfig, webhooks: Webhooks, *, clock: Clock
    ) -> None:
        self.store = store
        self.config = config
        self.webhooks = webhooks
        self.templates = TemplateBook(store)
        self.clock = clock

    def send(
        self,
        customer_id: int,
        template: str,
        *,
        key: str,
        channel: str = "email",
        case_id: int | None = None,
        values: dict[str, Any] | None = None,
    ) -> SendResult:
        """Send ``template`` to the customer in their language, once for ``key``."""
        if channel not in CHANNELS:
            raise TemplateError(f"unknown channel {channel!r}; use one of {', '.join(CHANNELS)}")
        c, m = schema.customers, schema.message_sends
        now = self.clock()
        with self.store.transaction() as connection:
            person = connection.execute(select(c).where(c.c.id == customer_id)).first()
            language = (person.preferred_language if person else None) or self.config.language
            language = language if language in ("id", "en") else self.config.language
            row = connection.execute(
                select(m.c.id, m.c.status, m.c.reason).where(m.c.idempotency_key == key)
            ).first()
            if row is None:
                send_id = connection.execute(
                    insert(m).values(idempotency_key=key, customer_id=customer_id,
                                     case_id=case_id, channel=channel, template=template,
                                     language=language, status="pending", created_at=now)
                    .returning(m.c.id)
                ).scalar_one()  # fmt: skip
            elif row.status in FINAL:
                return SendResult(int(row.id), str(row.status), row.reason)
            else:
                send_id = int(row.id)
        reason = "unknown" if person is None else channel_refusal(person, channel)
        if person is None or reason is not None:
            return self._finish(send_id, "skipped", reason)
        zone = customer_zone(person.province, self.config.tz)
        wait = self.config.quiet_hours.wait_until(now, zone)
        if wait is not None:
            return self._finish(send_id, "deferred", "quiet_hours", not_before=wait)
        first = (person.name or "").strip().split(" ")[0]
        fields = {
            "first_name": first,
            "name": person.name,
            "case_id": case_id,
            "aspect_label": aspect_label((values or {}).get("aspect"), language),
        }
        subject, body = render(self.templates.get(template, language), fields | (values or {}))
        if channel == "email":
            refused = self._email(str(person.email), subject, body, language)
        else:
            refused = self._gateway(send_id, channel, str(person.phone), body, key)
        if refused is not None:
            return self._finish(send_id, "failed", refused)
        return self._finish(send_id, "sent", None)

    def _email(self, to: str, subject: str, body: str, language: str) -> str | None:
        html = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
        html = f'<!doctype html><html lang="{language}"><body>{html}</body></html>'
        message = build_message(self.config.smtp.sender, to, subject, body, html,
                                headers={"Content-Language": language})  # fmt: skip
        with smtp_session(self.config.smtp) as session:
            return session.send(message)

    def _gateway(self, send_id: int, channel: str, phone: str, body: str, key: str) -> str | None:
        if not self.config.gateway_url:
            msg = f"no message gateway is set for {channel}: set SUARA_MESSAGE_GATEWAY_URL"
            raise ConfigurationError(msg)
        payload = {"channel": channel, "to": phone, "text": body}
        delivery = self.webhooks.deliver(self.config.gateway_url, "message", payload,
                                         key=f"message:{key}", send_id=send_id)  # fmt: skip
        return None if delivery.status == "delivered" else "gateway did not accept the message"

    def _finish(
        self, send_id: int, status: str, reason: str | None, *, not_before: datetime | None = None
    ) -> SendResult:
        m = schema.message_sends
        values: dict[str, Any] = {"status": status, "reason": reason, "not_before": not_before}
        if status == "sent":
            values["sent_at"] = self.clock()
        with self.store.transaction() as connection:
            connection.execute(update(m).where(m.c.id == send_id).values(values))
        return SendResult(send_id, status, reason, not_before)
