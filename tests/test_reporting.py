"""What a report says: loaded data, the tables with logic in them, the headline figures."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from govbudget import reporting
from govbudget.charts.format import fmt_wan
from govbudget.check import check_package
from govbudget.dataset import Dataset
from govbudget.findings import Report
from govbudget.ingest import read_lines
from govbudget_dev.factory import clean_package


def _finding(package, severity, rule, sheet, cell, year=2016, phase="budget", department="教育局"):
    return {
        "package": package, "department": department, "year": year, "phase": phase,
        "level": "市级", "rule": rule, "family": rule[:3], "severity": severity, "table": "summary",
        "sheet": sheet, "cell": cell, "code": "", "message_zh": f"{rule} 说明",
        "message_en": f"{rule} message", "expected": Decimal("10.00"), "actual": None,
        "difference": None,
    }  # fmt: skip


def test_totals_give_figures_in_wan_as_the_cards_with_the_cell_they_come_from():
    package = clean_package()
    frame = reporting.totals(package.lines(), "zh")
    by_item = dict(zip(frame["项目"], zip(frame["金额（万元）"], frame["位置"], strict=True),
                       strict=True))  # fmt: skip
    summary = package.tables["summary"]
    income = next(r for r in summary.rows if r.item == "income_total").amounts["total"]
    assert by_item["收入总计"] == (reporting.wan(income.fen), f"{summary.sheet}!{income.cell}")
    assert f"{by_item['收入总计'][0]:,}" == fmt_wan(income.fen)  # the cards' formatting
    three = next(iter(package.tables["three_public"].rows)).amounts
    assert by_item["“三公”经费合计"][0] == reporting.wan(three["total"].fen)
    assert by_item["机关运行经费"][0] == reporting.wan(three["admin_operating"].fen)
    assert all(isinstance(v, Decimal) for v in frame["金额（万元）"])
    assert list(reporting.totals(package.lines(), "en").columns) == [
        "Item",
        "Amount (10k yuan)",
        "Where",
    ]
    assert reporting.wan(123_456_789) == Decimal("123.46") and reporting.wan(5_000) == Decimal(
        "0.01"
    )


def test_findings_table_puts_errors_first_with_sheet_and_cell():
    findings = pd.DataFrame([
        _finding("a.xlsx", "warning", "CAT002", "表5", "B7"),
        _finding("a.xlsx", "info", "PKG001", "", ""),
        _finding("a.xlsx", "error", "SUM003", "表1", "E12"),
    ])  # fmt: skip
    table = reporting.findings_table(findings, "zh")
    assert list(table["严重程度"]) == ["错误", "警告", "提示"]
    assert list(table["位置"]) == ["表1!E12", "表5!B7", ""]
    assert table["表"][0] == "收支总表"  # the table's name, not its id
    assert table.attrs["severity"] == ["error", "warning", "info"]
    english = reporting.findings_table(findings, "en")
    assert english["Message"][0] == "SUM003 message" and english["Severity"][0] == "error"
    assert reporting.findings_table(findings.iloc[0:0], "zh").empty
    assert list(table["可能的错误来源"]) == ["", "", ""]  # frames without culprits (the store's)
    findings["culprit"] = ["", None, "F10"]
    assert list(reporting.findings_table(findings, "zh")["可能的错误来源"]) == ["表1!F10", "", ""]


def test_blocking_lists_packages_with_errors_and_their_main_rules():
    scores = pd.DataFrame([
        {"package": "a.xlsx", "department": "教育局", "year": 2016, "phase": "budget",
         "level": "市级", "score": 70.0, "errors": 3, "warnings": 0},
        {"package": "b.xlsx", "department": "财政局", "year": 2016, "phase": "budget",
         "level": "市级", "score": 100.0, "errors": 0, "warnings": 2},
        {"package": "c.xlsx", "department": "民政局", "year": 2016, "phase": "budget",
         "level": "区县级", "score": 90.0, "errors": 1, "warnings": 0},
    ])  # fmt: skip
    findings = pd.DataFrame([
        _finding("a.xlsx", "error", "SUM003", "表1", "E12"),
        _finding("a.xlsx", "error", "SUM003", "表1", "E13"),
        _finding("a.xlsx", "error", "LVL001", "表5", "A9"),
        _finding("a.xlsx", "error", "LVL001", "表5", "A9", year=2015),  # another year: not counted
        _finding("c.xlsx", "error", "PKG001", "", "", department="民政局"),
    ])  # fmt: skip
    table = reporting.blocking(scores, findings, "zh")
    assert list(table["部门"]) == ["教育局", "民政局"]
    assert list(table["主要问题规则"]) == ["SUM003×2, LVL001×1", "PKG001×1"]


def test_department_data_knows_its_own_lines_execution_and_history():
    budget = clean_package(year=2016, phase="budget", file="2016_budget/edu.xlsx")
    final = clean_package(year=2016, phase="final", file="2016_final/edu.xlsx", seed=1)
    earlier = clean_package(year=2015, phase="budget", file="2015_budget/edu.xlsx", seed=2)
    later = clean_package(year=2017, phase="budget", file="2017_budget/edu.xlsx", seed=3)
    results = [check_package(p) for p in (budget, final, earlier, later)]
    dataset = Dataset.from_report(Report(results))
    data = reporting.load_department(dataset, budget.id)
    own = data.own_lines
    assert set(own["year"]) == {2016} and set(own["phase"]) == {"budget"}
    assert set(data.lines["year"]) == {2015, 2016}  # not the later year
    assert data.has_execution() and data.has_history()
    assert len(data.findings) == len(results[0].findings)
    alone = reporting.load_department(Dataset.from_report(Report(results[:1])))
    assert not alone.has_execution() and not alone.has_history()
    cards, sentence = reporting.department_cards(data, "en")
    labels = dict(cards)
    assert labels["Disclosure score"] == f"{results[0].score:.1f}" and sentence
    latest = reporting.load_department(dataset, department=budget.department)
    assert latest.package.id == later.id


def test_three_public_by_department_ranks_departments_by_their_total():
    small = clean_package(department="甲局", seed=3, file="a.xlsx")
    big = clean_package(department="乙局", seed=4, file="b.xlsx")
    for package, extra in ((small, 0), (big, 10_000_000)):
        row = next(iter(package.tables["three_public"].rows))
        amounts = row.amounts
        bumped = amounts["reception"].fen + extra
        total = amounts["total"].fen + extra
        amounts["reception"] = type(amounts["reception"])(bumped, amounts["reception"].cell)
        amounts["total"] = type(amounts["total"])(total, amounts["total"].cell)
    table = reporting.three_public_by_department(read_lines([small, big]), "zh")
    assert list(table["部门"]) == ["乙局", "甲局"]
    big_total = next(iter(big.tables["three_public"].rows)).amounts["total"].fen
    assert table.iloc[0, 4] == Decimal(big_total) / 1_000_000  # 万元, exact
