"""Rows to field values: every cell parsed, every problem in a row collected with its place.

Work is done column by column so that the per-cell cost is a C loop wherever possible; this
module has no database access, so it can run in a helper process (see :mod:`.pipeline`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from suara.domain.errors import ValueParseError
from suara.ingest.fields import EXTRA, Parser
from suara.ingest.kinds import KindSpec
from suara.ingest.mapping import ResolvedMapping
from suara.ingest.readers import Row
from suara.ingest.report import RowError

_CACHE_LIMIT = 200_000


def structural_problem(row: Row) -> str | None:
    """Why the reader could not split ``row`` into fields, or None for a well-formed row."""
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


class RowParser:
    """Turns one raw row into field values, collecting every problem in it."""

    def __init__(self, spec: KindSpec, mapping: ResolvedMapping, file: str) -> None:
        self.file = file
        self.fields: list[tuple[str, str, Parser, bool, dict[Any, Any] | None]] = [
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

    def parse_batch(
        self, batch: list[tuple[int, Row]]
    ) -> tuple[list[dict[str, Any]], dict[int, list[RowError]]]:
        """Field values for each row of ``batch`` and the problems of the bad ones (by index)."""
        columns, problems = self.parse_columns(batch)
        return records_of(columns, len(batch)), problems

    def parse_columns(
        self, batch: list[tuple[int, Row]]
    ) -> tuple[dict[str, list[Any]], dict[int, list[RowError]]]:
        """Field values of ``batch`` column by column, and the problems of the bad rows.

        Cells are picked with ``map`` and ``itemgetter`` and columns of repeating values
        (dates, channels, couriers) are looked up in a cache the same way — loops in C — so
        only values never seen before reach their parser; this is what keeps a million-row
        import fast.
        """
        size = len(batch)
        raws = [row for _, row in batch]
        problems: dict[int, list[RowError]] = {}
        broken: set[int] = set()
        for index in [i for i, row in enumerate(raws) if len(row) < 4 or "__width__" in row]:
            problem = structural_problem(raws[index])
            if problem is not None:
                broken.add(index)
                problems[index] = [RowError(self.file, batch[index][0], "", f"row {problem}")]
        columns: dict[str, list[Any]] = {}
        for name, column, parse, required, cache in self.fields:
            try:
                cells = list(map(itemgetter(column), raws))
            except KeyError:  # a JSON record without this key, or a broken row
                cells = [row.get(column) for row in raws]
            values: list[Any] = [None] * size
            if cache is not None:
                try:
                    values = list(map(cache.get, cells))
                except TypeError:  # an unhashable cell (a JSON list): parse every value
                    values = [None] * size
            if cache is None or None in values:
                todo: Iterable[int] = (
                    [i for i, value in enumerate(values) if value is None]
                    if cache is not None
                    else range(size)
                )
                self._parse_cells(
                    name,
                    column,
                    parse,
                    required,
                    cache,
                    batch,
                    cells,
                    values,
                    todo,
                    problems,
                    broken,
                )
            columns[name] = values
        if self.derive_key:
            columns["external_id"] = [_content_key(row, self.key_columns) for row in raws]
        if self.keep_extra:
            pairs = list(zip(self.extra_names, self.extra, strict=True))
            columns[EXTRA] = [{name: row.get(column) for name, column in pairs} for row in raws]
        return columns, problems

    def _parse_cells(
        self,
        name: str,
        column: str,
        parse: Parser,
        required: bool,
        cache: dict[Any, Any] | None,
        batch: list[tuple[int, Row]],
        cells: list[Any],
        values: list[Any],
        todo: Iterable[int],
        problems: dict[int, list[RowError]],
        broken: set[int],
    ) -> None:
        """Parse the cells at ``todo`` into ``values``, recording each problem by row."""
        for index in todo:
            raw = cells[index]
            if broken and index in broken:
                continue
            if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
                if required:
                    problems.setdefault(index, []).append(
                        RowError(self.file, batch[index][0], column, f"{name} is required")
                    )
                continue
            try:
                value = parse(raw)
            except ValueParseError as exc:
                problems.setdefault(index, []).append(
                    RowError(self.file, batch[index][0], column, str(exc))
                )
                continue
            values[index] = value
            if cache is not None and isinstance(raw, str):
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[raw] = value


def records_of(columns: dict[str, list[Any]], size: int) -> list[dict[str, Any]]:
    """The rows of ``columns`` as one dict each (for writers that work row by row)."""
    if not columns:
        return [{} for _ in range(size)]
    names = list(columns)
    return [dict(zip(names, cells, strict=True)) for cells in zip(*columns.values(), strict=True)]
