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
        self._version: str | None = None
        self._cut = max_length  # tokens a comment is cut to: at most what the model takes

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

    def _id2label(self) -> dict[int, str]:
        """The checkpoint's labels by output index, checked: 0 … n − 1, each once."""
        config = self._config()
        raw = config.get("id2label")
        try:
            if raw is None:  # transformers leaves out the default LABEL_0, LABEL_1 (2 labels)
                count = int(config.get("num_labels", config.get("_num_labels", 2)))
                return {i: f"LABEL_{i}" for i in range(count)}
            id2label = {int(k): str(v) for k, v in dict(raw).items()}
        except (TypeError, ValueError) as exc:
            raise TextModelError(
                f"{self.path}/config.json: id2label must map output indexes 0, 1, … to label "
                f"names ({exc})"
            ) from exc
        if sorted(id2label) != list(range(len(id2label))):
            raise TextModelError(
                f"{self.path}/config.json: id2label has indexes {sorted(id2label)}; "
                f"a classifier's outputs are numbered 0 to {len(id2label) - 1}"
            )
        return id2label

    def mapping(self) -> np.ndarray:
        """``(num_labels, 3)`` 0/1 matrix from the checkpoint's labels to ``CLASSES``."""
        id2label = self._id2label()
        strange = sorted(set(self.labels) - set(id2label.values()))
        if strange:
            raise TextModelError(
                f"--labels names {', '.join(strange)}, which {self.path.name} does not have "
                f"(its labels: {', '.join(id2label.values())})"
            )
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
        """``hf:<folder>+<hash>`` of every file in the checkpoint, contents included, and of
        ``labels`` and ``max_length``: weights retrained in place, or another label mapping,
        are another model, and the store re-analyses what the old one read. Worked out once
        (hashing a large model takes a second or two)."""
        if self._version is None:
            digest = hashlib.blake2b(digest_size=16)
            # the label mapping and the cut change the scores as much as the weights do
            digest.update(json.dumps([sorted(self.labels.items()), self.max_length]).encode())
            for item in sorted(self.path.glob("*")):
                if item.is_file():
                    digest.update(f"{item.name}:{item.stat().st_size}:".encode())
                    with item.open("rb") as handle:
                        while block := handle.read(1 << 20):
                            digest.update(block)
            self._version = f"hf:{self.path.name}+{digest.hexdigest()[:10]}"
        return self._version

    def _load(self) -> tuple[Any, Any, np.ndarray]:
        if self._loaded is None:
            mapping = self.mapping()
            torch, transformers = _libraries()
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            if not any((self.path / name).is_file() for name in TOKENIZER_FILES):
                raise TextModelError(
                    f"{self.path} has no tokenizer files ({', '.join(TOKENIZER_FILES)}): "
                    "save the tokenizer beside the model (tokenizer.save_pretrained(folder)); "
                    "without it every word would be unknown to the model"
                )
            try:
                tokenizer = transformers.AutoTokenizer.from_pretrained(
                    str(self.path), local_files_only=True
                )
                model, info = transformers.AutoModelForSequenceClassification.from_pretrained(
                    str(self.path), local_files_only=True, output_loading_info=True
                )
            except Exception as exc:  # transformers raises many kinds here
                raise TextModelError(f"cannot load the checkpoint in {self.path}: {exc}") from exc
            missing = [k for k in info.get("missing_keys") or [] if HEAD & set(k.split("."))]
            if missing:
                raise TextModelError(
                    f"{self.path} has no trained classification head (missing: "
                    f"{', '.join(missing[:4])}): it would score at random; pass a model "
                    "fine-tuned for sentiment"
                )
            if model.config.num_labels != len(mapping):
                raise TextModelError(
                    f"{self.path}: the model has {model.config.num_labels} outputs but "
                    f"config.json names {len(mapping)} labels"
                )
            model.to(device).eval()
            self.device = device
            self._cut = min(self.max_length, _positions(tokenizer, model.config))
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
                                max_length=self._cut, return_tensors="pt")  # fmt: skip
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


HEAD = frozenset(
    ["classifier", "score", "pre_classifier", "out_proj", "pooler", "sequence_summary",
     "logits_proj"]
)  # fmt: skip
"""First names of the parameters that turn an encoder into a classifier (BERT's pooler
included: its classifier reads the pooled output). Any of them missing from the checkpoint
means newly initialised, random weights; other missing keys (buffers such as
``position_ids``) are harmless."""
TOKENIZER_FILES = (
    "tokenizer.json", "vocab.txt", "vocab.json", "sentencepiece.bpe.model", "spiece.model",
    "tokenizer.model",
)  # fmt: skip
_POSITION_OFFSET = {"roberta": 2, "xlm-roberta": 2, "camembert": 2, "bertweet": 2}
"""Models whose position ids start after the padding index use fewer positions than they
have (RoBERTa's 514 hold 512 tokens)."""


def _positions(tokenizer: Any, config: Any) -> int:
    """The most tokens the model takes: its position table, less an offset, and the
    tokenizer's own limit (a checkpoint of 128 positions crashed on a longer comment)."""
    limits = []
    positions = getattr(config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        limits.append(positions - _POSITION_OFFSET.get(getattr(config, "model_type", ""), 0))
    own = getattr(tokenizer, "model_max_length", None)
    if isinstance(own, int) and 0 < own < 1_000_000:  # transformers' "no limit" is huge
        limits.append(own)
    return min(limits) if limits else 512


def parse_labels(option: str | None) -> dict[str, str]:
    """``"LABEL_0=negative,LABEL_1=positive"`` → a label mapping (the CLI's ``--labels``)."""
    if not option:
        return {}
    out: dict[str, str] = {}
    for part in option.split(","):
        label, sep, polarity = (p.strip() for p in part.partition("="))
        if not sep or not label or polarity not in CLASSES:
            raise TextModelError(
                f"--labels {option!r}: write LABEL=positive|negative|neutral, comma-separated"
            )
        if label in out:
            raise TextModelError(f"--labels {option!r}: {label} is given twice")
        out[label] = polarity
    return out
