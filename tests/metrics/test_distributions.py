"""Known-answer tests for the t and normal helpers (values from printed statistical tables)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import MetricInputError
from suara.metrics.distributions import (
    check_confidence,
    normal_quantile,
    regularized_incomplete_beta,
    student_t_cdf,
    student_t_quantile,
    two_sided_normal_p,
)

DETERMINISTIC = settings(derandomize=True, deadline=None, max_examples=100)


@pytest.mark.parametrize(
    ("probability", "df", "expected"),
    [
        (0.975, 1, 12.7062),
        (0.975, 2, 4.3027),
        (0.975, 5, 2.5706),
        (0.975, 10, 2.2281),
        (0.975, 29, 2.0452),
        (0.975, 100, 1.9840),
        (0.995, 1, 63.6567),
        (0.95, 4, 2.1318),
        (0.025, 10, -2.2281),
    ],
)
def test_t_quantile_matches_the_printed_table(probability: float, df: int, expected: float) -> None:
    assert student_t_quantile(probability, df) == pytest.approx(expected, abs=1e-4)


def test_t_cdf_and_normal_known_values() -> None:
    assert student_t_cdf(0.0, 7) == 0.5
    assert student_t_cdf(-2.0, 3) == pytest.approx(0.069663, abs=1e-6)
    assert normal_quantile(0.975) == pytest.approx(1.959964, abs=1e-6)
    assert two_sided_normal_p(1.959964) == pytest.approx(0.05, abs=1e-6)
    assert two_sided_normal_p(0.0) == 1.0
    assert regularized_incomplete_beta(1.0, 1.0, 0.3) == pytest.approx(0.3)
    assert regularized_incomplete_beta(2.0, 3.0, 1.0) == 1.0


@DETERMINISTIC
@given(
    st.floats(min_value=0.51, max_value=0.999),
    st.integers(min_value=1, max_value=500),
)
def test_t_quantile_inverts_the_cdf_and_exceeds_the_normal_quantile(
    probability: float, df: int
) -> None:
    t = student_t_quantile(probability, df)
    assert student_t_cdf(t, df) == pytest.approx(probability, abs=1e-9)
    assert t >= normal_quantile(probability) - 1e-9


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5, 95.0])
def test_confidence_outside_zero_one_is_rejected(bad: float) -> None:
    with pytest.raises(MetricInputError, match="confidence must be between 0 and 1"):
        check_confidence(bad)


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(MetricInputError, match="degrees of freedom"):
        student_t_cdf(1.0, 0)
    with pytest.raises(MetricInputError, match="probability"):
        student_t_quantile(1.0, 3)
    with pytest.raises(MetricInputError, match=r"x must lie in \[0, 1\]"):
        regularized_incomplete_beta(1.0, 1.0, 1.5)
