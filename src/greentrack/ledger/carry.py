"""Which record of a plan's new version continues which record of its previous one, found by statement.

A record's *statement* is the run of whole sentences (and table lines) that holds its quote: from the last
sentence end (。；！？ or a line break) before the quote to the first one after it. A revised plan moves
paragraphs, so offsets say nothing; the statement's words do. An old record whose statement stands word for
word in the new text (the occurrence whose neighbourhood reads most alike, when it stands there more than once)
is `same`: the new record at the same place inside it continues it, and a person's decision stays. Otherwise
the statement changed or vanished: the sentences around it, found in the new text, bound where it stood, and the
new record there whose quote reads most alike is `changed` (it goes back to review with the old decision shown
beside it); with none, the old record `vanished`.

Plain data in and out (no database): `repository.review.carry_reviews` reads the rows and applies the result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

ENDS = frozenset("。；！？;!?\n")
CONTEXT = 60  # characters either side of a statement compared to pick among its occurrences
CHANGED_AT_LEAST = 0.3  # bigram Dice of two quotes past which a new record continues a changed statement
SAME, CHANGED, VANISHED = "same", "changed", "vanished"
_SPAN = re.compile(r":(\d+)-(\d+):[^:]*$")
PERSON_KEYS = ("added-", "carried-")  # the last part of the key of a record a person made (not the extractor)


@dataclass(frozen=True)
class Stated:
    """A stored record as matching sees it: its id, its span and the span the extractor gave it, its quote."""

    id: int
    start: int
    end: int
    machine: tuple[int, int]  # the extractor's span (from the key), the current span for a record a person added
    quote: str


@dataclass(frozen=True)
class Match:
    """What became of an old record: `same` (new_id at the same place of the same statement), `changed` (new_id
    where its changed statement stands) or `vanished` (new_id None); `shift` moves an old offset into the new text
    (`same` only)."""

    old_id: int
    kind: str
    new_id: int | None = None
    shift: int | None = None


def machine_span(key: str, start: int, end: int) -> tuple[int, int]:
    """The span an extraction key (`stem:start-end:hash`) names; (start, end) for a key that names none."""
    found = _SPAN.search(key)
    made_by_person = key.rsplit(":", 1)[-1].startswith(PERSON_KEYS)
    return (int(found.group(1)), int(found.group(2))) if found and not made_by_person else (start, end)


def statement(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole sentences (and lines) holding text[start:end]."""
    first = start
    while first > 0 and text[first - 1] not in ENDS:
        first -= 1
    last = max(end, start + 1)
    while last < len(text) and text[last - 1] not in ENDS:
        last += 1
    return first, min(last, len(text))


def _bigrams(text: str) -> Counter[str]:
    clean = "".join(text.split())
    return Counter(clean[i:i + 2] for i in range(len(clean) - 1)) if len(clean) > 1 else Counter([clean])


def likeness(a: str, b: str) -> float:
    """Bigram Dice of two texts, spaces ignored (1.0 when equal)."""
    if not a or not b:
        return 0.0
    ga, gb = _bigrams(a), _bigrams(b)
    return 2 * sum((ga & gb).values()) / max(1, sum(ga.values()) + sum(gb.values()))


def _occurrences(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0 and part:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def locate(old: str, new: str, first: int, last: int) -> int | None:
    """Where old[first:last] stands word for word in `new` (None when nowhere): the occurrence whose neighbourhood
    reads most like the old one's, and among equals the one nearest the same share of the text."""
    part = old[first:last]
    places = _occurrences(new, part)
    if len(places) <= 1:
        return places[0] if places else None
    before, after = old[max(0, first - CONTEXT):first], old[last:last + CONTEXT]
    share = first / max(1, len(old))

    def rank(at: int) -> tuple[float, float]:
        end = at + len(part)
        alike = likeness(before, new[max(0, at - CONTEXT):at]) + likeness(after, new[end:end + CONTEXT])
        return alike, -abs(at / max(1, len(new)) - share)

    return max(places, key=rank)


def _region(old: str, new: str, first: int, last: int) -> tuple[int, int] | None:
    """Where a statement no longer found word for word stood in `new`: between the sentences around it."""
    before = statement(old, first - 1, first - 1) if first > 0 else None
    after = statement(old, last, last + 1) if last < len(old) else None
    start = locate(old, new, *before) if before and before[1] > before[0] else None
    end = locate(old, new, *after) if after and after[1] > after[0] else None
    width = 2 * (last - first)
    if start is not None:
        start += before[1] - before[0]
    if start is None and end is None:
        return None
    if start is None:
        start = max(0, end - width)
    if end is None or end < start:
        end = start + width
    return start, end


def match_records(old_text: str, new_text: str, old: Sequence[Stated], new: Sequence[Stated]) -> list[Match]:
    """What became of each old record in the new version (see the module's docstring); a new record continues
    one old record at most. Unchanged statements are matched first, so a changed one never takes their records."""
    taken: set[int] = set()
    by_span = {record.machine: record for record in new}
    matches: dict[int, Match] = {}
    pending: list[tuple[Stated, int, int]] = []
    for record in old:
        first, last = statement(old_text, record.start, record.end)
        at = locate(old_text, new_text, first, last)
        if at is None:
            pending.append((record, first, last))
            continue
        shift = at - first
        found = _same_place(record, shift, by_span, new, taken)
        if found is not None:
            taken.add(found.id)
        matches[record.id] = Match(record.id, SAME, found.id if found else None, shift)
    for record, first, last in pending:
        found = _changed(record, _region(old_text, new_text, first, last), new, taken)
        if found is not None:
            taken.add(found.id)
        matches[record.id] = Match(record.id, CHANGED if found else VANISHED, found.id if found else None)
    return [matches[record.id] for record in old]


def _same_place(record: Stated, shift: int, by_span: dict[tuple[int, int], Stated], new: Sequence[Stated],
                taken: set[int]) -> Stated | None:
    """The new record the extractor gave the same span inside the moved statement, else the one overlapping the
    record's own span most (None for a record a person added where the extractor finds nothing)."""
    exact = by_span.get((record.machine[0] + shift, record.machine[1] + shift))
    if exact is not None and exact.id not in taken:
        return exact
    start, end = record.start + shift, record.end + shift
    overlapping = [(min(end, n.end) - max(start, n.start), n) for n in new
                   if n.id not in taken and min(end, n.end) > max(start, n.start) and n.quote == record.quote]
    return max(overlapping, key=lambda pair: pair[0])[1] if overlapping else None


def _changed(record: Stated, region: tuple[int, int] | None, new: Sequence[Stated], taken: set[int]) -> Stated | None:
    """The new record inside the region whose quote reads most like the old one (None below CHANGED_AT_LEAST)."""
    if region is None:
        return None
    inside = [n for n in new if n.id not in taken and region[0] <= n.start < region[1]]
    scored = [(likeness(record.quote, n.quote), n) for n in inside]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= CHANGED_AT_LEAST else None
