"""Feedback as the dashboard lists it: comments with their rating, filtered by source,
channel, product category, province, segment and period; the comments of the respondents
who scored a pyramid dimension or CX factor; and survey scores at each journey touchpoint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Select, and_, func, select

from suara.storage import Store, schema

SMALL_N = 30
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    kind: str | None = None
    channel: str | None = None
    category: str | None = None
    province: str | None = None
    segment: str | None = None
    start: date | None = None
    end: date | None = None
    """Exclusive."""
    text: str | None = None
    text_as_shown: bool = False
    """Match ``text`` in what a comment shows (its PII-redacted text, once analysed), not in
    what the customer wrote: for a role that may not see personal data, so that it cannot
    learn who wrote a phone number by searching for it."""


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    created_at: datetime
    kind: str
    channel: str | None
    language: str | None
    text: str
    rating: float | None
    scale: int | None
    customer_id: int | None
    category: str | None
    province: str | None
    score: float | None = None
    """The respondent's score on the construct a drill-down is about (0-100)."""
    sentiment: str | None = None
    spans: tuple[tuple[int, int, str, str], ...] = ()
    """(start, end, aspect, polarity) of each aspect mention, into ``text`` (redacted)."""


@dataclass(frozen=True, slots=True)
class FeedbackOptions:
    kinds: list[str]
    channels: list[str]
    categories: list[str]
    provinces: list[str]
    segments: list[str]


def _base() -> Select[Any]:
    f, c, p, k = schema.feedback_items, schema.customers, schema.products, schema.categories
    return (
        select(
            f.c.id,
            f.c.created_at,
            f.c.kind,
            f.c.channel,
            f.c.language,
            f.c.text,
            f.c.rating,
            f.c.rating_scale_max,
            f.c.customer_id,
            k.c.name,
            c.c.province,
        )
        .outerjoin(c, c.c.id == f.c.customer_id)
        .outerjoin(p, p.c.id == f.c.product_id)
        .outerjoin(k, k.c.id == p.c.category_id)
    )


comment_select = _base


def _filtered(statement: Select[Any], where: FeedbackFilter, tz: ZoneInfo) -> Select[Any]:
    f, c, k = schema.feedback_items, schema.customers, schema.categories
    conditions = []
    if where.kind:
        conditions.append(f.c.kind == where.kind)
    if where.channel:
        conditions.append(f.c.channel == where.channel)
    if where.category:
        conditions.append(k.c.name == where.category)
    if where.province:
        conditions.append(c.c.province == where.province)
    if where.start:
        conditions.append(f.c.created_at >= datetime.combine(where.start, time(), tz))
    if where.end:
        conditions.append(f.c.created_at < datetime.combine(where.end, time(), tz))
    if where.text:
        # autoescape: % and _ are letters here, not wildcards ("50%" finds "50%")
        words = where.text.lower()
        if where.text_as_shown:
            a = schema.feedback_analyses
            column = func.lower(a.c.redacted_text)
            shown = select(a.c.feedback_id).where(column.contains(words, autoescape=True))
            conditions.append(f.c.id.in_(shown))
        else:
            conditions.append(func.lower(f.c.text).contains(words, autoescape=True))
    if where.segment:
        s, m = schema.segments, schema.segment_members
        members = select(m.c.customer_id).join(s, s.c.id == m.c.segment_id)
        conditions.append(f.c.customer_id.in_(members.where(s.c.name == where.segment)))
    return statement.where(and_(*conditions)) if conditions else statement


def filtered_items(where: FeedbackFilter, tz: ZoneInfo) -> Select[Any]:
    """The ids of the feedback items ``where`` keeps."""
    f = schema.feedback_items
    statement = (
        select(f.c.id)
        .select_from(f)
        .outerjoin(schema.customers, schema.customers.c.id == f.c.customer_id)
        .outerjoin(schema.products, schema.products.c.id == f.c.product_id)
        .outerjoin(schema.categories, schema.categories.c.id == schema.products.c.category_id)
    )
    return _filtered(statement, where, tz)


def comments(
    store: Store, where: FeedbackFilter, *, tz: ZoneInfo, worst_first: bool = False,
    limit: int = 100,
) -> list[Comment]:  # fmt: skip
    """Matching comments, newest first (or lowest-rated first for the top complaints)."""
    f = schema.feedback_items
    statement = _filtered(_base(), where, tz)
    if worst_first:
        share = f.c.rating / func.coalesce(f.c.rating_scale_max, 5)
        statement = statement.where(f.c.rating.is_not(None)).order_by(share, f.c.created_at.desc())
    else:
        statement = statement.order_by(f.c.created_at.desc(), f.c.id.desc())
    with store.engine.connect() as connection:
        return [Comment(*row) for row in connection.execute(statement.limit(limit)).all()]


def volume_by_month(store: Store, where: FeedbackFilter, *, tz: ZoneInfo) -> list[Row]:
    """(month, kind, count, mean rating as a share of the scale) in the store's time zone."""
    f = schema.feedback_items
    statement = _filtered(
        select(f.c.created_at, f.c.kind, f.c.rating, f.c.rating_scale_max)
        .select_from(schema.feedback_items)
        .outerjoin(schema.customers, schema.customers.c.id == f.c.customer_id)
        .outerjoin(schema.products, schema.products.c.id == f.c.product_id)
        .outerjoin(schema.categories, schema.categories.c.id == schema.products.c.category_id),
        where,
        tz,
    )
    groups: dict[tuple[date, str], list[float | None]] = {}
    with store.engine.connect() as connection:
        for at, kind, rating, scale in connection.execute(statement):
            month = at.astimezone(tz).date().replace(day=1)
            share = None if rating is None else 100 * rating / (scale or 5)
            groups.setdefault((month, kind), []).append(share)
    rows = []
    for (month, kind), shares in sorted(groups.items()):
        rated = [s for s in shares if s is not None]
        mean = sum(rated) / len(rated) if rated else None
        rows.append({"month": month, "kind": kind, "n": len(shares), "rating_pct": mean})
    return rows


def options(store: Store) -> FeedbackOptions:
    f, c, k, s = schema.feedback_items, schema.customers, schema.categories, schema.segments

    def distinct(column: Any) -> list[str]:
        with store.engine.connect() as connection:
            rows = connection.execute(select(column).distinct().where(column.is_not(None)))
            return sorted(str(row[0]) for row in rows)

    return FeedbackOptions(
        distinct(f.c.kind),
        distinct(f.c.channel),
        distinct(k.c.name),
        distinct(c.c.province),
        distinct(s.c.name),
    )


def construct_comments(store: Store, *, column: str, key: str, limit: int = 20) -> list[Comment]:
    """Survey comments of respondents who answered the ``key`` dimension's (``column`` =
    ``dimension``) or factor's (``factor``) questions, lowest construct score first; the score
    is the respondent's mean answer rescaled to 0-100."""
    a, q = schema.answers, schema.questions
    construct = q.c.dimension if column == "dimension" else q.c.factor
    low, high = func.min(q.c.scale_min), func.max(q.c.scale_max)
    mean = func.avg(a.c.value_number)
    scores = (
        select(
            a.c.response_id,
            (100 * (mean - low) / func.nullif(high - low, 0)).label("score"),
        )
        .join(q, q.c.id == a.c.question_id)
        .where((construct == key) & a.c.value_number.is_not(None))
        .group_by(a.c.response_id)
        .subquery()
    )
    f = schema.feedback_items
    statement = (
        _base()
        .add_columns(scores.c.score)
        .join(scores, scores.c.response_id == f.c.response_id)
        .order_by(scores.c.score, f.c.id)
        .limit(limit)
    )
    with store.engine.connect() as connection:
        return [Comment(*row) for row in connection.execute(statement).all()]


def touchpoint_scores(store: Store) -> list[Row]:
    """Per touchpoint (stage, name): touchpoints, customers, and the post-order CSAT (1-5) of
    the orders the touchpoint belongs to: respondents, mean and share answering 4 or 5."""
    t, r, a = schema.touchpoints, schema.responses, schema.answers
    csat = (
        select(r.c.order_id, a.c.value_number)
        .join(a, a.c.response_id == r.c.id)
        .where((a.c.question_key == "csat") & r.c.order_id.is_not(None))
        .subquery()
    )
    good = func.sum((csat.c.value_number >= 4).cast(Integer))
    statement = (
        select(
            t.c.stage,
            t.c.name,
            func.count(t.c.id.distinct()),
            func.count(t.c.customer_id.distinct()),
            func.count(csat.c.value_number),
            func.avg(csat.c.value_number),
            good,
        )
        .outerjoin(csat, csat.c.order_id == t.c.order_id)
        .group_by(t.c.stage, t.c.name)
    )
    rows = []
    with store.engine.connect() as connection:
        for stage, name, count, people, n, mean, good_n in connection.execute(statement):
            rows.append(
                {
                    "stage": stage,
                    "touchpoint": name,
                    "touchpoints": count,
                    "customers": people,
                    "n": n,
                    "csat_mean": mean,
                    "csat_good_pct": 100 * good_n / n if n else None,
                    "small_sample": n < SMALL_N,
                }
            )
    return rows
