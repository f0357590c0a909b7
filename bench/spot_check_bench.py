"""Sentiment and aspects on 100 comments written the way shoppers write them.

The comments in ``bench/data/spot_check_2026-12-07.jsonl`` were written and labelled on
2026-12-07 by a helper agent that saw neither Suara's code nor its output: informal
Indonesian with slang, contrasts, negations, questions to the seller, 40 positive, 40
negative, 20 neutral or balanced; each with the aspects (cx-frameworks.md §6) it talks
about and their polarity. One annotator, synthetic text: a check of how the analyser reads
shoppers' language, not a benchmark to quote beside the published ones.

    .venv/bin/python bench/spot_check_bench.py              # every installed tier
    .venv/bin/python bench/spot_check_bench.py --no-write   # print only (other code on PYTHONPATH)

Writes bench/results/spot_check.json and a RESULTS.md section.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_md import replace_section
from suara.domain.errors import SuaraError
from suara.text import TextAnalyzer
from suara.text.evaluation import macro_f1

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "spot_check_2026-12-07.jsonl"


def _f1(hits: int, extra: int, missed: int) -> float:
    return round(2 * hits / (2 * hits + extra + missed), 3) if hits else 0.0


def measure(tier: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    analyzer = TextAnalyzer(tier=tier)  # type: ignore[arg-type]
    results = analyzer.analyze_many([r["text"] for r in rows])
    gold = [r["sentiment"] for r in rows]
    predicted = [x.sentiment.label.value for x in results]
    exact = hits = extra = missed = 0
    found = found_extra = found_missed = 0
    for row, result in zip(rows, results, strict=True):
        want = {(a["aspect"], a["polarity"]) for a in row["aspects"]}
        got = {(a.aspect.value, a.polarity.value) for a in result.aspects}
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
        "sentiment_correct": sum(g == p for g, p in zip(gold, predicted, strict=True)),
        "sentiment_macro_f1": round(macro_f1(gold, predicted), 3),
        "neutral_correct": sum(g == p == "neutral" for g, p in zip(gold, predicted, strict=True)),
        "neutral_gold": gold.count("neutral"),
        "aspect_sets_exact": exact,
        "aspect_detection_f1": _f1(found, found_extra, found_missed),
        "aspect_polarity_f1": _f1(hits, extra, missed),
        "model_version": results[0].model_version,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    found: dict[str, Any] = {}
    for tier in ("fast", "accurate"):
        try:
            found[tier] = measure(tier, rows)
        except SuaraError as exc:
            print(f"{tier}: not measured ({exc})")
    print(json.dumps(found, indent=2))
    if args.no_write:
        return
    found["measured_at"] = datetime.now(UTC).date().isoformat()
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "spot_check.json").write_text(json.dumps(found, indent=2) + "\n")
    lines = [
        "## Shoppers' comments, a spot check (`bench/spot_check_bench.py`)\n",
        f"Measured {found['measured_at']} on the 100 comments of `{DATA.relative_to(HERE.parent)}` "
        "(written and labelled by a helper that saw neither the code nor its output; one "
        "annotator, synthetic text).\n",
        "| tier | sentiment correct | sentiment macro-F1 | neutral right (of gold) "
        "| aspect sets exact | aspect detection F1 | aspect + polarity F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for tier in ("fast", "accurate"):
        if tier in found:
            f = found[tier]
            lines.append(
                f"| {tier} | {f['sentiment_correct']} / {f['comments']} "
                f"| {f['sentiment_macro_f1']} | {f['neutral_correct']} / {f['neutral_gold']} "
                f"| {f['aspect_sets_exact']} | {f['aspect_detection_f1']} "
                f"| {f['aspect_polarity_f1']} |"
            )
    replace_section(HERE / "RESULTS.md", "spot-check", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
