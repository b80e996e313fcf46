"""The report site: pages with one shared plotly.js, index.html, findings.xlsx."""

from __future__ import annotations

import re
from decimal import Decimal

import nbformat
import openpyxl
import pandas as pd
import plotly.graph_objects as go

from govbudget.charts import Chart
from govbudget.display import chart_bundle, table_html
from govbudget.outputs.report_site import site

SECRET_CODE = "this_source_line_must_not_show = 1"


def executed_notebook(path, charts: int = 3):
    """A notebook with the outputs a report cell leaves (charts, tables), written in code."""
    notebook = nbformat.v4.new_notebook()
    cells = []
    for index in range(charts):
        figure = go.Figure(go.Bar(x=[f"类{index}", "其他"], y=[1234.5, 99]))
        chart = Chart(figure, pd.DataFrame({"名称": [f"类{index}"], "金额": ["1,234.50"]}), "图")
        cell = nbformat.v4.new_code_cell(SECRET_CODE)
        cell.outputs = [
            nbformat.v4.new_output("display_data", data=chart_bundle(chart)),
            nbformat.v4.new_output("display_data", data={"text/html": table_html(chart.data)}),
        ]
        cells.append(cell)
    notebook.cells = cells
    nbformat.write(notebook, path)
    return path


def test_a_page_loads_the_sites_one_plotly_js_and_hides_code(tmp_path):
    root = tmp_path / "reports"
    ipynb = executed_notebook(tmp_path / "page.ipynb")
    page = root / "departments" / "2016_budget" / "education.html"
    size = site.export_html(ipynb, page, root=root, lang="zh", title="教育局")

    text = page.read_text("utf-8")
    assert size == len(text.encode()) < 1_000_000
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", text)
    assert scripts == ["../../assets/plotly.min.js"]  # once, relative, nothing from the web
    assert "require.min.js" not in text and "mathjax" not in text.lower()
    assert text.count("Plotly.newPlot") == 3 and "1,234.50" in text
    assert SECRET_CODE not in text
    assert '<html lang="zh">' in text and "<title>教育局</title>" in text
    assert 'href="../../index.html"' in text


def test_plotly_js_is_copied_once_and_only_again_when_it_changed(tmp_path):
    target = site.install_assets(tmp_path)
    assert target.read_bytes() == site.plotly_js().read_bytes()
    stamp = target.stat().st_mtime_ns
    assert site.install_assets(tmp_path).stat().st_mtime_ns == stamp
    target.write_text("stale")
    assert site.install_assets(tmp_path).read_bytes() == site.plotly_js().read_bytes()


def _finding(department, severity, rule, cell, message, expected=None, package="a.xlsx"):
    return {
        "package": package, "department": department, "year": 2016, "phase": "budget",
        "level": "市级", "rule": rule, "family": rule[:3], "severity": severity,
        "table": "summary", "sheet": "表1", "cell": cell, "code": "", "message_zh": message,
        "message_en": message + " (en)", "expected": expected, "actual": None, "difference": None,
    }  # fmt: skip


def test_findings_workbook_is_formatted_for_a_person_and_formula_safe(tmp_path):
    inputs = {
        "2016_budget/edu.xlsx": {"status": "ok", "department": "教育局", "year": 2016,
                                 "phase": "budget", "level": "市级", "score": 80.0,
                                 "errors": 1, "warnings": 1, "feedback": "feedback/edu.xlsx"},
        "2016_budget/evil.xlsx": {"status": "ok", "department": "=HYPERLINK(1)", "year": 2016,
                                  "phase": "budget", "level": "市级", "score": 100.0,
                                  "errors": 0, "warnings": 0},
        "2016_budget/broken.xlsx": {"status": "unreadable", "error": "INP001 not a workbook"},
    }  # fmt: skip
    findings = pd.DataFrame([
        _finding("教育局", "warning", "CAT002", "B7", "名称不一致"),
        _finding("教育局", "error", "SUM003", "E12", "=cmd|' /C calc'!A0", Decimal("1234.56")),
    ]).assign(source="2016_budget/edu.xlsx")  # fmt: skip
    path = site.write_findings_xlsx(tmp_path / "findings.xlsx", inputs, findings, lang="zh")

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "=HYPERLINK(1)", "教育局"]
    summary = book["汇总"]
    assert [c.value for c in summary[1]][:3] == ["部门", "级次", "年度"]
    assert {summary.cell(r, 1).value for r in range(2, 5)} >= {"'=HYPERLINK(1)", "教育局"}
    assert any(c.value == "INP001 not a workbook" for row in summary.iter_rows() for c in row)
    sheet = book["教育局"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:O3"
    severity, message, expected = (sheet.cell(2, c).value for c in (3, 10, 12))
    assert severity == "错误" and sheet.cell(3, 3).value == "警告"  # errors first
    assert message == "'=cmd|' /C calc'!A0"  # a formula would run in Excel: neutralised
    assert expected == 1234.56 and sheet.cell(2, 12).number_format == "#,##0.00"
    assert sheet.column_dimensions["J"].width > 10
    assert sheet.cell(2, 12).fill.fgColor.rgb.endswith("F8D7DA") is False  # only severity
    assert sheet.cell(2, 3).fill.fgColor.rgb.endswith("F8D7DA")
    assert book["=HYPERLINK(1)"].max_row == 1  # a clean department still has its sheet


def test_index_links_every_page_feedback_and_download_and_escapes_names(tmp_path):
    for name in ("departments/2016_budget/edu.html", "overview/2016_budget.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>")
    manifest = {
        "data": "/data/city",
        "inputs": {
            "2016_budget/edu.xlsx": {"status": "ok", "department": "<b>教育局</b>", "year": 2016,
                                     "phase": "budget", "level": "市级", "score": 87.5,
                                     "errors": 2, "warnings": 1,
                                     "feedback": "feedback/2016_budget/edu.xlsx"},
            "2016_budget/bad.xlsx": {"status": "unreadable", "error": "INP001 not a workbook"},
        },
        "notebooks": {
            "departments/2016_budget/edu": {"kind": "department", "status": "ok",
                                            "html": "departments/2016_budget/edu.html",
                                            "title": "教育局", "group": "2016 预算",
                                            "source": "2016_budget/edu.xlsx"},
            "overview/2016_budget": {"kind": "overview", "status": "failed", "error": "boom",
                                     "html": "overview/2016_budget.html",
                                     "title": "全市概览 · 2016 预算", "group": "2016 预算"},
            "departments/gone": {"kind": "department", "status": "ok", "html": "gone.html"},
        },
    }  # fmt: skip
    text = site.write_index(tmp_path, manifest, lang="zh").read_text("utf-8")
    links = re.findall(r'href="([^"]+)"', text)
    assert links == ["findings.xlsx", "manifest.json", "run.log", "overview/2016_budget.html",
                     "departments/2016_budget/edu.html", "feedback/2016_budget/edu.xlsx"]  # fmt: skip
    assert "&lt;b&gt;教育局&lt;/b&gt;" in text and "<b>教育局" not in text
    assert "87.5" in text and "INP001 not a workbook" in text and "运行失败" in text
    english = site.write_index(tmp_path, manifest, lang="en").read_text("utf-8")
    assert "Department reports" in english and '<html lang="en">' in english
