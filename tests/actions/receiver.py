"""A real local HTTP webhook receiver: records what it gets, can fail the first N calls."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str = ""
    fail_first: int = 0
    hold_first: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    calls: int = 0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def webhook_receiver(fail_first: int = 0, *, hold_first: bool = False) -> Iterator[Receiver]:
    """``hold_first``: the first call hangs until ``release`` is set, then fails (a worker
    can be killed while it waits)."""
    state = Receiver(fail_first=fail_first, hold_first=hold_first)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.calls += 1
                held = state.hold_first and state.calls == 1
                failing = held or state.calls <= state.fail_first
                if not failing:
                    state.received.append(Received(dict(self.headers.items()), body))
            if held:
                state.release.wait(30)
            self.send_response(503 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
