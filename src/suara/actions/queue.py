"""Background work on Huey: an embedded SQLite queue by default, Redis in production.

Queue messages carry only a job id from the :mod:`ledger <.jobs>`; the ledger decides whether
the job still needs running, so a message delivered twice, or re-sent by the sweep after a
worker died, does the work once. Periodic jobs: the sweep (every minute), the event poll
(every five minutes), the daily SLA check and birthday/inactivity run (08:00 WIB), and the
weekly KPI email (Monday 08:00 WIB).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey

from suara.actions.jobs import Handler, JobLedger

logger = logging.getLogger(__name__)


def queue_name(database_url: str) -> str:
    """One queue per store, so two stores on one Redis never take each other's jobs."""
    return "suara-" + hashlib.sha256(database_url.encode()).hexdigest()[:12]


def build_huey(name: str, *, redis_url: str | None, sqlite_path: Path) -> Huey:
    if redis_url:
        return RedisHuey(name, url=redis_url, results=False)
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(sqlite_path), results=False)


class TaskQueue:
    """The ledger plus the Huey queue that carries its job ids to workers."""

    def __init__(
        self,
        huey: Huey,
        ledger: JobLedger,
        handlers: Callable[[], Mapping[str, Handler]],
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self.huey = huey
        self.ledger = ledger
        self._handlers = handlers
        self.clock = clock
        self._run = huey.task(name="suara.run_job")(self._run_job)
        huey.periodic_task(crontab(minute="*"), name="suara.sweep")(self.sweep)
        huey.periodic_task(crontab(minute="*/5"), name="suara.poll")(
            lambda: self.submit_periodic("poll", "%Y%m%d%H%M")
        )
        huey.periodic_task(crontab(hour="1", minute="0"), name="suara.daily")(self.daily)
        huey.periodic_task(crontab(day_of_week="1", hour="1", minute="0"), name="suara.weekly")(
            lambda: self.submit_periodic("kpi_email", "%G-W%V")
        )

    def _run_job(self, job_id: int) -> str:
        return self.ledger.run(job_id, self._handlers())

    def submit(
        self, key: str, task: str, args: dict[str, Any], *, not_before: datetime | None = None
    ) -> int | None:
        """Record the job and queue it; None when a job with ``key`` was submitted before."""
        job_id = self.ledger.add(key, task, args, not_before=not_before)
        if job_id is not None:
            self.enqueue(job_id, not_before=not_before)
        return job_id

    def enqueue(self, job_id: int, *, not_before: datetime | None = None) -> None:
        if not_before is not None and not_before > self.clock():
            self._run.schedule((job_id,), eta=not_before)
        else:
            self._run(job_id)

    def sweep(self) -> int:
        """Queue every job that is due or lost its worker; how many."""
        due = self.ledger.due()
        for job_id in due:
            self.enqueue(job_id)
        if due:
            logger.info("queued %d due or orphaned jobs", len(due))
        return len(due)

    def submit_periodic(self, task: str, stamp: str) -> int | None:
        return self.submit(f"{task}:{self.clock():{stamp}}", task, {})

    def daily(self) -> None:
        for task in ("sla_check", "daily_triggers"):
            self.submit_periodic(task, "%Y-%m-%d")

    def run_worker(self, *, workers: int = 2) -> None:
        """Sweep once (jobs orphaned while no worker ran), then consume until stopped."""
        self.sweep()
        consumer = self.huey.create_consumer(workers=workers, worker_type="thread",
                                             periodic=True, check_worker_health=True)  # fmt: skip
        consumer.run()
