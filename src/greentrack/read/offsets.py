"""The offset map of a normalised text: one source index per character, four bytes each.

A tuple of ints costs about 40 bytes a character (8 for the pointer, 32 for an int object past 256), so a
20 MB plan's map alone took ~270 MB; an `array` holds the same numbers in 4 bytes and still indexes, slices,
iterates, pickles and compares like the tuple it replaces.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

# Unsigned 32-bit: source indexes stay far below 2**32 under the file-size limit (a larger one overflows loudly).
TYPECODE = "I" if array("I").itemsize == 4 else "L"


class Offsets(array):
    """Source index of each output character (plus one past the end); equal to a tuple of the same ints."""

    def __new__(cls, values: Iterable[int] = ()) -> Offsets:
        return super().__new__(cls, TYPECODE, values)

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        # array's own reduce would call Offsets(typecode, items); pickle the plain array (as bytes) instead
        return Offsets, (array(TYPECODE, self),)

    def __copy__(self) -> Offsets:
        return Offsets(self)

    def __deepcopy__(self, memo: object) -> Offsets:
        return Offsets(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, array):
            return array.__eq__(self, other)
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:  # type: ignore[override]  # hashable like the tuple, so ReadDocument stays hashable
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Offsets(<{len(self)} indexes>)"


def identity(length: int) -> array:
    """`array` of 0 … length - 1 in TYPECODE, built by numpy (array(range(n)) costs ~50 ns a number)."""
    import numpy as np

    if length >= 2 ** (8 * array(TYPECODE).itemsize):
        raise OverflowError(f"{length} characters do not fit the offset map's {TYPECODE!r} indexes")
    return array(TYPECODE, np.arange(length, dtype=f"u{array(TYPECODE).itemsize}").tobytes())
