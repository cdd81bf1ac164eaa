"""Unit conversion: a value converted to any unit of the same dimension and back is the value again (to the 12
significant digits conversion keeps); units of different dimensions never convert, whatever the value (the
one exception is documented: 0 with no unit, 清零, is zero in any unit); unknown units never convert."""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from greentrack.resolve.models import Quantity, UnitMismatch
from greentrack.resolve.units import SYNONYMS, UNITS, convert, dimension, normalise_unit

NAMES = sorted(UNITS)
SIMPLE = st.sampled_from(NAMES)
COMPOSITE = st.tuples(st.sampled_from([n for n in NAMES if n]), st.sampled_from([n for n in NAMES if n])).map(
    lambda pair: f"{pair[0]}/{pair[1]}")
UNIT = st.one_of(SIMPLE, COMPOSITE)
VALUE = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 1e-6)


def same_dimension(unit: str) -> st.SearchStrategy[str]:
    return st.sampled_from([u for u in [*NAMES] if dimension(u) == dimension(unit)] or [unit])


@given(UNIT.flatmap(lambda unit: st.tuples(st.just(unit), same_dimension(unit) if "/" not in unit else
                                           st.just(unit))), VALUE)
def test_round_trip(units: tuple[str, str], value: float) -> None:
    unit, other = units
    there = convert(value, unit, other)
    assert isinstance(there, Quantity), there
    back = convert(there.value, other, unit)
    assert isinstance(back, Quantity), back
    assert math.isclose(back.value, value, rel_tol=1e-9, abs_tol=1e-9)
    assert back.unit == normalise_unit(unit)


@given(UNIT, UNIT, VALUE)
def test_incompatible_units_never_convert(unit: str, other: str, value: float) -> None:
    assume(dimension(unit) != dimension(other))
    assume(not (value == 0 and normalise_unit(unit) == ""))
    result = convert(value, unit, other)
    assert isinstance(result, UnitMismatch)
    assert result.reason


@given(st.text(min_size=1, max_size=8), SIMPLE, VALUE)
def test_unknown_units_never_convert(word: str, unit: str, value: float) -> None:
    assume(dimension(word) is None)
    assert isinstance(convert(value, word, unit), UnitMismatch)
    assert isinstance(convert(value, unit, word), UnitMismatch)


# what units are written with: the table's and synonyms' characters, their full-width forms, blanks
UNIT_CHARS = sorted({ch for name in (*UNITS, *SYNONYMS, *SYNONYMS.values()) for ch in name} | set("ＫＭｍ２３％ /"))


@given(st.text(alphabet=UNIT_CHARS, max_size=12))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_unit(text)
    assert normalise_unit(once) == once
