"""Hypothesis settings for the property tests: bounded examples, no deadline (CI machines are slow and shared).

`GREENTRACK_HYPOTHESIS_EXAMPLES` raises the bound for a longer local run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "greentrack", max_examples=int(os.environ.get("GREENTRACK_HYPOTHESIS_EXAMPLES", "150")), deadline=None,
    suppress_health_check=[HealthCheck.too_slow], database=None, derandomize=not os.environ.get("GREENTRACK_RANDOM"),
)
settings.load_profile("greentrack")
