"""Values (VAL): amount cells that are not numbers, negative amounts."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from govbudget.findings import Finding
from govbudget.model import Amount, Row, Table
from govbudget.rules.engine import Context, implements


def _odd(ctx: Context) -> list[tuple[Table, Row, str, Amount]]:
    """The amounts that are not numbers or are negative, in table order (found once)."""

    def make() -> list[tuple[Table, Row, str, Amount]]:
        found = []
        for table in ctx.package.tables.values():
            view = ctx.view(table)
            negative = min(chain.from_iterable(view.fen.values()), default=0) < 0
            for row in table.rows if negative else view.gaps:  # else only gaps may be invalid
                for measure, amount in row.amounts.items():
                    if amount.invalid or (amount.fen or 0) < 0:
                        found.append((table, row, measure, amount))
        return found

    return ctx.cached(("values", "odd"), make)


@implements("VAL001")
def not_numbers(ctx: Context) -> Iterator[Finding]:
    for table, row, measure, amount in _odd(ctx):
        if amount.invalid:
            yield ctx.finding(
                "VAL001", table=table, cell=amount.cell, row=row, measure=measure,
                text=(amount.text or "")[:40],
            )  # fmt: skip


@implements("VAL002")
def negatives(ctx: Context) -> Iterator[Finding]:
    for table, row, measure, amount in _odd(ctx):
        if amount.fen is not None and amount.fen < 0:
            yield ctx.finding(
                "VAL002", table=table, cell=amount.cell, row=row, measure=measure,
                actual=amount.fen,
            )  # fmt: skip
