"""What to build (:class:`DemoConfig`), what was built (:class:`DemoSummary`), and the clock.

The generators count time in fractional days since midnight WIB on the first day of the
history; :class:`Timeline` turns those into aware UTC datetimes only when rows are written, so
the simulation stays plain arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from suara.demo.effects import PLANTED_EFFECTS, PlantedEffect
from suara.domain.errors import ConfigurationError

STORE_ZONE = ZoneInfo("Asia/Jakarta")
MIN_CUSTOMERS = 20
MAX_MONTHS = 120
DATASET = "synthetic-demo"
SOURCE = "demo"


def first_of_this_month() -> date:
    """Today's month in Jakarta, so a fresh demo looks current."""
    return datetime.now(STORE_ZONE).date().replace(day=1)


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the 28th at most, so it always exists)."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


@dataclass(frozen=True, slots=True)
class DemoConfig:
    """The demo store to build. The same ``seed`` and ``end`` always give the same data.

    ``end`` is the first day after the history (midnight WIB); ``None`` means the first day of
    the current month in Asia/Jakarta. History starts ``months`` whole months earlier.
    """

    customers: int = 5000
    months: int = 18
    seed: int = 20261122
    replace: bool = False
    end: date | None = None

    def __post_init__(self) -> None:
        if self.customers < MIN_CUSTOMERS:
            msg = f"the demo needs at least {MIN_CUSTOMERS} customers, not {self.customers}"
            raise ConfigurationError(msg)
        if not 1 <= self.months <= MAX_MONTHS:
            msg = f"the demo history is 1 to {MAX_MONTHS} months long, not {self.months}"
            raise ConfigurationError(msg)

    def resolved_end(self) -> date:
        return self.end if self.end is not None else first_of_this_month()


class Timeline:
    """Days since the history's start (WIB midnight) <-> aware UTC datetimes."""

    def __init__(self, config: DemoConfig) -> None:
        self.end_date = config.resolved_end()
        self.start_date = months_before(self.end_date, config.months)
        self.start = datetime.combine(self.start_date, datetime.min.time(), STORE_ZONE)
        self.start_utc = self.start.astimezone(UTC)
        self.days = (self.end_date - self.start_date).days
        self._weekday = self.start_date.weekday()

    def at(self, day: float) -> datetime:
        """The UTC moment ``day`` days after the start, to the second."""
        return self.start_utc + timedelta(seconds=round(day * 86400))

    def weekday(self, day: float) -> int:
        """Monday is 0, in WIB."""
        return (self._weekday + math.floor(day)) % 7

    def date_of(self, day: float) -> date:
        return self.start_date + timedelta(days=math.floor(day))

    def day_of(self, moment: date) -> int:
        return (moment - self.start_date).days


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`build_demo_store` wrote: the rows per table and the effects it planted."""

    location: str
    seed: int
    start: date
    end: date
    counts: dict[str, int]
    effects: tuple[PlantedEffect, ...] = field(default=PLANTED_EFFECTS)

    @property
    def planted_effects(self) -> list[str]:
        """One English line per planted effect; :meth:`describe_effects` for other languages."""
        return self.describe_effects("en")

    def describe_effects(self, language: str) -> list[str]:
        return [effect.describe(language) for effect in self.effects]
