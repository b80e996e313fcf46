"""The dashboard without a browser: data preparation, selection state, views, HTML, widgets,
and the committed Voilà settings."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import urllib.parse
from decimal import Decimal
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from dashboard_data import (
    DEPARTMENTS,
    HOSTILE,
    YEARS,
    city_report,
    money,
    write_store,
    write_workbooks,
)

from govbudget import charts
from govbudget.dataset import Dataset
from govbudget.errors import InputError
from govbudget.io import sha256_file
from govbudget.outputs.dashboard import (
    Dashboard,
    DashboardPage,
    Selection,
    chart_html,
    download_html,
    findings_html,
    headline_html,
    lines_csv,
    load,
    page_path,
    prepare,
)
from govbudget.outputs.dashboard.html import escape
from govbudget.outputs.dashboard.serve import CONFIG, NOTEBOOK, load_config, voila_argv
from govbudget.outputs.dashboard.texts import text

EDUCATION, HEALTH = DEPARTMENTS[0][0], DEPARTMENTS[1][0]


@pytest.fixture(scope="module")
def data() -> Dataset:
    return Dataset.from_report(city_report())


@pytest.fixture(scope="module")
def board(data: Dataset) -> Dashboard:
    return Dashboard(data)


def _wan(fen: int) -> str:
    return f"{Decimal(fen) / 1_000_000:,.2f}"


def test_prepare_from_workbooks_reads_checks_and_caches(tmp_path: Path) -> None:
    source = write_workbooks(tmp_path / "city")
    before = {p: sha256_file(p) for p in source.rglob("*.xlsx")}
    prepared = prepare(source, cache=tmp_path / "cache")
    assert prepared.packages == len(DEPARTMENTS) * len(YEARS) * 2
    assert prepared.failures == ()
    data = load(prepared.folder)
    assert set(data.lines["department"]) == {d[0] for d in DEPARTMENTS}
    assert len(data.findings) > 0
    assert {p: sha256_file(p) for p in source.rglob("*.xlsx")} == before  # inputs only read
    again = prepare(source, cache=tmp_path / "cache")
    assert again.folder == prepared.folder
    os.utime(source / "2016_budget" / "education.xlsx", ns=(1, 1))  # the same bytes: same key
    assert prepare(source, cache=tmp_path / "cache").folder == prepared.folder
    edited = source / "2016_budget" / "education.xlsx"
    edited.write_bytes((source / "2016_final" / "education.xlsx").read_bytes())
    assert prepare(source, cache=tmp_path / "cache").folder != prepared.folder


def test_prepare_from_a_store_keeps_amounts_exact(tmp_path: Path, data: Dataset) -> None:
    store = write_store(tmp_path)
    from_store = load(prepare(store, cache=tmp_path / "cache").folder)
    from_folder = load(prepare(tmp_path, cache=tmp_path / "cache").folder)  # the store wins
    key = ["package", "table", "cell", "measure"]
    expected = data.lines.sort_values(key, ignore_index=True)
    for got in (from_store.lines, from_folder.lines):
        got = got.sort_values(key, ignore_index=True)
        assert list(got["amount_yuan"]) == list(expected["amount_yuan"])
        assert str(got["amount_yuan"].dtype) == str(expected["amount_yuan"].dtype)
    assert len(from_store.findings) == len(data.findings)
    assert sorted(from_store.scores["score"]) == sorted(data.scores["score"])


def test_prepare_of_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        prepare(tmp_path / "nowhere", cache=tmp_path / "cache")


def test_options_and_normalise(board: Dashboard) -> None:
    assert board.departments == [*sorted([EDUCATION, HEALTH]), HOSTILE]  # 市级 before 区县级
    assert board.years() == list(YEARS)
    assert board.phases(EDUCATION, 2016) == ["budget", "final"]
    first = board.normalise(Selection())
    assert first == Selection(None, YEARS[-1], "budget", "zh")
    odd = board.normalise(Selection("no such department", 1999, "audit", "fr"))
    assert odd == Selection(None, YEARS[-1], "budget", "zh")
    assert board.normalise(Selection(HEALTH, 2015, "final", "en")) == Selection(
        HEALTH, 2015, "final", "en"
    )


@pytest.mark.parametrize("department", [EDUCATION, HOSTILE, None])
def test_headline_is_the_library_figure(board: Dashboard, department: str | None) -> None:
    view = board.view(Selection(department, 2016, "final", "zh"))
    expected = charts.headline(board.data.lines, department=department, year=2016, phase="final")
    assert view.headline["total_wan"] == expected["total_wan"]
    scales = [s for name, _, s, _ in DEPARTMENTS if department in (None, name)]
    assert view.headline["total_wan"] == _wan(sum(money(s, 2016, "final") for s in scales))
    assert view.headline["change_pct"] == Decimal("10.00")
    assert view.headline["execution_rate"] == Decimal("95.00")
    html = headline_html(view)
    assert f"{expected['total_wan']} 万元" in html


def test_view_lists_findings_errors_first_and_scores(board: Dashboard, data: Dataset) -> None:
    view = board.view(Selection(EDUCATION, 2016, "budget", "en"))
    own = data.findings[(data.findings["department"] == EDUCATION) & (data.findings["year"] == 2016)
                        & (data.findings["phase"] == "budget")]  # fmt: skip
    assert len(view.findings) == len(own) > 0
    severities = list(view.findings["severity"])
    assert severities == sorted(severities, key={"error": 0, "warning": 1, "info": 2}.get)
    html = findings_html(view)
    assert escape(view.findings.iloc[0]["message_en"]) in html
    assert "Disclosure score" in html
    city = board.view(Selection(None, 2016, "budget", "zh"))
    assert city.packages == len(DEPARTMENTS)
    assert "得分最低的部门" in findings_html(city)
    assert len(city.charts) >= 4 and len(view.charts) >= 4


def test_download_is_the_selected_lines_formula_safe(board: Dashboard) -> None:
    selection = Selection(HEALTH, 2015, "budget", "zh")
    frame = pd.read_csv(io.StringIO(board.csv(selection)), dtype=str)
    lines = board.selected_lines(selection)
    assert len(frame) == len(lines) > 0
    assert set(frame["department"]) == {HEALTH}
    assert sum(Decimal(v) for v in frame["amount_yuan"]) == sum(lines["amount_yuan"])
    risky = lines.head(1).assign(name='=HYPERLINK("http://x")', department="@SUM(A1)")
    text = lines_csv(risky)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    link = download_html(board.view(selection))
    payload = link.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(payload).decode("utf-8").lstrip("\ufeff") == board.csv(selection)


def test_hostile_names_are_escaped_in_every_fragment(board: Dashboard) -> None:
    for lang in ("zh", "en"):
        view = board.view(Selection(HOSTILE, 2016, "budget", lang))
        for html in (headline_html(view), findings_html(view), download_html(view)):
            assert "<script>" not in html
            assert '"onmouseover' not in html
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;onmouseover=" in headline_html(
            view
        )
    city = board.view(Selection(None, 2016, "budget", "zh"))
    assert "<script>" not in findings_html(city)


def test_page_paths_are_url_safe(board: Dashboard) -> None:
    assert board.slugs[EDUCATION] == "education"
    hostile = board.slugs[HOSTILE]
    assert hostile == "hostile"
    assert page_path(Selection(None, 2016, "final", "en"), board.slugs) == "en/city/2016-final.html"
    assert (
        page_path(Selection(HOSTILE, 2015, "budget", "zh"), board.slugs)
        == "zh/hostile/2015-budget.html"
    )


def test_page_widgets_follow_the_selection(board: Dashboard) -> None:
    page = DashboardPage(board, site_url="/site/", data_url="/govbudget/")
    assert page.selection == Selection(None, YEARS[-1], "budget", "zh")
    assert page.department.description == "部门"
    page.department.value = HEALTH
    expected = charts.headline(board.data.lines, department=HEALTH, year=YEARS[-1], phase="budget")
    assert page.selection.department == HEALTH
    assert f"{expected['total_wan']} 万元" in page.headline.value
    assert 'href="/site/zh/health/2016-budget.html"' in page.title.value
    assert 'href="/govbudget/data/health/2016-budget.csv"' in page.download.value
    page.phase.value = "final"
    assert page.selection.phase == "final"
    page.lang.value = "en"
    assert page.department.description == "Department"
    assert page.department.options[0] == ("Whole city", "")
    assert [label for label, _ in page.phase.options] == ["Budget", "Final accounts"]
    assert "Total expenditure" in page.headline.value
    assert page.department.value == HEALTH  # the choice survives the language switch
    page.department.value = ""
    assert page.selection.department is None
    assert "Whole city" in page.headline.value
    page.search.value = EDUCATION  # the search box picks a department by name
    assert page.selection.department == EDUCATION and page.department.value == EDUCATION
    page.search.value = "no such department"
    assert page.selection.department == EDUCATION


def test_committed_voila_settings_are_the_hardened_ones() -> None:
    config = json.loads(CONFIG.read_text("utf-8"))
    voila = config["VoilaConfiguration"]
    assert voila["show_tracebacks"] is False and voila["strip_sources"] is True
    assert voila["file_allowlist"] == [] and voila["file_denylist"] == [".*"]
    assert voila["preheat_kernel"] is True and voila["default_pool_size"] >= 1
    assert voila["template"] == "govbudget" and voila["allow_template_override"] == "NO"
    assert "jupyterlab-plotly" in voila["extension_denylist"]
    assert (
        voila["multi_kernel_manager_class"]
        == "govbudget.outputs.dashboard.serve.CappedKernelManager"
    )
    kernels = config["CappedKernelManager"]
    assert kernels["max_kernels"] > voila["default_pool_size"]
    assert kernels["cull_idle_timeout"] > 0 and kernels["cull_interval"] > 0
    assert load_config(CONFIG).Voila.config_file_paths == []  # no other voila.json is read
    assert "--no-browser" in voila_argv(port=9999, open_browser=False)


def test_notebook_is_one_call_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) == 1 and "show()" in code[0].source
    assert not code[0].outputs and code[0].execution_count is None


# ---------------------------------------------------------------- issue 17: the public's page
def test_url_query_round_trips_every_view(board: Dashboard) -> None:
    """The address carries department, year, phase and language; opening it restores the view."""
    for department in [None, *board.departments]:
        for year in board.years(department):
            for phase in board.phases(department, year):
                for lang in ("zh", "en"):
                    selection = Selection(department, year, phase, lang)
                    query = board.query(selection)
                    assert query.isascii() and "lang=" + lang in query
                    assert board.from_query(query) == selection
                    assert board.from_query("?" + query) == selection
    by_name = board.from_query("department=" + urllib.parse.quote(EDUCATION) + "&phase=final")
    assert by_name == Selection(EDUCATION, YEARS[-1], "final", "zh")
    assert board.from_query("department=nope&year=abc&phase=x&lang=fr") == board.normalise(
        Selection()
    )


def test_page_model_orders_charts_once_with_tables_csv_and_descriptions(board: Dashboard) -> None:
    department = board.view(Selection(EDUCATION, 2016, "budget", "en"))
    keys = [c.key for c in department.charts]
    assert keys == ["spending", "economic", "flow", "history", "three_public", "execution"]
    city = board.view(Selection(None, 2016, "budget", "en"))
    assert [c.key for c in city.charts] == ["spending", "ranking", "compliance", "flow",
                                            "three_public", "execution"]  # fmt: skip
    for item in (*department.charts, *city.charts):
        assert item.description and not re.search(r"[\u4e00-\u9fff]", item.description)
        frame = pd.read_csv(io.StringIO(item.csv()))
        assert list(frame.columns) == list(item.chart.data.columns)
        assert len(frame) == len(item.chart.data)
    html = chart_html(department.charts[0], "gb-chart-x", selection=department.selection)
    assert 'role="img"' in html and 'aria-labelledby="gb-chart-x-title"' in html
    assert 'aria-describedby="gb-chart-x-desc"' in html and "<details" in html
    assert 'download="' in html and "data:text/csv" in html
    assert department.cards[0].label == "Total expenditure"


def test_final_accounts_trends_say_final_accounts(board: Dashboard) -> None:
    view = board.view(Selection(EDUCATION, 2016, "final", "zh"))
    titles = {c.key: c.title for c in view.charts}
    for key in ("history", "three_public"):
        assert "决算" in titles[key] and "预算" not in titles[key].split("｜", 1)[1], titles[key]
    budget = board.view(Selection(EDUCATION, 2016, "budget", "en"))
    assert "final" not in {c.key: c.title for c in budget.charts}["history"]


def test_lowest_scoring_lists_only_departments_with_findings(data: Dataset) -> None:
    clean = data.scores.assign(errors=0, warnings=0, score=100.0)
    some = clean.copy()
    some.loc[some.index[0], ["errors", "score"]] = (2, 80.0)
    for scores, expected in ((clean, 0), (some, 1)):
        board = Dashboard(Dataset(data.lines, data.findings, scores, data.failed))
        for lang in ("zh", "en"):
            sel = Selection(None, int(some.iloc[0]["year"]), str(some.iloc[0]["phase"]), lang)
            view = board.view(sel)
            assert len(view.lowest) == expected
            html = findings_html(view)
            if expected:
                assert escape(str(some.iloc[0]["department"])) in html
                assert text("lowest_note", lang) in html
            else:
                assert text("lowest_none", lang) in html


def test_server_state_carries_the_page_model_and_the_address(board: Dashboard) -> None:
    """The kernel lays out what the server computed: cards, every chart with its table, CSV and
    accessible description, and the query its address bar shows (department by slug)."""
    from govbudget.outputs.dashboard.page import address_script, query_selection
    from govbudget.outputs.dashboard.state import page_state, parse_selection

    sel = Selection(EDUCATION, 2016, "final", "en")
    state = json.loads(json.dumps(page_state(board, sel)))  # plain JSON
    view = board.view(sel)
    assert board.from_query(state["query"]) == sel and EDUCATION not in state["query"]
    assert len(state["charts"]) == len(view.charts)
    for item, chart in zip(view.charts, state["charts"], strict=True):
        assert f'data-chart="{item.key}"' in chart and 'role="img"' in chart
        assert 'class="gb-chart-csv"' in chart and "aria-describedby" in chart
    assert all(card.label in state["headline"] for card in view.cards)
    wanted = query_selection(state["query"])
    assert wanted is not None and wanted.department == board.slugs[EDUCATION]
    assert Selection(**page_state(board, wanted)["selection"]) == sel
    query = dict(urllib.parse.parse_qsl(state["query"]))
    assert parse_selection(board, query) == sel
    assert parse_selection(board, {**query, "department": "nope"}) is None
    assert query_selection("") is None
    assert "</script" not in address_script("department=</script>")[:-9]
