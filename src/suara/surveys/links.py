"""Personal survey links: signed, expiring, single-use; and the anonymous public link.

A token is ``<invitation id>.<expiry>.<signature>``: HMAC-SHA256 under the store's secret key
over the other two parts, so a link cannot be forged or have its expiry extended. It is
single-use because the invitation row is marked used in the same transaction that stores the
response (:mod:`suara.surveys.recording`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from suara.domain.errors import LinkExpired, LinkInvalid, LinkUsed
from suara.storage import Store, schema
from suara.surveys.recording import check_references
from suara.surveys.repository import load_survey_in

SIGNATURE_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(secret: str, message: str, *, purpose: str = "survey-link") -> str:
    """A short HMAC-SHA256 of ``message``; ``purpose`` keeps one kind of token from passing
    for another (an opt-out token is never a survey link)."""
    digest = hmac.new(secret.encode(), f"{purpose}:{message}".encode(), hashlib.sha256)
    return _b64(digest.digest()[:SIGNATURE_BYTES])


def sign_token(secret: str, invitation_id: int, expires_at: datetime) -> str:
    message = f"{invitation_id}.{int(expires_at.timestamp())}"
    return f"{message}.{sign(secret, message)}"


def _verified(secret: str, token: str) -> tuple[int, datetime]:
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise LinkInvalid("this survey link is incomplete or mistyped")
    message = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(sign(secret, message), parts[2]):
        raise LinkInvalid("this survey link is incomplete or mistyped")
    return int(parts[0]), datetime.fromtimestamp(int(parts[1]), UTC)


def read_token(secret: str, token: str, *, now: datetime) -> int:
    """The invitation id a token stands for; :class:`LinkInvalid` or :class:`LinkExpired`."""
    invitation_id, expires_at = _verified(secret, token)
    if expires_at <= now:
        raise LinkExpired("this survey link has expired")
    return invitation_id


def link_language(store: Store, token: str, *, secret: str) -> str | None:
    """The invited customer's language for a genuine link, expired or used alike, so the page
    that says so speaks it; None for a forged link or a customer without a preference."""
    try:
        invitation_id, _ = _verified(secret, token)
    except LinkInvalid:
        return None
    i, c = schema.survey_invitations, schema.customers
    with store.engine.connect() as connection:
        language = connection.execute(
            select(c.c.preferred_language)
            .join(i, i.c.customer_id == c.c.id)
            .where(i.c.id == invitation_id)
        ).scalar_one_or_none()
    return str(language) if language else None


@dataclass(frozen=True, slots=True)
class Invitation:
    id: int
    survey: str
    token: str
    customer_id: int | None
    order_id: int | None
    ticket_id: int | None
    expires_at: datetime


def create_invitation(
    store: Store,
    survey: str,
    *,
    secret: str,
    now: datetime,
    valid_for: timedelta,
    customer_id: int | None = None,
    order_id: int | None = None,
    ticket_id: int | None = None,
    channel: str = "link",
) -> Invitation:
    """A personal link for one customer, optionally about one order or ticket."""
    expires_at = (now + valid_for).replace(microsecond=0)
    with store.transaction() as connection:
        stored = load_survey_in(connection, survey)
        check_references(
            connection, survey, customer_id=customer_id, order_id=order_id, ticket_id=ticket_id
        )
        invitation_id = connection.execute(
            insert(schema.survey_invitations).returning(schema.survey_invitations.c.id),
            {
                "survey_id": stored.id,
                "customer_id": customer_id,
                "order_id": order_id,
                "ticket_id": ticket_id,
                "channel": channel,
                "created_at": now,
                "expires_at": expires_at,
            },
        ).scalar_one()
    token = sign_token(secret, invitation_id, expires_at)
    return Invitation(invitation_id, survey, token, customer_id, order_id, ticket_id, expires_at)


@dataclass(frozen=True, slots=True)
class OpenedLink:
    """What a valid personal link opens: the survey and whom it asks."""

    invitation_id: int
    survey: str
    customer_id: int | None
    order_id: int | None
    ticket_id: int | None
    customer_name: str | None
    customer_language: str | None
    order_ref: str | None


def open_link(store: Store, token: str, *, secret: str, now: datetime) -> OpenedLink:
    """The invitation behind ``token``; raises when it is forged, expired or already used."""
    invitation_id = read_token(secret, token, now=now)
    i, s, c, o = schema.survey_invitations, schema.surveys, schema.customers, schema.orders
    with store.engine.connect() as connection:
        row = connection.execute(
            select(
                s.c.key, i.c.customer_id, i.c.order_id, i.c.ticket_id, i.c.used_at,
                c.c.name, c.c.preferred_language, c.c.erased_at, o.c.external_id,
            )
            .join(s, s.c.id == i.c.survey_id)
            .outerjoin(c, c.c.id == i.c.customer_id)
            .outerjoin(o, o.c.id == i.c.order_id)
            .where(i.c.id == invitation_id)
        ).first()  # fmt: skip
    if row is None or row.erased_at is not None:  # nobody may answer as an erased customer
        raise LinkInvalid("this survey link is no longer valid")
    if row.used_at is not None:
        raise LinkUsed("this survey link was already used to send a response")
    return OpenedLink(
        invitation_id,
        row.key,
        row.customer_id,
        row.order_id,
        row.ticket_id,
        row.name,
        row.preferred_language,
        row.external_id,
    )


def new_resume_key() -> str:
    return secrets.token_urlsafe(18)
