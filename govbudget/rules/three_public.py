"""三公 (SUM006): total = 因公出国(境)费 + 公务用车购置及运行费 + 公务接待费, and
公务用车购置及运行费 = 购置费 + 运行费, on every row of the 三公 table."""

from __future__ import annotations

from collections.abc import Iterator

from govbudget.findings import Finding
from govbudget.rules.engine import Context, Figures, implements
from govbudget.tables import MEASURE_BY_ID


@implements("SUM006")
def three_public(ctx: Context) -> Iterator[Finding]:
    table = ctx.package.tables.get("three_public")
    if table is None:
        return
    present = ctx.view(table).measures
    for entry in ctx.pack.three_public:
        parts = entry.parts
        if entry.without_vehicle and "vehicle" not in present:
            parts = entry.without_vehicle
        parts = tuple(p for p in parts if p in present)
        if entry.total not in present or not parts:
            continue
        parts_zh = "、".join(MEASURE_BY_ID[p].zh for p in parts)
        parts_en = " + ".join(MEASURE_BY_ID[p].en for p in parts)
        for row in table.rows:
            figures = Figures.of([row.amounts.get(p) for p in parts])
            found = ctx.sum_finding(
                "SUM006", table, row, entry.total, figures,
                members=((row, p) for p in parts), parts_zh=parts_zh, parts_en=parts_en,
            )  # fmt: skip
            if found is not None:
                yield found
