"""Annotated copies of files (``suara text analyze FILE``), in the memory of one block.

A file of millions of comments must not need memory in proportion: an analysis is a few
kilobytes of Python objects, so holding a whole file's (as this command did until
2026-12-07) took about 6 GB a million rows. The file is therefore read twice and never held.
The first pass checks every row and counts them: a malformed row stops the run before a
minute of analysis is spent, and the progress bar knows its total. The second analyses
``BLOCK_ROWS`` rows at a time and appends them to a partial file beside the target, which
replaces the target only once complete: a failure (a full disk, Ctrl-C, a bad row) leaves
no half-written output and an earlier one as it was. ``bench/text_file_bench.py`` measures
the memory.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from suara.domain.errors import OutputWriteFailed, UnsupportedFileFormat
from suara.ingest.readers import Row, open_rows
from suara.ingest.rowparser import structural_problem
from suara.text import TextAnalysis, TextAnalyzer

BLOCK_ROWS = 10_000
"""Rows analysed and written at a time: large enough that the worker processes' start and
finish of a block cost about 1% of its time, small enough to take ~60 MB."""

ANNOTATION_COLUMNS = (
    "language",
    "sentiment",
    "sentiment_score",
    "emotion",
    "aspects",
    "text_redacted",
    "key_phrases",
    "model_version",
)
Progress = Callable[[int, int], None]


def annotation(analysis: TextAnalysis) -> dict[str, Any]:
    """The columns ``suara text analyze FILE`` adds to each row (``ANNOTATION_COLUMNS``): a
    stable contract.

    ``aspects`` is a JSON list of ``{"aspect", "polarity", "spans": [[start, end], ...]}``
    whose spans index into ``text_redacted`` (the text itself where nothing was redacted).
    """
    aspects = [
        {
            "aspect": a.aspect.value,
            "polarity": a.polarity.value,
            "spans": [[span.start, span.end] for span in a.spans],
        }
        for a in analysis.aspects
    ]
    return {
        "language": analysis.language,
        "sentiment": analysis.sentiment.label.value,
        "sentiment_score": round(analysis.sentiment.score, 4),
        "emotion": analysis.emotion.label.value if analysis.emotion else "",
        "aspects": json.dumps(aspects, ensure_ascii=False),
        "text_redacted": analysis.text,
        "key_phrases": ";".join(p.text for p in analysis.key_phrases),
        "model_version": analysis.model_version,
    }


@dataclass(frozen=True, slots=True)
class FileScan:
    """What the first pass learnt: how many rows, and every column in order of appearance
    (JSON Lines rows may each have their own)."""

    rows: int
    columns: tuple[str, ...]


def scan(path: Path, column: str) -> FileScan:
    """Check every row of ``path`` (read as imports read files: any CSV dialect and encoding,
    JSON, JSON Lines, Parquet, Excel) and that the first has ``column``."""
    count = 0
    columns: dict[str, None] = {}
    for row in _rows(path):
        if count == 0 and column not in row:
            raise UnsupportedFileFormat(
                f"{path.name} has no column {column!r} (it has {', '.join(row)})"
            )
        if len(row) != len(columns) or any(key not in columns for key in row):
            columns.update(dict.fromkeys(row))
        count += 1
    return FileScan(count, tuple(columns))


def annotate_file(
    path: Path,
    target: Path,
    analyzer: TextAnalyzer,
    *,
    column: str,
    workers: int = 1,
    progress: Progress | None = None,
    block_rows: int = BLOCK_ROWS,
) -> int:
    """Write ``target`` (CSV, JSON Lines or Parquet by its extension): every row of ``path``
    with every column it has, plus ``ANNOTATION_COLUMNS`` of its ``column``. Returns the
    number of rows. ``progress(done, total)`` as rows are analysed."""
    found = scan(path, column)
    columns = list(dict.fromkeys([*found.columns, *ANNOTATION_COLUMNS]))
    done = 0

    def report(finished: int, _: int) -> None:
        if progress is not None:
            progress(done + finished, found.rows)

    with OutputFile(target, columns) as output:
        block: list[Row] = []
        for row in _rows(path):
            block.append(row)
            if len(block) == block_rows:
                done += _annotate(block, output, analyzer, column, workers, report)
                block = []
        if block:
            done += _annotate(block, output, analyzer, column, workers, report)
        if done != found.rows:
            raise UnsupportedFileFormat(
                f"{path.name} changed while it was read ({found.rows} rows, then {done}); "
                "run again once it is written"
            )
    return done


def _annotate(
    block: list[Row],
    output: OutputFile,
    analyzer: TextAnalyzer,
    column: str,
    workers: int,
    progress: Progress,
) -> int:
    texts = [str(row.get(column) or "") for row in block]
    results = analyzer.analyze_many(texts, progress=progress, workers=workers)
    output.write([row | annotation(analysis) for row, analysis in zip(block, results, strict=True)])
    return len(block)


def _rows(path: Path) -> Iterator[Row]:
    source = open_rows(path)
    try:
        for number, row in source.rows:
            problem = structural_problem(row)
            if problem is not None:
                raise UnsupportedFileFormat(f"{path.name}, row {number} {problem}")
            yield row
    finally:
        source.close()


class RowWriter(Protocol):
    def write(self, rows: list[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class CsvRows:
    """The header is every column of the file and the annotations, known from the first
    pass; a row without one of them gets an empty value."""

    def __init__(self, handle: IO[str], columns: list[str]) -> None:
        self._writer = csv.DictWriter(handle, fieldnames=columns)
        self._writer.writeheader()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._writer.writerows(rows)

    def close(self) -> None:
        pass


class JsonLinesRows:
    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)

    def close(self) -> None:
        pass


class ParquetRows:
    """Each block becomes an Arrow table (columnar, a fraction of the rows' size as Python
    objects); they are joined into one table with one schema at the end, so that a column
    empty in the first block and filled later keeps its type."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self._path = path
        self._columns = columns
        self._tables: list[Any] = []

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        self._tables.append(pa.Table.from_pylist(rows))

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._tables:
            fields = [pa.field(name, pa.string()) for name in self._columns]
            self._tables.append(pa.schema(fields).empty_table())
        try:
            table = pa.concat_tables(self._tables, promote_options="permissive")
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise UnsupportedFileFormat(
                f"a column holds values of different types, which Parquet cannot store ({exc}); "
                "write CSV or JSON Lines instead"
            ) from exc
        pq.write_table(table, self._path)


class OutputFile:
    """A writer of ``target``'s format (CSV, or JSON Lines or Parquet by the extension) into
    a partial file next to it, moved into place by :meth:`commit`; used as a context, a block
    that raises leaves no partial file and ``target`` as it was. A device or pipe such as
    ``/dev/stdout`` is written through. Write errors are :class:`OutputWriteFailed`; errors
    from elsewhere (reading, analysing) pass through unchanged."""

    def __init__(self, target: Path, columns: list[str]) -> None:
        self.target = target
        self._handle: IO[str] | None = None
        with self._errors():
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "it is a folder")
            self._through = target.exists() and not target.is_file()
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
        kind = self.target.suffix.lower()
        if kind in (".parquet", ".pq"):
            return ParquetRows(self._path, columns)
        self._handle = self._path.open("w", encoding="utf-8", newline="")
        if kind in (".jsonl", ".ndjson"):
            return JsonLinesRows(self._handle)
        return CsvRows(self._handle, columns)

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
