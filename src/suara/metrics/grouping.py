"""Breakdowns shared by every metric: filters, group columns and calendar periods.

The engine only counts rows per group; everything calendar-related is decided here in Python,
so a week or a quarter means the same thing on SQLite, PostgreSQL, DuckDB and Spark. Stored
times are UTC; periods are cut in the store's time zone (default ``Asia/Jakarta``, WIB). For
zones with a constant offset (all of Indonesia's) the engine buckets by local day; for zones
with daylight saving it buckets by 15 minutes of UTC and Python assigns each bucket its local
date, which is exact for every offset that is a multiple of 15 minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, Literal, TypeVar, cast, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from suara.domain.errors import MetricInputError

Period = Literal["day", "week", "month", "quarter"]
PERIODS: tuple[str, ...] = get_args(Period)
DEFAULT_TIMEZONE = "Asia/Jakarta"
DEFAULT_TIME_COLUMN = "submitted_at"
Filter = Mapping[str, object]
GroupKey = tuple[Any, ...]

R = TypeVar("R")
_EPOCH = date(1970, 1, 1)
_DAY = 86_400
_SLICE = 900
_BUCKET = "_suara_time_bucket"


@dataclass(frozen=True, slots=True)
class GroupResult(Generic[R]):
    """One row of a broken-down metric: the group's key values, then its result.

    ``key`` maps each ``by`` name to its value (a period's first day for ``day``/``week``/
    ``month``/``quarter``), in ``by`` order; it is empty for an overall figure. ``invalid``
    counts the group's rows the metric had to leave out (an answer off the scale, a reply
    stamped before its ticket was opened).
    """

    key: Mapping[str, Any]
    invalid: int
    result: R


def period_start(day: date, period: Period) -> date:
    """First day of the ``period`` containing ``day``; weeks start on Monday (ISO 8601)."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def fixed_offset_seconds(zone: ZoneInfo) -> int | None:
    """The zone's UTC offset when it has not changed since 1970 nor will up to 2100, else None.

    Sampled twice a year (January and July catch daylight saving in both hemispheres).
    """
    offsets = set()
    for year in range(1970, 2101):
        for month in (1, 7):
            offset = datetime(year, month, 15, tzinfo=UTC).astimezone(zone).utcoffset()
            offsets.add(offset)
            if len(offsets) > 1:
                return None
    (offset,) = offsets
    return None if offset is None else int(offset.total_seconds())


def time_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or a :class:`MetricInputError` that says how to spell one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        msg = f"unknown time zone {name!r}; use an IANA name such as 'Asia/Jakarta'"
        raise MetricInputError(msg) from exc


def check_columns(table: Any, names: Sequence[str], *, argument: str) -> None:
    """Raise a :class:`MetricInputError` naming the missing columns and the ones there are."""
    missing = [name for name in names if name not in table.columns]
    if missing:
        available = ", ".join(table.columns)
        msg = f"{argument}: no column {', '.join(map(repr, missing))}; available: {available}"
        raise MetricInputError(msg)


def apply_where(table: Any, where: Filter | None) -> Any:
    """Keep rows where every column equals its value (a list or tuple means "any of")."""
    if not where:
        return table
    check_columns(table, list(where), argument="where")
    for column, wanted in where.items():
        field = table[column]
        if wanted is None:
            table = table.filter(field.isnull())
        elif isinstance(wanted, list | tuple | set | frozenset):
            table = table.filter(field.isin(list(wanted)))
        else:
            table = table.filter(field == wanted)
    return table


def epoch_seconds(timestamp: Any) -> Any:
    """Whole seconds since 1970 (UTC), floored, as a 64-bit integer on every engine.

    ibis' ``epoch_seconds`` truncates on SQLite, PostgreSQL and Spark but yields a fraction on
    DuckDB (which then fails to convert); flooring through a float makes all four agree.
    """
    return timestamp.epoch_seconds().cast("float64").floor().cast("int64")


def _day_decoder(zone: ZoneInfo) -> tuple[Callable[[Any], Any], Callable[[int], date]]:
    offset = fixed_offset_seconds(zone)
    if offset is not None:

        def local_day(ts: Any) -> Any:
            return (epoch_seconds(ts) + offset) // _DAY

        return local_day, lambda days: _EPOCH + timedelta(days=int(days))

    def utc_slice(ts: Any) -> Any:
        return epoch_seconds(ts) // _SLICE

    def slice_day(index: int) -> date:
        return datetime.fromtimestamp(int(index) * _SLICE, UTC).astimezone(zone).date()

    return utc_slice, slice_day


def grouped_counts(
    table: Any,
    by: Sequence[str],
    *,
    values: Sequence[str] = (),
    where: Filter | None = None,
    time_column: str = DEFAULT_TIME_COLUMN,
    timezone: str = DEFAULT_TIMEZONE,
) -> dict[GroupKey, Counter[GroupKey]]:
    """Count rows per group and per combination of ``values``, in one engine query.

    ``by`` names columns, or a period (``day``, ``week``, ``month``, ``quarter``) of
    ``time_column`` in ``timezone``, whose key is the period's first day. Returns
    ``{group key: Counter({value tuple: rows})}``, the group key in ``by`` order.
    """
    table = apply_where(table, where)
    columns = [name for name in by if name not in PERIODS]
    check_columns(table, [*columns, *values], argument="by")
    periods = [name for name in by if name in PERIODS]
    decode: Callable[[int], date] | None = None
    if periods:
        check_columns(table, [time_column], argument="time_column")
        bucket, decode = _day_decoder(time_zone(timezone))
        table = table.mutate(**{_BUCKET: bucket(table[time_column])})
    keys = [*columns, *([_BUCKET] if periods else []), *values]
    rows = table.group_by(keys).aggregate(_rows=table.count()).to_pyarrow().to_pylist()
    result: dict[GroupKey, Counter[GroupKey]] = {}
    for row in rows:
        bucket_day = None
        if decode is not None and row[_BUCKET] is not None:
            bucket_day = decode(row[_BUCKET])
        key = tuple(_period_key(bucket_day, name) if name in PERIODS else row[name] for name in by)
        value = tuple(row[name] for name in values)
        result.setdefault(key, Counter())[value] += int(row["_rows"])
    return dict(sorted(result.items(), key=lambda item: sort_key(item[0])))


def _period_key(day: date | None, period: str) -> date | None:
    return None if day is None else period_start(day, cast(Period, period))


def sort_key(key: GroupKey) -> tuple[tuple[bool, Hashable], ...]:
    """Order group keys with missing values last, whatever the column types."""
    return tuple((part is None, "" if part is None else part) for part in key)
