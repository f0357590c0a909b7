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
        proba = model.predict_proba(texts)
        pos, neg = model.classes.index("positive"), model.classes.index("negative")
        results = []
        for row in proba:
            best = int(row.argmax())
            results.append(
                SentimentResult(
                    label=Polarity(model.classes[best]),
                    score=round(float(row[pos] - row[neg]), 4),
                    confidence=round(float(row[best]), 4),
                    probabilities={
                        c: round(float(p), 4) for c, p in zip(model.classes, row, strict=True)
                    },
                )
            )
        return results

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]
