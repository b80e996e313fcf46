"""The feedback workbook: a copy of a checked workbook a department can fix from.

Every finding's cell is filled (red error, amber warning, blue info) and carries a comment
with the Chinese message and the expected value; a first sheet ``检查结果`` lists all findings
(package-level ones too) with hyperlinks to their cells. The original is only read; the copy
holds its values, never its formulas, every text cell formula-safe, opened in bounded time and
memory (``govbudget.feedback.source``); an .xls or .ods input yields an .xlsx copy (values and
merged ranges). The copy never carries macros (an
.xlsm gives a plain .xlsx) nor links to other workbooks (Excel would offer to fetch them, from
wherever the input pointed). Written atomically.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from govbudget.feedback.source import open_values
from govbudget.findings import SEVERITY_ORDER, Finding, score
from govbudget.io import NAME_MAX, atomic_path, safe_cell, short_name
from govbudget.tables import TABLE_BY_ID

SHEET = "检查结果"
FEEDBACK_SUFFIX = ".feedback.xlsx"
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
#: The 检查结果 columns: title, width, wrapped; sized to print on A4 landscape, fit to width.
HEADER = (
    ("序号", 5, False), ("严重程度", 7, False), ("规则", 8, False), ("表格", 16, True),
    ("工作表", 9, True), ("单元格", 8, False), ("科目编码", 10, False),
    ("可能的错误来源\nLikely cause", 11, True), ("问题说明", 42, True),
    ("期望值（元）", 14, False), ("实际值（元）", 14, False), ("差额（元）", 13, False),
    ("Finding (English)", 42, True),
)  # fmt: skip
_HEADER_ROW = 4
_LINKED = {6: "cell", 8: "culprit"}  # columns holding a cell to link to
_AMOUNTS = (10, 11, 12)
_CULPRIT_NOTE = "可能的错误来源 · likely cause：{cell} 同时使以下核对不平 · breaks these sums:"
_AMOUNT_FORMAT = "#,##0.00"
_KINDS = (".xlsx", ".xlsm", ".xls", ".ods", ".pdf")


def feedback_path(workbook: Path, out_dir: Path, *, avoid: Collection[str | Path] = ()) -> Path:
    """Where the copy of ``workbook`` goes: ``<out_dir>/<stem>.feedback.xlsx``; a workbook with
    a sibling of the same stem (``a.xlsm`` beside ``a.xlsx``) keeps its kind in the name
    (``a.xlsm.feedback.xlsx``) unless it is the .xlsx; a name among ``avoid`` (inputs, copies
    already written) gets ``-2``, ``-3``, … The name stays within 255 bytes."""
    workbook = Path(workbook)
    ext = workbook.suffix.lower()
    siblings = (workbook.with_suffix(s) for s in _KINDS if s != ext)
    base = workbook.stem
    if ext != ".xlsx" and any(s.exists() for s in siblings):
        base = f"{workbook.stem}{ext}"
    taken = {os.path.realpath(p) for p in avoid}
    for number in itertools.count(1):
        tail = FEEDBACK_SUFFIX if number == 1 else f"-{number}{FEEDBACK_SUFFIX}"
        target = Path(out_dir) / (short_name(base, NAME_MAX - len(tail.encode())) + tail)
        if os.path.realpath(target) not in taken:
            return target
    raise AssertionError("unreachable")  # pragma: no cover


def write_feedback(
    workbook: Path, findings: Sequence[Finding], out_dir: Path, *, target: Path | None = None
) -> Path:
    """Write the annotated copy of ``workbook`` into ``out_dir`` (or to ``target``); return its
    path. The copy holds values only (no formula of the input survives), every text cell
    formula-safe; a workbook too large to copy in bounded memory is a ``TooLargeError``."""
    workbook = Path(workbook)
    target = target or feedback_path(workbook, out_dir)
    book = open_values(workbook)
    for sheet_name, cells in _by_cell(findings, book).items():
        sheet = book[sheet_name]
        for coordinate, found in cells.items():
            _mark(sheet, coordinate, found)
    for sheet_name, cells in _by_cell(findings, book, culprits=True).items():
        sheet = book[sheet_name]
        for coordinate, found in cells.items():
            _mark_culprit(sheet, coordinate, found)
    _summary(book, workbook, findings)
    with atomic_path(target, suffix=".xlsx") as tmp:
        book.save(tmp)
    return target


def _by_cell(
    findings: Sequence[Finding], book: Workbook, *, culprits: bool = False
) -> dict[str, dict[str, list[Finding]]]:
    """Findings that point at a cell of a sheet of the book, by sheet and top-left cell; with
    ``culprits``, by their likely-culprit cell instead."""
    found: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        cell = finding.culprit if culprits else finding.cell
        if finding.sheet in book.sheetnames and cell and _is_a1(cell):
            sheet = book[finding.sheet]
            found[finding.sheet][_anchor(sheet, cell)].append(finding)
    return found


def _is_a1(cell: str) -> bool:
    """A workbook cell reference (a PDF location such as ``p3 (…)`` is not)."""
    letters = cell.rstrip("0123456789")
    return bool(letters) and letters.isascii() and letters.isalpha() and letters != cell


def _anchor(sheet: Worksheet, coordinate: str) -> str:
    """The writable cell for a coordinate: the top-left cell of a merged range holding it."""
    for merged in sheet.merged_cells.ranges:
        if coordinate in merged:
            return merged.start_cell.coordinate
    return coordinate


def _reference(sheet: str, cell: str) -> str:
    """An in-workbook reference such as ``'表5'!E12`` (quotes doubled inside the name)."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{cell}"


def _note(finding: Finding) -> str:
    text = f"[{finding.rule}] {finding.message_zh}"
    if finding.expected is not None:
        text += f"\n期望值：{finding.expected:,} 元"
    if finding.culprit:
        text += f"\n可能的错误来源 · likely cause：{finding.culprit}"
    return text


def _mark(sheet: Worksheet, coordinate: str, found: list[Finding]) -> None:
    cell = sheet[coordinate]
    worst = min(found, key=lambda f: SEVERITY_ORDER.get(f.severity, 3)).severity
    cell.fill = PatternFill("solid", fgColor=FILLS.get(worst, FILLS["info"]))
    _comment(cell, "\n\n".join(_note(f) for f in found), 80 + 60 * len(found), first=False)


def _mark_culprit(sheet: Worksheet, coordinate: str, found: list[Finding]) -> None:
    """Mark the likely mistyped cell: error fill, a thick red border, a "likely cause" note
    naming the failed sums it explains."""
    cell = sheet[coordinate]
    cell.fill = PatternFill("solid", fgColor=FILLS["error"])
    edge = Side(style="thick", color="C00000")
    cell.border = Border(left=edge, right=edge, top=edge, bottom=edge)
    lines = [_CULPRIT_NOTE.format(cell=coordinate)]
    lines += [f"[{f.rule}] {f.cell} {f.message_zh}" for f in found]
    _comment(cell, "\n".join(lines), 120 + 60 * len(found), first=True)


def _comment(cell: Any, text: str, height: int, *, first: bool) -> None:
    """Add ``text`` to the cell's note, before (``first``) or after what it already says."""
    if cell.comment is not None:
        old = cell.comment.text
        text = f"{text}\n\n{old}" if first else f"{old}\n\n{text}"
    comment = Comment(text, "govbudget")
    comment.width, comment.height = 360, min(height, 400)
    cell.comment = comment


def _summary(book: Workbook, workbook: Path, findings: Sequence[Finding]) -> None:
    if SHEET in book.sheetnames:
        book.remove(book[SHEET])
    sheet = book.create_sheet(SHEET, 0)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    sheet["A1"] = safe_cell(f"检查结果 · Findings — {workbook.name}")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        f"得分 {score(findings)} · 错误 {errors} · 警告 {warnings}    "
        f"score {score(findings)} · {errors} errors · {warnings} warnings"
    )
    for col, (title, width, _) in enumerate(HEADER, 1):
        cell = sheet.cell(_HEADER_ROW, col, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(_HEADER_ROW + 1, 1).coordinate
    for index, f in enumerate(findings, 1):
        r = _HEADER_ROW + index
        table = TABLE_BY_ID.get(f.table)
        values = (index, SEVERITY_ZH.get(f.severity, f.severity), f.rule,
                  table.zh if table else f.table, f.sheet, f.cell, f.code, f.culprit,
                  f.message_zh, f.expected, f.actual, f.difference, f.message_en)  # fmt: skip
        for col, value in enumerate(values, 1):
            cell = sheet.cell(r, col, safe_cell(value))
            cell.alignment = Alignment(wrap_text=HEADER[col - 1][2], vertical="top")
            if col in _AMOUNTS and value is not None:
                cell.number_format = _AMOUNT_FORMAT
        sheet.cell(r, 2).fill = PatternFill("solid", fgColor=FILLS.get(f.severity, FILLS["info"]))
        for col, attr in _LINKED.items():
            target = getattr(f, attr)
            if target and _is_a1(target) and f.sheet in book.sheetnames:
                link = sheet.cell(r, col)
                link.hyperlink = Hyperlink(
                    ref=link.coordinate, location=_reference(f.sheet, target)
                )
                link.font = Font(color="0563C1", underline="single")
    _page_setup(sheet, len(findings))


def _page_setup(sheet: Worksheet, count: int) -> None:
    """Print on A4 landscape, all columns on one page width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    last = get_column_letter(len(HEADER))
    sheet.print_area = f"A1:{last}{_HEADER_ROW + max(count, 1)}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.horizontalCentered = True
