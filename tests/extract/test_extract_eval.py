"""`greentrack eval` scores any folder of plans, in any format, against any gold folder as the shared scorer does.

Plans are matched to the gold by file name without extension; plans without gold are ignored, gold
plans without a document are left out with a note; a missing folder is a one-line usage error;
`--reliability` adds the confidence reliability table.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from greentrack.extract.confidence import BUCKETS, fit_weights, format_reliability, reliability

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = ("000_4e207f5d02bba44c", "004_f031903b7d03bdf0")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> Path:
    """Two seeds, one written as a PDF and one as a Word file, and a plan the gold does not label."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from read.formats_fixtures import write_docx, write_pdf

    folder = tmp_path_factory.mktemp("plans")
    by_stem = {p.stem: p for p in seed_paths}
    write_pdf(by_stem[SEEDS[0]].read_text(encoding="utf-8"), folder / f"{SEEDS[0]}.pdf")
    write_docx(by_stem[SEEDS[1]].read_text(encoding="utf-8"), folder / f"{SEEDS[1]}.docx")
    unlabelled = "一、主要目标\n到2025年，全县绿色建筑比例达到95%。\n"
    (folder / "unlabelled-plan.txt").write_text(unlabelled, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def gold_two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gold")
    for stem in SEEDS:
        shutil.copy(FIXTURES / "gold" / f"{stem}.jsonl", folder)
    return folder


@pytest.fixture(scope="module")
def shared_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score_targets", FIXTURES / "score_targets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pdf_and_docx_plans_score_as_the_shared_scorer_scores_them(
        plans: Path, gold_two: Path, shared_scorer: ModuleType, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    done = run("eval", "--gold", str(gold_two), "--docs", str(plans), "--misses")
    assert done.returncode == 0, done.stderr
    report = done.stdout.strip()
    assert f"  {SEEDS[0]} " in report and f"  {SEEDS[1]} " in report and "unlabelled" not in report
    assert float(report.splitlines()[-1].split()[1]) >= 0.85  # a narrow-wrapped PDF: some numbers split
    extracted = run("extract", str(plans), "--format", "jsonl")
    assert extracted.returncode == 0, extracted.stderr
    pred = tmp_path / "pred.jsonl"
    pred.write_text(extracted.stdout, encoding="utf-8")
    argv = sys.argv
    sys.argv = ["score", "--gold", str(gold_two), "--pred", str(pred), "--misses"]
    try:
        shared_scorer.main()
    finally:
        sys.argv = argv
    assert report == capsys.readouterr().out.strip()


def test_gold_plans_without_a_document_are_left_out_with_a_note(plans: Path) -> None:
    done = run("eval", "--gold", str(FIXTURES / "gold"), "--docs", str(plans))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("gold ") and "001_f604e91a367c2879" not in done.stdout
    assert "3 plan(s) of the gold have no document in --docs" in done.stderr
    gold_lines = sum(len((FIXTURES / "gold" / f"{s}.jsonl").read_text(encoding="utf-8").splitlines()) for s in SEEDS)
    assert done.stdout.startswith(f"gold {gold_lines} ")


def test_reliability_table(plans: Path, gold_two: Path) -> None:
    done = run("eval", "--gold", str(gold_two), "--docs", str(plans), "--reliability")
    assert done.returncode == 0, done.stderr
    assert "| confidence | records | share correct |" in done.stdout
    assert "| [0.9, 1.0] |" in done.stdout and "| doubt | records | share correct |" in done.stdout


@pytest.mark.parametrize("args", [("--gold", "/no/such/gold"), ("--gold", str(FIXTURES / "gold"), "--docs",
                                                                  "/no/such/plans")])
def test_a_missing_folder_is_a_clear_error(args: tuple[str, ...]) -> None:
    done = run("eval", *args)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: /no/such/") and "does not exist" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_no_plan_of_the_gold_found(tmp_path: Path) -> None:
    (tmp_path / "other.txt").write_text("到2025年，新建绿色建筑比例达到95%。", encoding="utf-8")
    done = run("eval", "--gold", str(FIXTURES / "gold"), "--docs", str(tmp_path))
    assert done.returncode == 2 and "none of the 5 plans of the gold" in done.stderr


def test_reliability_buckets_and_fitted_weights() -> None:
    labelled = [((), True)] * 9 + [((), False)] + [(("no_year",), True)] * 2 + [(("no_year",), False)] * 2
    base, fits = fit_weights(labelled, known=["no_year"])
    assert base == 0.9
    [fit] = fits
    assert (fit.code, fit.records, fit.correct, fit.share) == ("no_year", 4, 2, 0.5)
    # raw 0.5 / 0.9 = 0.556, smoothed with 5 records of the generic prior 0.8
    assert fit.weight == round((4 * (0.5 / 0.9) + 5 * 0.8) / 9, 2)
    buckets = reliability([(1.0, True), (0.95, False), (0.55, True), (0.2, False)])
    assert [(b.low, b.records, b.correct) for b in buckets] == [
        (0.0, 1, 0), (0.5, 1, 1), (0.6, 0, 0), (0.7, 0, 0), (0.8, 0, 0), (0.9, 2, 1)]
    assert len(buckets) == len(BUCKETS) - 1
    table = format_reliability(buckets, fits, base)
    assert "| [0.9, 1.0] | 2 | 0.50 |" in table and "| no_year | 4 | 0.50 |" in table


def test_eval_labels_every_prediction_of_a_plan_with_gold() -> None:
    from greentrack.extract.scoring import correctness

    gold = [{"doc": "a.txt", "indicator": "绿色建筑占比", "value": 100, "unit": "%", "year": 2025}]
    pred = [{"doc": "a.pdf", "indicator": "绿色建筑占比", "value": 100, "unit": "%", "year": 2025},
            {"doc": "a.pdf", "indicator": "绿色建材应用比例", "value": 60, "unit": "%", "year": 2025},
            {"doc": "b.pdf", "indicator": "绿色建筑占比", "value": 100, "unit": "%", "year": 2025}]
    assert [ok for _, ok in correctness(gold, pred)] == [True, False]
    assert json.dumps([r["doc"] for r, _ in correctness(gold, pred)]) == '["a", "a"]'
