"""``suara metrics NAME`` and ``suara report``: KPIs with their intervals, on any engine."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from suara.domain.errors import MetricInputError
from suara.i18n import Translator
from suara.metrics.catalog import METRICS, MetricQuery, Row, metric
from suara.metrics.report import KpiLine, KpiReport
from suara.terminal import out, reports_errors, start

MetricName = StrEnum("MetricName", {n.upper().replace("-", "_"): n for n in METRICS})  # type: ignore[misc]
PERIODS = ("day", "week", "month", "quarter")


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def parse_where(pairs: list[str]) -> dict[str, object]:
    """``column=value`` (``column=a,b`` for any of several) into a metrics filter."""
    where: dict[str, object] = {}
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column.strip():
            msg = f"--where {pair!r}: write COLUMN=VALUE, e.g. --where channel=app"
            raise MetricInputError(msg)
        values = [v.strip() for v in value.split(",")]
        where[column.strip()] = values if len(values) > 1 else values[0]
    return where


def _check_columns(name: str, by: list[str], where: dict[str, object]) -> None:
    allowed = set(metric(name).breakdowns) | set(PERIODS)
    for option, columns in (("--by", by), ("--where", list(where))):
        for column in columns:
            if column not in allowed and not (option == "--where" and column in PERIODS):
                choices = ", ".join(sorted(allowed))
                msg = f"{option} {column!r}: {name} breaks down by {choices}"
                raise MetricInputError(msg)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise MetricInputError(f"--as-of {text!r}: write a date as YYYY-MM-DD") from None


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render_rows(rows: list[Row], output: OutputFormat) -> str:
    """CSV or JSON text of flat metric rows (every column, intervals and flags included)."""
    plain = [{k: _plain(v) for k, v in row.items()} for row in rows]
    if output is OutputFormat.JSON:
        return json.dumps(plain, ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    columns = list(dict.fromkeys(k for row in plain for k in row))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(plain)
    return buffer.getvalue()


def _figure(row: Row, column: str, _: Translator) -> str:
    value = row.get(column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = _.number(value, decimals=1)
    low, high = row.get(f"{column}_low"), row.get(f"{column}_high")
    if isinstance(low, float) and isinstance(high, float) and math.isfinite(low + high):
        text += f" [{_.number(low, decimals=1)} – {_.number(high, decimals=1)}]"
    return text


def _table(name: str, rows: list[Row], _: Translator) -> Table:
    headline = metric(name).headline
    first = list(rows[0])
    by = first[: first.index("n")]  # rows hold their group's keys first, then n
    table = Table(*by, _(f"metric.{name}"), "n", _("metrics.flag"))
    for row in rows:
        keys = [str(_plain(row[b])) for b in by]
        flag = _("metrics.small_sample") if row.get("small_sample") else ""
        table.add_row(*keys, _figure(row, headline, _), _.number(row["n"]), flag)
    return table


def metrics_command(
    name: Annotated[MetricName, typer.Argument(help="Which metric.")],
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Break down by a column or day/week/month/quarter; repeat."),
    ] = None,
    where: Annotated[
        list[str] | None, typer.Option("--where", help="COLUMN=VALUE[,VALUE…]; repeat.")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output.")] = OutputFormat.TABLE,
    data: Annotated[
        str | None,
        typer.Option(help="Compute over other data: Parquet/CSV files, duckdb://, spark://local."),
    ] = None,
    min_n: Annotated[int, typer.Option(min=1, help="Groups below this n are flagged.")] = 30,
    as_of: Annotated[
        str | None,
        typer.Option(help="Repeat purchase, churn: look back from this date (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Compute one KPI with its 95% interval, broken down and filtered as asked."""
    suara, _ = start()
    filters = parse_where(where or [])
    groups = list(by or [])
    _check_columns(name.value, groups, filters)
    query = MetricQuery(
        by=groups,
        where=filters,
        timezone=suara.settings.timezone,
        min_n=min_n,
        as_of=_day(as_of),
    )
    rows = suara.metric_rows(name.value, query, data_url=data)
    if output is not OutputFormat.TABLE:
        out.print(render_rows(rows, output), markup=False, end="")
        return
    if not rows:
        out.print(_("metrics.no_data", metric=name.value))
        return
    out.print(_table(name.value, rows, _))


def _change(line: KpiLine, _: Translator) -> str:
    if line.change is None:
        return "–"
    text = ("+" if line.change >= 0 else "") + _.number(line.change, decimals=1)
    if line.p_value is None:
        return text
    key = "report.significant" if line.significant else "report.not_significant"
    return f"{text} ({_(key, p=_.number(line.p_value, decimals=3))})"


def _print_report(report: KpiReport, _: Translator) -> None:
    table = Table(_("report.kpi"), _("report.month"), _("report.value"), "n", _("report.change"))
    for line in report.lines:
        row: Row = {"v": line.value, "v_low": line.low, "v_high": line.high}
        flag = f" ⚠ {_('metrics.small_sample')}" if line.small_sample else ""
        month = line.month.strftime("%Y-%m") if line.month else "–"
        table.add_row(
            _(f"metric.{line.metric}"),
            month,
            _figure(row, "v", _) + flag,
            _.number(line.n),
            _change(line, _),
        )
    out.print(table)
    segments = Table(_("report.segment"), _("report.value"), "n", _("metrics.flag"))
    for segment in report.segments:
        value = _figure({"v": segment.value, "v_low": segment.low, "v_high": segment.high}, "v", _)
        flag = _("metrics.small_sample") if segment.small_sample else ""
        label = f"{_(f'metric.{segment.metric}')} · {segment.column} = {segment.segment}"
        segments.add_row(label, value, _.number(segment.n), flag)
    out.print(segments)


def report_command(
    as_of: Annotated[
        str | None, typer.Option(help="Report the month before this date (YYYY-MM-DD).")
    ] = None,
    data: Annotated[str | None, typer.Option(help="Compute over other data (see metrics).")] = None,
    min_n: Annotated[int, typer.Option(min=1, help="Groups below this n are flagged.")] = 30,
) -> None:
    """The headline KPIs with intervals, month-on-month change and too-small segments."""
    suara, _ = start()
    day = _day(as_of) or datetime.now(ZoneInfo(suara.settings.timezone)).date()
    query = MetricQuery(timezone=suara.settings.timezone, min_n=min_n)
    report = suara.kpi_report(as_of=day, query=query, data_url=data)
    if suara.demo_loaded() and data is None:
        out.print(f"[bold yellow]{_('store.synthetic')}[/]")
    out.print(_("report.title", date=day.isoformat(), zone=suara.settings.timezone))
    if not report.lines:
        out.print(_("report.empty"))
        return
    _print_report(report, _)
    out.print(_("report.legend", min_n=min_n))


def register(app: typer.Typer) -> None:
    app.command("metrics")(reports_errors(metrics_command))
    app.command("report")(reports_errors(report_command))
