"""Idempotent batch writes: insert new rows, update known ones, never duplicate.

An empty cell never erases a stored value (``COALESCE(new, old)``): a later, thinner export of
the same orders must not wipe the delivery dates an earlier one brought.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from sqlalchemy import JSON, Connection, Date, Table, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from suara.storage.types import UtcDateTime

_CHUNK = 500


def _upsert_statement(
    table: Table, columns: Sequence[str], key: Sequence[str], dialect: str
) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    excluded = statement.excluded
    update = {c: func.coalesce(excluded[c], table.c[c]) for c in columns if c not in key}
    if update:
        return statement.on_conflict_do_update(index_elements=list(key), set_=update)
    return statement.on_conflict_do_nothing(index_elements=list(key))


def _sqlite_value(column_type: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy would store a value in SQLite, for the types the fast path meets."""
    if isinstance(column_type, UtcDateTime):
        return _sqlite_datetime
    if isinstance(column_type, Date):
        return _sqlite_date
    return None


def _sqlite_datetime(value: datetime | None) -> str | None:
    """``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, SQLAlchemy's SQLite storage format."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(sep=" ", timespec="microseconds")[:26]


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class _DriverStatement:
    """An upsert compiled once, fed with DB-API parameters that need no per-value processing."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    positional: bool

    def parameters(self, columns: Mapping[str, list[Any]]) -> list[Any]:
        """DB-API parameters, one per row, from the statement's columns."""
        cells = []
        for name, convert in zip(self.names, self.converters, strict=True):
            column = columns[name]
            cells.append(_converted(column, convert) if convert is not None else column)
        if self.positional:
            return list(zip(*cells, strict=True))
        return [dict(zip(self.names, row, strict=True)) for row in zip(*cells, strict=True)]


_ISO_MICROSECONDS = methodcaller("isoformat", " ", "microseconds")
_WITHOUT_OFFSET = itemgetter(slice(0, 26))
_TZINFO = attrgetter("tzinfo")


def _converted(cells: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` over ``cells``, once per distinct value where values repeat (dates, stamps).

    A sample decides: hashing a million distinct timestamps costs more than it saves. Distinct
    UTC timestamps, the commonest case, are formatted by C loops alone.
    """
    sample = cells[:256]
    if len(set(sample)) > 0.9 * len(sample):
        if convert is _sqlite_datetime and None not in cells and set(map(_TZINFO, cells)) == {UTC}:
            return list(map(_WITHOUT_OFFSET, map(_ISO_MICROSECONDS, cells)))
        return list(map(convert, cells))
    distinct = dict.fromkeys(cells)
    for value in distinct:
        distinct[value] = convert(value)
    return list(map(distinct.__getitem__, cells))


_COMPILED: dict[tuple[str, tuple[str, ...], tuple[str, ...], str], _DriverStatement | None] = {}


def _driver_statement(
    connection: Connection, table: Table, columns: tuple[str, ...], key: tuple[str, ...]
) -> _DriverStatement | None:
    """The compiled upsert (a plain insert when ``key`` is empty), or ``None`` where the table
    needs SQLAlchemy's own processing."""
    dialect = connection.dialect
    cache_key = (table.name, columns, key, dialect.name)
    if cache_key not in _COMPILED:
        if any(isinstance(table.c[c].type, JSON) for c in columns):
            _COMPILED[cache_key] = None
        else:
            statement = (
                _upsert_statement(table, columns, key, dialect.name) if key else table.insert()
            )
            compiled = statement.compile(dialect=dialect, column_keys=list(columns))
            names = tuple(compiled.positiontup or columns)
            positional = dialect.paramstyle in {"qmark", "numeric", "format"}
            converters = tuple(
                _sqlite_value(table.c[n].type) if dialect.name == "sqlite" else None for n in names
            )
            _COMPILED[cache_key] = _DriverStatement(str(compiled), names, converters, positional)
    return _COMPILED[cache_key]


def upsert(
    connection: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    *,
    key: Sequence[str],
    columns: Sequence[str] | None = None,
) -> None:
    """Insert ``rows`` or update the ones whose ``key`` exists.

    The columns written are ``columns``, or else the keys of the first row (then all rows
    must share one shape); other keys of the rows are ignored.
    """
    if not rows:
        return
    names = tuple(columns) if columns is not None else tuple(rows[0])
    upsert_columns(connection, table, _columns_of(rows, names), key=key)


def upsert_columns(
    connection: Connection, table: Table, columns: Mapping[str, list[Any]], *, key: Sequence[str]
) -> None:
    """Insert the rows held as ``columns`` (name -> values) or update those whose key exists.

    Bulk imports spend most of their time here, so the statement is compiled once and the
    values go straight to the driver's ``executemany``, converted the way SQLAlchemy would
    store them, so reads through SQLAlchemy see exactly what its own writes produce. When a
    key repeats, the last row wins, as it would had the rows been written one by one.
    """
    columns = _last_per_key(columns, key)
    names = tuple(columns)
    if not names or not columns[names[0]]:
        return
    driver = _driver_statement(connection, table, names, tuple(key))
    if driver is None:
        cells = zip(*columns.values(), strict=True)
        rows = [dict(zip(names, values, strict=True)) for values in cells]
        connection.execute(_upsert_statement(table, names, key, connection.dialect.name), rows)
        return
    connection.exec_driver_sql(driver.sql, driver.parameters(columns))


def _columns_of(rows: list[dict[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {name: list(map(itemgetter(name), rows)) for name in names}


def _last_per_key(columns: Mapping[str, list[Any]], key: Sequence[str]) -> Mapping[str, list[Any]]:
    keys = list(zip(*(columns[k] for k in key), strict=True))
    last = dict(zip(keys, range(len(keys)), strict=True))
    if len(last) == len(keys):
        return columns
    keep = [last[k] for k in dict.fromkeys(keys)]  # where the key first stood, its last values
    return {name: [cells[i] for i in keep] for name, cells in columns.items()}


def insert_rows(
    connection: Connection, table: Table, rows: list[dict[str, Any]], *, columns: Sequence[str]
) -> None:
    """A plain ``INSERT`` of ``rows`` (new rows only: a clash on a key is an error)."""
    if not rows:
        return
    names = tuple(columns)
    driver = _driver_statement(connection, table, names, ())
    if driver is None:
        connection.execute(table.insert(), [{c: row[c] for c in names} for row in rows])
        return
    connection.exec_driver_sql(driver.sql, driver.parameters(_columns_of(rows, names)))


def lookup_ids(
    connection: Connection,
    table: Table,
    source: str,
    external_ids: Iterable[str],
    *,
    extra: dict[str, Any] | None = None,
) -> dict[str, int]:
    """``external_id -> id`` for the ids of ``source`` that are stored."""
    wanted = list(dict.fromkeys(external_ids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(table.c.external_id, table.c.id).where(
            table.c.source == source, table.c.external_id.in_(chunk)
        )
        for column, value in (extra or {}).items():
            query = query.where(table.c[column] == value)
        found.update({row[0]: row[1] for row in connection.execute(query)})
    return found


def lookup_pairs(
    connection: Connection, table: Table, columns: tuple[str, str], pairs: Iterable[tuple[Any, Any]]
) -> dict[tuple[Any, Any], int]:
    wanted = list(dict.fromkeys(pairs))
    found: dict[tuple[Any, Any], int] = {}
    left, right = table.c[columns[0]], table.c[columns[1]]
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(left, right, table.c.id).where(tuple_(left, right).in_(chunk))
        found.update({(a, b): row_id for a, b, row_id in connection.execute(query)})
    return found
