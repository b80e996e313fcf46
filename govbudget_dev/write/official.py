"""The official 决算 template's own forms: the 栏次 row, the 三公 table's 预算数 | 决算数 blocks and
the 基本支出 table's 人员经费 | 公用经费 blocks side by side, each with its own 合计."""

from __future__ import annotations

import dataclasses

from govbudget import tables
from govbudget.model import Amount, Row, Table
from govbudget_dev.write.sheet import Col, Layout, SheetSpec, amount_value

#: 三公 measures of one block of the official 决算 table
THREE_PUBLIC_BLOCK = (
    "total", "outbound", "vehicle", "vehicle_purchase", "vehicle_operation", "reception",
)  # fmt: skip
#: 部门预算经济分类 类 of the 人员经费 block (the rest are 公用经费)
PERSONNEL_CLASSES = ("301", "303")


def three_public_blocks(layout: Layout, phase: str) -> bool:
    """Whether the 三公 table is written as 预算数 | 决算数 blocks (决算 only)."""
    return layout.three_public_blocks and phase == "final"


def basic_blocks(table: Table, layout: Layout, phase: str) -> bool:
    """Whether ``table`` is a 基本支出 table written as 人员经费 | 公用经费 blocks (决算 only)."""
    return layout.basic_blocks and phase == "final" and table.id == "gpb_basic"


def column_numbers(sheet: SheetSpec, row: int, cols: list[Col]) -> None:
    """The 栏次 row of the official template: '栏次' under the labels, 1, 2, … under amounts."""
    number = 0
    for i, col in enumerate(cols):
        if col.kind == "measure":
            number += 1
            sheet.put(row, i, str(number))
        elif i == 0 or cols[i - 1].kind == "measure":  # the first label column of a panel
            sheet.put(row, i, "栏次")


def three_public_blocks_header(sheet: SheetSpec, top: int, cols: list[Col]) -> int:
    """The official 决算 三公 table: 预算数 and 决算数 blocks, each 合计 | 因公出国(境)费 |
    公务用车购置及运行费 (小计 | 购置费 | 运行费) | 公务接待费."""
    for block in ("预算数", "决算数"):
        indexes = [i for i, c in enumerate(cols) if c.block == block]
        sheet.put(top, indexes[0], block, cols=len(indexes))
        vehicle = [i for i in indexes if cols[i].key in ("vehicle", "vehicle_purchase",
                                                           "vehicle_operation")]  # fmt: skip
        for i in indexes:
            key = cols[i].key or ""
            if i in vehicle:
                sheet.put(
                    top + 2, i, {"vehicle": "小计", "vehicle_purchase": "购置费"}.get(key, "运行费")
                )
            else:
                sheet.put(
                    top + 1, i, tables.MEASURE_BY_ID[key].zh if key != "total" else "合计", rows=2
                )
        if vehicle:
            sheet.put(top + 1, vehicle[0], "公务用车购置及运行费", cols=len(vehicle))
    for i, col in enumerate(cols):
        if col.block is None:
            sheet.put(top, i, "机关运行经费决算数", rows=3)
    return 3


def write_blocks_row(
    sheet: SheetSpec, index: int, row: Row, cols: list[Col], unit: str, layout: Layout
) -> None:
    """One 三公 row in both blocks: the 预算数 block shows the row's ``budget.<measure>``
    amounts (blank where it has none), the 决算数 block its own."""
    for i, col in enumerate(cols):
        key = f"budget.{col.key}" if col.block == "预算数" else col.key or ""
        amount = row.amounts.get(key)
        sheet.put(index, i, amount_value(amount, unit, layout.text_numbers))


def block_rows(table: Table) -> list[Row]:
    """The 基本支出 table as the official 决算 template shows it: the 人员经费 block (classes 301,
    303) then the 公用经费 block, each row with its panel and one 决算数 (``total``), each block
    closed by its own 合计 (人员经费合计 | 公用经费合计; kept where the table has them). Copies;
    idempotent."""
    blocks: dict[str, list[Row]] = {"personnel": [], "public": []}
    printed = {r.panel: r for r in table.rows if r.is_total and r.panel in blocks}
    for row in table.rows:
        if not row.is_total:
            panel = "personnel" if (row.code or "")[:3] in PERSONNEL_CLASSES else "public"
            amounts = {k: a for k, a in row.amounts.items() if k == "total"}
            blocks[panel].append(dataclasses.replace(row, panel=panel, amounts=amounts))
    rows: list[Row] = []
    for panel, zh in (("personnel", "人员经费合计"), ("public", "公用经费合计")):
        fen = sum((r.amounts["total"].fen or 0) for r in blocks[panel] if r.depth == 1
                  and "total" in r.amounts)  # fmt: skip
        total = printed.get(panel) or Row(
            0, zh, "", item="total", panel=panel, amounts={"total": Amount(fen, "")}
        )  # a block 合计 as printed, else the sum of the block's 类
        rows += [*blocks[panel], total]
    return rows


def block_lines(table: Table) -> list[tuple[Row | None, ...]]:
    """基本支出 blocks side by side, each block's 合计 on the last line."""
    rows = block_rows(table)
    blocks = [[r for r in rows if r.panel == p and not r.is_total] for p in ("personnel", "public")]
    height = max(len(b) for b in blocks)
    columns = [b + [None] * (height - len(b)) for b in blocks]
    totals = tuple(r for r in rows if r.is_total)
    return [*zip(*columns, strict=True), totals]
