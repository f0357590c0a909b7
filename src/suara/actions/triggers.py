"""Triggers: what can start a rule, the event fields its conditions may read, and how to find
past events in the store (for scheduled triggers and for dry runs).

An :class:`Event` has a ``key`` unique to its source (``response:12``): together with the
rule and the action it makes the idempotency key that stops an action running twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, and_, func, select

from suara.actions.aspects import Tagger
from suara.actions.cases import SCORED_METRICS
from suara.actions.registry import Registry
from suara.storage import schema
from suara.storage.erasure import ERASED_TEXT
from suara.text.pii import redact


@dataclass(frozen=True, slots=True)
class Event:
    trigger: str
    key: str
    occurred_at: datetime
    customer_id: int | None
    data: dict[str, Any] = field(default_factory=dict)


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InactivityParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(ge=1)


class ChurnParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    above: float = Field(ge=0, le=1)


@dataclass(frozen=True, slots=True)
class Scan:
    """What a trigger's scanner may use: the window, the tagger, the store's time zone."""

    connection: Connection
    start: datetime
    end: datetime
    tagger: Tagger
    tz: ZoneInfo


Scanner = Callable[[Scan, Any], list[Event]]


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    name: str
    fields: frozenset[str]
    params: type[BaseModel] = NoParams
    scan: Scanner | None = None
    accepts: Callable[[Event, Any], bool] = lambda event, params: True


TRIGGERS: Registry[TriggerSpec] = Registry("trigger")


def negative_aspects(aspects: list[str], score: float | None, low: float) -> list[str]:
    return aspects if score is not None and score <= low else []


def _responses(scan: Scan, _: NoParams) -> list[Event]:
    r, a = schema.responses, schema.answers
    rows = scan.connection.execute(
        select(r.c.id, r.c.customer_id, r.c.submitted_at, r.c.channel, r.c.language,
               schema.surveys.c.key)
        .join(schema.surveys, schema.surveys.c.id == r.c.survey_id)
        .where(r.c.submitted_at >= scan.start, r.c.submitted_at < scan.end)
        .order_by(r.c.submitted_at, r.c.id)
    ).all()  # fmt: skip
    events = []
    for row in rows:
        answers = scan.connection.execute(
            select(a.c.question_key, a.c.value_number, a.c.value_text).where(
                a.c.response_id == row.id
            )
        ).all()
        events.append(response_event(row.id, row.customer_id, row.submitted_at, row.key,
                                     row.channel, answers, scan.tagger))  # fmt: skip
    return events


def response_event(
    response_id: int,
    customer_id: int | None,
    submitted_at: datetime,
    survey: str,
    channel: str | None,
    answers: Sequence[Any],
    tagger: Tagger,
) -> Event:
    scores = {k: float(n) for k, n, _ in answers if k in SCORED_METRICS and n is not None}
    comment = " ".join(str(t) for _, _, t in answers if t)
    aspects = tagger(comment) if comment else []
    worst = min((scores.get("nps", 10) / 2, scores.get("csat", 5), scores.get("ces", 7) - 2))
    data = {"response_id": response_id, "survey": survey, "channel": channel,
            "comment": redact(comment).text, "aspects": aspects,
            "negative_aspects": negative_aspects(aspects, worst, 3)} | scores  # fmt: skip
    return Event("response_received", f"response:{response_id}", submitted_at, customer_id, data)


def _comments(scan: Scan, _: NoParams) -> list[Event]:
    f = schema.feedback_items
    rows = scan.connection.execute(
        select(f.c.id, f.c.kind, f.c.customer_id, f.c.created_at, f.c.text, f.c.rating,
               f.c.rating_scale_max, f.c.channel)
        .where(f.c.created_at >= scan.start, f.c.created_at < scan.end,
               f.c.text != ERASED_TEXT)  # an erased customer's words are not a comment
        .order_by(f.c.created_at, f.c.id)
    ).all()  # fmt: skip
    events = []
    for row in rows:
        aspects = scan.tagger(row.text)
        rating = None if row.rating is None else 5 * row.rating / (row.rating_scale_max or 5)
        data = {"feedback_id": row.id, "kind": row.kind, "text": redact(row.text).text,
                "rating": rating,
                "channel": row.channel, "aspects": aspects,
                "negative_aspects": negative_aspects(aspects, rating, 2)}  # fmt: skip
        key = f"feedback:{row.id}"
        events.append(Event("comment_analysed", key, row.created_at, row.customer_id, data))
    return events


def _tickets(scan: Scan, _: NoParams) -> list[Event]:
    t = schema.support_tickets
    rows = scan.connection.execute(
        select(t.c.id, t.c.customer_id, t.c.solved_at, t.c.created_at, t.c.csat, t.c.department,
               t.c.channel)
        .where(t.c.solved_at >= scan.start, t.c.solved_at < scan.end)
        .order_by(t.c.solved_at, t.c.id)
    ).all()  # fmt: skip
    return [
        Event("ticket_closed", f"ticket:{row.id}", row.solved_at, row.customer_id,
              {"ticket_id": row.id, "csat": row.csat, "department": row.department,
               "channel": row.channel,
               "hours_to_resolve": (row.solved_at - row.created_at).total_seconds() / 3600})
        for row in rows
    ]  # fmt: skip


def _late_orders(scan: Scan, _: NoParams) -> list[Event]:
    o = schema.orders
    rows = scan.connection.execute(
        select(o.c.id, o.c.customer_id, o.c.delivered_at, o.c.promised_delivery_at, o.c.courier,
               o.c.shipping_province, o.c.channel)
        .where(o.c.delivered_at >= scan.start, o.c.delivered_at < scan.end,
               o.c.delivered_at > o.c.promised_delivery_at)
        .order_by(o.c.delivered_at, o.c.id)
    ).all()  # fmt: skip
    return [
        Event("order_delivered_late", f"order:{row.id}", row.delivered_at, row.customer_id,
              {"order_id": row.id, "courier": row.courier, "province": row.shipping_province,
               "channel": row.channel,
               "days_late": (row.delivered_at - row.promised_delivery_at).total_seconds() / 86400})
        for row in rows
    ]  # fmt: skip


def _local_days(scan: Scan) -> list[date]:
    first, last = scan.start.astimezone(scan.tz).date(), scan.end.astimezone(scan.tz).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if scan.start <= _local_midnight(d, scan.tz) < scan.end] or [first]


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def _birthdays(scan: Scan, _: NoParams) -> list[Event]:
    c = schema.customers
    rows = scan.connection.execute(
        select(c.c.id, c.c.birthday).where(c.c.birthday.is_not(None), c.c.erased_at.is_(None))
    ).all()
    events = []
    for day in _local_days(scan):
        for row in rows:
            if (row.birthday.month, row.birthday.day) == (day.month, day.day):
                events.append(Event("birthday", f"birthday:{row.id}:{day.year}",
                                    _local_midnight(day, scan.tz), row.id,
                                    {"age": day.year - row.birthday.year}))  # fmt: skip
    return events


def _inactive(scan: Scan, params: InactivityParams) -> list[Event]:
    o = schema.orders
    last = func.max(o.c.ordered_at)
    window = timedelta(days=params.days)
    rows = scan.connection.execute(
        select(o.c.customer_id, last.label("last_order_at"))
        .group_by(o.c.customer_id)
        .having(and_(last >= scan.start - window, last < scan.end - window))
    ).all()
    return [
        Event("inactivity", f"inactive:{params.days}:{row.customer_id}:{row.last_order_at:%Y%m%d}",
              row.last_order_at + window, row.customer_id,
              {"days_inactive": params.days, "last_order_at": row.last_order_at.isoformat()})
        for row in rows
    ]  # fmt: skip


_RESPONSE_FIELDS = {"response_id", "survey", "channel", "comment", "aspects", "negative_aspects",
                    *SCORED_METRICS}  # fmt: skip
for _spec in (
    TriggerSpec("response_received", frozenset(_RESPONSE_FIELDS), scan=_responses),
    TriggerSpec(
        "comment_analysed",
        frozenset(
            {"feedback_id", "kind", "text", "rating", "channel", "aspects", "negative_aspects"}
        ),
        scan=_comments,
    ),
    TriggerSpec(
        "ticket_closed",
        frozenset({"ticket_id", "csat", "department", "channel", "hours_to_resolve"}),
        scan=_tickets,
    ),
    TriggerSpec(
        "order_delivered_late",
        frozenset({"order_id", "courier", "province", "channel", "days_late"}),
        scan=_late_orders,
    ),
    TriggerSpec("birthday", frozenset({"age"}), scan=_birthdays),
    TriggerSpec(
        "inactivity",
        frozenset({"days_inactive", "last_order_at"}),
        InactivityParams,
        scan=_inactive,
        accepts=lambda e, p: e.data.get("days_inactive") == p.days,
    ),
    TriggerSpec(
        "churn_risk",
        frozenset({"risk"}),
        ChurnParams,
        accepts=lambda e, p: float(e.data.get("risk", 0)) > p.above,
    ),
):
    TRIGGERS.register(_spec)
