"""A place's report, warnings and evaluation read that place (its subtree, and for a report the places above
it), not the ledger: the database does the same work on a national ledger as on a ledger cut down to the
place, and the report holds what reading the whole ledger gave.

The work is counted in SQLite virtual-machine steps (a progress handler every 100 instructions), so a scan of
every target or every document shows however fast the machine is.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import event

from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger

BENCH = Path(__file__).resolve().parents[2] / "bench"
AS_OF = date(2025, 6, 30)
STEP = 100


@pytest.fixture(scope="module")
def bench_place() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    import bench_place

    return bench_place


@pytest.fixture(scope="module")
def ledgers(synthetic: ModuleType, bench_place: ModuleType,
            tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(a synthetic 3,000-target ledger, the same cut down to one county and the places above it, the county)."""
    folder = tmp_path_factory.mktemp("place")
    big = folder / "big.db"
    synthetic.write_ledger(str(big), targets=3_000)
    code, _, _ = bench_place.first_county(big)
    small = folder / "small.db"
    held = bench_place.small_ledger(big, code, small, targets=0)
    assert 0 < held < 300  # the county's plans and its parents' only
    return big, small, code


def counting(ledger: Ledger) -> list[int]:
    """A counter of the database's work on this ledger from now on (VM steps / STEP)."""
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    ledger.engine.dispose()

    @event.listens_for(ledger.engine, "connect")
    def _count(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_progress_handler(tick, STEP)

    return steps


@pytest.fixture
def opened(ledgers: tuple[Path, Path, str]) -> Iterator[Callable[[Path], Ledger]]:
    held: list[Ledger] = []

    def open_one(db: Path) -> Ledger:
        held.append(open_ledger(db=db))
        return held[-1]

    yield open_one
    for ledger in held:
        ledger.close()


def work(opened: Callable[[Path], Ledger], db: Path, call: Callable[[Ledger], Any]) -> tuple[int, Any]:
    ledger = opened(db)
    call(ledger)  # once for the caches (jurisdiction look-ups), then counted
    steps = counting(ledger)
    result = call(ledger)
    return steps[0], result


def place_calls(code: str) -> dict[str, Callable[[Ledger], Any]]:
    from greentrack.services.analysis import ledger_evaluation
    from greentrack.services.reports import midterm_report
    from greentrack.services.status import ledger_warnings

    return {"report": lambda ledger: midterm_report(ledger, code, AS_OF),
            "warnings": lambda ledger: ledger_warnings(ledger, AS_OF, code),
            "evaluation": lambda ledger: ledger_evaluation(ledger, AS_OF, code)}


@pytest.mark.parametrize("name", ["report", "warnings", "evaluation"])
def test_a_place_reads_the_same_rows_on_a_large_ledger(ledgers: tuple[Path, Path, str], name: str,
                                                       opened: Callable[[Path], Ledger]) -> None:
    big, small, code = ledgers
    call = place_calls(code)[name]
    few, answer_small = work(opened, small, call)
    many, answer_big = work(opened, big, call)
    assert few > 0
    # the cut ledger holds ~3 % of the targets: a scan of the ledger's targets would multiply the work
    assert many <= few * 1.25 + 50, f"{name}: {many} × {STEP} VM steps on the ledger vs {few} on the place alone"
    assert answer_big == answer_small


def test_the_report_holds_what_reading_the_whole_ledger_gave(ledgers: tuple[Path, Path, str],
                                                             opened: Callable[[Path], Ledger]) -> None:
    """The oracle: the report built from every plan of the ledger, as it was before reads were bounded."""
    from greentrack.ledger import repository
    from greentrack.ledger.analysis import ledger_jurisdiction, load_plans, statuses_of
    from greentrack.ledger.status import build_status
    from greentrack.reports.midterm import build_midterm
    from greentrack.services.analysis import load_undecided
    from greentrack.services.reports import midterm_report
    from greentrack.services.review_targets import progress_of

    big, _, code = ledgers
    ledger = opened(big)
    with ledger.session() as session:
        place = ledger_jurisdiction(session, code)
        everything = load_plans(session, with_tasks=True)
        documents = repository.documents.current_documents(session, place.code)
        status = build_status(session, AS_OF, place.code)
        progress = repository.review.review_progress(session, [d.id for d in documents])
        undecided = load_undecided(session, place.code)
    review = {document_id: progress_of(counts["targets"]) for document_id, counts in progress.items()}
    expected = build_midterm(place, status, documents, everything.targets, everything.tasks, statuses_of(status),
                             undecided, review)
    # the oracle knows the plans' data; the words drafted from it and the loop are the report's own additions
    made = midterm_report(ledger, code, AS_OF)
    assert dataclasses.replace(made, narrative=(), loop=expected.loop, frame=expected.frame) == expected
    assert [s.key for s in made.narrative] == ["basic", "progress", "problems", "plans"]
    assert expected.status.rows  # the county has targets: the comparison is not of two empty reports


def test_a_province_report_pairs_its_places_as_the_whole_ledger_does(ledgers: tuple[Path, Path, str],
                                                                     opened: Callable[[Path], Ledger]) -> None:
    """Decomposition of a province (parents and children inside it) equals the check over every plan."""
    from greentrack.analyse import check_decomposition
    from greentrack.ledger.analysis import ledger_jurisdiction, load_plans
    from greentrack.reports.midterm import decomposition_of
    from greentrack.services.reports import midterm_report

    big, _, _ = ledgers
    ledger = opened(big)
    with ledger.session() as session:
        everything = load_plans(session, with_tasks=True)
        found = check_decomposition(everything.targets)
        parents = [item.parent.jurisdiction for item in (*found.weaker, *found.shortfalls, *found.uncovered)]
        assert parents  # the synthetic ledger has findings to compare
        province = next(p.code if p.level == "province" else p.chain[-1][0] for p in parents)
        place = ledger_jurisdiction(session, province)
    report = midterm_report(ledger, province, AS_OF)
    assert report.decomposition == decomposition_of(place, everything.targets, report.decomposition.undecided)
    decomposition = report.decomposition
    assert decomposition.weaker or decomposition.shortfalls or decomposition.uncovered


def test_the_comparison_from_the_index_is_the_reports(ledgers: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch,
                                                      opened: Callable[[Path], Ledger]) -> None:
    """/compare through the target index (choices from its columns, the chosen indicator's targets read) gives
    what the per-target report gives, for the default indicator and for others."""
    from greentrack.services.analysis import compare_indicator

    big, _, _ = ledgers
    ledger = opened(big)
    answers = {}
    for route in ("report", "index"):
        monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
        first = compare_indicator(ledger, None, AS_OF)
        others = [compare_indicator(ledger, choice[0], AS_OF) for choice in first.choices[1:4]]
        answers[route] = (first, others)
    assert answers["index"] == answers["report"]
    assert answers["index"][0].rows and len(answers["index"][0].choices) > 4


def test_the_overview_kept_for_a_still_ledger_is_the_one_computed(ledgers: tuple[Path, Path, str],
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  opened: Callable[[Path], Ledger]) -> None:
    """The second overview of a ledger that did not change reads no target again, and says the same."""
    from greentrack.services import status as status_service
    from greentrack.services import warning_list

    big, _, _ = ledgers
    ledger = opened(big)
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    warning_list._LEVELS.clear()
    read: list[int] = []
    original = status_service.target_rows
    monkeypatch.setattr(status_service, "target_rows",
                        lambda led, ids, day: read.extend(ids) or original(led, ids, day))
    first = status_service.overview(ledger, AS_OF)
    assert first.warned > 10 and 0 < len(read) <= 20  # the shown warnings and deadlines, not the unsure targets
    read.clear()
    again = status_service.overview(ledger, AS_OF)
    assert (again.summary, again.warnings, again.warned) == (first.summary, first.warnings, first.warned)
    assert [r.record.id for r in again.upcoming] == [r.record.id for r in first.upcoming]
    assert read == []
