"""Point estimates with standard errors and confidence intervals, from counts or values.

Everything here is plain Python and NumPy so that the engine-specific part of a metric is only
the counting (done in ibis); the statistics are then identical on every backend. Each result
carries ``small_sample`` so a dashboard can flag a score read from too few answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from suara.domain.errors import MetricInputError
from suara.metrics.distributions import (
    check_confidence,
    normal_quantile,
    student_t_quantile,
    two_sided_normal_p,
)

DEFAULT_MIN_N = 30
"""Below this many valid answers a result is flagged ``small_sample`` (and NPS bootstraps)."""
DEFAULT_CONFIDENCE = 0.95
DEFAULT_SEED = 20_240_101
DEFAULT_BOOTSTRAP_SAMPLES = 2_000

NpsCiMethod = Literal["wald", "bootstrap"]


@dataclass(frozen=True, slots=True)
class NpsResult:
    """A Net Promoter Score in points (−100 to 100) with its uncertainty."""

    n: int
    promoters: int
    passives: int
    detractors: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    ci_method: NpsCiMethod
    small_sample: bool

    @property
    def promoter_share(self) -> float:
        return self.promoters / self.n

    @property
    def detractor_share(self) -> float:
        return self.detractors / self.n


@dataclass(frozen=True, slots=True)
class NpsDifference:
    """``first − second`` NPS in points, with its interval and a two-sided p-value."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    confidence: float
    small_sample: bool


@dataclass(frozen=True, slots=True)
class ProportionResult:
    """A share in [0, 1] (e.g. CSAT top-2-box) with a Wilson score interval."""

    n: int
    successes: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    small_sample: bool


@dataclass(frozen=True, slots=True)
class MeanResult:
    """A mean with its sample standard deviation and a Student-t interval.

    With fewer than two values the spread is unknown: ``sd``, ``se`` and the interval are NaN.
    """

    n: int
    estimate: float
    sd: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    small_sample: bool


def _check_min_n(min_n: int) -> int:
    if min_n < 1:
        msg = f"min_n must be at least 1, got {min_n!r}"
        raise MetricInputError(msg)
    return min_n


def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = DEFAULT_SEED,
    bootstrap_samples: int = DEFAULT_BOOTSTRAP_SAMPLES,
) -> NpsResult:
    """NPS = 100 · (p − d) from counts of promoters (9–10), passives (7–8), detractors (0–6).

    Treating each answer as a draw from a three-category multinomial scored +1/0/−1, the
    variance of one answer is ``p + d − (p − d)²`` and the standard error of the score is
    ``100 · sqrt([p + d − (p − d)²] / n)`` (Rocks, B. 2016, "Interval estimation for the 'net
    promoter score'", *The American Statistician* 70(4), 365–372). The interval is Wald's
    ``NPS ± z · SE`` clipped to [−100, 100]; when ``n < min_n`` the Wald interval undercovers,
    so it is replaced by a percentile bootstrap (Efron & Tibshirani 1993, *An Introduction to
    the Bootstrap*, ch. 13) drawn from the observed multinomial with a fixed ``seed``, widened
    if need be to contain the point estimate.
    """
    check_confidence(confidence)
    _check_min_n(min_n)
    counts = (promoters, passives, detractors)
    if any(count < 0 for count in counts):
        msg = f"NPS counts must be non-negative, got promoters/passives/detractors {counts}"
        raise MetricInputError(msg)
    n = promoters + passives + detractors
    if n == 0:
        msg = "NPS needs at least one valid 0-10 answer; this group has none"
        raise MetricInputError(msg)
    p, d = promoters / n, detractors / n
    estimate = 100.0 * (p - d)
    variance = max(p + d - (p - d) ** 2, 0.0)
    se = 100.0 * math.sqrt(variance / n)
    small = n < min_n
    if small:
        if bootstrap_samples < 1:
            msg = f"bootstrap_samples must be positive, got {bootstrap_samples!r}"
            raise MetricInputError(msg)
        rng = np.random.default_rng(seed)
        draws = rng.multinomial(n, [p, passives / n, d], size=bootstrap_samples)
        replicates = 100.0 * (draws[:, 0] - draws[:, 2]) / n
        tail = (1.0 - confidence) / 2.0
        low, high = (float(q) for q in np.quantile(replicates, [tail, 1.0 - tail]))
        low, high = min(low, estimate), max(high, estimate)
        method: NpsCiMethod = "bootstrap"
    else:
        z = normal_quantile(0.5 + confidence / 2.0)
        low, high = estimate - z * se, estimate + z * se
        method = "wald"
    return NpsResult(
        n=n,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        estimate=estimate,
        se=se,
        ci_low=max(low, -100.0),
        ci_high=min(high, 100.0),
        confidence=confidence,
        ci_method=method,
        small_sample=small,
    )


def nps_difference(
    first: NpsResult, second: NpsResult, *, confidence: float = DEFAULT_CONFIDENCE
) -> NpsDifference:
    """The difference between the NPS of two independent groups (periods, segments).

    ``SE = sqrt(SE₁² + SE₂²)`` because the variances of independent estimates add; the
    interval is ``Δ ± z · SE`` (clipped to [−200, 200]) and the p-value the two-sided normal
    test of ``Δ = 0`` (Rocks 2016, §4). With both SEs zero, p is 1 when the scores are equal
    and 0 otherwise. ``small_sample`` is set when either group is small.
    """
    check_confidence(confidence)
    estimate = first.estimate - second.estimate
    se = math.sqrt(first.se**2 + second.se**2)
    p_value = two_sided_normal_p(estimate / se) if se > 0.0 else float(estimate == 0.0)
    z = normal_quantile(0.5 + confidence / 2.0)
    return NpsDifference(
        estimate=estimate,
        se=se,
        ci_low=max(estimate - z * se, -200.0),
        ci_high=min(estimate + z * se, 200.0),
        p_value=p_value,
        confidence=confidence,
        small_sample=first.small_sample or second.small_sample,
    )


def proportion(
    successes: int,
    n: int,
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> ProportionResult:
    """A share ``successes / n`` with the Wilson score interval.

    Wilson, E. B. (1927), "Probable inference, the law of succession, and statistical
    inference", *JASA* 22, 209–212: unlike the Wald interval it stays inside [0, 1] and keeps
    close to nominal coverage for small ``n`` and shares near 0 or 1 (Brown, Cai & DasGupta
    2001, *Statistical Science* 16, 101–133). ``se`` is the usual ``sqrt(p(1 − p)/n)``.
    """
    check_confidence(confidence)
    _check_min_n(min_n)
    if n <= 0 or not 0 <= successes <= n:
        msg = f"a proportion needs 0 <= successes <= n and n > 0, got {successes}/{n}"
        raise MetricInputError(msg)
    share = successes / n
    z = normal_quantile(0.5 + confidence / 2.0)
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(share * (1.0 - share) / n + z2 / (4 * n * n))
    return ProportionResult(
        n=n,
        successes=successes,
        estimate=share,
        se=math.sqrt(share * (1.0 - share) / n),
        ci_low=min(max(centre - half, 0.0), share),
        ci_high=max(min(centre + half, 1.0), share),
        confidence=confidence,
        small_sample=n < min_n,
    )


def mean_from_moments(
    n: int,
    mean: float,
    variance: float,
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> MeanResult:
    """A mean with the Student-t interval ``x̄ ± t(1 − α/2, n − 1) · s/√n``.

    ``variance`` is the sample variance (divisor ``n − 1``). The t quantile is used at every
    ``n`` — it tends to the normal one as ``n`` grows — so small groups get honest, wider
    intervals (Student 1908, "The probable error of a mean", *Biometrika* 6, 1–25).
    """
    check_confidence(confidence)
    _check_min_n(min_n)
    if n <= 0:
        msg = "a mean needs at least one value; this group has none"
        raise MetricInputError(msg)
    if n == 1:
        nan = math.nan
        return MeanResult(1, mean, nan, nan, nan, nan, confidence, small_sample=True)
    sd = math.sqrt(max(variance, 0.0))
    se = sd / math.sqrt(n)
    t = student_t_quantile(0.5 + confidence / 2.0, n - 1)
    return MeanResult(
        n=n,
        estimate=mean,
        sd=sd,
        se=se,
        ci_low=mean - t * se,
        ci_high=mean + t * se,
        confidence=confidence,
        small_sample=n < min_n,
    )


def mean_from_histogram(
    histogram: Mapping[float, int],
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> MeanResult:
    """:func:`mean_from_moments` for discrete answers given as ``{value: count}``.

    Summing in sorted value order makes the result independent of the order the counts
    arrived in, so every engine yields bit-identical means.
    """
    items = sorted((float(value), int(count)) for value, count in histogram.items() if count)
    if any(count < 0 for _, count in items):
        msg = f"histogram counts must be non-negative, got {dict(items)}"
        raise MetricInputError(msg)
    n = sum(count for _, count in items)
    if n == 0:
        msg = "a mean needs at least one value; this group has none"
        raise MetricInputError(msg)
    average = math.fsum(value * count for value, count in items) / n
    squares = math.fsum(count * (value - average) ** 2 for value, count in items)
    variance = squares / (n - 1) if n > 1 else math.nan
    return mean_from_moments(n, average, variance, min_n=min_n, confidence=confidence)


def mean_from_values(
    values: Sequence[float] | npt.ArrayLike,
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> MeanResult:
    """:func:`mean_from_moments` over raw values; NaN values are dropped."""
    array = np.asarray(values, dtype=float).ravel()
    array = array[~np.isnan(array)]
    if array.size == 0:
        msg = "a mean needs at least one value; none were given"
        raise MetricInputError(msg)
    variance = float(np.var(array, ddof=1)) if array.size > 1 else math.nan
    return mean_from_moments(
        int(array.size), float(np.mean(array)), variance, min_n=min_n, confidence=confidence
    )


def quantile_from_histogram(histogram: Mapping[float, int], q: float) -> float:
    """The ``q``-quantile of values given as ``{value: count}``, by linear interpolation.

    Hyndman & Fan (1996), "Sample quantiles in statistical packages", *The American
    Statistician* 50, 361–365, definition 7 — the default of R and NumPy — so a median or p90
    equals ``numpy.quantile`` of the expanded values.
    """
    if not 0.0 <= q <= 1.0:
        msg = f"a quantile must lie in [0, 1], got {q!r}"
        raise MetricInputError(msg)
    items = sorted((float(value), int(count)) for value, count in histogram.items() if count > 0)
    n = sum(count for _, count in items)
    if n == 0:
        msg = "a quantile needs at least one value; this group has none"
        raise MetricInputError(msg)
    position = (n - 1) * q
    below = math.floor(position)
    fraction = position - below

    def value_at(rank: int) -> float:
        seen = 0
        for value, count in items:
            seen += count
            if rank < seen:
                return value
        return items[-1][0]

    low = value_at(below)
    if fraction == 0.0:
        return low
    return low + fraction * (value_at(below + 1) - low)


def cronbach_alpha(items: npt.ArrayLike) -> float:
    """Internal consistency of a multi-item scale, rows = respondents, columns = items.

    ``α = k/(k − 1) · (1 − Σ var(itemᵢ) / var(Σ items))`` with sample variances (Cronbach,
    L. J. 1951, "Coefficient alpha and the internal structure of tests", *Psychometrika* 16,
    297–334). Respondents with a missing item are dropped (listwise deletion). Values of 0.7
    and above are conventionally read as acceptable (Nunnally 1978, *Psychometric Theory*).
    """
    matrix = np.asarray(items, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        msg = f"Cronbach's alpha needs a 2-D table with at least 2 items, got shape {matrix.shape}"
        raise MetricInputError(msg)
    matrix = matrix[~np.isnan(matrix).any(axis=1)]
    respondents, k = matrix.shape
    if respondents < 2:
        msg = f"Cronbach's alpha needs at least 2 complete respondents, got {respondents}"
        raise MetricInputError(msg)
    total_variance = float(np.var(matrix.sum(axis=1), ddof=1))
    if total_variance == 0.0:
        msg = "Cronbach's alpha is undefined when every respondent has the same total score"
        raise MetricInputError(msg)
    item_variance = float(np.var(matrix, axis=0, ddof=1).sum())
    return float(k / (k - 1) * (1.0 - item_variance / total_variance))
