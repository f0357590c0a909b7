"""Survey scores — NPS, CSAT and CES — from a table of answers, broken down and filtered.

Each metric takes an ibis table with one row per answer (``value_number`` plus whatever
columns to break down by; :func:`answer_table` builds one from the store's tables), asks the
engine only for ``count(*)`` per group and answer value, then computes the score, its interval
and its small-sample flag with :mod:`suara.metrics.stats`. Answers that are not on the scale
(an 11 on 0-10, a 3.5 on 1-5) are counted as ``invalid`` and left out, because invalid survey
data is what ruins an NPS; missing answers (NULL) are neither valid nor invalid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from suara.domain.errors import MetricInputError
from suara.metrics.grouping import (
    DEFAULT_TIME_COLUMN,
    DEFAULT_TIMEZONE,
    Filter,
    GroupKey,
    GroupResult,
    check_columns,
    grouped_counts,
)
from suara.metrics.stats import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_N,
    DEFAULT_SEED,
    MeanResult,
    NpsResult,
    ProportionResult,
    mean_from_histogram,
    nps_from_counts,
    proportion,
)

R = TypeVar("R")
VALUE = "value_number"


@dataclass(frozen=True, slots=True)
class Scale:
    """An answer scale and which answers count as the "good" box, stated explicitly."""

    name: str
    low: int
    high: int
    good_low: int
    good_high: int

    def __post_init__(self) -> None:
        if not self.low < self.high or not self.low <= self.good_low <= self.good_high:
            msg = f"scale {self.name!r}: need low < high and low <= good_low <= good_high"
            raise MetricInputError(msg)
        if self.good_high > self.high:
            msg = f"scale {self.name!r}: the good box ends above the scale's top {self.high}"
            raise MetricInputError(msg)

    def is_valid(self, value: float) -> bool:
        return float(value).is_integer() and self.low <= value <= self.high

    def is_good(self, value: float) -> bool:
        return self.good_low <= value <= self.good_high


CSAT_1_5 = Scale("csat_1_5", 1, 5, good_low=4, good_high=5)
"""CSAT on 1-5; the top-2-box (4 "satisfied" and 5 "very satisfied") is the CSAT share."""
CSAT_1_7 = Scale("csat_1_7", 1, 7, good_low=6, good_high=7)
CES_1_7 = Scale("ces_2_0_1_7", 1, 7, good_low=5, good_high=7)
"""CES 2.0: agreement 1-7 with "the company made it easy to handle my issue"; 5-7 agree."""
CES_1_5 = Scale("ces_1_0_1_5", 1, 5, good_low=1, good_high=2)
"""The original CES (Dixon, Freeman & Toman 2010, HBR): effort 1-5, so 1-2 (low effort) is
good and a *lower* mean is better."""
NPS_MIN, NPS_MAX = 0, 10


@dataclass(frozen=True, slots=True)
class ScaleResult:
    """A rating-scale score: the good-box share (Wilson CI) and the mean (t CI)."""

    scale: Scale
    good_share: ProportionResult
    mean: MeanResult


def answer_table(answers: Any, responses: Any, questions: Any = None, customers: Any = None) -> Any:
    """One row per answer with what metrics break down by, from the store's tables.

    Columns: ``answer_id, response_id, question_id, question_key, value_number`` and, of
    ``survey_id, customer_id, order_id, channel, language, submitted_at``, those the responses
    have; with ``questions`` also ``question_type, scale_min, scale_max, dimension, factor``;
    with ``customers`` also ``province, city, gender``. Missing optional columns (an export
    without ``language``) are simply not carried over.
    """
    a, r = answers, responses
    check_columns(a, ["id", "response_id", "question_key", VALUE], argument="answers")
    check_columns(r, ["id"], argument="responses")
    table = a.join(r, a.response_id == r.id).select(
        answer_id=a.id,
        response_id=a.response_id,
        question_key=a.question_key,
        value_number=a[VALUE],
        **{name: a[name] for name in ("question_id",) if name in a.columns},
        **{name: r[name] for name in _RESPONSE_COLUMNS if name in r.columns},
    )
    if questions is not None:
        table = _attach(table, questions, "question_id", _QUESTION_COLUMNS)
    if customers is not None:
        table = _attach(table, customers, "customer_id", _CUSTOMER_COLUMNS)
    return table


_RESPONSE_COLUMNS = ("survey_id", "customer_id", "order_id", "channel", "language", "submitted_at")
_QUESTION_COLUMNS = {
    "question_type": "type",
    "scale_min": "scale_min",
    "scale_max": "scale_max",
    "dimension": "dimension",
    "factor": "factor",
}
_CUSTOMER_COLUMNS = {"province": "province", "city": "city", "gender": "gender"}


def _attach(table: Any, other: Any, foreign_key: str, columns: Mapping[str, str]) -> Any:
    """Left-join ``other`` on ``table.foreign_key == other.id``, adding the named columns."""
    check_columns(table, [foreign_key], argument="answers")
    check_columns(other, ["id"], argument=foreign_key.removesuffix("_id"))
    return table.left_join(other, table[foreign_key] == other.id).select(
        *[table[name] for name in table.columns],
        **{new: other[old] for new, old in columns.items() if old in other.columns},
    )


def _answer_counts(
    answers: Any,
    questions: Sequence[str] | None,
    question_type: str | None,
    *,
    by: Sequence[str],
    where: Filter | None,
    time_column: str,
    timezone: str,
) -> dict[GroupKey, Counter[GroupKey]]:
    check_columns(answers, [VALUE], argument="answers")
    table = answers
    if questions is not None:
        check_columns(table, ["question_key"], argument="question")
        table = table.filter(table.question_key.isin(list(questions)))
    elif question_type is not None and "question_type" in table.columns:
        table = table.filter(table.question_type == question_type)
    table = table.filter(table[VALUE].notnull())
    return grouped_counts(
        table, by, values=[VALUE], where=where, time_column=time_column, timezone=timezone
    )


def _results(
    counts: dict[GroupKey, Counter[GroupKey]],
    by: Sequence[str],
    is_valid: Callable[[float], bool],
    compute: Callable[[dict[float, int]], R],
) -> list[GroupResult[R]]:
    rows: list[GroupResult[R]] = []
    for key, histogram in counts.items():
        valid: dict[float, int] = {}
        invalid = 0
        for (value,), count in histogram.items():
            if is_valid(value):
                valid[float(value)] = valid.get(float(value), 0) + count
            else:
                invalid += count
        if valid:
            rows.append(GroupResult(dict(zip(by, key, strict=True)), invalid, compute(valid)))
    return rows


def _questions(question: str | Sequence[str] | None) -> Sequence[str] | None:
    return [question] if isinstance(question, str) else question


def nps(
    answers: Any,
    *,
    question: str | Sequence[str] | None = None,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = DEFAULT_SEED,
) -> list[GroupResult[NpsResult]]:
    """Net Promoter Score per group: promoters 9-10, passives 7-8, detractors 0-6.

    ``question`` picks answers by ``question_key``; without it, answers whose
    ``question_type`` is ``nps`` (or every row when the table has no such column). ``by``
    names columns and/or a period; ``where`` keeps rows whose columns equal the given values.
    Groups without a single valid answer are left out. See :func:`~.stats.nps_from_counts`
    for the interval (Wald, or a seeded bootstrap below ``min_n``).
    """
    counts = _answer_counts(
        answers,
        _questions(question),
        "nps",
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
    )

    def compute(histogram: dict[float, int]) -> NpsResult:
        promoters = sum(c for v, c in histogram.items() if v >= 9)
        detractors = sum(c for v, c in histogram.items() if v <= 6)
        passives = sum(histogram.values()) - promoters - detractors
        return nps_from_counts(
            promoters, passives, detractors, min_n=min_n, confidence=confidence, seed=seed
        )

    def is_valid(value: float) -> bool:
        return float(value).is_integer() and NPS_MIN <= value <= NPS_MAX

    return _results(counts, by, is_valid, compute)


def scale_score(
    answers: Any,
    *,
    scale: Scale,
    question: str | Sequence[str] | None,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ScaleResult]]:
    """Good-box share and mean of a rating question on ``scale``, per group.

    The shared engine of :func:`csat` and :func:`ces`; ``question=None`` takes every row. The
    mean's t interval is clipped to the scale, which a small group's interval can overshoot.
    """
    counts = _answer_counts(
        answers,
        _questions(question),
        None,
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
    )

    def compute(histogram: dict[float, int]) -> ScaleResult:
        n = sum(histogram.values())
        good = sum(c for v, c in histogram.items() if scale.is_good(v))
        mean = mean_from_histogram(histogram, min_n=min_n, confidence=confidence)
        if mean.n > 1:
            low, high = max(mean.ci_low, scale.low), min(mean.ci_high, scale.high)
            mean = replace(mean, ci_low=low, ci_high=high)
        return ScaleResult(
            scale=scale,
            good_share=proportion(good, n, min_n=min_n, confidence=confidence),
            mean=mean,
        )

    return _results(counts, by, scale.is_valid, compute)


def csat(
    answers: Any,
    *,
    question: str | Sequence[str] | None = "csat",
    scale: Scale = CSAT_1_5,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ScaleResult]]:
    """Customer satisfaction: the top-2-box share (4-5 on 1-5 by default) and the mean."""
    return scale_score(
        answers,
        scale=scale,
        question=question,
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
        min_n=min_n,
        confidence=confidence,
    )


def ces(
    answers: Any,
    *,
    question: str | Sequence[str] | None = "ces",
    scale: Scale = CES_1_7,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[ScaleResult]]:
    """Customer effort: CES 2.0 (1-7 agreement, share 5-7) or, with ``scale=CES_1_5``, the
    original 1-5 effort scale (share 1-2); the scale is recorded on every result."""
    return scale_score(
        answers,
        scale=scale,
        question=question,
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
        min_n=min_n,
        confidence=confidence,
    )
