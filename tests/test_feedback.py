"""The feedback workbook: an annotated copy that opens in openpyxl and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govbudget.check import check_package
from govbudget.feedback import FILLS, HEADER, SHEET, feedback_path, write_feedback
from govbudget.findings import Finding
from govbudget.ingest import read_package
from govbudget.io import sha256_file
from govbudget_dev.factory import Where, add_to, cell_of, clean_package
from govbudget_dev.write import Layout, write_package

COLUMN = {title: index for index, (title, _, _) in enumerate(HEADER, 1)}
WRONG = Where("gpb_expenditure", "amount", code="2010101", measure="total")


def _checked(tmp_path: Path, suffix: str = ".xlsx"):
    """A workbook with a wrong 项 total and a missing unit, read back and checked."""
    package = clean_package()
    add_to(package, WRONG, 1000_00)
    path = write_package(package, tmp_path / f"dept{suffix}", Layout(omit_unit=("income",)))
    read = read_package(path)
    return path, read, check_package(read).findings


def test_copy_marks_every_finding_cell_and_leaves_the_original_alone(tmp_path: Path):
    path, package, findings = _checked(tmp_path)
    before = sha256_file(path)
    out = write_feedback(path, findings, tmp_path / "feedback")
    assert sha256_file(path) == before
    assert out == feedback_path(path, tmp_path / "feedback") and out.suffix == ".xlsx"

    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == SHEET
    assert book.sheetnames[1:] == openpyxl.load_workbook(path).sheetnames
    sheet = book[package.tables["gpb_expenditure"].sheet]
    cell = sheet[cell_of(package, WRONG)]
    assert cell.fill.fgColor.rgb.endswith(FILLS["error"])
    assert "SUM001" in cell.comment.text and "期望值" in cell.comment.text
    unit_finding = next(f for f in findings if f.rule == "PKG004")
    marked = book[unit_finding.sheet][unit_finding.cell]
    assert marked.fill.fgColor.rgb.endswith(FILLS["warning"])


def test_summary_sheet_lists_all_findings_with_links(tmp_path: Path):
    path, _, findings = _checked(tmp_path)
    package_level = Finding("TIM001", "error", message_zh="公开迟了", message_en="late")
    out = write_feedback(path, [*findings, package_level], tmp_path)
    sheet = openpyxl.load_workbook(out)[SHEET]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(findings) + 1
    assert [r[2] for r in rows] == [f.rule for f in [*findings, package_level]]
    for r, f in enumerate(findings, 5):
        link = sheet.cell(r, COLUMN["单元格"]).hyperlink
        assert link is not None and link.location == f"'{f.sheet}'!{f.cell}"
        if f.expected is not None:
            assert Decimal(str(sheet.cell(r, COLUMN["期望值（元）"]).value)) == f.expected
    assert sheet.cell(5 + len(findings), COLUMN["单元格"]).hyperlink is None


def test_cell_inside_a_merged_range_marks_the_range(tmp_path: Path):
    path = write_package(clean_package(), tmp_path / "d.xlsx", Layout())
    book = openpyxl.load_workbook(path)
    sheet_name = next(n for n in book.sheetnames if book[n].merged_cells.ranges)
    merged = next(iter(book[sheet_name].merged_cells.ranges))
    inner = f"{openpyxl.utils.get_column_letter(merged.max_col)}{merged.max_row}"
    f = Finding("PKG004", "warning", "summary", sheet_name, inner, message_zh="无单位")
    out = write_feedback(path, [f], tmp_path / "fb")
    top_left = openpyxl.load_workbook(out)[sheet_name][merged.start_cell.coordinate]
    assert top_left.comment is not None and "无单位" in top_left.comment.text


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_inputs_give_an_xlsx_copy(tmp_path: Path, suffix: str):
    path, package, findings = _checked(tmp_path, suffix)
    out = write_feedback(path, findings, tmp_path / "fb")
    assert out.name == "dept.feedback.xlsx" and path.exists()
    book = openpyxl.load_workbook(out)
    sheet = book[package.tables["gpb_expenditure"].sheet]
    cell = sheet[cell_of(package, WRONG)]
    assert cell.comment is not None and cell.value is not None
    assert sheet[package.tables["gpb_expenditure"].title_cell].value


def test_text_that_looks_like_a_formula_is_neutralised(tmp_path: Path):
    path = write_package(clean_package(), tmp_path / "d.xlsx", Layout())
    evil = Finding("PKG003", "error", message_zh='=HYPERLINK("http://x")', message_en="+cmd")
    out = write_feedback(path, [evil], tmp_path)
    sheet = openpyxl.load_workbook(out)[SHEET]
    message = sheet.cell(5, COLUMN["问题说明"])
    assert message.data_type == "s" and message.value.startswith("'=")
    assert sheet.cell(5, COLUMN["Finding (English)"]).value == "'+cmd"


def test_rechecking_a_feedback_copy_replaces_its_summary(tmp_path: Path):
    path, _, findings = _checked(tmp_path)
    first = write_feedback(path, findings, tmp_path / "one")
    second = write_feedback(first, findings[:1], tmp_path / "two")
    book = openpyxl.load_workbook(second)
    assert book.sheetnames.count(SHEET) == 1
    assert book[SHEET].max_row == 5


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_copy(tmp_path: Path):
    path, _, findings = _checked(tmp_path)
    out = write_feedback(path, findings, tmp_path / "fb")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "pdf" / "dept.feedback.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_summary_sheet_prints_landscape_fit_to_width_with_header_repeated(tmp_path: Path):
    path, _, findings = _checked(tmp_path)
    sheet = openpyxl.load_workbook(write_feedback(path, findings, tmp_path / "fb"))[SHEET]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.cell(5, COLUMN["问题说明"]).alignment.wrap_text
    assert sheet.cell(4, COLUMN["问题说明"]).alignment.wrap_text


def _pdf_pages(workbook: Path, out: Path) -> list[tuple[float, float]]:
    """Convert with LibreOffice; the (width, height) of each page (one paper size)."""
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    data = (out / f"{workbook.stem}.pdf").read_bytes()
    (width, height), *_ = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    count = len(re.findall(rb"/Type\s*/Page\b", data))
    return [(float(width), float(height))] * count


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_prints_the_findings_on_landscape_pages_as_wide_as_the_sheet(tmp_path: Path):
    """Only the 检查结果 sheet converted: a few findings fit one landscape page; many findings
    take more pages, never a page of cut-off columns."""
    path, _, findings = _checked(tmp_path)
    many = [*findings] * 20
    for name, found in (("few", findings), ("many", many)):
        book = openpyxl.load_workbook(write_feedback(path, found, tmp_path / name))
        for other in book.sheetnames[1:]:
            book.remove(book[other])
        only = tmp_path / name / f"{name}.xlsx"
        book.save(only)
        pages = _pdf_pages(only, tmp_path / name)
        assert all(width > height for width, height in pages)
        if name == "few":
            assert len(pages) == 1
        else:
            rows_per_page = len(many) / len(pages)
            assert len(pages) > 1 and rows_per_page >= 8
