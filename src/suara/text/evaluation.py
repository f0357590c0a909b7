"""Scores for the model card: macro-F1 with its bootstrap interval, accuracy and expected
calibration error."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Scores:
    n: int
    macro_f1: float
    accuracy: float
    ece: float | None = None

    def as_dict(self) -> dict[str, float | int | None]:
        return {"n": self.n, "macro_f1": self.macro_f1, "accuracy": self.accuracy, "ece": self.ece}


def macro_f1(
    gold: Sequence[str], predicted: Sequence[str], *, labels: Sequence[str] | None = None
) -> float:
    """Unweighted mean of per-class F1 over the classes present in ``gold`` (or ``labels``)."""
    classes = sorted(set(gold)) if labels is None else list(labels)
    f1s = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, predicted, strict=True))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def macro_f1_interval(
    gold: Sequence[str],
    predicted: Sequence[str],
    *,
    level: float = 0.95,
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`macro_f1` over the test items (Efron &
    Tibshirani 1993, ch. 13): how far the score could move with another draw of a test set
    this size. SmSA's test set has 500 texts, 88 of them neutral; candidates within its
    interval of each other are not told apart by it. Classes are those of the whole of
    ``gold``; a class missing from a resample scores F1 0, as in :func:`macro_f1`."""
    n = len(gold)
    if n != len(predicted):
        raise ValueError(f"{n} gold labels but {len(predicted)} predictions")
    if n == 0:
        return (0.0, 0.0)
    classes = sorted(set(gold))
    code = {c: k for k, c in enumerate(classes)}
    g = np.array([code[x] for x in gold])
    p = np.array([code.get(x, -1) for x in predicted])
    draws = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    tail = (1 - level) / 2
    lo, hi = np.quantile(macro_f1_codes(g[draws], p[draws], len(classes)), [tail, 1 - tail])
    return (round(float(lo), 4), round(float(hi), 4))


def macro_f1_codes(gold: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """:func:`macro_f1` of labels coded ``0 … n_classes - 1`` along the last axis, over all
    ``n_classes`` (a class with no true positive scores 0): one score for 1-D arrays, one
    per row for a 2-D array of bootstrap resamples, without a Python loop over the rows."""
    f1 = np.zeros((*gold.shape[:-1], n_classes))
    for k in range(n_classes):
        tp = np.sum((gold == k) & (predicted == k), axis=-1)
        wrong = np.sum((gold == k) != (predicted == k), axis=-1)
        f1[..., k] = np.where(tp > 0, 2 * tp / np.maximum(1, 2 * tp + wrong), 0.0)
    return np.asarray(f1.mean(axis=-1))


def expected_calibration_error(
    confidence: np.ndarray, correct: np.ndarray, *, bins: int = 10
) -> float:
    """ECE of the top-class probability, equal-width bins (Naeini et al. 2015)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (confidence > lo) & (confidence <= hi)
        if mask.any():
            total += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(total)


def score(
    gold: Sequence[str], predicted: Sequence[str], *, confidence: np.ndarray | None = None
) -> Scores:
    correct = np.array([g == p for g, p in zip(gold, predicted, strict=True)], dtype=float)
    ece = None if confidence is None else round(expected_calibration_error(confidence, correct), 4)
    return Scores(
        len(gold), round(macro_f1(gold, predicted), 4), round(float(correct.mean()), 4), ece
    )
