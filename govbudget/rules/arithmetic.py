"""Arithmetic (SUM001–SUM003, SUM005): sums within a row, parent vs children, the 合计 row,
and the package balance. Every sum is exact in fen, one level at a time, with the rounding
tolerance of the published unit (half a unit step per summed figure)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from operator import itemgetter

from govbudget.findings import Finding
from govbudget.model import Row, Table
from govbudget.rules.engine import (
    Context,
    Figures,
    hierarchy,
    implements,
    measures_of,
    panel_lines,
    tolerated,
    top_rows,
    total_of,
)
from govbudget.tables import MEASURE_BY_ID

PANELS = ("income", "expenditure")


def _parts_names(parts: tuple[str, ...] | list[str]) -> tuple[str, str]:
    specs = [MEASURE_BY_ID[p] for p in parts if p in MEASURE_BY_ID]
    return "、".join(s.zh for s in specs), " + ".join(s.en for s in specs)


def _expand(
    ctx: Context, table_id: str, parts: tuple[str, ...], present: Collection[str]
) -> list[str]:
    """The parts present; a part without a column of its own (基本支出 in a 单位收支总表 that
    shows 人员经费 | 公用经费 under it) stands for its own parts (pack.row_sums) when present."""
    found: list[str] = []
    for part in parts:
        if part in present:
            found.append(part)
            continue
        for entry in ctx.pack.row_sums:
            if entry.total == part and table_id in entry.tables:
                found += [p for p in entry.parts if p in present and p not in found]
                break
    return found


def _panel(ctx: Context, table: Table, panel: str | None) -> tuple[list[Row], Collection[str]]:
    """The rows of one panel of a table (every row when ``panel`` is None) and the measures
    they hold an amount of (computed once)."""
    if panel is None:
        return table.rows, ctx.view(table).measures
    return ctx.cached((table.id, "panel rows", panel), _panel_rows, table, panel)


def _panel_rows(table: Table, panel: str) -> tuple[list[Row], list[str]]:
    rows = [r for r in table.rows if r.panel == panel]
    return rows, measures_of(rows)


@implements("SUM001")
def within_rows(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.pack.row_sums:
        for table_id in entry.tables:
            table = ctx.package.tables.get(table_id)
            if table is None:
                continue
            rows, present = _panel(ctx, table, entry.panel)
            parts = _expand(ctx, table_id, entry.parts, present)
            if entry.total not in present or not parts:
                continue
            view = ctx.view(table)
            fen, place = view.fen, view.measures
            total, summed = place[entry.total], itemgetter(*[place[p] for p in parts])
            single = len(parts) == 1  # then itemgetter gives the one amount, not a tuple
            for row in rows:
                values = fen[row]
                got = summed(values)
                if values[total] == (got if single else sum(got)):
                    continue  # balances (see TableView.fen)
                figures = Figures.of([row.amounts.get(p) for p in parts])
                if entry.panel is not None and figures.count == 0:
                    continue  # a summary line (结转, 总计) need not repeat the breakdown columns
                if figures.balances(row.amounts.get(entry.total)):
                    continue
                parts_zh, parts_en = _parts_names(parts)
                found = ctx.sum_finding(
                    "SUM001", table, row, entry.total, figures,
                    members=((row, p) for p in parts), parts_zh=parts_zh, parts_en=parts_en,
                )  # fmt: skip
                if found is not None:
                    yield found


def _check_children(
    ctx: Context, table: Table, parent: Row, children: list[Row]
) -> Iterator[Finding]:
    if ctx.balanced(table, parent, children):
        return
    for measure in measures_of([parent, *children]):
        figures = total_of(children, measure)
        if figures.balances(parent.amounts.get(measure)):
            continue
        found = ctx.sum_finding(
            "SUM002", table, parent, measure, figures,
            members=((child, measure) for child in children), count=len(children),
        )  # fmt: skip
        if found is not None:
            yield found


@implements("SUM002")
def parents(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables("functional", "economic"):
        for parent, children in hierarchy(ctx, table):
            yield from _check_children(ctx, table, parent, children)
    for table in ctx.tables("two_panel"):
        for panel in PANELS:
            items = panel_lines(ctx, table, panel).items
            for parent_item, part_items in ctx.pack.item_parts.items():
                children = [items[i] for i in part_items if i in items]
                if parent_item in items and children:
                    yield from _check_children(ctx, table, items[parent_item], children)


def _panel_sources(ctx: Context, table: Table, panel: str) -> list[Row]:
    spec = ctx.pack.panels[panel]
    lines = panel_lines(ctx, table, panel)
    if panel == "expenditure":
        return lines.classes or [lines.items[i] for i in spec.split if i in lines.items]
    sources = [i for i in spec.sources if i in lines.items]
    if spec.sources and "fiscal" not in lines.items:
        sources += [i for i in spec.fiscal_parts if i in lines.items]
    return [lines.items[i] for i in sources]


def _check_total(
    ctx: Context, table: Table, total: Row, parts: list[Row], measures: list[str] | None = None
) -> Iterator[Finding]:
    """``measures``: those compared (default: every measure of the total and its parts)."""
    if ctx.balanced(table, total, parts):
        return
    for measure in measures_of([total, *parts]) if measures is None else measures:
        figures = total_of(parts, measure)
        if figures.balances(total.amounts.get(measure)):
            continue
        members = ((part, measure) for part in parts)
        found = ctx.sum_finding("SUM003", table, total, measure, figures, members=members)
        if found is not None:
            yield found


def _shown(line: Row, measures: Collection[str]) -> list[str]:
    """The measures a summary closing line shows: the 合计 column always, the breakdown columns
    (人员经费, 公用经费, 项目支出 of a 单位收支总表) only where the line fills them."""
    return [
        m
        for m in measures
        if m == "total" or (m in line.amounts and line.amounts[m].fen is not None)
    ]


@implements("SUM003")
def totals(ctx: Context) -> Iterator[Finding]:
    for table_id in ctx.pack.total_rows:
        table = ctx.package.tables.get(table_id)
        if table is None:
            continue
        top = top_rows(ctx, table)
        for total in ctx.view(table).totals:
            # a block's own 合计 (人员经费合计 | 公用经费合计) totals the rows of its block
            parts = [r for r in top if total.panel is None or r.panel == total.panel]
            yield from _check_total(ctx, table, total, parts)
    for table in ctx.tables("two_panel"):
        for panel in PANELS:
            spec = ctx.pack.panels[panel]
            items = panel_lines(ctx, table, panel).items
            sources = _panel_sources(ctx, table, panel)
            current = items.get(spec.current)
            carry = [items[c] for c in spec.carry if c in items]
            measures = _panel(ctx, table, panel)[1]
            if current is not None:
                yield from _check_total(ctx, table, current, sources, _shown(current, measures))
            grand = items.get(spec.grand)
            if grand is not None:
                base = [current] if current is not None else sources
                yield from _check_total(ctx, table, grand, [*base, *carry], _shown(grand, measures))


def _side(ctx: Context, table: Table, panel: str) -> list[Row]:
    """The figure(s) one side of the balance is made of: the 总计 line, else its parts."""
    spec = ctx.pack.panels[panel]
    items = panel_lines(ctx, table, panel).items
    if spec.grand in items:
        return [items[spec.grand]]
    if spec.current not in items:
        return []
    return [items[spec.current], *(items[c] for c in spec.carry if c in items)]


_BALANCE = {
    True: ("收入总计与支出总计", "total income vs total expenditure"),
    False: (
        "年初结转和结余 + 本年收入 + 使用非财政拨款结余 与 本年支出 + 年末结转和结余",
        "carried-over balance + income + surplus used vs expenditure + balance carried forward",
    ),
}


@implements("SUM005")
def balance(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables("two_panel"):
        income, spending = _side(ctx, table, "income"), _side(ctx, table, "expenditure")
        if not income or not spending:
            continue
        left, right = total_of(income, "total"), total_of(spending, "total")
        if left.invalid or right.invalid or (left.count == 0 and right.count == 0):
            continue
        difference = right.fen - left.fen
        steps = (left.count + right.count) * ctx.view(table).step
        if tolerated(difference, steps):
            continue
        target = spending[-1]
        amount = target.amounts.get("total")
        label_zh, label_en = _BALANCE[len(income) == 1 and len(spending) == 1]
        yield ctx.finding(
            "SUM005",
            table=table,
            cell=amount.cell if amount is not None else target.name_cell,
            row=target,
            measure="total",
            expected=left.fen,
            actual=right.fen,
            label_zh=label_zh,
            label_en=label_en,
        )
