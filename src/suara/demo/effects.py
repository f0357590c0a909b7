"""The cause and effect planted in the demo store, as named constants.

docs/demo-store.md documents each one and ``tests/demo/test_effects.py`` recovers each one from
a small store; the generators read these constants and nothing else, so the three agree. Rates
are probabilities per order or per ticket; "drops" are subtracted from the probability that a
customer orders again after an order.
"""

from __future__ import annotations

from dataclasses import dataclass

from suara.i18n import translate

# Delivery: who and where runs late.
LATE_COURIER = "Lintas Kargo"
COURIER_SHARES: dict[str, float] = {
    "KirimKilat": 0.27,
    "Nusa Ekspres": 0.23,
    "Paket Garuda": 0.19,
    "AntarJaya": 0.15,
    LATE_COURIER: 0.16,
}
BASE_ON_TIME_RATE = 0.92
LATE_COURIER_ON_TIME_RATE = 0.62
LATE_PROVINCE = "Sumatera Utara"
LATE_PROVINCE_ON_TIME_RATE = 0.58
"""A late courier in the late province multiplies: 0.62 × 0.58 / 0.92 ≈ 0.39 on time."""

# Packaging: one category's parcels arrive damaged.
PACKAGING_CATEGORY = "Kosmetik"
PACKAGING_DAMAGE_RATE = 0.22
BASE_DAMAGE_RATE = 0.02
DAMAGE_RETURN_RATE = 0.45
BASE_RETURN_RATE = 0.015

# Reviews: a latent score, rounded and clipped to 1-5 stars.
REVIEW_LATENT_MEAN = 4.75
REVIEW_LATENT_SD = 0.85
LATE_RATING_PENALTY = 1.25
"""Subtracted from the latent score; after rounding and clipping late orders average ≈1 star
lower than on-time ones."""
DAMAGE_RATING_PENALTY = 2.2

# Repurchase: the chance of another order after each order.
BASE_REPURCHASE_PROBABILITY = 0.92
LATE_REPURCHASE_DROP = 0.22
DAMAGE_REPURCHASE_DROP = 0.25
SLOW_REPLY_REPURCHASE_DROP = 0.32

# Support: tickets, and what counts as a slow first reply.
SLOW_FIRST_REPLY_HOURS = 24.0
SLOW_REPLY_SHARE = 0.18
WEEKEND_SLOW_REPLY_SHARE = 0.40
TICKET_RATE_BASE = 0.04
TICKET_RATE_LATE = 0.35
TICKET_RATE_DAMAGED = 0.60

# NPS (0-10): a latent score lowered by the customer's experience before answering.
NPS_LATENT_MEAN = 8.9
NPS_LATENT_SD = 1.5
NPS_LATE_PENALTY = 3.0
"""Times the customer's share of late deliveries so far (0-1)."""
NPS_SLOW_REPLY_PENALTY = 2.5
NPS_DAMAGE_PENALTY = 2.0


def on_time_rate(courier: str, province: str) -> float:
    """The probability that an order with ``courier`` to ``province`` arrives by its promise."""
    rate = LATE_COURIER_ON_TIME_RATE if courier == LATE_COURIER else BASE_ON_TIME_RATE
    if province == LATE_PROVINCE:
        rate *= LATE_PROVINCE_ON_TIME_RATE / BASE_ON_TIME_RATE
    return rate


def repurchase_probability(*, late: bool, damaged: bool, slow_reply: bool) -> float:
    drop = (
        LATE_REPURCHASE_DROP * late
        + DAMAGE_REPURCHASE_DROP * damaged
        + SLOW_REPLY_REPURCHASE_DROP * slow_reply
    )
    return max(0.05, BASE_REPURCHASE_PROBABILITY - drop)


@dataclass(frozen=True, slots=True)
class PlantedEffect:
    """One planted cause and effect; ``key`` names its message ``demo.effect.<key>``."""

    key: str
    values: dict[str, str]

    def describe(self, language: str = "en") -> str:
        return translate(f"demo.effect.{self.key}", language, **self.values)


def _pct(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def _points(rate: float) -> str:
    return f"{rate * 100:.0f}"


PLANTED_EFFECTS: tuple[PlantedEffect, ...] = (
    PlantedEffect(
        "late_courier",
        {
            "courier": LATE_COURIER,
            "rate": _pct(LATE_COURIER_ON_TIME_RATE),
            "base": _pct(BASE_ON_TIME_RATE),
        },
    ),
    PlantedEffect(
        "late_province",
        {
            "province": LATE_PROVINCE,
            "rate": _pct(LATE_PROVINCE_ON_TIME_RATE),
            "base": _pct(BASE_ON_TIME_RATE),
        },
    ),
    PlantedEffect("late_rating", {"stars": "1"}),
    PlantedEffect("late_repurchase", {"drop": _points(LATE_REPURCHASE_DROP)}),
    PlantedEffect(
        "slow_reply_churn",
        {"hours": f"{SLOW_FIRST_REPLY_HOURS:.0f}", "drop": _points(SLOW_REPLY_REPURCHASE_DROP)},
    ),
    PlantedEffect(
        "packaging",
        {
            "category": PACKAGING_CATEGORY,
            "rate": _pct(PACKAGING_DAMAGE_RATE),
            "base": _pct(BASE_DAMAGE_RATE),
        },
    ),
    PlantedEffect(
        "nps_experience",
        {"late": f"{NPS_LATE_PENALTY:g}", "slow": f"{NPS_SLOW_REPLY_PENALTY:g}"},
    ),
)
