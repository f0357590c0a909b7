"""Fulfilment and support metrics: identical on every engine and equal to the Python oracle."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from ibis.backends import BaseBackend

from suara.metrics import fulfilment, support
from suara.metrics.grouping import GroupResult
from suara.metrics.stats import mean_from_histogram, proportion
from tests.engines import oracle
from tests.engines.conftest import SPARK_SOCKET_WARNING
from tests.engines.dataset import Rows

pytestmark = pytest.mark.filterwarnings(SPARK_SOCKET_WARNING)


def _by_key(rows: list[Any]) -> dict[tuple[Any, ...], Any]:
    return {tuple(row.key.values()): row for row in rows}


def _late_days(order: dict[str, Any]) -> int | None:
    if order["promised_delivery_at"] is None:
        return None
    late = (order["delivered_at"] - order["promised_delivery_at"]).total_seconds()
    return 0 if late <= 0 else math.ceil(late / 86_400)


@pytest.mark.parametrize(
    ("by", "where"),
    [(["courier"], None), (["month", "shipping_province"], {"channel": ["app", "web"]})],
)
def test_on_time_delivery(
    warehouse: BaseBackend,
    dataset: dict[str, Rows],
    by: list[str],
    where: dict[str, Any] | None,
) -> None:
    actual = fulfilment.on_time_delivery(warehouse.table("orders"), by=by, where=where)
    delivered = [
        row
        for row in dataset["orders"]
        if row["delivered_at"] is not None and (where is None or row["channel"] in where["channel"])
    ]
    expected = {}
    for key, rows in oracle.group_rows(delivered, by, time_column="ordered_at").items():
        days = [_late_days(row) for row in rows]
        known = [d for d in days if d is not None]
        if not known:
            continue
        late_days = {d: known.count(d) for d in sorted(set(known))}
        result = fulfilment.DeliveryResult(proportion(known.count(0), len(known)), late_days)
        expected[key] = GroupResult(dict(zip(by, key, strict=True)), days.count(None), result)
    assert _by_key(actual) == expected


def test_on_time_boundary_orders(warehouse: BaseBackend) -> None:
    # Order 1 arrives exactly at the promised instant, order 2 one second later.
    orders = warehouse.table("orders")
    (exact,) = fulfilment.on_time_delivery(orders.filter(orders.id == 1))
    (late,) = fulfilment.on_time_delivery(orders.filter(orders.id == 2))
    assert exact.result.late_days == {0: 1}
    assert late.result.late_days == {1: 1}


def test_returns_and_refunds_by_channel(warehouse: BaseBackend, dataset: dict[str, Rows]) -> None:
    actual = fulfilment.returns_and_refunds(warehouse.table("orders"), by=["channel"])
    fulfilled = [r for r in dataset["orders"] if r["status"] not in ("pending", "cancelled")]
    expected = {}
    for key, rows in oracle.group_rows(fulfilled, ["channel"], time_column="ordered_at").items():
        n = len(rows)
        returned = proportion(sum(r["returned"] for r in rows), n)
        refunded = proportion(sum(r["refunded"] for r in rows), n)
        result = fulfilment.ReturnsResult(n, returned, refunded)
        expected[key] = GroupResult({"channel": key[0]}, 0, result)
    assert _by_key(actual) == expected


def _expected_summary(rows: Rows, end: str, target: timedelta) -> support.DurationSummary | None:
    seconds = [
        (row[end] - row["created_at"]).total_seconds() for row in rows if row[end] is not None
    ]
    seconds = [s for s in seconds if s >= 0]
    if not seconds:
        return None
    minutes = [s // 60 for s in seconds]
    within = sum(s <= target.total_seconds() for s in seconds)
    return support.DurationSummary(
        n=len(seconds),
        median_minutes=float(np.quantile(minutes, 0.5)),
        p90_minutes=float(np.quantile(minutes, 0.9)),
        target_minutes=target.total_seconds() / 60,
        within_target=proportion(within, len(seconds)),
    )


def _close(
    actual: support.DurationSummary | None, expected: support.DurationSummary | None
) -> None:
    if expected is None:
        assert actual is None
        return
    assert actual is not None
    assert actual.median_minutes == pytest.approx(expected.median_minutes, abs=1e-9)
    assert actual.p90_minutes == pytest.approx(expected.p90_minutes, abs=1e-9)
    assert (actual.n, actual.within_target) == (expected.n, expected.within_target)


@pytest.mark.parametrize("by", [["department"], ["quarter", "agent"]])
def test_support_times(warehouse: BaseBackend, dataset: dict[str, Rows], by: list[str]) -> None:
    actual = _by_key(support.support_times(warehouse.table("support_tickets"), by=by))
    groups = oracle.group_rows(dataset["support_tickets"], by, time_column="created_at")
    assert list(actual) == sorted(groups, key=lambda key: tuple(str(part) for part in key))
    for key, rows in groups.items():
        row = actual[key]
        assert row.result.tickets == len(rows)
        assert row.result.backlog == sum(r["status"] in ("new", "open", "pending") for r in rows)
        assert row.invalid == sum(
            r["first_reply_at"] is not None and r["first_reply_at"] < r["created_at"] for r in rows
        )
        _close(
            row.result.first_reply, _expected_summary(rows, "first_reply_at", timedelta(hours=1))
        )
        _close(row.result.resolution, _expected_summary(rows, "solved_at", timedelta(hours=24)))


def test_ticket_csat_by_agent(warehouse: BaseBackend, dataset: dict[str, Rows]) -> None:
    actual = _by_key(support.ticket_csat(warehouse.table("support_tickets"), by=["agent"]))
    rated = [row for row in dataset["support_tickets"] if row["csat"] is not None]
    groups = oracle.group_rows(rated, ["agent"], time_column="created_at")
    assert set(actual) == set(groups)
    for key, rows in groups.items():
        histogram: dict[float, int] = {}
        for row in rows:
            histogram[float(row["csat"])] = histogram.get(float(row["csat"]), 0) + 1
        result = actual[key].result
        assert result.good_share == proportion(sum(r["csat"] >= 4 for r in rows), len(rows))
        assert result.mean.estimate == mean_from_histogram(histogram).estimate
