"""Rows written to a file in the format its name asks for, block by block, whole or not at all.

The formats are those Suara reads (:mod:`suara.ingest.readers`), so an output can be read
back: CSV (``.csv``; ``.tsv`` and ``.psv`` with tabs and pipes), JSON Lines, a JSON array,
Parquet and Excel. Any other extension is refused before any work is done, never written as
CSV under a misleading name. Values are made to fit each format instead of stopping the run:
nested values become JSON text in CSV and Excel, dates ISO 8601 text in JSON, a Parquet column
of mixed types text, and a lone surrogate (half an emoji, from a truncated export) or a
character Excel cannot hold U+FFFD — one character for one, so that the aspect spans still
point into ``text_redacted``.
"""

from __future__ import annotations

import base64
import csv
import errno
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from suara.domain.encoding import REPLACE_ERRORS, encodable
from suara.domain.errors import OutputWriteFailed, UnsupportedFileFormat

DELIMITERS = {".csv": ",", ".tsv": "\t", ".psv": "|"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
EXCEL_ROWS = 1_048_576  # a worksheet's rows, the header's included
WRITABLE = (*DELIMITERS, *JSONL_SUFFIXES, ".json", *PARQUET_SUFFIXES, ".xlsx")
_SAME_AS = {".xlsm": ".xlsx", ".txt": ".csv"}  # inputs whose own format is not written


def output_format(target: Path, rows: int = 0) -> str:
    """The lower-case extension of ``target`` when Suara writes it (``rows`` of them), else a
    clear :class:`UnsupportedFileFormat` (:class:`OutputWriteFailed` for a folder)."""
    if target.is_dir():
        raise OutputWriteFailed(f"cannot write {target}: it is a folder")
    suffix = target.suffix.lower()
    if suffix not in WRITABLE and is_stream(target):
        return ".csv"  # /dev/stdout, a named pipe: CSV unless the name says otherwise
    if suffix not in WRITABLE:
        raise UnsupportedFileFormat(
            f"{target.name}: cannot write {suffix or 'a file without an extension'}; "
            f"name the output {', '.join(WRITABLE)}"
        )
    if suffix == ".xlsx" and rows >= EXCEL_ROWS:
        raise UnsupportedFileFormat(
            f"{target.name}: {rows:,} rows do not fit in an Excel sheet "
            f"(at most {EXCEL_ROWS - 1:,}); write .csv or .parquet"
        )
    return suffix


_STANDARD_STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def is_stream(target: Path) -> bool:
    """A device or pipe, written through, not replaced: ``/dev/stdout`` (whatever it is
    redirected to — a file, with ``> out.csv``, must not be replaced by renaming into
    ``/dev``), a FIFO, a terminal."""
    if str(target).startswith(_STANDARD_STREAMS):
        return True
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def sibling(path: Path, tag: str) -> Path:
    """``path`` with ``.tag`` before its extension, in a format Suara writes:
    ``ulasan.csv`` -> ``ulasan.analyzed.csv``, ``ulasan.xlsm`` -> ``ulasan.analyzed.xlsx``."""
    suffix = _SAME_AS.get(path.suffix.lower(), path.suffix)
    return path.with_name(f"{path.stem}.{tag}{suffix}")


class RowWriter(Protocol):
    def write(self, rows: list[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class OutputFile:
    """A writer of ``target``'s format into a partial file next to it, moved into place by
    :meth:`commit` with the permissions a new file gets (or the old one had); used as a
    context, a block that raises leaves no partial file and ``target`` as it was. A device
    or pipe such as ``/dev/stdout`` is written through (as CSV unless its name has another
    writable extension). Write errors are
    :class:`OutputWriteFailed`; errors from elsewhere (reading, analysing) pass through."""

    def __init__(self, target: Path, columns: list[str], *, rows: int = 0) -> None:
        self.target = target
        self.format = output_format(target, rows)
        self._handle: IO[str] | None = None
        with self._errors():
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "it is a folder")
            self._through = is_stream(target)
            if self._through:
                self._path = target
            else:
                handle, name = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".part"
                )
                os.close(handle)
                self._path = Path(name)
            try:
                self._rows = self._open(columns)
            except BaseException:
                self.discard()
                raise

    def _open(self, columns: list[str]) -> RowWriter:
        if self.format in PARQUET_SUFFIXES:
            return ParquetRows(self._path, columns)
        if self.format == ".xlsx":
            return ExcelRows(self._path, columns)
        self._handle = self._path.open("w", encoding="utf-8", newline="", errors=REPLACE_ERRORS)
        if self.format in JSONL_SUFFIXES:
            return JsonLinesRows(self._handle)
        if self.format == ".json":
            return JsonArrayRows(self._handle)
        return CsvRows(self._handle, columns, DELIMITERS[self.format])

    def write(self, rows: list[dict[str, Any]]) -> None:
        with self._errors():
            self._rows.write(rows)

    def commit(self) -> None:
        with self._errors():
            self._rows.close()
            if self._handle is not None:
                self._handle.close()
            if not self._through:
                if self.target.exists():
                    shutil.copymode(self.target, self._path)
                else:  # mkstemp made it private; a new output gets the usual permissions
                    umask = os.umask(0)
                    os.umask(umask)
                    self._path.chmod(0o666 & ~umask)
                self._path.replace(self.target)

    def discard(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if not self._through:
            self._path.unlink(missing_ok=True)

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            self.discard()  # after a commit, nothing is left to remove

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if isinstance(exc, OutputWriteFailed):
                raise
            raise OutputWriteFailed(f"cannot write {self.target}: {exc.strerror or exc}") from exc


def as_text(value: Any) -> Any:
    """A value for a text cell (CSV, Excel): lists and mappings as JSON, bytes decoded;
    numbers, dates and strings as they are."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=json_default)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def json_default(value: Any) -> Any:
    """What ``json`` cannot write itself: dates as ISO 8601, decimals exactly (as text),
    bytes as base64, sets as lists, anything else as its text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


class CsvRows:
    """The header is every column, known before the first row; a row without one of them
    gets an empty value."""

    def __init__(self, handle: IO[str], columns: list[str], delimiter: str = ",") -> None:
        self._writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter)
        self._writer.writeheader()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._writer.writerows({k: as_text(v) for k, v in row.items()} for row in rows)

    def close(self) -> None:
        pass


class JsonLinesRows:
    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._handle.writelines(_json(row) + "\n" for row in rows)

    def close(self) -> None:
        pass


class JsonArrayRows:
    """One JSON array of objects, written an element at a time."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._first = True
        handle.write("[")

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self._handle.write(("\n" if self._first else ",\n") + _json(row))
            self._first = False

    def close(self) -> None:
        self._handle.write("]\n" if self._first else "\n]\n")


def _json(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=json_default)


class ParquetRows:
    """Each block becomes an Arrow table with every column (a fraction of the rows' size as
    Python objects); they are joined into one table at the end, so that a column empty in
    the first block and filled later keeps its type. A column whose values Arrow cannot
    hold in one type is written as text, in every block."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self._path = path
        self._columns = columns
        self._tables: list[Any] = []

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        arrays = [_arrow_array([row.get(c) for row in rows]) for c in self._columns]
        self._tables.append(pa.Table.from_arrays(arrays, names=self._columns))

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._tables:
            fields = [pa.field(name, pa.string()) for name in self._columns]
            self._tables.append(pa.schema(fields).empty_table())
        try:
            table = pa.concat_tables(self._tables, promote_options="permissive")
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            table = pa.concat_tables(_as_text_where_types_differ(self._tables))
        pq.write_table(table, self._path)


def _arrow_array(values: list[Any]) -> Any:
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, UnicodeError):
        return pa.array([None if v is None else encodable(str(as_text(v))) for v in values])


def _as_text_where_types_differ(tables: list[Any]) -> list[Any]:
    """The tables with every column whose type differs between them cast to text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = tables[0].column_names
    mixed = {n for n in names if len({str(t.schema.field(n).type) for t in tables} - {"null"}) > 1}
    out = []
    for table in tables:
        for name in mixed:
            column = table.column(name)
            try:
                text = pc.cast(column, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                text = pa.array([None if v is None else str(v) for v in column.to_pylist()])
            table = table.set_column(table.schema.get_field_index(name), name, text)
        out.append(table)
    return out


class ExcelRows:
    """A write-only workbook (rows streamed to disk as they come), one sheet."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        from openpyxl import Workbook

        self._path = path
        self._columns = columns
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("Suara")
        self._sheet.append([self._cell(c) for c in columns])

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self._sheet.append([self._cell(row.get(c)) for c in self._columns])

    def _cell(self, value: Any) -> Any:
        return excel_value(self._sheet, _cell(value))

    def close(self) -> None:
        self._book.save(self._path)


def excel_value(sheet: Any, value: Any) -> Any:
    """``value`` for a row of a write-only ``sheet``; text that starts with ``=`` stays
    text. openpyxl stores it as a formula, which Excel would evaluate: a comment such as
    ``=HYPERLINK("http://…","klik")`` would be a live link in the report (formula injection,
    OWASP "CSV injection")."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = as_text(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()  # Excel has no time zones
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", encodable(value))
    if isinstance(value, int | float | bool | date | time | Decimal) or value is None:
        return value
    return str(value)
