"""Annotated copies of files are written block by block, whole or not at all."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from suara.domain.errors import OutputWriteFailed, UnsupportedFileFormat
from suara.ingest import annotate, outputs
from suara.ingest.annotate import ANNOTATION_COLUMNS, annotate_file, scan
from suara.ingest.readers import open_rows
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
    outputs = []
    for block_rows in (4, 23, 1000):
        target = tmp_path / f"out-{block_rows}.csv"
        seen: list[tuple[int, int]] = []
        written = annotate_file(
            path,
            target,
            analyzer,
            column="ulasan",
            block_rows=block_rows,
            progress=lambda done, total, seen=seen: seen.append((done, total)),
        )
        assert (written.rows, written.renamed) == (23, {})
        assert seen[-1] == (23, 23)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
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
        assert annotate_file(path, tmp_path / name, analyzer, column="ulasan").rows == 0
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

    def fill_then_fail(self: outputs.JsonLinesRows, rows: list[dict[str, object]]) -> None:
        if written:
            raise OSError(28, "No space left on device")
        written.append(len(rows))
        self._handle.write(json.dumps(rows[0]) + "\n")

    monkeypatch.setattr(outputs.JsonLinesRows, "write", fill_then_fail)
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

    def scan_then_append(source: Path, column: str, sheet: str | None) -> annotate.FileScan:
        found = scanned(source, column, sheet=sheet)
        with source.open("a", encoding="utf-8") as handle:
            handle.write("R9,tambahan,5\n")
        return found

    monkeypatch.setattr(annotate, "scan", scan_then_append)
    with pytest.raises(UnsupportedFileFormat, match="changed while it was read"):
        annotate_file(path, target, analyzer, column="ulasan")
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_column_named_like_an_annotation_is_kept_under_another_name(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    labelled = [{"ulasan": COMMENTS[1], "sentiment": "1", "sentiment_input": "x"}]
    path = write_csv(tmp_path / "in.csv", labelled)
    written = annotate_file(path, tmp_path / "out.csv", analyzer, column="ulasan")
    assert written.renamed == {"sentiment": "sentiment_input2"}
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    assert (row["sentiment_input2"], row["sentiment_input"]) == ("1", "x")
    assert row["sentiment"] == "positive"


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".psv", ".json", ".jsonl", ".parquet", ".xlsx"])
def test_every_output_format_reads_back_as_written(
    tmp_path: Path, analyzer: TextAnalyzer, suffix: str
) -> None:
    """The output is the format its name promises: Suara's own reader takes it back."""
    rows = _rows(6)
    rows[3]["ulasan"] = "separator, tab\tpipe| and a\nnew line"
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    target = tmp_path / f"out{suffix}"
    annotate_file(path, target, analyzer, column="ulasan")
    source = open_rows(target)
    try:
        back = [row for _, row in source.rows]
    finally:
        source.close()
    assert [r["id"] for r in back] == [r["id"] for r in rows]
    assert back[3]["ulasan"] == rows[3]["ulasan"]
    assert {"sentiment", "aspects", "text_redacted"} <= set(back[0])


def test_a_name_suara_cannot_write_is_refused_before_any_work(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(2))
    for name in ("out.xls", "out", "out.txt"):
        with pytest.raises(UnsupportedFileFormat, match="cannot write"):
            annotate_file(path, tmp_path / name, analyzer, column="ulasan")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    assert outputs.sibling(Path("a/ulasan.xlsm"), "analyzed") == Path("a/ulasan.analyzed.xlsx")


def test_values_that_do_not_fit_a_format_are_converted_not_refused(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    import pyarrow as pa

    table = pa.table(
        {
            "ulasan": [COMMENTS[0], COMMENTS[1]],
            "waktu": pa.array([datetime(2025, 3, 5, 9, 30), None], pa.timestamp("s")),
            "harga": pa.array([Decimal("125000.50"), Decimal("1")], pa.decimal128(12, 2)),
            "tag": [["a", "b"], []],
        }
    )
    path = tmp_path / "in.parquet"
    pq.write_table(table, path)
    annotate_file(path, tmp_path / "out.jsonl", analyzer, column="ulasan")
    first = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert (first["waktu"], first["harga"], first["tag"]) == (
        "2025-03-05T09:30:00",
        "125000.50",
        ["a", "b"],
    )
    annotate_file(path, tmp_path / "out.csv", analyzer, column="ulasan")
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["tag"] == '["a", "b"]'
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [
        {"id": 1, "ulasan": COMMENTS[0]}, {"id": "a2", "ulasan": COMMENTS[1]},
    ])  # fmt: skip
    for block_rows in (1, 10):
        annotate_file(mixed, tmp_path / "mixed.parquet", analyzer, column="ulasan",
                      block_rows=block_rows)  # fmt: skip
        assert pq.read_table(tmp_path / "mixed.parquet").column("id").to_pylist() == ["1", "a2"]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet", ".xlsx"])
def test_a_lone_surrogate_becomes_one_replacement_character(
    tmp_path: Path, analyzer: TextAnalyzer, suffix: str
) -> None:
    """Half an emoji from a truncated export: written as U+FFFD, one character for one, so
    the aspect spans still index into text_redacted."""
    path = tmp_path / "in.jsonl"
    path.write_text('{"ulasan": "kurir telat \\ud83d parah, packing rusak"}\n', "utf-8")
    target = tmp_path / f"out{suffix}"
    annotate_file(path, target, analyzer, column="ulasan")
    source = open_rows(target)
    try:
        ((_, row),) = list(source.rows)
    finally:
        source.close()
    assert row["text_redacted"] == "kurir telat \ufffd parah, packing rusak"
    spans = [span for a in json.loads(row["aspects"]) for span in a["spans"]]
    assert "packing" in [row["text_redacted"][a:b].lower() for a, b in spans]


def test_the_text_column_is_looked_for_in_the_header(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,comment\n", "utf-8")
    with pytest.raises(UnsupportedFileFormat, match="no column 'ulasan' \\(it has id, comment\\)"):
        annotate_file(path, tmp_path / "out.csv", analyzer, column="ulasan")


def test_columns_without_a_header_are_numbered_not_duplicates(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    """A spreadsheet with blank header cells (or a CSV with trailing commas) used to be
    refused as "column '' appears twice"."""
    book = Workbook()
    sheet = book.active
    sheet.append(["ulasan", None, "id", "  ", None, None])  # the last two: formatting only
    sheet.append(["barang bagus", "x", 1, None])
    book.save(tmp_path / "in.xlsx")
    (tmp_path / "in.csv").write_text("ulasan,,id,\nbarang bagus,x,1,\n", "utf-8")
    # a sheet's blank cells after the last named one are formatting, a CSV's trailing comma
    # is a column
    for name, columns in [
        ("in.xlsx", ["ulasan", "column_2", "id", "language"]),
        ("in.csv", ["ulasan", "column_2", "id", "column_4"]),
    ]:
        out = tmp_path / f"out-{name}.jsonl"
        annotate_file(tmp_path / name, out, analyzer, column="ulasan")
        (row,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert list(row)[:4] == columns
        assert (row["column_2"], row["sentiment"]) == ("x", "positive")


def test_a_quote_never_closed_is_an_error_not_rows_swallowed(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    """It used to end the run "1 baris", row 2 inside row 1's text. A stray quote inside a
    value is read as before (leniently), a file with one is not refused."""
    path = tmp_path / "in.csv"
    path.write_text('id,ulasan\n1,"kurir telat\n2,bagus\n', "utf-8")
    with pytest.raises(UnsupportedFileFormat, match=r"in.csv, line 2: .* never closed"):
        annotate_file(path, tmp_path / "out.csv", analyzer, column="ulasan")
    assert not (tmp_path / "out.csv").exists()
    path.write_text('id,ulasan\n1,"dua\nbaris, ""ori"""\n2,bagus\n', "utf-8")
    assert annotate_file(path, tmp_path / "out.csv", analyzer, column="ulasan").rows == 2
    tsv = tmp_path / "in.tsv"
    tsv.write_text('ulasan\tskor\n"Mantap" kata ibu saya\t5\nbagus\t4\n', "utf-8")
    annotate_file(tsv, tmp_path / "out.jsonl", analyzer, column="ulasan")
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["ulasan"], r["skor"]) for r in rows] == [
        ("Mantap kata ibu saya", "5"),
        ("bagus", "4"),
    ]


def test_text_starting_with_equals_stays_text_in_excel(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    """Not a formula Excel would evaluate (formula injection)."""
    from openpyxl import load_workbook

    link = '=HYPERLINK("http://contoh.id","klik")'
    path = write_csv(tmp_path / "in.csv", [{"ulasan": link}, {"ulasan": "=1+1 bagus"}])
    annotate_file(path, tmp_path / "out.xlsx", analyzer, column="ulasan")
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(link, "s"), ("=1+1 bagus", "s")]


def test_a_workbook_sheet_is_chosen_and_the_others_are_named(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Catatan"
    notes.append(["catatan"])
    book.create_sheet("Ulasan").append(["ulasan"])
    book["Ulasan"].append(["packing rapi, pengiriman cepat"])
    book.save(tmp_path / "in.xlsx")
    with pytest.raises(UnsupportedFileFormat, match=r"--sheet \(Catatan, Ulasan\)"):
        annotate_file(tmp_path / "in.xlsx", tmp_path / "out.csv", analyzer, column="ulasan")
    written = annotate_file(
        tmp_path / "in.xlsx", tmp_path / "out.csv", analyzer, column="ulasan", sheet="Ulasan"
    )
    assert written.rows == 1
    csv_in = write_csv(tmp_path / "in.csv", [{"ulasan": "bagus"}])
    with pytest.raises(UnsupportedFileFormat, match=r"--sheet 'Ulasan': in\.csv is not an Excel"):
        annotate_file(csv_in, tmp_path / "o.csv", analyzer, column="ulasan", sheet="Ulasan")


def test_the_input_is_judged_before_the_output_named_after_it(
    tmp_path: Path, analyzer: TextAnalyzer
) -> None:
    """An input folder or .xls used to be reported as an output Suara cannot write."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf")
    for name, message in [
        ("folder", "is a folder, not a file"),
        ("old.xls", "old .xls workbooks are not supported"),
        ("missing.docx", "does not exist"),
    ]:
        with pytest.raises(UnsupportedFileFormat, match=message):
            annotate_file(tmp_path / name, tmp_path / f"{name}.out", analyzer, column="a")


def test_json_values_of_the_text_column(tmp_path: Path, analyzer: TextAnalyzer) -> None:
    """A number or false is text as written (they used to be read as empty); an object or a
    list is refused, not analysed as Python's repr of it."""
    path = write_jsonl(tmp_path / "in.jsonl", [{"t": "bagus"}, {"t": 0}, {"t": False}])
    annotate_file(path, tmp_path / "out.jsonl", analyzer, column="t")
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["text_redacted"] for line in lines] == ["bagus", "0", "false"]
    path = write_jsonl(tmp_path / "bad.jsonl", [{"t": "bagus"}, {"t": {"isi": "bagus"}}])
    with pytest.raises(UnsupportedFileFormat, match=r"bad\.jsonl, row 2: 't' holds an object"):
        annotate_file(path, tmp_path / "bad.csv", analyzer, column="t")
    assert not (tmp_path / "bad.csv").exists()


def test_a_new_output_gets_the_usual_permissions(tmp_path: Path, analyzer: TextAnalyzer) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(1))
    umask = os.umask(0o022)
    try:
        annotate_file(path, tmp_path / "out.csv", analyzer, column="ulasan")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644


def test_a_terminated_run_leaves_no_partial_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(20_000))
    suara = str(Path(sys.executable).with_name("suara"))
    command = [suara, "text", "analyze", str(path), "--text-column", "ulasan",
               "--out", str(tmp_path / "out.csv"), "--workers", "1"]  # fmt: skip
    env = {**os.environ, "SUARA_HOME": str(tmp_path / "home")}
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
        assert run.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=60) == 128 + signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv"]


def test_rows_can_go_to_standard_output(tmp_path: Path) -> None:
    """``--out /dev/stdout`` writes CSV into a pipe (the name has no extension), and the
    notices go to standard error, not among the rows."""
    path = write_csv(tmp_path / "in.csv", _rows(3))
    suara = str(Path(sys.executable).with_name("suara"))
    command = [suara, "text", "analyze", str(path), "--text-column", "ulasan",
               "--out", "/dev/stdout"]  # fmt: skip
    env = {**os.environ, "SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(run.stdout.splitlines()))
    assert [r["ulasan"] for r in rows] == [r["ulasan"] for r in _rows(3)]
    assert "/dev/stdout" in run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv"]  # no file named stdout
    with (tmp_path / "redirected.csv").open("w") as redirected:  # > redirected.csv
        run = subprocess.run(command, env=env, stdout=redirected, stderr=subprocess.PIPE)
    assert run.returncode == 0, run.stderr
    with (tmp_path / "redirected.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3
