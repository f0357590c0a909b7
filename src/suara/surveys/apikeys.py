"""API keys for server-to-server submission: ``suara_<key id>_<secret>``, stored hashed.

Only a SHA-256 of the secret is kept, so a leaked database does not leak working keys; the key
id lets a key be found (and revoked) without comparing against every hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update

from suara.domain.errors import NotAuthenticated
from suara.storage import Store, schema

PREFIX = "suara"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: int
    name: str
    key_id: str
    created_at: datetime
    revoked_at: datetime | None


def create_api_key(store: Store, name: str, *, now: datetime) -> tuple[ApiKey, str]:
    """A new key and its full secret text, which is shown once and never stored."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(24)
    with store.transaction() as connection:
        new_id = connection.execute(
            insert(schema.api_keys).returning(schema.api_keys.c.id),
            {"name": name, "key_id": key_id, "secret_hash": _hash(secret), "created_at": now},
        ).scalar_one()
    return ApiKey(new_id, name, key_id, now, None), f"{PREFIX}_{key_id}_{secret}"


def authenticate(store: Store, presented: str) -> ApiKey:
    """The live key ``presented`` stands for, or :class:`NotAuthenticated`."""
    prefix, _, rest = presented.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not key_id or not secret:
        raise NotAuthenticated("the API key is malformed; it looks like suara_<id>_<secret>")
    k = schema.api_keys
    with store.engine.connect() as connection:
        row = connection.execute(
            select(
                k.c.id, k.c.name, k.c.key_id, k.c.created_at, k.c.revoked_at, k.c.secret_hash
            ).where(k.c.key_id == key_id)
        ).first()
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
        raise NotAuthenticated("the API key is not valid")
    if row.revoked_at is not None:
        raise NotAuthenticated("the API key was revoked")
    return ApiKey(row.id, row.name, row.key_id, row.created_at, None)


def list_api_keys(store: Store) -> list[ApiKey]:
    k = schema.api_keys
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(k.c.id, k.c.name, k.c.key_id, k.c.created_at, k.c.revoked_at).order_by(k.c.id)
        )
        return [ApiKey(*row) for row in rows]


def revoke_api_key(store: Store, key_id: str, *, now: datetime) -> bool:
    k = schema.api_keys
    with store.transaction() as connection:
        done = connection.execute(
            update(k).where(k.c.key_id == key_id, k.c.revoked_at.is_(None)).values(revoked_at=now)
        )
    return done.rowcount == 1
