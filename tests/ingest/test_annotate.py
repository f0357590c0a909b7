"""Annotated copies of files are written block by block, whole or not at all."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from suara.domain.errors import OutputWriteFailed, UnsupportedFileFormat
from suara.ingest import annotate
from suara.ingest.annotate import ANNOTATION_COLUMNS, annotate_file, scan
from suara.text import TextAnalyzer
from tests.ingest.files import write_csv, write_jsonl

COMMENTS = [
    "Pengiriman lama banget, paket telat seminggu. Kecewa!",
    "Barang ori, packing aman, seller fast respon. Mantul!",
    "Tolong hubungi saya di 0812-3456-7890 soal refund",
    "",
    "The box arrived damaged 😡",
]


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer()


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {"id": f"R{i}", "ulasan": f"{COMMENTS[i % len(COMMENTS)]} #{i}", "bintang": i % 5 + 1}
        for i in range(count)
    ]


def test_blocks_write_what_one_block_writes(tmp_path: Path, analyzer: TextAnalyzer) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(23))
    written = []
    for block_rows in (4, 23, 1000):
        target = tmp_path / f"out-{block_rows}.csv"
        seen: list[tuple[int, int]] = []
        count = annotate_file(
            path,
            target,
            analyzer,
            column="ulasan",
            block_rows=block_rows,
            progress=lambda done, total, seen=seen: seen.append((done, total)),
        )
        assert count == 23
        assert seen[-1] == (23, 23)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        written.append(target.read_bytes())
    assert written[0] == written[1] == written[2]
    with (tmp_path / "out-4.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [f"R{i}" for i in range(23)]
    assert list(rows[0]) == ["id", "ulasan", "bintang", *ANNOTATION_COLUMNS]
    assert "0812" not in rows[2]["text_redacted"]


def test_every_column_of_uneven_json_lines_is_kept(tmp_path: Path, analyzer: TextAnalyzer) -> None:
    records = [
        {"ulasan": COMMENTS[0]},
        {"ulasan": COMMENTS[1], "kota": "Medan"},
        {"ulasan": COMMENTS[4], "bintang": 1, "kota": "Makassar"},
    ]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    assert scan(path, "ulasan").columns == ("ulasan", "kota", "bintang")
    target = tmp_path / "out.csv"
    annotate_file(path, target, analyzer, column="ulasan", block_rows=1)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:3] == ["ulasan", "kota", "bintang"]
    assert [r["kota"] for r in rows] == ["", "Medan", "Makassar"]
    assert [r["sentiment"] for r in rows] == ["negative", "positive", "negative"]


def test_parquet_keeps_a_column_empty_in_the_first_block(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    records = [{"ulasan": COMMENTS[0], "bintang": None}, {"ulasan": COMMENTS[1], "bintang": 5}]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    target = tmp_path / "out.parquet"
    annotate_file(path, target, analyzer, column="ulasan", block_rows=1)
    table = pq.read_table(target)
    assert table.column("bintang").to_pylist() == [None, 5]
    assert table.column("sentiment").to_pylist() == ["negative", "positive"]


def test_an_empty_file_gets_the_header(tmp_path: Path, analyzer: TextAnalyzer) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("", encoding="utf-8")
    for name in ("out.jsonl", "out.parquet"):
        assert annotate_file(path, tmp_path / name, analyzer, column="ulasan") == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ""
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 0


def test_a_bad_row_stops_the_run_before_any_analysis(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    lines = [json.dumps({"ulasan": c}) for c in COMMENTS] + ["{not json"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("the earlier run\n", encoding="utf-8")
    seen: list[int] = []
    with pytest.raises(UnsupportedFileFormat, match="row 6 is not valid JSON"):
        annotate_file(
            path, target, analyzer, column="ulasan", progress=lambda done, _: seen.append(done)
        )
    assert seen == []  # nothing was analysed
    assert target.read_text(encoding="utf-8") == "the earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.csv"]


def test_a_failure_in_a_later_block_leaves_no_partial_file(
    tmp_path: Path, analyzer: TextAnalyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(9))
    target = tmp_path / "out.jsonl"
    written = []

    def fill_then_fail(self: annotate.JsonLinesRows, rows: list[dict[str, object]]) -> None:
        if written:
            raise OSError(28, "No space left on device")
        written.append(len(rows))
        self._handle.write(json.dumps(rows[0]) + "\n")

    monkeypatch.setattr(annotate.JsonLinesRows, "write", fill_then_fail)
    with pytest.raises(OutputWriteFailed, match="No space left on device"):
        annotate_file(path, target, analyzer, column="ulasan", block_rows=4)
    assert written == [4]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_file_that_grows_between_the_passes_is_refused(
    tmp_path: Path, analyzer: TextAnalyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(3))
    target = tmp_path / "out.csv"
    scanned = annotate.scan

    def scan_then_append(source: Path, column: str) -> annotate.FileScan:
        found = scanned(source, column)
        with source.open("a", encoding="utf-8") as handle:
            handle.write("R9,tambahan,5\n")
        return found

    monkeypatch.setattr(annotate, "scan", scan_then_append)
    with pytest.raises(UnsupportedFileFormat, match="changed while it was read"):
        annotate_file(path, target, analyzer, column="ulasan")
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
