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
    pos, neg = classes.index("positive"), classes.index("negative")
    results = []
    for row in proba:
        best = int(row.argmax())
        results.append(
            SentimentResult(
                label=Polarity(classes[best]),
                score=round(float(row[pos] - row[neg]), 4),
                confidence=round(float(row[best]), 4),
                probabilities={c: round(float(p), 4) for c, p in zip(classes, row, strict=True)},
            )
        )
    return results


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

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]
