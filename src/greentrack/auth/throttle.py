"""Failed logins, counted per account (the name typed, known or not) and per address: growing delays, then a
temporary lock-out.

After `login_free_failures` failures on an account within `login_window_minutes`, each further attempt must
wait `login_delay_seconds`, doubled with every failure; an attempt made sooner is refused without its password
being checked, and counts as a failure too. `login_lock_failures` failures lock the account for
`login_lock_minutes`, whatever password comes next; `login_address_failures` from one address lock that address
out. A success clears the account's count. Unknown names are counted like real ones, so the answers tell
nothing about which names exist.

The counts live in this process's memory (documented in docs/security.md): `greentrack serve` is one process,
and a restart — which an attacker cannot cause — clears them. With several server processes each counts for
itself, so the limits multiply by their number.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from greentrack import config

KEYS_KEPT = 100_000  # accounts and addresses remembered at most (the oldest forgotten first)


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before its password is checked, and for how many seconds more."""

    locked: bool  # locked out (else: asked to wait its delay)
    seconds: float
    subject: str  # "account" or "address"


@dataclass(frozen=True)
class Lockout:
    """An account or address that has just been locked out (the audit log records it)."""

    kind: str  # "account" or "address"
    key: str
    failures: int
    seconds: float


class _Record:
    """One account's or address's recent failures and the end of its lock-out."""

    __slots__ = ("failures", "locked_until")

    def __init__(self) -> None:
        self.failures: deque[float] = deque()
        self.locked_until = 0.0

    def recent(self, now: float, window: float) -> int:
        while self.failures and self.failures[0] < now - window:
            self.failures.popleft()
        return len(self.failures)


class Throttle:
    """The counts of one ledger's logins (kept per ledger, so tests and servers of other ledgers never mix)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()

    def _record(self, kind: str, key: str) -> _Record:
        found = self._records.get((kind, key))
        if found is None:
            found = self._records[(kind, key)] = _Record()
            if len(self._records) > KEYS_KEPT:
                self._records.popitem(last=False)
        self._records.move_to_end((kind, key))
        return found

    def refusal(self, name: str, address: str, now: float | None = None) -> Refusal | None:
        """Why an attempt now is refused unchecked (a lock-out, or a delay not yet over), or None."""
        now = time.monotonic() if now is None else now
        window = float(config.get("login_window_minutes")) * 60
        with self._lock:
            for kind, key in (("address", address), ("account", name)):
                record = self._records.get((kind, key))
                if record is not None and record.locked_until > now:
                    return Refusal(True, record.locked_until - now, kind)
            record = self._records.get(("account", name))
            if record is None:
                return None
            count = record.recent(now, window)
            free = int(config.get("login_free_failures"))
            if count < free or not record.failures:
                return None
            delay = min(float(config.get("login_delay_seconds")) * 2 ** (count - free),
                        float(config.get("login_lock_minutes")) * 60)
            left = record.failures[-1] + delay - now
            return Refusal(False, left, "account") if left > 0 else None

    def failed(self, name: str, address: str, now: float | None = None) -> list[Lockout]:
        """Count a failure (a wrong password, or an attempt refused unchecked); the lock-outs it causes."""
        now = time.monotonic() if now is None else now
        window = float(config.get("login_window_minutes")) * 60
        lock = float(config.get("login_lock_minutes")) * 60
        limits = (("account", name, int(config.get("login_lock_failures"))),
                  ("address", address, int(config.get("login_address_failures"))))
        locked = []
        with self._lock:
            for kind, key, limit in limits:
                record = self._record(kind, key)
                record.failures.append(now)
                count = record.recent(now, window)
                if count >= limit and record.locked_until <= now:
                    record.locked_until = now + lock
                    locked.append(Lockout(kind, key, count, lock))
        return locked

    def succeeded(self, name: str) -> None:
        """A correct password: the account's failures are forgotten (its address's stay)."""
        with self._lock:
            self._records.pop(("account", name), None)


_THROTTLES: dict[str, Throttle] = {}
_THROTTLES_LOCK = threading.Lock()


def throttle_of(ledger_url: str) -> Throttle:
    """The throttle of one ledger's logins."""
    with _THROTTLES_LOCK:
        return _THROTTLES.setdefault(ledger_url, Throttle())
