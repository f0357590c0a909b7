"""The expected answers, computed in plain Python from the dataset's rows.

Independent of ibis: joins are dict look-ups and periods come from ``datetime.astimezone``,
so an engine-specific slip (a UTC month, a float key, a dropped NULL group) shows up as a
difference from these numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from fractions import Fraction
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
                **{
                    k: questions[answer["question_id"]][k]
                    for k in ("scale_min", "scale_max", "dimension", "factor")
                },
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


def local_date(moment: datetime, timezone: str = "Asia/Jakarta") -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def local_midnight(day: date, timezone: str = "Asia/Jakarta") -> datetime:
    return datetime.combine(day, time(), tzinfo=ZoneInfo(timezone))


def valid_item(row: dict[str, Any]) -> bool:
    """An answer on its item's scale: an integer between the question's min and max."""
    low, high, value = row["scale_min"], row["scale_max"], row["value_number"]
    if low is None or high is None or not low < high:
        return False
    return bool(low <= value <= high and float(value).is_integer())


def respondent_scores(rows: Rows) -> tuple[dict[Any, Fraction], dict[Any, Fraction | None]]:
    """Per response: the exact 0-100 score (mean of normalised items) and, when its items
    share one scale, the exact raw mean."""
    items: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        if valid_item(row):
            items.setdefault(row["response_id"], []).append(row)
    scores: dict[Any, Fraction] = {}
    raw: dict[Any, Fraction | None] = {}
    for response, answered in items.items():
        parts = [
            Fraction(int(r["value_number"]) - r["scale_min"], r["scale_max"] - r["scale_min"])
            for r in answered
        ]
        scores[response] = 100 * sum(parts, Fraction(0)) / len(parts)
        scales = {(r["scale_min"], r["scale_max"]) for r in answered}
        values = [Fraction(int(r["value_number"])) for r in answered]
        raw[response] = sum(values, Fraction(0)) / len(values) if len(scales) == 1 else None
    return scores, raw
