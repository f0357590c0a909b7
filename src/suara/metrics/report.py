"""The headline KPI report: each KPI for the last complete month, its change, too-small groups.

A number without its uncertainty invites a wrong decision, so every line carries the
interval, the sample size, and whether the month-on-month change is distinguishable from
noise (a two-sided z-test on the difference of two independent estimates, SE = √(SE₁²+SE₂²);
Rocks 2016 for NPS, the normal approximation for shares and means).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from suara.metrics.catalog import MetricQuery, Row, TableSource, compute_rows, metric
from suara.metrics.distributions import two_sided_normal_p

HEADLINE_METRICS = (
    "nps",
    "csat",
    "ces",
    "on-time",
    "returns",
    "repeat-purchase",
    "support",
    "ticket-csat",
    "ratings",
)
SEGMENTS = (("nps", "channel"), ("on-time", "courier"), ("on-time", "shipping_province"))
SIGNIFICANCE = 0.05


@dataclass(frozen=True, slots=True)
class KpiLine:
    """One KPI for ``month``: value, interval, n, and the change against the month before."""

    metric: str
    column: str
    month: date | None
    value: float
    low: float
    high: float
    n: int
    small_sample: bool
    previous: float | None
    change: float | None
    p_value: float | None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE


@dataclass(frozen=True, slots=True)
class SegmentLine:
    metric: str
    column: str
    segment: str
    value: Any
    low: float
    high: float
    value_column: str
    n: int
    small_sample: bool


@dataclass(frozen=True, slots=True)
class KpiReport:
    as_of: date
    lines: list[KpiLine]
    segments: list[SegmentLine]


def headline_report(
    tables: TableSource,
    *,
    as_of: date,
    query: MetricQuery | None = None,
    metrics: Sequence[str] = HEADLINE_METRICS,
) -> KpiReport:
    """The KPIs of the last month before ``as_of``'s month that has data, and segments.

    ``query`` supplies the zone, the small-n bar and filters; its ``by`` is ignored.
    """
    base = query or MetricQuery()
    monthly = replace(base, by=("month",), as_of=as_of)
    lines = []
    for name in metrics:
        rows = [r for r in compute_rows(name, tables, monthly) if r["month"] < as_of.replace(day=1)]
        if rows:
            lines.append(_kpi_line(name, rows))
    churn = _churn_line(tables, base, as_of.replace(day=1))
    if churn is not None:
        lines.append(churn)
    segments = []
    for name, column in SEGMENTS:
        if name not in metrics:
            continue
        headline = metric(name).headline
        for row in compute_rows(name, tables, replace(base, by=(column,))):
            segments.append(
                SegmentLine(
                    name,
                    column,
                    str(row[column]),
                    row[headline],
                    row.get(f"{headline}_low", math.nan),
                    row.get(f"{headline}_high", math.nan),
                    headline,
                    int(row["n"]),
                    bool(row["small_sample"]),
                )
            )
    return KpiReport(as_of, lines, segments)


def _churn_line(tables: TableSource, base: MetricQuery, first_day: date) -> KpiLine | None:
    """Churn at the end of the month before ``first_day``, against the month before that."""
    previous_day = (first_day - timedelta(days=1)).replace(day=1)
    rows: list[Row] = []
    for day in (previous_day, first_day):
        found = compute_rows("churn", tables, replace(base, by=(), as_of=day))
        month = (day - timedelta(days=1)).replace(day=1)
        rows.extend({**row, "month": month} for row in found)
    return _kpi_line("churn", rows) if rows else None


def _kpi_line(name: str, rows: list[Row]) -> KpiLine:
    column = metric(name).headline
    rows = sorted(rows, key=lambda r: r["month"])
    last = rows[-1]
    previous = rows[-2] if len(rows) > 1 else None
    change = p_value = None
    if previous is not None:
        change = last[column] - previous[column]
        p_value = _p_value(change, last.get(f"{column}_se"), previous.get(f"{column}_se"))
    return KpiLine(
        metric=name,
        column=column,
        month=last["month"],
        value=last[column],
        low=last.get(f"{column}_low", math.nan),
        high=last.get(f"{column}_high", math.nan),
        n=int(last["n"]),
        small_sample=bool(last["small_sample"]),
        previous=None if previous is None else previous[column],
        change=change,
        p_value=p_value,
    )


def _p_value(change: float, se_last: float | None, se_previous: float | None) -> float | None:
    """Two-sided p of a zero change; None where a figure has no standard error (medians)."""
    if se_last is None or se_previous is None:
        return None
    se = math.sqrt(se_last**2 + se_previous**2)
    if not math.isfinite(se):
        return None
    if se == 0.0:
        return float(change == 0.0)
    return two_sided_normal_p(change / se)
