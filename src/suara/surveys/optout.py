"""Opting out of survey email: a signed, non-expiring link in every invitation and reminder.

The token is ``<customer id>.<signature>`` (HMAC under the store's secret, purpose
``opt-out``), so nobody can unsubscribe someone else by guessing ids, and it keeps working
long after the survey link in the same message has expired. Opting out sets
``consent_email`` to false with its time; invitations and reminders check it before sending.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from suara.domain.errors import LinkInvalid
from suara.storage import Store, schema
from suara.surveys.links import sign

PURPOSE = "opt-out"


def optout_token(secret: str, customer_id: int) -> str:
    return f"{customer_id}.{sign(secret, str(customer_id), purpose=PURPOSE)}"


def read_optout_token(secret: str, token: str) -> int:
    """The customer id an opt-out token stands for; :class:`LinkInvalid` when forged."""
    customer, _, signature = token.partition(".")
    if not customer.isdigit() or not hmac.compare_digest(
        sign(secret, customer, purpose=PURPOSE), signature
    ):
        raise LinkInvalid("this opt-out link is incomplete or mistyped")
    return int(customer)


@dataclass(frozen=True, slots=True)
class OptOutTarget:
    customer_id: int
    language: str | None
    opted_out: bool


def optout_target(store: Store, token: str, *, secret: str) -> OptOutTarget:
    """Whom an opt-out link is for and whether they already opted out (nothing changes)."""
    customer_id = read_optout_token(secret, token)
    c = schema.customers
    with store.engine.connect() as connection:
        row = connection.execute(
            select(c.c.preferred_language, c.c.consent_email).where(c.c.id == customer_id)
        ).first()
    if row is None:
        raise LinkInvalid("this opt-out link is no longer valid")
    return OptOutTarget(customer_id, row.preferred_language, row.consent_email is False)


def opt_out(store: Store, token: str, *, secret: str, now: datetime) -> OptOutTarget:
    """Withdraw the customer's email consent, recording when; a second call changes nothing."""
    target = optout_target(store, token, secret=secret)
    c = schema.customers
    with store.transaction() as connection:
        connection.execute(
            update(c)
            .where(c.c.id == target.customer_id, c.c.consent_email.is_not(False))
            .values(consent_email=False, consent_email_at=now, updated_at=now)
        )
    return OptOutTarget(target.customer_id, target.language, opted_out=True)
