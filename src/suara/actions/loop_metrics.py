"""Close-the-loop metrics over cases, by department and by aspect (pure functions).

- close-the-loop rate: share of cases resolved (the customer was contacted and the problem
  put right); won't-fix and open cases count against it;
- time to first contact and time to resolution: medians in hours over the cases that got
  there (``None`` when none did);
- recovery rate: among cases whose customer answered again on the same metric, the share
  whose next score was higher (Bain's "closed-loop feedback" success measure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from suara.actions.cases import Case
from suara.actions.policy import CaseStatus


@dataclass(frozen=True, slots=True)
class LoopMetrics:
    group: str
    cases: int
    open: int
    closed_loop: int
    close_the_loop_rate: float | None
    hours_to_first_contact: float | None
    hours_to_resolution: float | None
    recovery_known: int
    recovered: int
    recovery_rate: float | None


def _hours(values: Iterable[float]) -> float | None:
    listed = list(values)
    return round(median(listed) / 3600, 2) if listed else None


def loop_metrics(cases: Sequence[Case], group: str = "all") -> LoopMetrics:
    resolved = [c for c in cases if c.status == CaseStatus.RESOLVED]
    contacted = [c for c in cases if c.contacted_at is not None]
    known = [c for c in cases if c.recovered is not None]
    recovered = sum(1 for c in known if c.recovered)
    return LoopMetrics(
        group=group,
        cases=len(cases),
        open=sum(1 for c in cases if c.is_open),
        closed_loop=len(resolved),
        close_the_loop_rate=len(resolved) / len(cases) if cases else None,
        hours_to_first_contact=_hours(
            (c.contacted_at - c.opened_at).total_seconds()
            for c in contacted
            if c.contacted_at is not None
        ),
        hours_to_resolution=_hours(
            (c.closed_at - c.opened_at).total_seconds() for c in resolved if c.closed_at
        ),
        recovery_known=len(known),
        recovered=recovered,
        recovery_rate=recovered / len(known) if known else None,
    )


def loop_metrics_by(cases: Sequence[Case], key: Callable[[Case], str | None]) -> list[LoopMetrics]:
    """One row per group (cases with no group go under ``-``), groups in name order."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(key(case) or "-", []).append(case)
    return [loop_metrics(members, name) for name, members in sorted(groups.items())]


def by_department(cases: Sequence[Case]) -> list[LoopMetrics]:
    return loop_metrics_by(cases, lambda c: c.department)


def by_aspect(cases: Sequence[Case]) -> list[LoopMetrics]:
    return loop_metrics_by(cases, lambda c: c.aspect)
