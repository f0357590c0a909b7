"""Password hashing (Argon2id, RFC 9106) and generated passwords."""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_ALPHABET = string.ascii_letters + string.digits
_hasher = PasswordHasher()  # argon2-cffi's defaults follow RFC 9106's second recommendation
_DUMMY = _hasher.hash("suara-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; an unknown user is checked against a dummy hash so a
    wrong user name takes as long as a wrong password."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def generate_password(length: int = 16) -> str:
    """A random password of letters and digits (~95 bits at 16 characters)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
