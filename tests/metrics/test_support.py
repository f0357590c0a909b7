"""Support times, SLA attainment, backlog and ticket CSAT on a hand-made ticket table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import ibis
import pytest

from suara.metrics import support

OPENED = datetime(2024, 5, 6, 2, 0, tzinfo=UTC)


def _ticket(
    reply: timedelta | None,
    solved: timedelta | None,
    status: str,
    *,
    csat: int | None = None,
    department: str = "support",
) -> dict[str, Any]:
    return {
        "department": department,
        "status": status,
        "created_at": OPENED,
        "first_reply_at": None if reply is None else OPENED + reply,
        "solved_at": None if solved is None else OPENED + solved,
        "csat": csat,
    }


MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
TICKETS = [
    _ticket(10 * MINUTE, 2 * HOUR, "solved", csat=5),
    _ticket(30 * MINUTE, 30 * HOUR, "closed", csat=2),
    _ticket(90 * MINUTE, None, "open"),
    _ticket(None, None, "new"),
    _ticket(-5 * MINUTE, None, "pending"),
    _ticket(5 * MINUTE, HOUR, "solved", csat=4, department="operations"),
]


@pytest.fixture(scope="module")
def tickets() -> Iterator[Any]:
    backend = ibis.duckdb.connect()
    columns = {name: [row[name] for row in TICKETS] for name in TICKETS[0]}
    schema = {"first_reply_at": "timestamp('UTC')", "solved_at": "timestamp('UTC')"}
    yield backend.create_table("tickets", ibis.memtable(columns).cast(schema))
    backend.disconnect()


def test_reply_and_resolution_times_known_answers(tickets: Any) -> None:
    rows = support.support_times(tickets, by=["department"], where={"department": "support"})
    (row,) = rows
    result = row.result
    assert (result.tickets, result.backlog, row.invalid) == (5, 3, 1)
    # Valid first replies 10, 30, 90 min: median 30; p90 at rank 1.8 -> 30 + .8·60 = 78.
    assert result.first_reply is not None
    assert (result.first_reply.median_minutes, result.first_reply.p90_minutes) == (30.0, 78.0)
    assert result.first_reply.within_target.successes == 2
    assert result.first_reply.target_minutes == 60.0
    # Resolutions 120 and 1800 min: median 960; p90 120 + .9·1680 = 1632; 1 of 2 within 24 h.
    assert result.resolution is not None
    assert result.resolution.median_minutes == 960.0
    assert result.resolution.p90_minutes == pytest.approx(1632.0)
    assert result.resolution.within_target.estimate == 0.5


def test_targets_are_configurable(tickets: Any) -> None:
    (row,) = support.support_times(
        tickets, first_reply_target=timedelta(hours=2), resolution_target=timedelta(days=2)
    )
    assert row.result.first_reply is not None
    assert row.result.first_reply.within_target.successes == 4
    assert row.result.resolution is not None
    assert row.result.resolution.within_target.successes == 3


def test_a_group_without_replies_has_no_times(tickets: Any) -> None:
    (row,) = support.support_times(tickets, where={"status": "new"})
    assert row.result.first_reply is None
    assert row.result.resolution is None
    assert row.result.backlog == 1


def test_ticket_csat_by_department(tickets: Any) -> None:
    operations, support_team = support.ticket_csat(tickets)
    assert operations.key == {"department": "operations"}
    assert operations.result.good_share.estimate == 1.0
    assert support_team.result.good_share.estimate == 0.5
    assert support_team.result.mean.estimate == 3.5
