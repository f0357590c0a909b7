"""``/dashboard/operations`` (fulfilment and support), ``/dashboard/pyramid`` (the CX
Pyramid and the eight factors, with drill-down to comments) and ``/dashboard/journey``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from suara.accounts import Page, SignedIn
from suara.domain.frameworks import (
    FACTOR_LABELS,
    JOURNEY_LABELS,
    PYRAMID_LABELS,
    CxFactor,
    JourneyStage,
    PyramidDimension,
)
from suara.metrics.catalog import MetricQuery
from suara.web.auth import require
from suara.web.dashboard.charts import pyramid
from suara.web.dashboard.people import ShownComment, marked
from suara.web.dashboard.render import language
from suara.web.dashboard.tables import Column, DataTable, respond
from suara.web.deps import SuaraDep

router = APIRouter(include_in_schema=False)
Operations = Annotated[SignedIn, Depends(require(Page.OPERATIONS))]
Pyramid = Annotated[SignedIn, Depends(require(Page.PYRAMID))]
Journey = Annotated[SignedIn, Depends(require(Page.JOURNEY))]

_DELIVERY = [
    Column("n", "dash.col.orders", "num"),
    Column("on_time_pct", "dash.kpi.on-time", "pct"),
    Column("on_time_pct_low", "dash.col.low", "pct"),
    Column("on_time_pct_high", "dash.col.high", "pct"),
    Column("late_3_days_plus_pct", "dash.col.late3", "pct"),
    Column("small_sample", "dash.col.small", "flag"),
]
_SUPPORT = [
    Column("n", "dash.col.tickets", "num"),
    Column("backlog", "dash.col.backlog", "num"),
    Column("first_reply_median_min", "dash.col.first_reply", "minutes"),
    Column("first_reply_sla_pct", "dash.col.first_reply_sla", "pct"),
    Column("resolution_median_min", "dash.col.resolution", "minutes"),
    Column("resolution_sla_pct", "dash.col.resolution_sla", "pct"),
    Column("small_sample", "dash.col.small", "flag"),
]


@router.get("/dashboard/operations")
def operations(request: Request, suara: SuaraDep, signed: Operations) -> Response:
    tz = suara.settings.timezone
    tables = []
    for by, label in (("courier", "dash.col.courier"), ("shipping_province", "dash.col.province")):
        rows = suara.metric_rows("on-time", MetricQuery(by=(by,), timezone=tz))
        tables.append(
            DataTable(f"on-time-{by}", f"dash.ops.on_time_{by}", [Column(by, label), *_DELIVERY],
                      rows)
        )  # fmt: skip
    for by, label in (("department", "dash.col.department"), ("agent", "dash.col.agent")):
        rows = suara.metric_rows("support", MetricQuery(by=(by,), timezone=tz))
        tables.append(
            DataTable(f"support-{by}", f"dash.ops.support_{by}", [Column(by, label), *_SUPPORT],
                      rows, note="dash.ops.sla_note")
        )  # fmt: skip
    monthly = suara.metric_rows("support", MetricQuery(by=("month",), timezone=tz))[-12:]
    tables.append(
        DataTable("support-month", "dash.ops.support_month",
                  [Column("month", "dash.col.month", "month"), *_SUPPORT], monthly)
    )  # fmt: skip
    context = {"title": "dash.nav.operations", "page": Page.OPERATIONS}
    return respond(request, signed, "dash_tables.html", context, tables)


def _label(labels: Any, key: str, lang: str) -> str:
    for member, label in labels.items():
        if member.value == key:
            return str(label.id if lang == "id" else label.en)
    return key


_CONSTRUCT = [
    Column("n", "dash.col.respondents", "num"),
    Column("score", "dash.col.score", "num1"),
    Column("score_low", "dash.col.low", "num1"),
    Column("score_high", "dash.col.high", "num1"),
    Column("small_sample", "dash.col.small", "flag"),
]


@router.get("/dashboard/pyramid")
def cx_pyramid(
    request: Request, suara: SuaraDep, signed: Pyramid, dimension: str | None = None,
    factor: str | None = None,
) -> Response:  # fmt: skip
    lang = language(request)
    query = MetricQuery(timezone=suara.settings.timezone)
    dims = {r["dimension"]: r for r in suara.metric_rows("pyramid", query)}
    facs = {r["factor"]: r for r in suara.metric_rows("factors", query)}
    dim_rows = [
        {"key": d.value, "label": _label(PYRAMID_LABELS, d.value, lang), **dims.get(d.value, {})}
        for d in PyramidDimension
    ]
    fac_rows = [
        {"key": c.value, "label": _label(FACTOR_LABELS, c.value, lang), **facs.get(c.value, {})}
        for c in CxFactor
    ]
    levels = [(r["label"], r.get("score"), bool(r.get("small_sample"))) for r in dim_rows]
    tables = [
        DataTable("dimensions", "dash.pyramid.dimensions",
                  [Column("label", "dash.col.dimension"), *_CONSTRUCT], dim_rows),
        DataTable("factors", "dash.pyramid.factors",
                  [Column("label", "dash.col.factor"), *_CONSTRUCT], fac_rows),
    ]  # fmt: skip
    chosen = None
    if dimension in {d.value for d in PyramidDimension}:
        chosen = ("dimension", dimension, _label(PYRAMID_LABELS, dimension or "", lang))
    elif factor in {c.value for c in CxFactor}:
        chosen = ("factor", factor, _label(FACTOR_LABELS, factor or "", lang))
    if chosen is not None:
        comments = suara.records.construct_comments(column=chosen[0], key=chosen[1] or "")
        tables.append(
            DataTable("comments", "dash.pyramid.comments",
                      [Column("created_at", "dash.col.time", "when"),
                       Column("score", "dash.col.score", "num"),
                       Column("text", "dash.col.comment"), Column("channel", "dash.col.channel")],
                      [{"created_at": c.created_at, "score": c.score, "text": c.text,
                        "channel": c.channel} for c in comments], note="dash.pyramid.comments_note")
        )  # fmt: skip
    mentions = []
    if chosen is not None:
        found = suara.records.construct_mentions(column=chosen[0], key=chosen[1] or "")
        mentions = [ShownComment(c, marked(c, lang=language(request))) for c in found]
    context = {
        "title": "dash.nav.pyramid", "page": Page.PYRAMID, "chosen": chosen, "mentions": mentions,
        "chart": pyramid(levels, label="CX Pyramid"), "dims": dim_rows, "facs": fac_rows,
    }  # fmt: skip
    return respond(request, signed, "dash_pyramid.html", context, tables)


@router.get("/dashboard/journey")
def journey(request: Request, suara: SuaraDep, signed: Journey) -> Response:
    lang = language(request)
    reach = suara.journey_reach(MetricQuery())
    rows = []
    if reach:
        whole = reach[0].result
        for stage in JourneyStage:
            share = whole.stages.get(stage.value)
            rows.append(
                {"stage": _label(JOURNEY_LABELS, stage.value, lang),
                 "customers": round(share.estimate * whole.customers) if share else 0,
                 "pct": 100 * share.estimate if share else None,
                 "low": 100 * share.ci_low if share else None,
                 "high": 100 * share.ci_high if share else None, "of": whole.customers}
            )  # fmt: skip
    order = {s.value: i for i, s in enumerate(JourneyStage)}
    points = sorted(
        suara.records.touchpoint_scores(), key=lambda r: (order.get(r["stage"], 9), r["touchpoint"])
    )
    for row in points:
        row["stage"] = _label(JOURNEY_LABELS, row["stage"], lang)
    tables = [
        DataTable("funnel", "dash.journey.funnel",
                  [Column("stage", "dash.col.stage"),
                   Column("customers", "dash.col.customers", "num"),
                   Column("pct", "dash.col.reach", "pct"), Column("low", "dash.col.low", "pct"),
                   Column("high", "dash.col.high", "pct")], rows, note="dash.journey.funnel_note"),
        DataTable("touchpoints", "dash.journey.touchpoints",
                  [Column("stage", "dash.col.stage"), Column("touchpoint", "dash.col.touchpoint"),
                   Column("touchpoints", "dash.col.count", "num"),
                   Column("customers", "dash.col.customers", "num"),
                   Column("n", "dash.col.respondents", "num"),
                   Column("csat_mean", "dash.col.csat_mean", "num1"),
                   Column("csat_good_pct", "dash.kpi.csat", "pct"),
                   Column("small_sample", "dash.col.small", "flag")], points,
                  note="dash.journey.touchpoints_note"),
    ]  # fmt: skip
    context = {"title": "dash.nav.journey", "page": Page.JOURNEY}
    return respond(request, signed, "dash_tables.html", context, tables)
