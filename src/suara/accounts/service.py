"""Users, sessions, rate-limited sign-in and the audit log, on the store.

Session tokens are random and only their SHA-256 is stored, so a copy of the database opens
no session. Sign-in is refused while a user name or an address has too many recent failures
(OWASP Authentication Cheat Sheet, "Protect against automated attacks"); attempts are kept in
the database so the limit holds across server processes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from suara.accounts.passwords import MIN_LENGTH, generate_password, hash_password, verify_password
from suara.accounts.roles import Role
from suara.domain.errors import AccountRejected, SignInRejected, SignInThrottled, UnknownUser
from suara.storage import Store, schema

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
ADDRESS_FACTOR = 4
"""An address may fail this many times more often than one user name (a shared office)."""


@dataclass(frozen=True, slots=True)
class AccountConfig:
    session_hours: int = 12
    max_failures: int = 5
    window_minutes: int = 15


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    created_at: datetime
    disabled_at: datetime | None

    @property
    def active(self) -> bool:
        return self.disabled_at is None


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A live session: who, its anti-forgery token, and when it ends."""

    user: User
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    created_at: datetime
    username: str
    action: str
    target: str | None
    address: str | None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class AccountService:
    def __init__(
        self, store: Store, config: AccountConfig, *, clock: Callable[[], datetime] = _now
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    def add_user(self, username: str, role: str, *, password: str | None = None) -> str:
        """Create a user; returns the password (generated unless given)."""
        name = username.strip().lower()
        if not USERNAME.match(name):
            msg = f"user name {username!r}: use 2-64 lower-case letters, digits, '.', '_' or '-'"
            raise AccountRejected(msg)
        chosen = _role(role)
        secret = password or generate_password()
        _check_password(secret)
        now = self.clock()
        u = schema.users
        with self.store.transaction() as connection:
            if connection.execute(select(u.c.id).where(u.c.username == name)).first():
                raise AccountRejected(f"a user named {name!r} exists; choose another name")
            connection.execute(
                insert(u),
                {"username": name, "password_hash": hash_password(secret), "role": chosen.value,
                 "created_at": now, "password_changed_at": now},
            )  # fmt: skip
        return secret

    def users(self) -> list[User]:
        u = schema.users
        with self.store.engine.connect() as connection:
            rows = connection.execute(select(*_USER_COLUMNS).order_by(u.c.username)).all()
        return [_user(row) for row in rows]

    def user(self, username: str) -> User:
        u = schema.users
        with self.store.engine.connect() as connection:
            row = connection.execute(
                select(*_USER_COLUMNS).where(u.c.username == username.strip().lower())
            ).first()
        if row is None:
            raise UnknownUser(f"no user named {username!r}; `suara users list` shows them")
        return _user(row)

    def disable(self, username: str) -> None:
        """Disable a user and end their sessions at once."""
        user = self.user(username)
        with self.store.transaction() as connection:
            connection.execute(
                update(schema.users)
                .where(schema.users.c.id == user.id)
                .values(disabled_at=self.clock())
            )
            connection.execute(
                delete(schema.user_sessions).where(schema.user_sessions.c.user_id == user.id)
            )

    def reset_password(self, username: str, *, password: str | None = None) -> str:
        """A new password (generated unless given); the user's sessions end."""
        user = self.user(username)
        secret = password or generate_password()
        _check_password(secret)
        with self.store.transaction() as connection:
            connection.execute(
                update(schema.users)
                .where(schema.users.c.id == user.id)
                .values(password_hash=hash_password(secret), password_changed_at=self.clock())
            )
            connection.execute(
                delete(schema.user_sessions).where(schema.user_sessions.c.user_id == user.id)
            )
        return secret

    def sign_in(self, username: str, password: str, *, address: str) -> tuple[SignedIn, str]:
        """A new session and its token, or :class:`SignInRejected` /
        :class:`SignInThrottled`. Every attempt is recorded; none reveals which part was
        wrong."""
        name = username.strip().lower()[:128]
        now = self.clock()
        self._check_throttle(name, address, now)
        u = schema.users
        with self.store.engine.connect() as connection:
            row = connection.execute(
                select(*_USER_COLUMNS, u.c.password_hash).where(u.c.username == name)
            ).first()
        stored = row.password_hash if row is not None else None
        ok = verify_password(stored, password) and row is not None and row.disabled_at is None
        with self.store.transaction() as connection:
            connection.execute(
                insert(schema.login_attempts),
                {"username": name, "address": address[:64], "succeeded": ok, "attempted_at": now},
            )
        if not ok or row is None:
            raise SignInRejected("the user name or password is wrong, or the user is disabled")
        with self.store.transaction() as connection:
            token = secrets.token_urlsafe(32)
            csrf = secrets.token_urlsafe(32)
            expires = now + timedelta(hours=self.config.session_hours)
            connection.execute(
                insert(schema.user_sessions),
                {"token_hash": _token_hash(token), "user_id": row.id, "csrf_token": csrf,
                 "created_at": now, "expires_at": expires},
            )  # fmt: skip
        return SignedIn(_user(row), csrf, expires), token

    def _check_throttle(self, name: str, address: str, now: datetime) -> None:
        a = schema.login_attempts
        since = now - timedelta(minutes=self.config.window_minutes)
        recent = (a.c.attempted_at >= since) & a.c.succeeded.is_(False)
        with self.store.engine.connect() as connection:
            by_name = connection.execute(
                select(func.count()).where(recent & (a.c.username == name))
            ).scalar_one()
            by_address = connection.execute(
                select(func.count()).where(recent & (a.c.address == address[:64]))
            ).scalar_one()
        limit = self.config.max_failures
        if by_name >= limit or by_address >= limit * ADDRESS_FACTOR:
            minutes = self.config.window_minutes
            msg = f"too many failed sign-ins; wait {minutes} minutes and try again"
            raise SignInThrottled(msg)

    def session(self, token: str | None) -> SignedIn | None:
        """The live session ``token`` opens, or None (unknown, expired, user disabled)."""
        if not token:
            return None
        s, u = schema.user_sessions, schema.users
        with self.store.engine.connect() as connection:
            row = connection.execute(
                select(*_USER_COLUMNS, s.c.csrf_token, s.c.expires_at)
                .join(s, s.c.user_id == u.c.id)
                .where(s.c.token_hash == _token_hash(token))
            ).first()
        if row is None or row.expires_at <= self.clock() or row.disabled_at is not None:
            return None
        return SignedIn(_user(row), row.csrf_token, row.expires_at)

    def sign_out(self, token: str) -> None:
        with self.store.transaction() as connection:
            connection.execute(
                delete(schema.user_sessions).where(
                    schema.user_sessions.c.token_hash == _token_hash(token)
                )
            )

    def audit(self, user: User, action: str, *, target: str | None, address: str | None) -> None:
        with self.store.transaction() as connection:
            connection.execute(
                insert(schema.audit_log),
                {"user_id": user.id, "username": user.username, "action": action,
                 "target": target, "address": address, "created_at": self.clock()},
            )  # fmt: skip

    def audit_entries(self, *, limit: int = 200) -> list[AuditEntry]:
        a = schema.audit_log
        with self.store.engine.connect() as connection:
            rows = connection.execute(
                select(a.c.created_at, a.c.username, a.c.action, a.c.target, a.c.address)
                .order_by(a.c.id.desc())
                .limit(limit)
            ).all()
        return [AuditEntry(*row) for row in rows]


_USER_COLUMNS = (
    schema.users.c.id,
    schema.users.c.username,
    schema.users.c.role,
    schema.users.c.created_at,
    schema.users.c.disabled_at,
)


def _user(row: Any) -> User:
    return User(row.id, row.username, Role(row.role), row.created_at, row.disabled_at)


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise AccountRejected(f"role {role!r} does not exist; choose one of {known}") from None


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AccountRejected(f"a password needs at least {MIN_LENGTH} characters")
