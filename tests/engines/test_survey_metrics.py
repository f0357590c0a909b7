"""NPS, CSAT and CES give identical results on every engine, equal to the Python oracle."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from ibis.backends import BaseBackend

from suara.metrics import survey
from suara.metrics.stats import mean_from_histogram, nps_from_counts, proportion
from tests.engines import oracle
from tests.engines.conftest import SPARK_SOCKET_WARNING
from tests.engines.dataset import BOUNDARY_TIMES, Rows

pytestmark = pytest.mark.filterwarnings(SPARK_SOCKET_WARNING)


def _table(warehouse: BaseBackend) -> Any:
    return survey.answer_table(
        warehouse.table("answers"),
        warehouse.table("responses"),
        questions=warehouse.table("questions"),
        customers=warehouse.table("customers"),
    )


def _expected_nps(hist: Counter[float]) -> tuple[int, survey.NpsResult] | None:
    valid = {v: c for v, c in hist.items() if float(v).is_integer() and 0 <= v <= 10}
    if not valid:
        return None
    promoters = sum(c for v, c in valid.items() if v >= 9)
    detractors = sum(c for v, c in valid.items() if v <= 6)
    passives = sum(valid.values()) - promoters - detractors
    invalid = sum(hist.values()) - sum(valid.values())
    return invalid, nps_from_counts(promoters, passives, detractors)


def _expected_scale(scale: survey.Scale) -> Callable[[Counter[float]], tuple[int, Any] | None]:
    def compute(hist: Counter[float]) -> tuple[int, survey.ScaleResult] | None:
        valid = {v: c for v, c in hist.items() if scale.is_valid(v)}
        if not valid:
            return None
        n = sum(valid.values())
        good = sum(c for v, c in valid.items() if scale.is_good(v))
        mean = mean_from_histogram(valid)
        clipped = survey.replace(
            mean, ci_low=max(mean.ci_low, scale.low), ci_high=min(mean.ci_high, scale.high)
        )
        return sum(hist.values()) - n, survey.ScaleResult(scale, proportion(good, n), clipped)

    return compute


def _check(
    actual: list[survey.GroupResult[Any]],
    rows: Rows,
    by: list[str],
    keep: Callable[[dict[str, Any]], bool],
    compute: Callable[[Counter[float]], tuple[int, Any] | None],
) -> None:
    expected = {}
    for key, hist in oracle.histograms(rows, by, keep=keep).items():
        computed = compute(hist)
        if computed is None:
            continue
        invalid, result = computed
        expected[key] = survey.GroupResult(dict(zip(by, key, strict=True)), invalid, result)
    assert {tuple(row.key.values()): row for row in actual} == expected
    assert len(actual) == len(expected)


def _is(key: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: row["question_key"] == key


def test_nps_overall_and_by_month(warehouse: BaseBackend, dataset: dict[str, Rows]) -> None:
    rows = oracle.answer_rows(dataset)
    table = _table(warehouse)
    _check(survey.nps(table), rows, [], _is("nps"), _expected_nps)
    by_month = survey.nps(table, by=["month"])
    _check(by_month, rows, ["month"], _is("nps"), _expected_nps)
    assert [row.key["month"].month for row in by_month] == [1, 2, 3, 4, 5, 6]
    assert sum(row.invalid for row in by_month) == 8


def test_nps_by_week_and_channel_filtered(warehouse: BaseBackend, dataset: dict[str, Rows]) -> None:
    rows = oracle.answer_rows(dataset)
    actual = survey.nps(
        _table(warehouse), by=["week", "channel"], where={"channel": ["app", "shopee"]}
    )

    def keep(row: dict[str, Any]) -> bool:
        return row["question_key"] == "nps" and row["channel"] in ("app", "shopee")

    _check(actual, rows, ["week", "channel"], keep, _expected_nps)


def test_nps_by_province_keeps_the_missing_group_last(
    warehouse: BaseBackend, dataset: dict[str, Rows]
) -> None:
    rows = oracle.answer_rows(dataset)
    actual = survey.nps(_table(warehouse), by=["province"])
    _check(actual, rows, ["province"], _is("nps"), _expected_nps)
    assert actual[-1].key == {"province": None}


def test_the_jakarta_midnight_decides_the_day(warehouse: BaseBackend) -> None:
    first, second, _ = BOUNDARY_TIMES
    table = _table(warehouse).filter(lambda t: t.response_id <= 2)
    days = [row.key["day"].isoformat() for row in survey.nps(table, by=["day"])]
    assert days == ["2024-01-31", "2024-02-01"]
    assert (first.day, second.day) == (31, 31)


def test_csat_by_channel_and_ces_by_quarter(
    warehouse: BaseBackend, dataset: dict[str, Rows]
) -> None:
    rows = oracle.answer_rows(dataset)
    table = _table(warehouse)
    csat = survey.csat(table, by=["channel"])
    _check(csat, rows, ["channel"], _is("csat"), _expected_scale(survey.CSAT_1_5))
    ces = survey.ces(table, by=["quarter"])
    _check(ces, rows, ["quarter"], _is("ces"), _expected_scale(survey.CES_1_7))
    assert [row.key["quarter"].month for row in ces] == [1, 4]
