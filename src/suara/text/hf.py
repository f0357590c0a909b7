"""Bring your own model: a local Hugging Face checkpoint as Suara's sentiment model.

Any directory saved by ``save_pretrained`` with a sequence-classification head (IndoBERT
fine-tuned on SmSA, an XLM-R sentiment model, a star-rating model) can score Suara's
comments: ``TextAnalyzer(sentiment=HfSentiment(path))`` or
``suara text analyze FILE --model PATH``. Its ``id2label`` is mapped to positive / negative /
neutral (``positive``, ``POS``, ``positif``, ``1 star`` … ``5 stars`` and the like; a model
whose labels say nothing, such as ``LABEL_0``, needs ``labels={"LABEL_0": "negative", …}``).
Probabilities of labels that map to the same polarity are added. Texts run in batches, on
the GPU when ``torch.cuda.is_available()``. Nothing is downloaded: the path must exist.
torch and transformers are the optional extra ``hf`` (``pip install 'suara[hf]'``) and are
imported only when a model is first used.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from suara.domain.errors import OptionalDependencyMissing, TextModelError
from suara.domain.frameworks import Polarity
from suara.text.sentiment import SentimentResult, results_from_proba

CLASSES = ("positive", "negative", "neutral")
_ALIASES = {
    "positive": "positive", "pos": "positive", "positif": "positive", "good": "positive",
    "negative": "negative", "neg": "negative", "negatif": "negative", "bad": "negative",
    "neutral": "neutral", "neu": "neutral", "netral": "neutral", "mixed": "neutral",
}  # fmt: skip
_STARS = re.compile(r"^([1-5])\s*stars?$")


def polarity_of(label: str) -> Polarity | None:
    """The polarity a checkpoint's label names, or ``None`` when it names none."""
    key = label.strip().lower().replace("_", " ")
    stars = _STARS.match(key)
    if stars:
        n = int(stars.group(1))
        return Polarity.NEGATIVE if n <= 2 else Polarity.NEUTRAL if n == 3 else Polarity.POSITIVE
    name = _ALIASES.get(key.removeprefix("label ").strip())
    return Polarity(name) if name else None


def _libraries() -> tuple[Any, Any]:
    try:
        torch = importlib.import_module("torch")
        transformers = importlib.import_module("transformers")
    except ImportError as exc:
        raise OptionalDependencyMissing(
            f"running a Hugging Face model needs torch and transformers ({exc.name} is missing): "
            "pip install 'suara[hf]'"
        ) from exc
    return torch, transformers


class HfSentiment:
    """Sentiment from a local sequence-classification checkpoint (see the module docs)."""

    tier = "hf"

    def __init__(
        self,
        path: Path,
        *,
        labels: Mapping[str, str] | None = None,
        batch_size: int = 32,
        max_length: int = 256,
        device: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.labels = dict(labels or {})
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self._loaded: tuple[Any, Any, np.ndarray] | None = None

    def _config(self) -> dict[str, Any]:
        config = self.path / "config.json"
        if not config.is_file():
            raise TextModelError(
                f"{self.path} is not a Hugging Face checkpoint directory (no config.json); "
                "pass the folder written by save_pretrained"
            )
        try:
            return dict(json.loads(config.read_text("utf-8")))
        except ValueError as exc:
            raise TextModelError(f"{config} is not valid JSON: {exc}") from exc

    def mapping(self) -> np.ndarray:
        """``(num_labels, 3)`` 0/1 matrix from the checkpoint's labels to ``CLASSES``."""
        config = self._config()
        id2label = {int(k): str(v) for k, v in config.get("id2label", {}).items()}
        if not id2label:  # transformers leaves out the default LABEL_0, LABEL_1, … (2 labels)
            count = int(config.get("num_labels", config.get("_num_labels", 2)))
            id2label = {i: f"LABEL_{i}" for i in range(count)}
        matrix = np.zeros((len(id2label), len(CLASSES)))
        unknown = []
        for i, label in sorted(id2label.items()):
            given = self.labels.get(label)
            polarity = Polarity(given) if given else polarity_of(label)
            if polarity is None:
                unknown.append(label)
            else:
                matrix[i, CLASSES.index(polarity.value)] = 1.0
        if unknown or not matrix[:, 0].any() or not matrix[:, 1].any():
            raise TextModelError(
                f"{self.path}: cannot map labels {sorted(id2label.values())} to positive / "
                f"negative / neutral (unknown: {unknown or 'none'}; positive and negative are "
                'both needed); pass labels={"LABEL_0": "negative", …} or --labels '
                "LABEL_0=negative,LABEL_1=positive"
            )
        return matrix

    @property
    def version(self) -> str:
        config = self.path / "config.json"
        digest = hashlib.sha256(config.read_bytes() if config.is_file() else b"")
        for item in sorted(self.path.glob("*")):
            if item.is_file():
                digest.update(f"{item.name}:{item.stat().st_size}".encode())
        return f"hf:{self.path.name}+{digest.hexdigest()[:10]}"

    def _load(self) -> tuple[Any, Any, np.ndarray]:
        if self._loaded is None:
            mapping = self.mapping()
            torch, transformers = _libraries()
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            try:
                tokenizer = transformers.AutoTokenizer.from_pretrained(
                    str(self.path), local_files_only=True
                )
                model = transformers.AutoModelForSequenceClassification.from_pretrained(
                    str(self.path), local_files_only=True
                )
            except (OSError, ValueError) as exc:
                raise TextModelError(f"cannot load the checkpoint in {self.path}: {exc}") from exc
            model.to(device).eval()
            self.device = device
            self._loaded = (tokenizer, model, mapping)
        return self._loaded

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 3)`` probabilities in ``CLASSES`` order."""
        tokenizer, model, mapping = self._load()
        torch, _ = _libraries()
        parts = []
        for lo in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else "-" for t in texts[lo : lo + self.batch_size]]
            encoded = tokenizer(batch, padding=True, truncation=True,
                                max_length=self.max_length, return_tensors="pt")  # fmt: skip
            with torch.inference_mode():
                logits = model(**encoded.to(self.device)).logits
            parts.append(torch.softmax(logits.float(), dim=-1).cpu().numpy() @ mapping)
        return np.concatenate(parts) if parts else np.zeros((0, len(CLASSES)))

    @property
    def classes(self) -> tuple[str, ...]:
        return CLASSES

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        if not texts:
            return []
        return results_from_proba(CLASSES, self.predict_proba(texts))

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]


def parse_labels(option: str | None) -> dict[str, str]:
    """``"LABEL_0=negative,LABEL_1=positive"`` → a label mapping (the CLI's ``--labels``)."""
    if not option:
        return {}
    out = {}
    for part in option.split(","):
        label, sep, polarity = part.partition("=")
        if not sep or polarity.strip() not in CLASSES:
            raise TextModelError(
                f"--labels {option!r}: write LABEL=positive|negative|neutral, comma-separated"
            )
        out[label.strip()] = polarity.strip()
    return out
