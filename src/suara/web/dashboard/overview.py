"""``/dashboard``: the headline KPIs with trend, interval, significance of the change and a
small-sample warning; ``/dashboard/report``: the same as a print-ready page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from suara.accounts import Page, SignedIn
from suara.app import Suara
from suara.metrics.catalog import MetricQuery
from suara.metrics.report import KpiLine, KpiReport
from suara.web.auth import require
from suara.web.dashboard.charts import sparkline
from suara.web.dashboard.render import render
from suara.web.dashboard.tables import Column, DataTable, respond
from suara.web.deps import SuaraDep

router = APIRouter(include_in_schema=False)
Viewer = Annotated[SignedIn, Depends(require(Page.OVERVIEW))]

KPIS: tuple[tuple[str, str], ...] = (
    ("nps", "num1"),
    ("csat", "pct"),
    ("ces", "pct"),
    ("churn", "pct"),
    ("repeat-purchase", "pct"),
    ("on-time", "pct"),
    ("support", "minutes"),
)
TREND_MONTHS = 12
CHURN_TREND_MONTHS = 6


@dataclass(frozen=True, slots=True)
class Card:
    name: str
    kind: str
    line: KpiLine
    trend: Markup
    unit_note: str | None


def today(suara: Suara) -> date:
    return datetime.now(suara.settings.tz).date()


def _trend(suara: Suara, name: str, column: str, as_of: date) -> list[float | None]:
    if name == "churn":
        values: list[float | None] = []
        day = as_of.replace(day=1)
        days = []
        for _ in range(CHURN_TREND_MONTHS):
            days.append(day)
            day = (day - timedelta(days=1)).replace(day=1)
        for first in reversed(days):
            rows = suara.metric_rows("churn", MetricQuery(as_of=first))
            values.append(rows[0]["pct"] if rows else None)
        return values
    rows = suara.metric_rows(name, MetricQuery(by=("month",)))
    rows = [r for r in rows if r["month"] < as_of.replace(day=1)][-TREND_MONTHS:]
    return [r[column] if math.isfinite(r[column]) else None for r in rows]


def overview_data(suara: Suara) -> tuple[KpiReport, list[Card]]:
    as_of = today(suara)
    report = suara.kpi_report(as_of=as_of, query=MetricQuery(timezone=suara.settings.timezone))
    by_name = {line.metric: line for line in report.lines}
    cards = []
    for name, kind in KPIS:
        line = by_name.get(name)
        if line is None:
            continue
        trend = sparkline(_trend(suara, name, line.column, as_of), label=name)
        note = "dash.kpi.median_note" if name == "support" else None
        cards.append(Card(name, kind, line, trend, note))
    return report, cards


def _tables(report: KpiReport, cards: list[Card]) -> list[DataTable]:
    kpis = DataTable(
        "kpis", "dash.overview.table",
        [Column("metric", "dash.col.metric"), Column("month", "dash.col.month", "month"),
         Column("value", "dash.col.value", "num1"), Column("low", "dash.col.low", "num1"),
         Column("high", "dash.col.high", "num1"), Column("n", "dash.col.n", "num"),
         Column("change", "dash.col.change", "num1"), Column("p_value", "dash.col.p", "num3"),
         Column("significant", "dash.col.significant", "flag"),
         Column("small_sample", "dash.col.small", "flag")],
        [{"metric": c.name, "month": c.line.month, "value": c.line.value, "low": c.line.low,
          "high": c.line.high, "n": c.line.n, "change": c.line.change,
          "p_value": c.line.p_value, "significant": c.line.significant,
          "small_sample": c.line.small_sample} for c in cards],
    )  # fmt: skip
    segments = DataTable(
        "segments", "dash.overview.segments",
        [Column("metric", "dash.col.metric"), Column("column", "dash.col.breakdown"),
         Column("segment", "dash.col.segment"), Column("value", "dash.col.value", "num1"),
         Column("low", "dash.col.low", "num1"), Column("high", "dash.col.high", "num1"),
         Column("n", "dash.col.n", "num"), Column("small_sample", "dash.col.small", "flag")],
        [{"metric": s.metric, "column": s.column, "segment": s.segment, "value": s.value,
          "low": s.low, "high": s.high, "n": s.n, "small_sample": s.small_sample}
         for s in report.segments],
    )  # fmt: skip
    return [kpis, segments]


@router.get("/dashboard")
def overview(request: Request, suara: SuaraDep, signed: Viewer) -> Response:
    report, cards = overview_data(suara)
    context = {"title": "dash.nav.overview", "page": Page.OVERVIEW, "cards": cards,
               "report": report}  # fmt: skip
    return respond(request, signed, "dash_overview.html", context, _tables(report, cards))


@router.get("/dashboard/report")
def printable(request: Request, suara: SuaraDep, signed: Viewer) -> Response:
    report, cards = overview_data(suara)
    tables = {t.name: t for t in _tables(report, cards)}
    context = {"title": "dash.report.title", "cards": cards, "report": report,
               "tables": tables, "printed": today(suara)}  # fmt: skip
    return render(request, signed, "dash_report.html", context)
