"""Cross-table (SUM004): figures two tables of a package must agree on (``pack.cross_table``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from govbudget.findings import Finding
from govbudget.model import Row, Table
from govbudget.rules.completeness import has_data
from govbudget.rules.engine import Context, implements, panel_lines, row_cell, tolerated
from govbudget.rules.spec import Side
from govbudget.tables import TABLE_BY_ID


class Figure(NamedTuple):
    """A resolved side: exact fen, the cell to point at, the summed figures' rounding steps."""

    table: Table
    fen: int
    cell: str
    steps: int
    row: Row | None


def _from_rows(ctx: Context, table: Table, rows: list[Row], measure: str) -> Figure | None:
    fen = 0
    for row in rows:
        amount = row.amounts.get(measure)
        if amount is not None and amount.invalid:
            return None
        fen += amount.fen if amount is not None and amount.fen is not None else 0
    first = rows[0].amounts.get(measure)
    cell = first.cell if first is not None else row_cell(rows[0])
    return Figure(table, fen, cell, len(rows) * ctx.view(table).step, rows[0])


def resolve(ctx: Context, side: Side) -> Figure | None:
    """The figure a side names, or None when the package does not show it."""
    table = ctx.package.tables.get(side.table)
    if table is None:
        return None
    if side.row == "total":
        if side.measure not in ctx.view(table).measures and has_data(table):
            return None  # the table prints no such column (决算 基本支出: 人员经费 | 公用经费 only)
        totals = [r for r in ctx.view(table).totals if side.panel in (None, r.panel)]
        blocks = side.panel is None and len(totals) > 1 and all(r.panel for r in totals)
        if totals:  # side-by-side blocks each with its own 合计: the table's total is their sum
            return _from_rows(ctx, table, totals if blocks else totals[:1], side.measure)
        return None if has_data(table) else Figure(table, 0, table.title_cell, 0, None)
    if side.panel is None:
        return None
    items = panel_lines(ctx, table, side.panel).items
    for choice in side.row.split("|"):
        kind, _, names = choice.rpartition(":")
        wanted = [n for n in names.split(",") if n in items]
        if kind == "sum" and wanted:
            return _from_rows(ctx, table, [items[n] for n in wanted], side.measure)
        if kind != "sum" and names in items:
            return _from_rows(ctx, table, [items[names]], side.measure)
    return None


@implements("SUM004")
def cross_table(ctx: Context) -> Iterator[Finding]:
    package = ctx.package
    for identity in ctx.pack.cross_table:
        if not identity.scope.covers(package.phase, package.level, package.year):
            continue
        left, right = resolve(ctx, identity.left), resolve(ctx, identity.right)
        if left is None or right is None:
            continue
        difference = left.fen - right.fen
        if tolerated(difference, left.steps + right.steps):
            continue
        yield ctx.finding(
            "SUM004",
            table=left.table,
            cell=left.cell,
            row=left.row,
            expected=right.fen,
            actual=left.fen,
            label_zh=identity.label_zh,
            label_en=identity.label_en,
            other_zh=TABLE_BY_ID[right.table.id].zh,
            other_en=TABLE_BY_ID[right.table.id].en,
            other_cell=right.cell,
        )
