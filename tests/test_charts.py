"""govbudget.charts: the figures' data (not their pixels), both languages, empty selections,
and one real PNG export through kaleido and Debian's chromium."""

from __future__ import annotations

import os
import re
import shutil
import struct
import zlib
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
import pytest

from govbudget import charts
from govbudget.charts.labels import FAMILIES, family_name
from govbudget.labels import label
from govbudget.model import LINE_COLUMNS, Amount, Package, Row, Table, fen_series
from govbudget_dev.factory.rows import coded_rows, place

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
EDU, HEALTH = "教育局", "卫生健康委员会"


# ---------------------------------------------------------------- building packages in code
def _row(n: int, name: str, amounts: dict[str, int], *, code: str | None = None,
         scheme: str | None = None, item: str | None = None) -> Row:  # fmt: skip
    depth = {3: 1, 5: 2, 7: 3}[len(code)] if code else 0
    cells = {m: Amount(fen, f"{'DEFGHIJ'[i]}{n}") for i, (m, fen) in enumerate(amounts.items())}
    return Row(n, name, f"A{n}", code=code, scheme=scheme, depth=depth, item=item, amounts=cells)


def _functional(table_id: str, items: dict[str, tuple[str, int]], names: dict[str, str],
                extra: dict[str, int] | None = None) -> Table:  # fmt: skip
    """A functional table from 项 amounts (fen): the total row, then 类/款/项 (the factory's sums).
    ``extra`` adds fen to a parent row and the total (published more than its children)."""
    leaves = {code: {"total": fen} for code, (_, fen) in items.items()}
    rows = coded_rows(leaves, ("total",), lambda c: items[c][0] if c in items else names[c])
    for code, fen in (extra or {}).items():
        for row in rows:
            if row.code in (code[:3], code) or row.is_total:
                row.amounts["total"] = Amount((row.amounts["total"].fen or 0) + fen, "")
    rows = [rows[-1], *rows[:-1]]
    place(rows, {"total": "D"}, 6, name_col="A")
    return Table(table_id, "表", "title", "A1", unit="元", rows=rows)


CLASS_NAMES = {
    "201": "一般公共服务支出", "20101": "人大事务", "205": "教育支出", "20501": "教育管理事务",
    "20502": "普通教育", "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
    "210": "卫生健康支出", "21001": "卫生健康管理事务", "221": "住房保障支出",
    "22102": "住房改革支出",
}  # fmt: skip


def _package(department: str, year: int, phase: str, scale: int = 100, *, extra=None) -> Package:
    """A package whose amounts grow with ``scale`` (per cent) so years and phases differ."""
    base = {
        "2050101": ("行政运行", 30_000_000),
        "2050201": ("学前教育", 123_456_789),
        "2050202": ("小学教育", 200_000_001),
        "2080505": ("机关事业单位基本养老保险缴费支出", 45_678_912),
        "2100101": ("行政运行", 9_000_000),
        "2210201": ("住房公积金", 11_111_111),
    }
    items = {c: (n, f * scale // 100) for c, (n, f) in base.items()}
    if phase == "final":  # 学前教育 under-spent, 小学教育 over-spent
        items["2050201"] = ("学前教育", items["2050201"][1] * 80 // 100)
        items["2050202"] = ("小学教育", items["2050202"][1] * 105 // 100)
    expenditure = _functional("expenditure", items, CLASS_NAMES, extra)
    basic_rows = [
        ("301", "工资福利支出", None), ("30101", "基本工资", (40_000_000, 0)),
        ("30102", "津贴补贴", (20_000_000, 0)), ("302", "商品和服务支出", None),
        ("30201", "办公费", (0, 5_000_000)), ("30211", "差旅费", (0, 3_000_000)),
        ("303", "对个人和家庭的补助", None), ("30305", "生活补助", (1_500_000, 0)),
    ]  # fmt: skip
    totals = {"301": (60_000_000, 0), "302": (0, 8_000_000), "303": (1_500_000, 0)}
    rows = [_row(6, "合计", {"total": 69_500_000, "personnel": 61_500_000,
                             "public": 8_000_000}, item="total")]  # fmt: skip
    for n, (code, name, parts) in enumerate(basic_rows, start=7):
        personnel, public = parts or totals[code]
        amounts = {"total": personnel + public, "personnel": personnel, "public": public}
        rows.append(_row(n, name, amounts, code=code, scheme="economic_dept"))
    gpb_basic = Table("gpb_basic", "表7", "title", "A1", unit="元", rows=rows)
    # income by source and 类: everything fiscal except 教育's 事业收入 and some 其他收入
    income_rows = []
    for n, row in enumerate(r for r in expenditure.rows if r.depth == 1):
        total = row.amounts["total"].fen
        business = 50_000_000 if row.code == "205" else 0
        other = 1_000_000 if row.code == "208" else 0
        fiscal = total - business - other
        amounts = {"total": total, "fiscal": fiscal, "gpb": fiscal, "business": business,
                   "other": other}  # fmt: skip
        income_rows.append(_row(20 + n, row.name, amounts, code=row.code, scheme="functional"))
    income = Table("income", "表2", "title", "A1", unit="元", rows=income_rows)
    three = Table("three_public", "表9", "title", "A1", unit="万元", rows=[
        _row(7, "", {"total": 700_000 * scale // 100, "outbound": 100_000 * scale // 100,
                     "vehicle_purchase": 200_000 * scale // 100,
                     "vehicle_operation": 300_000 * scale // 100,
                     "reception": 100_000 * scale // 100,
                     "admin_operating": 5_000_000 * scale // 100})
    ])  # fmt: skip
    tables = {t.id: t for t in (expenditure, gpb_basic, income, three)}
    return Package(f"{year}_{phase}_{department}.xlsx", department=department, year=year,
                   phase=phase, level="市级", tables=tables)  # fmt: skip


def _lines(*packages: Package) -> pd.DataFrame:
    return pd.concat([p.lines() for p in packages], ignore_index=True)


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    packages = [
        _package(EDU, 2015, "budget", 90),
        _package(EDU, 2016, "budget", 100),
        _package(EDU, 2016, "final", 100),
        _package(EDU, 2017, "budget", 110),
        _package(HEALTH, 2016, "budget", 50),
        _package(HEALTH, 2017, "budget", 60),
    ]
    return _lines(*packages)


def _fen(value: Decimal) -> int:
    """万元 Decimal -> fen (exact)."""
    fen = value * 1_000_000
    assert fen == fen.to_integral_value()
    return int(fen)


def _texts(figure: go.Figure) -> list[str]:
    """Every title, axis title, legend title, colour-bar title and annotation of a figure."""
    layout = figure.layout
    texts = [layout.title.text, layout.title.subtitle.text, layout.legend.title.text]
    texts += [axis.title.text for name in dir(layout) if re.fullmatch(r"[xy]axis\d*", name)
              for axis in [getattr(layout, name)]]  # fmt: skip
    texts += [a.text for a in layout.annotations]
    texts += [getattr(getattr(tr, "colorbar", None), "title", None) and tr.colorbar.title.text
              for tr in figure.data]  # fmt: skip
    return [t for t in texts if t]


def _all_charts(lines: pd.DataFrame, lang: str, findings, scores) -> dict[str, charts.Chart]:
    pkg = lines["package"].iloc[0] if len(lines) else "none.xlsx"
    return {
        "spending": charts.spending_by_function(lines, package=pkg, lang=lang),
        "economic": charts.basic_by_economic(lines, package=pkg, lang=lang),
        "execution": charts.execution(lines, lines, lang=lang),
        "yoy": charts.year_on_year(lines, department=EDU, lang=lang),
        "three_public": charts.three_public_trend(lines, lang=lang),
        "flow": charts.money_flow(lines, package=pkg, lang=lang),
        "heatmap": charts.compliance_heatmap(findings, lang=lang),
        "ranking": charts.score_ranking(scores, lang=lang),
    }


FINDING_COLUMNS = ["package", "department", "year", "phase", "level", "rule", "family",
                   "severity", "table", "sheet", "cell", "code", "message_zh", "message_en",
                   "expected", "actual", "difference"]  # fmt: skip
SCORE_COLUMNS = ["package", "department", "year", "phase", "level", "score", "errors", "warnings"]


@pytest.fixture(scope="module")
def findings() -> pd.DataFrame:
    rows = [
        (EDU, "LVL001", "LVL", "error"), (EDU, "LVL001", "LVL", "error"),
        (EDU, "SUM002", "SUM", "error"), (EDU, "CAT002", "CAT", "warning"),
        (HEALTH, "PKG004", "PKG", "warning"), (HEALTH, "PKG001", "PKG", "info"),
        ("司法局", "TIM001", "TIM", "error"),
    ]  # fmt: skip
    return pd.DataFrame(
        [(f"{d}.xlsx", d, 2016, "budget", "市级", r, f, s, "", "", "", "", "…", "…", None, None,
          None) for d, r, f, s in rows],
        columns=FINDING_COLUMNS,
    )  # fmt: skip


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return pd.DataFrame(
        [("a.xlsx", EDU, 2016, "budget", "市级", 72.5, 3, 1),
         ("b.xlsx", HEALTH, 2016, "budget", "市级", 97.0, 0, 1),
         ("c.xlsx", "某某镇", 2016, "budget", "乡镇级", 88.0, 1, 0)],
        columns=SCORE_COLUMNS,
    )  # fmt: skip


# ---------------------------------------------------------------- spending by function
def test_sunburst_leaves_sum_exactly_to_the_package_total(city):
    package = _package(EDU, 2016, "budget", extra={"20805": 1_234})  # a part not itemised
    lines = package.lines()
    chart = charts.spending_by_function(lines, package=package.id)
    trace = chart.figure.data[0]
    parents = set(trace.parents)
    leaves = [c[0] for i, c in zip(trace.ids, trace.customdata, strict=True) if i not in parents]
    total = package.tables["expenditure"].rows[0].amounts["total"].fen
    assert sum(leaves) == total
    assert "20805+" in trace.ids  # the not-itemised remainder is a leaf of its own
    data = chart.data
    leaf_amounts = data[data["编码"].isin([i.rstrip("+") for i in trace.ids if i not in parents])]
    assert sum(_fen(v) for v in data.loc[data["层级"] == "类", "金额（万元）"]) == total
    assert len(leaf_amounts) >= 6
    assert EDU in chart.title and "2016年预算" in chart.title


def test_sunburst_hover_shows_code_name_amount_in_wan_and_share(city):
    chart = charts.spending_by_function(city, package="2016_budget_教育局.xlsx")
    trace = chart.figure.data[0]
    at = list(trace.ids).index("2050201")
    fen, code, amount, share, level = trace.customdata[at]
    assert (fen, code, amount, level) == (123_456_789, "2050201", "123.46", "项")
    assert share.endswith("%")
    assert "万元" in trace.hovertemplate and "%{customdata[2]}" in trace.hovertemplate
    assert chart.table().loc[chart.data["编码"] == "205", "金额（万元）"].item() == "353.46"


def test_sunburst_without_package_draws_the_latest_year_for_the_whole_city(city):
    chart = charts.spending_by_function(city)
    assert "2017年预算" in chart.title and "全市（2个部门）" in chart.title
    trace = chart.figure.data[0]
    edu = _package(EDU, 2017, "budget", 110).tables["expenditure"].rows[0].amounts["total"].fen
    health = _package(HEALTH, 2017, "budget", 60).tables["expenditure"].rows[0].amounts["total"]
    roots = [c[0] for c, p in zip(trace.customdata, trace.parents, strict=True) if not p]
    assert sum(roots) == edu + health.fen


# ---------------------------------------------------------------- economic classification
def test_basic_by_economic_bars_are_the_kuan_with_personnel_and_public(city):
    chart = charts.basic_by_economic(city, package="2016_budget_教育局.xlsx")
    names = [tr.name for tr in chart.figure.data]
    assert names == ["301 工资福利支出", "302 商品和服务支出", "303 对个人和家庭的补助"]
    drawn = sum(sum(tr.x) for tr in chart.figure.data)
    assert drawn == pytest.approx(69.5)
    data = chart.data.set_index("编码")
    assert list(data.index) == ["30101", "30102", "30201", "30211", "30305"]
    assert data.at["30201", "公用经费（万元）"] == Decimal("5.00")
    assert sum(_fen(v) for v in data["人员经费（万元）"]) == 61_500_000
    assert "人员经费：61.50 万元" in chart.figure.layout.title.subtitle.text


# ---------------------------------------------------------------- budget against final
def test_execution_rates_equal_final_over_budget(city):
    chart = charts.execution(city, city)
    budget = _package(EDU, 2016, "budget").lines()
    final = _package(EDU, 2016, "final").lines()

    def amount(lines, code):
        row = lines[(lines["table"] == "expenditure") & (lines["code"] == code)]
        return int(row["amount_yuan"].item() * 100)

    data = chart.data.set_index("编码")
    for code in ("205", "2050201", "2050202", "2210201"):
        b, f = amount(budget, code), amount(final, code)
        exact = (Decimal(f) * 100 / Decimal(b)).quantize(Decimal("0.01"))
        assert data.at[code, "执行率（%）"] == exact
        assert _fen(data.at[code, "偏差（万元）"]) == f - b
    classes = chart.figure.data[0]
    at = [y.split()[0] for y in classes.y].index("205")
    assert classes.x[at] == pytest.approx(amount(final, "205") / amount(budget, "205") * 100)
    assert "2016年预算和决算" in chart.title  # HEALTH has no final: left out, so one department
    assert EDU in chart.title


def test_execution_calls_out_the_largest_deviations_first(city):
    items = charts.execution(city, city).figure.data[1]
    codes = [y.split()[0] for y in items.y]
    assert codes == ["2050201", "2050202"]  # |−24.69| > |+10.00| 万元; the others did not move
    assert items.y[0] == "2050201 学前教育<br>-24.69 万元 · 80.0%"
    assert items.y[1].endswith("+10.00 万元 · 105.0%")
    assert items.marker.color[0] != items.marker.color[1]


# ---------------------------------------------------------------- over the years
def test_year_on_year_stacks_classes_under_each_years_total(city):
    chart = charts.year_on_year(city, department=EDU)
    assert "2015–2017年预算" in chart.title  # budget: the phase covering most years
    data = chart.data
    totals = data[data["名称"] == "合计"].set_index("年度")["金额（万元）"]
    for year, scale in ((2015, 90), (2016, 100), (2017, 110)):
        total = _package(EDU, year, "budget", scale).tables["expenditure"].rows[0].amounts["total"]
        assert _fen(totals[year]) == total.fen
        assert sum(_fen(v) for v in data[(data["年度"] == year) & (data["编码"] != "")]
                   ["金额（万元）"]) == total.fen  # fmt: skip
    change = data.set_index(["年度", "编码"])["比上年增减（%）"]
    assert change[(2016, "205")] == Decimal("11.11") and pd.isna(change[(2015, "205")])
    bars = [tr for tr in chart.figure.data if tr.type == "bar"]
    assert bars[0].name == "205 教育支出"  # the largest class first


def test_year_on_year_resolves_renames_through_the_catalogue():
    old, new = _package(HEALTH, 2017, "budget"), _package(HEALTH, 2019, "budget")
    for row in old.tables["expenditure"].rows:
        if row.code == "210":
            row.name = "医疗卫生与计划生育支出"
    lines = _lines(old, new)
    chart = charts.year_on_year(lines, department=HEALTH)
    names = {tr.name for tr in chart.figure.data if tr.type == "bar"}
    assert "210 卫生健康支出" in names and not any("计划生育" in n for n in names)
    rows = chart.data[chart.data["编码"] == "210"]
    assert list(rows["年度"]) == [2017, 2019] and set(rows["名称"]) == {"卫生健康支出"}
    english = charts.year_on_year(lines, department=HEALTH, lang="en")
    assert "210 Health" in {tr.name for tr in english.figure.data}


def test_three_public_trend_for_a_department_and_the_city(city):
    edu = charts.three_public_trend(city, department=EDU)
    assert list(edu.data["年度"]) == [2015, 2016, 2017]  # budget: the phase with most years
    row = edu.data.set_index("年度").loc[2016]
    assert row["公务用车购置及运行费（万元）"] == Decimal("0.50")  # 购置费 + 运行费
    assert row["机关运行经费（万元）"] == Decimal("5.00")
    names = [tr.name for tr in edu.figure.data if tr.name]
    assert names == ["因公出国(境)费", "公务用车购置及运行费", "公务接待费", "机关运行经费"]
    whole = charts.three_public_trend(city).data.set_index("年度")
    assert whole.at[2016, "“三公”经费（万元）"] == Decimal("0.70") + Decimal("0.35")
    assert "全市（2个部门）" in charts.three_public_trend(city).title


def test_headline_gives_total_change_and_execution_rate(city):
    h = charts.headline(city, department=EDU, year=2016, phase="budget")
    budget = _package(EDU, 2016, "budget").tables["expenditure"].rows[0].amounts["total"].fen
    before = _package(EDU, 2015, "budget", 90).tables["expenditure"].rows[0].amounts["total"].fen
    final = _package(EDU, 2016, "final").tables["expenditure"].rows[0].amounts["total"].fen
    assert h["total_yuan"] == Decimal(budget) / 100
    assert h["change_yuan"] == Decimal(budget - before) / 100
    assert h["change_pct"] == (Decimal(budget - before) * 100 / before).quantize(Decimal("0.01"))
    assert h["execution_rate"] == (Decimal(final) * 100 / budget).quantize(Decimal("0.01"))
    assert h["text_zh"].startswith("教育局2016年预算支出合计") and "增长" in h["text_zh"]
    assert "up" in h["text_en"] and not CJK.search(h["text_en"].replace(EDU, ""))
    whole = charts.headline(city, department=None, year=2017, phase="budget")
    assert whole["text_zh"].startswith("全市（2个部门）2017年预算支出合计")
    none = charts.headline(city, department=EDU, year=2030, phase="budget")
    assert none["total_yuan"] is None and none["text_en"] == label("chart.empty", "en")


# ---------------------------------------------------------------- where the money goes
def test_money_flow_links_add_up_to_each_class_and_source(city):
    chart = charts.money_flow(city, package="2016_budget_教育局.xlsx")
    sankey = chart.figure.data[0]
    labels = list(sankey.node.label)
    assert labels[:3] == ["一般公共预算", "事业收入", "其他收入"]  # 财政拨款 = its parts: parts
    data = chart.data
    assert set(data["资金来源"]) == {"一般公共预算", "事业收入", "其他收入"}
    education = data[data["编码"] == "205"]
    assert sum(_fen(v) for v in education["金额（万元）"]) == 353_456_790
    assert _fen(education.loc[education["资金来源"] == "事业收入", "金额（万元）"].item()) == (
        50_000_000
    )
    assert len(sankey.link.value) == len(data)


def test_money_flow_falls_back_to_the_summary_through_the_department(city):
    package = _package(EDU, 2016, "budget")
    del package.tables["income"]
    summary_rows = [
        _row(6, "一般公共预算拨款收入", {"total": 300_000_000}, item="gpb"),
        _row(7, "事业收入", {"total": 119_246_813}, item="business"),
        _row(8, "收入总计", {"total": 419_246_813}, item="income_total"),
    ]
    package.tables["summary"] = Table("summary", "表1", "t", "A1", unit="元", rows=summary_rows)
    chart = charts.money_flow(package.lines(), package=package.id)
    labels = list(chart.figure.data[0].node.label)
    assert "部门收支" in labels
    hub = chart.data[chart.data["资金来源"] == "部门收支"]
    assert sum(_fen(v) for v in hub["金额（万元）"]) == 419_246_813


def test_money_flow_splits_fiscal_appropriation_only_where_its_parts_add_up():
    package = _package(EDU, 2016, "budget")
    for row in package.tables["income"].rows:
        row.amounts.pop("gpb")
    chart = charts.money_flow(package.lines(), package=package.id)
    assert set(chart.data["资金来源"]) == {"财政拨款收入", "事业收入", "其他收入"}
    spent = [
        _row(10 + n, r.name, {"total": r.amounts["fiscal"].fen}, code=r.code, scheme="functional")
        for n, r in enumerate(package.tables["income"].rows)
    ]
    spent[0].amounts["total"] = Amount(spent[0].amounts["total"].fen - 100, "D10")  # 205 short
    package.tables["gpb_expenditure"] = Table("gpb_expenditure", "表5", "t", "A1", rows=spent)
    data = charts.money_flow(package.lines(), package=package.id).data
    sources = data.groupby("编码")["资金来源"].apply(set)
    assert sources["205"] == {"财政拨款收入", "事业收入"}
    assert sources["208"] == {"一般公共预算", "其他收入"}
    assert sources["221"] == {"一般公共预算"}


def test_packages_with_one_file_name_in_several_year_folders_stay_apart():
    old, new = _package(EDU, 2016, "budget"), _package(EDU, 2017, "budget", 110)
    old.file, new.file = "2016_budget/education.xlsx", "2017_budget/education.xlsx"
    lines = _lines(old, new)
    assert set(lines["package"]) == {"2016_budget/education.xlsx", "2017_budget/education.xlsx"}
    chart = charts.spending_by_function(lines, package="2017_budget/education.xlsx")
    assert "2017年预算" in chart.title
    trace = chart.figure.data[0]
    roots = [c[0] for c, p in zip(trace.customdata, trace.parents, strict=True) if not p]
    assert sum(roots) == new.tables["expenditure"].rows[0].amounts["total"].fen
    three = charts.three_public_trend(lines, department=EDU).data.set_index("年度")
    assert list(three["“三公”经费（万元）"]) == [Decimal("0.70"), Decimal("0.77")]


# ---------------------------------------------------------------- compliance
def test_compliance_heatmap_counts_errors_per_department_and_family(findings):
    chart = charts.compliance_heatmap(findings)
    heat = chart.figure.data[0]
    assert list(heat.y) == [EDU, "司法局", HEALTH]  # most errors first
    assert list(heat.x) == list(FAMILIES)  # short codes: full names collide at half width
    lvl = list(heat.x).index("LVL")
    assert heat.z[0][lvl] == 2 and heat.z[2].sum() == 0
    warning, name = heat.customdata[2][list(heat.x).index("PKG")]
    assert (warning, name) == (1, family_name("PKG"))  # the warning; info ignored
    data = chart.data
    assert len(data) == 5 and data["错误"].sum() == 4 and data["警告"].sum() == 2


def test_compliance_heatmap_has_no_row_without_errors_or_warnings(findings):
    """A department with only notes has no all-zero row; with none at all, the chart says so."""
    notes = findings.assign(severity="info")
    only_edu = pd.concat([findings[findings["department"] == EDU], notes])
    assert list(charts.compliance_heatmap(only_edu).figure.data[0].y) == [EDU]
    empty = charts.compliance_heatmap(notes)
    assert not empty.figure.data and empty.data.empty
    assert [a.text for a in empty.figure.layout.annotations] == [label("chart.no_findings")]


def test_score_ranking_puts_the_best_first_and_colours_by_level(scores):
    chart = charts.score_ranking(scores)
    assert list(chart.data["部门"]) == [HEALTH, "某某镇", EDU]
    assert list(chart.data["名次"]) == [1, 2, 3]
    assert {tr.name for tr in chart.figure.data} == {"市级", "乡镇级"}
    assert list(chart.figure.layout.yaxis.categoryarray) == [HEALTH, "某某镇", EDU]


# ---------------------------------------------------------------- both languages, empty input
def test_every_string_exists_in_both_languages_and_english_has_no_chinese():
    for key in FAMILIES:
        zh, en = family_name(key, "zh"), family_name(key, "en")
        assert CJK.search(zh) and not CJK.search(en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_and_axis_labels_are_in_the_chosen_language(city, findings, scores, lang):
    one = city[city["department"] == EDU]
    for name, chart in _all_charts(one, lang, findings, scores).items():
        texts = _texts(chart.figure)
        assert chart.figure.layout.title.text == chart.title
        assert chart.data.shape[0] > 0, name
        if lang == "en":
            for text in [*texts, *chart.data.columns]:
                for proper in (EDU, HEALTH, "司法局", "某某镇"):
                    text = text.replace(proper, "")
                assert not CJK.search(text), (name, text)
        else:
            assert CJK.search(chart.title), name


def test_english_labels_name_classes_in_english(city):
    chart = charts.spending_by_function(city, package="2016_budget_教育局.xlsx", lang="en")
    trace = chart.figure.data[0]
    roots = [label for label, p in zip(trace.labels, trace.parents, strict=True) if not p]
    assert roots and not any(CJK.search(label) for label in roots)


def test_every_chart_handles_an_empty_selection(findings, scores):
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in LINE_COLUMNS})
    empty["amount_yuan"] = fen_series([])
    for lang in ("zh", "en"):
        for name, chart in _all_charts(empty, lang, findings.iloc[:0], scores.iloc[:0]).items():
            assert chart.data.empty and len(chart.data.columns) > 0, name
            notes = [a.text for a in chart.figure.layout.annotations]
            assert notes == [label("chart.empty", lang)], name
    assert charts.year_on_year(empty, department="无此部门").data.empty


def test_charts_never_mutate_their_input(city):
    before = city.copy()
    charts.spending_by_function(city)
    charts.execution(city, city)
    charts.money_flow(city)
    pd.testing.assert_frame_equal(city, before)


# ---------------------------------------------------------------- real PNG export
def _browser() -> str | None:
    return (
        os.environ.get("BROWSER_PATH")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    )


def _png_pixels(png: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixels of an 8-bit non-interlaced RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(png):
        size = struct.unpack(">I", png[pos : pos + 4])[0]
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + size]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        pos += 12 + size
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    bpp = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * bpp
    previous, pixels = bytearray(stride), set()
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        previous = line
    return width, height, pixels


@pytest.mark.browser
@pytest.mark.slow
def test_a_chart_exports_to_a_non_trivial_png(city, monkeypatch):
    browser = _browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI for the PNG export (kaleido)")
        pytest.skip("no chromium to export PNGs with")
    monkeypatch.setenv("BROWSER_PATH", browser)
    chart = charts.spending_by_function(city, package="2016_budget_教育局.xlsx")
    png = chart.figure.to_image(format="png", width=600, height=450)
    assert len(png) > 10_000
    width, height, pixels = _png_pixels(png)
    assert (width, height) == (600, 450)
    assert len(pixels) > 50  # palette colours, anti-aliased text: far from a blank image
