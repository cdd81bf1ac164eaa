"""Corrections become evaluation data: a plan of the development corpus reviewed through the CLI, from the
differences between what the ledger holds and the hand-labelled gold (`shared/gold-corpus`), until its export
(`greentrack export --reviewed --format gold`) scores F1 1.0 against that gold; `greentrack eval` then scores the
extractor against the export as it does against the gold. The number of edits it took is printed.

Every command runs in this process through `greentrack.cli.main`, the console script's own entry point. Without
`../shared` (a fresh clone) the test is skipped with the reason.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from greentrack import cli
from greentrack.extract.scoring import indicator_similarity, match, score
from greentrack.services.gold import GOLD_FIELDS

SHARED = Path(__file__).parents[3] / "shared"
# plans the extractor reads imperfectly: it misses targets of each, and reads a non-target in one
PLANS = ("heilongjiang-lvseditan-xunhuan-fangan", "guangxi-lvseditan-xunhuan-yijian",
         "foshan-lvsejianzhu-chuangjian-fangan")
SPEC = ("indicator", "comparator", "value", "unit", "year", "deadline", "kind", "reference_year", "baseline_value",
        "baseline_year", "scope", "aspirational", "binding")


class Cli:
    """`greentrack ARGS` on one ledger, in this process; counts the commands that changed a record."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.monkeypatch, self.capsys = monkeypatch, capsys
        monkeypatch.setenv("GREENTRACK_DB", str(db))
        monkeypatch.delenv("GREENTRACK_DATABASE_URL", raising=False)
        monkeypatch.delenv("GREENTRACK_USER", raising=False)
        self.edits: Counter[str] = Counter()

    def __call__(self, *args: str) -> str:
        self.monkeypatch.setattr(sys, "argv", ["greentrack", *args])
        self.capsys.readouterr()
        code: object = 0
        try:
            cli.main()
        except SystemExit as exit_:
            code = exit_.code
        captured = self.capsys.readouterr()
        assert code in (0, None), f"greentrack {' '.join(args)} → {code}: {captured.err}"
        if args[0] == "target" and args[1] in ("edit", "reject", "add", "confirm"):
            self.edits[args[1]] += 1
        return captured.out


def _value(number: Any) -> str:
    return "" if number is None else f"{number:g}" if isinstance(number, float) else str(number)


def _flag(value: Any) -> str:
    return "true" if value else "false"


def _options(gold: dict[str, Any], record: dict[str, Any] | None) -> list[str]:
    """The CLI options that make a record say what the gold says (every differing field)."""
    options: list[str] = []
    for name in SPEC:
        mine = record.get(name) if record else None
        if record is not None and (mine == gold[name] or (name == "value" and float(mine) == float(gold[name]))):
            continue
        if record is None and gold[name] in (None, "", False) and name not in ("indicator", "value"):
            continue
        flag = "--" + name.replace("_", "-")
        options += [flag, _flag(gold[name]) if name == "aspirational" else _value(gold[name])]
    for name, flag in (("departments", "--department"), ("lead_departments", "--lead")):
        if record is None or list(record.get(name) or []) != gold[name]:
            options += [part for department in gold[name] for part in (flag, department)] or [flag, ""]
    return options


def _span(text: str, gold: dict[str, Any]) -> tuple[int, int]:
    """Where the gold's quote stands in the ledger's normalised text (spaces and line breaks aside)."""
    if gold["quote"] in text:
        start = text.index(gold["quote"])
        return start, start + len(gold["quote"])
    pattern = r"\s*".join(re.escape(ch) for ch in gold["quote"] if not ch.isspace())
    found = re.search(pattern, text) or re.search(re.escape(gold["indicator"]), text)
    assert found, f"the gold's quote of {gold['indicator']} is nowhere in the plan"
    return found.start(), found.end()


@pytest.mark.parametrize("name", PLANS)
def test_reviewing_a_corpus_plan_brings_its_gold_export_to_f1_1(name: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    plan, gold_file = SHARED / "corpus" / "txt" / f"{name}.txt", SHARED / "gold-corpus" / f"{name}.jsonl"
    if not plan.is_file() or not gold_file.is_file():
        pytest.skip(f"the development corpus and its gold are not at {SHARED} (they sit beside the repository on "
                    "dev machines; a fresh clone has no ../shared)")
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    run = Cli(monkeypatch, capsys, tmp_path / "ledger.db")
    run("ingest", str(plan))
    document = 1
    text = json.loads(run("target", "list", "--document", str(document), "--json"))
    ledger_text = _plan_text(tmp_path / "ledger.db", document)

    records = {r["id"]: {**r["record"], "id": r["id"]} for r in text}
    before = score(gold, [{**r, "doc": plan.name} for r in records.values()])["f1"]
    pairs = match(gold, [{**r, "doc": plan.name} for r in records.values()])
    ids = list(records)
    matched = {ids[p]: gold[g] for g, p in pairs}
    missing = [g for i, g in enumerate(gold) if i not in {g for g, _ in pairs}]
    for record_id, record in records.items():
        if record_id in matched:
            options = _options(matched[record_id], record)
            run("target", *(("edit", str(record_id), *options) if options else ("confirm", str(record_id))))
            continue
        close = max(missing, key=lambda g: indicator_similarity(g["indicator"], record["indicator"]), default=None)
        if close is not None and indicator_similarity(close["indicator"], record["indicator"]) >= 0.5:
            missing.remove(close)  # the extractor read this target, wrongly: correct it
            run("target", "edit", str(record_id), *_options(close, record))
        else:
            run("target", "reject", str(record_id), "--reason", "不是本规划的目标 not a target of this plan (gold)")
    for wanted in missing:
        start, end = _span(ledger_text, wanted)
        run("target", "add", "--document", str(document), "--start", str(start), "--end", str(end),
            *_options(wanted, None))

    exported = tmp_path / "reviewed.jsonl"
    run("export", "--reviewed", "--format", "gold", "--document", str(document), "--out", str(exported))
    reviewed = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert all(tuple(r) == GOLD_FIELDS for r in reviewed)
    assert set(GOLD_FIELDS) == set(gold[0])  # the fields of the gold files, in their order
    result = score(gold, reviewed)
    assert (result["precision"], result["recall"], result["f1"]) == (1.0, 1.0, 1.0)
    evaluated = run("eval", "--gold", str(exported), "--docs", str(plan))
    assert evaluated.strip().splitlines()[-1] == f"F1 {before:.3f}"  # the extractor, scored on the reviewed plan
    edits = run.edits["edit"] + run.edits["reject"] + run.edits["add"]
    # the review corrects something on every plan (a field edit where extraction already finds every target)
    assert edits > 0
    with capsys.disabled():
        print(f"\n{name}: extraction F1 {before:.3f} → reviewed export F1 {result['f1']:.3f} after {edits} edits "
              f"({run.edits['edit']} corrected, {run.edits['reject']} rejected, {run.edits['add']} added; "
              f"{run.edits['confirm']} confirmed as extracted)")


def _plan_text(db: Path, document: int) -> str:
    from greentrack.services.documents import document_source
    from greentrack.services.ledger import open_ledger

    ledger = open_ledger(db=db)
    try:
        return document_source(ledger, document).text
    finally:
        ledger.close()
