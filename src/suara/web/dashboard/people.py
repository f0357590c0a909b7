"""``/dashboard/customers`` (search) and ``/dashboard/customers/{id}`` (the single view), and
``/dashboard/voice`` (comments with ratings, filtered; top complaints; volume over time).

Personal data (name, e-mail, phone, address) is masked for roles outside
:data:`~suara.accounts.SEES_PII`; each unmasked customer page is written to the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from suara.accounts import SEES_PII, Page, SignedIn
from suara.accounts.roles import mask_address, mask_email, mask_name, mask_phone
from suara.i18n import term
from suara.records import Comment, CustomerRow, FeedbackFilter, TimelineEvent
from suara.text.pii import redact
from suara.web.auth import client_address, require
from suara.web.dashboard.render import language
from suara.web.dashboard.tables import Column, DataTable, respond
from suara.web.deps import SuaraDep

router = APIRouter(include_in_schema=False)
Customers = Annotated[SignedIn, Depends(require(Page.CUSTOMERS))]
Voice = Annotated[SignedIn, Depends(require(Page.VOICE))]


def masked_customer(row: CustomerRow, signed: SignedIn) -> CustomerRow:
    """The row as ``signed``'s role may see it (masked outside SEES_PII)."""
    if signed.user.role in SEES_PII:
        return row
    return replace(
        row, name=mask_name(row.name), email=mask_email(row.email), phone=mask_phone(row.phone),
        city=mask_address(row.city),
    )  # fmt: skip


_PEOPLE = [
    Column("id", "dash.col.id", "link"),
    Column("name", "dash.col.name"),
    Column("email", "dash.col.email"),
    Column("phone", "dash.col.phone"),
    Column("city", "dash.col.city"),
    Column("province", "dash.col.province"),
    Column("orders", "dash.col.orders", "num"),
    Column("last_order_at", "dash.col.last_order", "day"),
]


@router.get("/dashboard/customers")
def customers(request: Request, suara: SuaraDep, signed: Customers, q: str = "") -> Response:
    found = [masked_customer(row, signed) for row in suara.records.search(q[:100])]
    rows = [{c.key: getattr(row, c.key) for c in _PEOPLE} for row in found]
    table = DataTable("customers", "dash.customers.found", _PEOPLE, rows)
    context = {"title": "dash.nav.customers", "page": Page.CUSTOMERS, "q": q}
    return respond(request, signed, "dash_customers.html", context, [table])


@router.get("/dashboard/customers/{customer_id}")
def customer(request: Request, suara: SuaraDep, signed: Customers, customer_id: int) -> Response:
    record = suara.records.customer(customer_id)
    unmasked = signed.user.role in SEES_PII
    if unmasked:
        suara.accounts.audit(
            signed.user, "view_customer", target=f"customer:{customer_id}",
            address=client_address(request),
        )  # fmt: skip
    events = record.events if unmasked else [_masked(e) for e in record.events]
    timeline = DataTable(
        "timeline", "dash.customers.timeline",
        [Column("at", "dash.col.time", "when"), Column("kind", "dash.col.kind", "term:dash.event"),
         Column("title", "dash.col.title"), Column("detail", "dash.col.detail")],
        [{"at": e.at, "kind": e.kind, "title": e.title, "detail": e.detail} for e in events],
    )  # fmt: skip
    person = masked_customer(record.customer, signed)
    context = {"title": "dash.nav.customers", "page": Page.CUSTOMERS, "person": person,
               "events": events[:200]}  # fmt: skip
    return respond(request, signed, "dash_customer.html", context, [timeline])


def _masked(event: TimelineEvent) -> TimelineEvent:
    """An event as a role that may not see personal data sees it: the address masked, a
    comment's text and a ticket's subject with their PII redacted (customers write their
    phone number, e-mail or account number into both)."""
    if "address" in event.figures:
        address = mask_address(event.figures.get("address"))
        event = replace(event, figures=event.figures | {"address": address})
    if event.kind == "comment":
        event = replace(event, detail=redact(event.detail).text)
    elif event.kind == "ticket":
        event = replace(event, title=redact(event.title).text)
    return event


@dataclass(frozen=True, slots=True)
class ShownComment:
    comment: Comment
    spans: Markup


def marked(comment: Comment, needle: str | None = None, *, lang: str = "en") -> Markup:
    """The comment (already redacted) escaped, its aspect mentions in ``<mark>`` (class: the
    polarity; title: the aspect, in ``lang``) and the matches of ``needle`` in a plain
    ``<mark>``, inside an aspect's mark where they fall in one."""
    text = comment.text
    matches = _matches(text, needle)
    out, position = Markup(""), 0
    for start, end, aspect, polarity in comment.spans:
        if start < position or end > len(text):
            continue
        out += _with_matches(text, position, start, matches)
        out += Markup('<mark class="{}" title="{}">{}</mark>').format(
            polarity, term("aspect", aspect, lang), _with_matches(text, start, end, matches)
        )
        position = end
    return out + _with_matches(text, position, len(text), matches)


def highlight(text: str, needle: str | None) -> Markup:
    """``text`` escaped, with each case-insensitive match of ``needle`` in ``<mark>``: the
    pieces are escaped one by one, so no part of a comment is ever markup."""
    return _with_matches(text, 0, len(text), _matches(text, needle))


def _matches(text: str, needle: str | None) -> list[tuple[int, int]]:
    if not needle:
        return []
    return [m.span() for m in re.finditer(re.escape(needle), text, flags=re.IGNORECASE)]


def _with_matches(text: str, lo: int, hi: int, matches: list[tuple[int, int]]) -> Markup:
    """``text[lo:hi]`` escaped, the parts of ``matches`` inside it in ``<mark>`` (a match
    that crosses an aspect's edge is marked on each side of it)."""
    out, position = Markup(""), lo
    for start, end in matches:
        start, end = max(start, position), min(end, hi)
        if start >= end:
            continue
        out += escape(text[position:start])
        out += Markup("<mark>{}</mark>").format(text[start:end])
        position = end
    return out + escape(text[position:hi])


def _month(text: str | None) -> date | None:
    """``YYYY-MM`` as its first day; anything else, or a year outside 2000–2999 (the store's
    time conversions cannot take year 1 or 10000), is no filter."""
    try:
        day = date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        return None
    return day if day is not None and 2000 <= day.year <= 2999 else None


def _next_month(day: date | None) -> date | None:
    if day is None:
        return None
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


EXPORT_ROWS = 100_000
"""The most comments one export of the voice page holds."""
TOPIC_DAYS = 180
"""Emerging topics are looked for in the last half year of comments."""


@router.get("/dashboard/voice")
def voice(request: Request, suara: SuaraDep, signed: Voice) -> Response:
    p = request.query_params

    def pick(name: str) -> str | None:
        return (p.get(name) or "").strip()[:100] or None

    where = FeedbackFilter(
        kind=pick("kind"), channel=pick("channel"), category=pick("category"),
        province=pick("province"), segment=pick("segment"), start=_month(pick("start")),
        end=_next_month(_month(pick("end"))), text=pick("text"),
        text_as_shown=signed.user.role not in SEES_PII,
    )  # fmt: skip
    records = suara.records
    # the page shows the latest 100; an export of the table holds every match (to a bound)
    exporting = request.query_params.get("format") is not None
    listed = records.comments(where, limit=EXPORT_ROWS if exporting else 100)
    worst = records.comments(where, worst_first=True, limit=10)
    options = records.feedback_options()
    summary = records.voice_summary(where)
    comment_rows = [
        {"created_at": c.created_at, "kind": c.kind, "channel": c.channel, "rating": c.rating,
         "text": c.text, "sentiment": c.sentiment, "category": c.category,
         "province": c.province,
         "customer_id": c.customer_id} for c in listed
    ]  # fmt: skip
    tables = [
        DataTable("comments", "dash.voice.comments",
                  [Column("created_at", "dash.col.time", "when"),
                   Column("kind", "dash.col.kind", "term:feedback.kind"),
                   Column("channel", "dash.col.channel"),
                   Column("rating", "dash.col.rating", "num"),
                   Column("text", "dash.col.comment"),
                   Column("sentiment", "dash.col.sentiment", "term:polarity"),
                   Column("category", "dash.col.category"),
                   Column("province", "dash.col.province"),
                   Column("customer_id", "dash.col.customer", "link")], comment_rows),
        DataTable("volume", "dash.voice.volume",
                  [Column("month", "dash.col.month", "month"),
                   Column("kind", "dash.col.kind", "term:feedback.kind"),
                   Column("n", "dash.col.n", "num"),
                   Column("rating_pct", "dash.col.rating_pct", "pct")],
                  records.feedback_volume(where)),
        DataTable("aspects", "dash.voice.aspects",
                  [Column("month", "dash.col.month", "month"),
                   Column("aspect", "dash.col.aspect", "term:aspect"),
                   Column("n", "dash.col.n", "num"),
                   Column("negative_pct", "dash.col.negative_pct", "pct"),
                   Column("positive_pct", "dash.col.positive_pct", "pct")],
                  summary.aspects),
        DataTable("emotions", "dash.voice.emotions",
                  [Column("emotion", "dash.col.emotion", "term:emotion"),
                   Column("n", "dash.col.n", "num"),
                   Column("share_pct", "dash.col.share_pct", "pct")],
                  summary.emotions),
    ]  # fmt: skip
    if p.get("topics") == "1":
        since = datetime.now(UTC) - timedelta(days=TOPIC_DAYS)
        topics = [
            {"name": t.name, "n": t.size, "growth": t.growth, "emerging": t.emerging,
             "volume": " · ".join(f"{period}: {n}" for period, n in t.volume[-4:])}
            for t in suara.emerging_topics(since=since)
        ]  # fmt: skip
        tables.append(
            DataTable("topics", "dash.voice.topics",
                      [Column("name", "dash.col.topic"), Column("n", "dash.col.n", "num"),
                       Column("growth", "dash.col.growth", "num"),
                       Column("emerging", "dash.col.emerging", "flag"),
                       Column("volume", "dash.col.volume")], topics)
        )  # fmt: skip
    choices = [
        ("kind", options.kinds), ("channel", options.channels), ("category", options.categories),
        ("province", options.provinces), ("segment", options.segments),
    ]  # fmt: skip
    context = {
        "title": "dash.nav.voice", "page": Page.VOICE, "choices": choices,
        "complaints": [
            ShownComment(c, marked(c, where.text, lang=language(request))) for c in worst
        ],
    }  # fmt: skip
    return respond(request, signed, "dash_voice.html", context, tables)
