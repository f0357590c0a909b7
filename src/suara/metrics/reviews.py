"""Review ratings and feedback volume over the store's ``feedback_items``.

Reviews (marketplace stars, site reviews) carry ``rating`` on a scale ``1..rating_scale_max``;
ratings on different scales are never pooled: every result is per ``rating_scale_max``, which
is added to the group key. A rating outside ``1..rating_scale_max``, or without a scale, is
reported in ``invalid``. Volume counts every item (reviews, social comments, forum posts,
survey comments, ...) by ``kind``, ``source``, ``channel``, ``language`` or a period of
``created_at``; an area that is complained about often is where to act (cx-frameworks.md §4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from suara.metrics.grouping import (
    DEFAULT_TIMEZONE,
    Filter,
    GroupResult,
    check_columns,
    grouped_counts,
)
from suara.metrics.stats import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_N,
    MeanResult,
    ProportionResult,
    mean_from_histogram,
    proportion,
)

FEEDBACK_TIME = "created_at"
SCALE = "rating_scale_max"
REVIEW_KINDS = ("review",)


@dataclass(frozen=True, slots=True)
class RatingResult:
    """Ratings of one group on a ``1..scale_max`` scale.

    ``distribution`` maps each rating to its count (sorted); ``mean`` is the average rating
    with its t interval (clipped to the scale); ``top_two`` the share of ratings in the top two
    points (4-5 stars on 5), the "positive reviews" share, with a Wilson interval.
    """

    scale_max: int
    distribution: dict[float, int]
    mean: MeanResult
    top_two: ProportionResult


def ratings(
    feedback: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    kinds: Sequence[str] | None = REVIEW_KINDS,
    time_column: str = FEEDBACK_TIME,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[RatingResult]]:
    """Rating distribution, average rating and top-two share per group and rating scale.

    Items of ``kinds`` (reviews by default; None for every kind) with a rating count. The key
    is the ``by`` values followed by ``rating_scale_max``. The mean's interval is Student's t
    over the individual ratings (:func:`~.stats.mean_from_histogram`).
    """
    check_columns(feedback, ["rating", SCALE], argument="feedback")
    table = feedback
    if kinds is not None:
        check_columns(table, ["kind"], argument="feedback")
        table = table.filter(table.kind.isin(list(kinds)))
    table = table.filter(table.rating.notnull())
    counts = grouped_counts(
        table,
        [*by, SCALE],
        values=["rating"],
        where=where,
        time_column=time_column,
        timezone=timezone,
    )
    rows: list[GroupResult[RatingResult]] = []
    pending_invalid: dict[tuple[Any, ...], int] = {}
    for key, histogram in counts.items():
        scale_max = key[-1]
        valid: dict[float, int] = {}
        invalid = 0
        for (value,), count in histogram.items():
            if scale_max is not None and scale_max > 1 and 1 <= value <= scale_max:
                valid[float(value)] = valid.get(float(value), 0) + count
            else:
                invalid += count
        if not valid:
            pending_invalid[key[:-1]] = pending_invalid.get(key[:-1], 0) + invalid
            continue
        n = sum(valid.values())
        mean = mean_from_histogram(valid, min_n=min_n, confidence=confidence)
        if mean.n > 1:
            mean = replace(mean, ci_low=max(mean.ci_low, 1.0), ci_high=min(mean.ci_high, scale_max))
        top = sum(count for value, count in valid.items() if value >= scale_max - 1)
        result = RatingResult(
            scale_max=int(scale_max),
            distribution=dict(sorted(valid.items())),
            mean=mean,
            top_two=proportion(top, n, min_n=min_n, confidence=confidence),
        )
        rows.append(GroupResult(dict(zip([*by, SCALE], key, strict=True)), invalid, result))
    return _with_unscaled(rows, pending_invalid, by)


def _with_unscaled(
    rows: list[GroupResult[RatingResult]], invalid: dict[tuple[Any, ...], int], by: Sequence[str]
) -> list[GroupResult[RatingResult]]:
    """Add the ratings of a scale-less (or all-invalid) group to a scored group of the same
    ``by`` values, so ``invalid`` is not lost; groups with nothing valid are left out."""
    if not invalid:
        return rows
    result = []
    for row in rows:
        prefix = tuple(row.key[name] for name in by)
        extra = invalid.pop(prefix, 0)
        result.append(replace(row, invalid=row.invalid + extra) if extra else row)
    return result


def feedback_volume(
    feedback: Any,
    *,
    by: Sequence[str] = ("kind",),
    where: Filter | None = None,
    time_column: str = FEEDBACK_TIME,
    timezone: str = DEFAULT_TIMEZONE,
) -> list[GroupResult[int]]:
    """How many feedback items per group: ``by=["month", "kind"]`` is the monthly volume per
    kind, ``by=["source"]`` per platform, ``where={"kind": "review"}`` reviews only."""
    counts = grouped_counts(feedback, by, where=where, time_column=time_column, timezone=timezone)
    return [
        GroupResult(dict(zip(by, key, strict=True)), 0, sum(histogram.values()))
        for key, histogram in counts.items()
    ]
