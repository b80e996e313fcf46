"""Metadata and narrative found by content: the department from 编制部门 / a title, never from a
unit cell; the level from the name unless declared; a given year/phase/level the document
contradicts (PKG008); 主要职能 / 机构设置 as paragraphs of a 概况 or cover sheet (no PKG003)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from govbudget.check import check_package
from govbudget.cli import main
from govbudget.ingest import read_package
from govbudget.ingest.workbook.meta import infer_level
from govbudget_dev.factory import clean_package
from govbudget_dev.write import Layout, write_package


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("上海市财政局", "市级"),
        ("乌鲁木齐市住房和城乡建设局", "市级"),  # 城乡 is no 乡
        ("乌鲁木齐市社区服务中心", "市级"),  # 社区 is no 区
        ("上海市普陀区司法局", "区县级"),
        ("乌鲁木齐县农业局", "区县级"),
        ("上海市普陀区人民政府石泉路街道办事处（本级）", "乡镇级"),
        ("乌鲁木齐县永丰镇人民政府", "乡镇级"),
        ("托里乡", "乡镇级"),
        ("某某学会", None),
        ("新疆维吾尔自治区财政厅", None),  # a province: none of the three levels
    ],
)
def test_level_is_inferred_from_the_name(name, level):
    assert infer_level(name) == level


def _workbook(tmp_path: Path, **package_fields) -> Path:
    package = clean_package(phase="final", year=2024, **package_fields)
    return write_package(package, tmp_path / "dept.xlsx", Layout(official=True, unit="万元"))


def _drop_info_sheet(path: Path, extra: dict[str, list[str]] | None = None) -> Path:
    book = openpyxl.load_workbook(path)
    del book["基本信息"]
    for title, lines in (extra or {}).items():
        sheet = book.create_sheet(title, 0)
        for line in lines:
            sheet.append([line])
    book.save(path)
    return path


def test_level_from_the_name_unless_declared(tmp_path: Path):
    path = _drop_info_sheet(_workbook(tmp_path, department="上海市普陀区财政局"))
    read = read_package(path)
    assert (read.level, read.meta_sources["level"]) == ("区县级", "name")
    declared = read_package(_workbook(tmp_path, department="上海市普陀区财政局", level="市级"))
    assert (declared.level, declared.meta_sources["level"]) == ("市级", "basic_info")


def test_department_from_the_cover_title_never_from_a_unit_cell(tmp_path: Path):
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "封面"
    cover.append(["上海市普陀区财政局2024年度部门决算"])
    cover.append(["单位：万元"])
    sheet = book.create_sheet("表1")
    sheet.append(["收入决算表", None, None, None, "公开02表"])
    sheet.append(["单位：万元"])  # a unit alone on the 编制部门 line
    sheet.append(["项目", None, None, "本年收入合计", "财政拨款收入"])
    sheet.append(["栏次", None, None, "1", "2"])
    sheet.append(["合计", None, None, 12.5, 12.5])
    sheet.append([201, None, None, 12.5, 12.5])
    path = tmp_path / "final.xlsx"
    book.save(path)
    read = read_package(path)
    assert read.department == "上海市普陀区财政局" and read.tables["income"].unit == "万元"
    assert read.tables["income"].rows[0].amounts["total"].fen == 125_000_00
    assert (read.year, read.phase, read.level) == (2024, "final", "区县级")


@pytest.mark.parametrize(
    ("given", "field", "stated"),
    [({"year": 1999}, "year", 2024), ({"phase": "budget"}, "phase", "final"),
     ({"level": "乡镇级"}, "level", "市级")],
)  # fmt: skip
def test_a_given_value_the_document_contradicts_is_a_warning_naming_both(
    tmp_path: Path, given, field, stated
):
    path = _workbook(tmp_path)
    read = read_package(path, **given)
    assert read.meta_conflicts == {field: (next(iter(given.values())), stated)}
    (finding,) = [f for f in check_package(read).findings if f.rule == "PKG008"]
    assert finding.severity == "warning"
    shown = {"budget": "预算", "final": "决算"}
    for value in (next(iter(given.values())), stated):
        assert str(shown.get(value, value)) in finding.message_zh
    assert read_package(path, year=2024).meta_conflicts == {}  # agreeing is no conflict


def test_cli_year_that_contradicts_the_workbook(tmp_path: Path, capsys):
    path = _workbook(tmp_path)
    with pytest.raises(SystemExit):
        main(["check", str(path), "--year", "1999", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["packages"][0]["findings"]
    (pkg008,) = [f for f in findings if f["rule"] == "PKG008"]
    assert "1999" in pkg008["message_en"] and "2024" in pkg008["message_en"]


def test_duties_and_organisation_as_paragraphs_of_an_overview_sheet(tmp_path: Path):
    package = clean_package(year=2024)
    for text_id in ("duties", "organisation"):
        package.texts.pop(text_id)
    path = write_package(package, tmp_path / "dept.xlsx")
    assert {f.rule for f in check_package(read_package(path)).findings} == {"PKG003"}
    overview = {
        "部门概况": [
            "部门概况",
            "一、部门主要职能",
            "负责全市教育事业发展规划。",
            "二、部门机构设置",
            "内设处室8个，下属单位3个。",
        ]
    }
    read = read_package(_drop_info_sheet(path, overview))
    assert read.texts["duties"].text == "负责全市教育事业发展规划。"
    assert read.texts["organisation"].sheet == "部门概况"
    assert "PKG003" not in {f.rule for f in check_package(read).findings}


def test_duties_on_a_cover_sheet_inline(tmp_path: Path):
    package = clean_package(year=2024)
    package.texts.pop("duties")
    path = write_package(package, tmp_path / "dept.xlsx")
    cover = {"封面": ["示例市教育局2024年部门预算", "主要职能：负责全市教育工作。"]}
    read = read_package(_drop_info_sheet(path, cover))
    assert read.texts["duties"].text == "负责全市教育工作。"


def test_final_accounts_unit_composition_counts_as_organisation(tmp_path: Path):
    """The official 决算 template: a department of several units writes 部门决算单位构成."""
    package = clean_package(phase="final", year=2024)
    package.texts.pop("organisation")
    path = write_package(package, tmp_path / "dept.xlsx")
    overview = {
        "部门概况": ["第一部分 部门概况", "二、部门决算单位构成", "本部门决算由2个单位组成。"]
    }
    read = read_package(_drop_info_sheet(path, overview))
    assert read.texts["organisation"].text == "本部门决算由2个单位组成。"


def test_department_and_unit_in_one_cell(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["支出决算表", None, None, None, None, "公开03表"])
    sheet.append(["编制部门：上海市普陀区财政局\u3000\u3000\u3000\u3000单位：万元"])
    sheet.append(["项目", None, None, None, "本年支出合计", "基本支出", "项目支出"])
    sheet.append(["功能分类科目编码", None, None, "科目名称"])
    sheet.append(["类", "款", "项"])
    sheet.append(["栏次", None, None, None, "1", "2", "3"])
    sheet.append(["合计", None, None, None, 2940.05, 2336.91, 603.14])
    sheet.append([201, None, None, "一般公共服务支出", 2940.05, 2336.91, 603.14])
    path = tmp_path / "one_cell.xlsx"
    book.save(path)
    read = read_package(path)
    table = read.tables["expenditure"]
    assert read.department == "上海市普陀区财政局" and table.unit == "万元"
    assert table.rows[0].is_total and table.rows[0].amounts["total"].fen == 2_940_05 * 10_000


def test_department_from_a_table_title(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["乌鲁木齐市教育局2016年部门支出总表"])
    sheet.append(["单位：元"])
    sheet.append(["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"])
    sheet.append(["205", "教育支出", 300, 100, 200])
    path = tmp_path / "titled.xlsx"
    book.save(path)
    read = read_package(path)
    assert (read.department, read.meta_sources["department"]) == ("乌鲁木齐市教育局", "title")
    assert read.level == "市级"


def test_township_inferred_from_its_name_needs_its_minsheng_table(tmp_path: Path):
    package = clean_package(year=2024, level="乡镇级", department="乌鲁木齐县永丰镇人民政府")
    package.tables.pop("minsheng")
    path = _drop_info_sheet(write_package(package, tmp_path / "township.xlsx"))
    read = read_package(path)
    assert (read.level, read.meta_sources["level"]) == ("乡镇级", "name")
    assert "MSX001" in {f.rule for f in check_package(read).findings}


def test_a_section_number_before_the_department_is_no_part_of_it() -> None:
    from govbudget.ingest.workbook.meta import department_in_title

    for title in ("第二部分上海市普陀区财政局2024年度部门决算表", "一、上海市普陀区财政局2024年度部门决算",
                  "（三）上海市普陀区财政局2024年度部门决算"):  # fmt: skip
        assert department_in_title(title) == "上海市普陀区财政局"
