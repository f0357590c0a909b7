"""Import throughput and memory: a 1,000,000-row orders CSV into the embedded SQLite store.

Target (issue 2): >= 50,000 rows/s and peak RSS < 1 GB. Each import runs in a fresh child
process into a fresh database; the figure is the median of the runs. Peak memory is the
importing process's peak plus that of the helper process that parses big files (a
conservative sum: the two peaks need not coincide). A baseline in the same run — Python's
csv module feeding sqlite3 executemany with no parsing, validation or upsert — shows what
the validation and idempotency cost.

    .venv/bin/python bench/import_bench.py            # 1,000,000 rows, 3 runs
    .venv/bin/python bench/import_bench.py --rows 100000 --runs 1
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from results_md import replace_section

HERE = Path(__file__).resolve().parent
COURIERS = ["JNE", "J&T", "SiCepat", "AnterAja", "Pos Indonesia", "Ninja Xpress"]
CHANNELS = ["site", "app", "shopee", "tokopedia"]
PROVINCES = ["DKI Jakarta", "Jawa Barat", "Jawa Timur", "Jawa Tengah", "Banten", "Bali", "Sulsel"]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def make_orders_csv(path: Path, rows: int, *, seed: int = 7) -> None:
    """Orders in the formats Indonesian exports use: Rp amounts, dd/mm/yyyy, month names."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(1, max(rows // 10, 2), rows)
    amounts = (rng.lognormal(12, 0.8, rows) // 500 * 500).astype(int) + 10_000
    start = datetime(2025, 1, 1, tzinfo=UTC)
    minutes = rng.integers(0, 60 * 24 * 540, rows)
    promise = rng.integers(2, 6, rows)
    delay = rng.integers(-2, 4, rows)
    courier = rng.integers(0, len(COURIERS), rows)
    channel = rng.integers(0, len(CHANNELS), rows)
    province = rng.integers(0, len(PROVINCES), rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "No. Pesanan",
                "ID Pelanggan",
                "Marketplace",
                "Total Pembayaran",
                "Tanggal Pesanan",
                "Estimasi Tiba",
                "Tanggal Diterima",
                "Kurir",
                "Provinsi",
                "Status",
            ]
        )
        for i in range(rows):
            ordered = start + timedelta(minutes=int(minutes[i]))
            promised = ordered + timedelta(days=int(promise[i]))
            delivered = promised + timedelta(days=int(delay[i]))
            if i % 3 == 0:
                ordered_text = ordered.strftime("%d/%m/%Y %H.%M")
            elif i % 3 == 1:
                ordered_text = f"{ordered.day} {MONTHS[ordered.month - 1]} {ordered.year}"
            else:
                ordered_text = ordered.strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow(
                [
                    f"INV/{2025}/{i:08d}",
                    f"C{customers[i]:07d}",
                    CHANNELS[channel[i]],
                    rupiah(int(amounts[i])),
                    ordered_text,
                    promised.strftime("%d/%m/%Y"),
                    delivered.strftime("%d/%m/%Y %H:%M"),
                    COURIERS[courier[i]],
                    PROVINCES[province[i]],
                    "selesai",
                ]
            )


CHILD = """
import json, resource, sys, time
from pathlib import Path
from suara.settings import Settings
from suara.storage import open_store
from suara.ingest import import_file
home, path = Path(sys.argv[1]), Path(sys.argv[2])
store = open_store(Settings(home=home))
started = time.perf_counter()
report = import_file("orders", path, store=store, source="bench")
seconds = time.perf_counter() - started
counts = store.counts()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rows_written": report.rows_written,
                  "orders": counts["orders"], "customers": counts["customers"],
                  "peak_rss_mb": own + helper, "importer_rss_mb": own, "helper_rss_mb": helper}))
"""


def run_suara_import(path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, home, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run_baseline(path: Path) -> float:
    """Seconds for csv.reader -> sqlite3.executemany, no parsing or validation at all."""
    with tempfile.TemporaryDirectory() as home:
        connection = sqlite3.connect(Path(home) / "baseline.db")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("CREATE TABLE orders (a, b, c, d, e, f, g, h, i, j)")
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            connection.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?,?)", reader)
        connection.commit()
        seconds = time.perf_counter() - started
        connection.close()
    return seconds


def write_results(result: dict[str, object]) -> None:
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "import.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    section = (
        "## Import: orders CSV into SQLite (`bench/import_bench.py`)\n\n"
        f"Measured {result['measured_at']} on {result['machine']}; "
        f"{result['rows']:,} rows, median of {result['runs']} runs.\n\n"
        "| what | value |\n|---|---|\n"
        f"| Suara import, rows/s (median) | {result['rows_per_s']:,.0f} |\n"
        f"| Suara import, seconds (median) | {result['seconds']:.1f} |\n"
        f"| rows/s of each run | "
        f"{', '.join(f'{r:,}' for r in result['rows_per_s_each_run'])} |\n"
        f"| peak RSS, importer + parsing helper | {result['peak_rss_mb']:.0f} MB |\n"
        f"| baseline: csv + sqlite3 executemany, no validation, rows/s | "
        f"{result['baseline_rows_per_s']:,.0f} |\n"
        f"| Suara time ÷ baseline time | {result['ratio_to_baseline']:.2f} |\n"
        f"| target | ≥ 50,000 rows/s, < 1,024 MB |\n\n"
        "Reproduce: `.venv/bin/python bench/import_bench.py`\n"
    )
    replace_section(HERE / "RESULTS.md", "import", section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.csv"
        make_orders_csv(path, args.rows)
        print(f"wrote {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB)")
        runs = []
        for n in range(args.runs):
            result = run_suara_import(path)
            assert result["rows_written"] == args.rows == result["orders"], result
            rate = args.rows / result["seconds"]
            print(
                f"run {n + 1}: {result['seconds']:.1f} s, {rate:,.0f} rows/s,"
                f" peak {result['peak_rss_mb']:.0f} MB"
            )
            runs.append(result)
        baseline = statistics.median(run_baseline(path) for _ in range(args.runs))
    seconds = statistics.median(r["seconds"] for r in runs)
    summary: dict[str, object] = {
        "rows": args.rows,
        "rows_per_s": round(args.rows / seconds),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "seconds": round(seconds, 2),
        "runs": args.runs,
        "rows_per_s_each_run": [round(args.rows / r["seconds"]) for r in runs],
        "baseline_rows_per_s": round(args.rows / baseline),
        "ratio_to_baseline": round(seconds / baseline, 2),
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores,"
        f" Python {platform.python_version()}",
    }
    write_results(summary)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
