"""How sure the extractor is of a record: a product of penalties, one per doubt it noted.

Each stage that guesses says so with a short doubt code on the draft or table row (a rebuilt
table cell, a year taken from far away, an indicator cut at a line break …); the record's
confidence is the product of those doubts' weights. The weights are calibrated on hand-labelled
plans (docs/extraction.md has the reliability table), so a confidence of 0.6 means about six in
ten such records are right. Review sorts by it, lowest first.
"""

from __future__ import annotations

from collections.abc import Iterable

# doubt code → the share of records with only that doubt that are right (calibrated; see docs).
WEIGHTS: dict[str, float] = {
    "no_year": 0.85,  # no time phrase governs the number
    "no_departments": 0.95,  # no responsibility note covers the paragraph
    "table_rebuilt": 0.85,  # a table cell placed by rebuilding a cell-per-line text table (provisional)
    "table_year_far": 0.85,  # a table value's year from the plan's title, not the table's (provisional)
    "table_indicator_from_title": 0.7,  # a table value's indicator taken from the table's title (provisional)
}
_UNKNOWN_DOUBT = 0.8


def confidence_of(doubts: Iterable[str]) -> float:
    """The confidence of a record with these doubts, in [0, 1], rounded to two places."""
    value = 1.0
    for doubt in dict.fromkeys(doubts):
        value *= WEIGHTS.get(doubt, _UNKNOWN_DOUBT)
    return round(value, 2)
