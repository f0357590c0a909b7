"""Breakdowns by product category and by journey stage (cx-frameworks.md §3).

**Categories** live one join away (feedback → products → categories) or two (orders →
order_lines → products → categories). :func:`with_category` and :func:`order_categories`
return ordinary ibis tables with a ``category`` column, so every metric's ``by=["category"]``
works on them: ``returns_and_refunds(order_categories(...), by=["category"])`` is the return
rate per category, ``ratings(with_category(feedback, ...), by=["category"])`` the average
review per category, ``repeat_purchase(order_categories(...), by=["category"], ...)`` the
customers buying a category again. An order holding products of two categories counts once in
each (one row per order and category, never per line), so per-category figures do not add up
to the total; an order without lines, or whose products have no category, has ``category``
NULL.

**Journey stages**: every touchpoint belongs to one stage (awareness → consideration →
conversion → retention → advocacy). Two figures make sense per stage: how many touchpoints it
had (by channel, kind, period: :func:`journey_volume`) and how many customers reached it
(:func:`stage_reach`, a funnel). Surveys, orders and feedback carry no stage, so their
metrics are not broken down by it. Stages are reported in journey order, unknown ones after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from suara.domain.frameworks import JourneyStage
from suara.metrics.grouping import (
    DEFAULT_TIMEZONE,
    Filter,
    GroupResult,
    apply_where,
    check_columns,
    grouped_counts,
    sort_key,
)
from suara.metrics.stats import DEFAULT_CONFIDENCE, DEFAULT_MIN_N, ProportionResult, proportion

CATEGORY = "category"


def with_category(
    table: Any, products: Any, categories: Any, *, product_column: str = "product_id"
) -> Any:
    """``table`` with a ``category`` column (the category's name) found through
    ``table[product_column] → products.category_id → categories.name`` (left joins, so rows
    without a product or category keep ``category`` NULL)."""
    check_columns(table, [product_column], argument="table")
    check_columns(products, ["id", "category_id"], argument="products")
    check_columns(categories, ["id", "name"], argument="categories")
    named = products.left_join(categories, products.category_id == categories.id).select(
        _suara_product=products.id, **{CATEGORY: categories.name}
    )
    joined = table.left_join(named, table[product_column] == named._suara_product)
    return joined.select(*[table[name] for name in table.columns], joined[CATEGORY])


def order_categories(orders: Any, order_lines: Any, products: Any, categories: Any) -> Any:
    """Orders with a ``category`` column: one row per order and distinct category of its
    lines (see the module docstring)."""
    check_columns(order_lines, ["order_id", "product_id"], argument="order_lines")
    check_columns(orders, ["id"], argument="orders")
    lines = with_category(order_lines, products, categories).select("order_id", CATEGORY)
    lines = lines.distinct()
    joined = orders.left_join(lines, orders.id == lines.order_id)
    return joined.select(*[orders[name] for name in orders.columns], joined[CATEGORY])


TOUCHPOINT_TIME = "occurred_at"
_ORDER = {stage.value: i for i, stage in enumerate(JourneyStage)}


@dataclass(frozen=True, slots=True)
class StageReach:
    """Customers with any touchpoint in the group, and per stage the share who had at least
    one touchpoint at that stage (Wilson intervals), in journey order."""

    customers: int
    stages: dict[str, ProportionResult]


def journey_volume(
    touchpoints: Any,
    *,
    by: Sequence[str] = ("stage",),
    where: Filter | None = None,
    time_column: str = TOUCHPOINT_TIME,
    timezone: str = DEFAULT_TIMEZONE,
) -> list[GroupResult[int]]:
    """Touchpoints per group: ``by=["stage", "channel"]``, ``["month", "stage"]``, ..."""
    counts = grouped_counts(
        touchpoints, by, where=where, time_column=time_column, timezone=timezone
    )
    return [
        GroupResult(dict(zip(by, key, strict=True)), 0, sum(histogram.values()))
        for key, histogram in counts.items()
    ]


def stage_reach(
    touchpoints: Any,
    *,
    by: Sequence[str] = (),
    where: Filter | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[GroupResult[StageReach]]:
    """The journey funnel: of the customers with any touchpoint, the share reaching each stage.

    ``by`` names columns of the touchpoints (``channel``, ``kind``) or, on a table joined with
    customers, of the customer (``province``); a customer counts in every group they touched.
    """
    check_columns(touchpoints, ["customer_id", "stage"], argument="touchpoints")
    table = apply_where(touchpoints, where)
    check_columns(table, by, argument="by")
    table = table.filter(table.customer_id.notnull())
    reached = table.select(*by, "customer_id", "stage").distinct()
    per_stage = reached.group_by([*by, "stage"]).aggregate(_n=reached.count())
    people = table.group_by(list(by)).aggregate(_n=table.customer_id.nunique()) if by else None
    totals: dict[tuple[Any, ...], int] = {}
    if people is None:
        totals[()] = int(table.customer_id.nunique().to_pyarrow().as_py())
    else:
        for row in people.to_pyarrow().to_pylist():
            totals[tuple(row[name] for name in by)] = int(row["_n"])
    stages: dict[tuple[Any, ...], dict[str, int]] = {}
    for row in per_stage.to_pyarrow().to_pylist():
        key = tuple(row[name] for name in by)
        stages.setdefault(key, {})[row["stage"]] = int(row["_n"])
    result = []
    for key in sorted(stages, key=sort_key):
        n = totals[key]
        ordered = sorted(stages[key], key=lambda s: (_ORDER.get(s, len(_ORDER)), s))
        shares = {
            stage: proportion(stages[key][stage], n, min_n=min_n, confidence=confidence)
            for stage in ordered
        }
        result.append(GroupResult(dict(zip(by, key, strict=True)), 0, StageReach(n, shares)))
    return result
