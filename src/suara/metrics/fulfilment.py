"""Fulfilment: did the parcel arrive by the promised time, and did it come back?

Over the store's ``orders`` table (or any table with the same columns). Lateness is measured
against ``promised_delivery_at``, in whole days started after the promise: one second late is
day 1, so "on time" means delivered at or before the promised instant (to the second).
Breakdowns use :func:`suara.metrics.grouping.grouped_counts`: by ``courier``,
``shipping_province``, ``channel`` (own site, app, marketplace), a period of ``ordered_at`` in
the store's zone, ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis

from suara.metrics.grouping import (
    DEFAULT_TIMEZONE,
    Filter,
    GroupResult,
    check_columns,
    epoch_seconds,
    grouped_counts,
)
from suara.metrics.stats import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_N,
    ProportionResult,
    proportion,
)

ORDER_TIME = "ordered_at"
NOT_FULFILLED = ("pending", "cancelled")
_DAY = 86_400
_LATE_DAYS = "_suara_late_days"


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """On-time share among delivered orders with a promise, and the lateness distribution.

    ``late_days`` maps 0 (on time) and each number of days late to a count of orders, sorted.
    """

    on_time: ProportionResult
    late_days: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class ReturnsResult:
    """Shares of fulfilled orders (not pending nor cancelled) returned and refunded."""

    orders: int
    returned: ProportionResult
    refunded: ProportionResult


def on_time_delivery(
    orders: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = ORDER_TIME,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[DeliveryResult]]:
    """On-time delivery rate (Wilson CI) and days-late distribution per group.

    Only delivered orders (``delivered_at`` set) count; a delivered order without a
    ``promised_delivery_at`` cannot be judged and is reported in ``invalid``.
    """
    check_columns(orders, ["delivered_at", "promised_delivery_at"], argument="orders")
    table = orders.filter(orders.delivered_at.notnull())
    late = epoch_seconds(table.delivered_at) - epoch_seconds(table.promised_delivery_at)
    late_days = ibis.cases((late <= 0, 0), else_=(late + (_DAY - 1)) // _DAY)
    table = table.mutate(**{_LATE_DAYS: late_days})
    counts = grouped_counts(
        table, by, values=[_LATE_DAYS], where=where, time_column=time_column, timezone=timezone
    )
    rows: list[GroupResult[DeliveryResult]] = []
    for key, histogram in counts.items():
        invalid = sum(count for (days,), count in histogram.items() if days is None)
        days_late = {int(days): count for (days,), count in histogram.items() if days is not None}
        if not days_late:
            continue
        n = sum(days_late.values())
        result = DeliveryResult(
            on_time=proportion(days_late.get(0, 0), n, min_n=min_n, confidence=confidence),
            late_days=dict(sorted(days_late.items())),
        )
        rows.append(GroupResult(dict(zip(by, key, strict=True)), invalid, result))
    return rows


def returns_and_refunds(
    orders: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = ORDER_TIME,
    timezone: str = DEFAULT_TIMEZONE,
    not_fulfilled: Sequence[str] = NOT_FULFILLED,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ReturnsResult]]:
    """Return rate and refund rate per group, over orders whose status is not in
    ``not_fulfilled`` (by default pending and cancelled orders, which never reached anyone)."""
    check_columns(orders, ["status", "returned", "refunded"], argument="orders")
    table = orders.filter(~orders.status.isin(list(not_fulfilled)))
    counts = grouped_counts(
        table,
        by,
        values=["returned", "refunded"],
        where=where,
        time_column=time_column,
        timezone=timezone,
    )
    rows: list[GroupResult[ReturnsResult]] = []
    for key, histogram in counts.items():
        n = sum(histogram.values())
        returned = sum(count for (flag, _), count in histogram.items() if flag)
        refunded = sum(count for (_, flag), count in histogram.items() if flag)
        result = ReturnsResult(
            orders=n,
            returned=proportion(returned, n, min_n=min_n, confidence=confidence),
            refunded=proportion(refunded, n, min_n=min_n, confidence=confidence),
        )
        rows.append(GroupResult(dict(zip(by, key, strict=True)), 0, result))
    return rows
