"""Passwords (argon2id) and random tokens (API tokens, session cookies, CSRF tokens).

Passwords are slow-hashed with argon2id because people choose guessable ones. Tokens are 32 random
bytes, so a plain SHA-256 is enough to store them: nothing short of the token itself matches the hash,
and a database dump does not let anyone act as its users.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from greentrack.errors import UsageError

TOKEN_PREFIX = "gt_"  # so a leaked token is recognisable in logs and secret scanners
MIN_PASSWORD = 8
_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of a password (UsageError when it is shorter than eight characters)."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is too short — use at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches the stored hash; an empty or damaged hash (or none: an unknown user) matches
    nothing — after the same work as a real check, so the time taken does not tell which names exist."""
    try:
        return _HASHER.verify(stored or _dummy_hash(), password) and bool(stored)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash of a random password with the real parameters, made once: what an unknown name is checked against."""
    if not _DUMMY:
        _DUMMY.append(_HASHER.hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]


def new_token(prefix: str = "") -> str:
    """A fresh random token (URL-safe, 256 bits)."""
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 (hex) a token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets (a CSRF token against the session's)."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
