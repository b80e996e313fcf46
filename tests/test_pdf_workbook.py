"""A workbook and the PDF LibreOffice makes of it give the same tidy lines.

Departments publish the PDF their spreadsheet program prints: the tables with cell borders,
each sheet fitted to the page width. The test does the same to sample workbooks written by the
writer (borders on the table cells, landscape, fit to width: what a department sets before
exporting), converts them with ``soffice --headless --convert-to pdf`` and compares every tidy
line except where it sits (``sheet``, ``cell``, ``row``, and the package id naming the file).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Side

from govbudget.ingest import read_package
from govbudget_dev.examples import example_package
from govbudget_dev.write import Layout, write_package

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

LOCATION = ["package", "sheet", "cell", "row"]
CASES = {
    "budget": ({"seed": 3}, Layout()),
    "final_wan": (
        {"seed": 5, "phase": "final"},
        Layout(codes="single", unit="万元", numbered=True, two_panel=False),
    ),
    "glued": ({"seed": 8}, Layout(codes="glued", merged_header=False, text_numbers=True)),
}
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _print_ready(source: Path, target: Path) -> Path:
    """The workbook as a department prints it: columns wide enough for their text (a printed
    cell cuts what overflows into a filled neighbour), table cells bordered, landscape, fit to
    width. The border starts at the first row holding two cells that is not the 编制部门 line."""
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        widths: dict[str, int] = {}
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if cell.value is not None and not isinstance(cell, MergedCell):
                    size = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(cell.value)) + 2
                    widths[cell.column_letter] = max(widths.get(cell.column_letter, 8), size)
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = min(width, 60)
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        started = False
        for row in sheet.iter_rows():
            filled = [c.value for c in row if c.value is not None]
            meta = any(isinstance(v, str) and ("编制" in v or "单位：" in v) for v in filled)
            started = started or (len(filled) >= 2 and not meta)
            if started:
                for cell in row:
                    cell.border = _BORDER
    book.save(target)
    return target


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("lo")
    pairs = {}
    for name, (options, layout) in CASES.items():
        workbook = write_package(example_package(**options), folder / f"{name}.xlsx", layout)
        pairs[name] = (workbook, _print_ready(workbook, folder / f"{name}_print.xlsx"))
    printed = [str(p) for _w, p in pairs.values()]
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *printed],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: (w, p.with_suffix(".pdf")) for name, (w, p) in pairs.items()}


def _lines(path: Path) -> pd.DataFrame:
    lines = read_package(path).lines().drop(columns=LOCATION)
    key = [c for c in lines.columns if c != "amount_yuan"]
    return lines.astype({c: "str" for c in key}).sort_values(key).reset_index(drop=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_workbook_and_its_pdf_give_the_same_tidy_lines(converted, name: str) -> None:
    workbook, pdf = converted[name]
    from_workbook, from_pdf = _lines(workbook), _lines(pdf)
    assert len(from_workbook) > 100
    pd.testing.assert_frame_equal(from_pdf, from_workbook)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_pdf_keeps_tables_texts_and_metadata(converted, name: str) -> None:
    workbook, pdf = (read_package(p) for p in converted[name])
    assert set(pdf.tables) == set(workbook.tables)
    assert set(pdf.texts) == set(workbook.texts)
    fields = ("department", "year", "phase", "level")
    assert [getattr(pdf, f) for f in fields] == [getattr(workbook, f) for f in fields]
    for table in pdf.tables.values():
        assert table.unit == workbook.tables[table.id].unit
