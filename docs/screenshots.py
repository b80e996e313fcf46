"""Screenshots of the dashboard and the static site at phone and desktop width (docs/img/).

    python docs/screenshots.py TAG DASHBOARD_URL SITE_PAGE_URL [OUT]

Uses Debian's /usr/bin/chromium through Playwright; charts are scrolled into view (they are
drawn when near the screen) before each full-page shot.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTHS = (390, 1280)


def shoot(page, url: str, target: Path, wait: str) -> None:
    page.goto(url, timeout=120_000)
    page.wait_for_selector(wait, timeout=120_000)
    for chart in page.locator(".gb-chart").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length"
        " >= document.querySelectorAll('.gb-chart').length",
        timeout=120_000,
    )
    # Voilà scrolls an inner box, not the window: make the window as tall as the content
    tall = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(tall) + 40, 15000)})
    page.wait_for_timeout(1500)
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")
    page.screenshot(path=str(target), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def main(tag: str, dashboard: str, site: str, out: str = "docs/img") -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True
        )
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            shoot(page, dashboard, Path(out) / f"dashboard_{tag}_{width}.png", ".js-plotly-plot")
            shoot(page, site, Path(out) / f"site_{tag}_{width}.png", ".js-plotly-plot")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
