"""Hostile inputs of issue 16, built in code: formula text in every text field, a huge amount,
Arabic-Indic digits, a merged range over a whole sheet, live formulas, clashing names.

Each builder writes into a folder and returns the path; ``tests/test_hostile.py`` runs the real
CLI over them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from bad_inputs import _first_leaf, _spoil_cells, good_package, macro_xlsm, rewrite_zip
from govbudget.ingest import read_package
from govbudget_dev.write import write_package

#: text a spreadsheet runs as a formula — at once, or after a reader strips leading white space
FORMULA_TEXTS = (
    '=HYPERLINK("http://example.invalid/?x","点击")',
    "\t=1+1",
    " =1+1",
    "\r+1+1",
    "\n-1+1",
    "@SUM(1+1)",
)
_FORMULA_START = ("=", "+", "-", "@")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


def runs_as_formula(value: object) -> bool:
    """Would a spreadsheet (or a reader that strips white space first) run this cell?"""
    if not isinstance(value, str):
        return False
    if value.startswith(("\t", "\r", "\n")):
        return True
    stripped = value.lstrip()
    return stripped.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(stripped)


def formula_workbooks(folder: Path) -> Path:
    """Two workbooks whose department, file name, sheet name and row names start with formula
    text (each variant of :data:`FORMULA_TEXTS`); the rows carry findings so that sheets and
    cells reach every output."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, start in enumerate(FORMULA_TEXTS[:2]):
        package = good_package(3 + index, department=f"{start}局")
        leaves = [r for r in package.tables["gpb_expenditure"].rows if r.depth == 3]
        for row, text in zip(leaves, FORMULA_TEXTS, strict=False):
            row.name = f"{text}{row.name}"
        path = write_package(package, folder / f"={index}+1.xlsx")
        sheet = read_package(path).tables["gpb_expenditure"].sheet
        total = _first_leaf(path)["total"]
        book = openpyxl.load_workbook(path)
        book[sheet][total] = 1  # a wrong amount: an error finding on the hostile sheet
        book[sheet].title = "=表5+1"
        book.save(path)
    return folder


def huge_amount(folder: Path, text: bool = False) -> Path:
    """``1e30`` in an amount cell (a number, or the text ``1e30``)."""
    path = write_package(good_package(), folder / "huge.xlsx")
    total = _first_leaf(path)["total"]
    value = "1e30" if text else 1e30
    return _spoil_cells(path, "gpb_expenditure", lambda ws: ws.__setitem__(total, value))


def arabic_indic_digits(folder: Path) -> Path:
    """An amount written with Arabic-Indic digits (``٣٤٥``)."""
    path = write_package(good_package(), folder / "arabic.xlsx")
    total = _first_leaf(path)["total"]
    return _spoil_cells(path, "gpb_expenditure", lambda ws: ws.__setitem__(total, "٣٤٥"))


def merged_whole_sheet(folder: Path) -> Path:
    """A 20 KB workbook with one ``<mergeCell ref="A1:IV20000"/>`` on an empty sheet."""
    good = write_package(good_package(), folder / ".good.xlsx")
    part = "xl/worksheets/sheet1.xml"

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        merge = b'<mergeCells count="1"><mergeCell ref="A1:IV20000"/></mergeCells>'
        return re.sub(rb"(</sheetData>)", rb"\1" + merge, data, count=1)

    target = rewrite_zip(good, folder / "merged_sheet.xlsx", change)
    good.unlink()
    return target


def live_formula(folder: Path) -> Path:
    """A workbook whose cover sheet holds a live ``HYPERLINK`` formula with a cached value."""
    path = write_package(good_package(), folder / "formula.xlsx")
    sheet = "xl/worksheets/sheet1.xml"
    cell = (
        b'<row r="60"><c r="A60" t="str"><f>HYPERLINK("http://example.invalid/?x","\xe7\x82\xb9")'
        b"</f><v>\xe7\x82\xb9</v></c></row>"
    )
    with zipfile.ZipFile(path) as archive:
        data = archive.read(sheet)
    data = data.replace(b"</sheetData>", cell + b"</sheetData>", 1)
    return rewrite_zip(path, folder / "live.xlsx", lambda n, d: data if n == sheet else d)


def same_stem(folder: Path) -> Path:
    """``a.xlsx`` and ``a.xlsm`` (a macro-enabled workbook) in one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_package(good_package(4, department="乙局"), folder / "a.xlsx")
    macro_xlsm(folder).rename(folder / "a.xlsm")
    return folder


def long_name(folder: Path) -> Path:
    """A workbook whose name is 245 bytes long."""
    name = "预" * 80 + ".xlsx"  # 240 + 5 bytes
    return write_package(good_package(), folder / name)


__all__ = [
    "FORMULA_TEXTS", "arabic_indic_digits", "formula_workbooks", "huge_amount", "live_formula",
    "long_name", "merged_whole_sheet", "runs_as_formula", "same_stem",
]  # fmt: skip
