"""Find the standard tables of a PDF by their titles and read them with the workbook logic.

A page line that names a standard table (``tables.match_title``; not a contents line with
dot leaders) starts a table; the table runs to the next title. A following page without a
title continues the open table when its top is ruled or holds figures (a table spanning pages,
with or without a repeated header); any other page closes it. Each table's regions are laid
out as a grid (:mod:`~govbudget.ingest.pdf.grid`) and read by the workbook reader's
``locate`` / ``read_table``; every cell reference is then replaced by its PDF location.

``Row.row`` of a PDF table is the row's running number in that table's grid (title, header
and data lines of all its pages counted in order), unique within the table; as in a workbook,
the two panels of one printed line of a two-panel summary share it.
"""

from __future__ import annotations

import re
from pathlib import Path

from govbudget import tables
from govbudget.ingest.pdf.grid import CUT, Region, TableGrid, empty_box, table_grid
from govbudget.ingest.pdf.text import Box, Line, PageText, covered
from govbudget.ingest.workbook.engines import col_index
from govbudget.ingest.workbook.extract import read_table
from govbudget.ingest.workbook.grid import Grid, norm
from govbudget.ingest.workbook.headers import Structure, locate, signature
from govbudget.model import Amount, Note, Row, Table

_LEADER = re.compile(r"[…\.·．]{3,}|…")
_A1 = re.compile(r"^([A-Z]+)(\d+)$")
_MAX_TITLE = 60
#: a title printed inside the table's ruled box: a year, and 表 at the end (no header cell)
_BOXED_TITLE = re.compile(r"^\d{4}年.*表$")


def location(page: int, box: Box) -> str:
    """``p{page} (x0,y0,x1,y1)``: PDF points, one decimal, origin top-left."""
    x0, y0, x1, y1 = box  # :.1f writes what round(v, 1) would, in one step
    return f"p{page} ({x0:.1f},{y0:.1f},{x1:.1f},{y1:.1f})"


def title_of(line: Line, phase: str | None, page: PageText) -> tuple[str, str] | None:
    """(table id, phase) when the line is a standard table's title: not a contents line, not a
    sentence, not a header cell (a line crossed by vertical rules, unless it reads as a
    title: a year first, 表 last, as when the title row is printed with cell borders)."""
    text = line.text
    if _LEADER.search(text):
        return None
    compact = norm(text)
    if len(compact) > _MAX_TITLE or compact.endswith(("。", "；", "，")):
        return None
    if covered(page.vrules, line.ymid, 0.0) and not _BOXED_TITLE.search(compact):
        return None
    return tables.match_title(compact) or (tables.match_title(compact, phase) if phase else None)


def _tabular(page: PageText, lines: list[Line]) -> bool:
    """Ruled (two or more vertical rules beside these lines) or two lines of figures."""
    if not lines:
        return False
    top, bottom = lines[0].y0 - 2, lines[-1].y1 + 2
    xs = {round(r.pos) for r in page.vrules if r.end > top and r.start < bottom}
    return len(xs) >= 2 or sum(ln.figure for ln in lines) >= 2


def segment(
    pages: list[PageText], phase: str | None
) -> tuple[list[list[Region]], list[tuple[int, Line]]]:
    """Table regions (one list per table, pages in order) and the narrative lines left over."""
    found: list[list[Region]] = []
    narrative: list[tuple[int, Line]] = []
    current: list[Region] | None = None
    for page in pages:
        starts = [i for i, line in enumerate(page.lines) if title_of(line, phase, page)]
        lead = page.lines[: starts[0]] if starts else page.lines
        if lead and current is not None and _tabular(page, lead):
            current.append(Region(page, lead))
            lead = []
        elif lead and starts and not _tabular(page, lead) and len(lead) <= 3:
            starts[0] = 0  # labels above a title (公开01表, 部门公开表) belong to its table
            lead = []
        narrative.extend((page.number, line) for line in lead)
        if lead:
            current = None
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(page.lines)
            lines = page.lines[start:end]
            if _tabular(page, lines[1:]):
                current = [Region(page, lines)]
                found.append(current)
            else:
                narrative.extend((page.number, line) for line in lines)
                current = None
    return found, narrative


def skip_repeated_headers(grid: TableGrid, sheet: Grid, st: Structure) -> None:
    """Have the reader skip the table's header printed again where a page breaks (a spreadsheet's
    print-title rows, often cut by the break): a run of data rows at a page's end or start (or
    across a break) whose every cell repeats the header's text in its column."""
    if st.header_first < 0:
        return
    header: dict[int, set[str]] = {}
    for r in range(st.header_first, st.data_start):
        for c in range(sheet.ncols):
            if text := norm(sheet.text(*sheet.anchor(r, c))):
                header.setdefault(c, set()).add(text)
    pages = [page for page, _y0, _y1 in grid.rows]
    echo = [
        r >= st.data_start
        and bool(texts := sheet.texts(r))
        and all(norm(t) in header.get(c, ()) for c, t in texts)
        for r in range(sheet.nrows)
    ]
    start = 0
    while start < sheet.nrows:
        end = start
        while end < sheet.nrows and echo[end]:
            end += 1
        if end > start and (end == sheet.nrows or len(set(pages[start - 1 : end + 1])) > 1):
            st.skip_signatures.update(signature(sheet, r) for r in range(start, end))
        start = end + 1


class _Relocate:
    """A1 references of the grid -> PDF locations."""

    def __init__(self, grid: TableGrid) -> None:
        self.grid = grid

    def __call__(self, ref: str | None) -> str | None:
        if not ref:
            return ref
        match = _A1.match(ref)
        if match is None:
            return ref
        row, col = int(match.group(2)) - 1, col_index(match.group(1))
        held = self.grid.boxes.get((row, col)) or empty_box(self.grid, row, col)
        return location(*held) if held else ref

    def amount(self, amount: Amount) -> Amount:
        return Amount(amount.fen, self(amount.cell) or amount.cell, amount.invalid, amount.text)

    def row(self, row: Row) -> Row:
        row.name_cell = self(row.name_cell) or row.name_cell
        row.code_cell = self(row.code_cell)
        row.amounts = {k: self.amount(a) for k, a in row.amounts.items()}
        row.texts = {k: (text, self(cell) or cell) for k, (text, cell) in row.texts.items()}
        return row


def read_tables(
    regions: list[list[Region]], path: Path, phase: str | None
) -> tuple[list[Table], list[tuple[int, Line]]]:
    """Read every table; the lines of a titled region that holds no table go back as text."""
    result: list[Table] = []
    leftover: list[tuple[int, Line]] = []
    for parts in regions:
        grid = table_grid(parts)
        sheet = Grid(grid.sheet)
        structure = locate(sheet, phase)
        if structure is None:
            leftover.extend((r.page.number, line) for r in parts for line in r.lines)
            continue
        skip_repeated_headers(grid, sheet, structure)
        table = read_table(sheet, structure, path)
        if table.department and table.department.endswith(CUT):
            table.department = None  # printed cut short: the other tables state it
        move = _Relocate(grid)
        table.title_cell = move(table.title_cell) or table.title_cell
        table.unit_cell = move(table.unit_cell)
        table.rows = [move.row(row) for row in table.rows]
        table.notes = [Note(n.text, move(n.cell) or n.cell, n.kind) for n in table.notes]
        result.append(table)
    return result, leftover
