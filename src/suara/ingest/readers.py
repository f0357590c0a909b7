"""Reading rows out of the files sellers actually have: CSV in any dialect, JSON, Parquet, Excel.

Rows are streamed, never loaded whole, so a million-row export imports in bounded memory.
Row numbers are the ones a person sees when they open the file: CSV and Excel count the header
as row 1, JSON and JSON Lines count records from 1.
"""

from __future__ import annotations

import codecs
import csv
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suara.domain.errors import UnsupportedFileFormat

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".psv"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED = sorted(
    CSV_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES | EXCEL_SUFFIXES
)
DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 20

Row = dict[str, Any]


@dataclass
class RowSource:
    """An opened file: its column names, an estimate of its rows, and the rows themselves."""

    path: Path
    format: str
    columns: list[str]
    rows: Iterator[tuple[int, Row]]
    total: int | None = None
    details: dict[str, str] = field(default_factory=dict)
    close: Callable[[], None] = lambda: None


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else Windows-1252/Latin-1.

    The whole file is checked with an incremental decoder (fast, in C) because a stray Latin-1
    byte near the end of a UTF-8-looking file would otherwise abort an import half-way.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _single_byte_encoding(path)
    return "utf-8"


def _single_byte_encoding(path: Path) -> str:
    try:
        with path.open("r", encoding="cp1252") as handle:
            while handle.read(_CHUNK):
                pass
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def detect_delimiter(header_line: str) -> str:
    """The candidate delimiter that splits the header into the most columns (comma on a tie)."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


CSV_FIELD_CHARS = 16 * 1024 * 1024
"""The longest CSV value read (Python's csv module stops at 131,072 characters, which a
pasted review can pass); a longer one is almost always a quote never closed, which would
swallow the rest of the file into one value."""


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
    return lines


def _clean_header(names: list[str]) -> list[str]:
    """The header's names, stripped; a column without one (a spreadsheet's blank header
    cell, a trailing delimiter) is called ``column_<n>``, counted from 1, so that several
    of them are no "duplicate" and each can still be named in a mapping or a message."""
    cleaned = [name.strip().lstrip("\ufeff") for name in names]
    cleaned = [name or f"column_{n}" for n, name in enumerate(cleaned, 1)]
    seen: set[str] = set()
    for name in cleaned:
        if name in seen:
            msg = f"column {name!r} appears twice in the header; rename one of them"
            raise UnsupportedFileFormat(msg)
        seen.add(name)
    return cleaned


def read_csv(path: Path, *, delimiter: str | None = None, encoding: str | None = None) -> RowSource:
    encoding = encoding or detect_encoding(path)
    try:
        with path.open("r", encoding=encoding, newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError as exc:
        raise _not_in_encoding(path, encoding, exc) from exc
    except LookupError as exc:
        raise UnsupportedFileFormat(f"{path.name}: unknown encoding {encoding!r}") from exc
    if not first.strip():
        raise UnsupportedFileFormat(f"{path.name}: the file is empty or has no header row")
    delimiter = delimiter or detect_delimiter(first)
    header = _clean_header(next(csv.reader([first], delimiter=delimiter)))
    total = max(_count_lines(path) - 1, 0)

    def rows() -> Iterator[tuple[int, Row]]:
        if csv.field_size_limit() < CSV_FIELD_CHARS:
            csv.field_size_limit(CSV_FIELD_CHARS)
        width = len(header)
        done = 0  # records read so far, blank ones included
        # Strict first: a quote never closed is an error, not the rest of the file read as
        # one value. A stray quote inside a value ("Mantap" kata ibu) is read as it was
        # before, leniently, from that record on.
        strict = True
        while True:
            with path.open("r", encoding=encoding, newline="") as handle:
                handle.readline()
                reader = csv.reader(handle, delimiter=delimiter, strict=strict)
                line = 2  # where the next record starts (the header is line 1)
                try:
                    for index, values in enumerate(reader):
                        line = reader.line_num + 2
                        if index < done:
                            continue
                        done += 1
                        if not values:
                            continue
                        if len(values) != width:
                            yield index + 2, {"__width__": (len(values), width)}
                            continue
                        yield index + 2, dict(zip(header, values, strict=True))
                    return
                except UnicodeDecodeError as exc:
                    raise _not_in_encoding(path, encoding, exc) from exc
                except csv.Error as exc:
                    if not (strict and "expected after" in str(exc)):
                        raise _not_csv(path, exc, line=line) from exc
            strict = False

    details = {"encoding": encoding, "delimiter": {"\t": "tab"}.get(delimiter, delimiter)}
    return RowSource(path, "csv", header, rows(), total, details)


def _not_csv(path: Path, exc: csv.Error, *, line: int) -> UnsupportedFileFormat:
    """``line``: where the record that could not be read starts."""
    reason = str(exc)
    if "field limit" in reason:
        why = (
            f'a value longer than {CSV_FIELD_CHARS:,} characters; most likely a quote (") '
            "opened there is never closed"
        )
    elif "unexpected end of data" in reason:
        why = 'the file ends inside a quoted value: a quote (") opened there is never closed'
    else:
        why = reason
    return UnsupportedFileFormat(f"{path.name}, line {line}: not readable as CSV: {why}")


def _not_in_encoding(path: Path, encoding: str, exc: UnicodeDecodeError) -> UnsupportedFileFormat:
    return UnsupportedFileFormat(
        f"{path.name} is not {encoding} text ({exc.reason} at byte {exc.start} of a block); "
        "leave --encoding out to detect it, or name the right one (e.g. cp1252)"
    )


def _json_records(path: Path, records: list[Any]) -> RowSource:
    columns: list[str] = []
    seen: set[str] = set()
    for record in records[:1000]:
        if isinstance(record, dict):
            for key in record:
                if key not in seen:
                    seen.add(key)
                    columns.append(key)

    def rows() -> Iterator[tuple[int, Row]]:
        for number, record in enumerate(records, start=1):
            yield number, record if isinstance(record, dict) else {"__not_object__": record}

    return RowSource(path, "json", columns, rows(), len(records))


def read_json(path: Path) -> RowSource:
    """A JSON array of objects, or an object holding one such array (``{"data": [...]}``)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnsupportedFileFormat(f"{path.name} is not valid JSON: {exc}") from exc
    if isinstance(document, dict):
        arrays = [value for value in document.values() if isinstance(value, list)]
        if len(arrays) == 1:
            document = arrays[0]
    if not isinstance(document, list):
        msg = f"{path.name}: expected a JSON array of records (or JSON Lines with one per line)"
        raise UnsupportedFileFormat(msg)
    return _json_records(path, document)


def read_jsonl(path: Path) -> RowSource:
    columns: list[str] = []
    with path.open("r", encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError:
                    break
                if isinstance(first, dict):
                    columns = list(first)
                break
    total = _count_lines(path)

    def rows() -> Iterator[tuple[int, Row]]:
        with path.open("r", encoding="utf-8-sig") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, {"__bad_json__": str(exc)}
                    continue
                yield number, record if isinstance(record, dict) else {"__not_object__": record}

    return RowSource(path, "jsonl", columns, rows(), total)


def read_parquet(path: Path) -> RowSource:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid family
        raise UnsupportedFileFormat(f"{path.name} is not a readable Parquet file: {exc}") from exc
    columns = list(parquet.schema_arrow.names)

    def rows() -> Iterator[tuple[int, Row]]:
        number = 0
        for batch in parquet.iter_batches(batch_size=10_000):
            for record in batch.to_pylist():
                number += 1
                yield number, record

    return RowSource(path, "parquet", columns, rows(), parquet.metadata.num_rows)


def read_excel(path: Path, *, sheet: str | None = None) -> RowSource:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnsupportedFileFormat(f"{path.name} is not a readable Excel file: {exc}") from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        workbook.close()
        names = ", ".join(workbook.sheetnames)
        raise UnsupportedFileFormat(f"{path.name} has no sheet {sheet!r} (sheets: {names})")
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    cells = worksheet.iter_rows(values_only=True)
    header_cells = next(cells, None)
    if header_cells is None:
        workbook.close()
        raise UnsupportedFileFormat(f"{path.name}: the sheet is empty")
    labels = ["" if c is None else str(c) for c in header_cells]
    while labels and not labels[-1].strip():  # cells formatted beyond the table, not columns
        labels.pop()
    if not labels:
        workbook.close()
        msg = f"{path.name}: the first row of the sheet is empty; it must name the columns"
        raise UnsupportedFileFormat(msg)
    header = _clean_header(labels)
    total = max((worksheet.max_row or 1) - 1, 0)

    def rows() -> Iterator[tuple[int, Row]]:
        try:
            for number, values in enumerate(cells, start=2):
                if all(v is None for v in values[: len(header)]):
                    continue
                yield number, dict(zip(header, values, strict=False))
        finally:
            workbook.close()

    details = {
        "sheet": worksheet.title,
        "sheets": ", ".join(workbook.sheetnames),
        "sheet_count": str(len(workbook.sheetnames)),
    }
    return RowSource(path, "excel", header, rows(), total, details, close=workbook.close)


def open_rows(
    path: Path,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> RowSource:
    """Open ``path`` by its extension; a clear error names the formats Suara reads."""
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path, delimiter=delimiter, encoding=encoding)
    if suffix in JSON_SUFFIXES:
        return read_json(path)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path)
    if suffix in PARQUET_SUFFIXES:
        return read_parquet(path)
    return read_excel(path, sheet=sheet)


def check_readable(path: Path) -> None:
    """What :func:`open_rows` checks before reading a byte: ``path`` is a file, of a kind
    Suara reads; a command checks its input first, so that a missing or unknown input is
    not reported as a problem with the output named after it."""
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise UnsupportedFileFormat(f"{path} {what}")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        msg = f"{path.name}: old .xls workbooks are not supported; save it as .xlsx or CSV"
        raise UnsupportedFileFormat(msg)
    readable = (*CSV_SUFFIXES, *JSON_SUFFIXES, *JSONL_SUFFIXES, *PARQUET_SUFFIXES, *EXCEL_SUFFIXES)
    if suffix not in readable:
        msg = f"{path.name}: unknown file type {suffix!r}; Suara imports {', '.join(SUPPORTED)}"
        raise UnsupportedFileFormat(msg)
