"""``import_file``: one file into the store, validated row by row, in one transaction.

By default an import is all-or-nothing: every row is checked, every problem reported, and the
store is left untouched when any row is bad. ``skip_invalid`` writes the good rows and saves the
rejected ones, with their reasons, to a file the user can fix and import again.
"""

from __future__ import annotations

import csv
import gc
import hashlib
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from suara.domain.errors import ImportRejected, MappingError, UnknownImportKind, ValueParseError
from suara.ingest.kinds import KIND_NAMES, KindSpec, kind_spec
from suara.ingest.mapping import MappingFile, ResolvedMapping, resolve_mapping
from suara.ingest.readers import Row, RowSource, open_rows
from suara.ingest.report import ImportReport, RowError
from suara.ingest.responses import EXTRA, write_responses
from suara.ingest.writers import (
    Parsed,
    WriteContext,
    Writer,
    write_comments,
    write_customers,
    write_orders,
    write_products,
    write_reviews,
    write_tickets,
    write_touchpoints,
)
from suara.storage import Store, schema

DEFAULT_SOURCE = "default"
_CACHE_LIMIT = 200_000
BATCH_SIZE = 2000
Progress = Callable[[int, int | None], None]

WRITERS: dict[str, Writer] = {
    "customers": write_customers,
    "orders": write_orders,
    "products": write_products,
    "reviews": write_reviews,
    "comments": write_comments,
    "tickets": write_tickets,
    "touchpoints": write_touchpoints,
    "responses": write_responses,
}
assert set(WRITERS) == set(KIND_NAMES)


def _structural_problem(row: Row) -> str | None:
    if "__width__" in row:
        got, want = row["__width__"]
        return f"has {got} values but the header has {want} columns (check quotes and delimiters)"
    if "__bad_json__" in row:
        return f"is not valid JSON: {row['__bad_json__']}"
    if "__not_object__" in row:
        return "is not a JSON object with named fields"
    return None


def _content_key(row: Row, columns: list[str]) -> str:
    """A stable id for rows that have none, so re-importing the same file changes nothing."""
    digest = hashlib.sha1(usedforsecurity=False)
    for column in columns:
        digest.update(str(row.get(column)).encode("utf-8", "replace"))
        digest.update(b"\x1f")
    return "h:" + digest.hexdigest()[:32]


class _RowParser:
    """Turns one raw row into field values, collecting every problem in it."""

    def __init__(self, spec: KindSpec, mapping: ResolvedMapping, file: str) -> None:
        self.file = file
        self.fields = [
            (
                fs.name,
                mapping.field_to_column[fs.name],
                fs.parse,
                fs.required,
                {} if fs.repeats else None,
            )
            for fs in spec.fields
            if fs.name in mapping.field_to_column
        ]
        mapped = {fs.name for fs in spec.fields}
        self.extra = list(mapping.extra_columns) + [
            column for name, column in mapping.field_to_column.items() if name not in mapped
        ]
        self.extra_names = list(mapping.extra_columns) + [
            name for name in mapping.field_to_column if name not in mapped
        ]
        self.key_columns = sorted(mapping.field_to_column.values()) + list(mapping.extra_columns)
        self.derive_key = spec.content_key and "external_id" not in mapping.field_to_column
        self.keep_extra = spec.keep_extra

    def parse_batch(self, batch: list[tuple[int, Row]]) -> list[tuple[dict[str, Any], list[RowError]]]:
        """Field values and problems for each row of ``batch``, worked column by column.

        Columns of repeating values (dates, channels, couriers) are looked up in a cache with
        ``map`` — a loop in C — so only values never seen before reach their parser; this is
        what keeps a million-row import fast.
        """
        size = len(batch)
        raws = [row for _, row in batch]
        problems: list[list[RowError]] = [[] for _ in range(size)]
        broken = set()
        for index, (number, row) in enumerate(batch):
            problem = _structural_problem(row) if len(row) < 4 or "__width__" in row else None
            if problem is not None:
                broken.add(index)
                problems[index].append(RowError(self.file, number, "", f"row {problem}"))
        columns: list[list[Any]] = []
        for name, column, parse, required, cache in self.fields:
            cells = [row.get(column) for row in raws]
            values: list[Any] = [None] * size
            if cache is not None:
                try:
                    values = list(map(cache.get, cells))
                except TypeError:  # an unhashable cell (a JSON list): parse every value
                    values = [None] * size
            for index in [i for i, value in enumerate(values) if value is None]:
                raw = cells[index]
                if broken and index in broken:
                    continue
                if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
                    if required:
                        problems[index].append(
                            RowError(self.file, batch[index][0], column, f"{name} is required")
                        )
                    continue
                try:
                    value = parse(raw)
                except ValueParseError as exc:
                    problems[index].append(RowError(self.file, batch[index][0], column, str(exc)))
                    continue
                values[index] = value
                if cache is not None and isinstance(raw, str):
                    if len(cache) >= _CACHE_LIMIT:
                        cache.clear()
                    cache[raw] = value
            columns.append(values)
        names = [field[0] for field in self.fields]
        parsed = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
        if not parsed:
            parsed = [{} for _ in range(size)]
        for values, row in zip(parsed, raws, strict=True):
            if self.derive_key:
                values["external_id"] = _content_key(row, self.key_columns)
            if self.keep_extra:
                values[EXTRA] = {
                    name: row.get(column)
                    for name, column in zip(self.extra_names, self.extra, strict=True)
                }
        return list(zip(parsed, problems, strict=True))


class _Rejects:
    """The rejected rows, written as the original columns plus row number and reason."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle)
        self.columns = columns
        self.writer.writerow(["row", "reason", *columns])

    def add(self, number: int, reasons: list[RowError], row: Row) -> None:
        reason = "; ".join(f"{e.column}: {e.reason}" if e.column else e.reason for e in reasons)
        self.writer.writerow([number, reason, *(row.get(c, "") for c in self.columns)])

    def close(self) -> None:
        self.handle.close()


def _batches(rows: Iterator[tuple[int, Row]], size: int) -> Iterator[list[tuple[int, Row]]]:
    batch: list[tuple[int, Row]] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_file(
    kind: str,
    path: str | Path,
    *,
    store: Store,
    source: str | None = None,
    mapping: Mapping[str, str] | None = None,
    mapping_file: MappingFile | None = None,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    survey: str | None = None,
    tz: tzinfo | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import ``path`` as ``kind`` (``customers``, ``orders``, ...; see :data:`KIND_NAMES`).

    Returns the report; raises :class:`ImportRejected` (holding the report) when rows were bad
    and ``skip_invalid`` is off, in which case nothing was written.
    """
    if kind not in WRITERS:
        msg = f"cannot import {kind!r}; Suara imports {', '.join(KIND_NAMES)}"
        raise UnknownImportKind(msg)
    path = Path(path)
    spec = kind_spec(kind, tz or ZoneInfo("Asia/Jakarta"))
    rows = open_rows(path, delimiter=delimiter, encoding=encoding, sheet=sheet)
    collecting = gc.isenabled()
    gc.disable()  # an import allocates millions of short-lived, acyclic objects: GC only costs
    try:
        return _import(
            kind,
            path,
            spec,
            rows,
            store=store,
            source=source,
            mapping=mapping,
            mapping_file=mapping_file,
            skip_invalid=skip_invalid,
            rejects_path=rejects_path,
            survey=survey,
            progress=progress,
            batch_size=batch_size,
        )
    finally:
        rows.close()
        if collecting:
            gc.enable()


def _import(
    kind: str,
    path: Path,
    spec: KindSpec,
    rows: RowSource,
    *,
    store: Store,
    source: str | None,
    mapping: Mapping[str, str] | None,
    mapping_file: MappingFile | None,
    skip_invalid: bool,
    rejects_path: Path | None,
    survey: str | None,
    progress: Progress | None,
    batch_size: int,
) -> ImportReport:
    explicit = dict(mapping_file.columns if mapping_file else {}) | dict(mapping or {})
    resolved = _resolve(spec, rows, explicit)
    source = source or (mapping_file.source if mapping_file else None) or DEFAULT_SOURCE
    report = ImportReport(
        kind,
        str(path),
        source,
        rows.format,
        ignored_columns=resolved.ignored_columns,
        mapping=dict(resolved.field_to_column),
    )
    started = datetime.now(UTC)
    with store.bulk_connection() as connection:
        transaction = connection.begin()
        try:
            _run(
                spec,
                rows,
                resolved,
                report,
                connection,
                survey=survey,
                skip_invalid=skip_invalid,
                rejects_path=rejects_path,
                progress=progress,
                batch_size=batch_size,
                now=started,
            )
        except DBAPIError as exc:
            transaction.rollback()
            msg = f"{path.name}: the database refused the import, nothing was written: {exc.orig}"
            raise ImportRejected(msg, report) from exc
        except BaseException:
            transaction.rollback()
            raise
        if report.errors and not skip_invalid:
            transaction.rollback()
            msg = (
                f"{path.name}: {report.rows_rejected} of {report.rows_read} rows are invalid; "
                "nothing was written (fix them, or pass --skip-invalid to import the good rows)"
            )
            raise ImportRejected(msg, report)
        problems = store.foreign_key_problems(connection)
        if problems:
            transaction.rollback()
            msg = f"{path.name}: references would break, nothing was written: {problems[0]}"
            raise ImportRejected(msg, report)
        connection.execute(
            schema.import_runs.insert(),
            {
                "kind": kind,
                "file_name": path.name,
                "source": source,
                "started_at": started,
                "finished_at": datetime.now(UTC),
                "rows_read": report.rows_read,
                "rows_written": report.rows_written,
                "rows_rejected": report.rows_rejected,
            },
        )
        transaction.commit()
        report.committed = True
    return report


def _resolve(spec: KindSpec, rows: RowSource, explicit: dict[str, str]) -> ResolvedMapping:
    fields = {fs.name: fs.aliases for fs in spec.fields}
    resolved = resolve_mapping(rows.columns, fields, explicit, keep_extra=spec.keep_extra)
    missing = [
        fs.name for fs in spec.fields if fs.required and fs.name not in resolved.field_to_column
    ]
    if missing:
        msg = (
            f"{rows.path.name}: no column for required field(s) {', '.join(missing)}; the file "
            f"has {', '.join(rows.columns) or 'no columns'} — map one with --map COLUMN=FIELD"
        )
        raise MappingError(msg)
    return resolved


def _run(
    spec: KindSpec,
    rows: RowSource,
    resolved: ResolvedMapping,
    report: ImportReport,
    connection: Connection,
    *,
    survey: str | None,
    skip_invalid: bool,
    rejects_path: Path | None,
    progress: Progress | None,
    batch_size: int,
    now: datetime,
) -> None:
    parser = _RowParser(spec, resolved, rows.path.name)
    writer = WRITERS[spec.name]
    context = WriteContext(connection, report.source, now, rows.path.name, survey=survey)
    context.state["extra_columns"] = parser.extra_names
    rejects: _Rejects | None = None
    if skip_invalid:
        target = rejects_path or rows.path.with_name(f"{rows.path.stem}.rejected.csv")
        rejects = _Rejects(target, rows.columns)
        report.rejects_path = target
    try:
        for raw_batch in _batches(rows.rows, batch_size):
            good: list[Parsed] = []
            raw_by_number: dict[int, Row] = {}
            parsed = parser.parse_batch(raw_batch)
            for (number, raw), (values, errors) in zip(raw_batch, parsed, strict=True):
                report.rows_read += 1
                if errors:
                    report.errors.extend(errors)
                    report.rows_rejected += 1
                    if rejects is not None:
                        rejects.add(number, errors, raw)
                else:
                    good.append((number, values))
                    raw_by_number[number] = raw
            if good and (skip_invalid or not report.errors):
                write_errors = writer(context, good)
                failed = _group(write_errors)
                report.errors.extend(write_errors)
                report.rows_rejected += len(failed)
                report.rows_written += len(good) - len(failed)
                if rejects is not None:
                    for number, errors in failed.items():
                        rejects.add(number, errors, raw_by_number[number])
            if progress is not None:
                progress(report.rows_read, rows.total)
    finally:
        if rejects is not None:
            rejects.close()
    if not skip_invalid and report.errors:
        report.rows_written = 0


def _group(errors: list[RowError]) -> dict[int, list[RowError]]:
    grouped: dict[int, list[RowError]] = {}
    for error in errors:
        grouped.setdefault(error.row, []).append(error)
    return grouped
