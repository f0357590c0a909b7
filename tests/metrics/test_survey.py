"""Survey scores on a small hand-made answer table (DuckDB in memory: fast and exact)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import ibis
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import MetricInputError
from suara.metrics import survey
from suara.metrics.grouping import period_start

MARCH = datetime(2024, 3, 10, 5, 0, tzinfo=UTC)
# 16:59 UTC on 31 March is 23:59 in Jakarta (still March); 17:00 UTC is 1 April 00:00 WIB.
LAST_MINUTE_OF_MARCH = datetime(2024, 3, 31, 16, 59, tzinfo=UTC)
FIRST_MINUTE_OF_APRIL = datetime(2024, 3, 31, 17, 0, tzinfo=UTC)


def _row(key: str, value: float | None, channel: str, at: datetime) -> dict[str, Any]:
    return {"question_key": key, "value_number": value, "channel": channel, "submitted_at": at}


ROWS = [
    # NPS, app: 10 9 9 | 8 7 | 6 0 -> 3 promoters, 2 passives, 2 detractors; 11 is invalid.
    _row("nps", 10, "app", MARCH),
    _row("nps", 9, "app", MARCH),
    _row("nps", 9, "app", FIRST_MINUTE_OF_APRIL),
    _row("nps", 8, "app", MARCH),
    _row("nps", 7, "app", FIRST_MINUTE_OF_APRIL),
    _row("nps", 6, "app", LAST_MINUTE_OF_MARCH),
    _row("nps", 0, "app", FIRST_MINUTE_OF_APRIL),
    _row("nps", 11, "app", MARCH),
    # NPS, web: 10 | 5 5 -> 1 promoter, 2 detractors; 7.5 invalid, NULL unanswered.
    _row("nps", 10, "web", MARCH),
    _row("nps", 5, "web", LAST_MINUTE_OF_MARCH),
    _row("nps", 5, "web", FIRST_MINUTE_OF_APRIL),
    _row("nps", 7.5, "web", MARCH),
    _row("nps", None, "web", MARCH),
    # CSAT 1-5: 5 4 4 3 1 (top-2-box 3/5, mean 3.4); 6 and 0 invalid.
    *(_row("csat", v, "app", MARCH) for v in (5, 4, 4, 3, 1, 6, 0)),
    # CES 1-7: 7 6 5 4 2 (agree 5-7: 3/5, mean 4.8).
    *(_row("ces", v, "web", MARCH) for v in (7, 6, 5, 4, 2)),
    # Original CES 1-5 (effort): 1 2 5 (low effort 1-2: 2/3, mean 8/3).
    *(_row("ces_effort", v, "web", MARCH) for v in (1, 2, 5)),
]


def _table(rows: list[dict[str, Any]]) -> Any:
    backend = ibis.duckdb.connect()
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    return backend.create_table("answers", ibis.memtable(columns))


@pytest.fixture(scope="module")
def answers() -> Iterator[Any]:
    table = _table(ROWS)
    yield table
    table.get_backend().disconnect()


def _by_key(rows: list[survey.GroupResult[Any]]) -> dict[tuple[Any, ...], Any]:
    return {tuple(row.key.values()): row for row in rows}


def test_overall_nps_counts_valid_answers_only(answers: Any) -> None:
    # 4 promoters, 2 passives, 4 detractors: NPS 0; the 11 and the 7.5 are invalid.
    (row,) = survey.nps(answers, question="nps")
    assert row.key == {}
    assert row.invalid == 2
    assert (row.result.promoters, row.result.passives, row.result.detractors) == (4, 2, 4)
    assert row.result.estimate == 0.0
    assert row.result.small_sample
    assert row.result.ci_method == "bootstrap"


def test_nps_by_channel(answers: Any) -> None:
    rows = _by_key(survey.nps(answers, question="nps", by=["channel"]))
    assert list(rows) == [("app",), ("web",)]
    assert rows["app",].result.estimate == pytest.approx(100 * (3 - 2) / 7)
    assert rows["web",].result.estimate == pytest.approx(100 * (1 - 2) / 3)
    assert (rows["app",].invalid, rows["web",].invalid) == (1, 1)


def test_where_filters_before_counting(answers: Any) -> None:
    (app,) = survey.nps(answers, question="nps", where={"channel": "app"})
    assert app.result.n == 7
    (both,) = survey.nps(answers, question="nps", where={"channel": ["app", "web"]})
    assert both.result.n == 10
    assert survey.nps(answers, question="nps", where={"channel": "email"}) == []


def test_periods_are_cut_in_jakarta_time(answers: Any) -> None:
    months = _by_key(survey.nps(answers, question="nps", by=["month"]))
    assert list(months) == [(date(2024, 3, 1),), (date(2024, 4, 1),)]
    # March: 10 9 8 6 (app) + 10 5 (web); April 00:00 WIB onwards: 9 7 0 (app) + 5 (web).
    assert months[date(2024, 3, 1),].result.n == 6
    assert months[date(2024, 4, 1),].result.n == 4
    quarters = _by_key(survey.nps(answers, question="nps", by=["quarter", "channel"]))
    assert quarters[date(2024, 4, 1), "web"].result.n == 1
    assert quarters[date(2024, 1, 1), "app"].result.n == 4


def test_periods_in_utc_and_in_a_daylight_saving_zone(answers: Any) -> None:
    utc = _by_key(survey.nps(answers, question="nps", by=["month"], timezone="UTC"))
    assert list(utc) == [(date(2024, 3, 1),)]
    # New York is UTC-4 in summer time: 17:00 UTC on 31 March is 13:00 there, still March.
    new_york = survey.nps(answers, question="nps", by=["day"], timezone="America/New_York")
    assert [row.key["day"] for row in new_york] == [date(2024, 3, 10), date(2024, 3, 31)]


def test_nps_defaults_to_the_nps_question_type() -> None:
    rows = [
        {**_row("recommend", 10, "app", MARCH), "question_type": "nps"},
        {**_row("csat", 5, "app", MARCH), "question_type": "rating"},
    ]
    table = _table(rows)
    (row,) = survey.nps(table)
    assert row.result.n == 1
    table.get_backend().disconnect()


def test_csat_top_two_box_and_mean(answers: Any) -> None:
    (row,) = survey.csat(answers)
    assert row.invalid == 2
    assert row.result.scale == survey.CSAT_1_5
    assert row.result.good_share.estimate == pytest.approx(0.6)
    assert row.result.mean.estimate == pytest.approx(3.4)
    assert row.result.mean.ci_low >= 1.0
    assert row.result.mean.ci_high <= 5.0


def test_ces_on_both_scales(answers: Any) -> None:
    (modern,) = survey.ces(answers)
    assert modern.result.scale.name == "ces_2_0_1_7"
    assert modern.result.good_share.estimate == pytest.approx(0.6)
    assert modern.result.mean.estimate == pytest.approx(4.8)
    (effort,) = survey.ces(answers, question="ces_effort", scale=survey.CES_1_5)
    assert effort.result.good_share.estimate == pytest.approx(2 / 3)
    assert effort.result.mean.estimate == pytest.approx(8 / 3)


def test_answer_table_joins_the_store_tables() -> None:
    backend = ibis.duckdb.connect()
    answers = backend.create_table(
        "answers",
        ibis.memtable(
            {
                "id": [1, 2],
                "response_id": [10, 11],
                "question_id": [100, 100],
                "question_key": ["nps", "nps"],
                "value_number": [9.0, 3.0],
            }
        ),
    )
    responses = backend.create_table(
        "responses",
        ibis.memtable(
            {
                "id": [10, 11],
                "survey_id": [1, 1],
                "customer_id": [7, 8],
                "order_id": [5, None],
                "channel": ["app", "web"],
                "language": ["id", "en"],
                "submitted_at": [MARCH, MARCH],
            }
        ),
    )
    questions = ibis.memtable(
        {
            "id": [100],
            "type": ["nps"],
            "scale_min": [0],
            "scale_max": [10],
            "dimension": ["trust"],
            "factor": ["competence"],
        }
    )
    customers = ibis.memtable(
        {"id": [7, 8], "province": ["Jawa Barat", "Bali"], "city": ["Bandung", "Denpasar"]}
    ).mutate(gender=ibis.literal("female"))
    table = survey.answer_table(answers, responses, questions=questions, customers=customers)
    rows = _by_key(survey.nps(table, by=["province"]))
    assert rows["Bali",].result.estimate == -100.0
    assert rows["Jawa Barat",].result.estimate == 100.0
    backend.disconnect()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: survey.nps(t, by=["segment"]), "by: no column 'segment'"),
        (lambda t: survey.nps(t, where={"segment": "vip"}), "where: no column 'segment'"),
        (lambda t: survey.nps(t, by=["month"], timezone="Mars/Olympus"), "unknown time zone"),
        (lambda t: survey.nps(t, by=["month"], time_column="sent_at"), "time_column"),
        (lambda t: survey.nps(t.drop("value_number")), "answers: no column 'value_number'"),
    ],
)
def test_mistakes_are_explained(answers: Any, call: Any, message: str) -> None:
    with pytest.raises(MetricInputError, match=message):
        call(answers)


def test_a_scale_must_make_sense() -> None:
    with pytest.raises(MetricInputError, match="low < high"):
        survey.Scale("upside_down", 5, 1, good_low=4, good_high=5)
    with pytest.raises(MetricInputError, match="above the scale's top"):
        survey.Scale("overflow", 1, 5, good_low=4, good_high=6)


@pytest.mark.parametrize(
    ("day", "period", "start"),
    [
        (date(2024, 4, 3), "day", date(2024, 4, 3)),
        (date(2024, 4, 7), "week", date(2024, 4, 1)),
        (date(2024, 4, 1), "week", date(2024, 4, 1)),
        (date(2024, 5, 31), "month", date(2024, 5, 1)),
        (date(2024, 12, 31), "quarter", date(2024, 10, 1)),
        (date(2024, 2, 29), "quarter", date(2024, 1, 1)),
    ],
)
def test_period_starts(day: date, period: Any, start: date) -> None:
    assert period_start(day, period) == start


@settings(derandomize=True, deadline=None, max_examples=15)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.sampled_from(["app", "web"]), st.integers(0, 120)),
        min_size=1,
        max_size=60,
    )
)
def test_order_invariance_and_merging_periods(answers: list[tuple[int, str, int]]) -> None:
    rows = [
        _row("nps", value, channel, datetime(2024, 1, 1, tzinfo=UTC).replace(day=1 + day % 28))
        for value, channel, day in answers
    ]
    shuffled = [rows[i] for i in np.random.default_rng(len(rows)).permutation(len(rows))]
    first, second = _table(rows), _table(shuffled)
    assert survey.nps(first, by=["channel"]) == survey.nps(second, by=["channel"])
    (overall,) = survey.nps(first)
    weeks = survey.nps(first, by=["week"])
    assert sum(row.result.n for row in weeks) == overall.result.n
    weighted = sum(row.result.n * row.result.estimate for row in weeks) / overall.result.n
    assert weighted == pytest.approx(overall.result.estimate)
    first.get_backend().disconnect()
    second.get_backend().disconnect()
