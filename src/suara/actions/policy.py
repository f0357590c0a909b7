"""How cases are run: statuses and their workflow, priorities and SLAs, routing by aspect.

Everything here is plain data with sensible defaults, overridable from settings, so a team
can say "``price_value`` belongs to sales" or "high-priority cases need first contact within
8 hours" without code. Routing defaults follow the ownership in cx-frameworks.md §5-6: what
happens to the parcel is operations', prices and personal touch are marketing's, the listing
and the checkout are sales', and talking to customers is support's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from suara.domain.entities import Department
from suara.domain.errors import ConfigurationError
from suara.domain.frameworks import Aspect

E = TypeVar("E", bound=StrEnum)


class CaseStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    RESOLVED = "resolved"
    WONT_FIX = "wont_fix"


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.CONTACTED)
CLOSED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.WONT_FIX)

TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.NEW: frozenset({CaseStatus.CONTACTED, CaseStatus.WONT_FIX}),
    CaseStatus.CONTACTED: frozenset({CaseStatus.RESOLVED, CaseStatus.WONT_FIX}),
    CaseStatus.RESOLVED: frozenset(),
    CaseStatus.WONT_FIX: frozenset(),
}
"""new → contacted → resolved / won't fix; a new case may be closed as won't fix (spam, a
duplicate) but not resolved before anyone talked to the customer."""


class Priority(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


PRIORITY_ORDER = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT)


def raised(priority: Priority) -> Priority:
    """One step more urgent (an escalated case jumps its queue)."""
    return PRIORITY_ORDER[min(PRIORITY_ORDER.index(priority) + 1, len(PRIORITY_ORDER) - 1)]


class Origin(StrEnum):
    """Why a case was opened."""

    DETRACTOR = "detractor"
    LOW_CSAT = "low_csat"
    LOW_CES = "low_ces"
    NEGATIVE_FEEDBACK = "negative_feedback"
    CHURN_RISK = "churn_risk"
    MANUAL = "manual"


DEFAULT_ROUTING: dict[Aspect, Department] = {
    Aspect.DELIVERY: Department.OPERATIONS,
    Aspect.PACKAGING: Department.OPERATIONS,
    Aspect.PRODUCT_QUALITY: Department.OPERATIONS,
    Aspect.PRODUCT_ACCURACY: Department.SALES,
    Aspect.PRICE_VALUE: Department.MARKETING,
    Aspect.SELLER_SERVICE: Department.SUPPORT,
    Aspect.CUSTOMER_SUPPORT: Department.SUPPORT,
    Aspect.RETURNS_REFUNDS: Department.SUPPORT,
    Aspect.APP_WEBSITE: Department.SALES,
    Aspect.PAYMENT_TRUST: Department.SALES,
    Aspect.PERSONAL_TOUCH: Department.MARKETING,
}

DEFAULT_SLA_HOURS: dict[Priority, tuple[int, int]] = {
    Priority.URGENT: (4, 24),
    Priority.HIGH: (24, 72),
    Priority.NORMAL: (48, 168),
    Priority.LOW: (72, 336),
}
"""Hours to first contact and to resolution, per priority."""


@dataclass(frozen=True, slots=True)
class CasePolicy:
    """Routing, SLAs and the score thresholds that open cases automatically."""

    routing: Mapping[Aspect, Department] = field(default_factory=lambda: dict(DEFAULT_ROUTING))
    fallback: Department = Department.SUPPORT
    sla_hours: Mapping[Priority, tuple[int, int]] = field(
        default_factory=lambda: dict(DEFAULT_SLA_HOURS)
    )
    detractor_max: float = 6
    low_csat_max: float = 2
    low_ces_max: float = 3

    def department_for(self, aspect: str | None) -> Department:
        if aspect is None:
            return self.fallback
        try:
            return self.routing.get(Aspect(aspect), self.fallback)
        except ValueError:
            return self.fallback

    def due_times(self, priority: Priority, opened_at: datetime) -> tuple[datetime, datetime]:
        contact, resolve = self.sla_hours[priority]
        return opened_at + timedelta(hours=contact), opened_at + timedelta(hours=resolve)

    @classmethod
    def from_settings(
        cls, routing: Mapping[str, str], sla_hours: Mapping[str, tuple[int, int]]
    ) -> CasePolicy:
        """Defaults overridden by ``SUARA_CASE_ROUTING`` and ``SUARA_CASE_SLA_HOURS``."""
        merged = dict(DEFAULT_ROUTING)
        for aspect, department in routing.items():
            merged[_enum(Aspect, aspect, "SUARA_CASE_ROUTING")] = _enum(
                Department, department, "SUARA_CASE_ROUTING"
            )
        sla = dict(DEFAULT_SLA_HOURS)
        for priority, (contact, resolve) in sla_hours.items():
            if not 0 < contact <= resolve:
                msg = f"SUARA_CASE_SLA_HOURS[{priority!r}]: need 0 < first contact <= resolution"
                raise ConfigurationError(msg)
            sla[_enum(Priority, priority, "SUARA_CASE_SLA_HOURS")] = (contact, resolve)
        return cls(routing=merged, sla_hours=sla)


def _enum(kind: type[E], value: str, setting: str) -> E:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise ConfigurationError(f"{setting}: {value!r} is not one of {known}") from None
