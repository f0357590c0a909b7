"""Kill -9 the server under concurrent submissions: every 2xx is stored exactly once."""

from __future__ import annotations

import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest
from sqlalchemy import func, select

from suara.app import build
from suara.settings import Settings
from suara.storage import Store, schema
from tests.web.live import free_port, live_server

SUBMISSIONS = 240
WORKERS = 12
KILL_AFTER = 60


@pytest.mark.slow
def test_every_acknowledged_submission_survives_a_sigkill_exactly_once(
    settings: Settings, store: Store
) -> None:
    suara = build(settings)
    suara.surveys.install_builtins()
    _, secret = suara.surveys.create_api_key("durability")
    suara.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/v1/responses"
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()
    done = threading.Event()

    def submit(n: int, attempts: int = 1) -> None:
        """Post submission ``n``; on a transport error try again, up to ``attempts`` times,
        as a client holding an idempotency key would (a timed-out post may have been
        stored: the retry must then get the stored response, not a second one)."""
        key = f"durability-{n}"
        body = {"survey": "nps", "answers": {"nps": n % 11, "nps_reason": f"alasan {n}"}}
        headers = {"X-API-Key": secret, "Idempotency-Key": key}
        for _ in range(attempts):
            try:
                got = httpx2.post(url, json=body, headers=headers, timeout=10)
                break
            except httpx2.TransportError:
                continue
        else:
            return
        if got.is_success:
            with lock:
                acknowledged[key] = got.json()["id"]
                if len(acknowledged) >= KILL_AFTER:
                    done.set()

    with live_server(settings, port) as process, ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(submit, n) for n in range(SUBMISSIONS)]
        assert done.wait(60), "too few submissions were acknowledged before the kill"
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        for future in futures:
            future.result()
    before_restart = dict(acknowledged)
    with live_server(settings, port), ThreadPoolExecutor(WORKERS) as pool:
        # every submission again, as clients retry: replays for what was stored; on a slow
        # machine a post can time out, which a client retries too
        list(pool.map(lambda n: submit(n, attempts=3), range(SUBMISSIONS)))
    assert len(acknowledged) == SUBMISSIONS
    assert all(acknowledged[k] == v for k, v in before_restart.items())
    with store.engine.connect() as connection:
        per_key = dict(
            connection.execute(
                select(schema.responses.c.idempotency_key, func.count()).group_by(
                    schema.responses.c.idempotency_key
                )
            ).all()
        )
        comments = connection.execute(
            select(func.count()).select_from(schema.feedback_items)
        ).scalar_one()
    assert set(per_key) == set(acknowledged)
    assert set(per_key.values()) == {1}
    assert comments == SUBMISSIONS
