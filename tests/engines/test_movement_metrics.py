"""Customer movement: identical on every engine and equal to the plain-Python oracle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from ibis.backends import BaseBackend

from suara.metrics import movement
from suara.metrics.grouping import period_start
from suara.metrics.stats import proportion
from tests.engines import oracle
from tests.engines.conftest import SPARK_SOCKET_WARNING
from tests.engines.dataset import Rows

pytestmark = pytest.mark.filterwarnings(SPARK_SOCKET_WARNING)
START, END = date(2024, 2, 1), date(2024, 6, 1)


def _orders(dataset: dict[str, Rows]) -> Rows:
    rows = [r for r in dataset["orders"] if r["status"] != "cancelled"]
    return sorted(rows, key=lambda r: (r["ordered_at"], r["id"]))


def _month(row: dict[str, Any]) -> date:
    return period_start(oracle.local_date(row["ordered_at"]), "month")


def _first_orders(rows: Rows) -> dict[int, dict[str, Any]]:
    first: dict[int, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(row["customer_id"], row)
    return first


def test_repeat_and_returning_by_month_and_channel(
    warehouse: BaseBackend, dataset: dict[str, Rows]
) -> None:
    orders = _orders(dataset)
    first = _first_orders(orders)
    in_span = [r for r in orders if START <= oracle.local_date(r["ordered_at"]) < END]
    counts: dict[tuple[Any, ...], dict[int, int]] = {}
    for row in in_span:
        per_customer = counts.setdefault((_month(row), row["channel"]), {})
        per_customer[row["customer_id"]] = per_customer.get(row["customer_id"], 0) + 1
    table = warehouse.table("orders")
    repeat = movement.repeat_purchase(table, start=START, end=END, by=["channel"])
    assert {tuple(r.key.values()): r.result for r in repeat} == {
        key: proportion(sum(n >= 2 for n in customers.values()), len(customers))
        for key, customers in counts.items()
    }
    returning = movement.returning_customers(table, start=START, end=END, by=["channel"])
    assert {tuple(r.key.values()): r.result for r in returning} == {
        key: proportion(sum(_month(first[c]) < key[0] for c in customers), len(customers))
        for key, customers in counts.items()
    }


def test_churn_cohorts_and_second_orders(warehouse: BaseBackend, dataset: dict[str, Rows]) -> None:
    orders = _orders(dataset)
    table = warehouse.table("orders")
    as_of = [date(2024, 4, 1), date(2024, 5, 15)]
    churn = movement.churn(table, as_of=as_of, window_days=45)
    expected = []
    for day in as_of:
        edge = oracle.local_midnight(day)
        window = timedelta(days=45)
        before = {
            r["customer_id"] for r in orders if edge - 2 * window <= r["ordered_at"] < edge - window
        }
        recent = {r["customer_id"] for r in orders if edge - window <= r["ordered_at"] < edge}
        expected.append(({"as_of": day}, proportion(len(before - recent), len(before))))
    assert [(r.key, r.result) for r in churn] == expected

    cohorts = movement.retention_cohorts(table, start=date(2024, 1, 1), end=END)
    first = _first_orders(orders)
    months = [date(2024, m, 1) for m in range(1, 6)]
    assert [c.cohort for c in cohorts] == months
    for cohort in cohorts:
        members = {c for c, row in first.items() if _month(row) == cohort.cohort}
        assert cohort.customers == len(members)
        for k, share in enumerate(cohort.retention):
            month = months[months.index(cohort.cohort) + k]
            active = {r["customer_id"] for r in orders if _month(r) == month} & members
            assert share == proportion(len(active), len(members))

    (second,) = movement.time_to_second_order(table)
    days = []
    for customer in first:
        mine = [r for r in orders if r["customer_id"] == customer]
        if len(mine) > 1:
            days.append((mine[1]["ordered_at"] - mine[0]["ordered_at"]).total_seconds() // 86_400)
    assert second.result.customers == len(first)
    assert second.result.repeated == proportion(len(days), len(first))
    assert second.result.median_days == pytest.approx(float(np.quantile(days, 0.5)), abs=1e-9)
    assert second.result.p90_days == pytest.approx(float(np.quantile(days, 0.9)), abs=1e-9)
