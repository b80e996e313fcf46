"""Screenshot of the live dashboard for the docs, taken in headless Chromium.

    .venv/bin/python docs/make_dashboard_screenshot.py [DATA] [DEPARTMENT] [YEAR]

starts ``govbudget dashboard`` on DATA (default: the sample city in ``data/sample``) on a free
loopback port, chooses DEPARTMENT (default: 乌鲁木齐市教育局) and YEAR (default: 2016, a year with
budget and final accounts) and writes the top of the page to ``docs/img/dashboard.png``. Uses the system Chromium (``/usr/bin/chromium``); nothing is
downloaded. Chinese text needs fonts-noto-cjk.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img" / "dashboard.png"
CHROMIUM = "/usr/bin/chromium"


def main(data: Path, department: str, year: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "govbudget", "dashboard", "--no-browser", "--port", str(port),
         "--data", str(data)], cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "voila/static/voila.js", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".js-plotly-plot", timeout=120_000)
            page.select_option(".gb-department select", label=department)
            page.wait_for_function(
                "name => document.querySelector('.gb-who').textContent.startsWith(name)",
                arg=department,
                timeout=120_000,
            )
            page.select_option(".gb-year select", label=year)
            page.wait_for_function(
                "year => document.querySelector('.gb-who').textContent.includes(year)",
                arg=year,
                timeout=120_000,
            )
            time.sleep(3)  # charts finish drawing
            page.screenshot(path=str(IMG))
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    print(IMG)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        Path(args[0]) if args else ROOT / "data" / "sample",
        args[1] if len(args) > 1 else "乌鲁木齐市教育局",
        args[2] if len(args) > 2 else "2016",
    )
