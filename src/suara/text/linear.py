"""A linear classifier over hashed n-grams: Suara's fast text tier.

Training uses scikit-learn's logistic regression (multinomial, L2); the fitted weights of the
buckets seen in training are stored in a small ``.npz`` so scoring needs numpy only.
Probabilities are calibrated by temperature scaling on a validation split (Guo et al. 2017,
"On Calibration of Modern Neural Networks").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from suara.domain.errors import TextModelError
from suara.text.features import N_BUCKETS, feature_rows

FORMAT = "suara-linear-1"


@dataclass(slots=True)
class LinearTextModel:
    """Multinomial logistic regression over hashed features (see :mod:`suara.text.features`).

    ``index`` holds the sorted bucket ids with a weight row; ``weights`` is ``(len(index),
    len(classes))``.
    """

    name: str
    version: str
    classes: tuple[str, ...]
    index: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.tile(self.bias.astype(np.float64), (len(texts), 1))
        for i, (ids, values) in enumerate(feature_rows(texts)):
            pos = np.searchsorted(self.index, ids)
            pos = np.minimum(pos, len(self.index) - 1)
            hit = self.index[pos] == ids
            if hit.any():
                out[i] += values[hit] @ self.weights[pos[hit]].astype(np.float64)
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, one row per text, columns in ``classes`` order."""
        return softmax(self.logits(texts) / self.temperature)

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.classes[i] for i in self.predict_proba(texts).argmax(axis=1)]

    def save(self, path: Path) -> None:
        meta = {**self.meta, "format": FORMAT, "name": self.name, "version": self.version,
                "classes": list(self.classes), "temperature": self.temperature}  # fmt: skip
        np.savez_compressed(
            path,
            index=self.index.astype(np.int32),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            meta=np.array(json.dumps(meta, sort_keys=True)),
        )

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                index, weights, bias = data["index"], data["weights"], data["bias"]
        except (OSError, KeyError, ValueError) as exc:
            raise TextModelError(f"cannot read text model {path}: {exc}") from exc
        if meta.get("format") != FORMAT:
            raise TextModelError(f"{path} is not a Suara linear text model ({FORMAT})")
        return cls(
            name=meta["name"],
            version=meta["version"],
            classes=tuple(meta["classes"]),
            index=index.astype(np.int64),
            weights=weights.astype(np.float32),
            bias=bias.astype(np.float64),
            temperature=float(meta["temperature"]),
            meta=meta,
        )


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def design_matrix(texts: Sequence[str]) -> Any:
    """A scipy CSR matrix ``(len(texts), N_BUCKETS)`` of hashed features (training only)."""
    from scipy.sparse import csr_matrix

    rows = feature_rows(texts)
    indptr = np.cumsum([0] + [len(ids) for ids, _ in rows])
    indices = np.concatenate([ids for ids, _ in rows]) if rows else np.zeros(0, np.int64)
    data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return csr_matrix((data, indices, indptr), shape=(len(texts), N_BUCKETS))


def fit_linear(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    name: str,
    version: str,
    c: float = 4.0,
    seed: int = 0,
    sample_weight: Sequence[float] | None = None,
) -> LinearTextModel:
    """Fit the model; only buckets that occur in ``texts`` keep a weight row."""
    from sklearn.linear_model import LogisticRegression

    x = design_matrix(texts)
    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    clf.fit(
        x, list(labels), sample_weight=None if sample_weight is None else np.asarray(sample_weight)
    )
    seen = np.unique(x.indices)
    coef = clf.coef_
    if coef.shape[0] == 1:  # binary: scikit-learn keeps one row for the second class
        coef = np.vstack([-coef / 2, coef / 2])
        bias = np.array([-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
    else:
        bias = clf.intercept_
    return LinearTextModel(
        name=name,
        version=version,
        classes=tuple(str(c) for c in clf.classes_),
        index=seen.astype(np.int64),
        weights=coef[:, seen].T.astype(np.float32),
        bias=np.asarray(bias, dtype=np.float64),
    )


def fit_temperature(model: LinearTextModel, texts: Sequence[str], labels: Sequence[str]) -> float:
    """Temperature minimising the negative log-likelihood of ``labels`` (grid + refine)."""
    y = np.array([model.classes.index(label) for label in labels])
    return temperature_for(model.logits(texts), y)


def temperature_for(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the NLL of class indices ``y`` under ``logits``."""

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 121))
    best = float(min(grid, key=nll))
    fine = np.linspace(best * 0.9, best * 1.1, 41)
    return round(float(min(fine, key=nll)), 4)
