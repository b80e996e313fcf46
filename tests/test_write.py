"""The workbook writer: what each Layout option puts into the cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govbudget import tables
from govbudget.errors import UsageError
from govbudget.ingest import read_package
from govbudget.model import Amount
from govbudget_dev.examples import example_package
from govbudget_dev.write import TITLES, Layout, write_package


def _sheet(path: Path, title_word: str) -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(path)
    return next(ws for ws in book.worksheets if title_word in str(ws["A1"].value))


def _values(ws) -> list[object]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("phase", ["budget", "final"])
def test_every_title_is_recognised_as_its_table(phase: str) -> None:
    for table_id, words in TITLES.items():
        title = f"2016年{words[phase == 'final']}"
        assert tables.match_title(title) == (table_id, phase), title


@pytest.mark.parametrize("merged", [True, False])
def test_every_measure_header_reads_back_as_its_measure(tmp_path: Path, merged: bool) -> None:
    package = example_package(0)
    row = package.tables["expenditure"].rows[0]
    # the 预算数 twins of a 决算 三公 table are named by position (beside 决算数), not by a
    # header of their own: tests/test_read.py reads them
    headed = list(tables.MEASURES)
    for spec in headed:
        row.amounts.setdefault(spec.id, Amount(100, ""))
    path = write_package(package, tmp_path / "p.xlsx", Layout(merged_header=merged))
    table = read_package(path).tables["expenditure"]
    assert set(table.columns) == {m.id for m in headed}
    assert {m: a.fen for m, a in table.rows[0].amounts.items() if m not in
            tables.COLUMNS["expenditure"]} == dict.fromkeys(set(table.columns) - {"total", "basic",
                                                                                   "project"}, 100)  # fmt: skip


def test_official_template_layout(tmp_path: Path) -> None:
    path = write_package(example_package(1), tmp_path / "p.xlsx")
    ws = _sheet(path, "部门支出总表")
    assert ws.title == "表3"
    assert ws["A1"].value == "2016年部门支出总表"
    assert ws["A2"].value == "编制部门：示例市财政局" and ws["G2"].value == "单位：元"
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A4:D4", "E4:G4", "A5:C5", "D5:D6", "E5:E6"} <= merged
    assert [ws.cell(6, c).value for c in range(1, 4)] == ["类", "款", "项"]
    first = [ws.cell(7, c).value for c in range(1, 5)]
    assert first[0] == 201 and first[1] is None and first[3] == "一般公共服务支出"
    xiang = next(r for r in ws.iter_rows(min_row=7) if r[2].value)
    assert (
        isinstance(xiang[1].value, str)
        and len(xiang[1].value) == 2
        and xiang[3].value.startswith("    ")
    )
    total = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "合计")
    assert f"A{total[0].row}:D{total[0].row}" in merged
    three = _sheet(path, "三公")
    assert three["G2"].value == "单位:元" and three["A4"].value == "“三公”经费预算数"
    assert three["D5"].value == "公务用车购置及运行费" and three["D6"].value == "小计"
    info = openpyxl.load_workbook(path)["基本信息"]
    pairs = {r[0].value: r[1].value for r in info.iter_rows()}
    assert pairs == {"部门名称": "示例市财政局", "年度": 2016, "阶段": "预算", "级次": "市级",
                     "批复日期": "2016-02-10", "公开日期": "2016-02-24"}  # fmt: skip


def test_flat_glued_text_numbers_repeats_and_footnote(tmp_path: Path) -> None:
    layout = Layout(codes="glued", merged_header=False, text_numbers=True, page_repeat=4,
                    footnote="注：示例。", sheet_names="titled", unit="万元")  # fmt: skip
    package = example_package(2, theme="education")
    path = write_package(package, tmp_path / "p.xlsx", layout)
    ws = _sheet(path, "部门支出总表")
    assert ws.title == "部门支出总表" and ws["E2"].value is None
    assert ws["D2"].value == "金额单位：万元"
    assert [ws.cell(4, c).value for c in range(1, 5)] == ["功能分类科目编码及名称", "合计",
                                                          "基本支出", "项目支出"]  # fmt: skip
    column_a = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert (
        column_a.count("功能分类科目编码及名称")
        == (len(package.tables["expenditure"].rows) - 1) // 4
    )
    assert "205 教育支出" in column_a and any(
        str(v).strip().startswith("2050101行政运行") for v in column_a
    )
    amounts = [ws.cell(r, 2).value for r in range(5, ws.max_row)]
    assert all(isinstance(v, str) for v in amounts if v and v != "合计")
    assert any("," in v for v in amounts if isinstance(v, str))
    assert column_a[-1] == "注：示例。"


def test_numbered_single_code_stacked_summary(tmp_path: Path) -> None:
    layout = Layout(codes="single", numbered=True, two_panel=False)
    path = write_package(example_package(3), tmp_path / "p.xlsx", layout)
    spend = _sheet(path, "部门支出总表")
    assert [spend.cell(5, c).value for c in (1, 2)] == ["功能分类科目编码", "功能分类科目名称"]
    assert spend["A7"].value == "201" and spend["B7"].value == "一、一般公共服务支出"
    assert spend["B8"].value.strip().startswith("（一）")
    summary = _sheet(path, "部门收支总表")
    labels = [summary.cell(r, 1).value for r in range(6, summary.max_row + 1)]
    assert labels.index("收入总计") < labels.index("支出总计")
    assert "一、财政拨款收入" in labels and "1.一般公共预算" in labels


def test_amounts_units_blanks_and_invalid_text(tmp_path: Path) -> None:
    package = example_package(4)
    row = package.tables["expenditure"].rows[0]
    row.amounts["total"] = Amount(123_456_789, "")  # 1,234,567.89 元 = 123.456789 万元
    row.amounts["basic"] = Amount(None, "", invalid=True, text="待定")
    row.amounts["project"] = Amount(None, "")
    layout = Layout(unit="万元", three_public_unit="元", omit_unit=("gpb_basic",))
    path = write_package(package, tmp_path / "p.xlsx", layout)
    ws = _sheet(path, "部门支出总表")
    assert (ws["E7"].value, ws["F7"].value, ws["G7"].value) == (123.46, "待定", None)
    assert ws["E7"].number_format == "#,##0.00"
    assert _sheet(path, "三公")["G2"].value == "单位:元"
    basic = _sheet(path, "基本支出表")
    assert not any("单位" in str(v) for v in _values(basic) if "编制" not in str(v))


def test_rounding_to_wanyuan_is_half_up(tmp_path: Path) -> None:
    package = example_package(5)
    row = package.tables["expenditure"].rows[0]
    row.amounts["total"] = Amount(5_000, "")  # 50 元 = 0.005 万元 -> 0.01
    path = write_package(package, tmp_path / "p.xlsx", Layout(unit="万元", text_numbers=True))
    assert _sheet(path, "部门支出总表")["E7"].value == "0.01"
    assert Decimal("0.005").quantize(Decimal("0.01")) == Decimal("0.00")  # banker's would lose it


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_other_formats_are_written(tmp_path: Path, suffix: str) -> None:
    path = write_package(example_package(6, minsheng=True), tmp_path / f"p{suffix}")
    assert path.exists() and path.stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"p{suffix}"]


def test_texts_classified_and_dates(tmp_path: Path) -> None:
    package = example_package(7)
    package.classified = ("gov_fund",)
    package.publication_date = dt.date(2016, 3, 1)
    path = write_package(package, tmp_path / "p.xlsx", Layout(sheet_names="titled"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["部门主要职能", "部门机构设置", "名词解释", "预算编制说明"]
    assert book.sheetnames[-2:] == ["其他相关情况说明", "基本信息"]
    assert book["部门主要职能"]["A3"].value == package.texts["duties"].text
    pairs = {r[0].value: r[1].value for r in book["基本信息"].iter_rows()}
    assert pairs["涉密表格"] == "gov_fund" and pairs["公开日期"] == "2016-03-01"


def test_unsupported_suffix_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_package(example_package(0), tmp_path / "p.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_the_same_package_gives_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    """No time of writing in the file: document properties and zip entries carry fixed times."""
    package = example_package(2)
    first = write_package(package, tmp_path / f"a{suffix}").read_bytes()
    again = write_package(package, tmp_path / f"b{suffix}").read_bytes()
    assert first == again or suffix == ".ods"  # odfpy: namespaces depend on the process history
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(tmp_path / "a.xlsx")
        assert book.properties.created == book.properties.modified == dt.datetime(2000, 1, 1)


def test_glued_codes_are_not_numbered(tmp_path: Path) -> None:
    """Real tables glue code and name (``2013802一般行政管理事务``, ``205 教育支出``) and never
    number them too; ``20106011.行政运行`` could not be read back."""
    package = example_package(3)
    path = write_package(package, tmp_path / "g.xlsx", Layout(codes="glued", numbered=True))
    ws = _sheet(path, "一般公共预算支出表")
    labels = [str(v) for v in _values(ws) if isinstance(v, str) and v[:3].isdigit()]
    assert labels and not [t for t in labels if "、" in t or "." in t.split()[0]]
    read = read_package(path).tables["gpb_expenditure"]
    written = package.tables["gpb_expenditure"]
    assert [(r.code, r.name) for r in read.rows] == [(r.code, r.name) for r in written.rows]


def test_a_duplicate_table_is_written_as_a_second_sheet(tmp_path: Path) -> None:
    package = example_package(3)
    package.duplicates.append(package.tables["three_public"])
    path = write_package(package, tmp_path / "d.xlsx")
    assert "表9（重复）" in openpyxl.load_workbook(path).sheetnames
    read = read_package(path)
    assert [t.sheet for t in read.duplicates] == ["表9（重复）"]
