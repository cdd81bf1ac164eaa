"""The CLI is a thin shell: every command runs end to end on the bundled seeds, errors are one line."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

SPEC_FIELDS = ["doc", "indicator", "comparator", "value", "unit", "year", "deadline", "kind", "reference_year",
               "baseline_value", "baseline_year", "scope", "aspirational", "binding", "departments",
               "lead_departments", "section", "quote", "start", "end"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_extract_jsonl_has_every_spec_field(seed_paths: list[Path]) -> None:
    done = run("extract", str(seed_paths[0].parent), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) >= 100
    for record in records:
        assert set(SPEC_FIELDS) <= set(record)
        assert record["id"]
    assert {r["doc"] for r in records} == {p.name for p in seed_paths}


def test_extract_csv_and_xlsx_carry_the_same_records(seed_paths: list[Path], tmp_path: Path) -> None:
    jsonl = run("extract", *map(str, seed_paths)).stdout.splitlines()
    rows = list(csv.reader(io.StringIO(run("extract", *map(str, seed_paths), "--format", "csv").stdout)))
    assert rows[0][:1] == ["id"] and set(SPEC_FIELDS) <= set(rows[0])
    assert len(rows) - 1 == len(jsonl)
    out = tmp_path / "targets.xlsx"
    done = run("extract", *map(str, seed_paths), "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).active
    assert sheet.max_row - 1 == len(jsonl)
    first = json.loads(jsonl[0])
    assert [c.value for c in sheet[2]][rows[0].index("quote")] == first["quote"]


def test_emit_text_writes_the_offsets_reference(seed_paths: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    assert run("extract", str(seed_paths[0]), "--out", str(out), "--emit-text").returncode == 0
    text = (tmp_path / f"{seed_paths[0].stem}.normalised.txt").read_text(encoding="utf-8")
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert text[record["start"]:record["end"]] == record["quote"]


def test_xlsx_without_out_is_a_usage_error(seed_paths: list[Path]) -> None:
    done = run("extract", str(seed_paths[0]), "--format", "xlsx")
    assert done.returncode == 2
    assert done.stderr.strip() == "Error: xlsx output needs a file — pass --out PATH.xlsx"


def test_a_missing_file_among_good_ones_is_reported_not_dropped(seed_paths: list[Path], tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    done = run("extract", str(seed_paths[0]), str(missing))
    assert done.returncode == 3
    assert done.stderr.strip() == f"Error: cannot read {missing}: no such file — check the path"
    assert done.stdout.strip(), "the good file's records are still written"


def test_eval_prints_the_scorer_report() -> None:
    gold = Path(__file__).parent / "fixtures" / "gold"
    done = run("eval", "--gold", str(gold))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("gold 125  predicted ")
    assert done.stdout.rstrip().splitlines()[-1].startswith("F1 ")


def test_demo_lists_the_bundled_plans(tmp_path: Path) -> None:
    done = run("demo", "--no-serve", cwd=tmp_path)  # the demo builds its ledger in the working directory
    assert done.returncode == 0, done.stderr
    assert "金乡县推动城乡建设绿色发展实施方案" in done.stdout


def test_jurisdictions_shows_the_parent_chain() -> None:
    done = run("jurisdictions", "金乡县", "--format", "json")
    assert done.returncode == 0, done.stderr
    [place] = json.loads(done.stdout)
    assert (place["code"], place["chain"]) == ("370828", [["370800", "济宁市"], ["370000", "山东省"]])


def test_catalog_search_finds_an_indicator_by_alias() -> None:
    done = run("catalog", "装配式建筑占比", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert any(ind["unit"] == "%" and "装配式" in ind["zh"] for ind in json.loads(done.stdout))


def test_review_confirm_is_remembered_and_bad_ids_refused(tmp_path: Path) -> None:
    env_file = tmp_path / "aliases.json"
    env = {**os.environ, "GREENTRACK_ALIASES_FILE": str(env_file)}
    ok = subprocess.run([sys.executable, "-m", "greentrack.cli", "review", "--confirm", "绿色出行比例",
                         "green_travel_share"], capture_output=True, text=True, env=env, timeout=120)
    bad = subprocess.run([sys.executable, "-m", "greentrack.cli", "review", "--confirm", "某指标", "no_such_id"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("Error: unknown indicator id 'no_such_id': run `greentrack catalog` "
                                  "to list the ids")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(env_file.read_text(encoding="utf-8")) == {"aliases": {"绿色出行比例": "green_travel_share"}}
