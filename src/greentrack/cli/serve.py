"""The commands that start the web server: serve (the REST API and the dashboard) and demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greentrack.cli.common import AsOf, LedgerDb, LedgerUrl, err, out, parse_as_of, working
from greentrack.cli.ledger import status_table
from greentrack.services.demo import DEMO_DB  # a light module: its imports are made when the demo is built


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0: every interface)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on")] = 8000,
    db: LedgerDb = None,
    url: LedgerUrl = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /api/v1/docs) and the dashboard (仪表盘) on one server."""
    from greentrack.services.ledger import open_ledger
    from greentrack.web.app import serve

    ledger = open_ledger(db, url)
    out.print(f"台账 ledger: {ledger.url}\n仪表盘 dashboard: http://{host}:{port}/ · "
              f"API: http://{host}:{port}/api/v1/docs", markup=False)
    serve(ledger, host, port)


def demo_command(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo ledger (replaced on each run)")] = Path(
        DEMO_DB),
    as_of: AsOf = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port of the dashboard on 127.0.0.1")] = 8000,
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Build the ledger and print how to serve it, but do not start the server")] = False,
) -> None:
    """Build a fresh demo ledger (bundled plans + 示例数据 illustrative values), show it, serve the dashboard."""
    from greentrack.services.demo import build_demo
    out.print("[bold]greentrack demo[/bold] — 内置示例规划 the bundled seed plans + 示例数据 illustrative values\n")
    day = parse_as_of(as_of)
    with working("构建示例台账 building the demo ledger"):
        demo = build_demo(db, day)
    for outcome in demo.outcomes:
        if outcome.error is not None:
            err.print(f"Error: {outcome.error}", markup=False)
        else:
            doc = outcome.document
            out.print(f"  {outcome.path.name}  {doc.title or '—'} · {doc.jurisdiction_name or '—'} · "
                      f"{doc.targets} 目标 targets", markup=False)
    out.print(f"  {demo.observations} 条示例数据 illustrative observations\n", markup=False)
    out.print(status_table(demo.report, "台账进度 ledger status（示例数据 illustrative）"))
    out.print(f"\n台账 ledger: {demo.path} — try `GREENTRACK_DB={demo.path} greentrack warnings`", markup=False)
    if no_serve:  # nothing listens: say how to serve it rather than print a URL that does not answer
        out.print(f"仪表盘 dashboard: `greentrack serve --db {demo.path} --port {port}`, then http://127.0.0.1:{port}/",
                  markup=False)
    else:
        out.print(f"仪表盘 dashboard: http://127.0.0.1:{port}/", markup=False)
    out.print("演示账号 demo accounts — 仅供演示，密码公开 DEMO ONLY, the passwords are public:", markup=False)
    for account in demo.accounts:
        scope = account.department or account.jurisdiction or "全部 everywhere"
        out.print(f"  {account.name} / {account.password}  ({account.role} · {scope})", markup=False)
    if no_serve:
        return
    from greentrack.web.app import serve

    out.print("按 Ctrl+C 停止 (press Ctrl+C to stop)", markup=False)
    serve(demo.path, "127.0.0.1", port, day)
