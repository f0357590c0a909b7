"""Erasing a customer on request (UU PDP No. 27/2022, the right to erasure).

What identifies the person goes: contact details, birthday, gender, city, the ids other
systems know them by, everything they wrote (comments, ticket subjects and messages, free-text
answers, saved survey drafts) and the notes written about them in cases. What the business needs to
keep its numbers honest stays, detached from the person: orders and their amounts, scores
and ratings, the province (too coarse to identify anyone). The customer row remains, marked
``erased_at``, so metrics over past periods do not shift.

The ids other systems know the person by are replaced by tombstones (``erased_identities``):
a SHA-256 digest of the source and the id. An import from the source system that names the
id again finds the erased customer through it, and keeps them erased (``suara.ingest``),
instead of making them anew from the same export. A digest is not the id, but ids are easy to
guess: someone holding the database who guesses an id can confirm that it was erased, which
is what a suppression list must be able to do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, tuple_, update

from suara.domain.errors import UnknownCustomer
from suara.storage import schema

ERASED_TEXT = "[dihapus atas permintaan pelanggan / erased on the customer's request]"


@dataclass(frozen=True, slots=True)
class ErasureReport:
    customer_id: int
    identities: int
    feedback_items: int
    ticket_messages: int
    answers: int
    drafts: int
    case_notes: int
    already_erased: bool


def erase_customer(connection: Connection, customer_id: int, *, now: datetime) -> ErasureReport:
    """Erase one customer's personal data in the caller's transaction (all or nothing)."""
    c = schema.customers
    row = connection.execute(select(c.c.id, c.c.erased_at).where(c.c.id == customer_id)).first()
    if row is None:
        raise UnknownCustomer(f"no customer with id {customer_id}")
    already = row.erased_at is not None
    connection.execute(
        update(c)
        .where(c.c.id == customer_id)
        .values(
            name=None,
            email=None,
            phone=None,
            birthday=None,
            gender=None,
            city=None,
            consent_email=False,
            consent_email_at=now,
            consent_whatsapp=False,
            consent_whatsapp_at=now,
            consent_sms=False,
            consent_sms_at=now,
            erased_at=row.erased_at or now,
            updated_at=now,
        )
    )
    known_as = schema.customer_identities
    ids = connection.execute(
        select(known_as.c.source, known_as.c.external_id).where(
            known_as.c.customer_id == customer_id
        )
    ).all()
    tombstones = [
        {
            "source": source,
            "digest": identity_digest(source, external_id),
            "customer_id": customer_id,
        }
        for source, external_id in ids
    ]
    if tombstones:  # an id erased before, then linked anew, points at its latest customer
        erased = schema.erased_identities
        pairs = [(t["source"], t["digest"]) for t in tombstones]
        connection.execute(
            delete(erased).where(tuple_(erased.c.source, erased.c.digest).in_(pairs))
        )
        connection.execute(insert(erased), tombstones)
    identities = _count(connection, delete(known_as).where(known_as.c.customer_id == customer_id))
    items = schema.feedback_items
    their_items = select(items.c.id).where(items.c.customer_id == customer_id)
    connection.execute(
        delete(schema.feedback_analyses).where(
            schema.feedback_analyses.c.feedback_id.in_(their_items)
        )
    )
    feedback = _count(
        connection,
        update(items).where(items.c.customer_id == customer_id).values(text=ERASED_TEXT),
    )
    tickets = select(schema.support_tickets.c.id).where(
        schema.support_tickets.c.customer_id == customer_id
    )
    messages = schema.ticket_messages
    ticket_messages = _count(
        connection,
        update(messages).where(messages.c.ticket_id.in_(tickets)).values(body=ERASED_TEXT),
    )
    t = schema.support_tickets  # subjects are the customer's words too ("Refund ke 0812…")
    connection.execute(
        update(t)
        .where(t.c.customer_id == customer_id, t.c.subject.is_not(None))
        .values(subject=ERASED_TEXT)
    )
    responses = select(schema.responses.c.id).where(schema.responses.c.customer_id == customer_id)
    answers = schema.answers
    answer_count = _count(
        connection,
        update(answers)
        .where(answers.c.response_id.in_(responses), answers.c.value_text.is_not(None))
        .values(value_text=None),
    )
    invitations = select(schema.survey_invitations.c.id).where(
        schema.survey_invitations.c.customer_id == customer_id
    )
    drafts = _count(
        connection,
        delete(schema.response_drafts).where(
            schema.response_drafts.c.invitation_id.in_(invitations)
        ),
    )
    cases = select(schema.cases.c.id).where(schema.cases.c.customer_id == customer_id)
    events = schema.case_events
    notes = _count(
        connection,
        update(events)
        .where(events.c.case_id.in_(cases), events.c.body.is_not(None))
        .values(body=ERASED_TEXT),
    )
    return ErasureReport(
        customer_id, identities, feedback, ticket_messages, answer_count, drafts, notes, already
    )


def identity_digest(source: str, external_id: str) -> str:
    """The tombstone of one id: what an import compares an id it reads with."""
    return hashlib.sha256(f"{source}\x1f{external_id}".encode()).hexdigest()


def _count(connection: Connection, statement: object) -> int:
    result = connection.execute(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)
