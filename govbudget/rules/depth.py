"""Depth (LVL): functional expenditure down to 项, basic expenditure down to economic 款."""

from __future__ import annotations

from collections.abc import Iterator

from govbudget.findings import Finding
from govbudget.model import Row, Table
from govbudget.rules.engine import Context, implements, row_cell

_LEVEL = {1: ("类", "class (类)"), 2: ("款", "section (款)")}


def _carries_amount(row: Row) -> bool:
    return any(a.fen for a in row.amounts.values())


def _coded(ctx: Context, table: Table, schemes: tuple[str, ...]) -> list[Row]:
    """The table's 类/款/项 rows of some classification schemes."""
    by_scheme = ctx.view(table).by_scheme
    found = [by_scheme[s] for s in schemes if s in by_scheme]
    return found[0] if len(found) == 1 else [r for rows in found for r in rows]


@implements("LVL001")
def functional_to_xiang(ctx: Context) -> Iterator[Finding]:
    """A 类 or 款 row with an amount and no 项 under it (a 类 whose 款 rows are listed is left
    to those 款 rows)."""
    for table in ctx.tables("functional"):
        rows = _coded(ctx, table, ("functional",))
        under_kuan = {(r.code or "")[:5] for r in rows if r.depth == 3}  # 款 with a 项 listed
        under_lei = {(r.code or "")[:3] for r in rows if r.depth > 1}  # 类 with a 款 or 项 listed
        for row in rows:
            if row.depth == 3:
                continue
            missing = row.code not in (under_kuan if row.depth == 2 else under_lei)
            if missing and _carries_amount(row):
                zh, en = _LEVEL[row.depth]
                yield ctx.finding(
                    "LVL001", table=table, cell=row_cell(row), row=row, level_zh=zh, level_en=en
                )


@implements("LVL002")
def economic_to_kuan(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables("economic", "functional"):
        rows = _coded(ctx, table, ("economic_dept", "economic_gov"))
        kuan = {(r.code or "")[:3] for r in rows if r.depth == 2}
        for row in rows:
            if row.depth == 1 and row.code not in kuan and _carries_amount(row):
                yield ctx.finding("LVL002", table=table, cell=row_cell(row), row=row)
