"""Lay the text of a table's pages out as a spreadsheet grid, with every cell's PDF box.

The ruling lines of a page give the grid: their x positions are the column edges, their y
positions the row edges, and a cell stretches right and down until a ruling line closes it —
exactly a merged cell of a workbook (a header over several columns, a label over several
rows). Each character lands in the cell under its middle; a cell's text is its characters in
reading order. A band between two ruling lines that holds several lines of figures (a table
drawn without row rules) is split into one row per line. Without ruling lines, columns are
the gaps in the figure lines and each text line is a row.

Text above and below the ruled area (title, 编制部门 / 单位 line, notes) becomes rows of its
own, one word per cell. A table continued on further pages appends their rows; their columns
are matched to the first page's by overlap. The result is a :class:`~govbudget.ingest.workbook.grid.Grid`
that the workbook reader's table logic reads unchanged, plus the box of every cell.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from govbudget.ingest.pdf.text import (
    NUMBER,
    Box,
    Char,
    Line,
    PageText,
    Rule,
    Word,
    box_of,
    covered,
    group_lines,
    spaced_text,
    word_gap,
)
from govbudget.ingest.workbook.engines import Sheet

_FIGURE_CHARS = frozenset("0123456789,.-()（）")
_CODE_PARTS = frozenset({"类", "款", "项"})
_JOIN = 2.0  # points: ruling positions closer than this are one edge
_PHRASE_GAP = 2.0  # font sizes: a wider gap separates two phrases of a line outside a table
CUT = "…"  # ends a phrase printed cut short by the next cell's text


@dataclass
class Region:
    """The lines of one page that belong to one table."""

    page: PageText
    lines: list[Line]


@dataclass
class PageGrid:
    """Cells of one region: (row, col) -> text and box, merged ranges, column edges."""

    nrows: int = 0
    edges: list[float] = field(default_factory=list)  # column edges (x), len = ncols + 1
    cells: dict[tuple[int, int], tuple[str, Box]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    rows: list[tuple[float, float]] = field(default_factory=list)  # y band of each row


def _positions(values: list[float]) -> list[float]:
    found: list[float] = []
    for value in sorted(values):
        if not found or value - found[-1] > _JOIN:
            found.append(value)
    return found


def _union(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _cell_text(chars: list[Char]) -> str:
    return "".join(line.text for line in group_lines(chars))


class _Ruled:
    """The ruled area of a region and the cell each character falls in."""

    def __init__(self, region: Region, vrules: list[Rule], hrules: list[Rule]) -> None:
        self.vrules, self.hrules = vrules, hrules
        self.xs = _positions([r.pos for r in vrules])
        ys = _positions([r.pos for r in hrules])
        self.top, self.bottom = ys[0], ys[-1]
        inside = [ln for ln in region.lines if self.top < ln.ymid < self.bottom]
        self.virtual: set[float] = set()
        bands: dict[int, list[Line]] = {}  # lines strictly between two horizontal rules
        for line in inside:
            index = bisect_right(ys, line.ymid) - 1
            if ys[index] < line.ymid:
                bands.setdefault(index, []).append(line)
        for band in bands.values():
            if self._stacked([ln for ln in band if ln.figure]):
                anchors = [ln for ln in band if ln.figure or self._columns(ln) > 1]
                for upper, lower in pairwise(anchors):
                    self.virtual.add((upper.y1 + lower.y0) / 2)
        self.ys = _positions(ys + list(self.virtual))
        self.inside = inside
        self._cells: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        self._vat = [[r for r in vrules if abs(r.pos - x) <= _JOIN] for x in self.xs]
        self._hat = [
            (
                any(abs(v - y) <= _JOIN for v in self.virtual),
                [r for r in hrules if abs(r.pos - y) <= _JOIN],
            )
            for y in self.ys
        ]

    def _stacked(self, band: list[Line]) -> bool:
        """Figures of two lines of the band in one column: rows the table draws no rule for."""
        seen: set[int] = set()
        for line in band:
            columns = {
                self._col((w.box[0] + w.box[2]) / 2) for w in line.words() if NUMBER.match(w.text)
            }
            if columns & seen:
                return True
            seen |= columns
        return False

    def _columns(self, line: Line) -> int:
        """How many columns the line's characters fall in."""
        return len({self._col(c.xmid) for c in line.chars})

    def _col(self, x: float) -> int:
        return min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)

    def _closed_v(self, index: int, y: float) -> bool:
        return covered(self._vat[index], y)

    def _closed_h(self, index: int, x: float) -> bool:
        virtual, rules = self._hat[index]
        return virtual or covered(rules, x)

    def cell(self, row: int, col: int) -> tuple[int, int, int, int]:
        """The merged range (r0, c0, r1, c1) holding atomic cell (row, col)."""
        held = self._cells.get((row, col))
        if held is None:
            held = self._cells[(row, col)] = self._extent(row, col)
        return held

    def _extent(self, row: int, col: int) -> tuple[int, int, int, int]:
        ymid = (self.ys[row] + self.ys[row + 1]) / 2
        xmid = (self.xs[col] + self.xs[col + 1]) / 2
        c0 = col
        while c0 > 0 and not self._closed_v(c0, ymid):
            c0 -= 1
        c1 = col
        while c1 < len(self.xs) - 2 and not self._closed_v(c1 + 1, ymid):
            c1 += 1
        r0 = row
        while r0 > 0 and not self._closed_h(r0, xmid):
            r0 -= 1
        r1 = row
        while r1 < len(self.ys) - 2 and not self._closed_h(r1 + 1, xmid):
            r1 += 1
        return r0, c0, r1, c1

    def fill(self, grid: PageGrid, offset: int) -> None:
        groups: dict[tuple[int, int, int, int], dict[int, list[Char]]] = {}
        xs, ys, held = self.xs, self.ys, self._cells
        left, right = xs[0], xs[-1]
        last_row, last_col = len(ys) - 2, len(xs) - 2
        for number, line in enumerate(self.inside):
            middle, key = None, None
            chars = line.chars
            if chars[0].x0 + chars[0].x1 < 2 * left or chars[-1].x0 + chars[-1].x1 > 2 * right:
                chars = _within(chars, left, right)
            for char in chars:  # the atomic cell under each character's middle
                _text, x0, y0, x1, y1 = char
                xmid = (x0 + x1) / 2
                if y0 + y1 != middle:  # the characters of a line mostly share their row
                    middle = y0 + y1
                    row = bisect_right(ys, middle / 2) - 1
                    row = 0 if row < 0 else last_row if row > last_row else row
                col = bisect_right(xs, xmid) - 1
                col = 0 if col < 0 else last_col if col > last_col else col
                cell = held.get((row, col)) or self.cell(row, col)
                if cell != key:
                    key = cell
                    chars = groups.setdefault(key, {}).setdefault(number, [])
                chars.append(char)
        for (r0, c0, r1, c1), by_line in groups.items():
            chars = [c for cs in by_line.values() for c in cs]
            text = spaced_text(chars) if len(by_line) == 1 else _cell_text(chars)
            grid.cells[(offset + r0, c0)] = (text, box_of(chars))
            if r1 > r0 or c1 > c0:
                grid.merged.append((offset + r0, c0, offset + r1, c1))
        grid.rows.extend(pairwise(self.ys))


def _within(chars: list[Char], left: float, right: float) -> list[Char]:
    """The characters of a line between the outer rules, and those of a run (characters
    without a gap) that overflows an outer rule from inside (a cell's text printed past the
    table's edge, as 金额单位：万元 in a narrow last column)."""
    runs: list[list[Char]] = []
    for index, char in enumerate(chars):
        if index and not word_gap(chars[index - 1], char):
            runs[-1].append(char)
        else:
            runs.append([char])
    return [c for run in runs if any(left <= c.xmid <= right for c in run) for c in run]


def _runs(line: Line) -> list[tuple[float, float]]:
    """Spans of a line's runs: characters without a gap and of one kind (figure or text), so a
    figure printed flush against the next column's label is a run of its own."""
    spans: list[list[float]] = []
    kind = None
    previous: Char | None = None
    for char in line.chars:
        figure = char.text in _FIGURE_CHARS
        if previous is not None and figure == kind and not word_gap(previous, char):
            spans[-1][1] = char.x1
        else:
            spans.append([char.x0, char.x1])
        kind, previous = figure, char
    return [(x0, x1) for x0, x1 in spans]


def _free_columns(lines: list[Line]) -> list[float]:
    """Column edges of an unruled table: the right end of each column of its figure lines.

    Figures are right-aligned and labels left-aligned, so a column runs from the previous
    column's right end to its own."""
    figure_lines = [ln for ln in lines if ln.figure] or lines
    spans = sorted(span for ln in figure_lines for span in _runs(ln))
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    left = min(ln.x0 for ln in lines) - 1.0
    return [min(left, merged[0][0] - 1.0), *(x1 + 1.0 for _x0, x1 in merged)]


def _column_of(edges: list[float], x: float) -> int:
    for index in range(len(edges) - 1):
        if x < edges[index + 1]:
            return index
    return max(0, len(edges) - 2)


def _free_rows(grid: PageGrid, lines: list[Line], edges: list[float], by_char: bool) -> None:
    """One row per line; cells by word (outside a ruled area) or by character (unruled)."""
    for line in lines:
        row = grid.nrows
        grid.nrows += 1
        grid.rows.append((line.y0, line.y1))
        if by_char:
            groups: dict[int, list[Char]] = {}
            for char in line.chars:
                groups.setdefault(_column_of(edges, char.xmid), []).append(char)
            for col, chars in groups.items():
                grid.cells[(row, col)] = (_cell_text(chars), box_of(chars))
            continue
        for word in _phrases(line):
            col = _column_of(edges, word.box[0] + 1.0)
            held = grid.cells.get((row, col))
            if held:
                text, box = held
                grid.cells[(row, col)] = (f"{text} {word.text}", _union(box, word.box))
            else:
                grid.cells[(row, col)] = (word.text, word.box)


def _phrases(line: Line) -> list[Word]:
    """Words of a line outside the ruled area, split only at wide gaps (title, 编制部门 | 单位)
    and where a character overlaps the one before by half its width: a cell's text cut where
    the next cell's text starts, which ends in :data:`CUT`."""
    phrases: list[list[Char]] = []
    cut: set[int] = set()
    for index, char in enumerate(line.chars):
        previous = line.chars[index - 1] if index else None
        if previous is not None and char.x0 < previous.x1 - (previous.x1 - previous.x0) / 2:
            cut.add(len(phrases) - 1)
            phrases.append([char])
        elif previous is not None and char.x0 - previous.x1 < _PHRASE_GAP * char.size:
            phrases[-1].append(char)
        else:
            phrases.append([char])
    return [Word(spaced_text(p) + CUT * (i in cut), box_of(p)) for i, p in enumerate(phrases)]


def _rules_in(region: Region) -> tuple[list[Rule], list[Rule]]:
    top = min(ln.y0 for ln in region.lines) - 2.0
    bottom = max(ln.y1 for ln in region.lines) + 2.0
    page = region.page
    vrules = [r for r in page.vrules if r.end > top and r.start < bottom and r.end - r.start > 4]
    if vrules:
        top = min(top, min(r.start for r in vrules))
        bottom = max(bottom, max(r.end for r in vrules))
    hrules = [r for r in page.hrules if top <= r.pos <= bottom and r.end - r.start > 4]
    return vrules, hrules


def page_grid(region: Region) -> PageGrid:
    """The grid of one region (rows from 0)."""
    grid = PageGrid()
    vrules, hrules = _rules_in(region)
    ruled = None
    if (
        len(_positions([r.pos for r in vrules])) >= 2
        and len(_positions([r.pos for r in hrules])) >= 2
    ):
        ruled = _Ruled(region, vrules, hrules)
    if ruled is None:
        grid.edges = _free_columns(region.lines)
        _free_rows(grid, region.lines, grid.edges, by_char=True)
        return grid
    grid.edges = ruled.xs
    above = [ln for ln in region.lines if ln.ymid <= ruled.top]
    below = [ln for ln in region.lines if ln.ymid >= ruled.bottom]
    _free_rows(grid, above, grid.edges, by_char=False)
    offset = grid.nrows
    ruled.fill(grid, offset)
    grid.nrows = offset + len(ruled.ys) - 1
    _free_rows(grid, below, grid.edges, by_char=False)
    return grid


def _lift_code_parts(grid: PageGrid) -> None:
    """Move a 类 | 款 | 项 header that shares a row with the 合计 line to a row of its own
    (some producers print both in one band, at slightly different heights)."""
    filled = Counter(r for r, _c in grid.cells)
    found: dict[int, list[int]] = {}
    for (r, c), (text, _box) in grid.cells.items():
        if text in _CODE_PARTS:
            found.setdefault(r, []).append(c)
    for row in sorted(found, reverse=True):  # a move shifts only the rows below
        parts = found[row]
        if len(parts) < 2 or len(parts) == filled[row]:
            continue
        moved: dict[tuple[int, int], tuple[str, Box]] = {}
        for (r, c), value in grid.cells.items():
            shift = r > row or (r == row and c not in parts)
            moved[(r + 1 if shift else r, c)] = value
        grid.cells = moved
        grid.merged = [
            (r0 + (r0 > row), c0, r1 + (r1 >= row), c1) for r0, c0, r1, c1 in grid.merged
        ]
        grid.rows.insert(row, grid.rows[row])
        grid.nrows += 1


def _column_map(base: list[float], edges: list[float]) -> list[int]:
    """Each column of ``edges`` -> the column of ``base`` it overlaps most."""
    mapping = []
    for x0, x1 in pairwise(edges):
        best, best_overlap = 0, -1.0
        for index, (b0, b1) in enumerate(pairwise(base)):
            overlap = min(x1, b1) - max(x0, b0)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        mapping.append(best)
    return mapping


@dataclass
class TableGrid:
    """A table's regions as one sheet: values, merged ranges and each cell's page and box."""

    sheet: Sheet
    boxes: dict[tuple[int, int], tuple[int, Box]]
    rows: list[tuple[int, float, float]]  # page and y band of each row
    edges: list[float]


def table_grid(regions: list[Region]) -> TableGrid:
    """Regions of one table (first page first) -> one grid; continued pages appended."""
    values: dict[tuple[int, int], str] = {}
    boxes: dict[tuple[int, int], tuple[int, Box]] = {}
    merged: list[tuple[int, int, int, int]] = []
    rows: list[tuple[int, float, float]] = []
    base: list[float] = []
    offset = 0
    for region in regions:
        grid = page_grid(region)
        _lift_code_parts(grid)
        if not base:
            base = grid.edges
        mapping = (
            list(range(len(grid.edges) - 1))
            if grid.edges is base
            else _column_map(base, grid.edges)
        )
        number = region.page.number
        for (row, col), (text, box) in grid.cells.items():
            target = (offset + row, mapping[col] if col < len(mapping) else col)
            if target in values:
                values[target] = f"{values[target]} {text}"
                box = _union(boxes[target][1], box)
            else:
                values[target] = text
            boxes[target] = (number, box)
        for r0, c0, r1, c1 in grid.merged:
            m0 = mapping[c0] if c0 < len(mapping) else c0
            m1 = mapping[c1] if c1 < len(mapping) else c1
            if (r1 > r0 or m1 > m0) and m1 >= m0:
                merged.append((offset + r0, m0, offset + r1, m1))
        rows.extend((number, y0, y1) for y0, y1 in grid.rows)
        offset += grid.nrows
    ncols = max((c for _r, c in values), default=-1) + 1
    ncols = max(ncols, len(base) - 1)
    table: list[list[object]] = [[None] * ncols for _ in range(offset)]
    for (row, col), text in values.items():
        table[row][col] = text
    return TableGrid(Sheet("", table, merged), boxes, rows, base)


def empty_box(grid: TableGrid, row: int, col: int) -> tuple[int, Box] | None:
    """The box of a cell holding no text: its column between the edges, its row's band."""
    if row >= len(grid.rows):
        return None
    page, y0, y1 = grid.rows[row]
    edges = grid.edges
    if len(edges) < 2:
        return None
    col = min(col, len(edges) - 2)
    return page, (edges[col], y0, edges[col + 1], y1)
