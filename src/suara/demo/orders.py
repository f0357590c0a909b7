"""Orders, simulated customer by customer so that experience drives what happens next.

Each buyer orders, the order is delivered on time or late (by courier and province), arrives
intact or damaged (by category), may raise a support ticket that is answered fast or slowly;
then the customer orders again with a probability lowered by each bad experience
(:func:`suara.demo.effects.repurchase_probability`). Churn and repurchase are therefore
consequences of the planted causes, not labels painted on afterwards.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from suara.demo.catalogue import Catalogue, Product
from suara.demo.config import SOURCE, Timeline
from suara.demo.effects import (
    BASE_RETURN_RATE,
    COURIER_SHARES,
    DAMAGE_RETURN_RATE,
    on_time_rate,
    repurchase_probability,
)
from suara.demo.people import PROVINCE_WEIGHTS, SALES_CHANNELS, Person
from suara.demo.support import TicketFacts, order_ticket
from suara.domain.geography import IndonesianTimeZone, province_time_zone

ORDER_HOURS = (1, 1, 0.5, 0.3, 0.3, 0.6, 1.5, 2.5, 3.5, 4, 4.5, 5, 6, 5.5, 4.5, 4.5, 4.5, 5, 5.5,
               7, 8.5, 9, 7.5, 4)  # fmt: skip
"""Relative order volume per WIB hour: a lunch bump and the evening scroll."""
JAVA = frozenset({"DKI Jakarta", "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Banten",
                  "DI Yogyakarta"})  # fmt: skip
CANCEL_RATE = 0.03
GIFT_RATE = 0.04
MIN_GAP_DAYS = 5.0
DOUBLE_DATE_PULL = 0.25
"""Share of repeat orders pulled forward to the next "tanggal kembar" sale (9.9, 11.11, 12.12)."""


@dataclass(slots=True)
class OrderFacts:
    """One order and what the customer lived through with it; days count from the start."""

    id: int
    person: Person
    channel: str
    ordered: float
    lines: list[tuple[Product, int, float]]
    shipping_fee: float
    province: str
    city: str
    status: str = "pending"
    courier: str | None = None
    promised: float | None = None
    delivered: float | None = None
    late: bool = False
    damaged: bool = False
    returned: bool = False
    refunded: bool = False
    ticket: TicketFacts | None = field(default=None)

    @property
    def amount(self) -> float:
        return sum(q * price for _, q, price in self.lines) + self.shipping_fee

    @property
    def late_days(self) -> int:
        if self.delivered is None or self.promised is None or not self.late:
            return 0
        return math.floor(self.delivered) - math.floor(self.promised)


def _zone_days(province: str) -> int:
    if province in JAVA:
        return 2
    zone = province_time_zone(province)
    if zone is IndonesianTimeZone.WIB:
        return 3
    return 4 if zone is IndonesianTimeZone.WITA else 6


def _shipping_fee(rng: random.Random, province: str, channel: str) -> float:
    if rng.random() < (0.35 if channel in {"tokopedia", "shopee"} else 0.2):
        return 0.0
    low, high = {2: (9, 15), 3: (15, 28), 4: (22, 38)}.get(_zone_days(province), (35, 65))
    return float(rng.randint(low * 2, high * 2) * 500)


def order_time(rng: random.Random, day: float) -> float:
    hour = rng.choices(range(24), weights=ORDER_HOURS)[0]
    return math.floor(day) + (hour + rng.random()) / 24


def _lines(rng: random.Random, person: Person, shop: Catalogue, channel: str) -> list[Any]:
    count = rng.choices((1, 2, 3, 4), weights=(0.6, 0.25, 0.1, 0.05))[0]
    lines: list[tuple[Product, int, float]] = []
    for _ in range(count):
        if rng.random() < 0.6:
            category = rng.choice(person.favourites)
        else:
            category = rng.choices(range(len(shop.categories)), weights=shop.category_weights)[0]
        product = shop.pick(rng, category)
        if any(p.id == product.id for p, _, _ in lines):
            continue
        quantity = rng.choices((1, 2, 3), weights=(0.82, 0.14, 0.04))[0]
        price = product.price
        if channel in {"tokopedia", "shopee"} and rng.random() < 0.3:
            price = round(price * 0.9 / 100) * 100
        lines.append((product, quantity, price))
    return lines


def _deliver(rng: random.Random, order: OrderFacts, timeline: Timeline) -> None:
    day = math.floor(order.ordered)
    promised_day = day + 1 + _zone_days(order.province) + rng.randint(0, 1)
    order.courier = rng.choices(list(COURIER_SHARES), weights=list(COURIER_SHARES.values()))[0]
    order.promised = promised_day + 21 / 24
    order.late = rng.random() >= on_time_rate(order.courier, order.province)
    if order.late:
        arrival = promised_day + 1 + min(int(rng.expovariate(1 / 1.5)), 9)
    else:
        arrival = rng.randint(min(day + 2, promised_day), promised_day)
    delivered = arrival + rng.uniform(9, 20) / 24
    if delivered >= timeline.days:
        order.status = "shipped"
        return
    order.delivered = delivered


class OrderSimulation:
    """Runs every buyer's purchase history; ``orders`` holds the facts, in id order."""

    def __init__(self, rng: random.Random, shop: Catalogue, timeline: Timeline) -> None:
        self.rng = rng
        self.shop = shop
        self.timeline = timeline
        self.orders: list[OrderFacts] = []
        self.tickets: list[TicketFacts] = []
        self.double_dates = [
            timeline.day_of(d)
            for year in range(timeline.start_date.year, timeline.end_date.year + 1)
            for d in (date(year, m, m) for m in (9, 10, 11, 12))
            if 0 <= timeline.day_of(d) < timeline.days
        ]

    def run(self, persons: list[Person]) -> None:
        for person in persons:
            day = person.first_order
            while day is not None and day < self.timeline.days:
                order = self._order(person, day)
                if self.rng.random() >= self._repurchase(order, person):
                    break
                day = self._next(day, person)

    def _repurchase(self, order: OrderFacts, person: Person) -> float:
        slow = order.ticket is not None and order.ticket.slow
        probability = repurchase_probability(
            late=order.late, damaged=order.damaged, slow_reply=slow
        )
        return probability + person.loyalty

    def _next(self, day: float, person: Person) -> float:
        rng = self.rng
        following = day + MIN_GAP_DAYS + rng.expovariate(1 / person.mean_gap)
        if rng.random() < DOUBLE_DATE_PULL:
            sale = next((d for d in self.double_dates if day + 3 <= d <= following), None)
            if sale is not None:
                return order_time(rng, sale)
        return order_time(rng, following)

    def _order(self, person: Person, day: float) -> OrderFacts:
        rng = self.rng
        channel = person.channel if rng.random() < 0.75 else _choice(rng, SALES_CHANNELS)
        province, city = person.province, person.city
        if rng.random() < GIFT_RATE:
            province = _choice(rng, PROVINCE_WEIGHTS)
            city = ""
        order = OrderFacts(
            id=len(self.orders) + 1,
            person=person,
            channel=channel,
            ordered=day,
            lines=_lines(rng, person, self.shop, channel),
            shipping_fee=_shipping_fee(rng, province, channel),
            province=province,
            city=city,
        )
        self.orders.append(order)
        if rng.random() < CANCEL_RATE:
            order.status = "cancelled"
            return order
        if day + 1 > self.timeline.days:
            order.status = "paid" if rng.random() < 0.7 else "pending"
            return order
        _deliver(rng, order, self.timeline)
        if order.delivered is not None:
            self._arrived(order)
        order.ticket = order_ticket(
            rng,
            order,
            self.timeline,
            ticket_id=len(self.tickets) + 1,
            order_ref=_external_id(order, self.timeline),
        )
        if order.ticket is not None:
            self.tickets.append(order.ticket)
        return order

    def _arrived(self, order: OrderFacts) -> None:
        rng = self.rng
        assert order.delivered is not None
        rate = max(self.shop.damage_rates[p.category] for p, _, _ in order.lines)
        order.damaged = rng.random() < rate
        order.returned = rng.random() < (DAMAGE_RETURN_RATE if order.damaged else BASE_RETURN_RATE)
        order.refunded = order.returned and rng.random() < 0.9
        if order.returned:
            order.status = "refunded" if order.refunded else "returned"
        elif order.delivered + 5 < self.timeline.days:
            order.status = "completed"
        else:
            order.status = "delivered"


def _choice(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _external_id(order: OrderFacts, timeline: Timeline) -> str:
    day = timeline.date_of(order.ordered)
    if order.channel == "tokopedia":
        return f"INV/{day:%Y%m%d}/MPL/{order.id:08d}"
    if order.channel == "shopee":
        return f"{day:%y%m%d}SPE{order.id:07d}"
    return f"{'APP' if order.channel == 'app' else 'WEB'}-{order.id:07d}"


def order_rows(
    orders: list[OrderFacts], timeline: Timeline
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for ``orders`` and ``order_lines``."""
    rows: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    at = timeline.at
    for order in orders:
        touched = order.delivered if order.delivered is not None else order.ordered
        rows.append(
            {
                "id": order.id,
                "source": SOURCE,
                "external_id": _external_id(order, timeline),
                "customer_id": order.person.id,
                "channel": order.channel,
                "status": order.status,
                "amount": order.amount,
                "shipping_fee": order.shipping_fee,
                "ordered_at": at(order.ordered),
                "promised_delivery_at": at(order.promised) if order.promised is not None else None,
                "delivered_at": at(order.delivered) if order.delivered is not None else None,
                "courier": order.courier,
                "shipping_city": order.city or None,
                "shipping_province": order.province,
                "returned": order.returned,
                "refunded": order.refunded,
                "updated_at": at(min(touched + 0.01, timeline.days - 0.001)),
            }
        )
        for number, (product, quantity, price) in enumerate(order.lines, start=1):
            lines.append(
                {
                    "id": len(lines) + 1,
                    "order_id": order.id,
                    "line_no": number,
                    "product_id": product.id,
                    "quantity": quantity,
                    "unit_price": price,
                }
            )
    return rows, lines
