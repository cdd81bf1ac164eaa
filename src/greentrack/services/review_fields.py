"""The fields a person may set when reviewing a target or task, each checked before anything is written.

Values come as the API sends them (numbers, lists, booleans) or as the CLI passes them (text): each is read
into the column's type or refused with InvalidField naming the field and the reason (HTTP 422, exit code 2),
so that a bad edit changes nothing. A department must be one the plan's place can mean: the registry knows
it there, the ledger holds it, or the plan itself names it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from greentrack.errors import InvalidField

KINDS = ("level", "change", "cumulative", "standard")  # shared/spec/targets.md
COMPARATORS = (">=", "<=", "<", ">", "=")
BINDINGS = ("约束性", "预期性")
FIRST_YEAR, LAST_YEAR = 1900, 2100
TRUE, FALSE = frozenset({"true", "yes", "1", "是", "y"}), frozenset({"false", "no", "0", "否", "n", ""})
NAME_SPLIT = re.compile(r"[、,，;；]")
TEXT_LIMITS = {"unit": 32, "binding": 8, "indicator": 500, "scope": 500, "text": 4000, "reason": 2000}


def number(field: str, value: Any, optional: bool = False) -> float | None:
    """A finite number (text such as "70" or "1.5" read as one)."""
    if optional and (value is None or (isinstance(value, str) and not value.strip())):
        return None
    if isinstance(value, bool):
        raise InvalidField(field, f"{value!r} is not a number")
    try:
        found = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise InvalidField(field, f"{value!r} is not a number — write it as 70 or 1.5") from None
    if not math.isfinite(found):
        raise InvalidField(field, f"{value!r} is not a finite number")
    return found


def year(field: str, value: Any) -> int | None:
    """A year a plan can mean (1900–2100), or None for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidField(field, f"{value!r} is not a year")
    try:
        found = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise InvalidField(field, f"{value!r} is not a year — write it as 2025") from None
    if isinstance(value, float) and value != found:
        raise InvalidField(field, f"{value!r} is not a year — write it as 2025")
    if not FIRST_YEAR <= found <= LAST_YEAR:
        raise InvalidField(field, f"{found} is not a plan's year — give one from {FIRST_YEAR} to {LAST_YEAR}")
    return found


def deadline(field: str, value: Any) -> str | None:
    """An ISO date (2025-10-31) inside the years a plan can mean, or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        found = date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidField(field, f"{value!r} is not a date — write it as 2025-10-31") from None
    year(field, found.year)
    return found.isoformat()


def text(field: str, value: Any, optional: bool = True) -> str | None:
    """Text within the column's length; None (or a refusal, when required) for nothing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise InvalidField(field, "must not be empty")
    if not isinstance(value, str):
        raise InvalidField(field, f"{value!r} is not text")
    found = value.strip()
    limit = TEXT_LIMITS.get(field, 4000)
    if len(found) > limit:
        raise InvalidField(field, f"is {len(found)} characters long — at most {limit}")
    return found


def choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    """One of `choices`."""
    found = str(value).strip() if value is not None else ""
    if found not in choices:
        raise InvalidField(field, f"{value!r} is not one of {', '.join(choices)}")
    return found


def flag(field: str, value: Any) -> bool:
    """A yes or no (true/false, yes/no, 1/0, 是/否)."""
    if isinstance(value, bool):
        return value
    found = str(value).strip().lower() if value is not None else ""
    if found in TRUE:
        return True
    if found in FALSE:
        return False
    raise InvalidField(field, f"{value!r} is not yes or no — write true or false")


def binding(field: str, value: Any) -> str | None:
    """约束性, 预期性, or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return choice(field, value, BINDINGS)


def names(field: str, value: Any) -> tuple[str, ...]:
    """Department names as written: a list, or one text separated by 、 or commas; each once, in order."""
    if value is None:
        return ()
    parts = NAME_SPLIT.split(value) if isinstance(value, str) else value
    if not isinstance(parts, list | tuple) or not all(isinstance(p, str) for p in parts):
        raise InvalidField(field, f"{value!r} is not a list of department names")
    found: list[str] = []
    for part in (p.strip() for p in parts):
        if len(part) > 128:
            raise InvalidField(field, f"{part[:20]}… is longer than a department's name can be (128 characters)")
        if part and part not in found:
            found.append(part)
    return tuple(found)


@dataclass(frozen=True)
class Span:
    """A checked span of the plan's text and the quote it holds."""

    start: int
    end: int
    quote: str


def span(text_of_plan: str, start: Any, end: Any) -> Span:
    """A span inside the plan's text (0 ≤ start < end ≤ its length)."""
    first, last = _offset("start", start), _offset("end", end)
    size = len(text_of_plan)
    if not 0 <= first < size:
        raise InvalidField("start", f"{first} lies outside the plan's text (0–{size - 1})")
    if not first < last <= size:
        raise InvalidField("end", f"{last} lies outside the text after start {first} ({first + 1}–{size})")
    if not text_of_plan[first:last].strip():
        raise InvalidField("start", f"the span {first}–{last} holds only blank text")
    return Span(first, last, text_of_plan[first:last])


def _offset(field: str, value: Any) -> int:
    if isinstance(value, bool) or value is None:
        raise InvalidField(field, "an offset into the plan's text is needed")
    try:
        return int(str(value).strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidField(field, f"{value!r} is not an offset into the plan's text") from None


def quoted(text_of_plan: str, quote: Any, near: int = 0) -> Span:
    """The span of an exact quote of the plan (its occurrence nearest `near`)."""
    wanted = text("quote", quote, optional=False) or ""
    places = [m.start() for m in re.finditer(re.escape(wanted), text_of_plan)]
    if not places:
        raise InvalidField("quote", f"“{wanted[:40]}” is not in the plan's text — quote it exactly, or give "
                                    "start and end")
    first = min(places, key=lambda at: abs(at - near))
    return Span(first, first + len(wanted), wanted)


# field → how its value is read (targets); departments and the span are read apart
TARGET_READERS: dict[str, Callable[[str, Any], Any]] = {
    "indicator": lambda f, v: text(f, v, optional=False), "comparator": lambda f, v: choice(f, v, COMPARATORS),
    "value": number, "unit": lambda f, v: text(f, v) or "", "year": year, "deadline": deadline,
    "kind": lambda f, v: choice(f, v, KINDS), "reference_year": year,
    "baseline_value": lambda f, v: number(f, v, optional=True), "baseline_year": year,
    "scope": text, "aspirational": flag, "binding": binding,
}
TASK_READERS: dict[str, Callable[[str, Any], Any]] = {
    "text": lambda f, v: text(f, v, optional=False), "year": year, "deadline": deadline,
}
DEPARTMENT_FIELDS = ("departments", "lead_departments")
SPAN_FIELDS = ("start", "end", "quote")


def read_fields(changes: Mapping[str, Any], readers: Mapping[str, Callable[[str, Any], Any]],
                also: Iterable[str] = ()) -> dict[str, Any]:
    """The changes read into their columns' types; InvalidField for a field that is not there to edit."""
    allowed = {*readers, *DEPARTMENT_FIELDS, *SPAN_FIELDS, *also}
    found: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in allowed:
            raise InvalidField(field, f"is not a field a person edits — use one of {', '.join(sorted(allowed))}")
        if field in readers:
            found[field] = readers[field](field, value)
        elif field in DEPARTMENT_FIELDS:
            found[field] = names(field, value)
        else:
            found[field] = value
    return found


def departments_of(current: tuple[tuple[str, ...], tuple[str, ...]], changes: Mapping[str, Any],
                   ) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(departments, leads) after the changes (None when neither changed): leads named alone replace the old leads
    and stay among the departments; departments named alone keep the leads still among them."""
    if not any(f in changes for f in DEPARTMENT_FIELDS):
        return None
    old_all, old_leads = current
    leads = changes.get("lead_departments", tuple(n for n in old_leads if n in changes.get("departments", old_all)))
    if "departments" in changes:
        everyone = tuple(changes["departments"])
    else:
        everyone = tuple(n for n in old_all if n not in old_leads)
    everyone = tuple(dict.fromkeys((*leads, *everyone)))  # a lead answers for the target too
    return everyone, tuple(leads)


def check_departments(field_names: tuple[tuple[str, ...], tuple[str, ...]], known: Callable[[str], bool],
                      close: Callable[[str], list[str]], place: str | None) -> None:
    """InvalidField for the first name neither the registry, the ledger nor the plan knows, with close names."""
    everyone, leads = field_names
    for name in everyone:
        if not known(name):
            field = "lead_departments" if name in leads else "departments"
            hint = close(name)
            suggestion = f"; did you mean: {', '.join(hint)}?" if hint else ""
            raise InvalidField(field, f"unknown department '{name}' — the department registry (for "
                                      f"{place or 'this place'}), the ledger and the plan's text know no such "
                                      f"department{suggestion}", hint)
