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

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suara.domain.errors import UnsupportedFileFormat
from suara.ingest.outputs import OutputFile, output_format
from suara.ingest.readers import EXCEL_SUFFIXES, Row, check_readable, open_rows
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


def scan(path: Path, column: str, *, sheet: str | None = None) -> FileScan:
    """Check every row of ``path`` (read as imports read files: any CSV dialect and encoding,
    JSON, JSON Lines, Parquet, Excel — its first sheet, or ``sheet``), that the file has
    ``column`` (in its header, or where it has none, in its first row) and that no row's
    ``column`` holds a JSON object or list instead of text."""
    count = 0
    source = open_rows(path, sheet=sheet)
    columns: dict[str, None] = dict.fromkeys(source.columns)
    several = sheet is None and source.details.get("sheet_count", "1") != "1"
    others = source.details["sheets"] if several else ""
    try:
        if source.columns and column not in columns:
            raise _no_column(path, column, columns, sheets=others)
        for number, row in _checked(path, source.rows):
            if count == 0 and column not in row:
                raise _no_column(path, column, row, sheets=others)
            if isinstance(row.get(column), dict | list):
                kind = "an object" if isinstance(row[column], dict) else "a list"
                msg = f"{path.name}, row {number}: {column!r} holds {kind}, not text"
                raise UnsupportedFileFormat(msg)
            if len(row) != len(columns) or any(key not in columns for key in row):
                columns.update(dict.fromkeys(row))
            count += 1
    finally:
        source.close()
    return FileScan(count, tuple(columns))


def _no_column(
    path: Path, column: str, columns: Iterable[str], *, sheets: str = ""
) -> UnsupportedFileFormat:
    """``sheets``: the names of a workbook's sheets, when it has several and the first was
    read."""
    message = f"{path.name} has no column {column!r} (it has {', '.join(columns) or 'none'})"
    if sheets:
        message += f"; it is the first sheet's: choose another with --sheet ({sheets})"
    return UnsupportedFileFormat(message)


@dataclass(frozen=True, slots=True)
class AnnotatedFile:
    """What :func:`annotate_file` wrote: ``rows`` rows to ``target``; ``renamed`` maps each
    column of the file named like an annotation column to the name it was written under."""

    rows: int
    target: Path
    renamed: dict[str, str] = field(default_factory=dict)


def annotate_file(
    path: Path,
    target: Path,
    analyzer: TextAnalyzer,
    *,
    column: str,
    workers: int = 1,
    progress: Progress | None = None,
    block_rows: int = BLOCK_ROWS,
    sheet: str | None = None,
) -> AnnotatedFile:
    """Write ``target`` (its format by its extension, :mod:`suara.ingest.outputs`): every
    row of ``path`` (of its ``sheet``, for a workbook) with every column it has, plus
    ``ANNOTATION_COLUMNS`` of its ``column``. A column of the file that an annotation would
    overwrite (a labelled ``sentiment``, say) is kept as ``<name>_input``.
    ``progress(done, total)`` as rows are analysed."""
    check_readable(path)
    if sheet is not None and path.suffix.lower() not in EXCEL_SUFFIXES:
        raise UnsupportedFileFormat(f"--sheet {sheet!r}: {path.name} is not an Excel workbook")
    output_format(target)  # an unwritable name is refused before the file is read
    found = scan(path, column, sheet=sheet)
    renamed = _renamed(found.columns)
    columns = [*(renamed.get(c, c) for c in found.columns), *ANNOTATION_COLUMNS]
    done = 0

    def report(finished: int, _: int) -> None:
        if progress is not None:
            progress(done + finished, found.rows)

    with OutputFile(target, columns, rows=found.rows) as output:
        block: list[Row] = []
        for row in _rows(path, sheet):
            block.append(row)
            if len(block) == block_rows:
                done += _annotate(block, output, analyzer, column, workers, report, renamed)
                block = []
        if block:
            done += _annotate(block, output, analyzer, column, workers, report, renamed)
        if done != found.rows:
            raise UnsupportedFileFormat(
                f"{path.name} changed while it was read ({found.rows} rows, then {done}); "
                "run again once it is written"
            )
    return AnnotatedFile(done, target, renamed)


def _renamed(columns: Sequence[str]) -> dict[str, str]:
    taken = {*columns, *ANNOTATION_COLUMNS}
    renamed = {}
    for name in columns:
        if name in ANNOTATION_COLUMNS:
            new, n = f"{name}_input", 2
            while new in taken:
                new, n = f"{name}_input{n}", n + 1
            renamed[name] = new
            taken.add(new)
    return renamed


def _annotate(
    block: list[Row],
    output: OutputFile,
    analyzer: TextAnalyzer,
    column: str,
    workers: int,
    progress: Progress,
    renamed: dict[str, str],
) -> int:
    texts = [_text(row.get(column)) for row in block]
    results = analyzer.analyze_many(texts, progress=progress, workers=workers)
    if renamed:
        block = [{renamed.get(k, k): v for k, v in row.items()} for row in block]
    output.write([row | annotation(analysis) for row, analysis in zip(block, results, strict=True)])
    return len(block)


def _text(value: object) -> str:
    """A cell as the text to analyse: a missing one empty, a number or a date as written, a
    JSON boolean as JSON writes it (``0`` and ``false`` are not empty; objects and lists were
    refused by :func:`scan`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _rows(path: Path, sheet: str | None) -> Iterator[Row]:
    source = open_rows(path, sheet=sheet)
    try:
        yield from (row for _, row in _checked(path, source.rows))
    finally:
        source.close()


def _checked(path: Path, rows: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
    for number, row in rows:
        problem = structural_problem(row)
        if problem is not None:
            raise UnsupportedFileFormat(f"{path.name}, row {number} {problem}")
        yield number, row
