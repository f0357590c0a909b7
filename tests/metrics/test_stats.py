"""Known-answer tests (worked by hand in the comments) and properties of the statistics."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import MetricInputError
from suara.metrics.stats import (
    cronbach_alpha,
    mean_from_histogram,
    mean_from_moments,
    mean_from_values,
    nps_difference,
    nps_from_counts,
    proportion,
    quantile_from_histogram,
)

DETERMINISTIC = settings(derandomize=True, deadline=None, max_examples=150)
counts = st.integers(min_value=0, max_value=400)


def test_nps_known_answer_wald() -> None:
    # 50 promoters, 30 passives, 20 detractors: p = .5, d = .2, NPS = 100(.5 - .2) = 30.
    # Var = .5 + .2 - .3² = .61; SE = 100·sqrt(.61/100) = 7.8102; CI = 30 ± 1.96·7.8102.
    result = nps_from_counts(50, 30, 20)
    assert result.n == 100
    assert result.estimate == pytest.approx(30.0)
    assert result.se == pytest.approx(7.8102, abs=1e-4)
    assert (result.ci_low, result.ci_high) == pytest.approx((14.6922, 45.3078), abs=1e-4)
    assert result.ci_method == "wald"
    assert not result.small_sample
    assert (result.promoter_share, result.detractor_share) == (0.5, 0.2)


def test_nps_wald_interval_is_clipped_to_the_scale() -> None:
    # 95 promoters, 5 detractors: NPS 90, SE = 100·sqrt((1 - .81)/100) = 4.3589; upper
    # 90 + 1.96·4.3589 = 98.54 stays; 99 promoters and 1 detractor: NPS 98, SE 1.99,
    # upper 101.9 -> clipped to 100.
    assert nps_from_counts(95, 0, 5).ci_high == pytest.approx(98.5433, abs=1e-4)
    assert nps_from_counts(99, 0, 1).ci_high == 100.0
    assert nps_from_counts(0, 0, 40).ci_low == -100.0


def test_small_samples_bootstrap_with_a_fixed_seed() -> None:
    # n = 10 < 30: flagged, interval from the seeded multinomial bootstrap around NPS 40.
    first = nps_from_counts(6, 2, 2, seed=7)
    again = nps_from_counts(6, 2, 2, seed=7)
    assert first == again
    assert first.estimate == pytest.approx(40.0)
    assert first.small_sample
    assert first.ci_method == "bootstrap"
    assert -100.0 <= first.ci_low < 40.0 < first.ci_high <= 100.0
    assert nps_from_counts(6, 2, 2, min_n=5).ci_method == "wald"


def test_min_n_is_configurable() -> None:
    assert nps_from_counts(20, 10, 10, min_n=50).small_sample
    assert not nps_from_counts(20, 10, 10, min_n=40).small_sample


def test_nps_difference_known_answer() -> None:
    # A: NPS 30, SE² = 61. B: 40/40/20 -> NPS 20, Var = .4 + .2 - .2² = .56, SE² = 56.
    # Δ = 10, SE = sqrt(117) = 10.8167, z = .9245, p = erfc(.9245/√2) = .3552.
    diff = nps_difference(nps_from_counts(50, 30, 20), nps_from_counts(40, 40, 20))
    assert diff.estimate == pytest.approx(10.0)
    assert diff.se == pytest.approx(math.sqrt(117))
    assert diff.p_value == pytest.approx(0.35523, abs=1e-5)
    assert (diff.ci_low, diff.ci_high) == pytest.approx((-11.2003, 31.2003), abs=1e-4)


def test_nps_difference_without_spread() -> None:
    all_promoters = nps_from_counts(40, 0, 0)
    all_detractors = nps_from_counts(0, 0, 40)
    assert nps_difference(all_promoters, all_promoters).p_value == 1.0
    assert nps_difference(all_promoters, all_detractors).p_value == 0.0


def test_wilson_interval_known_answers() -> None:
    # 8/10 at 95%: the textbook Wilson interval (Brown, Cai & DasGupta 2001) is .4902-.9433.
    result = proportion(8, 10)
    assert result.estimate == 0.8
    assert (result.ci_low, result.ci_high) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert result.se == pytest.approx(math.sqrt(0.8 * 0.2 / 10))
    # 0/10: lower bound 0, upper z²/(n + z²) = 3.8415/13.8415 = .2775.
    assert (proportion(0, 10).ci_low, proportion(0, 10).ci_high) == pytest.approx(
        (0.0, 0.2775), abs=1e-4
    )


def test_mean_known_answer() -> None:
    # 1..5: mean 3, s = sqrt(10/4) = 1.5811, SE = .7071, t(.975, 4) = 2.7764 -> 3 ± 1.9632.
    result = mean_from_values([1, 2, 3, 4, 5])
    assert result.estimate == 3.0
    assert result.sd == pytest.approx(1.5811, abs=1e-4)
    assert (result.ci_low, result.ci_high) == pytest.approx((1.0368, 4.9632), abs=1e-4)
    assert mean_from_histogram({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}) == result


def test_a_single_value_has_no_spread() -> None:
    result = mean_from_histogram({4.0: 1})
    assert result.estimate == 4.0
    assert math.isnan(result.se)
    assert math.isnan(result.ci_low)
    assert result.small_sample


def test_cronbach_alpha_known_answers() -> None:
    # Item variances 2.5, .7, 1.7 (sum 4.9); totals 8, 13, 10, 14, 5 have variance 13.5;
    # α = 3/2 · (1 - 4.9/13.5) = .9556.
    items = [[2, 3, 3], [4, 4, 5], [3, 3, 4], [5, 4, 5], [1, 2, 2]]
    assert cronbach_alpha(items) == pytest.approx(0.95556, abs=1e-5)
    assert cronbach_alpha([[1, 1], [2, 2], [3, 3]]) == pytest.approx(1.0)
    assert cronbach_alpha([[1, 1], [1, 2], [2, 1], [2, 2]]) == pytest.approx(0.0)
    with_missing = [*items, [math.nan, 1, 1]]
    assert cronbach_alpha(with_missing) == pytest.approx(0.95556, abs=1e-5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nps_from_counts(0, 0, 0), "at least one valid"),
        (lambda: nps_from_counts(-1, 2, 3), "non-negative"),
        (lambda: nps_from_counts(1, 2, 3, min_n=0), "min_n"),
        (lambda: nps_from_counts(1, 2, 3, bootstrap_samples=0), "bootstrap_samples"),
        (lambda: proportion(11, 10), "successes <= n"),
        (lambda: mean_from_values([]), "at least one value"),
        (lambda: mean_from_histogram({3: 0}), "at least one value"),
        (lambda: mean_from_moments(0, 1.0, 1.0), "at least one value"),
        (lambda: cronbach_alpha([1, 2, 3]), "2-D table"),
        (lambda: cronbach_alpha([[1, 2]]), "2 complete respondents"),
        (lambda: cronbach_alpha([[1, 2], [1, 2]]), "same total score"),
    ],
)
def test_bad_inputs_are_explained(call: Callable[[], object], message: str) -> None:
    with pytest.raises(MetricInputError, match=message):
        call()


@DETERMINISTIC
@given(counts, counts, counts)
def test_nps_is_bounded_and_its_interval_contains_it(p: int, q: int, d: int) -> None:
    if p + q + d == 0:
        return
    result = nps_from_counts(p, q, d, bootstrap_samples=200)
    assert -100.0 <= result.ci_low <= result.estimate <= result.ci_high <= 100.0
    assert result.se >= 0.0
    assert result.small_sample == (result.n < 30)


@DETERMINISTIC
@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=200))
def test_nps_does_not_depend_on_answer_order(scores: list[int]) -> None:
    def from_scores(values: list[int]) -> float:
        promoters = sum(v >= 9 for v in values)
        detractors = sum(v <= 6 for v in values)
        return nps_from_counts(promoters, len(values) - promoters - detractors, detractors).ci_low

    shuffled = list(scores)
    np.random.default_rng(len(scores)).shuffle(shuffled)
    assert from_scores(scores) == from_scores(shuffled)


@DETERMINISTIC
@given(counts, counts, counts, counts, counts, counts)
def test_merging_periods_weights_their_scores_by_size(
    p1: int, q1: int, d1: int, p2: int, q2: int, d2: int
) -> None:
    n1, n2 = p1 + q1 + d1, p2 + q2 + d2
    if n1 == 0 or n2 == 0:
        return
    first, second = nps_from_counts(p1, q1, d1), nps_from_counts(p2, q2, d2)
    merged = nps_from_counts(p1 + p2, q1 + q2, d1 + d2)
    weighted = (n1 * first.estimate + n2 * second.estimate) / (n1 + n2)
    assert merged.estimate == pytest.approx(weighted, abs=1e-9)
    assert min(first.estimate, second.estimate) - 1e-9 <= merged.estimate
    assert merged.estimate <= max(first.estimate, second.estimate) + 1e-9


@DETERMINISTIC
@given(counts, counts, counts, counts, counts, counts)
def test_nps_difference_is_antisymmetric(
    p1: int, q1: int, d1: int, p2: int, q2: int, d2: int
) -> None:
    if p1 + q1 + d1 == 0 or p2 + q2 + d2 == 0:
        return
    a = nps_from_counts(p1, q1, d1, bootstrap_samples=50)
    b = nps_from_counts(p2, q2, d2, bootstrap_samples=50)
    forward, backward = nps_difference(a, b), nps_difference(b, a)
    assert forward.estimate == -backward.estimate
    assert forward.p_value == backward.p_value
    assert 0.0 <= forward.p_value <= 1.0
    assert forward.ci_low <= forward.estimate <= forward.ci_high


@DETERMINISTIC
@given(st.integers(min_value=1, max_value=10_000), st.data())
def test_wilson_interval_contains_the_share(n: int, data: st.DataObject) -> None:
    successes = data.draw(st.integers(min_value=0, max_value=n))
    result = proportion(successes, n)
    assert 0.0 <= result.ci_low <= result.estimate <= result.ci_high <= 1.0


@DETERMINISTIC
@given(st.lists(st.integers(min_value=1, max_value=7), min_size=2, max_size=300))
def test_mean_interval_contains_the_mean_and_ignores_order(values: list[int]) -> None:
    histogram: dict[float, int] = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    reversed_histogram = dict(reversed(list(histogram.items())))
    result = mean_from_histogram(histogram)
    assert result == mean_from_histogram(reversed_histogram)
    assert result.ci_low <= result.estimate <= result.ci_high
    assert 1.0 <= result.estimate <= 7.0
    assert result.estimate == pytest.approx(mean_from_values(values).estimate)
    assert result.sd == pytest.approx(mean_from_values(values).sd, abs=1e-9)


def test_quantiles_from_a_histogram_known_answers() -> None:
    # Values 1, 2, 2, 3, 10: median rank (5 - 1)·.5 = 2 -> 2; p90 rank 3.6 -> 3 + .6·7 = 7.2.
    histogram = {1.0: 1, 2.0: 2, 3.0: 1, 10.0: 1}
    assert quantile_from_histogram(histogram, 0.5) == 2.0
    assert quantile_from_histogram(histogram, 0.9) == pytest.approx(7.2)
    assert quantile_from_histogram(histogram, 0.0) == 1.0
    assert quantile_from_histogram(histogram, 1.0) == 10.0
    with pytest.raises(MetricInputError, match=r"lie in \[0, 1\]"):
        quantile_from_histogram(histogram, 1.5)
    with pytest.raises(MetricInputError, match="at least one value"):
        quantile_from_histogram({}, 0.5)


@DETERMINISTIC
@given(
    st.dictionaries(st.integers(0, 10_000), st.integers(1, 20), min_size=1, max_size=40),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_histogram_quantiles_equal_numpy(histogram: dict[int, int], q: float) -> None:
    values = np.repeat(list(histogram), list(histogram.values()))
    expected = float(np.quantile(values, q))
    assert quantile_from_histogram(histogram, q) == pytest.approx(expected, abs=1e-6)
