"""Take the README's screenshot: the dashboard's overview on a fresh demo ledger, in Debian's headless chromium.

Usage: .venv/bin/python scripts/screenshot_overview.py [docs/images/overview.png] [--as-of YYYY-MM-DD]
Needs `apt-get install chromium fonts-noto-cjk` (scripts/test.sh installs both).
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from greentrack.services.demo import build_demo
from greentrack.web import create_app

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    """Serve a demo ledger on a free local port, open the overview at 1280×800 and save a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs/images/overview.png", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = build_demo(Path(folder) / "demo.db", options.as_of)
        app = create_app(demo.path)
        app.state.as_of = options.as_of
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("#department-chart canvas")
            page.wait_for_timeout(1500)  # let the charts' entry animation finish
            options.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(options.out))
            browser.close()
        server.should_exit = True
    print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
