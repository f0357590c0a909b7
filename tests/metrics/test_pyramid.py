"""Pyramid dimensions, the index and the CX factors on a hand-made answer table (DuckDB)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import MetricInputError
from suara.metrics import pyramid

DAY = datetime(2024, 5, 6, 3, 0, tzinfo=UTC)
DETERMINISTIC = settings(derandomize=True, deadline=None, max_examples=25)


def _row(
    response: int,
    key: str,
    value: float | None,
    scale: tuple[int, int] | None = (1, 5),
    *,
    dimension: str | None = None,
    factor: str | None = None,
    channel: str = "app",
) -> dict[str, Any]:
    low, high = scale if scale is not None else (None, None)
    return {
        "response_id": response,
        "question_key": key,
        "value_number": value,
        "scale_min": low,
        "scale_max": high,
        "dimension": dimension,
        "factor": factor,
        "channel": channel,
        "submitted_at": DAY,
    }


def _trust(response: int, t1: float, t2: float | None, channel: str = "app") -> list[Any]:
    return [
        _row(response, "t1", t1, dimension="trust", channel=channel),
        _row(response, "t2", t2, dimension="trust", channel=channel),
    ]


ROWS = [
    # trust, 1-5: respondent means 4.5, 3, 1.5 and 4 (r4's 6 is off the scale) ->
    # scores 87.5, 50, 12.5, 75 -> mean 56.25; raw mean 3.25.
    *_trust(1, 5, 4),
    *_trust(2, 3, 3),
    *_trust(3, 2, 1),
    *_trust(4, 4, 6, channel="web"),
    # fulfillment, one 1-7 item: 7 -> 100, 4 -> 50; a 2.5 is invalid, NULL unanswered.
    _row(1, "f1", 7, (1, 7), dimension="fulfillment"),
    _row(2, "f1", 4, (1, 7), dimension="fulfillment"),
    _row(3, "f1", 2.5, (1, 7), dimension="fulfillment"),
    _row(4, "f1", None, (1, 7), dimension="fulfillment"),
    # online_experience mixes 1-5 and 1-7: r1 5 (100) and 4 on 1-7 (50) -> 75; r2 1 -> 0.
    _row(1, "o1", 5, dimension="online_experience"),
    _row(1, "o2", 4, (1, 7), dimension="online_experience"),
    _row(2, "o1", 1, dimension="online_experience"),
    # A factor item without a scale cannot be scored: invalid.
    _row(1, "a1", 4, dimension=None, factor="accessibility"),
    _row(2, "a1", 2, dimension=None, factor="accessibility"),
    _row(3, "a1", 3, None, dimension=None, factor="accessibility"),
]


_SHARED = ibis.duckdb.connect()
_NAMES = itertools.count()


def _table(rows: list[dict[str, Any]], backend: Any = None) -> Any:
    backend = backend or ibis.duckdb.connect()
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    schema = {
        "scale_min": "int64",
        "scale_max": "int64",
        "dimension": "string",
        "factor": "string",
        "value_number": "float64",
    }
    name = f"answers_{next(_NAMES)}"
    return backend.create_table(name, ibis.memtable(columns).cast(schema))


@pytest.fixture(scope="module")
def answers() -> Iterator[Any]:
    table = _table(ROWS)
    yield table
    table.get_backend().disconnect()


def test_dimension_scores_known_answers(answers: Any) -> None:
    (row,) = pyramid.pyramid(answers)
    dims = row.result.dimensions
    assert list(dims) == ["online_experience", "trust", "fulfillment"]
    trust = dims["trust"]
    assert trust.respondents == 4
    assert trust.score.estimate == pytest.approx(56.25)
    assert trust.raw_mean is not None
    assert trust.raw_mean.estimate == pytest.approx(3.25)
    assert trust.scale == (1, 5)
    assert trust.invalid == 1
    assert trust.small_sample
    # Scores 87.5 50 12.5 75: s² = 3281.25 / 3 = 1093.75, SE = 16.536, t(.975, 3) = 3.1824
    # -> 56.25 ± 52.624, the upper end clipped to 100.
    assert trust.score.sd == pytest.approx(33.0719, abs=1e-4)
    assert trust.score.ci_low == pytest.approx(3.626, abs=1e-3)
    assert trust.score.ci_high == 100.0
    # Complete respondents r1-r3: item variances 7/3 + 7/3, totals 9 6 3 (variance 9):
    # α = 2 · (1 − (14/3)/9) = 26/27.
    assert trust.alpha == pytest.approx(26 / 27)
    assert trust.alpha_respondents == 3
    fulfil = dims["fulfillment"]
    assert (fulfil.respondents, fulfil.score.estimate, fulfil.invalid) == (2, 75.0, 1)
    assert fulfil.raw_mean is not None
    assert fulfil.raw_mean.estimate == 5.5
    assert fulfil.alpha is None
    online = dims["online_experience"]
    assert (online.respondents, online.score.estimate) == (2, 37.5)
    assert online.raw_mean is None
    assert online.scale is None
    assert row.invalid == 2
    assert row.result.index is None


def test_breakdown_and_filter(answers: Any) -> None:
    app, web = pyramid.pyramid(answers, by=["channel"], reliability=False)
    assert app.key == {"channel": "app"}
    assert app.result.dimensions["trust"].score.estimate == pytest.approx(50.0)
    assert app.result.dimensions["trust"].alpha is None
    assert web.result.dimensions["trust"].score.estimate == 75.0
    assert math.isnan(web.result.dimensions["trust"].score.se)
    (only_web,) = pyramid.pyramid(answers, where={"channel": "web"}, by=["month"])
    assert only_web.key["month"].isoformat() == "2024-05-01"
    assert list(only_web.result.dimensions) == ["trust"]


def test_factors_and_the_index(answers: Any) -> None:
    (row,) = pyramid.cx_factors(answers)
    access = row.result.factors["accessibility"]
    assert (access.respondents, access.score.estimate, access.invalid) == (2, 50.0, 1)
    five = [
        _row(r, f"{d}_{i}", v, dimension=d)
        for r, v in ((1, 5), (2, 4), (3, 2))
        for d in ("online_experience", "responsive_service", "trust", "fulfillment")
        for i in (1, 2)
    ]
    five += [_row(r, "ec", v, dimension="emotional_connection") for r, v in ((1, 1), (2, 1))]
    (full,) = pyramid.pyramid(_table(five), min_n=2)
    # Four dimensions at mean (100 + 75 + 25)/3 = 66.67, emotional connection 0:
    # index = (4 · 66.67 + 0) / 5 = 53.33.
    assert full.result.index == pytest.approx(4 * 200 / 3 / 5)
    assert not full.result.dimensions["trust"].small_sample
    assert full.result.dimensions["trust"].alpha == pytest.approx(1.0)


def test_bad_arguments(answers: Any) -> None:
    with pytest.raises(MetricInputError, match="answers: no column 'dimension'"):
        pyramid.pyramid(answers.drop("dimension"))
    with pytest.raises(MetricInputError, match="max_respondents"):
        pyramid.pyramid(answers, max_respondents=1)
    (row,) = pyramid.pyramid(answers, max_respondents=2)
    assert row.result.dimensions["trust"].alpha_respondents == 2


@DETERMINISTIC
@given(
    st.lists(
        st.tuples(st.integers(1, 7), st.integers(1, 7), st.booleans()), min_size=1, max_size=25
    )
)
def test_scores_stay_on_0_100_and_match_the_raw_mean(answers_: list[Any]) -> None:
    rows = []
    for response, (a, b, second) in enumerate(answers_):
        rows.append(_row(response, "x1", a, (1, 7), dimension="trust"))
        if second:
            rows.append(_row(response, "x2", b, (1, 7), dimension="trust"))
    table = _table(rows, _SHARED)
    (row,) = pyramid.pyramid(table, reliability=False)
    trust = row.result.dimensions["trust"]
    assert trust.raw_mean is not None
    assert 0.0 <= trust.score.estimate <= 100.0
    assert trust.score.estimate == pytest.approx((trust.raw_mean.estimate - 1) / 6 * 100)
    if trust.respondents > 1:
        assert 0.0 <= trust.score.ci_low <= trust.score.estimate <= trust.score.ci_high <= 100.0
