"""Train Suara's fast text models from the public data sets: ``python -m suara.text.train``.

One command rebuilds the shipped models bit for bit from ``shared/data`` (fixed seeds, fixed
splits) and prints the scores that go into ``docs/models.md``:

- ``sentiment-fast``: positive / negative / neutral, one model for Indonesian and English,
  trained on SmSA, PRDECT-ID, IndoLEM (Indonesian) and NusaX-en, UCI sentences (English);
  temperature-calibrated on the union of their validation splits. NusaX-id is evaluated only
  on its test texts that do not overlap SmSA's training texts.
- ``emotion-fast``: PRDECT-ID's five emotions (happy, love, sadness, anger, fear).

Both are NB-SVMs (:func:`~suara.text.linear.fit_linear`) with balanced class weights. ``C`` is
chosen on a validation split only (SmSA valid; PRDECT-ID valid) by the one-standard-error
rule (Breiman et al. 1984; Hastie et al., "The Elements of Statistical Learning", 7.10): the
smallest ``C`` — the most regularised model — whose macro-F1 is within one bootstrap standard
error of the best. Test splits are only scored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from suara.text import datasets as ds
from suara.text.evaluation import macro_f1_codes, score
from suara.text.features import polar_entries
from suara.text.linear import LinearTextModel, design_matrix, fit_linear, fit_temperature

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).parent / "models"
SEED = 0
C_GRID = (0.1, 0.2, 0.3, 0.5, 1.0, 2.0)
NB_ALPHA = 0.25
METHOD = "nbsvm"
CLASS_WEIGHT = "balanced"
BOOTSTRAP = 500
MODEL_VERSION = "2.0"

Loader = Callable[[Path, str], list[ds.Example]]


def _sentiment_sources() -> dict[str, Loader]:
    return {
        "smsa": ds.smsa,
        "prdect_id": ds.prdect,
        "indolem": ds.indolem,
        "nusax_en": lambda d, s: ds.nusax(d, s, language="en"),
        "uci_sentences": ds.uci_sentences,
    }


def _concat(data: Path, sources: dict[str, Loader], split: str) -> list[ds.Example]:
    return [e for load in sources.values() for e in load(data, split)]


class Classifier(Protocol):
    """Texts in, class probabilities out (the fast linear model, the accurate tier's head)."""

    @property
    def classes(self) -> tuple[str, ...]: ...

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...


def evaluate(model: Classifier, examples: Sequence[ds.Example]) -> dict[str, Any]:
    """Scores on ``examples``; binary data sets are scored on positive vs negative only."""
    texts, gold = [e.text for e in examples], [e.label for e in examples]
    proba = model.predict_proba(texts)
    labels = sorted(set(gold))
    if set(labels) < set(model.classes):
        cols = [model.classes.index(c) for c in labels]
        sub = proba[:, cols] / proba[:, cols].sum(axis=1, keepdims=True)
        predicted = [labels[i] for i in sub.argmax(axis=1)]
        confidence = sub.max(axis=1)
    else:
        predicted = [model.classes[i] for i in proba.argmax(axis=1)]
        confidence = proba.max(axis=1)
    return score(gold, predicted, confidence=confidence).as_dict()


def _finish(model: LinearTextModel, valid: list[ds.Example], sources: list[str]) -> None:
    model.temperature = fit_temperature(model, [e.text for e in valid], [e.label for e in valid])
    digest = hashlib.sha256(model.weights.astype(np.float16).tobytes()).hexdigest()[:10]
    model.version = f"{model.name}-{MODEL_VERSION}+{digest}"
    model.meta.update({"trained_on": sources, "seed": SEED})


def select_and_fit(
    name: str,
    train: Sequence[ds.Example],
    *,
    selection: Sequence[ds.Example],
    grid: Sequence[float] = C_GRID,
) -> LinearTextModel:
    """Fit one model per ``C`` of ``grid`` on ``train`` and keep the one the
    one-standard-error rule picks on ``selection`` (see the module docstring)."""
    x = design_matrix([e.text for e in train])
    labels = [e.label for e in train]
    scores: dict[float, float] = {}
    models: dict[float, LinearTextModel] = {}
    predictions: dict[float, np.ndarray] = {}
    for c in grid:
        model = fit_linear(x, labels, name=name, version="", c=c, seed=SEED, method=METHOD,
                           nb_alpha=NB_ALPHA, class_weight=CLASS_WEIGHT)  # fmt: skip
        gold = np.array([model.classes.index(e.label) for e in selection])
        predictions[c] = model.logits([e.text for e in selection]).argmax(axis=1)
        scores[c] = float(macro_f1_codes(gold, predictions[c], len(model.classes)))
        models[c] = model
        log.info("%s C=%s: %s macro-F1 %.4f", name, c, "valid", scores[c])
    best = max(grid, key=lambda c: scores[c])
    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, len(gold), size=(BOOTSTRAP, len(gold)))
    se = float(
        np.std(macro_f1_codes(gold[draws], predictions[best][draws], len(models[best].classes)))
    )
    chosen = min(c for c in grid if scores[c] >= scores[best] - se)
    model = models[chosen]
    model.meta["selection"] = {
        "rule": "one standard error",
        "macro_f1_by_c": {str(c): round(v, 4) for c, v in scores.items()},
        "best_c": best,
        "standard_error": round(se, 4),
        "chosen_c": chosen,
    }
    log.info("%s: best C=%s, SE %.4f, chosen C=%s", name, best, se, chosen)
    return model


NEGATION_TEMPLATES = {"id": ("tidak {}", "tidak {} sama sekali"), "en": ("not {}", "not {} at all")}


def negation_examples() -> list[ds.Example]:
    """Short texts that turn each word of ``resources/polar_words.tsv`` round ("tidak
    lecet": positive, "not good": negative), two per word in its language.

    The public sets hold few negated complaint words — a negation there is mostly "tidak
    sesuai", "tidak bagus" — so the model learnt "tidak" as a complaint and read "tidak ada
    cacat" or "not bad" as negative; these examples give the shared negated-polarity features
    (:mod:`suara.text.features`) something to learn from.
    """
    examples = []
    for word, polarity, language in sorted(polar_entries()):
        label = "positive" if polarity == "-" else "negative"
        examples += [ds.Example(t.format(word), label) for t in NEGATION_TEMPLATES[language]]
    return examples


def train_sentiment(data: Path, *, limit: int | None = None) -> LinearTextModel:
    sources = _sentiment_sources()
    train = _concat(data, sources, "train")[:limit] if limit else _concat(data, sources, "train")
    templates = negation_examples()
    log.info("training sentiment on %d texts and %d negation examples", len(train), len(templates))
    model = select_and_fit("sentiment-fast", train + templates, selection=ds.smsa(data, "valid"))
    model.meta["selected_on"] = "smsa/valid"
    trained_on = [f"{k}/train" for k in sources] + [f"negation_examples ({len(templates)})"]
    _finish(model, _concat(data, sources, "valid"), trained_on)
    return model


def sentiment_report(model: Classifier, data: Path) -> dict[str, Any]:
    smsa_train = ds.smsa(data, "train")
    nusax_id_test = ds.nusax(data, "test", language="id")
    clean = ds.without_overlap(nusax_id_test, smsa_train)
    tests = {
        "smsa/test": ds.smsa(data, "test"),
        "smsa/valid": ds.smsa(data, "valid"),
        f"nusax_id/test (no SmSA overlap, {len(clean)} of {len(nusax_id_test)})": clean,
        "nusax_en/test": ds.nusax(data, "test", language="en"),
        "prdect_id/test (seeded 10%)": ds.prdect(data, "test"),
        "indolem/test (fold 0)": ds.indolem(data, "test"),
        "uci_sentences/test (seeded 10%)": ds.uci_sentences(data, "test"),
    }
    return {name: evaluate(model, examples) for name, examples in tests.items()}


def train_emotion(data: Path) -> LinearTextModel:
    def load(split: str) -> list[ds.Example]:
        return ds.prdect(data, split, target="emotion")

    model = select_and_fit("emotion-fast", load("train"), selection=load("valid"))
    model.meta["selected_on"] = "prdect_id/valid"
    _finish(model, load("valid"), ["prdect_id/train"])
    return model


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suara.text.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--only", choices=["sentiment", "emotion"], default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    reports: dict[str, Any] = {}
    if args.only in (None, "sentiment"):
        model = train_sentiment(args.data)
        model.meta["scores"] = reports["sentiment-fast"] = sentiment_report(model, args.data)
        model.save(args.out / "sentiment-fast.npz")
    if args.only in (None, "emotion"):
        model = train_emotion(args.data)
        tests = {"prdect_id/test (seeded 10%)": ds.prdect(args.data, "test", target="emotion")}
        model.meta["scores"] = reports["emotion-fast"] = {
            k: evaluate(model, v) for k, v in tests.items()
        }
        model.save(args.out / "emotion-fast.npz")
    sys.stdout.write(json.dumps(reports, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
