"""Repeat purchase, returning customers, churn, cohorts and time to second order, by hand."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import MetricInputError
from suara.metrics import movement
from suara.metrics.grouping import PERIODS

DETERMINISTIC = settings(derandomize=True, deadline=None, max_examples=80)
JAKARTA = ZoneInfo("Asia/Jakarta")


def _order(customer: int, day: str, channel: str = "app", status: str = "completed") -> Any:
    at = datetime.fromisoformat(day).replace(hour=3, tzinfo=UTC)  # 10:00 WIB
    return {"customer_id": customer, "ordered_at": at, "channel": channel, "status": status}


ORDERS = [
    _order(1, "2024-01-05"),
    _order(1, "2024-01-20"),
    _order(1, "2024-03-10", "web"),
    _order(2, "2024-01-10"),
    _order(2, "2024-02-01", status="cancelled"),
    _order(2, "2024-02-15"),
    _order(3, "2024-02-03", "web"),
    _order(3, "2024-02-04", "web"),
    _order(3, "2024-03-20", "web"),
    _order(4, "2023-12-20"),
    _order(4, "2024-02-10"),
    _order(6, "2024-01-15", status="cancelled"),
    # 23:59:59 WIB on 1 March: still March 1 in Jakarta.
    {**_order(5, "2024-03-01"), "ordered_at": datetime(2024, 3, 1, 16, 59, 59, tzinfo=UTC)},
]
JAN, APR = date(2024, 1, 1), date(2024, 4, 1)


@pytest.fixture(scope="module")
def orders() -> Iterator[Any]:
    backend = ibis.duckdb.connect()
    columns = {name: [row[name] for row in ORDERS] for name in ORDERS[0]}
    yield backend.create_table("orders", ibis.memtable(columns))
    backend.disconnect()


def _shares(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [(*row.key.values(), row.result.successes, row.result.n) for row in rows]


def test_repeat_purchase_per_month_and_overall(orders: Any) -> None:
    # Jan: 1 (2 orders), 2 -> 1/2. Feb: 2 (its cancelled order does not count), 3 (2), 4 ->
    # 1/3. Mar: 1, 3, 5 -> 0/3. Customer 6 only cancelled.
    monthly = movement.repeat_purchase(orders, start=JAN, end=APR)
    assert _shares(monthly) == [
        (date(2024, 1, 1), 1, 2),
        (date(2024, 2, 1), 1, 3),
        (date(2024, 3, 1), 0, 3),
    ]
    (whole,) = movement.repeat_purchase(orders, start=JAN, end=APR, period=None)
    assert whole.key == {}
    assert (whole.result.successes, whole.result.n) == (3, 5)
    web = movement.repeat_purchase(orders, start=JAN, end=APR, by=["channel"], period=None)
    assert _shares(web) == [("app", 2, 4), ("web", 1, 2)]


def test_returning_customers(orders: Any) -> None:
    # Jan: 1 and 2 are new. Feb: 2 (first in Jan) and 4 (Dec 2023) return, 3 is new.
    # Mar: 1 and 3 return, 5 is new. Overall: only 4 ordered before January.
    monthly = movement.returning_customers(orders, start=date(2024, 1, 15), end=APR)
    assert _shares(monthly) == [
        (date(2024, 1, 1), 0, 2),
        (date(2024, 2, 1), 2, 3),
        (date(2024, 3, 1), 2, 3),
    ]
    (whole,) = movement.returning_customers(orders, start=JAN, end=APR, period=None)
    assert (whole.result.successes, whole.result.n) == (1, 5)


def test_churn_by_inactivity(orders: Any) -> None:
    # As of 1 April, 30 days: active 31 Jan-1 Mar = 2, 3, 4, 5; of them only 3 ordered from
    # 2 March on -> 3/4 churned.
    (row,) = movement.churn(orders, as_of=APR, window_days=30)
    assert row.key == {"as_of": APR}
    assert (row.result.successes, row.result.n) == (3, 4)
    series = movement.churn(orders, as_of=[date(2024, 3, 1), APR], window_days=30, by=["channel"])
    # As of 1 March: active 31 Dec-30 Jan = 1, 2 (app); then 2 ordered, 1 did not -> app 1/2.
    assert _shares(series)[0] == (date(2024, 3, 1), "app", 1, 2)
    with pytest.raises(MetricInputError, match="window_days"):
        movement.churn(orders, as_of=APR, window_days=0)


def test_retention_cohorts(orders: Any) -> None:
    # Cohorts: Jan {1, 2}, Feb {3}, Mar {5}; 4 started in 2023 and is in none.
    jan, feb, mar = movement.retention_cohorts(orders, start=JAN, end=APR)
    assert (jan.cohort, jan.customers) == (date(2024, 1, 1), 2)
    assert [r.estimate for r in jan.retention] == [1.0, 0.5, 0.5]
    assert [r.successes for r in feb.retention] == [1, 1]
    assert (mar.customers, len(mar.retention)) == (1, 1)


def test_time_to_second_order(orders: Any) -> None:
    # Days: 1 -> 15, 2 -> 36 (not the cancelled order), 3 -> 1, 4 -> 52, 5 never.
    # Median of 1 15 36 52 = 25.5; p90 at rank 2.7 = 36 + .7 · 16 = 47.2.
    (row,) = movement.time_to_second_order(orders)
    result = row.result
    assert (result.customers, result.repeated.successes) == (5, 4)
    assert result.days == {1: 1, 15: 1, 36: 1, 52: 1}
    assert result.median_days == 25.5
    assert result.p90_days == pytest.approx(47.2)
    app, web = movement.time_to_second_order(orders, by=["channel"])
    assert (app.key, app.result.median_days, web.result.days) == ({"channel": "app"}, 36, {1: 1})
    (cohort,) = movement.time_to_second_order(orders, first_from=JAN, first_before=date(2024, 3, 1))
    assert cohort.result.days == {1: 1, 15: 1, 36: 1}
    (late,) = movement.time_to_second_order(orders, first_from=date(2024, 3, 1))
    assert (late.result.customers, late.result.median_days) == (1, None)


def test_bad_periods_are_explained(orders: Any) -> None:
    with pytest.raises(MetricInputError, match="must end after it starts"):
        movement.repeat_purchase(orders, start=APR, end=JAN)
    with pytest.raises(MetricInputError, match="orders: no column 'status'"):
        movement.churn(orders.drop("status"), as_of=APR)


@DETERMINISTIC
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(PERIODS),
)
def test_period_bounds_cover_the_span_with_local_midnights(
    start: date, days: int, period: Any
) -> None:
    end = start + timedelta(days=days)
    starts, edges = movement.period_bounds(start, end, period)
    assert starts[0] <= start
    assert starts[-1] < end
    assert len(edges) == len(starts) + 1
    assert all(a < b for a, b in itertools.pairwise(edges))
    for day, edge in zip(starts, edges, strict=False):
        local = datetime.fromtimestamp(edge, UTC).astimezone(JAKARTA)
        assert (local.date(), local.hour, local.minute) == (day, 0, 0)
    last = datetime.fromtimestamp(edges[-1], UTC).astimezone(JAKARTA).date()
    assert last >= end
