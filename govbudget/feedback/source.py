"""Open a workbook for its feedback copy: values only, formula-safe, in bounded time and memory.

openpyxl makes one object per cell of every merged range, so one ``<mergeCell ref="A1:IV20000"/>``
in a 20 KB workbook would cost minutes and gigabytes. Before openpyxl sees an .xlsx, each merged
range is clipped to the sheet's content (a merge beyond the last cell that holds anything shows
nothing), and a workbook whose cells and merged areas still exceed :data:`MAX_FEEDBACK_CELLS` is
refused (``TooLargeError``, one line) — the reader's own bounds (docs/robustness.md) then hold for
the copy as well. The copy keeps values, never formulas (cached values are read), and every text
cell passes ``govbudget.io.safe_cell``.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from govbudget.errors import FileFormatError, InputError, TooLargeError
from govbudget.ingest.workbook.engines import (
    _check_zip_sizes,
    _xlsx_sheet_parts,
    col_index,
    col_letter,
)
from govbudget.io import safe_cell

#: cells plus merged area a feedback copy may hold (a budget workbook has about 10,000)
MAX_FEEDBACK_CELLS = 300_000
_OPENPYXL = {".xlsx", ".xlsm"}
_CELL = re.compile(rb"<c[\s/>]")
_CELL_REF = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})([0-9]+)"')
_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)"\s*/>')
_CANNOT_OPEN = "无法打开以生成批注副本 · cannot open for feedback: {err}"
_TOO_MANY = "单元格过多，无法生成批注副本（{size} 个）· too many cells for a feedback copy ({size})"


def open_values(workbook: Path) -> Workbook:
    """The workbook as openpyxl values (see the module docstring)."""
    if workbook.suffix.lower() in _OPENPYXL:
        data = _bounded_xlsx(workbook)
        try:
            book = openpyxl.load_workbook(data, data_only=True, keep_vba=False, keep_links=False)
        except Exception as err:  # openpyxl raises many kinds for a corrupt file
            raise FileFormatError(_CANNOT_OPEN.format(err=err), file=workbook) from err
    else:
        book = _copy_values(workbook)
    for sheet in book.worksheets:
        for cell in list(sheet._cells.values()):  # existing cells only, none created
            if isinstance(cell.value, str):
                cell.value = safe_cell(cell.value)
    for name in list(book.defined_names):
        del book.defined_names[name]
    return book


def _clip(part: bytes, workbook: Path, name: str) -> tuple[bytes, int]:
    """The sheet XML with merged ranges clipped to its content, and its cells + merged area."""
    rows = cols = 0
    for letters, digits in _CELL_REF.findall(part):
        rows, cols = max(rows, int(digits)), max(cols, col_index(letters.decode()))
    size = len(_CELL.findall(part))

    def clipped(match: re.Match[bytes]) -> bytes:
        nonlocal size
        c0, r0 = col_index(match[1].decode()), int(match[2])
        c1, r1 = min(col_index(match[3].decode()), cols), min(int(match[4]), rows)
        if r1 <= r0 and c1 <= c0:
            return b""
        r1, c1 = max(r1, r0), max(c1, c0)
        size += (r1 - r0 + 1) * (c1 - c0 + 1)
        return f'<mergeCell ref="{col_letter(c0)}{r0}:{col_letter(c1)}{r1}"/>'.encode()

    part = _MERGE.sub(clipped, part)
    if size > MAX_FEEDBACK_CELLS:
        raise TooLargeError(_TOO_MANY.format(size=size), file=workbook, sheet=name)
    return part, size


def _bounded_xlsx(workbook: Path) -> io.BytesIO:
    """The .xlsx rewritten in memory with its merged ranges clipped, after the size checks."""
    out = io.BytesIO()
    total = 0
    try:
        with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(out, "w") as target:
            _check_zip_sizes(workbook, source)
            sheets = {part: name for name, part in _xlsx_sheet_parts(source)}
            for info in source.infolist():
                data = source.read(info)
                if info.filename in sheets:
                    data, size = _clip(data, workbook, sheets[info.filename])
                    total += size
                target.writestr(info, data)
    except InputError:
        raise
    except Exception as err:  # a damaged zip or workbook structure
        raise FileFormatError(_CANNOT_OPEN.format(err=err), file=workbook) from err
    if total > MAX_FEEDBACK_CELLS:
        raise TooLargeError(_TOO_MANY.format(size=total), file=workbook)
    out.seek(0)
    return out


def _copy_values(workbook: Path) -> Workbook:
    """An openpyxl workbook holding the values and merged ranges of an .xls/.ods file."""
    from python_calamine import CalamineWorkbook

    try:
        source = CalamineWorkbook.from_path(str(workbook))
    except Exception as err:  # calamine raises its own error types
        raise FileFormatError(_CANNOT_OPEN.format(err=err), file=workbook) from err
    book = Workbook()
    book.remove(book.active)
    total = 0
    for name in source.sheet_names:
        sheet = source.get_sheet_by_name(name)
        target = book.create_sheet(name)
        rows = cols = 0
        for r, values in enumerate(sheet.to_python(skip_empty_area=False), 1):
            for c, value in enumerate(values, 1):
                if value not in ("", None):
                    target.cell(r, c, safe_cell(value))
                    rows, cols, total = max(rows, r), max(cols, c), total + 1
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
            top, left = r0 + 1, c0 + 1
            bottom, right = max(min(r1 + 1, rows), top), max(min(c1 + 1, cols), left)
            if (bottom, right) != (top, left):  # clipped to the content
                total += (bottom - top + 1) * (right - left + 1)
                if total <= MAX_FEEDBACK_CELLS:
                    target.merge_cells(start_row=top, start_column=left, end_row=bottom,
                                       end_column=right)  # fmt: skip
        if total > MAX_FEEDBACK_CELLS:
            raise TooLargeError(_TOO_MANY.format(size=total), file=workbook, sheet=name)
    return book
