"""A linear classifier over hashed n-grams: Suara's fast text tier.

Training uses scikit-learn (logistic regression, or NB-SVM: linear SVMs on naive-Bayes scaled
features, see :func:`fit_linear`); the fitted weights of the buckets seen in training are
stored in a small ``.npz`` so scoring needs numpy only.
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
from suara.text.features import N_BUCKETS, SCHEME, HashedBatch, hash_batch, normalized_texts

FORMAT = "suara-linear-2"
CHUNK = 1024


@dataclass(slots=True)
class LinearTextModel:
    """Multinomial logistic regression over hashed features (see :mod:`suara.text.features`).

    ``index`` holds the sorted bucket ids with a weight row; ``weights`` is ``(len(index),
    len(classes))``. Scoring hashes a whole batch at once (:func:`~suara.text.features.hash_batch`)
    and multiplies the sparse features with the weights through a bucket -> row table built on
    first use.
    """

    name: str
    version: str
    classes: tuple[str, ...]
    index: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)
    _table: StackedModels | None = field(default=None, init=False, repr=False, compare=False)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw scores of raw texts (normalised here)."""
        return self.logits_normalized(normalized_texts(texts))

    def logits_normalized(self, normalized: Sequence[str]) -> np.ndarray:
        """Raw scores of texts already normalised (``normalize(text).text``), hashed
        ``CHUNK`` texts at a time (to bound the memory hashing takes)."""
        parts = [
            self.logits_hashed(hash_batch(normalized[lo : lo + CHUNK]))
            for lo in range(0, len(normalized), CHUNK)
        ]
        return np.vstack(parts) if parts else np.zeros((0, len(self.classes)))

    def logits_hashed(self, batch: HashedBatch) -> np.ndarray:
        if self._table is None:
            self._table = StackedModels.of([self])
        return self._table.logits_hashed(batch)[0]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, one row per text, columns in ``classes`` order."""
        return softmax(self.logits(texts) / self.temperature)

    def predict_proba_normalized(self, normalized: Sequence[str]) -> np.ndarray:
        """:meth:`predict_proba` of texts already normalised."""
        return softmax(self.logits_normalized(normalized) / self.temperature)

    def predict_proba_hashed(self, batch: HashedBatch) -> np.ndarray:
        """:meth:`predict_proba` of texts already hashed (:func:`hash_batch`), so that two
        models can share one hashing."""
        return softmax(self.logits_hashed(batch) / self.temperature)

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.classes[i] for i in self.predict_proba(texts).argmax(axis=1)]

    def save(self, path: Path) -> None:
        meta = {**self.meta, "format": FORMAT, "name": self.name, "version": self.version,
                "classes": list(self.classes), "temperature": self.temperature,
                "features": SCHEME}  # fmt: skip
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
        if meta.get("features") != SCHEME:
            raise TextModelError(
                f"{path} was trained on features {meta.get('features')!r}, this code hashes "
                f"{SCHEME!r}; retrain it with `suara text train`"
            )
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


@dataclass(frozen=True, slots=True)
class StackedModels:
    """Several linear models over the same hashed features, scored by one sparse product.

    Scoring is bound by memory, not arithmetic: each feature of a batch fetches its bucket's
    weight row from a table of megabytes. With the models' rows side by side (sentiment's 3
    and emotion's 5 columns: 64 bytes, about one cache line) a feature costs one fetch for
    all of them instead of one a model, and the batch is indexed once: a third of the time
    of scoring two models apart, with the same sums in the same order, so the same logits.
    """

    models: tuple[LinearTextModel, ...]
    rows: np.ndarray
    """bucket -> row of ``weights``; buckets no model has a weight for point at a zero row"""
    weights: np.ndarray
    bias: np.ndarray
    columns: tuple[slice, ...]

    @classmethod
    def of(cls, models: Sequence[LinearTextModel]) -> StackedModels:
        index = np.unique(np.concatenate([m.index for m in models]))
        rows = np.full(N_BUCKETS, len(index), dtype=np.int32)
        rows[index] = np.arange(len(index), dtype=np.int32)
        widths = [len(m.classes) for m in models]
        ends = np.cumsum(widths).tolist()
        columns = tuple(slice(end - w, end) for w, end in zip(widths, ends, strict=True))
        weights = np.zeros((len(index) + 1, sum(widths)))
        for model, cols in zip(models, columns, strict=True):
            weights[rows[model.index], cols] = model.weights
        bias = np.concatenate([m.bias for m in models])
        return cls(tuple(models), rows, weights, bias, columns)

    def logits_hashed(self, batch: HashedBatch) -> list[np.ndarray]:
        """Each model's raw scores of ``batch``, in the order of ``models``."""
        from scipy.sparse import csr_matrix

        indptr = np.zeros(batch.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(batch.docs, minlength=batch.n), out=indptr[1:])
        shape = (batch.n, len(self.weights))
        x = csr_matrix((batch.values, self.rows[batch.buckets], indptr), shape=shape)
        z = np.asarray(x @ self.weights + self.bias)
        return [z[:, cols] for cols in self.columns]

    def proba_hashed(
        self, batch: HashedBatch, models: Sequence[LinearTextModel]
    ) -> list[np.ndarray]:
        """Calibrated probabilities of ``batch`` (each its own temperature) by each of
        ``models``, members of this stack, in that order."""
        logits = self.logits_hashed(batch)
        return [softmax(logits[self._member(m)] / m.temperature) for m in models]

    def _member(self, model: LinearTextModel) -> int:
        for k, member in enumerate(self.models):
            if member is model:  # identity: models hold arrays, so == does not say
                return k
        raise ValueError(f"{model.version} is not stacked here")


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def design_matrix(texts: Sequence[str], *, chunk: int = 2048) -> Any:
    """A scipy CSR matrix ``(len(texts), N_BUCKETS)`` of hashed features (training only)."""
    from scipy.sparse import coo_matrix, vstack

    normalized = normalized_texts(texts)
    parts = []
    for lo in range(0, max(1, len(normalized)), chunk):
        batch = hash_batch(normalized[lo : lo + chunk])
        shape = (batch.n, N_BUCKETS)
        parts.append(coo_matrix((batch.values, (batch.docs, batch.buckets)), shape=shape))
    return vstack(parts).tocsr()


def fit_linear(
    texts: Sequence[str] | Any,
    labels: Sequence[str],
    *,
    name: str,
    version: str,
    c: float = 4.0,
    seed: int = 0,
    sample_weight: Sequence[float] | None = None,
    method: str = "logistic",
    nb_alpha: float = 0.25,
    class_weight: str | None = None,
) -> LinearTextModel:
    """Fit the model; only buckets that occur in ``texts`` keep a weight row.

    ``method="logistic"``: multinomial logistic regression (lbfgs). ``method="nbsvm"``: one
    linear SVM (squared hinge, L2) per class against the rest on features scaled by their
    log-count ratio ``r = log((p / |p|₁) / (q / |q|₁))`` with ``p``, ``q`` the feature sums
    in and out of the class plus ``nb_alpha`` (Wang & Manning 2012, "Baselines and Bigrams");
    as ``(x ∘ r) · w = x · (r ∘ w)`` the model stays one weight row per bucket.
    ``class_weight="balanced"`` weighs each class inversely to its frequency,
    ``n / (k · n_class)`` (in every one-against-the-rest problem of NB-SVM alike). ``texts``
    may also be their :func:`design_matrix`, to fit several models on one.
    """
    x: Any = texts if hasattr(texts, "indices") else design_matrix(texts)
    y = np.asarray(list(labels))
    weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    seen = np.unique(x.indices)
    if method == "nbsvm":
        classes, coef, bias = _fit_nbsvm(
            x[:, seen], y, c=c, alpha=nb_alpha, seed=seed, class_weight=class_weight,
            sample_weight=weight,
        )  # fmt: skip
    elif method == "logistic":
        classes, coef, bias = _fit_logistic(
            x[:, seen], y, c=c, seed=seed, class_weight=class_weight, sample_weight=weight
        )
    else:
        raise ValueError(f"unknown method {method!r}; use 'logistic' or 'nbsvm'")
    return LinearTextModel(
        name=name,
        version=version,
        classes=classes,
        index=seen.astype(np.int64),
        weights=coef.T.astype(np.float32),
        bias=np.asarray(bias, dtype=np.float64),
        meta={"method": method, "c": c, "class_weight": class_weight}
        | ({"nb_alpha": nb_alpha} if method == "nbsvm" else {}),
    )


Fitted = tuple[tuple[str, ...], np.ndarray, np.ndarray]


def _fit_logistic(
    x: Any,
    y: np.ndarray,
    *,
    c: float,
    seed: int,
    class_weight: str | None,
    sample_weight: np.ndarray | None,
) -> Fitted:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed, class_weight=class_weight)
    clf.fit(x, y, sample_weight=sample_weight)
    coef, bias = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:  # binary: scikit-learn keeps one row for the second class
        coef = np.vstack([-coef / 2, coef / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2])
    return tuple(str(k) for k in clf.classes_), coef, bias


def _fit_nbsvm(
    x: Any,
    y: np.ndarray,
    *,
    c: float,
    alpha: float,
    seed: int,
    class_weight: str | None,
    sample_weight: np.ndarray | None,
) -> Fitted:
    from scipy.sparse import diags
    from sklearn.svm import LinearSVC

    classes = tuple(sorted(str(k) for k in set(y.tolist())))
    weight = np.ones(len(y)) if sample_weight is None else sample_weight
    if class_weight == "balanced":
        counts = {k: int((y == k).sum()) for k in classes}
        weight = weight * np.array([len(y) / (len(classes) * counts[k]) for k in y.tolist()])
    elif class_weight is not None:
        raise ValueError(f"unknown class_weight {class_weight!r}; use 'balanced' or None")
    coefs, biases = [], []
    for label in classes:
        inside = y == label
        p = np.asarray(x[inside].sum(axis=0)).ravel() + alpha
        q = np.asarray(x[~inside].sum(axis=0)).ravel() + alpha
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        svm = LinearSVC(C=c, random_state=seed, max_iter=5000)
        svm.fit(x @ diags(ratio), inside.astype(int), sample_weight=weight)
        coefs.append(svm.coef_.ravel() * ratio)
        biases.append(svm.intercept_[0])
    return classes, np.vstack(coefs), np.array(biases)


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
