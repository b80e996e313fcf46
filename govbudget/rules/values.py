"""Values (VAL): amount cells that are not numbers, negative amounts."""

from __future__ import annotations

from collections.abc import Iterator

from govbudget.findings import Finding
from govbudget.rules.engine import Context, implements


@implements("VAL001")
def not_numbers(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables():
        for row in table.rows:
            for measure, amount in row.amounts.items():
                if amount.invalid:
                    yield ctx.finding(
                        "VAL001", table=table, cell=amount.cell, row=row, measure=measure,
                        text=(amount.text or "")[:40],
                    )  # fmt: skip


@implements("VAL002")
def negatives(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables():
        for row in table.rows:
            for measure, amount in row.amounts.items():
                if amount.fen is not None and amount.fen < 0:
                    yield ctx.finding(
                        "VAL002", table=table, cell=amount.cell, row=row, measure=measure,
                        actual=amount.fen,
                    )  # fmt: skip
