"""Shared fixtures: the bundled seeds, the gold copied into fixtures, the optional shared corpus, the demo ledger
(built once per session, copied per user), and PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (database `test`), or GREENTRACK_TEST_DATABASE_URL. When it cannot be
reached the tests that need it are skipped with the reason — unless CI is set, where they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from greentrack.services.demo import build_demo
from greentrack.services.documents import sample_paths

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parent.parent / "shared"
CORPUS = SHARED / "corpus"


# Markers by place (registered in pyproject.toml): `pytest -m "not browser and not slow"` is the daily loop of under
# a minute; CI runs everything. A module or folder is listed here when its tests take seconds each (subprocesses of
# the CLI, LibreOffice, PostgreSQL, hypothesis, servers, the Ray engine, the shared corpus); single tests elsewhere
# carry @pytest.mark.slow themselves.
SLOW_PATHS = (
    "reliability/", "scale/", "badinput/", "properties/", "reports/", "test_readme.py", "test_cli.py",
    "web/test_schemathesis.py", "web/test_api_postgres.py", "web/test_jobs.py", "web/test_authz_matrix.py",
    "web/test_api_documents.py", "web/test_analysis_api.py", "web/test_api_analysis.py",
    "ledger/test_ledger_cli.py", "ledger/test_intake_cli.py", "ledger/test_status_cli_scale.py",
    "ledger/test_intake_scale.py", "ledger/test_review_gold.py", "auth/test_user_cli.py",
    "outline/test_corpus.py", "outline/test_outline_formats.py", "read/test_read_corpus.py",
    "read/test_read_bad_input.py", "read/test_read_equivalence.py", "extract/test_extract_eval.py",
    "web/test_english.py", "web/test_api_review.py", "web/test_api_status.py", "web/test_api_observations.py",
    "web/test_api_target_rows.py", "web/test_analysis_pages.py", "web/test_warm_index.py", "web/test_api_errors.py",
    "ledger/test_review.py", "ledger/test_analysis.py", "auth/test_accounts.py", "auth/test_exports_safe.py",
)
# single tests of several seconds each (a subprocess of the CLI, every export format, argon2 hashes, …)
SLOW_TESTS = (
    "test_the_loop_with_the_cli", "test_task_states_report_and_progress", "test_a_cycle_from_the_command_line",
    "test_a_value_corrected_and_withdrawn_with_the_cli",
    "test_demo_serves_the_dashboard", "test_demo_no_serve_says", "test_export_in_each_format",
    "test_the_xlsx_exports_hold_no_formula", "test_extracted_records_as_csv_and_xlsx", "test_bulk_equals_per_target",
    "test_the_review_page_in_both_languages", "test_a_password_is_stored_as_an_argon2id",
    "test_the_ledger_export_link_downloads", "test_a_clean_sheet_is_imported_whole", "test_huge_document",
    "test_report_downloads_are_listed_per_place", "test_the_session_cookie_is_secure",
)
SLOW_FIXTURES = {"pg_url", "corpus_dir"}  # PostgreSQL schemas and the shared corpus of plans


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `-m "not slow"` (or "not browser"), wholly slow (browser) modules are not even imported: collecting
    them would import schemathesis, hypothesis, Ray and Playwright, seconds of the daily loop."""
    expression = config.getoption("markexpr", "") or ""
    try:
        where = collection_path.relative_to(HERE).as_posix()
    except ValueError:
        return None
    if "not slow" in expression and collection_path.suffix == ".py" and where.startswith(SLOW_PATHS):
        return True
    if "not browser" in expression and where.startswith("web/test_browser"):
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark browser tests (Playwright's chromium) and slow ones by module, folder or fixture; group them for
    pytest-xdist (`--dist loadgroup`): a module's tests share one worker (and its module fixtures), and the web
    tests outside the browser ones share one, because the route-coverage check (web/test_api_routes.py) reads the
    routes its worker's clients reached."""
    for item in items:
        where = Path(str(item.fspath)).relative_to(HERE).as_posix()
        item.add_marker(pytest.mark.xdist_group(_group(where)))
        fixtures = set(getattr(item, "fixturenames", ()))
        if where.startswith("web/test_browser") or "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_postgres = any("postgresql" in str(v) for v in params.values())
        if where.startswith(SLOW_PATHS) or fixtures & SLOW_FIXTURES or on_postgres or item.name.startswith(SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_longest_first)


# The groups that take longest, longest first: pytest-xdist hands out groups in the order of the items, so these go
# first and the many short groups fill in after them (in alphabetical order the web group and the benchmark smoke
# run came last and one worker ran them alone for minutes).
LONGEST_GROUPS = (
    "web", "scale/test_bench.py", "ledger/test_status_cli_scale.py", "scale/test_scale_ingest.py",
    "scale/test_scale_status.py", "scale/test_scale_summary.py", "ledger/test_review.py",
    "reports/test_analysis_cli.py", "scale/test_scale_warnings.py", "read/test_read_corpus.py",
    "scale/test_scale_extract.py", "web/test_browser_widths.py", "badinput/test_hostile_uploads.py",
    "reliability/test_hostile_server.py", "reports/test_narrative.py", "test_readme.py",
    "reliability/test_served_budget.py",
)


def _group(where: str) -> str:
    """The xdist group of a test module (its path under tests/): the module, or "web" for the non-browser web tests."""
    return "web" if where.startswith("web/") and not where.startswith("web/test_browser") else where


def _longest_first(item: pytest.Item) -> int:
    """The rank of the item's group in LONGEST_GROUPS (the rest after them, in collection order: a stable sort)."""
    group = _group(Path(str(item.fspath)).relative_to(HERE).as_posix())
    return LONGEST_GROUPS.index(group) if group in LONGEST_GROUPS else len(LONGEST_GROUPS)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sample_paths()
    assert len(paths) == 5, "the five seed plans ship inside the package"
    return paths


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS} (it sits beside the repository on dev machines)")
    return CORPUS


@pytest.fixture(scope="session")
def demo_ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo ledger (seed plans, 示例数据, demo accounts) as `greentrack demo` builds it — once per session, as
    it costs seconds. Never write to it (use a copy below): the session's teardown fails if it changed."""
    path = build_demo(tmp_path_factory.mktemp("demo-template") / "demo.db").path
    built = path.read_bytes()  # a mode bit would not stop root, so compare the bytes at the end
    yield path
    assert path.read_bytes() == built, "a test wrote to the shared demo ledger template — write to a copy"


@pytest.fixture(scope="session")
def copy_demo_ledger(demo_ledger_template: Path) -> Callable[[Path], Path]:
    """Copy the demo ledger file into a folder (for module- or session-scoped copies); returns the copy's path."""
    def copy(folder: Path) -> Path:
        return Path(shutil.copyfile(demo_ledger_template, folder / "demo.db"))
    return copy


@pytest.fixture
def demo_ledger_copy(copy_demo_ledger: Callable[[Path], Path], tmp_path: Path) -> Path:
    """A private, writable copy of the demo ledger for one test (a file copy: milliseconds)."""
    return copy_demo_ledger(tmp_path)


PG_URL = os.environ.get("GREENTRACK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL, once it answers; skip (or, under CI, fail) when it does not."""
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # any reason at all: the message says which
        reason = f"PostgreSQL not reachable at {make_url(PG_URL).render_as_string(hide_password=True)}: " \
                 f"{str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason + " — CI must run the storage and reliability tests on PostgreSQL")
        pytest.skip(reason)
    finally:
        engine.dispose()
    return PG_URL


@contextlib.contextmanager
def _fresh_schema(pg_url: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema (search_path set), dropped on leaving."""
    schema = f"gt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema (search_path set), dropped afterwards."""
    with _fresh_schema(pg_url) as url:
        yield url


@pytest.fixture(scope="module")
def pg_module_schema_url(pg_url: str) -> Iterator[str]:
    """As `pg_schema_url`, but one schema per test module: for a module that fills it once (e.g. with the demo)."""
    with _fresh_schema(pg_url) as url:
        yield url


# The seeds written as .docx, .pdf, GBK/UTF-16 .txt and .html (session-scoped; see the module).
from read.formats_fixtures import seed_formats  # noqa: E402, F401
