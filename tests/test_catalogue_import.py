"""Importing the Ministry of Finance catalogue workbook (written by the tests in its shapes)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.styles import Alignment

from govbudget.catalogue import import_workbook, load_catalogue, read_workbook
from govbudget.errors import FileFormatError, LayoutError, UsageError

FUNCTIONAL = [
    ("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"),
    ("2010102", "一般行政管理事务"), ("20199", "其他一般公共服务支出"),
    ("2019999", "其他一般公共服务支出"), ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"), ("2101102", "事业单位医疗"),
]  # fmt: skip
ECONOMIC = [("301", "工资福利支出"), ("30101", "基本工资"), ("501", "机关工资福利支出"),
            ("50101", "工资奖金津补贴")]  # fmt: skip


def _mof_xlsx(path: Path, sheets: dict[str, list[tuple[object, str]]], *, indent: str = "") -> Path:
    """A catalogue workbook as the MoF publishes it: title, header 科目编码|科目名称|说明."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(["2024年政府收支分类科目"])
        sheet.append([])
        sheet.append(["科目编码", "科目名称", "说明"])
        for code, name in rows:
            level = len(str(code)) // 2 if isinstance(code, str) else 0
            if indent == "spaces" and isinstance(code, str):
                code = "  " * level + code
            sheet.append([code, name, "反映……"])
            if indent == "cells":
                sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=level)
    book.save(path)
    return path


def test_read_whole_codes_numbers_and_indentation(tmp_path):
    rows = [(int(c) if len(c) == 3 else c, n) for c, n in FUNCTIONAL]  # 类 stored as numbers
    path = _mof_xlsx(tmp_path / "mof.xlsx", {"支出功能分类科目": rows}, indent="spaces")
    frame = read_workbook(path)
    assert frame["code"].tolist() == [c for c, _ in FUNCTIONAL]
    assert frame.set_index("code").loc["2101101", "name"] == "行政单位医疗"
    assert frame.set_index("code").loc["21011", "parent"] == "210"
    assert frame["source"].iloc[0].startswith("imported: mof.xlsx 支出功能分类科目!A4")


def test_partial_codes_placed_by_cell_indentation(tmp_path):
    partial = [("201", "一般公共服务支出"), ("01", "人大事务"), ("01", "行政运行"),
               ("02", "一般行政管理事务"), ("99", "其他一般公共服务支出"),
               ("99", "其他一般公共服务支出")]  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["科目编码", "科目名称"])
    for (code, name), depth in zip(partial, [0, 1, 2, 2, 1, 2], strict=True):
        sheet.append([code, name])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=depth)
    book.save(tmp_path / "partial.xlsx")
    frame = read_workbook(tmp_path / "partial.xlsx")
    assert frame["code"].tolist() == ["201", "20101", "2010101", "2010102", "20199", "2019999"]


def test_partial_code_without_indentation_is_a_layout_error(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["科目编码", "科目名称"])
    book.active.append(["201", "一般公共服务支出"])
    book.active.append(["01", "人大事务"])
    book.active.append(["01", "行政运行"])
    book.save(tmp_path / "flat.xlsx")
    with pytest.raises(LayoutError) as err:
        read_workbook(tmp_path / "flat.xlsx")
    assert err.value.cell == "A4" and "flat.xlsx" in str(err.value)


def test_import_writes_a_complete_year_into_a_user_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVBUDGET_CATALOGUE", raising=False)
    revenue = [("101", "税收收入"), ("10101", "增值税")]
    path = _mof_xlsx(
        tmp_path / "mof2024.xlsx",
        {"一般公共预算收入科目": revenue, "支出功能分类科目": FUNCTIONAL, "支出经济分类科目": ECONOMIC},
        indent="cells",
    )  # fmt: skip
    into = tmp_path / "catalogue"
    result = import_workbook(path, 2024, into=into)
    assert result.counts == {
        "economic_dept": {1: 1, 2: 1}, "economic_gov": {1: 1, 2: 1}, "functional": {1: 2, 2: 3, 3: 5},
    }  # fmt: skip
    assert result.skipped == 2  # the revenue codes
    assert sorted(p.name for p in into.iterdir()) == [
        "2024_economic_dept.csv", "2024_economic_gov.csv", "2024_functional.csv", "manifest.csv",
    ]  # fmt: skip
    cat = load_catalogue(into)
    assert cat.years("functional") == [2016, 2023, 2024, 2025, 2026]
    assert cat.year_for(2024) == 2024 and cat.year_for(2023) == 2023
    assert cat.is_complete(2024, "functional") and cat.is_complete(2024, "economic_gov")
    entry = cat.lookup("2101101", 2024)
    assert entry.name == "行政单位医疗" and entry.source.startswith("imported: mof2024.xlsx")
    assert cat.lookup("2080505", 2024) is None  # the official file decides for its year
    assert cat.lookup("2080505", 2025) is not None  # the shipped years stay


def test_import_one_scheme_replaces_the_shipped_year_in_an_overlay(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVBUDGET_CATALOGUE", raising=False)
    path = _mof_xlsx(tmp_path / "mof.xlsx", {"功能": FUNCTIONAL, "经济": ECONOMIC})
    result = import_workbook(path, 2025, scheme="functional", into=tmp_path / "user")
    assert list(result.counts) == ["functional"]
    cat = load_catalogue(tmp_path / "user")
    assert len(cat.entries(2025, "functional")) == len(FUNCTIONAL)
    assert cat.is_complete(2025, "functional") and not cat.is_complete(2025, "economic_dept")
    assert cat.lookup("30113", 2025) is not None  # the shipped economic scheme is untouched
    monkeypatch.setenv("GOVBUDGET_CATALOGUE", str(tmp_path / "user"))
    load_catalogue.cache_clear()
    assert len(load_catalogue().entries(2025, "functional")) == len(FUNCTIONAL)
    load_catalogue.cache_clear()


def test_import_reads_xls_with_codes_as_numbers(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("支出功能分类")
    sheet.write(0, 0, "科目编码")
    sheet.write(0, 1, "科目名称")
    for i, (code, name) in enumerate(FUNCTIONAL, start=1):
        sheet.write(i, 0, float(code))
        sheet.write(i, 1, name)
    book.save(str(tmp_path / "mof.xls"))
    result = import_workbook(tmp_path / "mof.xls", 2023, into=tmp_path / "out")
    assert result.counts == {"functional": {1: 2, 2: 3, 3: 5}}


def test_orphan_and_conflicting_codes_name_their_cell(tmp_path):
    orphan = _mof_xlsx(
        tmp_path / "orphan.xlsx", {"S": [("201", "一般公共服务支出"), ("2010101", "行政运行")]}
    )
    with pytest.raises(LayoutError) as err:
        import_workbook(orphan, 2024, into=tmp_path / "out")
    assert (err.value.sheet, err.value.cell) == ("S", "A5") and "20101" in str(err.value)
    twice = _mof_xlsx(
        tmp_path / "twice.xlsx", {"S": [("201", "一般公共服务支出"), ("201", "外交支出")]}
    )
    with pytest.raises(LayoutError) as err:
        import_workbook(twice, 2024, into=tmp_path / "out")
    assert err.value.cell == "A5"
    assert not (tmp_path / "out").exists()  # nothing written half-way


def test_bad_files(tmp_path):
    with pytest.raises(UsageError):
        import_workbook(tmp_path / "missing.xlsx", 2024, into=tmp_path)
    (tmp_path / "fake.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(FileFormatError):
        import_workbook(tmp_path / "fake.xlsx", 2024, into=tmp_path)
    (tmp_path / "notes.txt").write_text("科目编码,科目名称", encoding="utf-8")
    with pytest.raises(FileFormatError):
        import_workbook(tmp_path / "notes.txt", 2024, into=tmp_path)
    book = openpyxl.Workbook()
    book.active.append(["编号", "项目"])
    book.save(tmp_path / "noheader.xlsx")
    with pytest.raises(LayoutError):
        import_workbook(tmp_path / "noheader.xlsx", 2024, into=tmp_path)
    economic = _mof_xlsx(tmp_path / "econ.xlsx", {"S": ECONOMIC})
    with pytest.raises(LayoutError):
        import_workbook(economic, 2024, scheme="functional", into=tmp_path)
    with pytest.raises(UsageError):
        import_workbook(economic, 2024, scheme="revenue", into=tmp_path)
