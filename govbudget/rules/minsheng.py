"""民生 (MSX001): district and township packages disclose 民生 projects with five fields."""

from __future__ import annotations

from collections.abc import Iterator

from govbudget.findings import Finding
from govbudget.model import Row, Table
from govbudget.rules.engine import Context, implements


def _cell(table: Table, row: Row, field: str) -> str:
    """Where a missing field of a project row would be: its column on the row, else the name."""
    if field == "name":
        return row.name_cell
    amount = row.amounts.get(field)
    if amount is not None:
        return amount.cell
    column = table.columns.get(field)
    return f"{column}{row.row}" if column else row.name_cell


def _missing(row: Row, field: str) -> bool:
    if field == "name":
        return not row.name.strip()
    if field == "scale":
        amount = row.amounts.get("scale")
        return amount is None or amount.fen is None
    text = row.texts.get(field)
    return text is None or not text[0].strip()


@implements("MSX001")
def projects(ctx: Context) -> Iterator[Finding]:
    table = ctx.package.tables.get("minsheng")
    if table is None:
        if "minsheng" not in ctx.package.classified:
            yield ctx.finding("MSX001", table_id="minsheng", variant="missing")
        return
    for row in table.rows:
        if row.is_total or row.item is not None:
            continue
        for field, (zh, en) in ctx.pack.minsheng_fields.items():
            if _missing(row, field):
                yield ctx.finding(
                    "MSX001", table=table, cell=_cell(table, row, field), row=row, field_zh=zh,
                    field_en=en,
                )  # fmt: skip
