"""Customer support: how fast customers hear back and get their problem solved.

Over the store's ``support_tickets`` table. Durations are whole minutes (floored) from
``created_at`` to ``first_reply_at`` (first reply time) and to ``solved_at`` (resolution
time); medians and 90th percentiles come from the minute histogram
(:func:`~suara.metrics.stats.quantile_from_histogram`), while SLA attainment compares the exact
seconds with the target. A reply or solution stamped before the ticket was opened is a data
error: it is reported in ``invalid`` and left out of the times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import ibis

from suara.metrics.grouping import (
    DEFAULT_TIMEZONE,
    Filter,
    GroupKey,
    GroupResult,
    check_columns,
    epoch_seconds,
    grouped_counts,
)
from suara.metrics.stats import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_N,
    ProportionResult,
    proportion,
    quantile_from_histogram,
)
from suara.metrics.survey import CSAT_1_5, Scale, ScaleResult, scale_score

TICKET_TIME = "created_at"
OPEN_STATUSES = ("new", "open", "pending")
FIRST_REPLY_TARGET = timedelta(hours=1)
RESOLUTION_TARGET = timedelta(hours=24)
_VALUES = ("_reply_min", "_reply_ok", "_solve_min", "_solve_ok", "_open")


@dataclass(frozen=True, slots=True)
class DurationSummary:
    """Median and p90 in minutes of one kind of wait, and the share within its target."""

    n: int
    median_minutes: float
    p90_minutes: float
    target_minutes: float
    within_target: ProportionResult


@dataclass(frozen=True, slots=True)
class SupportResult:
    """A group's tickets: how many, how many still open, and its reply and resolution times.

    A time is None when no ticket of the group has one yet.
    """

    tickets: int
    backlog: int
    first_reply: DurationSummary | None
    resolution: DurationSummary | None


def _minutes_and_target(start: Any, end: Any, target: timedelta) -> tuple[Any, Any]:
    seconds = epoch_seconds(end) - epoch_seconds(start)
    minutes = ibis.cases((seconds < 0, -1), else_=seconds // 60)
    return minutes, seconds <= int(target.total_seconds())


def support_times(
    tickets: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = TICKET_TIME,
    timezone: str = DEFAULT_TIMEZONE,
    first_reply_target: timedelta = FIRST_REPLY_TARGET,
    resolution_target: timedelta = RESOLUTION_TARGET,
    open_statuses: Sequence[str] = OPEN_STATUSES,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[SupportResult]]:
    """First reply and resolution times (median, p90, SLA attainment) and backlog per group.

    SLA attainment is the share of tickets *with* a reply (or a solution) that got it within
    the target; tickets still waiting show up in ``backlog`` (status in ``open_statuses``).
    Break down by ``department``, ``agent``, ``channel``, ``priority`` or a period of
    ``created_at``.
    """
    needed = ["created_at", "first_reply_at", "solved_at", "status"]
    check_columns(tickets, needed, argument="tickets")
    t = tickets
    reply_min, reply_ok = _minutes_and_target(t.created_at, t.first_reply_at, first_reply_target)
    solve_min, solve_ok = _minutes_and_target(t.created_at, t.solved_at, resolution_target)
    table = t.mutate(
        _reply_min=reply_min,
        _reply_ok=reply_ok,
        _solve_min=solve_min,
        _solve_ok=solve_ok,
        _open=t.status.isin(list(open_statuses)),
    )
    counts = grouped_counts(
        table, by, values=_VALUES, where=where, time_column=time_column, timezone=timezone
    )
    rows: list[GroupResult[SupportResult]] = []
    for key, histogram in counts.items():
        replies = _summary(histogram, 0, first_reply_target, min_n, confidence)
        solutions = _summary(histogram, 2, resolution_target, min_n, confidence)
        invalid = sum(
            count for values, count in histogram.items() if values[0] == -1 or values[2] == -1
        )
        result = SupportResult(
            tickets=sum(histogram.values()),
            backlog=sum(count for values, count in histogram.items() if values[4]),
            first_reply=replies,
            resolution=solutions,
        )
        rows.append(GroupResult(dict(zip(by, key, strict=True)), invalid, result))
    return rows


def _summary(
    histogram: dict[GroupKey, int],
    index: int,
    target: timedelta,
    min_n: int,
    confidence: float,
) -> DurationSummary | None:
    minutes: dict[float, int] = {}
    within = 0
    for values, count in histogram.items():
        value, ok = values[index], values[index + 1]
        if value is None or value < 0:
            continue
        minutes[float(value)] = minutes.get(float(value), 0) + count
        within += count if ok else 0
    if not minutes:
        return None
    n = sum(minutes.values())
    return DurationSummary(
        n=n,
        median_minutes=quantile_from_histogram(minutes, 0.5),
        p90_minutes=quantile_from_histogram(minutes, 0.9),
        target_minutes=target.total_seconds() / 60,
        within_target=proportion(within, n, min_n=min_n, confidence=confidence),
    )


def ticket_csat(
    tickets: Any,
    *,
    by: Sequence[str] = ("department",),
    scale: Scale = CSAT_1_5,
    where: Filter | None = None,
    time_column: str = TICKET_TIME,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ScaleResult]]:
    """Post-ticket CSAT (the ``csat`` column) by department, agent or any other breakdown."""
    check_columns(tickets, ["csat"], argument="tickets")
    return scale_score(
        tickets.rename(value_number="csat"),
        scale=scale,
        question=None,
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
        min_n=min_n,
        confidence=confidence,
    )
