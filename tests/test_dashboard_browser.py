"""The dashboard end to end in real headless Chromium: ``govbudget dashboard`` over workbooks
written by the test, one Voilà server for the module, one visitor's page used by every test."""

from __future__ import annotations

import base64
import re
import urllib.parse
from pathlib import Path

import pytest
from browser import Console, chromium, dashboard_server, draw_all_charts, overflow
from dashboard_data import DEPARTMENTS, YEARS, write_workbooks

from govbudget import charts
from govbudget.outputs.dashboard import Dashboard, Selection, lines_csv, load, prepare
from govbudget.outputs.static_site import publish_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
HEALTH = DEPARTMENTS[1][0]
EDUCATION = DEPARTMENTS[0][0]
TIMEOUT = 60_000  # ms, generous for a loaded 2-core CI machine


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("dashboard")
    folder = write_workbooks(root / "city")
    cache = root / "cache"
    prepared = prepare(folder, cache=cache)
    site = root / "site"
    publish_site(prepared.folder, site, dashboard_url="/")
    return {"root": root, "folder": folder, "cache": cache, "board": Dashboard(load(prepared.folder)),
            "site": site}  # fmt: skip


@pytest.fixture(scope="module")
def server(city: dict):
    server = dashboard_server(city["folder"], city["root"] / "voila.log", site=city["site"],
                              env={"GOVBUDGET_CACHE": str(city["cache"])})  # fmt: skip
    yield server
    server.stop()


@pytest.fixture(scope="module")
def visitor(server):
    with chromium() as browser:
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        console = Console(page)
        page.goto(server.url + "/", timeout=TIMEOUT)
        page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
        yield page, console
        context.close()


def _headline(board: Dashboard, department: str | None, year: int, phase: str) -> str:
    figure = charts.headline(board.data.lines, department=department, year=year, phase=phase)
    return f"{figure['total_wan']} 万元"


def _choose(page, department: str) -> None:
    page.select_option(".gb-department select", label=department)
    page.wait_for_function(
        "name => document.querySelector('.gb-who').textContent.startsWith(name)",
        arg=department,
        timeout=TIMEOUT,
    )
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)


def test_dashboard_shows_the_city_and_its_charts(visitor, city: dict) -> None:
    page, console = visitor
    assert page.locator(".gb-chart").count() >= 4
    draw_all_charts(page, TIMEOUT)
    assert page.inner_text(".gb-total") == _headline(city["board"], None, YEARS[-1], "budget")
    assert page.inner_text(".gb-who").startswith("全市")
    assert console.errors == []


def test_choosing_a_department_shows_its_headline(visitor, city: dict) -> None:
    page, console = visitor
    _choose(page, HEALTH)
    assert page.inner_text(".gb-total") == _headline(city["board"], HEALTH, YEARS[-1], "budget")
    page.select_option(".gb-year select", label=str(YEARS[0]))
    page.wait_for_function(
        "year => document.querySelector('.gb-who').textContent.includes(year)",
        arg=str(YEARS[0]),
        timeout=TIMEOUT,
    )
    assert page.inner_text(".gb-total") == _headline(city["board"], HEALTH, YEARS[0], "budget")
    assert console.errors == []


def test_switching_to_english_changes_the_labels(visitor) -> None:
    page, console = visitor
    page.click(".gb-lang button:has-text('English')")
    page.wait_for_function(  # the headline is updated last
        "() => document.querySelector('.gb-label').textContent === 'Total expenditure'",
        timeout=TIMEOUT,
    )
    assert page.inner_text(".gb-department label") == "Department"
    assert page.inner_text(".gb-year label") == "Year"
    labels = page.locator(".gb-label").all_inner_texts()
    assert labels == ["Total expenditure", "Change on last year", "Budget execution",
                      "Disclosure score"]  # fmt: skip
    assert page.inner_text(".gb-download") == "Download the data (CSV)"
    page.click(".gb-lang button:has-text('中文')")
    page.wait_for_function(
        "() => document.querySelector('.gb-label').textContent === '支出合计'", timeout=TIMEOUT
    )
    assert console.errors == []


def test_download_link_returns_the_csv_of_the_view(visitor, city: dict) -> None:
    page, console = visitor
    _choose(page, HEALTH)
    who = page.inner_text(".gb-who")
    year = int(re.search(r"\d{4}", who).group())
    phase = "final" if "决算" in who else "budget"
    with page.expect_download(timeout=TIMEOUT) as download:
        page.click(".gb-download")
    body = Path(download.value.path()).read_text("utf-8")
    selection = Selection(HEALTH, year, phase, "zh")
    assert body == "\ufeff" + lines_csv(city["board"].selected_lines(selection))
    assert download.value.suggested_filename.endswith(f"_{year}_{phase}.csv")
    assert console.errors == []


def test_dashboard_and_static_site_link_to_each_other(visitor, server, city: dict) -> None:
    page, console = visitor
    _choose(page, HEALTH)
    href = page.get_attribute(".gb-static-link", "href")
    assert href.startswith("/site/zh/health/")
    static = page.context.new_page()
    static_console = Console(static)
    static.goto(server.url + href, timeout=TIMEOUT)
    static.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
    assert static.inner_text(".gb-total") == page.inner_text(".gb-total")
    live = static.get_attribute(".gb-live-link", "href")
    assert live.startswith("/?") and city["board"].from_query(live[2:]).department == HEALTH
    static.close()
    assert static_console.errors == []
    assert console.errors == []


def _wait_view(page, department: str, phase_word: str) -> None:
    page.wait_for_function(
        "([n, p]) => { const w = document.querySelector('.gb-who');"
        " return w && w.textContent.startsWith(n) && w.textContent.includes(p); }",
        arg=[department, phase_word],
        timeout=TIMEOUT,
    )
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)


def test_the_address_follows_the_view_and_opens_it_on_a_phone(visitor, server, city) -> None:
    page, console = visitor
    _choose(page, HEALTH)
    page.click(".gb-phase button:has-text('决算')")
    _wait_view(page, HEALTH, "决算")
    page.wait_for_function("() => location.search.includes('phase=final')", timeout=TIMEOUT)
    query = urllib.parse.urlsplit(page.url).query
    year = int(re.search(r"\d{4}", page.inner_text(".gb-who")).group())
    assert city["board"].from_query(query) == Selection(HEALTH, year, "final", "zh")
    for lang, word in (("zh", "决算"), ("en", "Final accounts")):
        phone = page.context.browser.new_context(viewport={"width": 390, "height": 800})
        other = phone.new_page()
        other_console = Console(other)
        other.goto(f"{server.url}/?{query.replace('lang=zh', 'lang=' + lang)}", timeout=TIMEOUT)
        _wait_view(other, HEALTH, word)  # the shared address restores the view
        draw_all_charts(other, TIMEOUT)
        reach = overflow(other)
        assert reach["page"] <= 0 and reach["charts"] <= 0.5, reach
        assert reach["scrolls"] == [] and reach["cut"] == [], reach  # "Final accounts" whole
        other.screenshot(path=str(city["root"] / f"dashboard-390-{lang}.png"), full_page=True)
        phone.close()
        assert other_console.errors == []
    assert console.errors == []


def test_search_finds_a_department_and_each_chart_has_its_csv(visitor, city: dict) -> None:
    page, console = visitor
    page.fill(".gb-search input", EDUCATION)
    page.press(".gb-search input", "Enter")
    page.wait_for_function(
        "n => document.querySelector('.gb-who').textContent.startsWith(n)",
        arg=EDUCATION,
        timeout=TIMEOUT,
    )
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
    query = urllib.parse.urlsplit(page.url).query
    view = city["board"].view(city["board"].from_query(query))
    assert view.selection.department == EDUCATION
    links = page.locator(".gb-chart .gb-chart-csv")
    assert links.count() == len(view.charts)
    for index, item in enumerate(view.charts):
        href = links.nth(index).get_attribute("href")
        body = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
        assert body == "\ufeff" + item.csv()
        plot = page.locator(".gb-chart .gb-plot").nth(index)
        assert plot.get_attribute("role") == "img"
        assert page.inner_text(f"#{plot.get_attribute('aria-labelledby')}") == item.title
    assert console.errors == []
