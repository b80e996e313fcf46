"""Workbooks printed by LibreOffice read from their PDF as from the workbook: a table continued
over pages with its header printed again (a spreadsheet's print-title rows, or a header block
the sheet repeats cut by the page break; a manual page break puts the break where the case
needs it), and the official 决算 template. Skipped without LibreOffice (failing in CI, where
it must be installed)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.pagebreak import Break
from test_pdf_workbook import tidy_lines
from test_sample_pdf import require_soffice

from govbudget.ingest import read_package
from govbudget.validate import check_file
from govbudget_dev.examples import example_package
from govbudget_dev.sample.pdf import convert
from govbudget_dev.write import Layout, write_package

pytestmark = pytest.mark.slow


def _repeat(sheet) -> tuple[int, int, int] | None:
    """(first header row, its repeat, header height), 1-based, of a sheet whose header block
    is repeated further down."""
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    seen: dict[tuple[object, ...], int] = {}
    for index, row in enumerate(rows):
        if sum(v is not None for v in row) < 2:
            continue
        if row in seen:
            first = seen[row]
            height = 1
            while rows[first + height] == rows[index + height] and first + height < index:
                height += 1
            return first + 1, index + 1, height
        seen[row] = index
    return None


def _break_pages(source: Path, target: Path, titles: bool) -> Path:
    """Each sheet with a repeated header continued on a new page: inside the repeated block
    (``titles`` False), or among the data rows with the header as print-title rows (True)."""
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        found = _repeat(sheet)
        if found is None:
            continue
        first, again, height = found
        if titles:
            sheet.print_title_rows = f"{first}:{first + height - 1}"
            sheet.row_breaks.append(Break(id=again - 3))
        else:  # the page ends inside a header cell merged over rows, when there is one
            cut = [m.min_row for m in sheet.merged_cells.ranges if again <= m.min_row < m.max_row]
            sheet.row_breaks.append(Break(id=min(cut, default=again)))
    book.save(target)
    return target


@pytest.mark.parametrize("titles", [False, True], ids=["repeat-cut", "print-titles"])
def test_a_table_continued_with_its_header_again_reads_as_its_workbook(
    tmp_path: Path, titles: bool
) -> None:
    require_soffice()
    package = example_package(seed=4)
    book = write_package(package, tmp_path / "book.xlsx", Layout(page_repeat=6))
    broken = _break_pages(book, tmp_path / "broken.xlsx", titles)
    (pdf,) = convert([broken], [tmp_path / "book.pdf"])
    pd.testing.assert_frame_equal(tidy_lines(pdf), tidy_lines(book))
    findings = check_file(pdf).findings
    assert not [f for f in findings if f.rule == "VAL001"]
    assert {f.rule for f in findings} == {f.rule for f in check_file(book).findings}


def test_the_official_final_accounts_template_reads_from_its_pdf_as_its_workbook(
    tmp_path: Path,
) -> None:
    """The official 决算 template: titles beside their 公开NN表 labels in the bordered area, 行次
    and 栏次, the 三公 table's 预算数 | 决算数 blocks, the 基本支出 table's 人员经费 | 公用经费 blocks."""
    require_soffice()
    layout = Layout(official=True, three_public_blocks=True, basic_blocks=True, unit="万元")
    package = example_package(seed=6, phase="final")
    book = write_package(package, tmp_path / "final.xlsx", layout)
    (pdf,) = convert([book], [tmp_path / "final.pdf"])
    from_pdf, from_book = tidy_lines(pdf), tidy_lines(book)
    assert len(from_book) > 100
    pd.testing.assert_frame_equal(from_pdf, from_book)
    assert {f.rule for f in check_file(pdf).findings} == {f.rule for f in check_file(book).findings}


def test_a_department_name_printed_cut_short_is_no_inconsistency(tmp_path: Path) -> None:
    """A long name in the 编制部门 line is cut where the 单位 cell's text starts in print: that
    table states no department (no PKG005); the others do."""
    require_soffice()
    name = "乌鲁木齐县水西沟镇人民政府城乡建设和公共服务综合管理办公室"
    book = write_package(example_package(seed=2, department=name), tmp_path / "long.xlsx")
    (pdf,) = convert([book], [tmp_path / "long.pdf"])
    package = read_package(pdf)
    assert package.department == name
    assert any(t.department is None for t in package.tables.values())  # some were cut
    assert "PKG005" not in {f.rule for f in check_file(pdf).findings}
