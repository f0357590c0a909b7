"""On-time delivery and return/refund rates on a hand-made order table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import ibis
import pytest

from suara.domain.errors import MetricInputError
from suara.metrics import fulfilment

ORDERED = datetime(2024, 5, 6, 3, 0, tzinfo=UTC)
PROMISED = ORDERED + timedelta(days=3)


def _order(
    delivered: timedelta | None,
    *,
    status: str = "completed",
    promised: datetime | None = PROMISED,
    returned: bool = False,
    refunded: bool = False,
    courier: str = "jne",
) -> dict[str, Any]:
    return {
        "courier": courier,
        "status": status,
        "ordered_at": ORDERED,
        "promised_delivery_at": promised,
        "delivered_at": None if delivered is None else PROMISED + delivered,
        "returned": returned,
        "refunded": refunded,
    }


ORDERS = [
    # jne: on time (early, exact, early), 1 h late (day 1), 2 days 1 s late (day 3).
    _order(-timedelta(hours=5)),
    _order(timedelta(0)),
    _order(-timedelta(days=1)),
    _order(timedelta(hours=1), status="returned", returned=True, refunded=True),
    _order(timedelta(days=2, seconds=1), status="delivered", returned=True),
    # Delivered without a promise (invalid), not delivered yet (ignored), cancelled.
    _order(timedelta(0), promised=None),
    _order(None, status="shipped"),
    _order(None, status="cancelled", returned=True),
    # sicepat: one late order.
    _order(timedelta(minutes=1), courier="sicepat"),
]


@pytest.fixture(scope="module")
def orders() -> Iterator[Any]:
    backend = ibis.duckdb.connect()
    columns = {name: [row[name] for row in ORDERS] for name in ORDERS[0]}
    schema = {"promised_delivery_at": "timestamp('UTC')", "delivered_at": "timestamp('UTC')"}
    yield backend.create_table("orders", ibis.memtable(columns).cast(schema))
    backend.disconnect()


def test_on_time_rate_and_lateness_by_courier(orders: Any) -> None:
    jne, sicepat = fulfilment.on_time_delivery(orders, by=["courier"])
    assert jne.key == {"courier": "jne"}
    assert jne.result.on_time.estimate == pytest.approx(3 / 5)
    assert jne.result.late_days == {0: 3, 1: 1, 3: 1}
    assert jne.invalid == 1
    assert sicepat.result.late_days == {1: 1}
    assert sicepat.result.on_time.estimate == 0.0


def test_returns_and_refunds_leave_out_unfulfilled_orders(orders: Any) -> None:
    # Fulfilled: 8 orders (the cancelled one is out); 2 returned, 1 refunded.
    (overall,) = fulfilment.returns_and_refunds(orders)
    assert overall.result.orders == 8
    assert overall.result.returned.successes == 2
    assert overall.result.refunded.estimate == pytest.approx(1 / 8)


def test_missing_columns_are_named(orders: Any) -> None:
    with pytest.raises(MetricInputError, match="orders: no column 'delivered_at'"):
        fulfilment.on_time_delivery(orders.drop("delivered_at"))
