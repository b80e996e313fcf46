"""The static site: every page of the dashboard's views as plain HTML, escaped, one plotly.js;
and one page in real headless Chromium, served by ``python -m http.server``."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import Console, Server, chromium, draw_all_charts, free_port
from dashboard_data import DEPARTMENTS, HOSTILE, YEARS, write_workbooks

from govbudget import charts
from govbudget.dataset import Dataset
from govbudget.errors import UsageError
from govbudget.outputs.dashboard import (
    Dashboard,
    Selection,
    lines_csv,
    load,
    page_path,
    prepare,
)
from govbudget.outputs.static_site import MARKER, publish_site

HEALTH = DEPARTMENTS[1][0]
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("publish")
    folder = write_workbooks(root / "city")
    cache = root / "cache"
    prepared = prepare(folder, cache=cache)
    site = root / "site"
    done = subprocess.run(
        [sys.executable, "-m", "govbudget", "publish", "--out", str(site), "--data", str(folder),
         "--dashboard-url", "https://dashboard.example.org/"],
        env={**__import__("os").environ, "GOVBUDGET_CACHE": str(cache)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = load(prepared.folder)
    small = Dataset(
        *(_one(frame) for frame in (data.lines, data.findings, data.scores)), data.failed
    )
    return {"site": site, "board": Dashboard(data), "small": small.save(root / "small")}


def _one(frame):
    """One department's 2015 budget: a dataset of four pages."""
    keep = (
        (frame["department"] == HEALTH) & (frame["year"] == YEARS[0]) & (frame["phase"] == "budget")
    )
    return frame[keep.fillna(False)]


def test_every_view_has_a_page_and_a_csv(city: dict) -> None:
    site, board = city["site"], city["board"]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    expected = {"index.html", "zh/index.html", "en/index.html"}
    for lang in ("zh", "en"):
        for department in [None, *board.departments]:
            for year in board.years(department):
                for phase in board.phases(department, year):
                    selection = Selection(department, year, phase, lang)
                    expected.add(page_path(selection, board.slugs))
    assert set(pages) == expected
    assert len(pages) == 3 + 2 * (1 + len(DEPARTMENTS)) * len(YEARS) * 2
    csv = (site / "data" / "health" / f"{YEARS[0]}-final.csv").read_text("utf-8")
    assert csv == "\ufeff" + lines_csv(board.selected_lines(Selection(HEALTH, YEARS[0], "final")))
    assert (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    largest = max(p.stat().st_size for p in site.rglob("*.html"))
    assert largest < 1_000_000  # plotly.js is shared, never embedded
    assert (site / MARKER).is_file()


def test_pages_escape_workbook_text_and_allow_only_their_own_scripts(city: dict) -> None:
    site, board = city["site"], city["board"]
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>window.__pwned" not in html
        assert '"onmouseover="window' not in html
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
        for body in (s for s in scripts if s.strip()):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp.replace("&#x27;", "'")
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0].replace(
            "&#x27;", "'"
        )
    hostile = site / page_path(Selection(HOSTILE, YEARS[-1], "budget", "zh"), board.slugs)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in hostile.read_text("utf-8")


def test_publish_replaces_its_own_site_but_no_other_folder(city: dict, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish_site(city["small"], out) == 4 + 3
    (out / "stale.html").write_text("old", "utf-8")
    publish_site(city["small"], out, jobs=2)
    assert not (out / "stale.html").exists()
    assert not (out / "zh" / "index.html").read_text("utf-8").count("gb-live-link")
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious", "utf-8")
    with pytest.raises(UsageError):
        publish_site(city["small"], foreign)
    assert (foreign / "thesis.docx").read_text("utf-8") == "precious"


@pytest.mark.browser
@pytest.mark.slow
def test_a_static_page_in_chromium(city: dict, tmp_path: Path) -> None:
    site, board = city["site"], city["board"]
    port = free_port()
    server = Server([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                     "--directory", str(site)], port=port, log=tmp_path / "http.log")  # fmt: skip
    try:
        with chromium() as browser:
            page = browser.new_page()
            console = Console(page)
            selection = Selection(HOSTILE, YEARS[-1], "budget", "zh")
            page.goto(f"{server.url}/{page_path(selection, board.slugs)}", timeout=TIMEOUT)
            page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
            expected = charts.headline(board.data.lines, department=HOSTILE, year=YEARS[-1],
                                       phase="budget")  # fmt: skip
            assert page.inner_text(".gb-total") == f"{expected['total_wan']} 万元"
            assert page.locator(".gb-chart").count() >= 4
            draw_all_charts(page, TIMEOUT)
            for element in page.locator(".gb-who, .gb-findings li").all()[:5]:
                element.hover()
            assert page.evaluate("() => window.__pwned") is None
            href = page.get_attribute(".gb-download", "href")
            with urllib.request.urlopen(urllib.parse.urljoin(page.url, href)) as response:
                body = response.read().decode("utf-8")
            assert body == "\ufeff" + lines_csv(board.selected_lines(selection))
            page.click("a[lang='en']")
            page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
            assert page.locator(".gb-label").all_inner_texts()[0] == "Total expenditure"
            live = page.get_attribute(".gb-live-link", "href")
            assert live == "https://dashboard.example.org/?" + board.query(
                Selection(HOSTILE, YEARS[-1], "budget", "en")
            )
            assert console.errors == []
    finally:
        server.stop()
