"""Signed webhooks with retries: how Suara talks to chat/SMS gateways and other systems.

Every delivery is signed with HMAC-SHA256 over ``"<timestamp>.<body>"`` under the webhook
secret and sent as ``X-Suara-Signature: t=<timestamp>,v1=<hex>`` (the scheme Stripe and
others use, so a receiver can reject replays by the timestamp). A delivery has an idempotency
key (``X-Suara-Delivery``): it is tried until an endpoint answers 2xx, waiting
``backoff * 2**(n-1)`` seconds after the n-th failure, every attempt recorded; once it has
succeeded it is never sent again, so a retried job cannot deliver twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from suara.storage import Store, schema

Clock = Callable[[], datetime]
SIGNATURE_HEADER = "X-Suara-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: float, tolerance: float = 300) -> bool:
    """What a receiver does: recompute the signature and check the timestamp is recent."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not parts.get("t", "").isdigit():
        return False
    expected = signature(secret, int(parts["t"]), body)
    fresh = abs(now - int(parts["t"])) <= tolerance
    return fresh and hmac.compare_digest(expected, header)


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    secret: str
    attempts: int = 5
    backoff: float = 1.0
    timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    status: str
    attempts: int


class Webhooks:
    def __init__(
        self,
        store: Store,
        config: WebhookConfig,
        *,
        clock: Clock,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.sleep = sleep

    def deliver(
        self,
        url: str,
        event: str,
        payload: dict[str, Any],
        *,
        key: str,
        send_id: int | None = None,
    ) -> Delivery:
        """POST ``payload`` to ``url`` until it succeeds or the attempts run out."""
        w = schema.webhook_deliveries
        with self.store.transaction() as connection:
            row = connection.execute(
                select(w.c.id, w.c.status, w.c.attempts).where(w.c.idempotency_key == key)
            ).first()
            if row is None:
                delivery_id = connection.execute(
                    insert(w).values(idempotency_key=key, send_id=send_id, url=url, event=event,
                                     payload=payload, status="pending", attempts=0,
                                     created_at=self.clock()).returning(w.c.id)
                ).scalar_one()  # fmt: skip
                row_status, done = "pending", 0
            else:
                delivery_id, row_status, done = int(row.id), str(row.status), int(row.attempts)
        if row_status == "delivered":
            return Delivery(delivery_id, row_status, done)
        body = json.dumps({"event": event, "delivery": key, "data": payload},
                          ensure_ascii=False, sort_keys=True).encode()  # fmt: skip
        for number in range(done + 1, done + self.config.attempts + 1):
            code, error = self._post(url, event, key, body)
            ok = code is not None and 200 <= code < 300
            if self._record(delivery_id, number, code, error, ok=ok):
                return Delivery(delivery_id, "delivered", number)
            if number < done + self.config.attempts:
                self.sleep(self.config.backoff * 2 ** (number - done - 1))
        with self.store.transaction() as connection:
            connection.execute(update(w).where(w.c.id == delivery_id, w.c.status != "delivered")
                               .values(status="failed"))  # fmt: skip
        return Delivery(delivery_id, "failed", done + self.config.attempts)

    def _post(self, url: str, event: str, key: str, body: bytes) -> tuple[int | None, str | None]:
        stamp = int(self.clock().timestamp())
        request = urllib.request.Request(url, data=body, method="POST")
        for name, value in {
            "Content-Type": "application/json",
            "User-Agent": "Suara-Webhooks/1",
            "X-Suara-Event": event,
            "X-Suara-Delivery": key,
            SIGNATURE_HEADER: signature(self.config.secret, stamp, body),
        }.items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as answer:
                return int(answer.status), None
        except urllib.error.HTTPError as exc:
            return int(exc.code), f"HTTP {exc.code}"
        except (OSError, ValueError) as exc:
            return None, str(exc)[:500]

    def _record(
        self, delivery_id: int, number: int, code: int | None, error: str | None, *, ok: bool
    ) -> bool:
        """Store the attempt; on success mark the delivery delivered, once."""
        w, a = schema.webhook_deliveries, schema.delivery_attempts
        now = self.clock()
        with self.store.transaction() as connection:
            connection.execute(
                insert(a).values(delivery_id=delivery_id, number=number, status_code=code,
                                 error=error, succeeded=ok, attempted_at=now)
            )  # fmt: skip
            values: dict[str, Any] = {"attempts": number}
            if ok:
                values |= {"status": "delivered", "delivered_at": now}
            connection.execute(
                update(w).where(w.c.id == delivery_id, w.c.status != "delivered").values(values)
            )
        return ok
