"""Named metrics: one registry that the command line, reports and dashboards all read.

Each entry says which store tables it needs and turns its typed results into flat rows (group
keys, then the figures with their intervals) so any front end can print, export or chart them
without knowing the result types. Built-in metrics register the same way a plugin would.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from suara.domain.errors import MetricInputError
from suara.metrics import fulfilment, movement, pyramid, reviews, support, survey
from suara.metrics.breakdowns import CATEGORY, order_categories
from suara.metrics.grouping import DEFAULT_TIMEZONE, Filter, GroupResult
from suara.metrics.stats import DEFAULT_MIN_N, MeanResult, NpsResult, ProportionResult
from suara.metrics.support import DurationSummary, SupportResult
from suara.metrics.survey import ScaleResult

Row = dict[str, Any]
TableSource = Callable[[str], Any]
"""``name -> ibis table`` for the store's tables (``answers``, ``orders``, ...)."""


@dataclass(frozen=True, slots=True)
class MetricQuery:
    """What to compute: breakdown, filters, the zone periods are cut in, the small-n bar."""

    by: Sequence[str] = ()
    where: Filter | None = None
    timezone: str = DEFAULT_TIMEZONE
    min_n: int = DEFAULT_MIN_N
    as_of: date | None = None
    """Customer-movement metrics look back from here (default: today in ``timezone``)."""
    months: int = 12
    """How many whole months before ``as_of`` the movement metrics cover."""

    def reference_day(self) -> date:
        return self.as_of or datetime.now(ZoneInfo(self.timezone)).date()


@dataclass(frozen=True, slots=True)
class MetricDefinition:
    """A metric by name: how to compute it, and its headline figure (for reports)."""

    name: str
    tables: tuple[str, ...]
    compute: Callable[[TableSource, MetricQuery], list[GroupResult[Any]]]
    flatten: Callable[[Any], Row]
    headline: str
    """The flat column that is the metric's one number (its interval: ``<headline>_low``/
    ``_high``, its standard error ``_se`` where one exists); the name says the unit."""
    breakdowns: tuple[str, ...]
    """Columns ``by`` and ``where`` may name, besides the periods day/week/month/quarter."""


METRICS: dict[str, MetricDefinition] = {}


def register(definition: MetricDefinition) -> MetricDefinition:
    if definition.name in METRICS:
        msg = f"a metric named {definition.name!r} is already registered"
        raise MetricInputError(msg)
    METRICS[definition.name] = definition
    return definition


def metric(name: str) -> MetricDefinition:
    try:
        return METRICS[name]
    except KeyError:
        known = ", ".join(sorted(METRICS))
        raise MetricInputError(f"no metric named {name!r}; Suara computes {known}") from None


def compute_rows(name: str, tables: TableSource, query: MetricQuery) -> list[Row]:
    """Metric ``name`` as flat rows: the group's keys, then ``n`` and the other figures, then
    ``invalid``."""
    definition = metric(name)
    rows = []
    for group in definition.compute(tables, query):
        row: Row = dict(group.key)
        row.update(definition.flatten(group.result))
        row["invalid"] = group.invalid
        rows.append(row)
    return rows


def _proportion(prefix: str, result: ProportionResult) -> Row:
    """A share as percentages, which is how every report states one."""
    return {
        prefix: 100 * result.estimate,
        f"{prefix}_low": 100 * result.ci_low,
        f"{prefix}_high": 100 * result.ci_high,
        f"{prefix}_se": 100 * result.se,
    }


def _mean(prefix: str, result: MeanResult) -> Row:
    return {
        prefix: result.estimate,
        f"{prefix}_low": result.ci_low,
        f"{prefix}_high": result.ci_high,
        f"{prefix}_se": result.se,
    }


def _nps_row(result: NpsResult) -> Row:
    return {
        "n": result.n,
        "nps": result.estimate,
        "nps_low": result.ci_low,
        "nps_high": result.ci_high,
        "nps_se": result.se,
        "promoters_pct": 100 * result.promoters / result.n,
        "detractors_pct": 100 * result.detractors / result.n,
        "ci_method": result.ci_method,
        "small_sample": result.small_sample,
    }


def _scale_row(result: ScaleResult) -> Row:
    return {
        "n": result.good_share.n,
        **_proportion("good_pct", result.good_share),
        **_mean("mean", result.mean),
        "scale": result.scale.name,
        "small_sample": result.good_share.small_sample,
    }


def _delivery_row(result: fulfilment.DeliveryResult) -> Row:
    n = result.on_time.n
    late = {days: count for days, count in result.late_days.items() if days > 0}
    return {
        "n": n,
        **_proportion("on_time_pct", result.on_time),
        "late_3_days_plus_pct": 100 * sum(c for d, c in late.items() if d >= 3) / n,
        "small_sample": result.on_time.small_sample,
    }


def _returns_row(result: fulfilment.ReturnsResult) -> Row:
    return {
        "n": result.orders,
        **_proportion("returned_pct", result.returned),
        **_proportion("refunded_pct", result.refunded),
        "small_sample": result.returned.small_sample,
    }


def _duration(prefix: str, summary: DurationSummary | None) -> Row:
    if summary is None:
        nan = math.nan
        return {f"{prefix}_median_min": nan, f"{prefix}_p90_min": nan, f"{prefix}_sla_pct": nan}
    return {
        f"{prefix}_median_min": summary.median_minutes,
        f"{prefix}_p90_min": summary.p90_minutes,
        f"{prefix}_sla_pct": 100 * summary.within_target.estimate,
        f"{prefix}_sla_pct_low": 100 * summary.within_target.ci_low,
        f"{prefix}_sla_pct_high": 100 * summary.within_target.ci_high,
    }


def _support_row(result: SupportResult) -> Row:
    replies = result.first_reply.n if result.first_reply else 0
    return {
        "n": result.tickets,
        "backlog": result.backlog,
        **_duration("first_reply", result.first_reply),
        **_duration("resolution", result.resolution),
        "small_sample": replies < DEFAULT_MIN_N,
    }


def _answers(tables: TableSource) -> Any:
    return survey.answer_table(
        tables("answers"),
        tables("responses"),
        questions=tables("questions"),
        customers=tables("customers"),
    )


def _options(query: MetricQuery) -> Mapping[str, Any]:
    return {
        "by": list(query.by),
        "where": query.where,
        "timezone": query.timezone,
        "min_n": query.min_n,
    }


_ANSWER_COLUMNS = ("channel", "language", "province", "city", "gender", "survey_id")
_ORDER_COLUMNS = (
    "channel",
    "courier",
    "shipping_province",
    "shipping_city",
    "status",
    CATEGORY,
)


def _orders(tables: TableSource, query: MetricQuery) -> Any:
    """The orders table, with a ``category`` column (one row per order and category of its
    lines) when the query breaks down or filters by category."""
    wanted = {*query.by, *(query.where or {})}
    if CATEGORY not in wanted:
        return tables("orders")
    return order_categories(
        tables("orders"), tables("order_lines"), tables("products"), tables("categories")
    )


_TICKET_COLUMNS = ("department", "agent", "channel", "priority", "status")


def _construct_row(score: pyramid.ConstructScore) -> Row:
    return {
        "n": score.respondents,
        **_mean("score", score.score),
        "raw_mean": score.raw_mean.estimate if score.raw_mean else math.nan,
        "alpha": math.nan if score.alpha is None else score.alpha,
        "small_sample": score.small_sample,
    }


def _per_construct(
    groups: Sequence[GroupResult[Any]], label: str, attribute: str
) -> list[GroupResult[pyramid.ConstructScore]]:
    """One row per dimension (or factor) of each group, the key naming it."""
    return [
        GroupResult({**group.key, label: name}, score.invalid, score)
        for group in groups
        for name, score in getattr(group.result, attribute).items()
    ]


def _movement_window(query: MetricQuery) -> tuple[Mapping[str, Any], list[str]]:
    """Start/end/period for the movement metrics: whole months before the reference day; a
    period in ``by`` becomes their ``period``, the rest stays a breakdown."""
    end = query.reference_day().replace(day=1)
    start = end
    for _ in range(query.months):
        start = (start.replace(day=1) - _ONE_DAY).replace(day=1)
    periods = [b for b in query.by if b in _PERIODS]
    rest = [b for b in query.by if b not in _PERIODS]
    window = {"start": start, "end": end, "period": periods[0] if periods else None}
    return window, rest


def _movement(function: Callable[..., Any]) -> Callable[[TableSource, MetricQuery], Any]:
    def compute(tables: TableSource, query: MetricQuery) -> Any:
        window, by = _movement_window(query)
        return function(_orders(tables, query), **window, **(dict(_options(query)) | {"by": by}))

    return compute


def _churn(tables: TableSource, query: MetricQuery) -> Any:
    orders = _orders(tables, query)
    return movement.churn(orders, as_of=query.reference_day(), **_options(query))


def _share_row(result: ProportionResult) -> Row:
    return {"n": result.n, **_proportion("pct", result), "small_sample": result.small_sample}


def _rating_row(result: reviews.RatingResult) -> Row:
    return {
        "n": result.mean.n,
        **_mean("mean", result.mean),
        **_proportion("top_two_pct", result.top_two),
        "small_sample": result.mean.small_sample,
    }


def _second_order_row(result: movement.SecondOrderResult) -> Row:
    return {
        "n": result.customers,
        **_proportion("repeated_pct", result.repeated),
        "median_days": math.nan if result.median_days is None else result.median_days,
        "p90_days": math.nan if result.p90_days is None else result.p90_days,
        "small_sample": result.repeated.small_sample,
    }


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)
_PERIODS = ("day", "week", "month", "quarter")
_SURVEY_TABLES = ("answers", "responses", "questions", "customers")
_FEEDBACK_COLUMNS = ("kind", "source", "channel", "language")
_BUILT_IN: tuple[
    tuple[str, tuple[str, ...], Any, Callable[[Any], Row], str, tuple[str, ...]], ...
] = (
    (
        "nps",
        _SURVEY_TABLES,
        lambda t, q: survey.nps(_answers(t), **_options(q)),
        _nps_row,
        "nps",
        _ANSWER_COLUMNS,
    ),
    (
        "csat",
        _SURVEY_TABLES,
        lambda t, q: survey.csat(_answers(t), **_options(q)),
        _scale_row,
        "good_pct",
        _ANSWER_COLUMNS,
    ),
    (
        "ces",
        _SURVEY_TABLES,
        lambda t, q: survey.ces(_answers(t), **_options(q)),
        _scale_row,
        "good_pct",
        _ANSWER_COLUMNS,
    ),
    (
        "on-time",
        ("orders",),
        lambda t, q: fulfilment.on_time_delivery(_orders(t, q), **_options(q)),
        _delivery_row,
        "on_time_pct",
        _ORDER_COLUMNS,
    ),
    (
        "returns",
        ("orders",),
        lambda t, q: fulfilment.returns_and_refunds(_orders(t, q), **_options(q)),
        _returns_row,
        "returned_pct",
        _ORDER_COLUMNS,
    ),
    (
        "support",
        ("support_tickets",),
        lambda t, q: support.support_times(t("support_tickets"), **_options(q)),
        _support_row,
        "first_reply_median_min",
        _TICKET_COLUMNS,
    ),
    (
        "ticket-csat",
        ("support_tickets",),
        lambda t, q: support.ticket_csat(t("support_tickets"), **_options(q)),
        _scale_row,
        "good_pct",
        _TICKET_COLUMNS,
    ),
)
_BUILT_IN += (
    (
        "pyramid",
        _SURVEY_TABLES,
        lambda t, q: _per_construct(
            pyramid.pyramid(_answers(t), **_options(q)), "dimension", "dimensions"
        ),
        _construct_row,
        "score",
        _ANSWER_COLUMNS,
    ),
    (
        "factors",
        _SURVEY_TABLES,
        lambda t, q: _per_construct(
            pyramid.cx_factors(_answers(t), **_options(q)), "factor", "factors"
        ),
        _construct_row,
        "score",
        _ANSWER_COLUMNS,
    ),
    (
        "repeat-purchase",
        ("orders",),
        _movement(movement.repeat_purchase),
        _share_row,
        "pct",
        _ORDER_COLUMNS,
    ),
    (
        "returning",
        ("orders",),
        _movement(movement.returning_customers),
        _share_row,
        "pct",
        _ORDER_COLUMNS,
    ),
    ("churn", ("orders",), _churn, _share_row, "pct", _ORDER_COLUMNS),
    (
        "second-order",
        ("orders",),
        lambda t, q: movement.time_to_second_order(_orders(t, q), **_options(q)),
        _second_order_row,
        "median_days",
        _ORDER_COLUMNS,
    ),
    (
        "ratings",
        ("feedback_items",),
        lambda t, q: reviews.ratings(t("feedback_items"), **_options(q)),
        _rating_row,
        "mean",
        _FEEDBACK_COLUMNS,
    ),
)
for _name, _tables, _compute, _flatten, _headline, _columns in _BUILT_IN:
    register(MetricDefinition(_name, _tables, _compute, _flatten, _headline, _columns))
