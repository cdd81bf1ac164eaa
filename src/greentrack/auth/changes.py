"""An audit entry in one line: the fields it changed, `field: before → after`."""

from __future__ import annotations

from typing import Any

SHOWN = 6  # past this many fields a line stops being readable; the JSON keeps them all


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """The fields an entry changed, `field: old → new` (every field for a create or delete, up to SHOWN)."""
    old, new = before or {}, after or {}
    keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
    shown = "; ".join(f"{k}: {old.get(k, '—')} → {new.get(k, '—')}" for k in keys[:SHOWN])
    return shown + (" …" if len(keys) > SHOWN else "")
