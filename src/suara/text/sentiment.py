"""Sentiment of a comment and of each of its sentences: the fast tier.

The shipped ``sentiment-fast`` model (see ``docs/models.md``) is a calibrated linear model
over hashed word and character n-grams; it scores thousands of comments a second on one core.
``score`` is P(positive) − P(negative), in [-1, 1]; the probabilities are calibrated, so a
comment with confidence 0.8 is right about 80% of the time on the validation data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from suara.domain.errors import TextModelError
from suara.domain.frameworks import Polarity
from suara.text.features import HashedBatch, hash_batch
from suara.text.linear import LinearTextModel

MODELS_DIR = Path(__file__).parent / "models"


@dataclass(frozen=True, slots=True)
class SentimentResult:
    label: Polarity
    score: float
    confidence: float
    probabilities: dict[str, float]


@cache
def load_shipped_model(name: str) -> LinearTextModel:
    """A model shipped in ``suara/text/models`` (``sentiment-fast``, ``emotion-fast``)."""
    path = MODELS_DIR / f"{name}.npz"
    if not path.is_file():
        raise TextModelError(
            f"the text model {name!r} is not installed at {path}; rebuild it with "
            "`python -m suara.text.train --data ../shared/data`"
        )
    return LinearTextModel.load(path)


class SentimentModel(Protocol):
    """What :class:`~suara.text.analysis.TextAnalyzer` needs of a sentiment model (the fast and
    accurate tiers, a local Hugging Face checkpoint)."""

    @property
    def version(self) -> str: ...

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]: ...


def results_from_proba(classes: Sequence[str], proba: np.ndarray) -> list[SentimentResult]:
    """One result per row of ``proba`` (columns in ``classes`` order, which must include
    positive and negative); ``score`` is P(positive) − P(negative)."""
    if len(proba) == 0:
        return []
    labels = [Polarity(c) for c in classes]
    best = proba.argmax(axis=1)
    scores = scores_from_proba(classes, proba)
    names = tuple(classes)
    return [
        SentimentResult(
            labels[b],
            score,
            round(row[b], 4),
            {name: round(p, 4) for name, p in zip(names, row, strict=True)},
        )
        for b, score, row in zip(best.tolist(), scores, proba.tolist(), strict=True)
    ]


def scores_from_proba(classes: Sequence[str], proba: np.ndarray) -> list[float]:
    """``score`` (P(positive) − P(negative), 4 decimals) of each row of ``proba``."""
    pos, neg = classes.index("positive"), classes.index("negative")
    return [round(score, 4) for score in (proba[:, pos] - proba[:, neg]).tolist()]


class FastSentiment:
    """Sentiment with a :class:`LinearTextModel` (the shipped one unless given)."""

    tier = "fast"

    def __init__(self, model: LinearTextModel | None = None) -> None:
        self.model = model

    @property
    def model_(self) -> LinearTextModel:
        if self.model is None:
            self.model = load_shipped_model("sentiment-fast")
        return self.model

    @property
    def version(self) -> str:
        return self.model_.version

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        if not texts:
            return []
        model = self.model_
        return results_from_proba(model.classes, model.predict_proba(texts))

    def score_normalized(self, normalized: Sequence[str]) -> list[SentimentResult]:
        """:meth:`score_many` of texts already normalised (``normalize(text).text``)."""
        if not normalized:
            return []
        return self.score_hashed(hash_batch(normalized))

    def score_hashed(self, batch: HashedBatch) -> list[SentimentResult]:
        """:meth:`score_many` of texts already hashed (:func:`~suara.text.features.hash_batch`)."""
        model = self.model_
        return results_from_proba(model.classes, model.predict_proba_hashed(batch))

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]
