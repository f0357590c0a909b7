"""``import_file``: one file into the store, validated row by row, in one transaction.

By default an import is all-or-nothing: every row is checked, every problem reported, and the
store is left untouched when any row is bad. ``skip_invalid`` writes the good rows and saves the
rejected ones, with their reasons, to a file the user can fix and import again.
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from suara.domain.encoding import REPLACE_ERRORS
from suara.domain.errors import ImportRejected, MappingError, UnknownImportKind
from suara.ingest.kinds import KIND_NAMES, KindSpec, kind_spec
from suara.ingest.mapping import MappingFile, ResolvedMapping, resolve_mapping
from suara.ingest.pipeline import BatchJob, ParsedBatch, parsed_batches, use_helper_process
from suara.ingest.readers import Row, RowSource, open_rows
from suara.ingest.report import ImportReport, RowError
from suara.ingest.responses import write_responses
from suara.ingest.rowparser import RowParser
from suara.ingest.writers import (
    ColumnWriter,
    Parsed,
    WriteContext,
    Writer,
    write_comments,
    write_customers,
    write_order_columns,
    write_orders,
    write_products,
    write_reviews,
    write_tickets,
    write_touchpoints,
)
from suara.storage import Store, schema

DEFAULT_SOURCE = "default"
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
COLUMN_WRITERS: dict[str, ColumnWriter] = {"orders": write_order_columns}
"""Writers that take a batch's columns as parsed, skipping one dict per row."""


class _Rejects:
    """The rejected rows, written as the original columns plus row number and reason."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.handle = path.open("w", encoding="utf-8", newline="", errors=REPLACE_ERRORS)
        self.writer = csv.writer(self.handle)
        self.columns = columns
        self.writer.writerow(["row", "reason", *columns])

    def add(self, number: int, reasons: list[RowError], row: Row) -> None:
        reason = "; ".join(f"{e.column}: {e.reason}" if e.column else e.reason for e in reasons)
        self.writer.writerow([number, reason, *(row.get(c, "") for c in self.columns)])

    def close(self) -> None:
        self.handle.close()


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
    parallel: bool | None = None,
) -> ImportReport:
    """Import ``path`` as ``kind`` (``customers``, ``orders``, ...; see :data:`KIND_NAMES`).

    Returns the report; raises :class:`ImportRejected` (holding the report) when rows were bad
    and ``skip_invalid`` is off, in which case nothing was written. ``parallel`` reads and
    parses in a helper process; by default big CSV, JSON Lines and Parquet files do.
    """
    if kind not in WRITERS:
        msg = f"cannot import {kind!r}; Suara imports {', '.join(KIND_NAMES)}"
        raise UnknownImportKind(msg)
    path = Path(path)
    tz = tz or ZoneInfo("Asia/Jakarta")
    spec = kind_spec(kind, tz)
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
            job=BatchJob(
                kind,
                path,
                tz,
                ResolvedMapping({}, ()),
                batch_size,
                keep_raws=skip_invalid,
                delimiter=_delimiter(rows, delimiter),
                encoding=rows.details.get("encoding", encoding),
                sheet=sheet,
            ),
            parallel=parallel,
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
    job: BatchJob,
    parallel: bool | None,
) -> ImportReport:
    explicit = dict(mapping_file.columns if mapping_file else {}) | dict(mapping or {})
    resolved = _resolve(spec, rows, explicit)
    job = replace(job, mapping=resolved)
    if parallel is None:
        parallel = use_helper_process(rows.format, rows.total)
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
                job=job,
                parallel=parallel,
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
    job: BatchJob,
    parallel: bool,
    now: datetime,
) -> None:
    writer = WRITERS[spec.name]
    context = WriteContext(connection, report.source, now, rows.path.name, survey=survey)
    context.state["extra_columns"] = RowParser(spec, resolved, rows.path.name).extra_names
    rejects: _Rejects | None = None
    if skip_invalid:
        target = rejects_path or rows.path.with_name(f"{rows.path.stem}.rejected.csv")
        rejects = _Rejects(target, rows.columns)
        report.rejects_path = target
    try:
        for batch in parsed_batches(job, rows, parallel=parallel):
            report.rows_read += len(batch.numbers)
            if batch.problems:
                good = _report_problems(batch, report, rejects)
            elif spec.name in COLUMN_WRITERS:
                good = None
            else:
                good = list(zip(batch.numbers, batch.records, strict=True))
            if skip_invalid or not report.errors:
                if good is None:
                    written = len(batch.numbers)
                    write_errors = COLUMN_WRITERS[spec.name](context, batch.numbers, batch.columns)
                else:
                    written = len(good)
                    write_errors = writer(context, good) if good else []
                failed = _group(write_errors)
                report.errors.extend(write_errors)
                report.rows_rejected += len(failed)
                report.rows_written += written - len(failed)
                if rejects is not None and failed and batch.raws is not None:
                    raw_by_number = dict(zip(batch.numbers, batch.raws, strict=True))
                    for number, errors in failed.items():
                        rejects.add(number, errors, raw_by_number[number])
            if progress is not None:
                progress(report.rows_read, rows.total)
    finally:
        if rejects is not None:
            rejects.close()
    if not skip_invalid and report.errors:
        report.rows_written = 0


def _report_problems(
    batch: ParsedBatch, report: ImportReport, rejects: _Rejects | None
) -> list[Parsed]:
    """Record the batch's bad rows (and save them as rejects); return its good rows."""
    good: list[Parsed] = []
    records = batch.records
    for index, number in enumerate(batch.numbers):
        errors = batch.problems.get(index)
        if not errors:
            good.append((number, records[index]))
            continue
        report.errors.extend(errors)
        report.rows_rejected += 1
        if rejects is not None and batch.raws is not None:
            rejects.add(number, errors, batch.raws[index])
    return good


def _delimiter(rows: RowSource, given: str | None) -> str | None:
    """The delimiter the file was read with, so a helper process need not detect it again."""
    detected = rows.details.get("delimiter")
    return given or {"tab": "\t"}.get(detected or "", detected)


def _group(errors: list[RowError]) -> dict[int, list[RowError]]:
    grouped: dict[int, list[RowError]] = {}
    for error in errors:
        grouped.setdefault(error.row, []).append(error)
    return grouped
