"""Erasing a customer on request (UU PDP No. 27/2022, the right to erasure).

What identifies the person goes: contact details, birthday, gender, city, the ids other
systems know them by, everything they wrote (comments, ticket subjects and messages, free-text
answers, saved survey drafts) and the notes written about them in cases. What the business needs to
keep its numbers honest stays, detached from the person: orders and their amounts, scores
and ratings, the province (too coarse to identify anyone). The customer row remains, marked
``erased_at``, so metrics over past periods do not shift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, select, update

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
    identities = _count(
        connection,
        delete(schema.customer_identities).where(
            schema.customer_identities.c.customer_id == customer_id
        ),
    )
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


def _count(connection: Connection, statement: object) -> int:
    result = connection.execute(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)
