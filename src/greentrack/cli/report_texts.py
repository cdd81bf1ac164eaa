"""`greentrack report-text show|set|reset PLACE SECTION` and `greentrack report-settings PLACE`: the office's own
text of the report's sections 一–四 (basic · progress · problems · plans) and the place's 公文 frame, over
`services.report_texts`. A bad text is one `Error: field: reason` line and exit code 2, and nothing is stored.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from greentrack.cli.common import AsOf, out, parse_as_of

report_text_app = typer.Typer(help="The report's sections 一–四 as the office edits them: show, set, reset.",
                              no_args_is_help=True, rich_markup_mode=None)
Place = Annotated[str, typer.Argument(help="The place: its name (金乡县) or GB/T 2260 code (370828)")]
Section = Annotated[str, typer.Argument(help="basic (基本情况), progress (主要进展成效), problems (存在问题及原因) "
                                              "or plans (下步工作打算)")]


@report_text_app.command("show")
def show_command(jurisdiction: Place, section: Section, as_of: AsOf = None,
                 lang: Annotated[str, typer.Option("--lang", help="zh (中文) or en")] = "zh") -> None:
    """Print a section: the office's text where it edited one (who and when), else the draft from the data."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.report_texts import report_sections, section_key

    key = section_key(section)
    found = next(s for s in report_sections(open_ledger(), jurisdiction, parse_as_of(as_of), lang=lang) if s.key == key)
    if found.edited and found.edited_at is not None:
        at = found.edited_at
        out.print(f"# 已编辑 edited by {found.edited_by}, {at.year}年{at.month}月{at.day}日 {at:%H:%M}", markup=False)
    else:
        out.print("# 草稿 draft (from the data)", markup=False)
    typer.echo("\n\n".join(found.paragraphs))


@report_text_app.command("set")
def set_command(jurisdiction: Place, section: Section,
                file: Annotated[Path | None, typer.Option("--file", help="Read the text from this file (UTF-8); "
                                                                        "default: standard input")] = None) -> None:
    """Store the office's text of a section (paragraphs one a line); it stands in for the draft from now on."""
    from greentrack.errors import UsageError
    from greentrack.services.ledger import open_ledger
    from greentrack.services.report_texts import save_section

    try:
        text = file.read_text(encoding="utf-8") if file is not None else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {file}: {exc}") from exc
    saved = save_section(open_ledger(), jurisdiction, section, text)
    out.print(f"saved {saved.key}: {len(saved.paragraphs)} paragraph(s)", markup=False)


@report_text_app.command("reset")
def reset_command(jurisdiction: Place, section: Section) -> None:
    """Drop the office's text of a section: the draft from the data stands again."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.report_texts import reset_section

    dropped = reset_section(open_ledger(), jurisdiction, section)
    out.print(f"reset {section}" if dropped else f"{section} was not edited: the draft stands", markup=False)


def settings_command(
    jurisdiction: Place,
    issuer: Annotated[str | None, typer.Option("--issuer", help="发文机关 ('' clears it)")] = None,
    doc_number: Annotated[str | None, typer.Option("--doc-number", help="文号 ('' clears it)")] = None,
    recipients: Annotated[str | None, typer.Option("--to", help="主送机关 ('' clears it)")] = None,
    copies: Annotated[str | None, typer.Option("--cc", help="抄送 ('' clears it)")] = None,
) -> None:
    """Show the place's 公文 frame of its report (发文机关, 文号, 主送, 抄送); with options, change those parts."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.report_texts import report_settings, save_report_settings

    ledger = open_ledger()
    current = report_settings(ledger, jurisdiction)
    given = {"issuer": issuer, "doc_number": doc_number, "recipients": recipients, "copies": copies}
    if any(v is not None for v in given.values()):
        kept = vars(current.frame)
        merged = {k: (v if v is not None else kept[k]) for k, v in given.items()}
        current = save_report_settings(ledger, jurisdiction, who=None, **merged)
    frame = current.frame
    for label, value in (("发文机关 issuer", frame.issuer), ("文号 doc number", frame.doc_number),
                         ("主送 to", frame.recipients), ("抄送 cc", frame.copies)):
        out.print(f"{label}: {value or '—'}", markup=False)


def register(app: typer.Typer) -> None:
    """Add `report-text …` and `report-settings` to the CLI."""
    app.add_typer(report_text_app, name="report-text")
    app.command("report-settings")(settings_command)
