"""A small sheet against a ledger of many targets reads and converts only the targets it names.

On a 20,000-target synthetic ledger (bench/synthetic.py): a three-row upload converts three targets
(not every current one), and what an import decides — the plan, every problem, every "did you mean"
hint — is what checking the sheet against every current target gives (the oracle below is the import
as it was before it read only the named targets).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from greentrack.errors import ImportRejected, UnknownTarget
from greentrack.ledger import intake_ledger, repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.intake_check import cell_ident, check_sheet
from greentrack.ledger.intake_ledger import existing_observation, import_observations, intake_target
from greentrack.ledger.intake_read import read_sheet
from greentrack.ledger.intake_records import ImportPlan
from greentrack.ledger.schema import DocumentRow

from .intake_helpers import write_csv

BENCH = Path(__file__).resolve().parents[2] / "bench"
TARGETS = 20_000
AS_OF = date(2026, 12, 31)


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20,000-target synthetic ledger, written once (~4 s); each test works on a copy."""
    spec = importlib.util.spec_from_file_location("greentrack_bench_synthetic", BENCH / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("synthetic") / "ledger.db"
    module.write_ledger(str(path), TARGETS)
    return path


@pytest.fixture
def big_ledger(synthetic_db: Path, tmp_path: Path) -> Iterator[Ledger]:
    path = tmp_path / "ledger.db"
    shutil.copyfile(synthetic_db, path)
    ledger = open_ledger(db=path)
    yield ledger
    ledger.close()


def _units(ledger: Ledger, ids: list[int]) -> dict[int, str]:
    with ledger.session() as session:
        return {r.id: intake_target(r).unit for r in repository.documents.targets_by_ids(session, ids)}


def _whole_ledger_plan(ledger: Ledger, path: Path) -> ImportPlan:
    """The oracle: the sheet checked against every current target converted, and the superseded ones it names."""
    sheet = read_sheet(path)
    with ledger.session() as session:
        records = repository.documents.current_targets(session)
        named = {cell_ident(row.cell("target_id").value) for row in sheet.rows}
        wanted = [r for r in records if str(r.id) in named]
        targets = [intake_target(r) for r in records]
        for ident in sorted(named - {str(r.id) for r in records}):
            if ident.isdecimal() and int(ident) < 2**31:
                try:
                    targets.append(replace(intake_target(repository.documents.get_target(session, int(ident))),
                                           superseded=True))
                except UnknownTarget:
                    continue
        existing = [existing_observation(o)
                    for found in repository.observations.observations_for(session, wanted).values() for o in found]
    return check_sheet(sheet, targets, existing, None, False, AS_OF)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Ids of the targets the import converts; reading every current target fails the test."""
    converted: list[int] = []

    def counted(record: Any) -> Any:
        converted.append(record.id)
        return intake_target(record)

    def refused(*_: object, **__: object) -> None:
        raise AssertionError("the import read every current target")

    monkeypatch.setattr(intake_ledger, "intake_target", counted)
    monkeypatch.setattr(repository.documents, "current_targets", refused)
    monkeypatch.setattr(repository.bulk, "tracking_ids", refused)
    return converted


def test_a_small_upload_converts_only_the_targets_it_names(big_ledger: Ledger, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [7, 9_999, TARGETS]
    units = _units(big_ledger, ids)
    path = write_csv(tmp_path / "sheet.csv", [(i, "", "2026", "1.5", units[i], "台账", "") for i in ids])
    expected = _whole_ledger_plan(big_ledger, path)
    assert expected.ok and len(expected.observations) == 3
    converted = _counting(monkeypatch)
    plan, outcome = import_observations(big_ledger, path, as_of=AS_OF)
    assert sorted(converted) == ids  # 3 of 20,000
    assert plan == expected
    assert len(outcome.added) == 3


def _supersede(ledger: Ledger, document_id: int) -> None:
    """A newer version of a plan, so that the targets of `document_id` are no longer current."""
    with ledger.engine.begin() as connection:
        row = connection.execute(select(DocumentRow).where(DocumentRow.id == document_id)).mappings().one()
        connection.execute(insert(DocumentRow), {**row, "id": 100_000, "version": row["version"] + 1,
                                                 "content_hash": "0" * 64, "previous_id": document_id})


@pytest.mark.parametrize("few_documents", [intake_ledger.FEW_DOCUMENTS, 0])
def test_every_problem_and_hint_is_what_the_whole_ledger_gives(big_ledger: Ledger, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              few_documents: int) -> None:
    """Unknown ids (with hints), ids spelled otherwise (007), a superseded target, a clash with the ledger."""
    monkeypatch.setattr(intake_ledger, "FEW_DOCUMENTS", few_documents)
    with big_ledger.session() as session:
        first = repository.documents.targets_by_ids(session, [1])[0]
    _supersede(big_ledger, first.document_id)
    units = _units(big_ledger, [1, 7, 500, 501])
    rows = [(500, "", "2026", "1.5", units[500], "台账", ""),
            (1, "", "2026", "1.5", units[1], "台账", ""),  # superseded
            ("007", "", "2026", "1.5", units[7], "台账", ""),  # not how the ledger spells 7
            (7, "", "2026", "1.5", units[7], "台账", ""),
            (200_001, "", "2026", "1.5", "", "台账", ""),  # unknown: hints 20000, 20001 …
            ("12a", "", "2026", "1.5", "", "台账", ""),
            ("²", "", "2026", "1.5", "", "台账", ""),
            (99_999_999_999_999_999_999, "", "2026", "1.5", "", "台账", ""),
            ("", "", "2026", "1.5", "", "台账", ""),
            (501, "", "2024", "1.5", units[501], "台账", "")]  # the ledger holds 2024 already
    path = write_csv(tmp_path / "sheet.csv", rows)
    expected = _whole_ledger_plan(big_ledger, path)
    assert any("相近的编号" in p.reason for p in expected.problems)
    assert any("新版本" in p.reason for p in expected.problems)
    with pytest.raises(ImportRejected) as rejected:
        import_observations(big_ledger, path, as_of=AS_OF)
    assert rejected.value.problems == list(expected.problems)
    with big_ledger.session() as session:
        assert not repository.audit.audit_entries(session)  # nothing written
