"""A single-panel table printed as two blocks side by side (the 决算 基本支出 table: 人员经费
block | 公用经费 block, each with its own 类 | 款 | 科目名称 | 决算数 columns).

The right block's data rows are moved under the left block's, so the workbook logic reads
one block. When each block ends in a ``…合计`` line naming a measure (人员经费合计,
公用经费合计), that block's figures are that measure and the two lines become one 合计 row.
"""

from __future__ import annotations

from govbudget import tables
from govbudget.ingest.pdf.grid import TableGrid
from govbudget.ingest.workbook.engines import Sheet
from govbudget.ingest.workbook.grid import norm
from govbudget.ingest.workbook.headers import LABEL_ROLES, Structure, measure_of
from govbudget.model import Row, Table


def split_column(st: Structure) -> int | None:
    """The first column of a second label block after a measure, on a single-panel table."""
    if tables.TABLE_BY_ID[st.table_id].rows == "two_panel":
        return None
    measures = [c.index for c in st.columns if c.role == "measure"]
    if not measures:
        return None
    return next(
        (c.index for c in st.columns if c.role in LABEL_ROLES and c.index > min(measures)), None
    )


def stack(grid: TableGrid, st: Structure, split: int) -> tuple[TableGrid, int]:
    """The grid with the right block's data rows under the left's; and the first moved row."""
    rows = grid.sheet.rows
    start = st.data_start
    width = max((len(r) for r in rows), default=0)
    moved = [r for r in range(start, len(rows)) if any(v is not None for v in rows[r][split:])]
    first = len(rows)
    target = {r: first + i for i, r in enumerate(moved)}
    values = [
        list(row) if r < start else list(row[:split]) + [None] * (width - split)
        for r, row in enumerate(rows)
    ]
    values += [(list(rows[r][split:]) + [None] * width)[:width] for r in moved]
    boxes = {}
    for (r, c), held in grid.boxes.items():
        if c < split or r < start:
            boxes[(r, c)] = held
        elif r in target:
            boxes[(target[r], c - split)] = held
    merged = []
    for r0, c0, r1, c1 in grid.sheet.merged:
        if r1 < start or c1 < split:
            merged.append((r0, c0, r1, c1))
        elif r0 in target and r1 in target and c0 >= split:
            merged.append((target[r0], c0 - split, target[r1], c1 - split))
    bands = grid.rows + [grid.rows[r] for r in moved]
    return TableGrid(Sheet("", values, merged), boxes, bands, grid.edges), first


def _block_measure(rows: list[Row]) -> tuple[str, Row] | None:
    for row in rows:
        name = norm(row.name)
        if row.code is None and name.endswith("合计"):
            measure = measure_of(name[: -len("合计")])
            if measure is not None and measure != "total":
                return measure, row
    return None


def name_blocks(table: Table, first: int) -> None:
    """Give each block's figures the measure its ``…合计`` line names; one 合计 row."""
    left = [r for r in table.rows if r.row - 1 < first]
    right = [r for r in table.rows if r.row - 1 >= first]
    left_block, right_block = _block_measure(left), _block_measure(right)
    if left_block is None or right_block is None or left_block[0] == right_block[0]:
        return
    for (measure, _total), rows in ((left_block, left), (right_block, right)):
        for row in rows:
            row.amounts = {measure if k == "total" else k: a for k, a in row.amounts.items()}
    total, other = left_block[1], right_block[1]
    total.item, total.name = "total", "合计"
    total.amounts.update(other.amounts)
    table.rows = [r for r in table.rows if r is not other]
