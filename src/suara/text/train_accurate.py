"""Train the accurate tier's head: ``python -m suara.text.train_accurate --data ../shared/data``.

Same data, splits and protocol as :mod:`suara.text.train` (the fast tier): the train splits of
SmSA, PRDECT-ID, IndoLEM, NusaX-en and UCI sentences; the regularisation strength, the weight
of the shipped fast model in the fusion and the temperature chosen on the union of their
validation splits; NusaX-id scored only on its
test texts that do not overlap SmSA's training texts. Embedding about 26,000 texts takes
20-30 minutes on two cores; ``--cache`` keeps the embeddings so a second run takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from suara.text import datasets as ds
from suara.text.accurate import ENCODER, HEAD_PATH, DenseHead, EmbeddingClassifier, embed
from suara.text.evaluation import macro_f1
from suara.text.linear import temperature_for
from suara.text.sentiment import load_shipped_model
from suara.text.train import SEED, _concat, _sentiment_sources, sentiment_report

log = logging.getLogger(__name__)

C_GRID = (1.0, 4.0, 16.0, 64.0, 256.0)
FAST_WEIGHTS = tuple(round(0.1 * i, 1) for i in range(10))
MODEL_VERSION = "1.0"


def _fit(x: np.ndarray, y: Sequence[str], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, random_state=SEED).fit(x, list(y))


def train_head(
    train: Sequence[ds.Example],
    valid: Sequence[ds.Example],
    *,
    cache_dir: Path | None = None,
    grid: Sequence[float] = C_GRID,
    fast_weights: Sequence[float] = FAST_WEIGHTS,
) -> DenseHead:
    """Fit the head for each ``C`` in ``grid`` and keep the best on validation macro-F1; then
    choose the weight of the fast tier in the fusion, and the temperature, on the same
    validation texts. Test splits are never read here."""
    x_train = embed([e.text for e in train], cache_dir=cache_dir, progress=_log_progress)
    x_valid = embed([e.text for e in valid], cache_dir=cache_dir, progress=_log_progress)
    y_train, y_valid = [e.label for e in train], [e.label for e in valid]
    fits = {c: _fit(x_train, y_train, c) for c in grid}
    f1 = {c: macro_f1(y_valid, [str(p) for p in clf.predict(x_valid)]) for c, clf in fits.items()}
    best = max(grid, key=lambda c: (f1[c], -c))
    clf = fits[best]
    classes = tuple(str(c) for c in clf.classes_)
    head = DenseHead(
        name="sentiment-accurate",
        version="",
        classes=classes,
        weights=clf.coef_.T.astype(np.float64),
        bias=clf.intercept_.astype(np.float64),
    )
    texts = [e.text for e in valid]
    fused = {}
    for w in fast_weights:
        head.fast_weight = w
        predicted = head.fused_logits(x_valid, texts).argmax(axis=1)
        fused[w] = macro_f1(y_valid, [classes[i] for i in predicted])
    head.fast_weight = max(fast_weights, key=lambda w: (fused[w], -w))
    log.info("validation macro-F1 by C %s, C=%s; by fast weight %s", f1, best, fused)
    head.temperature = temperature_for(
        head.fused_logits(x_valid, texts), np.array([classes.index(label) for label in y_valid])
    )
    digest = hashlib.sha256(head.weights.astype(np.float32).tobytes())
    digest.update(f"{head.fast_weight}".encode())
    head.version = f"sentiment-accurate-{MODEL_VERSION}+{digest.hexdigest()[:10]}"
    head.meta.update(
        {
            "encoder": ENCODER,
            "c": best,
            "seed": SEED,
            "fused_with": load_shipped_model("sentiment-fast").version,
            "valid_macro_f1_by_c": f1,
            "valid_macro_f1_by_fast_weight": fused,
        }
    )
    return head


def _log_progress(done: int, total: int) -> None:
    if done % 1024 < 32 or done == total:
        log.info("embedded %d of %d", done, total)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m suara.text.train_accurate", description=__doc__
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=HEAD_PATH)
    parser.add_argument("--cache", type=Path, default=None, help="keep embeddings here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sources = _sentiment_sources()
    train = _concat(args.data, sources, "train")
    valid = _concat(args.data, sources, "valid")
    head = train_head(train, valid, cache_dir=args.cache)
    head.meta["trained_on"] = [f"{k}/train" for k in sources]
    report = sentiment_report(EmbeddingClassifier(head, args.cache), args.data)
    head.meta["scores"] = report
    args.out.parent.mkdir(parents=True, exist_ok=True)
    head.save(args.out)
    sys.stdout.write(json.dumps({"sentiment-accurate": report}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
