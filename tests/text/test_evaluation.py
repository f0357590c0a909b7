"""Model-card scores: macro-F1 and the bootstrap interval that says how much a test set of
its size can tell apart."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.text.evaluation import macro_f1, macro_f1_interval

LABELS = ("negative", "neutral", "positive")


def _noisy(n: int, accuracy: float, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    gold = [rng.choice(LABELS) for _ in range(n)]
    predicted = [g if rng.random() < accuracy else rng.choice(LABELS) for g in gold]
    return gold, predicted


def test_perfect_predictions_have_no_spread() -> None:
    gold = list(LABELS) * 10
    assert macro_f1_interval(gold, gold) == (1.0, 1.0)
    assert macro_f1_interval([], []) == (0.0, 0.0)
    with pytest.raises(ValueError, match="2 gold labels but 1"):
        macro_f1_interval(["a", "b"], ["a"])


def test_the_interval_holds_the_score_and_narrows_with_more_items() -> None:
    gold, predicted = _noisy(500, 0.8, seed=1)
    lo, hi = macro_f1_interval(gold, predicted)
    assert lo < macro_f1(gold, predicted) < hi
    assert 0.03 < hi - lo < 0.15
    big_gold, big_predicted = _noisy(2000, 0.8, seed=1)
    big_lo, big_hi = macro_f1_interval(big_gold, big_predicted)
    assert big_hi - big_lo < 0.7 * (hi - lo)  # ~1/sqrt(4) the width
    assert macro_f1_interval(gold, predicted) == (lo, hi)  # seeded: the same every run


@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(LABELS)), min_size=1))
def test_the_interval_is_ordered_and_within_bounds(pairs: list[tuple[str, str]]) -> None:
    gold, predicted = [g for g, _ in pairs], [p for _, p in pairs]
    lo, hi = macro_f1_interval(gold, predicted, resamples=200)
    assert 0.0 <= lo <= hi <= 1.0
