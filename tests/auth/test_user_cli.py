"""`greentrack user add|list|disable|token|revoke` and `greentrack audit` end to end (a real process, a real
SQLite ledger): the password comes from stdin and never shows, a token prints once and works, GREENTRACK_USER
makes the CLI act as that user — its role applies and its name is the audit actor — and bad input is one
`Error:` line with an exit code, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from greentrack.services.documents import sample_paths
from greentrack.services.ledger import open_ledger
from greentrack.services.users import token_principal


def run(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment.update({"GREENTRACK_DB": str(cwd / "ledger.db"), **env})
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, input=stdin, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding the seed plans (the departments reporters belong to)."""
    here = tmp_path_factory.mktemp("user-cli")
    done = run("ingest", *map(str, sample_paths()), cwd=here)
    assert done.returncode == 0, done.stderr
    return here


def test_add_list_token_disable(folder: Path) -> None:
    added = run("user", "add", "住建小王", "--role", "reporter", "--department", "金乡县住房和城乡建设局",
                "--password-stdin", cwd=folder, stdin="a-long-password\n")
    assert added.returncode == 0, added.stderr
    assert "部门填报员 department reporter · 金乡县住房和城乡建设局" in added.stdout
    assert "a-long-password" not in added.stdout + added.stderr
    listed = run("user", "list", "--json", cwd=folder)
    assert json.loads(listed.stdout.splitlines()[-1]) == {
        "name": "住建小王", "role": "reporter", "jurisdiction": "370828", "department": "金乡县住房和城乡建设局",
        "active": True, "tokens": 0}
    token = run("user", "token", "住建小王", cwd=folder)
    assert token.returncode == 0 and "shown this once only" in token.stderr
    value = token.stdout.strip()
    ledger = open_ledger(db=folder / "ledger.db")
    try:
        assert token_principal(ledger, value).department == "金乡县住房和城乡建设局"
    finally:
        ledger.close()
    assert run("user", "disable", "住建小王", cwd=folder).returncode == 0
    assert '"active": false' in run("user", "list", "--json", cwd=folder).stdout


def test_the_cli_acts_as_greentrack_user_and_audits_its_name(folder: Path) -> None:
    assert run("user", "add", "只读", "--role", "viewer", "--jurisdiction", "金乡县", "--no-password",
               cwd=folder).returncode == 0
    refused = run("user", "add", "x", "--role", "administrator", "--no-password", cwd=folder, GREENTRACK_USER="只读")
    assert refused.returncode == 9 and refused.stderr.startswith("Error: 只读") and "Traceback" not in refused.stderr
    status = run("status", cwd=folder, GREENTRACK_USER="只读")
    assert status.returncode == 0 and "赤峰" not in status.stdout and "金乡" in status.stdout
    audit = run("audit", "--entity", "user", "--json", cwd=folder)
    entries = [json.loads(line) for line in audit.stdout.splitlines()]
    assert {e["after"]["name"] for e in entries if e["action"] == "create"} >= {"只读"}
    assert all(e["actor"].endswith("@local") for e in entries)
    assert "password" not in audit.stdout
    since = run("audit", "--since", "2999-01-01", "--json", cwd=folder)
    assert since.returncode == 0 and since.stdout.strip() == ""


@pytest.mark.parametrize(("args", "message"), [
    (("user", "add", "y", "--role", "chief", "--no-password"), "unknown role 'chief'"),
    (("user", "add", "y", "--role", "reporter", "--department", "县住建局", "--no-password"), "names 2 departments"),
    (("user", "add", "y", "--role", "coordinator", "--no-password"), "needs --jurisdiction"),
    (("user", "disable", "nobody"), "no user 'nobody'"),
    (("user", "token", "nobody"), "no user 'nobody'"),
    (("audit", "--since", "yesterday"), "--since 'yesterday'"),
])
def test_bad_input_is_one_error_line(folder: Path, args: tuple[str, ...], message: str) -> None:
    done = run(*args, cwd=folder)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: ") and message in done.stderr, done.stderr


def test_an_empty_password_on_stdin_is_refused(folder: Path) -> None:
    done = run("user", "add", "空", "--role", "viewer", "--jurisdiction", "金乡县", "--password-stdin", cwd=folder)
    assert done.returncode == 2 and "stdin gave no password" in done.stderr
