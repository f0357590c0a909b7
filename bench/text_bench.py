"""Text analytics speed, memory and quality, per tier, on this machine.

Speed: comments per second through the whole pipeline (redaction, normalisation, language,
sentiment per comment and sentence, aspects, emotion, key phrases), on ``--comments`` distinct
Indonesian comments per run that the process has not seen before, in one process and with
``analyze_many(workers=<cores>)`` (forked workers; the accurate tier's on one torch thread
each); and, beside it, the
sentiment model alone in one process; each the median of ``--runs`` runs. Each tier runs in a
fresh child process so its peak RSS is its own (the parent's; forked workers share its
pages). Quality: macro-F1 of what the pipeline returns (not of the bare model) on the test
splits in ``../shared/data``.

    .venv/bin/python bench/text_bench.py                 # both tiers where installed
    .venv/bin/python bench/text_bench.py --tier fast --comments 2000

Writes bench/results/text.json, bench/results/text_quality.json and a RESULTS.md section;
a tier not run keeps its earlier entries in all three.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_md import replace_section

HERE = Path(__file__).resolve().parent
TIERS = ("fast", "accurate")
DATA = HERE.parent.parent / "shared" / "data"

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
from suara.domain.errors import SuaraError
from suara.text import TextAnalyzer, analysis
from suara.text import datasets as ds
from suara.text.evaluation import macro_f1, macro_f1_interval
tier, data, count, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
try:
    analyzer = TextAnalyzer(tier=tier)
    analyzer.analyze("warm up: barang ori, pengiriman cepat")
except SuaraError as exc:
    print(json.dumps({"unavailable": str(exc)})); sys.exit(0)
import random
pool = list(dict.fromkeys(
    e.text for split in ("train", "valid", "test")
    for load in (ds.smsa, ds.indolem, ds.prdect) for e in load(data, split)
))
random.Random(0).shuffle(pool)
spare = pool[-analysis.POOL_MIN_TEXTS :]  # warms the worker processes up
if len(pool) < 9 * count + len(spare):
    most = (len(pool) - analysis.POOL_MIN_TEXTS) // 9
    sys.exit(f"--comments {count}: at most {most} (each run reads texts not seen before)")
slices = iter(range(0, 9 * count, count))
def rate(work):
    # median over runs, each on comments the process has not seen before: no cache helps,
    # as with real incoming feedback
    speeds = []
    for _ in range(runs):
        lo = next(slices)
        corpus = pool[lo : lo + count]
        started = time.perf_counter()
        work(corpus)
        speeds.append(count / (time.perf_counter() - started))
    return sorted(speeds)[len(speeds) // 2]

pipeline = rate(analyzer.analyze_many)
cores = len(os.sched_getaffinity(0))
# the worker processes start once, as in `suara text analyze` or a long-running service: the
# fork is not timed, their caches are as cold as the parent's were at its first run
analyzer.analyze_many(spare, workers=cores)
pipeline_all_cores = rate(lambda texts: analyzer.analyze_many(texts, workers=cores))
analyzer.close()
sentiment_only = rate(analyzer.sentiment.score_many)

def f1(examples, pick):
    results = analyzer.analyze_many([e.text for e in examples])
    gold, predicted = [e.label for e in examples], [pick(r) for r in results]
    return round(macro_f1(gold, predicted), 4), list(macro_f1_interval(gold, predicted))

sentiment = lambda r: r.sentiment.label.value
emotion = lambda r: r.emotion.label.value if r.emotion else "none"
smsa_train = ds.smsa(data, "train")
nusax_clean = ds.without_overlap(ds.nusax(data, "test", language="id"), smsa_train)
tests = {
    "smsa_test_macro_f1": (ds.smsa(data, "test"), sentiment),
    "nusax_id_test_macro_f1": (nusax_clean, sentiment),
    "nusax_en_test_macro_f1": (ds.nusax(data, "test", language="en"), sentiment),
    "prdect_emotion_macro_f1": (ds.prdect(data, "test", target="emotion"), emotion),
}
quality = {"nusax_id_test_n": len(nusax_clean)}
for key, (examples, pick) in tests.items():
    quality[key], quality[key + "_ci95"] = f1(examples, pick)
import csv
SERVICE = {"seller_service", "customer_support"}
MAPS = {
    "casa": ("indonlu_casa_absa-prosa", "sentence", {"price": {"price_value"}, "service": SERVICE}),
    "hoasa": ("indonlu_hoasa_absa-airy", "review", {"service": SERVICE}),
}
POLARITY = {"positive": "positive", "negative": "negative", "neg": "negative", "pos": "positive"}

def aspect_scores(name):
    folder, text_column, mapping = MAPS[name]
    with (data / folder / "test_preprocess.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    results = analyzer.analyze_many([r[text_column] for r in rows])
    tp = fp = fn = agree = 0
    for row, result in zip(rows, results):
        found = {}
        for a in result.aspects:
            for theirs, ours in mapping.items():
                if a.aspect.value in ours:
                    found.setdefault(theirs, a.polarity.value)
        gold = {k: POLARITY[row[k]] for k in mapping if row[k] in POLARITY}
        tp += len(set(found) & set(gold)); fp += len(set(found) - set(gold))
        fn += len(set(gold) - set(found))
        agree += sum(found[k] == gold[k] for k in set(found) & set(gold))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"micro_f1": round(f1, 4), "polarity_accuracy": round(agree / tp, 4) if tp else None,
            "gold_mentions": tp + fn, "mapped": sorted(mapping)}

quality["casa_aspect"] = aspect_scores("casa")
quality["hoasa_aspect"] = aspect_scores("hoasa")
print(json.dumps({
    "comments_per_s": round(max(pipeline, pipeline_all_cores), 1),
    "comments_per_s_one_process": round(pipeline, 1),
    "comments_per_s_all_cores": round(pipeline_all_cores, 1),
    "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    "sentiment_only_comments_per_s": round(sentiment_only, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "model_version": analyzer.model_version,
    "quality": quality,
}))
"""

ASPECT_NOTE = (
    "on the test-set aspects that map onto Suara's e-commerce keys only: CASA price -> "
    "price_value and service -> seller_service/customer_support; HoASA service -> "
    "seller_service/customer_support (car and hotel aspects such as fuel, ac or wifi have no "
    "counterpart); a gold mention is a non-neutral label"
)


def run_tier(tier: str, comments: int, runs: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, tier, str(DATA), str(comments), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return loaded


def _kept_rows(tiers: set[str]) -> dict[str, str]:
    """The RESULTS.md table rows of the tiers not run now, as they stand."""
    path = HERE / "RESULTS.md"
    text = path.read_text("utf-8") if path.exists() else ""
    if "<!-- text:begin -->" not in text:
        return {}
    section = text[text.index("<!-- text:begin -->") : text.index("<!-- text:end -->")]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 2 and line.startswith("| ") and cells[1] not in ("tier", *tiers):
            rows[cells[1]] = line + "\n"
    return rows


def write_results(results: dict[str, dict[str, Any]], comments: int, runs: int) -> None:
    (HERE / "results").mkdir(exist_ok=True)
    speed = _load(HERE / "results" / "text.json") | {
        tier: (
            {
                "comments_per_s": r["comments_per_s"],
                "comments_per_s_one_process": r["comments_per_s_one_process"],
                "comments_per_s_all_cores": r["comments_per_s_all_cores"],
                "sentiment_only_comments_per_s": r["sentiment_only_comments_per_s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "worker_peak_rss_mb": r["worker_peak_rss_mb"] or None,
            }
            if "unavailable" not in r
            else {"comments_per_s": None, "peak_rss_mb": None, "unavailable": r["unavailable"]}
        )
        for tier, r in results.items()
    }
    keys = ("smsa_test_macro_f1", "nusax_id_test_macro_f1", "prdect_emotion_macro_f1")
    keys += tuple(f"{k}_ci95" for k in (*keys, "nusax_en_test_macro_f1"))
    quality: dict[str, Any] = _load(HERE / "results" / "text_quality.json")
    for key in keys:
        quality[key] = quality.get(key, {}) | {
            t: r.get("quality", {}).get(key) for t, r in results.items()
        }
    for name in ("casa", "hoasa"):
        quality[f"{name}_aspect_micro_f1"] = (
            quality.get(f"{name}_aspect_micro_f1", {})
            | {
                t: r.get("quality", {}).get(f"{name}_aspect", {}).get("micro_f1")
                for t, r in results.items()
            }
            | {"note": ASPECT_NOTE}
        )
        quality[f"{name}_aspect_polarity_accuracy"] = quality.get(
            f"{name}_aspect_polarity_accuracy", {}
        ) | {
            t: r.get("quality", {}).get(f"{name}_aspect", {}).get("polarity_accuracy")
            for t, r in results.items()
        }
    dump = {"indent": 2, "ensure_ascii": False}
    (HERE / "results" / "text.json").write_text(json.dumps(speed, **dump) + "\n", "utf-8")
    (HERE / "results" / "text_quality.json").write_text(json.dumps(quality, **dump) + "\n", "utf-8")
    machine = f"{_cpu()}, {len(os.sched_getaffinity(0))} cores, {_int8_instructions()}"
    kept = _kept_rows(set(results))
    lines = [
        "## Text analytics per tier (`bench/text_bench.py`)\n\n",
        f"Measured {datetime.now(UTC):%Y-%m-%d} ({', '.join(results)}) on {machine}, Python "
        f"{platform.python_version()}; {comments:,} comments per run through the pipeline "
        "(distinct SmSA, IndoLEM and PRDECT-ID texts, each run on texts not seen before, so no "
        f"cache helps), median of {runs} runs; all cores: `analyze_many(workers=<cores>)` "
        "(this process and cores − 1 forked workers kept between calls, as `suara text "
        "analyze` uses them, the accurate tier's on one torch thread each; "
        "`comments_per_s` in text.json is the better of the two); the model alone in one "
        "process." + (f" Rows of {', '.join(kept)} as measured before." if kept else "") + "\n\n",
        "| tier | pipeline comments/s (1 process / all cores) | sentiment model alone, "
        "comments/s | peak RSS | SmSA test macro-F1 | NusaX-id test macro-F1 (no SmSA overlap) | "
        "NusaX-en | PRDECT-ID emotion | "
        "CASA aspects micro-F1 / polarity acc. | HoASA aspects micro-F1 / polarity acc. |\n",
        "|---|---|---|---|---|---|---|---|---|---|\n",
    ]
    rows = dict(kept)
    for tier, r in results.items():
        if "unavailable" in r:
            rows[tier] = f"| {tier} | not installed: {r['unavailable']} | | | | | | | | |\n"
            continue
        q = r["quality"]
        rows[tier] = (
            f"| {tier} | {r['comments_per_s_one_process']:,.0f} / "
            f"{r['comments_per_s_all_cores']:,.0f} | "
            f"{r['sentiment_only_comments_per_s']:,.0f} | "
            f"{_memory(r)} | {_f1(q, 'smsa_test_macro_f1')} | "
            f"{_f1(q, 'nusax_id_test_macro_f1')} (n={q['nusax_id_test_n']}) | "
            f"{_f1(q, 'nusax_en_test_macro_f1')} | {_f1(q, 'prdect_emotion_macro_f1')} | "
            f"{_pair(q['casa_aspect'])} | {_pair(q['hoasa_aspect'])} |\n"
        )
    order = [t for t in TIERS if t in rows] + [t for t in rows if t not in TIERS]
    lines += [rows[t] for t in order]
    lines.append(
        "\nTargets (issue 5): fast tier SmSA ≥ 0.80 at ≥ 10,000 comments/s; accurate tier SmSA "
        "≥ 0.88, NusaX-id ≥ 0.88, PRDECT-ID emotion ≥ 0.70 at ≥ 200 comments/s. "
        "In brackets: the 95% percentile bootstrap interval of each macro-F1 over the test "
        "items (2,000 resamples, `suara.text.evaluation.macro_f1_interval`) — how far the "
        "score could move with another draw of a test set that size. "
        f"Aspects: {ASPECT_NOTE}.\n\n"
        "Reproduce: `.venv/bin/python bench/text_bench.py` (one tier: `--tier fast`)\n"
    )
    replace_section(HERE / "RESULTS.md", "text", "".join(lines))


def _cpu() -> str:
    """The processor's name: speeds differ between machines of the same size (the accurate
    tier's model alone measured 227 comments/s on one 2-core machine here and 408 on another,
    an AMD EPYC with AVX-512 VNNI, which int8 matrix products use)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text("utf-8", "replace").splitlines():
            if line.startswith("model name"):
                return f"{line.partition(':')[2].strip()} ({platform.machine()})"
    return platform.machine()


def _int8_instructions() -> str:
    """Whether the CPU has int8 dot-product instructions, which decide how fast the accurate
    tier's integer sums are (``suara.text.e5_scoring.integer_product``)."""
    cpuinfo = Path("/proc/cpuinfo")
    flags: set[str] = set()
    if cpuinfo.exists():
        for line in cpuinfo.read_text("utf-8", "replace").splitlines():
            if line.startswith("flags"):
                flags = set(line.partition(":")[2].split())
                break
    found = [f for f in ("avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    if found:
        return f"int8 dot products: {', '.join(found)}"
    return "no int8 dot-product instructions" + (" (AVX2)" if "avx2" in flags else "")


def _memory(r: dict[str, Any]) -> str:
    workers = r.get("worker_peak_rss_mb")
    shown = f"{r['peak_rss_mb']:.0f} MB"
    return shown + (f" (+ {workers:.0f} MB the largest worker, pages shared)" if workers else "")


def _f1(quality: dict[str, Any], key: str) -> str:
    """A macro-F1 with its 95% bootstrap interval over the test items."""
    lo, hi = quality[f"{key}_ci95"]
    return f"{quality[key]:.3f} ({lo:.3f}–{hi:.3f})"


def _pair(scores: dict[str, Any]) -> str:
    accuracy = scores["polarity_accuracy"]
    shown = "–" if accuracy is None else f"{accuracy:.3f}"
    return f"{scores['micro_f1']:.3f} / {shown} (n={scores['gold_mentions']})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default="fast,accurate")
    parser.add_argument("--tier", choices=["fast", "accurate"], help="run only this tier")
    parser.add_argument("--comments", type=int, default=2000, help="per run (at most 2,375)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for tier in [args.tier] if args.tier else args.tiers.split(","):
        results[tier] = run_tier(tier, args.comments, args.runs)
        print(tier, json.dumps(results[tier]))
    write_results(results, args.comments, args.runs)


if __name__ == "__main__":
    main()
