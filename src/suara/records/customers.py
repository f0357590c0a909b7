"""Customer search and the single customer view: orders, touchpoints, responses, comments
and tickets on one timeline (cx-frameworks.md: the CRM-style view every team shares)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from suara.domain.errors import UnknownCustomer
from suara.storage import Store, schema


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: int
    name: str | None
    email: str | None
    phone: str | None
    city: str | None
    province: str | None
    orders: int
    last_order_at: datetime | None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    at: datetime
    kind: str
    """``order``, ``touchpoint``, ``response``, ``comment`` or ``ticket``."""
    title: str
    detail: str = ""
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    customer: CustomerRow
    language: str | None
    channel: str | None
    created_at: datetime
    events: list[TimelineEvent]


def search_customers(store: Store, query: str, *, limit: int = 50) -> list[CustomerRow]:
    """Customers whose id, name, e-mail or phone contains ``query`` (case-insensitive)."""
    c, o = schema.customers, schema.orders
    orders = (
        select(
            o.c.customer_id,
            func.count(o.c.id).label("orders"),
            func.max(o.c.ordered_at).label("last_order_at"),
        )
        .group_by(o.c.customer_id)
        .subquery()
    )
    statement = (
        select(
            c.c.id,
            c.c.name,
            c.c.email,
            c.c.phone,
            c.c.city,
            c.c.province,
            func.coalesce(orders.c.orders, 0),
            orders.c.last_order_at,
        )
        .outerjoin(orders, orders.c.customer_id == c.c.id)
        .where(c.c.erased_at.is_(None))
        .order_by(c.c.id)
        .limit(limit)
    )
    text = query.strip().lower()
    if text:
        statement = statement.where(
            or_(  # autoescape: % and _ are letters here, not wildcards
                func.lower(c.c.name).contains(text, autoescape=True),
                func.lower(c.c.email).contains(text, autoescape=True),
                c.c.phone.contains(text, autoescape=True),
                cast(c.c.id, String) == text,
            )
        )
    with store.engine.connect() as connection:
        return [CustomerRow(*row) for row in connection.execute(statement).all()]


def customer_record(store: Store, customer_id: int) -> CustomerRecord:
    """Everything the store knows about one customer, newest first."""
    c = schema.customers
    with store.engine.connect() as connection:
        row = connection.execute(select(c).where(c.c.id == customer_id)).first()
        if row is None or row.erased_at is not None:
            raise UnknownCustomer(f"no customer with id {customer_id}")
        found = search_customers_by_id(connection, customer_id)
        events = [
            *_orders(connection, customer_id),
            *_touchpoints(connection, customer_id),
            *_responses(connection, customer_id),
            *_comments(connection, customer_id),
            *_tickets(connection, customer_id),
        ]
    events.sort(key=lambda e: e.at, reverse=True)
    return CustomerRecord(
        found, row.preferred_language, row.preferred_channel, row.created_at, events
    )


def search_customers_by_id(connection: Any, customer_id: int) -> CustomerRow:
    c, o = schema.customers, schema.orders
    row = connection.execute(
        select(c.c.id, c.c.name, c.c.email, c.c.phone, c.c.city, c.c.province).where(
            c.c.id == customer_id
        )
    ).one()
    count, last = connection.execute(
        select(func.count(o.c.id), func.max(o.c.ordered_at)).where(o.c.customer_id == customer_id)
    ).one()
    return CustomerRow(row[0], row[1], row[2], row[3], row[4], row[5], int(count), last)


def _orders(connection: Any, customer_id: int) -> list[TimelineEvent]:
    o = schema.orders
    rows = connection.execute(select(o).where(o.c.customer_id == customer_id)).all()
    return [
        TimelineEvent(
            r.ordered_at,
            "order",
            r.external_id,
            f"{r.channel} · {r.status}",
            {
                "amount": r.amount,
                "courier": r.courier,
                "delivered_at": r.delivered_at,
                "promised_delivery_at": r.promised_delivery_at,
                "address": r.shipping_city,
                "province": r.shipping_province,
            },
        )
        for r in rows
    ]


def _touchpoints(connection: Any, customer_id: int) -> list[TimelineEvent]:
    t = schema.touchpoints
    rows = connection.execute(select(t).where(t.c.customer_id == customer_id)).all()
    return [
        TimelineEvent(r.occurred_at, "touchpoint", r.name, f"{r.stage} · {r.channel}") for r in rows
    ]


def _responses(connection: Any, customer_id: int) -> list[TimelineEvent]:
    r, s, a = schema.responses, schema.surveys, schema.answers
    rows = connection.execute(
        select(r.c.id, r.c.submitted_at, r.c.started_at, s.c.key, r.c.channel)
        .join(s, s.c.id == r.c.survey_id)
        .where(r.c.customer_id == customer_id)
    ).all()
    events = []
    for row in rows:
        scores = connection.execute(
            select(a.c.question_key, a.c.value_number).where(
                (a.c.response_id == row.id) & a.c.value_number.is_not(None)
            )
        ).all()
        at = row.submitted_at or row.started_at
        if at is None:
            continue
        figures = dict(scores)
        events.append(TimelineEvent(at, "response", row.key, row.channel or "", figures))
    return events


def _comments(connection: Any, customer_id: int) -> list[TimelineEvent]:
    f = schema.feedback_items
    rows = connection.execute(select(f).where(f.c.customer_id == customer_id)).all()
    return [
        TimelineEvent(
            r.created_at,
            "comment",
            f"{r.kind} · {r.channel or r.source}",
            r.text,
            {"rating": r.rating, "scale": r.rating_scale_max},
        )
        for r in rows
    ]


def _tickets(connection: Any, customer_id: int) -> list[TimelineEvent]:
    t = schema.support_tickets
    rows = connection.execute(select(t).where(t.c.customer_id == customer_id)).all()
    return [
        TimelineEvent(
            r.created_at,
            "ticket",
            r.subject or r.external_id,
            f"{r.department} · {r.agent or ''} · {r.status}",
            {"first_reply_at": r.first_reply_at, "solved_at": r.solved_at, "csat": r.csat},
        )
        for r in rows
    ]
