"""Screenshots of the report site for the docs, taken in headless Chromium.

    .venv/bin/python docs/make_report_screenshots.py reports/

writes ``docs/img/report_index.png`` (the top of ``index.html``) and
``docs/img/report_department.png`` (the top of the department report with the most errors).
Uses the system Chromium (``/usr/bin/chromium``); nothing is downloaded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

IMG = Path(__file__).resolve().parent / "img"
CHROMIUM = "/usr/bin/chromium"


def worst_department(site: Path) -> Path:
    """The department page whose workbook has the most errors (latest year on a tie)."""
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    inputs = manifest["inputs"]
    pages = [e for e in manifest["notebooks"].values() if e["kind"] == "department"]
    best = max(pages, key=lambda e: (inputs[e["source"]].get("errors", 0), e.get("year") or 0))
    return site / best["html"]


def main(site: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        for source, name in ((site / "index.html", "report_index.png"),
                             (worst_department(site), "report_department.png")):  # fmt: skip
            page.goto(source.resolve().as_uri())
            page.wait_for_timeout(1500)  # let plotly draw
            page.screenshot(path=IMG / name)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "reports"))
