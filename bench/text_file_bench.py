"""Memory and speed of annotating a file (``suara text analyze FILE``) as the file grows.

``suara.ingest.annotate`` analyses and writes ``BLOCK_ROWS`` rows at a time; the baseline,
run beside it on the same files, is one block the size of the file, which is how the command
worked before (every row and every analysis held until the end). Each run is a fresh child
process (the fast tier, every core, as the command runs) on CSV files of ``--rows`` comments
drawn from the corpora in ``../shared/data``, each row a distinct text; peak RSS is the
parent's (the forked workers share its pages and each holds one chunk at a time).

    .venv/bin/python bench/text_file_bench.py                  # 20,000 and 80,000 rows
    .venv/bin/python bench/text_file_bench.py --rows 20000 200000

Writes bench/results/text_file.json and a RESULTS.md section.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_md import replace_section

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
from suara.ingest.annotate import annotate_file, BLOCK_ROWS
from suara.text import TextAnalyzer
source, target, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
rows = int(sys.argv[4])
block = BLOCK_ROWS if mode == "streaming" else max(1, rows)
with TextAnalyzer() as analyzer:
    analyzer.analyze("warm up: barang ori, pengiriman cepat")
    started = time.perf_counter()
    count = annotate_file(source, target, analyzer, column="komentar",
                          workers=len(os.sched_getaffinity(0)), block_rows=block)
    seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": count, "seconds": round(seconds, 2),
                  "rows_per_s": round(count / seconds, 1), "block_rows": block,
                  "peak_rss_mb": round(peak, 1)}))
"""


def write_corpus(path: Path, rows: int) -> None:
    """``rows`` comments, each text distinct (the corpora's texts, then numbered repeats)."""
    from suara.text import datasets as ds

    pool = list(
        dict.fromkeys(
            e.text
            for split in ("train", "valid", "test")
            for load in (ds.smsa, ds.indolem, ds.prdect)
            for e in load(DATA, split)
        )
    )
    random.Random(0).shuffle(pool)
    rng = random.Random(1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "bintang", "komentar"])
        for i in range(rows):
            text = pool[i % len(pool)]
            suffix = "" if i < len(pool) else f" (ulasan {i // len(pool) + 1})"
            writer.writerow([f"ORD-{i:07d}", rng.randint(1, 5), text + suffix])


def run(source: Path, target: Path, mode: str, rows: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(source), str(target), mode, str(rows)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 80_000])
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            source = Path(folder) / f"komentar-{rows}.csv"
            write_corpus(source, rows)
            outputs = {}
            for mode in ("streaming", "one_block"):
                target = Path(folder) / f"{mode}-{rows}.csv"
                results.setdefault(mode, {})[str(rows)] = run(source, target, mode, rows)
                outputs[mode] = target.read_bytes()
            if outputs["streaming"] != outputs["one_block"]:
                sys.exit(f"{rows} rows: the two ways wrote different files")
            print(rows, {m: results[m][str(rows)] for m in results}, flush=True)
    write_results(results, args.rows)


def write_results(results: dict[str, dict[str, Any]], sizes: list[int]) -> None:
    (HERE / "results").mkdir(exist_ok=True)
    payload = {
        "measured": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores",
        **results,
    }
    (HERE / "results" / "text_file.json").write_text(json.dumps(payload, indent=2) + "\n")
    lines = [
        "## Annotating a file: memory as the file grows (`bench/text_file_bench.py`)\n\n",
        f"Measured {payload['measured']} on {payload['machine']}, Python "
        f"{platform.python_version()}; `annotate_file` (what `suara text analyze` runs), fast "
        "tier, every core, CSV of distinct comments; the same output bytes both ways "
        "(checked). Peak RSS of the command's process.\n\n",
        "| rows | blocks of 10,000 rows (ships): peak RSS / rows/s | whole file in one block "
        "(before): peak RSS / rows/s |\n",
        "|---:|---|---|\n",
    ]
    for rows in sizes:
        s, o = results["streaming"][str(rows)], results["one_block"][str(rows)]
        lines.append(
            f"| {rows:,} | {s['peak_rss_mb']:,.0f} MB / {s['rows_per_s']:,.0f} | "
            f"{o['peak_rss_mb']:,.0f} MB / {o['rows_per_s']:,.0f} |\n"
        )
    if len(sizes) > 1:
        small, big = (results["one_block"][str(n)] for n in (min(sizes), max(sizes)))
        slope = (big["peak_rss_mb"] - small["peak_rss_mb"]) * 1024 / (max(sizes) - min(sizes))
        lines.append(
            f"\nHeld in one block, the peak grows by {slope:.1f} kB a row between "
            f"{min(sizes):,} and {max(sizes):,} rows, about {slope * 1e6 / 1024**2:,.1f} GB a "
            "million; in blocks it stays that of one block.\n"
        )
    lines.append("\nReproduce: `.venv/bin/python bench/text_file_bench.py`\n")
    replace_section(HERE / "RESULTS.md", "text-file", "".join(lines))


if __name__ == "__main__":
    main()
