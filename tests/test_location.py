"""PDF locations in the cell fields (``p14 (x0,y0,x1,y1)``) and the page and box they give
findings in JSON, CSV and text output (SPEC §7)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govbudget.cli.check import render_csv, render_text
from govbudget.findings import Finding, PackageResult, Report
from govbudget.location import is_pdf_file, parse_pdf_cell, pdf_cell
from govbudget_dev.factory import clean_package

BOX = (56.7, 120.3, 98.2, 131.0)


def test_pdf_cell_round_trips_and_rounds_to_one_decimal():
    assert pdf_cell(14, BOX) == "p14 (56.7,120.3,98.2,131.0)"
    assert pdf_cell(1, (56.74, 120.25, 98, 131.04)) == "p1 (56.7,120.2,98.0,131.0)"
    assert parse_pdf_cell("p14 (56.7,120.3,98.2,131.0)") == (14, BOX)
    assert parse_pdf_cell(" p3 ( 1, 2.5 ,3,4 ) ") == (3, (1.0, 2.5, 3.0, 4.0))
    with pytest.raises(ValueError):
        pdf_cell(0, BOX)


@pytest.mark.parametrize("cell", ["", None, "E12", "p14", "p0 (1,2,3,4)", "p2 (1,2,3)",
                                  "表1!A1", "p2 (a,b,c,d)", "xp2 (1,2,3,4)"])  # fmt: skip
def test_anything_else_is_not_a_pdf_location(cell):
    assert parse_pdf_cell(cell) is None


@given(st.integers(1, 5000), st.lists(st.floats(0, 5000, allow_nan=False), min_size=4, max_size=4))
def test_every_box_written_is_read_back_to_the_tenth_of_a_point(page, box):
    found = parse_pdf_cell(pdf_cell(page, tuple(box)))
    assert found is not None and found[0] == page
    assert all(abs(a - b) <= 0.05 + 1e-9 for a, b in zip(found[1], box, strict=True))


def _report(file: str, findings: list[Finding]) -> Report:
    package = clean_package()
    package.file = file
    return Report([PackageResult.of(package, findings)])


PDF_FINDING = Finding("SUM002", "error", "gpb_expenditure", "", pdf_cell(14, BOX), "20101",
                      "问题", "issue")  # fmt: skip
SHEET_FINDING = Finding("SUM002", "error", "gpb_expenditure", "表5", "C8", "20101", "问题", "issue")


def test_json_gives_page_and_box_and_a_null_sheet_for_pdf_findings():
    report = _report("x.pdf", [PDF_FINDING, Finding("PKG003", "error", message_zh="缺")])
    found = json.loads(json.dumps(report.to_json()))["packages"][0]["findings"]
    by_rule = {f["rule"]: f for f in found}
    assert by_rule["SUM002"]["page"] == 14 and by_rule["SUM002"]["bbox"] == list(BOX)
    assert by_rule["SUM002"]["sheet"] is None and by_rule["SUM002"]["cell"] == pdf_cell(14, BOX)
    assert by_rule["PKG003"]["sheet"] is None and by_rule["PKG003"]["page"] is None
    workbook = _report("x.xlsx", [SHEET_FINDING]).to_json()["packages"][0]["findings"][0]
    assert (workbook["sheet"], workbook["cell"], workbook["page"], workbook["bbox"]) == (
        "表5", "C8", None, None)  # fmt: skip


def test_csv_has_page_and_bbox_columns_after_cell():
    frame = pd.read_csv(io.StringIO(render_csv(_report("x.pdf", [PDF_FINDING, SHEET_FINDING]))),
                        dtype=str, keep_default_na=False)  # fmt: skip
    columns = list(frame.columns)
    assert columns[columns.index("cell") + 1 : columns.index("cell") + 3] == ["page", "bbox"]
    rows = {r["cell"]: r for r in frame.to_dict("records")}
    assert rows[pdf_cell(14, BOX)]["page"] == "14"
    assert rows[pdf_cell(14, BOX)]["bbox"] == "56.7,120.3,98.2,131.0"
    assert (rows["C8"]["page"], rows["C8"]["bbox"]) == ("", "")


def test_text_output_names_the_page_and_box():
    text = render_text(_report("x.pdf", [PDF_FINDING]), "en")
    assert "SUM002  p14 (56.7,120.3,98.2,131.0) [20101]  issue" in text
    assert "表5!C8" in render_text(_report("x.xlsx", [SHEET_FINDING]))


def test_pdf_files_are_known_by_their_suffix():
    assert is_pdf_file("a/b.PDF") and not is_pdf_file("a.xlsx")
