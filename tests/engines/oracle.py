"""The expected answers, computed in plain Python from the dataset's rows.

Independent of ibis: joins are dict look-ups and periods come from ``datetime.astimezone``,
so an engine-specific slip (a UTC month, a float key, a dropped NULL group) shows up as a
difference from these numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, cast
from zoneinfo import ZoneInfo

from suara.metrics.grouping import PERIODS, Period, period_start
from tests.engines.dataset import Rows


def answer_rows(dataset: dict[str, Rows]) -> Rows:
    """What :func:`suara.metrics.survey.answer_table` should return, as dicts."""
    responses = {row["id"]: row for row in dataset["responses"]}
    questions = {row["id"]: row for row in dataset["questions"]}
    customers = {row["id"]: row for row in dataset["customers"]}
    rows = []
    for answer in dataset["answers"]:
        response = responses[answer["response_id"]]
        customer = customers.get(response["customer_id"], {})
        rows.append(
            {
                **answer,
                **{k: response[k] for k in ("channel", "submitted_at", "customer_id")},
                "question_type": questions[answer["question_id"]]["type"],
                "province": customer.get("province"),
            }
        )
    return rows


def histograms(
    rows: Rows,
    by: Sequence[str],
    *,
    keep: Callable[[dict[str, Any]], bool],
    value: str = "value_number",
    timezone: str = "Asia/Jakarta",
) -> dict[tuple[Any, ...], Counter[float]]:
    zone = ZoneInfo(timezone)
    result: dict[tuple[Any, ...], Counter[float]] = {}
    for row in rows:
        if not keep(row) or row[value] is None:
            continue
        key = []
        for name in by:
            if name in PERIODS:
                local = row["submitted_at"].astimezone(zone).date()
                key.append(period_start(local, cast(Period, name)))
            else:
                key.append(row[name])
        result.setdefault(tuple(key), Counter())[row[value]] += 1
    return result


def group_rows(
    rows: Rows,
    by: Sequence[str],
    *,
    time_column: str,
    timezone: str = "Asia/Jakarta",
) -> dict[tuple[Any, ...], Rows]:
    """Rows per group key, periods cut in ``timezone`` with ``datetime.astimezone``."""
    zone = ZoneInfo(timezone)
    groups: dict[tuple[Any, ...], Rows] = {}
    for row in rows:
        key = []
        for name in by:
            if name in PERIODS:
                local = row[time_column].astimezone(zone).date()
                key.append(period_start(local, cast(Period, name)))
            else:
                key.append(row[name])
        groups.setdefault(tuple(key), []).append(row)
    return groups
