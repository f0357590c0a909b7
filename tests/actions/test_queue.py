"""Background jobs on the embedded SQLite queue and on Redis: a job runs once; a worker
killed in the middle of a job loses nothing and repeats nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from suara.actions.work import event_args
from suara.app import Suara, build
from suara.settings import Settings
from suara.storage import schema
from tests.actions.receiver import webhook_receiver
from tests.mailbox import Mailbox, smtp_server

REDIS_URL = os.environ.get("SUARA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RULE = """
name: follow-up
trigger: {type: response_received}
conditions: [{field: event.nps, op: "<=", value: 6}]
actions:
  - {type: open_case}
  - {type: send_message, template: case_followup}
  - {type: call_webhook, url: "%s"}
"""


def until(check: Callable[[], bool], *, timeout: float = 60, what: str = "") -> None:
    """Poll ``check`` (a state in the store or a server), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture(params=["sqlite", "redis"])
def queue_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_QUIET_HOURS": "",
           "SUARA_JOB_LEASE_SECONDS": "1", "SUARA_RULES_DIR": str(tmp_path / "rules"),
           "SUARA_SMTP_SECURITY": "none", "SUARA_WEBHOOK_SECRET": "s3cret"}  # fmt: skip
    if request.param == "redis":
        env["SUARA_REDIS_URL"] = REDIS_URL
    yield env
    if request.param == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        from suara.actions.queue import queue_name

        name = queue_name(Settings(home=Path(env["SUARA_HOME"])).resolved_database_url)
        for key in client.scan_iter(f"*{name}*"):
            client.delete(key)
        client.close()


def _app(env: dict[str, str]) -> Suara:
    fields = {k.removeprefix("SUARA_").lower(): json.loads(v) if v.startswith("{") else v
              for k, v in env.items()}  # fmt: skip
    return build(Settings(**fields))  # type: ignore[arg-type]


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    code = "from suara.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, "worker", "--workers", "1"],
                            env=os.environ | env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def _job(suara: Suara, job_id: int) -> tuple[str, int]:
    job = suara.queue.ledger.get(job_id)
    return job.status, job.attempts


@pytest.mark.slow
def test_a_worker_killed_mid_job_loses_nothing_and_repeats_nothing(
    queue_env: dict[str, str], tmp_path: Path
) -> None:
    with smtp_server() as mailbox, webhook_receiver(hold_first=True) as receiver:
        env = queue_env | {"SUARA_SMTP_HOST": "127.0.0.1", "SUARA_SMTP_PORT": str(mailbox.port)}
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "follow-up.yaml").write_text(RULE % receiver.url)
        suara = _app(env)
        job_id = _submit_detractor(suara)
        first = _worker(env)
        try:
            until(lambda: receiver.calls == 1 and len(mailbox.messages) == 1, what="mid-job")
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        finally:
            first.kill()
        assert _job(suara, job_id) == ("running", 1)
        receiver.release.set()
        lease = schema.jobs.c.lease_until
        until(lambda: _lease(suara, job_id) < datetime.now(UTC), what="the lease", timeout=10)
        second = _worker(env)
        try:
            until(lambda: _job(suara, job_id)[0] == "done", what="the rerun")
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(20)
        assert _job(suara, job_id) == ("done", 2)
        assert len(mailbox.messages) == 1
        assert len(receiver.received) == 1
        with suara.store.engine.connect() as c:
            sends = c.execute(select(schema.message_sends.c.status)).scalars().all()
            hooks = c.execute(select(schema.webhook_deliveries.c.status)).scalars().all()
            assert c.execute(select(lease).where(schema.jobs.c.id == job_id)).scalar() is None
        assert (sends, hooks) == (["sent"], ["delivered"])
        assert [c.department for c in suara.actions.cases.queue()] == ["marketing"]
        suara.close()


def _lease(suara: Suara, job_id: int) -> datetime:
    with suara.store.engine.connect() as c:
        value = c.execute(select(schema.jobs.c.lease_until).where(schema.jobs.c.id == job_id))
        return value.scalar() or datetime.max.replace(tzinfo=UTC)


def _submit_detractor(suara: Suara) -> int:
    from tests.actions.helpers import customer, respond, surveys

    service = surveys(suara.store, lambda: datetime.now(UTC))  # type: ignore[arg-type]
    who = customer(suara.store, "Sari Wulandari")
    response = respond(service, who, nps=4, nps_reason="mahal")
    event = suara.actions.engine().scan(
        datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC), {"response_received"}
    )[0]
    assert event.data["response_id"] == response
    job_id = suara.queue.submit(f"event:{event.key}", "event", event_args(event))
    assert job_id is not None
    assert suara.queue.submit(f"event:{event.key}", "event", event_args(event)) is None
    return job_id


def test_jobs_run_once_from_the_queue(queue_env: dict[str, str], tmp_path: Path) -> None:
    with smtp_server() as mailbox:
        env = queue_env | {"SUARA_SMTP_HOST": "127.0.0.1", "SUARA_SMTP_PORT": str(mailbox.port),
                           "SUARA_DEPARTMENT_EMAILS": '{"support": "cs@toko.example"}'}  # fmt: skip
        suara = _app(env)
        huey = suara.queue.huey
        job_id = suara.queue.submit("kpi:w1", "kpi_email", {})
        assert job_id is not None
        suara.queue.enqueue(job_id)  # a duplicate message does the work once
        results = [huey.execute(huey.dequeue()) for _ in range(2)]
        assert sorted(results) == ["done", "skipped"]
        assert _only(mailbox).startswith("Weekly close-the-loop") or _only(mailbox).startswith(
            "Ringkasan mingguan"
        )
        assert suara.queue.sweep() == 0
        suara.close()


def _only(mailbox: Mailbox) -> str:
    (message,) = mailbox.messages
    return str(message["Subject"])
