"""The likely culprit (SPEC §7): where a failed row sum and a failed column sum meet."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from govbudget.check import check_package
from govbudget.cli import main
from govbudget.feedback import FILLS, write_feedback
from govbudget.ingest import read_package
from govbudget_dev.factory import Where, add_to, cell_of, clean_package
from govbudget_dev.write import Layout, write_package

BASIC = Where("gpb_expenditure", "amount", code="2010101", measure="basic")
TOTAL = Where("gpb_expenditure", "amount", code="2010101", measure="total")
OTHER = Where("expenditure", "amount", code="2050201", measure="project")


def _sums(findings):
    return [f for f in findings if f.rule.startswith("SUM")]


def test_a_mistyped_part_is_named_by_its_row_and_its_parent():
    package = clean_package()
    add_to(package, BASIC, 270_000_00)
    found = _sums(check_package(package).findings)
    assert {f.rule for f in found} >= {"SUM001", "SUM002"}
    culprit = cell_of(package, BASIC)
    row_total = next(f for f in found if f.rule == "SUM001")
    parent = next(f for f in found if f.rule == "SUM002" and f.table == "gpb_expenditure")
    assert row_total.cell == cell_of(package, TOTAL) and parent.cell != culprit
    assert row_total.culprit == culprit and parent.culprit == culprit


def test_a_mistyped_total_is_its_own_culprit():
    package = clean_package()
    add_to(package, TOTAL, 5_00_00)
    found = _sums(check_package(package).findings)
    within = next(f for f in found if f.rule == "SUM001")
    assert within.cell == within.culprit == cell_of(package, TOTAL)


def test_failed_sums_that_do_not_meet_name_no_culprit():
    """A row's basic figure and its total both changed: the row adds up, its parent's two
    columns fail, and two columns share no cell."""
    package = clean_package()
    add_to(package, BASIC, 5_00_00)
    add_to(package, TOTAL, 5_00_00)
    found = [f for f in _sums(check_package(package).findings) if f.table == "gpb_expenditure"]
    assert sorted(f.rule for f in found) == ["SUM002", "SUM002"]
    assert all(f.culprit == "" for f in found)


def test_two_mistypes_in_one_package_each_get_their_own_culprit():
    package = clean_package()
    add_to(package, BASIC, 270_000_00)
    add_to(package, OTHER, 1_234_00)
    culprits = {f.culprit for f in _sums(check_package(package).findings) if f.culprit}
    assert culprits == {cell_of(package, BASIC), cell_of(package, OTHER)}


def test_pdf_locations_work_alike():
    """The culprit comes from the rows and measures of the model, not from A1 text: a package
    whose cells are PDF boxes gets the box of the mistyped figure."""
    package = clean_package()
    add_to(package, BASIC, 270_000_00)
    for number, table in enumerate(package.tables.values(), 1):
        table.sheet = ""
        for row in table.rows:
            for measure, amount in row.amounts.items():
                box = f"p{number} ({row.row * 10}.0,{len(measure)}.0,{row.row * 10 + 9}.0,9.5)"
                row.amounts[measure] = replace(amount, cell=box)
    found = _sums(check_package(package).findings)
    box = cell_of(package, BASIC)
    assert box.startswith("p") and all(f.culprit == box for f in found if f.rule != "SUM004")


@pytest.fixture
def mistyped(tmp_path: Path) -> Path:
    package = clean_package()
    add_to(package, BASIC, 270_000_00)
    return write_package(package, tmp_path / "dept.xlsx", Layout())


def test_json_csv_text_and_feedback_carry_the_culprit(mistyped: Path, tmp_path: Path, capsys):
    read = read_package(mistyped)
    culprit = cell_of(read, BASIC)
    sheet = read.tables["gpb_expenditure"].sheet
    for fmt in ("json", "csv", "text"):
        with pytest.raises(SystemExit):
            main(["check", str(mistyped), "--format", fmt])
        out = capsys.readouterr().out
        if fmt == "json":
            findings = json.loads(out)["packages"][0]["findings"]
            assert {f["culprit"] for f in findings if f["rule"] in ("SUM001", "SUM002")} == {
                culprit
            }
            assert all("culprit" in f for f in findings)
        elif fmt == "csv":
            assert out.splitlines()[0].endswith(",culprit") and f",{culprit}\n" in out
        else:
            assert f"（可能的错误来源：{sheet}!{culprit}）" in out
    out = write_feedback(mistyped, check_package(read).findings, tmp_path / "fb")
    marked = openpyxl.load_workbook(out)[sheet][culprit]
    assert marked.fill.fgColor.rgb.endswith(FILLS["error"])
    assert marked.comment.text.startswith("可能的错误来源 · likely cause")
    assert marked.border.left.style == "thick"
