"""Reviews of orders and products, social-media comments and forum posts.

A review's stars come from a latent score that late delivery and damaged parcels push down
(``LATE_RATING_PENALTY`` and ``DAMAGE_RATING_PENALTY`` in :mod:`suara.demo.effects`); its
words name what happened. Comments and posts from customers who had a bad experience talk about
it more often than others do.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from suara.demo import texts
from suara.demo.catalogue import Catalogue
from suara.demo.config import SOURCE, Timeline
from suara.demo.effects import (
    DAMAGE_RATING_PENALTY,
    LATE_COURIER,
    LATE_PROVINCE,
    LATE_RATING_PENALTY,
    PACKAGING_CATEGORY,
    REVIEW_LATENT_MEAN,
    REVIEW_LATENT_SD,
)
from suara.demo.orders import OrderFacts
from suara.demo.people import Person

MARKETPLACES = frozenset({"tokopedia", "shopee"})
REVIEW_RATE_MARKETPLACE = 0.26
REVIEW_RATE_OWN = 0.14
REVIEW_RATE_LATE_EXTRA = 0.06
REVIEW_RATE_DAMAGED_EXTRA = 0.30
SOCIAL_PER_CUSTOMER = 0.36
FORUM_PER_CUSTOMER = 0.14
SOCIAL_CHANNELS: dict[str, float] = {"instagram": 0.45, "tiktok": 0.3, "facebook": 0.15, "x": 0.1}
SOCIAL_TOPICS: dict[str, float] = {
    "question": 0.45,
    "praise": 0.35,
    "delivery": 0.1,
    "packaging": 0.05,
    "support": 0.05,
}
FORUM_TOPICS: dict[str, float] = {"question": 0.45, "suggestion": 0.25, "review": 0.3}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def review_rating(rng: random.Random, order: OrderFacts, quality: float) -> int:
    latent = (
        REVIEW_LATENT_MEAN
        + quality
        - LATE_RATING_PENALTY * order.late
        - DAMAGE_RATING_PENALTY * order.damaged
        + rng.gauss(0, REVIEW_LATENT_SD)
    )
    return min(5, max(1, round(latent)))


def reviews(
    rng: random.Random, orders: list[OrderFacts], timeline: Timeline
) -> list[dict[str, Any]]:
    """Rows for ``feedback_items`` of kind ``review``: stars 1-5 on an order and its product."""
    rows: list[dict[str, Any]] = []
    for order in orders:
        if order.delivered is None:
            continue
        rate = REVIEW_RATE_MARKETPLACE if order.channel in MARKETPLACES else REVIEW_RATE_OWN
        rate += REVIEW_RATE_LATE_EXTRA * order.late + REVIEW_RATE_DAMAGED_EXTRA * order.damaged
        if rng.random() >= rate:
            continue
        written = order.delivered + 0.02 + rng.expovariate(1 / 1.5)
        if written >= timeline.days:
            continue
        product = rng.choice(order.lines)[0]
        rating = review_rating(rng, order, product.quality)
        language = order.person.language
        text = texts.review_text(
            rng,
            language,
            rating=rating,
            late_days=order.late_days,
            damaged=order.damaged,
            courier=order.courier or "",
            product=product.name,
        )
        rows.append(
            {
                "kind": "review",
                "source": SOURCE,
                "external_id": f"REV-{len(rows) + 1:07d}",
                "channel": order.channel,
                "text": text,
                "rating": float(rating),
                "rating_scale_max": 5,
                "language": language,
                "customer_id": order.person.id,
                "order_id": order.id,
                "product_id": product.id,
                "ticket_id": None,
                "response_id": None,
                "created_at": timeline.at(written),
            }
        )
    return rows


def _topic(rng: random.Random, history: list[OrderFacts]) -> str:
    """What a customer posts about: their own bad experience half the time, if they had one."""
    bad = []
    if any(o.late for o in history):
        bad.append("delivery")
    if any(o.damaged for o in history):
        bad.append("packaging")
    if any(o.ticket is not None and o.ticket.slow for o in history):
        bad.append("support")
    if bad and rng.random() < 0.5:
        return rng.choice(bad)
    return _pick(rng, SOCIAL_TOPICS)


class Chatter:
    """Social comments and forum posts, some from known customers, some anonymous."""

    def __init__(
        self,
        rng: random.Random,
        persons: list[Person],
        orders: list[OrderFacts],
        shop: Catalogue,
        timeline: Timeline,
    ) -> None:
        self.rng = rng
        self.persons = persons
        self.timeline = timeline
        self.shop = shop
        self.history: dict[int, list[OrderFacts]] = defaultdict(list)
        for order in orders:
            self.history[order.person.id].append(order)
        self.cosmetics = shop.by_category[shop.categories.index(PACKAGING_CATEGORY)]

    def _past(self, person: Person | None, day: float) -> list[OrderFacts]:
        return [o for o in self.history[person.id] if o.ordered < day] if person else []

    def _values(self, person: Person | None, topic: str, past: list[OrderFacts]) -> dict[str, str]:
        rng = self.rng
        product = rng.choice(self.cosmetics if topic == "packaging" else self.shop.products)
        late = [o for o in past if o.late and o.courier]
        courier = late[-1].courier if late else LATE_COURIER
        province = person.province if person else LATE_PROVINCE
        city = person.city if person else "Medan"
        return {
            "product": product.name,
            "courier": courier or LATE_COURIER,
            "province": province,
            "city": city,
        }

    def _author(self, linked: float) -> tuple[Person | None, str, float]:
        rng, end = self.rng, self.timeline.days
        if rng.random() < linked:
            person = rng.choice(self.persons)
            return person, person.language, rng.uniform(max(person.joined, 0), end - 0.01)
        return None, "en" if rng.random() < 0.06 else "id", rng.uniform(0, end - 0.01)

    def social(self, count: int) -> list[dict[str, Any]]:
        rows = []
        for number in range(1, count + 1):
            person, language, day = self._author(0.6)
            past = self._past(person, day)
            topic = _topic(self.rng, past)
            text = texts.social_text(self.rng, language, topic, **self._values(person, topic, past))
            rows.append(
                self._row("social_comment", f"SOC-{number:07d}", _pick(self.rng, SOCIAL_CHANNELS),
                          text, language, person, day)
            )  # fmt: skip
        return rows

    def forum(self, count: int) -> list[dict[str, Any]]:
        rows = []
        for number in range(1, count + 1):
            person, language, day = self._author(0.8)
            topic = _pick(self.rng, FORUM_TOPICS)
            values = self._values(person, topic, self._past(person, day))
            text = texts.forum_text(self.rng, language, topic, **values)
            rows.append(
                self._row("forum_post", f"FRM-{number:07d}", "forum", text, language, person, day)
            )
        return rows

    def _row(
        self,
        kind: str,
        external_id: str,
        channel: str,
        text: str,
        language: str,
        person: Person | None,
        day: float,
    ) -> dict[str, Any]:
        return {
            "kind": kind,
            "source": SOURCE,
            "external_id": external_id,
            "channel": channel,
            "text": text,
            "rating": None,
            "rating_scale_max": None,
            "language": language,
            "customer_id": person.id if person else None,
            "order_id": None,
            "product_id": None,
            "ticket_id": None,
            "response_id": None,
            "created_at": self.timeline.at(day),
        }
