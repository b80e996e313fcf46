"""The static site as the public meets it (issue 17), in real headless Chromium at phone and
desktop width: no sideways scrolling, a link per view, department search, a table and a CSV per
chart with an accessible name, and A4 printing that cuts no chart."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from browser import Console, Server, chromium, draw_all_charts, free_port, overflow
from dashboard_data import DEPARTMENTS, YEARS, write_workbooks

from govbudget.outputs.dashboard import Dashboard, Selection, load, page_path, prepare
from govbudget.outputs.dashboard.html import PRINT_WIDTH
from govbudget.outputs.static_site import publish_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EDUCATION, HEALTH = DEPARTMENTS[0][0], DEPARTMENTS[1][0]
TIMEOUT = 60_000
WIDTHS = (390, 1280)
#: A4 portrait between 12 mm margins, in CSS pixels (96 per inch).
A4_WIDTH, A4_HEIGHT = (210 - 24) * 96 / 25.4, (297 - 24) * 96 / 25.4


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("public")
    prepared = prepare(write_workbooks(root / "city"), cache=root / "cache")
    out = root / "site"
    publish_site(prepared.folder, out, dashboard_url="https://dashboard.example.org/")
    port = free_port()
    server = Server([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                     "--directory", str(out)], port=port, log=root / "http.log")  # fmt: skip
    yield {"url": server.url, "board": Dashboard(load(prepared.folder)), "root": root}
    server.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _open(browser, site: dict, selection: Selection, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    console = Console(page)
    page.goto(f"{site['url']}/{page_path(selection, site['board'].slugs)}", timeout=TIMEOUT)
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
    draw_all_charts(page, TIMEOUT)
    return page, console


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_a_phone_and_a_desktop(site: dict, browser, width: int) -> None:
    for selection in (Selection(EDUCATION, YEARS[-1], "final", "en"),
                      Selection(None, YEARS[-1], "budget", "zh")):  # fmt: skip
        page, console = _open(browser, site, selection, width)
        reach = overflow(page)
        assert reach["page"] <= 0 and reach["charts"] <= 0.5, reach
        assert reach["scrolls"] == [] and reach["cut"] == [], reach
        page.screenshot(path=str(site["root"] / f"page-{width}.png"), full_page=True)
        assert console.errors == []
        page.close()


def test_the_address_is_the_view_and_search_finds_a_department(site: dict, browser) -> None:
    board = site["board"]
    selection = Selection(HEALTH, YEARS[0], "final", "en")
    page, _ = _open(browser, site, selection, 1280)
    assert page.inner_text(".gb-who").startswith(HEALTH)
    assert f"{YEARS[0]} Final accounts" in page.inner_text(".gb-who")
    page.click("a[lang='zh']")  # the other language keeps department, year and phase
    page.wait_for_selector(".gb-who", timeout=TIMEOUT)
    assert page.url.endswith(page_path(Selection(HEALTH, YEARS[0], "final", "zh"), board.slugs))
    page.fill("#gb-search", EDUCATION)
    page.press("#gb-search", "Enter")
    page.wait_for_url(f"**/{page_path(Selection(EDUCATION, YEARS[0], 'final', 'zh'), board.slugs)}")
    assert page.inner_text(".gb-who").startswith(EDUCATION)
    live = page.get_attribute(".gb-live-link", "href")
    query = urllib.parse.urlsplit(live).query
    assert board.from_query(query) == Selection(EDUCATION, YEARS[0], "final", "zh")
    page.close()


def test_every_chart_has_a_name_a_description_a_table_and_its_own_csv(site: dict, browser) -> None:
    board = site["board"]
    selection = Selection(EDUCATION, YEARS[-1], "budget", "zh")
    view = board.view(selection)
    page, _ = _open(browser, site, selection, 1280)
    figures = page.locator("figure.gb-chart")
    assert figures.count() == len(view.charts)
    for index, item in enumerate(view.charts):
        figure = figures.nth(index)
        assert figure.get_attribute("data-chart") == item.key
        plot = figure.locator(".gb-plot")
        assert plot.get_attribute("role") == "img"
        name = page.inner_text(f"#{plot.get_attribute('aria-labelledby')}")
        description = page.inner_text(f"#{plot.get_attribute('aria-describedby')}")
        assert name == item.title and description == item.description
        figure.locator("summary").click()  # the table alternative opens
        rows = figure.locator(".gb-chart-table tbody tr")
        assert rows.count() == len(item.chart.data)
        href = figure.locator(".gb-chart-csv").get_attribute("href")
        with urllib.request.urlopen(urllib.parse.urljoin(page.url, href)) as response:
            assert response.read().decode("utf-8") == "\ufeff" + item.csv()
    with page.expect_download() as download:  # a real download, under the chart's own name
        figures.nth(0).locator(".gb-chart-csv").click()
    assert download.value.suggested_filename.endswith(f"_{view.charts[0].key}.csv")
    page.close()


def test_a_page_prints_on_a4_portrait_without_cutting_a_chart(site: dict, browser) -> None:
    selection = Selection(EDUCATION, YEARS[-1], "budget", "zh")
    view = site["board"].view(selection)
    page, _ = _open(browser, site, selection, 1000)  # one chart a row: wider than A4 on screen
    assert page.evaluate("() => document.querySelector('.gb-chart .main-svg').width.baseVal.value"
                         ) > A4_WIDTH  # fmt: skip
    # what the charts measure while the page prints (this listener runs after the page's own)
    page.evaluate(
        """() => window.addEventListener('beforeprint', () => { window.__printed =
        [...document.querySelectorAll('.gb-chart')].map(f => {
            const svg = f.querySelector('.main-svg');
            return {svg: svg ? svg.getBoundingClientRect().width : null,
                    plot: f.querySelector('.gb-plot').getBoundingClientRect().height};
        }); })"""
    )
    pdf = site["root"] / "print.pdf"
    page.pdf(path=str(pdf), format="A4")
    printed = page.evaluate("() => window.__printed")
    assert len(printed) == len(view.charts)
    for chart in printed:
        assert chart["svg"] is not None and chart["svg"] <= min(PRINT_WIDTH, A4_WIDTH), chart
        assert chart["plot"] < A4_HEIGHT, chart  # fits on one page
    page.emulate_media(media="print")
    styles = page.evaluate(
        "() => [...document.querySelectorAll('.gb-chart')].map(f => getComputedStyle(f).breakInside)"
    )
    assert styles == ["avoid"] * len(view.charts)  # a chart is never split over two pages
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info.stdout)
    assert size and float(size[1]) < float(size[2]), info.stdout  # A4 portrait
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    compact = "".join(text.split())
    for item in view.charts:
        assert "".join(item.title.split("｜")[0].split()) in compact, item.title
    assert "下载此图数据" not in compact and "查找部门" not in compact  # no controls on paper
    page.close()
