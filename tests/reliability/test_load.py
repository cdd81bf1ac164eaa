"""The load test, short: 10 reporters for 5 seconds against a real server on PostgreSQL. No 5xx; every
acknowledged write is in the database exactly once with its value and nothing else is; every deliberate
duplicate is refused; of two reporters racing for the same period, exactly one wins.
(`python bench/load_test.py` runs the full 50 reporters × 60 s; docs/reliability.md has its figures.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load_test.py"


def test_short_load_loses_and_duplicates_nothing(pg_url: str, tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--clients", "10", "--seconds", "5", "--subjects", "24",
                           "--duplicates", "0.15", "--contested-every", "10", "--url", pg_url, "--json", str(out),
                           "--log", str(tmp_path / "server.log")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["server_errors"] == 0 and figures["client_errors"] == 0
    assert figures["accepted_writes"] > 20
    assert figures["db_rows"] == figures["accepted_writes"]
    assert figures["lost_writes"] == figures["duplicated_rows"] == figures["unacknowledged_rows"] == 0
    assert figures["duplicates_sent"] > 0 and figures["duplicates_refused"] == figures["duplicates_sent"]
    assert figures["contested_pairs"] > 0
    assert figures["contested_with_one_winner"] == figures["contested_pairs"]
    assert figures["latency_ms"]["p50"] > 0 and figures["server_peak_rss_mb"] > 0
