"""Each planted effect can be recovered from a small demo store with plain queries.

Direction and rough size only: the store has 600 customers, so the thresholds leave room for
sampling noise while still failing if an effect disappears or flips.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
from sqlalchemy import select

from suara.demo import PLANTED_EFFECTS, effects
from suara.demo.effects import (
    LATE_COURIER,
    LATE_COURIER_ON_TIME_RATE,
    LATE_PROVINCE,
    LATE_PROVINCE_ON_TIME_RATE,
    PACKAGING_CATEGORY,
    SLOW_FIRST_REPLY_HOURS,
)
from suara.storage import Store, schema

Row = dict[str, Any]
DAMAGE_WORDS = ("pecah", "bocor", "penyok", "rusak", "tumpah", "broken", "leak", "damaged")


def _rows(store: Store, table: Any) -> list[Row]:
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(table))]


def _share(flags: list[bool]) -> float:
    assert flags, "no rows to compare"
    return sum(flags) / len(flags)


def _late(order: Row) -> bool:
    return bool(order["delivered_at"] > order["promised_delivery_at"])


@pytest.fixture(scope="module")
def orders(effects_store: Store) -> list[Row]:
    return _rows(effects_store, schema.orders)


@pytest.fixture(scope="module")
def delivered(orders: list[Row]) -> list[Row]:
    return [o for o in orders if o["delivered_at"] is not None]


@pytest.fixture(scope="module")
def orders_by_customer(orders: list[Row]) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = defaultdict(list)
    for order in orders:
        grouped[order["customer_id"]].append(order)
    return grouped


def _on_time(orders: list[Row]) -> float:
    return 1 - _share([_late(o) for o in orders])


def test_one_courier_runs_late(delivered: list[Row]) -> None:
    late_courier = _on_time([o for o in delivered if o["courier"] == LATE_COURIER])
    others = _on_time([o for o in delivered if o["courier"] != LATE_COURIER])
    assert others - late_courier > 0.15
    assert late_courier == pytest.approx(LATE_COURIER_ON_TIME_RATE, abs=0.1)


def test_one_province_runs_late(delivered: list[Row]) -> None:
    province = _on_time([o for o in delivered if o["shipping_province"] == LATE_PROVINCE])
    others = _on_time([o for o in delivered if o["shipping_province"] != LATE_PROVINCE])
    assert others - province > 0.15
    assert province == pytest.approx(LATE_PROVINCE_ON_TIME_RATE, abs=0.15)


def test_late_orders_get_about_one_star_less(effects_store: Store, orders: list[Row]) -> None:
    by_id = {o["id"]: o for o in orders}
    reviews = [f for f in _rows(effects_store, schema.feedback_items) if f["kind"] == "review"]
    late = [r["rating"] for r in reviews if _late(by_id[r["order_id"]])]
    on_time = [r["rating"] for r in reviews if not _late(by_id[r["order_id"]])]
    assert 0.5 < mean(on_time) - mean(late) < 1.6


def _ordered_again(history: list[Row], after: datetime, days: int | None = None) -> bool:
    until = after + timedelta(days=days) if days else None
    return any(
        o["ordered_at"] > after and (until is None or o["ordered_at"] <= until) for o in history
    )


def test_late_orders_are_repurchased_less(
    delivered: list[Row], orders_by_customer: dict[int, list[Row]]
) -> None:
    cutoff = max(o["ordered_at"] for o in delivered) - timedelta(days=120)
    old = [o for o in delivered if o["ordered_at"] < cutoff]
    again = {
        late: _share(
            [_ordered_again(orders_by_customer[o["customer_id"]], o["ordered_at"], 90)
             for o in old if _late(o) == late]
        )
        for late in (True, False)
    }  # fmt: skip
    assert again[False] - again[True] > 0.1


def test_slow_first_replies_lose_customers(
    effects_store: Store, orders_by_customer: dict[int, list[Row]]
) -> None:
    tickets = _rows(effects_store, schema.support_tickets)
    cutoff = max(t["created_at"] for t in tickets) - timedelta(days=150)
    answered = [
        t for t in tickets if t["order_id"] and t["first_reply_at"] and t["created_at"] < cutoff
    ]
    slow_after = timedelta(hours=SLOW_FIRST_REPLY_HOURS)

    def stayed(slow: bool) -> float:
        return _share(
            [_ordered_again(orders_by_customer[t["customer_id"]], t["created_at"])
             for t in answered if (t["first_reply_at"] - t["created_at"] > slow_after) == slow]
        )  # fmt: skip

    assert stayed(False) - stayed(True) > 0.1


def test_one_category_arrives_damaged(effects_store: Store, delivered: list[Row]) -> None:
    categories = {c["name"]: c["id"] for c in _rows(effects_store, schema.categories)}
    products = {p["id"]: p["category_id"] for p in _rows(effects_store, schema.products)}
    cosmetics: set[int] = {
        line["order_id"]
        for line in _rows(effects_store, schema.order_lines)
        if products[line["product_id"]] == categories[PACKAGING_CATEGORY]
    }
    returned_in = _share([o["returned"] for o in delivered if o["id"] in cosmetics])
    returned_out = _share([o["returned"] for o in delivered if o["id"] not in cosmetics])
    assert returned_in > 3 * returned_out

    reviews = [f for f in _rows(effects_store, schema.feedback_items) if f["kind"] == "review"]

    def complains(review: Row) -> bool:
        return any(word in review["text"].lower() for word in DAMAGE_WORDS)

    complaints_in = _share([complains(r) for r in reviews if r["order_id"] in cosmetics])
    complaints_out = _share([complains(r) for r in reviews if r["order_id"] not in cosmetics])
    assert complaints_in > 4 * complaints_out


def test_nps_follows_experience(
    effects_store: Store, orders_by_customer: dict[int, list[Row]]
) -> None:
    responses = {r["id"]: r for r in _rows(effects_store, schema.responses)}
    tickets: dict[int, list[Row]] = defaultdict(list)
    for ticket in _rows(effects_store, schema.support_tickets):
        tickets[ticket["customer_id"]].append(ticket)
    slow_after = timedelta(hours=SLOW_FIRST_REPLY_HOURS)
    groups: dict[str, list[float]] = defaultdict(list)
    for answer in _rows(effects_store, schema.answers):
        if answer["question_key"] != "nps":
            continue
        response = responses[answer["response_id"]]
        customer, when = response["customer_id"], response["submitted_at"]
        slow = any(
            t["first_reply_at"] and t["first_reply_at"] < when
            and t["first_reply_at"] - t["created_at"] > slow_after
            for t in tickets[customer]
        )  # fmt: skip
        late = any(
            o["delivered_at"] and o["delivered_at"] < when and _late(o)
            for o in orders_by_customer[customer]
        )
        group = "slow" if slow else "late" if late else "clean"
        groups[group].append(answer["value_number"])
    assert mean(groups["clean"]) - mean(groups["late"]) > 0.4
    assert mean(groups["clean"]) - mean(groups["slow"]) > 2


def test_every_effect_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "demo-store.md").read_text("utf-8")
    for effect in PLANTED_EFFECTS:
        assert f"`{effect.key}`" in doc, effect.key
    for name in dir(effects):
        value = getattr(effects, name)
        if not name.isupper():
            continue
        assert f"`{name}`" in doc, f"docs/demo-store.md does not mention {name}"
        if isinstance(value, str):
            assert value in doc, name
        elif isinstance(value, int | float):
            stated = re.findall(rf"`{name}`\s*(?:=|\()\s*(\d+(?:\.\d+)?)", doc)
            assert stated, f"docs/demo-store.md does not give the value of {name}"
            assert all(float(s) == value for s in stated), (name, stated, value)
