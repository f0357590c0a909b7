"""``suara serve`` as a real process on a free port, for tests that need a live server
(the SIGKILL durability test, the browser tests)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest

from suara.settings import Settings
from tests.mailbox import free_port

__all__ = ["free_port", "live_server", "server_env"]

START_TIMEOUT = 30.0


def server_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ, SUARA_HOME=str(settings.home), SUARA_LOG_LEVEL="WARNING")
    env.pop("SUARA_DATABASE_URL", None)
    if settings.database_url:
        env["SUARA_DATABASE_URL"] = settings.database_url
    env["SUARA_PUBLIC_URL"] = settings.public_url
    return env


@contextmanager
def live_server(settings: Settings, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``suara serve`` on ``port`` and wait until it answers; stop it afterwards."""
    suara_bin = Path(sys.executable).with_name("suara")
    process = subprocess.Popen(
        [str(suara_bin), "serve", "--port", str(port)],
        env=server_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/api/v1/openapi.json").status_code == 200:
                break
        except httpx2.TransportError:
            time.sleep(0.05)  # polling a port that is not open yet: nothing to wait on instead
        if process.poll() is not None:
            pytest.fail(f"suara serve exited with status {process.returncode} before answering")
    else:
        process.kill()
        pytest.fail(f"suara serve did not start within {START_TIMEOUT:.0f} s")
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)
