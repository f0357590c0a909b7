"""Customer movement over the ``orders`` table: repeat purchase, returning customers, churn,
retention cohorts and the time to a second order.

Cancelled orders never happened for the customer, so they are left out everywhere
(``excluded_statuses``; pending and returned orders still show intent to buy and count).
Orders without a customer are left out too. ``where`` restricts which orders exist at all
(``{"channel": "shopee"}`` asks every question about Shopee orders only); ``by`` splits the
counting by order columns (``channel``) or, on a table joined with customers, customer columns
(``province``); a customer who ordered in two channels counts in both groups.

Periods are whole calendar periods of the store's time zone (default WIB): Python turns their
local midnights into UTC epoch seconds and the engine only compares integers, so every
backend cuts them identically. Counting runs in the engine (customers per group, never rows
per customer); the shares and their Wilson intervals come from :mod:`suara.metrics.stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import ibis

from suara.domain.errors import MetricInputError
from suara.metrics.grouping import (
    DEFAULT_TIMEZONE,
    Filter,
    GroupResult,
    Period,
    apply_where,
    check_columns,
    epoch_seconds,
    period_start,
    sort_key,
    time_zone,
)
from suara.metrics.stats import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_N,
    ProportionResult,
    proportion,
    quantile_from_histogram,
)

EXCLUDED_STATUSES = ("cancelled",)
CHURN_WINDOW_DAYS = 90
_T, _P, _N = "_suara_t", "_suara_period", "_suara_rows"
_DAY = 86_400


@dataclass(frozen=True, slots=True)
class CohortRow:
    """Customers whose first order fell in ``cohort`` (a period's first day), and per
    ``retention[k]`` the share of them who ordered in the k-th period after it (k = 0 is the
    first order's own period, always 1); only periods before the end are listed."""

    cohort: date
    customers: int
    retention: tuple[ProportionResult, ...]


@dataclass(frozen=True, slots=True)
class SecondOrderResult:
    """How many customers had a first order, the share who ordered again, and the whole days
    from first to second order (``days`` histogram, median and p90; None when nobody did)."""

    customers: int
    repeated: ProportionResult
    median_days: float | None
    p90_days: float | None
    days: dict[int, int]


def _prepared(orders: Any, where: Filter | None, excluded: Sequence[str]) -> Any:
    check_columns(orders, ["customer_id", "status", "ordered_at"], argument="orders")
    table = apply_where(orders, where)
    table = table.filter(table.customer_id.notnull() & ~table.status.isin(list(excluded)))
    return table.mutate(**{_T: epoch_seconds(table.ordered_at)})


def _local_epoch(day: date, timezone: str) -> int:
    return int(datetime.combine(day, time(), tzinfo=time_zone(timezone)).timestamp())


def _next(day: date, period: Period) -> date:
    if period == "day":
        return day + timedelta(days=1)
    if period == "week":
        return day + timedelta(days=7)
    months = 1 if period == "month" else 3
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def period_bounds(
    start: date, end: date, period: Period | None, timezone: str = DEFAULT_TIMEZONE
) -> tuple[list[date], list[int]]:
    """The whole periods covering ``[start, end)`` (local dates) and their edges in UTC epoch
    seconds (one more edge than periods). ``period=None`` is the one span ``[start, end)``."""
    if start >= end:
        msg = f"the period must end after it starts, got start {start} and end {end}"
        raise MetricInputError(msg)
    if period is None:
        return [start], [_local_epoch(start, timezone), _local_epoch(end, timezone)]
    starts = [period_start(start, period)]
    while _next(starts[-1], period) < end:
        starts.append(_next(starts[-1], period))
    edges = [_local_epoch(day, timezone) for day in [*starts, _next(starts[-1], period)]]
    return starts, edges


def _index(seconds: Any, edges: Sequence[int]) -> Any:
    """0-based period of an epoch-seconds column; -1 before the first, len(edges)-1 after."""
    branches = [(seconds < edges[0], -1)]
    branches += [(seconds < edge, i) for i, edge in enumerate(edges[1:])]
    return ibis.cases(*branches, else_=len(edges) - 1)


def _rows(table: Any, keys: Sequence[str], **aggregates: Any) -> list[dict[str, Any]]:
    arrow = table.group_by(list(keys)).aggregate(**aggregates).to_pyarrow()
    rows: list[dict[str, Any]] = arrow.to_pylist()
    return rows


def _period_key(period: Period | None, day: date) -> dict[str, Any]:
    return {} if period is None else {period: day}


def _shares(
    rows: list[dict[str, Any]],
    by: Sequence[str],
    starts: Sequence[date],
    period: Period | None,
    flag: str,
    min_n: int,
    confidence: float,
) -> list[GroupResult[ProportionResult]]:
    totals: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        key = (row[_P], *(row[name] for name in by))
        counts = totals.setdefault(key, [0, 0])
        counts[0] += int(row[_N])
        counts[1] += int(row[_N]) if row[flag] else 0
    result = []
    for key in sorted(totals, key=sort_key):
        n, successes = totals[key]
        group = {**_period_key(period, starts[key[0]]), **dict(zip(by, key[1:], strict=True))}
        share = proportion(successes, n, min_n=min_n, confidence=confidence)
        result.append(GroupResult(group, 0, share))
    return result


def repeat_purchase(
    orders: Any,
    *,
    start: date,
    end: date,
    period: Period | None = "month",
    by: Sequence[str] = (),
    where: Filter | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    excluded_statuses: Sequence[str] = EXCLUDED_STATUSES,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ProportionResult]]:
    """Repeat-purchase rate per period: customers with at least two orders in the period ÷
    customers with at least one (the "repeat customer rate" of e-commerce analytics, e.g.
    Shopify's definition), with a Wilson interval. ``n`` is the period's buying customers."""
    starts, edges = period_bounds(start, end, period, timezone)
    table = _prepared(orders, where, excluded_statuses)
    check_columns(table, by, argument="by")
    table = table.mutate(**{_P: _index(table[_T], edges)})
    table = table.filter((table[_P] >= 0) & (table[_P] < len(starts)))
    per_customer = table.group_by([*by, _P, "customer_id"]).aggregate(_orders=table.count())
    counted = per_customer.mutate(_repeat=per_customer._orders >= 2)
    rows = _rows(counted, [*by, _P, "_repeat"], **{_N: counted.count()})
    return _shares(rows, by, starts, period, "_repeat", min_n, confidence)


def returning_customers(
    orders: Any,
    *,
    start: date,
    end: date,
    period: Period | None = "month",
    by: Sequence[str] = (),
    where: Filter | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    excluded_statuses: Sequence[str] = EXCLUDED_STATUSES,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ProportionResult]]:
    """Returning-customer rate per period: of the customers who ordered in the period, the
    share whose first order (over all their orders, in any group) came before the period."""
    starts, edges = period_bounds(start, end, period, timezone)
    table = _prepared(orders, where, excluded_statuses)
    check_columns(table, by, argument="by")
    first = table.group_by("customer_id").aggregate(_first=table[_T].min())
    joined = table.join(first, "customer_id")
    joined = joined.mutate(**{_P: _index(joined[_T], edges), "_fp": _index(joined._first, edges)})
    joined = joined.filter((joined[_P] >= 0) & (joined[_P] < len(starts)))
    per_customer = joined.group_by([*by, _P, "customer_id"]).aggregate(_fp=joined._fp.min())
    counted = per_customer.mutate(_returning=per_customer._fp < per_customer[_P])
    rows = _rows(counted, [*by, _P, "_returning"], **{_N: counted.count()})
    return _shares(rows, by, starts, period, "_returning", min_n, confidence)


def churn(
    orders: Any,
    *,
    as_of: date | Sequence[date],
    window_days: int = CHURN_WINDOW_DAYS,
    by: Sequence[str] = (),
    where: Filter | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    excluded_statuses: Sequence[str] = EXCLUDED_STATUSES,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ProportionResult]]:
    """Rule-based churn for non-contractual buying, as of each ``as_of`` date (local midnight).

    Without contracts a customer never announces leaving, so churn is inferred from
    inactivity (the "hiatus" rule; Fader & Hardie 2009, "Probability models for customer-base
    analysis", *J. Interactive Marketing* 23, 61-69, discuss its use and limits): of the
    customers who ordered in the ``window_days`` before ``as_of − window_days``, the share who
    did not order in the ``window_days`` up to ``as_of``. Key: ``as_of`` and ``by``.
    """
    if window_days < 1:
        msg = f"window_days must be a positive number of days, got {window_days!r}"
        raise MetricInputError(msg)
    dates = [as_of] if isinstance(as_of, date) else list(as_of)
    table = _prepared(orders, where, excluded_statuses)
    check_columns(table, by, argument="by")
    result: list[GroupResult[ProportionResult]] = []
    for day in dates:
        edge = _local_epoch(day, timezone)
        width = window_days * _DAY
        seconds = table[_T]
        before = ibis.cases(((seconds >= edge - 2 * width) & (seconds < edge - width), 1), else_=0)
        recent = ibis.cases(((seconds >= edge - width) & (seconds < edge), 1), else_=0)
        marked = table.mutate(_before=before, _recent=recent)
        per_customer = marked.group_by([*by, "customer_id"]).aggregate(
            _before=marked._before.max(), _recent=marked._recent.max()
        )
        active = per_customer.filter(per_customer._before == 1)
        counted = active.mutate(_churned=active._recent == 0, **{_P: ibis.literal(0)})
        rows = _rows(counted, [*by, _P, "_churned"], **{_N: counted.count()})
        for row in _shares(rows, by, [day], None, "_churned", min_n, confidence):
            result.append(GroupResult({"as_of": day, **row.key}, 0, row.result))
    return result


def retention_cohorts(
    orders: Any,
    *,
    start: date,
    end: date,
    period: Period = "month",
    where: Filter | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    excluded_statuses: Sequence[str] = EXCLUDED_STATUSES,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[CohortRow]:
    """Retention by first-order cohort: the classic cohort triangle (e.g. Fader & Hardie's
    cohort views, and every e-commerce cohort report). Customers whose first order is before
    ``start`` belong to no cohort; orders from ``end`` on are not looked at."""
    starts, edges = period_bounds(start, end, period, timezone)
    table = _prepared(orders, where, excluded_statuses)
    first = table.group_by("customer_id").aggregate(_first=table[_T].min())
    joined = table.join(first, "customer_id")
    joined = joined.mutate(_cohort=_index(joined._first, edges), **{_P: _index(joined[_T], edges)})
    joined = joined.filter(
        (joined._cohort >= 0) & (joined._cohort < len(starts)) & (joined[_P] < len(starts))
    )
    joined = joined.mutate(_offset=joined[_P] - joined._cohort)
    rows = _rows(joined, ["_cohort", "_offset"], **{_N: joined.customer_id.nunique()})
    counts = {(int(row["_cohort"]), int(row["_offset"])): int(row[_N]) for row in rows}
    cohorts = []
    for cohort, day in enumerate(starts):
        size = counts.get((cohort, 0), 0)
        if not size:
            continue
        retention = tuple(
            proportion(counts.get((cohort, k), 0), size, min_n=min_n, confidence=confidence)
            for k in range(len(starts) - cohort)
        )
        cohorts.append(CohortRow(day, size, retention))
    return cohorts


def time_to_second_order(
    orders: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    first_from: date | None = None,
    first_before: date | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    excluded_statuses: Sequence[str] = EXCLUDED_STATUSES,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[SecondOrderResult]]:
    """Whole days from each customer's first to second order: median and p90 (Hyndman & Fan
    definition 7, :func:`~.stats.quantile_from_histogram`) among those who ordered again.

    Groups are by the *first* order's ``by`` values (e.g. the channel a customer started on).
    Customers who first ordered recently had less time to return, so the times are
    conditional on returning; ``first_from`` / ``first_before`` (local dates) pick a cohort
    old enough to compare. Ties in time are broken by ``id`` when the table has one.
    """
    table = _prepared(orders, where, excluded_statuses)
    check_columns(table, by, argument="by")
    order_by = [table[_T], *([table.id] if "id" in table.columns else [])]
    ranked = table.mutate(_rank=ibis.row_number().over(group_by="customer_id", order_by=order_by))
    firsts = ranked.filter(ranked._rank == 0).select("customer_id", *by, _first=ranked[_T])
    seconds = ranked.filter(ranked._rank == 1)
    seconds = seconds.select(_cid=seconds.customer_id, _second=seconds[_T])
    if first_from is not None:
        firsts = firsts.filter(firsts._first >= _local_epoch(first_from, timezone))
    if first_before is not None:
        firsts = firsts.filter(firsts._first < _local_epoch(first_before, timezone))
    joined = firsts.left_join(seconds, firsts.customer_id == seconds._cid)
    joined = joined.mutate(_days=(joined._second - joined._first) // _DAY)
    rows = _rows(joined, [*by, "_days"], **{_N: joined.count()})
    groups: dict[tuple[Any, ...], dict[int | None, int]] = {}
    for row in rows:
        days = None if row["_days"] is None else int(row["_days"])
        groups.setdefault(tuple(row[name] for name in by), {})[days] = int(row[_N])
    result = []
    for key in sorted(groups, key=sort_key):
        histogram = groups[key]
        customers = sum(histogram.values())
        days_hist = {
            int(d): c for d, c in sorted((d, c) for d, c in histogram.items() if d is not None)
        }
        repeated = sum(days_hist.values())
        floats = {float(d): c for d, c in days_hist.items()}
        summary = SecondOrderResult(
            customers=customers,
            repeated=proportion(repeated, customers, min_n=min_n, confidence=confidence),
            median_days=quantile_from_histogram(floats, 0.5) if repeated else None,
            p90_days=quantile_from_histogram(floats, 0.9) if repeated else None,
            days=days_hist,
        )
        result.append(GroupResult(dict(zip(by, key, strict=True)), 0, summary))
    return result
