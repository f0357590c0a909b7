"""The accurate tier's encoder arithmetic: what ships against what shipped, in one process.

Until 2026-12-07 the tier ran PyTorch's dynamic int8 quantisation on padded, length-sorted
batches (one activation scale per layer input over the whole batch); it now runs
:class:`suara.text.e5_scoring.PackedE5` (tokens packed without padding, int8 with a scale per
token). This rebuilds the old arithmetic from the same model file and measures, against it in
the same process: speed (the encoder alone, ``--runs`` rounds alternating the two, on
``--comments`` SmSA validation texts; the median of the per-round ratios), how many labels
change when each comment is scored alone instead of in its batch, and how many labels differ
from the float encoder's.

    .venv/bin/python bench/accurate_arithmetic_bench.py

Writes bench/results/accurate_arithmetic.json and a RESULTS.md section.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from results_md import replace_section

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
Logits = dict[str, np.ndarray]


def _old_arithmetic(model: Any) -> Callable[[Sequence[str]], Logits]:
    """The tier as it scored before: padded batches of 16 sorted by length, PyTorch dynamic
    int8 (``quantize_dynamic``, qint8 weights per tensor, activations per batch)."""
    import torch

    from suara.text.accurate import merged_encoder
    from suara.text.e5_encoder import encode_batch
    from suara.text.e5_weights import load_e5

    encoder, meta = merged_encoder()
    cfg = meta["config"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantized = torch.ao.quantization.quantize_dynamic(
            copy.deepcopy(encoder), {torch.nn.Linear}, dtype=torch.qint8
        )
    tokenizer = load_e5().tokenizer

    def logits(texts: Sequence[str]) -> Logits:
        out = {t: np.zeros((len(texts), len(c))) for t, c in model.classes.items()}
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        with torch.inference_mode():
            for lo in range(0, len(order), 16):
                idx = order[lo : lo + 16]
                ids, lengths = encode_batch(tokenizer, [texts[k] for k in idx], cfg["max_tokens"])
                for task, value in quantized(ids, lengths).items():
                    out[task][idx] = value.double().numpy()
        return out

    return logits


def _fresh(model: Any) -> Callable[[Sequence[str]], Logits]:
    def logits(texts: Sequence[str]) -> Logits:
        model._last = None  # no reuse of the previous call's logits
        return model.logits(texts)  # type: ignore[no-any-return]

    return logits


def _labels_differ(a: Logits, b: Logits) -> dict[str, int]:
    return {task: int((a[task].argmax(1) != b[task].argmax(1)).sum()) for task in a}


def measure(comments: int, runs: int, alone: int) -> dict[str, Any]:
    import torch

    from suara.text import datasets as ds
    from suara.text.accurate import AccurateModel
    from suara.text.e5_scoring import ARITHMETIC

    texts = [e.text for e in ds.smsa(DATA, "valid")][:comments]
    shipped = AccurateModel.load()
    arithmetic = {"packed int8 per token (ships)": _fresh(shipped),
                  "dynamic int8 per batch (before)": _old_arithmetic(shipped)}  # fmt: skip
    float_logits = AccurateModel.load(quantize=False).logits(texts)
    seconds: dict[str, list[float]] = {name: [] for name in arithmetic}
    for score in arithmetic.values():
        score(texts[:32])
    for _ in range(runs):
        for name, score in arithmetic.items():
            start = time.perf_counter()
            score(texts)
            seconds[name].append(time.perf_counter() - start)
    new, old = arithmetic
    rows = {}
    for name, score in arithmetic.items():
        batched = score(texts)
        one_by_one = [score([t]) for t in texts[:alone]]
        single = {t: np.concatenate([o[t] for o in one_by_one]) for t in batched}
        head = {t: v[:alone] for t, v in batched.items()}
        rows[name] = {
            "comments_per_s": round(len(texts) / statistics.median(seconds[name]), 1),
            "labels_changed_alone_vs_batched": _labels_differ(single, head),
            "max_logit_change_alone_vs_batched": round(
                max(float(np.abs(single[t] - head[t]).max()) for t in head), 6
            ),
            "labels_differing_from_float": _labels_differ(batched, float_logits),
        }
    ratios = [o / n for n, o in zip(seconds[new], seconds[old], strict=True)]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "comments": len(texts),
        "alone_compared": alone,
        "runs": runs,
        "arithmetic": ARITHMETIC,
        "speed_ratio_new_over_old": round(statistics.median(ratios), 3),
        "rows": rows,
        "integer_product": integer_products(texts[:32], runs),
    }


def integer_products(texts: Sequence[str], runs: int) -> dict[str, Any]:
    """The two exact integer products of the packed pass on this machine: each alone on a
    batch-sized product of each layer shape (median milliseconds over ``runs``), which one
    :func:`~suara.text.e5_scoring.integer_product` picks, and whether the shipped model's
    logits are the same bits either way (on ``texts``)."""
    import torch

    from suara.text.accurate import AccurateModel, merged_encoder
    from suara.text.e5_scoring import PackedE5, Product, integer_product

    generator = torch.Generator().manual_seed(0)
    timings: dict[str, dict[str, float]] = {"int_mm": {}, "float": {}}
    for terms, outputs in ((384, 1152), (384, 1536), (1536, 384)):
        codes = torch.randint(-127, 128, (640, terms), generator=generator, dtype=torch.int8)
        weight = torch.randint(-127, 128, (terms, outputs), generator=generator, dtype=torch.int8)
        products = {
            "int_mm": partial(torch._int_mm, codes, weight),
            "float": partial(torch.mm, codes.float(), weight.float()),
        }
        for name, product in products.items():
            product()
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                product()
                times.append(time.perf_counter() - start)
            timings[name][f"640x{terms} by {terms}x{outputs}"] = round(
                statistics.median(times) * 1000, 2
            )
    encoder, meta = merged_encoder()
    logits = {}
    names: tuple[Product, ...] = ("int_mm", "float")
    for name in names:
        packed = PackedE5(encoder, product=name)
        logits[name] = _fresh(AccurateModel(packed, meta))(texts)
    same = all(np.array_equal(logits["int_mm"][t], logits["float"][t]) for t in logits["float"])
    return {"chosen": integer_product(), "milliseconds": timings, "same_logits": same,
            "compared_on": len(texts)}  # fmt: skip


def write(result: dict[str, Any]) -> None:
    (HERE / "results" / "accurate_arithmetic.json").write_text(
        json.dumps(result, indent=2) + "\n", "utf-8"
    )
    lines = [
        "## Accurate tier: encoder arithmetic (`bench/accurate_arithmetic_bench.py`)\n\n",
        f"Measured {result['date']}, torch {result['torch']}, {result['threads']} threads, "
        f"{result['comments']} SmSA validation texts, encoder alone, {result['runs']} rounds "
        f"alternating the two in one process. Speed of the shipped arithmetic against the one "
        f"before (median of the per-round ratios): **{result['speed_ratio_new_over_old']}×**.\n\n",
        "| arithmetic | comments/s (median) | labels changed scored alone vs batched (of "
        f"{result['alone_compared']}) | largest logit change alone vs batched | labels "
        f"differing from the float encoder (of {result['comments']}) |\n",
        "|---|---:|---|---:|---|\n",
    ]
    for name, row in result["rows"].items():
        alone = row["labels_changed_alone_vs_batched"]
        off = row["labels_differing_from_float"]
        lines.append(
            f"| {name} | {row['comments_per_s']:,.1f} | sentiment {alone['sentiment']}, "
            f"emotion {alone['emotion']} | {row['max_logit_change_alone_vs_batched']:g} | "
            f"sentiment {off['sentiment']}, emotion {off['emotion']} |\n"
        )
    product = result["integer_product"]
    lines += [
        "\nThe packed pass's integer sums, `torch._int_mm` or a float32 product of the same "
        "codes (exact, chunked past 1,024 terms; `suara.text.e5_scoring.integer_product`), each "
        f"alone, median ms of {result['runs']} (this machine picks **{product['chosen']}**; "
        f"the shipped model's logits on {product['compared_on']} texts the same bits either "
        f"way: {'yes' if product['same_logits'] else 'NO'}):\n\n",
        "| product shape | torch._int_mm | float32 |\n",
        "|---|---:|---:|\n",
    ]
    for shape, ms in product["milliseconds"]["int_mm"].items():
        lines.append(f"| {shape} | {ms:,.2f} | {product['milliseconds']['float'][shape]:,.2f} |\n")
    lines.append("\nReproduce: `.venv/bin/python bench/accurate_arithmetic_bench.py`\n")
    replace_section(HERE / "RESULTS.md", "accurate-arithmetic", "".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=600)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--alone", type=int, default=300, help="comments also scored one by one")
    args = parser.parse_args()
    try:
        result = measure(args.comments, args.runs, args.alone)
    except ImportError as exc:
        sys.exit(f"the accurate tier is not installed ({exc}): pip install 'suara[accurate]'")
    write(result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
