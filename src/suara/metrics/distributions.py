"""The few distribution functions the metrics need, without SciPy.

Suara only needs the normal distribution (the standard library's :class:`statistics.NormalDist`)
and Student's t quantile for small-sample mean intervals. Pulling in SciPy for one quantile
would add a large dependency to every install, so the t distribution is computed here from the
regularised incomplete beta function, as in Press et al., *Numerical Recipes* (3rd ed., 2007),
§6.4 (incomplete beta by Lentz's continued fraction) and §6.14 (Student's t).
"""

from __future__ import annotations

import math
from statistics import NormalDist

from suara.domain.errors import MetricInputError

_STANDARD_NORMAL = NormalDist()
_TINY = 1e-300
_EPS = 1e-15


def check_confidence(confidence: float) -> float:
    """Return ``confidence`` when it is a level strictly between 0 and 1, else raise."""
    if not 0.0 < confidence < 1.0:
        msg = f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}"
        raise MetricInputError(msg)
    return confidence


def normal_quantile(probability: float) -> float:
    """Inverse of the standard normal CDF (Wichura's AS241 via :mod:`statistics`)."""
    return _STANDARD_NORMAL.inv_cdf(probability)


def two_sided_normal_p(z: float) -> float:
    """Two-sided p-value of a z statistic: ``P(|Z| >= |z|) = erfc(|z| / sqrt 2)``."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta (Numerical Recipes §6.4, ``betacf``)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    """``I_x(a, b)``, the regularised incomplete beta function (Numerical Recipes §6.4)."""
    if not 0.0 <= x <= 1.0:
        msg = f"x must lie in [0, 1], got {x!r}"
        raise MetricInputError(msg)
    if x in (0.0, 1.0):
        return x
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: float) -> float:
    """CDF of Student's t with ``df`` degrees of freedom (Numerical Recipes §6.14)."""
    if df <= 0:
        msg = f"degrees of freedom must be positive, got {df!r}"
        raise MetricInputError(msg)
    tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def student_t_quantile(probability: float, df: float) -> float:
    """Inverse CDF of Student's t, by bisection on :func:`student_t_cdf`.

    Accurate to about 1e-10, which is far below the precision any survey interval needs; known
    values are checked against the printed table (e.g. ``t(0.975, 1) = 12.7062``).
    """
    if not 0.0 < probability < 1.0:
        msg = f"probability must be between 0 and 1, got {probability!r}"
        raise MetricInputError(msg)
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -student_t_quantile(1.0 - probability, df)
    low, high = 0.0, max(1.0, normal_quantile(probability))
    while student_t_cdf(high, df) < probability:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if student_t_cdf(middle, df) < probability:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0
