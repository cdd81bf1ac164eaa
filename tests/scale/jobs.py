"""Jobs for the engine tests; module-level so that worker processes can import them."""

from __future__ import annotations

import os


def square(number: int) -> int:
    """The number squared."""
    return number * number


def square_or_die(number: int) -> int:
    """The number squared, except 3, whose worker process exits at once (as an out-of-memory kill would)."""
    if number == 3:
        os._exit(1)
    return number * number
