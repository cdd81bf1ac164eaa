"""Take the README's screenshots: the dashboard's overview on a fresh demo ledger, in Debian's headless chromium, at
a desktop's width (1440×900: docs/images/overview.png) and a phone's (390×844: docs/images/overview-phone.png, and
overview-phone-menu.png with the menu open).

Usage: .venv/bin/python scripts/screenshot_overview.py [docs/images] [--as-of YYYY-MM-DD]
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

from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.services.demo import build_demo
from greentrack.web import create_app

SHOTS = (("overview.png", 1440, 900, False), ("overview-phone.png", 390, 844, False),
         ("overview-phone-menu.png", 390, 844, True))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    """Serve a demo ledger on a free local port, open the overview at each size and save a PNG of each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs/images", type=Path)
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
            options.out.mkdir(parents=True, exist_ok=True)
            for name, width, height, menu in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
                page.goto(f"http://127.0.0.1:{port}/login")  # as the demo's administrator (demo only)
                page.fill("#login-form input[name=name]", DEMO_ACCOUNTS[0].name)
                page.fill("#login-form input[name=password]", DEMO_ACCOUNTS[0].password)
                page.click("#login-form button[type=submit]")
                page.wait_for_url(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("#department-chart canvas")
                page.wait_for_timeout(1500)  # let the charts' entry animation finish
                if menu:
                    page.click("#menu-toggle")
                page.screenshot(path=str(options.out / name))
                page.close()
                print(f"wrote {options.out / name}")
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
