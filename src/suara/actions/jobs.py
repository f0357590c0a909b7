"""The job ledger: every background job is a row before it is a queue message.

A queue (Huey on SQLite or Redis) removes a message when a worker takes it, so a worker
killed mid-job would lose it. Here the ``jobs`` row is claimed with a lease; a job whose
worker died is found by the sweep once its lease runs out and runs again. Its actions are
idempotent (:mod:`.engine`), so running again finishes the work without repeating any of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from suara.storage import Store, schema

logger = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], datetime | None]
"""Runs one job; returns when to run it again (work left for later, e.g. quiet hours)."""


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    key: str
    task: str
    args: dict[str, Any]
    status: str
    attempts: int


class JobLedger:
    def __init__(self, store: Store, *, clock: Callable[[], datetime], lease: timedelta) -> None:
        self.store = store
        self.clock = clock
        self.lease = lease

    def add(
        self, key: str, task: str, args: dict[str, Any], *, not_before: datetime | None = None
    ) -> int | None:
        """A new queued job, or None when a job with ``key`` already exists."""
        j = schema.jobs
        try:
            with self.store.transaction() as connection:
                return int(connection.execute(
                    insert(j).values(key=key, task=task, args=args, status="queued", attempts=0,
                                     not_before=not_before, created_at=self.clock())
                    .returning(j.c.id)
                ).scalar_one())  # fmt: skip
        except IntegrityError:
            return None

    def due(self) -> list[int]:
        """Jobs to (re)enqueue: queued and due, or running past their lease (a dead worker)."""
        j, now = schema.jobs, self.clock()
        queued = and_(j.c.status == "queued", or_(j.c.not_before.is_(None), j.c.not_before <= now))
        orphaned = and_(j.c.status == "running", j.c.lease_until < now)
        with self.store.engine.connect() as connection:
            rows = connection.execute(select(j.c.id).where(or_(queued, orphaned)).order_by(j.c.id))
            return [int(r[0]) for r in rows]

    def claim(self, job_id: int) -> Job | None:
        """Take the job for this worker (None: done, not due, or another worker has it)."""
        j, now = schema.jobs, self.clock()
        free = or_(
            and_(j.c.status == "queued", or_(j.c.not_before.is_(None), j.c.not_before <= now)),
            and_(j.c.status == "running", j.c.lease_until < now),
        )
        with self.store.transaction() as connection:
            taken = connection.execute(
                update(j).where(j.c.id == job_id, free)
                .values(status="running", lease_until=now + self.lease, attempts=j.c.attempts + 1)
            )  # fmt: skip
            if taken.rowcount != 1:
                return None
            row = connection.execute(
                select(j.c.id, j.c.key, j.c.task, j.c.args, j.c.status, j.c.attempts)
                .where(j.c.id == job_id)
            ).one()  # fmt: skip
        return Job(int(row.id), str(row.key), str(row.task), dict(row.args), str(row.status),
                   int(row.attempts))  # fmt: skip

    def finish(
        self, job_id: int, *, again_at: datetime | None = None, error: str | None = None
    ) -> None:
        j = schema.jobs
        values: dict[str, Any] = {"lease_until": None, "error": error}
        if again_at is not None:
            values |= {"status": "queued", "not_before": again_at}
        elif error is not None:
            values |= {"status": "failed", "finished_at": self.clock()}
        else:
            values |= {"status": "done", "finished_at": self.clock()}
        with self.store.transaction() as connection:
            connection.execute(update(j).where(j.c.id == job_id).values(values))

    def get(self, job_id: int) -> Job:
        j = schema.jobs
        with self.store.engine.connect() as connection:
            row = connection.execute(
                select(j.c.id, j.c.key, j.c.task, j.c.args, j.c.status, j.c.attempts)
                .where(j.c.id == job_id)
            ).one()  # fmt: skip
        return Job(int(row.id), str(row.key), str(row.task), dict(row.args), str(row.status),
                   int(row.attempts))  # fmt: skip

    def run(self, job_id: int, handlers: Mapping[str, Handler]) -> str:
        """Claim and run one job; what happened (``done``, ``again``, ``failed``, ``skipped``)."""
        job = self.claim(job_id)
        if job is None:
            return "skipped"
        handler = handlers.get(job.task)
        if handler is None:
            self.finish(job.id, error=f"no handler for task {job.task!r}")
            return "failed"
        try:
            again_at = handler(job.args)
        except Exception as exc:
            logger.exception("job %d (%s) failed", job.id, job.task)
            retry = self.clock() + min(timedelta(minutes=2**job.attempts), timedelta(hours=6))
            self.finish(job.id, again_at=retry if job.attempts < 5 else None,
                        error=f"{type(exc).__name__}: {exc}"[:500])  # fmt: skip
            return "failed"
        self.finish(job.id, again_at=again_at)
        return "again" if again_at else "done"
