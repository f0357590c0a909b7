"""Sentiment and aspects on sets of 200 comments written the way shoppers write them.

Each set in ``bench/data/`` was written and labelled by a helper agent that saw neither
Suara's code nor its output: informal Indonesian with slang, contrasts, negations, sarcasm,
questions to the seller, some English; 80 positive, 80 negative, 40 neutral or balanced; each
with the aspects (cx-frameworks.md §6) it talks about and their polarity. One annotator,
synthetic text: a check of how the analyser reads shoppers' language, not a benchmark to
quote beside the published ones. Set ``a`` (``shoppers_2026-12-07.jsonl``) was the first;
set ``b`` (``shoppers_2026-12-07b.jsonl``) was written later that day by another helper, and
was first scored on the code as it stood then, before any change was made from it; set ``c``
(``shoppers_2026-12-07c.jsonl``) the same way by a third helper at the next stop, which also
labelled sizes as chosen (``product_accuracy``) apart from fit (``product_quality``), any
warranty as ``returns_refunds``, and praise and blame of one aspect as neutral; set ``d``
(``shoppers_2026-12-08d.jsonl``) the same way by a fourth helper at the stop after, which
labelled damage in transit as ``packaging``, a digital item's arrival as ``delivery``, and
kept a mixed comment's overall verdict where it has one; set ``e``
(``shoppers_2026-12-08e.jsonl``) the same way by a fifth helper at the stop after that, on
the same conventions, with about 15 comments in English.

In each set the odd ids are the ``dev`` half, read to find what the lexicon and rules miss;
the even ids, ``held_out``, are only scored, so that a fix made for a dev half is judged on
comments it was not made from. Figures are given for each half.

    .venv/bin/python bench/spot_check_bench.py              # every set, every installed tier
    .venv/bin/python bench/spot_check_bench.py --set b      # one set
    .venv/bin/python bench/spot_check_bench.py --no-write   # print only (other code on PYTHONPATH)
    .venv/bin/python bench/spot_check_bench.py --no-write --errors dev  # the dev halves' errors

Writes bench/results/spot_check.json (set a), spot_check_b.json (set b), spot_check_c.json
(set c), spot_check_d.json (set d) and spot_check_e.json (set e), and a RESULTS.md section for
each.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_md import replace_section
from suara.domain.errors import SuaraError
from suara.text import TextAnalysis, TextAnalyzer
from suara.text.evaluation import macro_f1

HERE = Path(__file__).resolve().parent
SETS = {
    "a": (HERE / "data" / "shoppers_2026-12-07.jsonl", "spot_check", "spot-check"),
    "b": (HERE / "data" / "shoppers_2026-12-07b.jsonl", "spot_check_b", "spot-check-b"),
    "c": (HERE / "data" / "shoppers_2026-12-07c.jsonl", "spot_check_c", "spot-check-c"),
    "d": (HERE / "data" / "shoppers_2026-12-08d.jsonl", "spot_check_d", "spot-check-d"),
    "e": (HERE / "data" / "shoppers_2026-12-08e.jsonl", "spot_check_e", "spot-check-e"),
}
"""Set -> (its comments, its results file's name, its RESULTS.md section)."""
SPLITS = ("dev", "held_out")


def _f1(hits: int, extra: int, missed: int) -> float:
    return round(2 * hits / (2 * hits + extra + missed), 3) if hits else 0.0


def _missing_data(data: Path) -> SystemExit:
    return SystemExit(f"{data} is missing: it is part of the repository (git checkout it)")


def score(rows: list[dict[str, Any]], results: list[TextAnalysis]) -> dict[str, Any]:
    gold = [r["sentiment"] for r in rows]
    predicted = [x.sentiment.label.value for x in results]
    exact = hits = extra = missed = 0
    found = found_extra = found_missed = 0
    for row, result in zip(rows, results, strict=True):
        want, got = _gold_aspects(row), _aspects(result)
        exact += want == got
        hits, extra, missed = (
            hits + len(want & got),
            extra + len(got - want),
            missed + len(want - got),
        )
        keys, got_keys = {k for k, _ in want}, {k for k, _ in got}
        found += len(keys & got_keys)
        found_extra += len(got_keys - keys)
        found_missed += len(keys - got_keys)
    return {
        "comments": len(rows),
        "per_aspect": per_aspect(rows, results),
        "sentiment_correct": sum(g == p for g, p in zip(gold, predicted, strict=True)),
        "sentiment_macro_f1": round(macro_f1(gold, predicted), 3),
        "neutral_correct": sum(g == p == "neutral" for g, p in zip(gold, predicted, strict=True)),
        "neutral_gold": gold.count("neutral"),
        "aspect_sets_exact": exact,
        "aspect_detection_f1": _f1(found, found_extra, found_missed),
        "aspect_polarity_f1": _f1(hits, extra, missed),
    }


def per_aspect(rows: list[dict[str, Any]], results: list[TextAnalysis]) -> dict[str, Any]:
    """Detection precision and recall of each aspect (polarity aside): the first measure of
    them on comments labelled by hand."""
    counts: dict[str, list[int]] = {}  # aspect: [found and labelled, found only, labelled only]
    for row, result in zip(rows, results, strict=True):
        want = {k for k, _ in _gold_aspects(row)}
        got = {k for k, _ in _aspects(result)}
        for key in want | got:
            tally = counts.setdefault(key, [0, 0, 0])
            tally[0 if key in want and key in got else 1 if key in got else 2] += 1
    out = {}
    for key, (hits, extra, missed) in sorted(counts.items()):
        out[key] = {
            "labelled": hits + missed,
            "precision": round(hits / (hits + extra), 3) if hits + extra else None,
            "recall": round(hits / (hits + missed), 3) if hits + missed else None,
        }
    return out


def _gold_aspects(row: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a["aspect"], a["polarity"]) for a in row["aspects"]}


def _aspects(result: TextAnalysis) -> set[tuple[str, str]]:
    return {(a.aspect.value, a.polarity.value) for a in result.aspects}


def measure(tier: str, rows: list[dict[str, Any]], errors: str | None) -> dict[str, Any]:
    analyzer = TextAnalyzer(tier=tier)  # type: ignore[arg-type]
    results = analyzer.analyze_many([r["text"] for r in rows])
    found: dict[str, Any] = {}
    for split in SPLITS:
        pairs = [(r, x) for r, x in zip(rows, results, strict=True) if r["split"] == split]
        found[split] = score([r for r, _ in pairs], [x for _, x in pairs])
        if split == errors:
            for row, result in pairs:
                want, got = _gold_aspects(row), _aspects(result)
                if row["sentiment"] != result.sentiment.label.value or want != got:
                    print(f"[{tier} {row['id']}] {row['text']}")
                    print(
                        f"    sentiment {row['sentiment']} → {result.sentiment.label.value}"
                        f" ({result.sentiment.score:+.2f}); aspects missed"
                        f" {sorted(want - got)}, extra {sorted(got - want)}"
                    )
    found["all"] = score(rows, results)
    found["model_version"] = results[0].model_version
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), help="only this set (default: every set)")
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    parser.add_argument("--errors", choices=["dev"], help="print that half's misreadings")
    args = parser.parse_args()
    for name in [args.set] if args.set else sorted(SETS):
        run_set(name, no_write=args.no_write, errors=args.errors)


def run_set(name: str, *, no_write: bool, errors: str | None) -> None:
    data, result_name, section = SETS[name]
    if not data.is_file():
        raise _missing_data(data)
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    found: dict[str, Any] = {}
    for tier in ("fast", "accurate"):
        try:
            found[tier] = measure(tier, rows, errors)
        except SuaraError as exc:
            print(f"{tier}: not measured ({exc})")
    print(f"set {name}: " + json.dumps(found, indent=2))
    if no_write:
        return
    found["measured_at"] = datetime.now(UTC).date().isoformat()
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"{result_name}.json").write_text(json.dumps(found, indent=2) + "\n")
    lines = [
        f"## Shoppers' comments, a spot check: set {name} (`bench/spot_check_bench.py`)\n",
        f"Measured {found['measured_at']} on the {len(rows)} comments of "
        f"`{data.relative_to(HERE.parent)}` "
        "(written and labelled by a helper that saw neither the code nor its output; one "
        "annotator, synthetic text). `dev`: the odd ids, read to find what the analyser "
        "misses; `held_out`: the even ids, only scored.\n",
        "| tier | half | sentiment correct | sentiment macro-F1 | neutral right (of gold) "
        "| aspect sets exact | aspect detection F1 | aspect + polarity F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for tier in ("fast", "accurate"):
        for split in (*SPLITS, "all"):
            if tier in found:
                f = found[tier][split]
                lines.append(
                    f"| {tier} | {split} | {f['sentiment_correct']} / {f['comments']} "
                    f"| {f['sentiment_macro_f1']} | {f['neutral_correct']} / {f['neutral_gold']} "
                    f"| {f['aspect_sets_exact']} | {f['aspect_detection_f1']} "
                    f"| {f['aspect_polarity_f1']} |"
                )
    if "fast" in found:
        lines += [
            "",
            "Aspect detection per aspect, fast tier (the aspects are the same in both), "
            "precision / recall (labelled):\n",
            "| aspect | dev | held_out | all |",
            "|---|---|---|---|",
        ]
        every = found["fast"]["all"]["per_aspect"]
        for key in sorted(every, key=lambda k: -every[k]["labelled"]):
            cells = []
            for split in (*SPLITS, "all"):
                f = found["fast"][split]["per_aspect"].get(key)
                cells.append(
                    "–"
                    if f is None
                    else f"{_fmt(f['precision'])} / {_fmt(f['recall'])} ({f['labelled']})"
                )
            lines.append(f"| {key} | " + " | ".join(cells) + " |")
    replace_section(HERE / "RESULTS.md", section, "\n".join(lines) + "\n")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
