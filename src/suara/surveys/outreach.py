"""Email invitations and their one reminder, under the contact rules.

Who may be emailed: a customer who consented to email (``consent_email`` true; false means
they opted out), was not erased, has an address, and got no email invitation in the last
``contact_days`` days (any survey). Sending is an outbox: the invitations are first stored
unsent, then each is sent and marked ``sent_at`` on its own, so a run cut short (or a broken
SMTP server) leaves unsent invitations that the next run sends, and nothing already marked is
ever sent again. A reminder goes once (``reminded_at``), ``reminder_days`` after the
invitation, only while it is unanswered and unexpired and the customer still consents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Connection, and_, exists, insert, or_, select, text, update

from suara.storage import Store, schema

CHANNEL = "email"
CLAIM_LOCK = 0x53554152_4131
"""PostgreSQL advisory lock key taken while invitations are claimed."""
REASONS = ("unknown", "erased", "opted_out", "no_consent", "no_email", "recent", "answered")
"""Why a customer was skipped; the CLI words them from ``invite.<reason>``."""

Deliver = Callable[[EmailMessage], str | None]
"""Sends one message: None when accepted, else the server's reason (see ``SmtpSession``)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    customer_id: int
    reason: str
    detail: str = ""


@dataclass(slots=True)
class OutreachReport:
    """What a run of invitations or reminders did (or, in a dry run, would do)."""

    survey: str
    dry_run: bool
    sent: list[int] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for skip in self.skipped:
            counts[skip.reason] = counts.get(skip.reason, 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An invitation to send now, with what its message needs."""

    invitation_id: int
    customer_id: int
    email: str
    name: str | None
    language: str | None
    expires_at: datetime


_CUSTOMER_COLUMNS = (
    schema.customers.c.id,
    schema.customers.c.email,
    schema.customers.c.name,
    schema.customers.c.preferred_language,
    schema.customers.c.consent_email,
    schema.customers.c.erased_at,
)


def refusal(row: Any) -> str | None:
    """Why this customer (a row with erased_at, consent_email, email) may not be emailed."""
    if row.erased_at is not None:
        return "erased"
    if row.consent_email is False:
        return "opted_out"
    if row.consent_email is not True:
        return "no_consent"
    if not row.email:
        return "no_email"
    return None


def _recently_invited(connection: Connection, *, now: datetime, contact_days: int) -> set[int]:
    i = schema.survey_invitations
    cutoff = now - timedelta(days=contact_days)
    sent_lately = and_(i.c.sent_at.is_not(None), i.c.sent_at > cutoff)
    waiting = and_(i.c.sent_at.is_(None), i.c.created_at > cutoff, i.c.expires_at > now)
    rows = connection.execute(
        select(i.c.customer_id)
        .where(i.c.channel == CHANNEL, i.c.customer_id.is_not(None), or_(sent_lately, waiting))
        .distinct()
    )
    return {int(r[0]) for r in rows}


def plan_invitations(
    connection: Connection,
    customer_ids: Sequence[int] | None,
    *,
    now: datetime,
    contact_days: int,
) -> tuple[list[int], list[Skipped]]:
    """Customers to invite now and those skipped with why; ``None`` means every customer."""
    query = select(*_CUSTOMER_COLUMNS).order_by(schema.customers.c.id)
    if customer_ids is not None:
        query = query.where(schema.customers.c.id.in_(list(customer_ids)))
    rows = connection.execute(query).all()
    found = {int(r.id) for r in rows}
    skipped = [Skipped(c, "unknown") for c in dict.fromkeys(customer_ids or []) if c not in found]
    recent = _recently_invited(connection, now=now, contact_days=contact_days)
    eligible = []
    for row in rows:
        reason = refusal(row) or ("recent" if row.id in recent else None)
        if reason:
            skipped.append(Skipped(int(row.id), reason))
        else:
            eligible.append(int(row.id))
    return eligible, skipped


def claim_invitations(
    store: Store,
    survey_id: int,
    *,
    customer_ids: Sequence[int] | None,
    now: datetime,
    link_days: int,
    contact_days: int,
) -> list[Skipped]:
    """Store an unsent email invitation for each customer who may be invited now.

    Planning and inserting share one transaction, so a customer is never claimed twice: on
    PostgreSQL a transaction lock makes concurrent runs take turns; SQLite has one writer.
    """
    expires_at = (now + timedelta(days=link_days)).replace(microsecond=0)
    with store.transaction() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
        eligible, skipped = plan_invitations(
            connection, customer_ids, now=now, contact_days=contact_days
        )
        if eligible:
            connection.execute(
                insert(schema.survey_invitations),
                [
                    {"survey_id": survey_id, "customer_id": c, "channel": CHANNEL,
                     "created_at": now, "expires_at": expires_at}
                    for c in eligible
                ],
            )  # fmt: skip
    return skipped


def _outgoing(
    connection: Connection, survey_id: int, *, now: datetime, where: Iterable[object]
) -> tuple[list[Outgoing], list[Skipped]]:
    i = schema.survey_invitations
    rows = connection.execute(
        select(i.c.id.label("invitation_id"), i.c.expires_at, *_CUSTOMER_COLUMNS)
        .join(schema.customers, schema.customers.c.id == i.c.customer_id)
        .where(
            i.c.survey_id == survey_id, i.c.channel == CHANNEL, i.c.used_at.is_(None),
            i.c.expires_at > now, *where,  # type: ignore[arg-type]
        )
        .order_by(i.c.id)
    ).all()  # fmt: skip
    ready, skipped = [], []
    for row in rows:
        reason = refusal(row)
        if reason:
            skipped.append(Skipped(int(row.id), reason))
        else:
            ready.append(
                Outgoing(
                    int(row.invitation_id), int(row.id), str(row.email), row.name,
                    row.preferred_language, row.expires_at,
                )
            )  # fmt: skip
    return ready, skipped


def unsent_invitations(
    store: Store, survey_id: int, *, customer_ids: Sequence[int] | None, now: datetime
) -> tuple[list[Outgoing], list[Skipped]]:
    """Stored, unexpired, unsent email invitations of the survey (these runs and earlier)."""
    i = schema.survey_invitations
    where: list[object] = [i.c.sent_at.is_(None)]
    if customer_ids is not None:
        where.append(i.c.customer_id.in_(list(customer_ids)))
    with store.engine.connect() as connection:
        return _outgoing(connection, survey_id, now=now, where=where)


def due_reminders(
    store: Store, survey_id: int, *, now: datetime, reminder_days: int
) -> tuple[list[Outgoing], list[Skipped]]:
    """Sent, unanswered, unexpired invitations past ``reminder_days`` that had no reminder."""
    i, r = schema.survey_invitations, schema.responses
    answered_since = exists().where(
        r.c.survey_id == i.c.survey_id,
        r.c.customer_id == i.c.customer_id,
        r.c.submitted_at >= i.c.created_at,
    )
    where = [
        i.c.sent_at.is_not(None),
        i.c.sent_at <= now - timedelta(days=reminder_days),
        i.c.reminded_at.is_(None),
    ]
    with store.engine.connect() as connection:
        ready, skipped = _outgoing(connection, survey_id, now=now, where=where)
        answered = {
            int(c)
            for c in connection.execute(
                select(i.c.customer_id).where(i.c.survey_id == survey_id, *where, answered_since)
            ).scalars()
        }
    skipped += [Skipped(o.customer_id, "answered") for o in ready if o.customer_id in answered]
    return [o for o in ready if o.customer_id not in answered], skipped


def mark(store: Store, invitation_id: int, *, column: str, now: datetime) -> bool:
    """Set ``sent_at`` or ``reminded_at`` once; False when another run already had."""
    i = schema.survey_invitations
    with store.transaction() as connection:
        done = connection.execute(
            update(i).where(i.c.id == invitation_id, i.c[column].is_(None)).values({column: now})
        )
    return done.rowcount == 1


def deliver_all(
    store: Store,
    outgoing: Sequence[Outgoing],
    *,
    report: OutreachReport,
    compose: Callable[[Outgoing], EmailMessage],
    deliver: Deliver,
    column: str,
    now: datetime,
) -> None:
    """Send each message and mark it the moment the server accepts it."""
    for item in outgoing:
        refused = deliver(compose(item))
        if refused is not None:
            report.skipped.append(Skipped(item.customer_id, "refused", refused))
            continue
        mark(store, item.invitation_id, column=column, now=now)
        report.sent.append(item.customer_id)
