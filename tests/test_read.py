"""The reader on hand-built workbooks in the layouts finance bureaus publish.

Every test writes its own workbook (openpyxl, xlwt or odfpy) into tmp_path and compares every
amount the reader returns with the cells written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwt

from govbudget.ingest import read_lines, read_package
from govbudget.model import Package, Table
from govbudget.validate import discover

FEN = {"元": 100, "万元": 1_000_000, "亿元": 10_000_000_000}


def xlsx(path: Path, sheets: list[tuple[str, list[list], list[str]]]) -> Path:
    """Write sheets given as (name, rows, merged ranges); None leaves a cell empty."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, merges in sheets:
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for merged in merges:
            ws.merge_cells(merged)
    book.save(path)
    return path


def expected(rows: list[list], letters: str, first: int, unit: str = "元") -> dict[str, int]:
    """{cell: fen} of every number (or number text) written in the given columns from row
    ``first`` (1-based) on."""
    found = {}
    for r in range(first, len(rows) + 1):
        for letter in letters:
            c = ord(letter) - 65
            value = rows[r - 1][c] if c < len(rows[r - 1]) else None
            if isinstance(value, str):
                value = value.replace(",", "").strip()
                if not value.replace(".", "").isdigit():
                    continue
            if value is None or isinstance(value, bool):
                continue
            found[f"{letter}{r}"] = int(Decimal(str(value)) * FEN[unit])
    return found


def read_amounts(table: Table) -> dict[str, int]:
    return {a.cell: a.fen for r in table.rows for a in r.amounts.values() if a.fen is not None}


def rows_by_code(table: Table) -> dict[str, dict[str, int | None]]:
    return {r.code: {m: a.fen for m, a in r.amounts.items()} for r in table.rows if r.code}


# -- the official 2026 template layout -------------------------------------------------------

TEMPLATE_INCOME = [
    [],
    ["2026年预算单位收入预算总表"],
    [],
    ["编制单位：上海市普陀区某街道办事处（本级）", None, None, None, None, None, None, None, "单位：元"],
    [],
    ["项目", None, None, None, "收入预算"],
    ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "财政拨款收入", "事业收入",
     "事业单位\n经营收入", "其他收入"],
    ["类", "款", "项"],
    [201, None, None, "一般公共服务支出", 3353072, 3353072],
    [201, "05", None, "统计信息事务", 501200, 501200],
    [201, "05", "06", "统计管理", 1200, 1200],
    [201, "05", "07", "专项普查活动", 500000, 500000],
    [208, None, None, "社会保障和就业支出", 8568532, 8568532],
    [208, "05", None, "行政事业单位养老支出", 4882960, 4882960],
    [208, "05", "01", "行政单位离退休", 2301360, 2301360],
    [208, "05", "05", "机关事业单位基本养老保险缴费支出", 2581600, 2581600],
    ["合计", None, None, None, 11921604, 11921604],
]  # fmt: skip
TEMPLATE_INCOME_MERGES = ["A2:I2", "A4:E4", "A6:D6", "E6:I6", "A7:C7", "D7:D8", "E7:E8", "F7:F8",
                          "G7:G8", "H7:H8", "I7:I8", "A17:D17"]  # fmt: skip

UNIT_SUMMARY = [
    [],
    ["2026年预算单位财务收支预算总表"],
    [],
    ["编制单位：上海市普陀区某街道办事处（本级）", None, None, None, None, None, "单位：元"],
    [],
    ["本年收入", None, "本年支出"],
    ["项目", "预算数", "项目", "预算数"],
    [None, None, None, "合计", "基本支出", None, "项目支出"],
    [None, None, None, None, "人员经费", "公用经费"],
    ["一、财政拨款收入", 76306134, "一、一般公共服务支出", 3353072, None, None, 3353072],
    ["1、一般公共预算", 72626134, "二、社会保障和就业支出", 8568532, 4396960, 391000, 3780572],
    ["2、政府性基金预算", 3680000, "三、城乡社区支出", 64384530, 13410068, 3469162, 47505300],
    ["3、国有资本经营预算", None],
    ["二、事业收入", None],
    ["三、事业单位经营收入", None],
    ["四、其他收入", None],
    ["收入总计", 76306134, "支出总计", 76306134, 17807028, 3860162, 54638944],
]  # fmt: skip
UNIT_SUMMARY_MERGES = ["A2:G2", "A4:E4", "A6:B6", "C6:G6", "A7:A9", "B7:B9", "C7:C9", "D7:G7",
                       "D8:D9", "E8:F8", "G8:G9"]  # fmt: skip

THREE_PUBLIC = [
    [],
    ["2026年单位“三公”经费和机关运行经费预算表"],
    ["编制单位：上海市普陀区某街道办事处（本级）", None, None, None, None, None, "单位:万元"],
    ["“三公”经费预算数", None, None, None, None, None, "机关运行经费预算数"],
    ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费"],
    [None, None, None, "小计", "购置费", "运行费"],
    [8.53, None, 1.53, 7, None, 7, 386.02],
]  # fmt: skip
THREE_PUBLIC_MERGES = ["A2:G2", "A3:C3", "A4:F4", "G4:G6", "A5:A6", "B5:B6", "C5:C6", "D5:F5"]


@pytest.fixture
def template_book(tmp_path: Path) -> Path:
    return xlsx(
        tmp_path / "template.xlsx",
        [
            ("单位收入总表", TEMPLATE_INCOME, TEMPLATE_INCOME_MERGES),
            ("单位收支总表", UNIT_SUMMARY, UNIT_SUMMARY_MERGES),
            ("单位“三公”经费和机关运行费预算表", THREE_PUBLIC, THREE_PUBLIC_MERGES),
        ],
    )


def test_template_functional_table(template_book: Path) -> None:
    package = read_package(template_book)
    income = package.tables["income"]
    assert income.title == "2026年预算单位收入预算总表" and income.title_cell == "A2"
    assert (income.unit, income.unit_cell) == ("元", "I4")
    assert income.department == "上海市普陀区某街道办事处（本级）"
    assert income.year == 2026 and income.phase == "budget"
    assert income.header_rows == (6, 8)
    assert income.columns == {"total": "E", "fiscal": "F", "business": "G", "operating": "H",
                              "other": "I"}  # fmt: skip
    assert read_amounts(income) == expected(TEMPLATE_INCOME, "EFGHI", 9)
    codes = [(r.code, r.depth, r.name) for r in income.rows]
    assert codes[:4] == [("201", 1, "一般公共服务支出"), ("20105", 2, "统计信息事务"),
                         ("2010506", 3, "统计管理"), ("2010507", 3, "专项普查活动")]  # fmt: skip
    total = income.rows[-1]
    assert total.is_total and total.depth == 0 and total.code is None and total.name_cell == "A17"
    assert income.rows[2].code_cell == "A11" and income.rows[2].name_cell == "D11"
    assert income.rows[2].amounts["total"].cell == "E11"
    assert income.decimals == 0 and income.step_fen == 100


def test_template_two_panel_summary_with_split_basic(template_book: Path) -> None:
    summary = read_package(template_book).tables["summary"]
    assert summary.columns == {
        "income.total": "B", "expenditure.total": "D", "expenditure.personnel": "E",
        "expenditure.public": "F", "expenditure.project": "G",
    }  # fmt: skip
    assert read_amounts(summary) == expected(UNIT_SUMMARY, "BDEFG", 10)
    income = [(r.item, r.name) for r in summary.rows if r.panel == "income"]
    assert income == [
        ("fiscal", "财政拨款收入"), ("gpb", "一般公共预算"), ("gov_fund", "政府性基金预算"),
        ("state_capital", "国有资本经营预算"), ("business", "事业收入"),
        ("operating", "事业单位经营收入"), ("other", "其他收入"), ("income_total", "收入总计"),
    ]  # fmt: skip
    spend = [r for r in summary.rows if r.panel == "expenditure"]
    assert [r.name for r in spend[:3]] == ["一般公共服务支出", "社会保障和就业支出", "城乡社区支出"]
    assert spend[-1].item == "expenditure_total" and spend[-1].row == 17
    assert spend[1].amounts["personnel"].fen == 439696000


def test_template_three_public_in_wanyuan(template_book: Path) -> None:
    three = read_package(template_book).tables["three_public"]
    assert (three.unit, three.unit_cell) == ("万元", "G3")
    assert three.columns == {"total": "A", "outbound": "B", "reception": "C", "vehicle": "D",
                             "vehicle_purchase": "E", "vehicle_operation": "F",
                             "admin_operating": "G"}  # fmt: skip
    (row,) = three.rows
    assert {m: a.fen for m, a in row.amounts.items()} == {
        "total": 85_300_00, "outbound": None, "reception": 15_300_00, "vehicle": 70_000_00,
        "vehicle_purchase": None, "vehicle_operation": 70_000_00, "admin_operating": 3_860_200_00,
    }  # fmt: skip
    assert three.decimals == 2 and three.step_fen == 10_000


# -- glued codes, page repeats, text numbers -------------------------------------------------

GLUED = [
    ["2026年预算单位一般公共预算支出功能分类预算表"],
    ["编制单位：石泉路街道办事处", None, None, "单位：元"],
    ["项目", "一般公共预算支出"],
    ["功能分类科目编码及名称", "合计", "基本支出", "项目支出"],
    ["201 一般公共服务支出", "3,353,072", None, "3,353,072"],
    ["20138 市场监督管理事务", "225,872", None, "225,872"],
    ["2013802一般行政管理事务", "225,872", None, "225,872"],
    ["项目", "一般公共预算支出"],
    ["功能分类科目编码及名称", "合计", "基本支出", "项目支出"],
    ["208 社会保障和就业支出", "8,568,532", "4,787,960", "3,780,572"],
    ["  20805 行政事业单位养老支出", "4,882,960", "4,787,960", "95,000"],
    ["    2080505机关事业单位基本养老保险缴费支出", "1,736,800", "1,641,800", "95,000"],
    ["合计", "72,626,134", "26,917,990", "45,708,144"],
]  # fmt: skip


def test_glued_codes_page_repeat_and_text_numbers(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "glued.xlsx", [("Sheet7", GLUED, ["B3:D3"])])
    table = read_package(path).tables["gpb_expenditure"]
    assert read_amounts(table) == expected(GLUED, "BCD", 5)
    assert [(r.code, r.depth, r.name, r.code_cell) for r in table.rows[:3]] == [
        ("201", 1, "一般公共服务支出", "A5"), ("20138", 2, "市场监督管理事务", "A6"),
        ("2013802", 3, "一般行政管理事务", "A7"),
    ]  # fmt: skip
    assert [r.row for r in table.rows] == [5, 6, 7, 10, 11, 12, 13]  # rows 8-9 repeat the header
    assert table.rows[4].name == "行政事业单位养老支出" and table.rows[4].code == "20805"
    assert table.rows[-1].is_total and table.rows[-1].amounts["project"].fen == 4_570_814_400
    assert table.rows[0].amounts["basic"].fen is None and not table.rows[0].amounts["basic"].invalid
    assert table.decimals == 0


def test_economic_codes_with_spaces_and_numbers_as_parts(tmp_path: Path) -> None:
    rows = [
        ["2026年预算单位一般公共预算基本支出部门预算经济分类预算表"],
        ["编制单位：某单位", None, None, None, "单位：元"],
        ["经济分类科目编码", None, "部门经济分类科目名称", "合计", "人员经费", "公用经费"],
        ["类", "款"],
        ["301", None, "工资福利支出", 21123668, 21123668],
        [301, 1, "基本工资", 2724912, 2724912],
        [301.0, 2.0, "津贴补贴", 11816925, 11816925],
        [None, "08", "机关事业单位基本养老保险缴费", 6581831, 6581831],
        [302, None, "商品和服务支出", 3860162, None, 3860162],
        [None, 1, "办公费", 3860162, None, 3860162],
        ["合计", None, None, 24983830, 21123668, 3860162],
    ]  # fmt: skip
    spaced = [
        ["2026年一般公共预算基本支出表"],
        ["单位：元"],
        ["经济分类科目", "合计", "人员经费", "公用经费"],
        ["301 工资福利支出", 100, 100],
        ["301 01基本工资", 60, 60],
        ["301 02 津贴补贴", 40, 40],
    ]  # fmt: skip
    path = xlsx(tmp_path / "econ.xlsx", [("经济", rows, ["A3:B3", "C3:C4", "D3:D4", "E3:E4",
                                                          "F3:F4"])])  # fmt: skip
    table = read_package(path).tables["gpb_basic"]
    assert read_amounts(table) == expected(rows, "DEF", 5)
    assert [(r.code, r.scheme, r.depth) for r in table.data_rows] == [
        ("301", "economic_dept", 1), ("30101", "economic_dept", 2), ("30102", "economic_dept", 2),
        ("30108", "economic_dept", 2), ("302", "economic_dept", 1), ("30201", "economic_dept", 2),
    ]  # fmt: skip
    other = read_package(xlsx(tmp_path / "spaced.xlsx", [("x", spaced, [])])).tables["gpb_basic"]
    assert [(r.code, r.name) for r in other.rows] == [
        ("301", "工资福利支出"),
        ("30101", "基本工资"),
        ("30102", "津贴补贴"),
    ]
    assert other.columns == {"total": "B", "personnel": "C", "public": "D"}


def test_numbered_indented_names_single_code_column_and_wanyuan_text(tmp_path: Path) -> None:
    rows = [
        ["XX局2016年部门支出总表"],
        ["编制部门：XX局", None, None, None, "金额单位：万元"],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["栏次", None, "1", "2", "3"],
        ["205", "一、教育支出", "1,234.56", "1,000.00", "234.56"],
        ["20502", "  （一）普通教育", "1,234.56", "1,000.00", "234.56"],
        ["2050202", "    1.小学", "1,000.5", "1,000.00", "0.5"],
        ["2050203", "    2.初中", "234.06", "-", "234.06"],
        [None, "合  计", "1,234.56", "1,000.00", "234.56"],
    ]  # fmt: skip
    table = read_package(xlsx(tmp_path / "w.xlsx", [("表3", rows, [])])).tables["expenditure"]
    assert table.unit == "万元" and table.unit_cell == "E2" and table.department == "XX局"
    assert table.header_rows == (3, 4)  # the 栏次 row belongs to the header
    assert read_amounts(table) == expected(rows, "CDE", 5, "万元")
    assert [r.name for r in table.rows] == ["教育支出", "普通教育", "小学", "初中", "合计"]
    assert table.rows[3].amounts["basic"].fen is None
    assert table.rows[-1].is_total
    assert table.decimals == 2


def test_mixed_units_blanks_zeros_and_invalid_cells(tmp_path: Path) -> None:
    gov_fund = [
        ["2016年政府性基金预算支出表"],
        ["单位：亿元"],
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["212", "城乡社区支出", 0.12, "0.00", 0.12],
        ["21208", "国有土地使用权出让收入安排的支出", "0.12", 0, "0.12"],
        ["2120803", "城市建设支出", "详见附表", dt.datetime(2016, 3, 1), "—"],
    ]  # fmt: skip
    state = [
        ["2016年国有资本经营预算支出表"],
        ["单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["223", "国有资本经营预算支出", "(1,200.50)", None, "-1200.5"],
    ]  # fmt: skip
    path = xlsx(tmp_path / "mixed.xlsx", [("a", gov_fund, []), ("b", state, [])])
    package = read_package(path)
    fund = package.tables["gov_fund"]
    assert fund.unit == "亿元"
    assert read_amounts(fund) == {"C4": 12 * 10**8, "D4": 0, "E4": 12 * 10**8, "C5": 12 * 10**8,
                                  "D5": 0, "E5": 12 * 10**8}  # fmt: skip
    bad = fund.rows[2].amounts
    assert bad["total"].invalid and bad["total"].text == "详见附表" and bad["total"].fen is None
    assert bad["basic"].invalid and bad["basic"].text.startswith("2016-03-01")
    assert bad["project"].fen is None and not bad["project"].invalid
    capital = package.tables["state_capital"]
    assert capital.unit == "元"
    assert read_amounts(capital) == {"C4": -120050, "E4": -120050}


def test_notes_empty_table_and_footnotes(tmp_path: Path) -> None:
    empty = [
        ["2026年预算单位国有资本经营预算支出功能分类预算表"],
        ["编制单位：某单位", None, None, None, "单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["合计"],
        ["注:本单位2026年无国有资本经营预算财政拨款安排的预算，故本表为空表。"],
    ]  # fmt: skip
    bare = [
        ["2016年政府性基金预算支出表"],
        ["单位：元"],
        ["本部门2016年无政府性基金预算财政拨款安排的预算，故本表为空表。"],
    ]
    footnoted = [
        ["2016年部门支出总表"],
        ["单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["2010101", "行政运行", 100, 100, None],
        ["合计", None, 100, 100, None],
        ["注：本表不含上年结转。"],
        ["说明：项目支出含专项资金。"],
        ["单位负责人：张三"],
    ]  # fmt: skip
    placeholder = [["2016年民生项目表"], ["编制部门：某局"]]
    path = xlsx(tmp_path / "notes.xlsx", [("1", empty, ["A4:B4", "A5:E5"]), ("2", bare, []),
                                          ("3", footnoted, []), ("4", placeholder, [])])  # fmt: skip
    package = read_package(path)
    capital = package.tables["state_capital"]
    assert capital.is_empty and capital.empty_note is not None
    assert capital.empty_note.cell == "A5" and "空表" in capital.empty_note.text
    assert [r.item for r in capital.rows] == ["total"]
    fund = package.tables["gov_fund"]
    assert fund.rows == [] and fund.empty_note is not None and fund.empty_note.cell == "A3"
    placeholder_table = package.tables["minsheng"]
    assert placeholder_table.rows == [] and placeholder_table.notes == []
    assert placeholder_table.unit is None and placeholder_table.department == "某局"
    spend = package.tables["expenditure"]
    assert [(n.kind, n.cell) for n in spend.notes] == [
        ("footnote", "A6"),
        ("footnote", "A7"),
        ("footnote", "A8"),
    ]
    assert spend.empty_note is None and not spend.is_empty


def test_stacked_two_panel_fiscal_summary(tmp_path: Path) -> None:
    rows = [
        ["2016年财政拨款收支总表"],
        ["编制部门：某局", None, None, None, "单位：元"],
        ["项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        ["一、一般公共预算", 900],
        ["二、政府性基金预算", 100],
        ["收入总计", 1000],
        ["一、一般公共服务支出", 1000, 900, 100, None],
        ["支出总计", 1000, 900, 100, None],
    ]  # fmt: skip
    table = read_package(xlsx(tmp_path / "s.xlsx", [("x", rows, [])])).tables["fiscal_summary"]
    assert read_amounts(table) == expected(rows, "BCDE", 4)
    assert [(r.panel, r.item) for r in table.rows] == [
        ("income", "gpb"), ("income", "gov_fund"), ("income", "income_total"),
        ("expenditure", None), ("expenditure", "expenditure_total"),
    ]  # fmt: skip


def test_final_accounts_three_public_reads_final_and_budget_columns(tmp_path: Path) -> None:
    rows = [
        ["2016年度财政拨款“三公”经费支出决算表"],
        ["单位：万元"],
        ["预算数", None, None, None, "决算数"],
        ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费", "合计", "因公出国（境）费",
         "公务用车购置及运行费", "公务接待费"],
        [10, 2, 5, 3, 9.5, 1.5, 5, 3],
    ]  # fmt: skip
    package = read_package(xlsx(tmp_path / "f.xlsx", [("x", rows, ["A3:D3", "E3:H3"])]))
    three = package.tables["three_public"]
    assert three.phase == "final" and package.phase == "final"
    assert three.columns == {"total": "E", "outbound": "F", "vehicle": "G", "reception": "H",
                             "budget.total": "A", "budget.outbound": "B", "budget.vehicle": "C",
                             "budget.reception": "D"}  # fmt: skip
    assert {m: a.fen for m, a in three.rows[0].amounts.items()} == {
        "total": 95_000_00,
        "outbound": 15_000_00,
        "vehicle": 50_000_00,
        "reception": 30_000_00,
        "budget.total": 100_000_00,  # the 预算数 block is kept apart, never summed with the 决算数
        "budget.outbound": 20_000_00,
        "budget.vehicle": 50_000_00,
        "budget.reception": 30_000_00,
    }


def test_minsheng_projects_with_texts(tmp_path: Path) -> None:
    rows = [
        ["2016年民生项目表"],
        ["编制部门：某镇人民政府", None, "单位：元"],
        ["项目名称", "功能分类科目编码", "预算规模", "补助标准", "发放程序", "资金分配结果"],
        ["农村低保", "2081902", 1200000, "每人每月260元", "村初审、镇审核、县审批", "已发放706人"],
        ["高龄补贴", 2080299, 300000, "每人每月100元", None, None],
        ["合计", None, 1500000],
    ]  # fmt: skip
    path = xlsx(tmp_path / "m.xlsx", [("民生", rows, ["E4:E5"])])
    table = read_package(path).tables["minsheng"]
    assert read_amounts(table) == expected(rows, "C", 4)
    first, second, total = table.rows
    assert first.code == "2081902" and first.depth == 3 and first.name == "农村低保"
    assert first.texts == {"standard": ("每人每月260元", "D4"), "procedure": ("村初审、镇审核、县审批", "E4"),
                           "allocation": ("已发放706人", "F4")}  # fmt: skip
    assert second.code == "2080299" and second.texts["procedure"] == (
        "村初审、镇审核、县审批",
        "E4",
    )
    assert "allocation" not in second.texts
    assert total.is_total


def _simple_table(title: str, dept: str | None = None) -> list[list]:
    return [
        [title],
        [f"编制部门：{dept}" if dept else None, None, None, "单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出"],
        ["2010101", "行政运行", 10, 10],
    ]


def test_metadata_priority_and_sources(tmp_path: Path) -> None:
    info = [["部门名称", "信息表里的局"], ["年度", "2017年"], ["阶段", "预算"], ["级次", "区级"],
            ["批复日期", dt.datetime(2017, 3, 1)], ["公开日期", "2017年3月15日"],
            ["涉密表格", "gov_fund，国有资本经营预算支出表"]]  # fmt: skip
    cover = [["示例区2016年区级部门预算"], ["预算单位：封面上的局"]]
    sheets = [
        ("封面", cover, []),
        ("a", _simple_table("2016年部门支出总表", "部门行上的局"), []),
        ("b", _simple_table("2016年一般公共预算支出表", "部门行上的局"), []),
        ("c", _simple_table("2015年政府性基金预算支出表", "别的局"), []),
    ]
    plain = read_package(xlsx(tmp_path / "plain.xlsx", sheets))
    assert (plain.department, plain.year, plain.phase, plain.level) == ("部门行上的局", 2016,
                                                                        "budget", "区县级")  # fmt: skip
    assert plain.meta_sources == {"department": "department_line", "year": "cover",
                                  "phase": "cover", "level": "cover", "scope": "cover"}  # fmt: skip
    assert plain.scope == "部门"
    assert plain.tables["gov_fund"].year == 2015 and plain.tables["gov_fund"].department == "别的局"
    with_info = read_package(xlsx(tmp_path / "info.xlsx", [*sheets, ("基本信息", info, [])]))
    assert with_info.department == "信息表里的局" and with_info.year == 2017
    assert with_info.level == "区县级" and with_info.approval_date == dt.date(2017, 3, 1)
    assert with_info.publication_date == dt.date(2017, 3, 15)
    assert with_info.classified == ("gov_fund", "state_capital")
    assert with_info.meta_sources["department"] == "basic_info"
    forced = read_package(tmp_path / "info.xlsx", year=2018, phase="决算", level="乡镇级",
                          department="参数给的局")  # fmt: skip
    assert (forced.department, forced.year, forced.phase, forced.level) == ("参数给的局", 2018,
                                                                            "final", "乡镇级")  # fmt: skip
    assert set(forced.meta_sources.values()) >= {"argument", "basic_info"}
    assert forced.meta_sources["year"] == "argument"


def test_tables_found_by_title_not_sheet_name_and_texts_kept(tmp_path: Path) -> None:
    sheets = [
        ("部门收支总表", [["部门主要职能"], [], ["负责全市财政工作。"]], []),
        ("Sheet3", _simple_table("2016年“三公”经费支出表".replace("支出表", "支出表")), []),
        ("目录", [["目  录"], ["1. 2016年部门支出总表 ……"]], []),
        ("x", [["其他相关情况说明"], [], ["一、2016年“三公”经费预算情况说明"],
               ["本部门无因公出国（境）费。"]], []),
        ("表1", _simple_table("2016年部门支出总表"), []),
    ]  # fmt: skip
    sheets[1] = ("Sheet3", [["2016年“三公”经费支出表"], ["单位：万元"],
                            ["合计", "因公出国(境)费", "公务接待费"], [3, 1, 2]], [])  # fmt: skip
    package = read_package(xlsx(tmp_path / "t.xlsx", sheets))
    assert set(package.tables) == {"three_public", "expenditure"}
    assert package.tables["three_public"].sheet == "Sheet3"
    assert package.tables["expenditure"].sheet == "表1"
    assert package.texts["duties"].sheet == "部门收支总表"
    assert (
        package.texts["duties"].text == "负责全市财政工作。"
        and package.texts["duties"].cell == "A3"
    )
    assert "“三公”经费预算情况说明" in package.texts["other"].text
    assert package.sheets == ("部门收支总表", "Sheet3", "目录", "x", "表1")


def test_second_table_with_same_id_is_kept_as_duplicate(tmp_path: Path) -> None:
    sheets = [("a", _simple_table("2016年部门支出总表"), []),
              ("b", _simple_table("2016年部门支出总表"), [])]  # fmt: skip
    package = read_package(xlsx(tmp_path / "d.xlsx", sheets))
    assert package.tables["expenditure"].sheet == "a"
    assert [t.sheet for t in package.duplicates] == ["b"]


def test_xls_written_by_xlwt_with_merges(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("表5")
    ws.write_merge(0, 0, 0, 5, "2016年一般公共预算支出表")
    ws.write(1, 0, "编制部门：某局")
    ws.write(1, 5, "单位：元")
    ws.write_merge(2, 2, 0, 2, "功能分类科目编码")
    ws.write_merge(2, 3, 3, 3, "功能分类科目名称")
    ws.write_merge(2, 3, 4, 4, "合计")
    ws.write_merge(2, 3, 5, 5, "基本支出")
    for c, text in enumerate("类款项"):
        ws.write(3, c, text)
    data = [(201, 1, 1, "行政运行", 1234.5, 1234.5), (201, 1, None, "人大事务", 1234.5, 1234.5)]
    for r, row in enumerate(data, start=4):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    path = tmp_path / "old.xls"
    book.save(str(path))
    table = read_package(path).tables["gpb_expenditure"]
    assert [r.code for r in table.rows] == ["2010101", "20101"]
    assert read_amounts(table) == {"E5": 123450, "F5": 123450, "E6": 123450, "F6": 123450}
    assert table.decimals == 1


def test_ods_written_by_pandas(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        [["2016年部门支出总表", None, None, None], ["单位：万元", None, None, None],
         ["功能分类科目编码", "功能分类科目名称", "合计", "项目支出"],
         ["2010101", "行政运行", 12.34, 12.34], ["合计", None, 12.34, 12.34]]
    )  # fmt: skip
    path = tmp_path / "t.ods"
    frame.to_excel(path, engine="odf", header=False, index=False)
    table = read_package(path).tables["expenditure"]
    assert read_amounts(table) == {"C4": 123_400_00, "D4": 123_400_00, "C5": 123_400_00,
                                   "D5": 123_400_00}  # fmt: skip
    assert table.rows[0].code == "2010101"


def test_discover_inputs_and_read_lines(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    xlsx(folder / "b.xlsx", [("a", _simple_table("2016年部门支出总表", "乙局"), [])])
    xlsx(folder / "sub" / "a.xlsx", [("a", _simple_table("2016年部门支出总表", "甲局"), [])])
    (folder / "~$b.xlsx").write_bytes(b"lock")
    (folder / "notes.txt").write_text("x")
    (folder / "b.feedback.xlsx").write_bytes(b"a copy govbudget wrote")
    (folder / "empty").mkdir()
    found, failed = discover([folder, folder / "b.xlsx"])
    assert found == [folder / "b.xlsx", folder / "sub" / "a.xlsx"] and failed == []
    missing, failed = discover([tmp_path / "missing", folder / "empty"])
    assert missing == [] and [f.file for f in failed] == [
        str(tmp_path / "missing"),
        str(folder / "empty"),
    ]
    assert "no such file" in str(failed[0]) and "no workbooks or PDFs" in str(failed[1])
    lines = read_lines(read_package(p) for p in found)
    assert list(lines["department"].unique()) == ["乙局", "甲局"]
    assert lines["amount_yuan"].map(str).tolist() == ["10.00"] * 4
    assert read_lines([]).empty


def test_lines_of_a_read_package_point_at_cells(template_book: Path) -> None:
    package: Package = read_package(template_book)
    lines = package.lines()
    row = lines[(lines["table"] == "income") & (lines["cell"] == "E11")].iloc[0]
    assert (row["code"], row["depth"], row["measure"], str(row["amount_yuan"])) == (
        "2010506",
        3,
        "total",
        "1200.00",
    )
    assert set(lines["sheet"]) == set(package.sheets)


def test_stacked_summary_without_total_lines_splits_the_panels(tmp_path: Path) -> None:
    """One panel under the other and no 收入总计 line: the expenditure lines start at the first
    line only the expenditure panel holds (a 类 name ending in 支出)."""
    rows = [
        ["2016年财政拨款收支总表"],
        ["编制部门：某局", None, "单位：元"],
        ["项目", "预算数"],
        ["一般公共预算", 300],
        ["政府性基金预算", 100],
        ["一般公共服务支出", 250],
        ["教育支出", 150],
    ]
    path = xlsx(tmp_path / "s.xlsx", [("表4", rows, [])])
    table = read_package(path).tables["fiscal_summary"]
    assert [(r.name, r.panel) for r in table.rows] == [
        ("一般公共预算", "income"),
        ("政府性基金预算", "income"),
        ("一般公共服务支出", "expenditure"),
        ("教育支出", "expenditure"),
    ]


def test_split_code_parts_keep_what_the_cell_shows(tmp_path: Path) -> None:
    """款/项 stored as numbers lose their leading zero and are re-padded; a *text* part keeps
    its digits, so a one-digit 项 text gives a malformed code (CAT003), as published."""
    rows = [
        ["2016年一般公共预算支出表"],
        ["编制部门：某局", None, None, None, "单位：元"],
        ["类", "款", "项", "科目名称", "合计"],
        [201, "01", None, "人大事务", 300],
        [201, "01", "0", "行政运行", 100],
        [201, 1, 2, "一般行政管理事务", 200],
    ]
    path = xlsx(tmp_path / "c.xlsx", [("表5", rows, [])])
    codes = [r.code for r in read_package(path).tables["gpb_expenditure"].rows]
    assert codes == ["20101", "201010", "2010102"]
