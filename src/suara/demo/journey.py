"""Touchpoints for every journey stage, digital and physical (cx-frameworks.md §3).

Awareness and consideration come before a customer's first order (and are all a prospect who
never buys has); each order adds its checkout and the courier's delivery; retention messages and
thank-you cards follow deliveries; reviews, referrals and unboxing videos are advocacy.
Touchpoints before the history's start are not written.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime
from typing import Any

from suara.demo.config import SOURCE, Timeline
from suara.demo.orders import OrderFacts
from suara.demo.people import Person

Option = tuple[str, str, str, float]
"""(name, channel, kind, weight); a channel of ``*`` means the customer's sales channel."""

AWARENESS: tuple[Option, ...] = (
    ("Iklan Instagram", "instagram", "digital", 3),
    ("Video TikTok", "tiktok", "digital", 3),
    ("Pencarian Google", "site", "digital", 2),
    ("Iklan di marketplace", "*", "digital", 2),
    ("Rekomendasi influencer", "instagram", "digital", 1.5),
    ("Pop-up store di mal", "store", "physical", 0.8),
    ("Rekomendasi teman", "other", "physical", 1.5),
    ("Brosur di bazar", "store", "physical", 0.4),
)
CONSIDERATION: tuple[Option, ...] = (
    ("Melihat halaman produk", "*", "digital", 4),
    ("Membaca ulasan", "*", "digital", 2),
    ("Bertanya lewat chat", "whatsapp", "digital", 1),
    ("Membandingkan harga", "*", "digital", 1.5),
    ("Mencoba tester di pop-up store", "store", "physical", 0.5),
)
RETENTION: tuple[Option, ...] = (
    ("Email promo bulanan", "email", "digital", 3),
    ("WhatsApp broadcast voucher", "whatsapp", "digital", 3),
    ("Notifikasi aplikasi", "app", "digital", 2),
    ("Program poin member", "*", "digital", 1),
)
ADVOCACY: tuple[Option, ...] = (
    ("Membagikan kode referral", "whatsapp", "digital", 3),
    ("Unboxing di TikTok", "tiktok", "digital", 1),
    ("Merekomendasikan ke teman", "other", "physical", 2),
)
RETENTION_RATE = 0.45
THANK_YOU_CARD_RATE = 0.3
PROSPECT_CONSIDERATION_RATE = 0.6
ADVOCACY_RATE_LOYAL = 0.35


class Journeys:
    def __init__(self, rng: random.Random, timeline: Timeline) -> None:
        self.rng = rng
        self.timeline = timeline
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        person: Person,
        stage: str,
        option: Option,
        day: float | datetime,
        *,
        order: OrderFacts | None = None,
    ) -> None:
        if isinstance(day, float) and not 0 <= day < self.timeline.days:
            return
        name, channel, kind, _ = option
        if channel == "*":
            channel = order.channel if order else person.channel
        self.rows.append(
            {
                "id": len(self.rows) + 1,
                "source": SOURCE,
                "external_id": f"TP-{len(self.rows) + 1:08d}",
                "customer_id": person.id,
                "order_id": order.id if order else None,
                "stage": stage,
                "channel": channel,
                "kind": kind,
                "name": name,
                "occurred_at": day if isinstance(day, datetime) else self.timeline.at(day),
            }
        )

    def pick(self, options: tuple[Option, ...]) -> Option:
        return self.rng.choices(options, weights=[o[3] for o in options])[0]

    def before_buying(self, person: Person) -> None:
        rng = self.rng
        start = person.first_order if person.first_order is not None else person.joined + 2
        for _ in range(1 if rng.random() < 0.7 else 2):
            self.add(person, "awareness", self.pick(AWARENESS), start - rng.uniform(3, 40))
        if person.first_order is None and rng.random() >= PROSPECT_CONSIDERATION_RATE:
            return
        for _ in range(rng.choice((1, 1, 2, 3))):
            self.add(
                person, "consideration", self.pick(CONSIDERATION), start - rng.uniform(0.01, 3)
            )

    def order(self, order: OrderFacts, repeat: bool) -> None:
        rng, person = self.rng, order.person
        if repeat and rng.random() < 0.3:
            option = self.pick(CONSIDERATION)
            self.add(
                person, "consideration", option, order.ordered - rng.uniform(0.01, 2), order=order
            )
        self.add(person, "conversion", ("Checkout", "*", "digital", 1), order.ordered, order=order)
        if order.delivered is None:
            return
        delivery = (f"Paket diantar {order.courier}", "*", "physical", 1)
        self.add(person, "conversion", delivery, order.delivered, order=order)
        if rng.random() < THANK_YOU_CARD_RATE:
            card = ("Kartu ucapan terima kasih di paket", "*", "physical", 1)
            self.add(person, "retention", card, order.delivered, order=order)
        if rng.random() < RETENTION_RATE:
            self.add(
                person, "retention", self.pick(RETENTION), order.delivered + rng.uniform(3, 30)
            )


def touchpoint_rows(
    rng: random.Random,
    persons: list[Person],
    orders: list[OrderFacts],
    reviews: list[dict[str, Any]],
    timeline: Timeline,
) -> list[dict[str, Any]]:
    """Rows for ``touchpoints``, every stage of every customer's journey."""
    journeys = Journeys(rng, timeline)
    history: dict[int, list[OrderFacts]] = defaultdict(list)
    for order in orders:
        history[order.person.id].append(order)
    by_id = {person.id: person for person in persons}
    orders_by_id = {order.id: order for order in orders}
    for person in persons:
        journeys.before_buying(person)
        mine = history.get(person.id, [])
        for number, order in enumerate(mine):
            journeys.order(order, repeat=number > 0)
        if len(mine) >= 3 and rng.random() < ADVOCACY_RATE_LOYAL:
            journeys.add(
                person,
                "advocacy",
                journeys.pick(ADVOCACY),
                rng.uniform(mine[2].ordered, timeline.days),
            )
    for review in reviews:
        order = orders_by_id[review["order_id"]]
        option = ("Menulis ulasan", "*", "digital", 1)
        journeys.add(
            by_id[review["customer_id"]], "advocacy", option, review["created_at"], order=order
        )
    return journeys.rows
