"""CX Pyramid dimension scores, the pyramid index and the eight CX factors, from Likert items.

Each pyramid dimension (and each CX factor) is measured by a few agreement items on 1-5 or 1-7
(``questions.dimension`` / ``questions.factor``; docs: shared cx-frameworks.md §1-2). The table
is :func:`suara.metrics.survey.answer_table` built *with* ``questions``, so every answer carries
``dimension``, ``factor``, ``scale_min`` and ``scale_max``.

A summated rating scale is scored per respondent and then averaged over respondents (Likert,
R. 1932, "A technique for the measurement of attitudes", *Archives of Psychology* 140;
Spector, P. E. 1992, *Summated Rating Scale Construction*, Sage): a respondent's score on a
dimension is the mean of the items they answered, normalised to 0-100 as
``(mean − min) / (max − min) · 100`` so that 1-5 and 1-7 items compare. Respondents, not
answers, are the independent units, so the t interval (:func:`~.stats.mean_from_histogram`)
and the ``small_sample`` flag count respondents. The engine returns only counts of respondents
per (group, dimension, scale, number of items, item sum): the statistics run in Python.

Answers off their item's scale (a 6 on 1-5, a 2.5) are counted as ``invalid`` and left out;
a respondent whose every item on a dimension was invalid does not count for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import ibis
import numpy as np

from suara.domain.errors import MetricInputError
from suara.domain.frameworks import CxFactor, PyramidDimension
from suara.metrics.grouping import (
    DEFAULT_TIME_COLUMN,
    DEFAULT_TIMEZONE,
    PERIODS,
    Filter,
    GroupKey,
    GroupResult,
    apply_where,
    check_columns,
    grouped_counts,
)
from suara.metrics.stats import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_N,
    MeanResult,
    cronbach_alpha,
    mean_from_histogram,
)

Construct = Literal["dimension", "factor"]
VALUE = "value_number"
DEFAULT_MAX_RESPONDENTS = 20_000
"""Cronbach's alpha reads item values per respondent; it uses at most this many responses."""
_ITEMS, _SUM, _BAD = "_suara_items", "_suara_sum", "_suara_invalid"
_LOW, _LOW2, _HIGH, _HIGH2 = "_suara_low", "_suara_low2", "_suara_high", "_suara_high2"


@dataclass(frozen=True, slots=True)
class ConstructScore:
    """One dimension's (or factor's) score in a group.

    ``score`` is the mean 0-100 score over ``respondents`` with its t interval; ``raw_mean``
    the mean on the items' own scale (``scale``), or None when the items mix scales. ``alpha``
    is Cronbach's alpha over the ``alpha_respondents`` who answered every item, None with a
    single item, fewer than two complete respondents or no spread. ``invalid`` counts answers
    off their scale.
    """

    key: str
    respondents: int
    score: MeanResult
    raw_mean: MeanResult | None
    scale: tuple[int, int] | None
    alpha: float | None
    alpha_respondents: int
    invalid: int

    @property
    def small_sample(self) -> bool:
        return self.score.small_sample


@dataclass(frozen=True, slots=True)
class PyramidResult:
    """The group's dimension scores, bottom to top, and the overall pyramid index (0-100).

    ``index`` is None unless all five dimensions were answered in the group.
    """

    dimensions: Mapping[str, ConstructScore]
    index: float | None


@dataclass(frozen=True, slots=True)
class FactorResult:
    """The group's CX factor scores, in the frameworks' order."""

    factors: Mapping[str, ConstructScore]


def _valid(t: Any) -> Any:
    v, low, high = t[VALUE], t.scale_min, t.scale_max
    return (
        low.notnull() & high.notnull() & (low < high) & (v >= low) & (v <= high) & (v == v.floor())
    )


def _prepared(answers: Any, construct: Construct, where: Filter | None) -> Any:
    check_columns(
        answers, [VALUE, "response_id", construct, "scale_min", "scale_max"], argument="answers"
    )
    table = apply_where(answers, where)
    table = table.filter(table[construct].notnull() & table[VALUE].notnull())
    return table.mutate(_suara_valid=_valid(table))


def _keys(by: Sequence[str], time_column: str) -> list[str]:
    columns = [name for name in by if name not in PERIODS]
    return [*columns, *([time_column] if len(columns) < len(by) else [])]


def construct_scores(
    answers: Any,
    *,
    construct: Construct,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
    reliability: bool = True,
    max_respondents: int = DEFAULT_MAX_RESPONDENTS,
) -> list[GroupResult[dict[str, ConstructScore]]]:
    """Scores of every ``dimension`` (or ``factor``) per group; the engine of :func:`pyramid`
    and :func:`cx_factors`. ``by`` and ``where`` work as in :func:`~.survey.nps`; ``by``
    columns should be constant within a response (channel, province, a period).

    To keep the arithmetic exact on every engine, each valid answer is scored in the engine as
    the integer ``(value − min) · L / (max − min)``, ``L`` being the least common multiple of
    the scale ranges present, and a respondent's 0-100 score is ``100 · Σ / (items · L)``,
    divided once in Python so that it is the correctly rounded value of the exact fraction.
    """
    table = _prepared(answers, construct, where)
    check_columns(table, _keys(by, time_column), argument="by")
    valid, value = table._suara_valid, table[VALUE]
    low, high = table.scale_min, table.scale_max
    scales = table.filter(valid).select("scale_min", "scale_max").distinct().to_pyarrow()
    ranges = {(int(a), int(b)) for a, b in zip(*scales.to_pydict().values(), strict=True)}
    unit = math.lcm(*(b - a for a, b in ranges)) if ranges else 1
    weight = ibis.cases(
        *(((low == a) & (high == b), unit // (b - a)) for a, b in sorted(ranges)), else_=0
    )
    scored = (value.cast("int64") - low) * weight
    per_respondent = table.group_by(["response_id", construct, *_keys(by, time_column)]).aggregate(
        **{
            _ITEMS: ibis.cases((valid, 1), else_=0).sum(),
            _SUM: ibis.cases((valid, scored), else_=0).sum(),
            _BAD: ibis.cases((valid, 0), else_=1).sum(),
            _LOW: ibis.cases((valid, low)).min(),
            _LOW2: ibis.cases((valid, low)).max(),
            _HIGH: ibis.cases((valid, high)).max(),
            _HIGH2: ibis.cases((valid, high)).min(),
        }
    )
    counts = grouped_counts(
        per_respondent,
        by,
        values=[construct, _ITEMS, _SUM, _BAD, _LOW, _LOW2, _HIGH, _HIGH2],
        time_column=time_column,
        timezone=timezone,
    )
    alphas: dict[GroupKey, dict[str, tuple[float | None, int]]] = {}
    if reliability:
        alphas = _alphas(table, construct, by, time_column, timezone, max_respondents)
    rows: list[GroupResult[dict[str, ConstructScore]]] = []
    for key, histogram in counts.items():
        scores = _scores(histogram, unit, alphas.get(key, {}), min_n, confidence)
        invalid = sum(int(values[3]) * count for values, count in histogram.items())
        if scores:
            rows.append(GroupResult(dict(zip(by, key, strict=True)), invalid, scores))
    return rows


def _scores(
    histogram: Mapping[GroupKey, int],
    unit: int,
    alphas: Mapping[str, tuple[float | None, int]],
    min_n: int,
    confidence: float,
) -> dict[str, ConstructScore]:
    normalised: dict[str, dict[float, int]] = {}
    raw: dict[str, dict[float, int]] = {}
    scales: dict[str, set[tuple[int, int] | None]] = {}
    invalid: dict[str, int] = {}
    for (name, items, total, bad, low, low2, high, high2), count in histogram.items():
        invalid[name] = invalid.get(name, 0) + int(bad) * count
        if not items:
            continue
        total, denominator = int(total), int(items) * unit
        normalised.setdefault(name, {}).setdefault(100 * total / denominator, 0)
        normalised[name][100 * total / denominator] += count
        scale = (int(low), int(high)) if (low, high) == (low2, high2) else None
        scales.setdefault(name, set()).add(scale)
        if scale is not None:
            mean = (scale[0] * denominator + total * (scale[1] - scale[0])) / denominator
            raw.setdefault(name, {}).setdefault(mean, 0)
            raw[name][mean] += count
    result: dict[str, ConstructScore] = {}
    for name in _ordered(normalised):
        score = _clipped(mean_from_histogram(normalised[name], min_n=min_n, confidence=confidence))
        only = next(iter(scales[name])) if len(scales[name]) == 1 else None
        raw_mean = None
        if only is not None:
            raw_mean = mean_from_histogram(raw[name], min_n=min_n, confidence=confidence)
            raw_mean = _clipped(raw_mean, *only)
        alpha, complete = alphas.get(name, (None, 0))
        result[name] = ConstructScore(
            key=name,
            respondents=score.n,
            score=score,
            raw_mean=raw_mean,
            scale=only,
            alpha=alpha,
            alpha_respondents=complete,
            invalid=invalid.get(name, 0),
        )
    return result


_ORDER = {key.value: i for i, key in enumerate([*PyramidDimension, *CxFactor])}


def _ordered(names: Mapping[str, object]) -> list[str]:
    return sorted(names, key=lambda name: (_ORDER.get(name, len(_ORDER)), name))


def _clipped(mean: MeanResult, low: float = 0.0, high: float = 100.0) -> MeanResult:
    if mean.n < 2:
        return mean
    return replace(mean, ci_low=max(mean.ci_low, low), ci_high=min(mean.ci_high, high))


def _alphas(
    table: Any,
    construct: Construct,
    by: Sequence[str],
    time_column: str,
    timezone: str,
    max_respondents: int,
) -> dict[GroupKey, dict[str, tuple[float | None, int]]]:
    """Cronbach's alpha per group and construct from the first ``max_respondents`` responses
    (by ``response_id``), one bounded query; items are normalised to 0-100 first, which leaves
    alpha unchanged on a common scale and makes mixed scales comparable."""
    if max_respondents < 2:
        msg = f"max_respondents must be at least 2, got {max_respondents!r}"
        raise MetricInputError(msg)
    check_columns(table, ["question_key"], argument="answers")
    table = table.filter(table._suara_valid)
    first = table.select("response_id").distinct().order_by("response_id").limit(max_respondents)
    table = table.semi_join(first, "response_id")
    values = [construct, "response_id", "question_key", VALUE, "scale_min", "scale_max"]
    counts = grouped_counts(table, by, values=values, time_column=time_column, timezone=timezone)
    result: dict[GroupKey, dict[str, tuple[float | None, int]]] = {}
    for key, histogram in counts.items():
        cells: dict[str, dict[Any, dict[str, float]]] = {}
        for name, response, item, value, low, high in histogram:
            normalised = (float(value) - int(low)) / (int(high) - int(low)) * 100.0
            cells.setdefault(name, {}).setdefault(response, {})[item] = normalised
        result[key] = {name: _alpha(matrix) for name, matrix in cells.items()}
    return result


def _alpha(cells: Mapping[Any, Mapping[str, float]]) -> tuple[float | None, int]:
    items = sorted({item for row in cells.values() for item in row})
    matrix = np.array(
        [[cells[r].get(item, np.nan) for item in items] for r in sorted(cells)], dtype=float
    )
    complete = int((~np.isnan(matrix).any(axis=1)).sum()) if len(items) > 1 else 0
    try:
        return cronbach_alpha(matrix), complete
    except MetricInputError:
        return None, complete


def pyramid(
    answers: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
    reliability: bool = True,
    max_respondents: int = DEFAULT_MAX_RESPONDENTS,
) -> list[GroupResult[PyramidResult]]:
    """The five Online CX Pyramid dimension scores (0-100) per group and the pyramid index.

    The index is the unweighted mean of the five dimension scores: each dimension weighs the
    same whatever its number of items, as the framework gives no weights (a Suara convention,
    like the equal-weight composite of the ACSI-style indices). It has no interval because the
    dimension scores share respondents; compare the dimensions' own intervals instead.
    """
    rows = construct_scores(
        answers,
        construct="dimension",
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
        min_n=min_n,
        confidence=confidence,
        reliability=reliability,
        max_respondents=max_respondents,
    )
    five = [dimension.value for dimension in PyramidDimension]
    results: list[GroupResult[PyramidResult]] = []
    for row in rows:
        scores = row.result
        index = None
        if all(name in scores for name in five):
            index = sum(scores[name].score.estimate for name in five) / len(five)
        results.append(GroupResult(row.key, row.invalid, PyramidResult(scores, index)))
    return results


def cx_factors(
    answers: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
    reliability: bool = True,
    max_respondents: int = DEFAULT_MAX_RESPONDENTS,
) -> list[GroupResult[FactorResult]]:
    """The eight CX factor scores (0-100) per group, scored like the pyramid dimensions; a
    factor measured by a single item has no alpha."""
    rows = construct_scores(
        answers,
        construct="factor",
        by=by,
        where=where,
        time_column=time_column,
        timezone=timezone,
        min_n=min_n,
        confidence=confidence,
        reliability=reliability,
        max_respondents=max_respondents,
    )
    return [GroupResult(row.key, row.invalid, FactorResult(row.result)) for row in rows]
