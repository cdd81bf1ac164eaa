"""docs/cli.md is exactly what the code renders: no command, option or setting goes undocumented."""

from __future__ import annotations

from greentrack.config import SETTINGS
from greentrack.docgen import DOCS, render_cli


def test_cli_doc_is_current() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == render_cli(), (
        "docs/cli.md is stale — run `python -m greentrack.docgen`")


def test_every_setting_has_help_and_is_documented() -> None:
    rendered = render_cli()
    for setting in SETTINGS:
        assert setting.help.strip()
        assert f"`{setting.env_var}`" in rendered
