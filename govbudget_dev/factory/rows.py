"""The parts every package is built from: coded rows summed from their leaves, summary lines,
the 三公 row, 空表说明 and titles. Consistent by construction: a parent is the sum of its leaves.

Cells are left empty (the writer assigns them and the reader reports them); :func:`place` gives
rows the cells the reader returns for a simple layout, for packages checked in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from govbudget.model import Amount, Note, Row
from govbudget.tables import ITEM_BY_ID
from govbudget_dev.write import TITLES

YUAN = 100  # fen
#: 空表说明 of a table without data: table id -> (budget note, final note); ``{y}`` the year
EMPTY_NOTES: dict[str, tuple[str, str]] = {
    "gov_fund": (
        "本部门{y}年无政府性基金预算财政拨款安排的预算，故本表为空表。",
        "本部门{y}年度无政府性基金预算财政拨款收入、支出及结转和结余，故本表为空表。",
    ),
    "state_capital": (
        "本部门{y}年无国有资本经营预算财政拨款安排的预算，故本表为空表。",
        "本部门{y}年度无国有资本经营预算财政拨款收入、支出及结转和结余，故本表为空表。",
    ),
}


def amounts(values: Mapping[str, int | None], *, blank_zero: bool = False) -> dict[str, Amount]:
    """Measure -> Amount without a cell; ``blank_zero`` leaves zeros blank (``None``)."""
    return {m: Amount(None if blank_zero and not v else v, "") for m, v in values.items()}


def scheme_of(code: str) -> str:
    """The classification scheme of a code: economic (3…) or functional (2…)."""
    return "economic_dept" if code.startswith("3") else "functional"


def coded_rows(
    leaves: Mapping[str, Mapping[str, int]],
    measures: tuple[str, ...],
    name_of: Callable[[str], str],
    *,
    blank_zero: bool = False,
) -> list[Row]:
    """类/款/项 rows (economic: 类/款) in code order, each parent the sum of its leaves, and a
    合计 row. ``leaves``: leaf code -> measure -> fen (a missing measure is 0)."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(measures, 0))
    for code, leaf in leaves.items():
        for length in range(3, len(code) + 1, 2):
            for measure in measures:
                sums[code[:length]][measure] += leaf.get(measure, 0)
    rows = [
        Row(0, name_of(code), "", code=code, code_cell="", scheme=scheme_of(code),
            depth=(len(code) - 1) // 2, amounts=amounts(sums[code], blank_zero=blank_zero))
        for code in sorted(sums)
    ]  # fmt: skip
    total = {m: sum(sums[c][m] for c in sums if len(c) == 3) for m in measures}
    rows.append(total_row(total, blank_zero=blank_zero))
    return rows


def total_row(values: Mapping[str, int], *, blank_zero: bool = False) -> Row:
    """The 合计 row."""
    return Row(0, "合计", "", item="total", amounts=amounts(values, blank_zero=blank_zero))


def item_row(
    item: str, panel: str, values: Mapping[str, int | None], name: str | None = None,
    *, blank_zero: bool = False,
) -> Row:  # fmt: skip
    """An uncoded line of a summary table (``item``: a ``tables.ITEMS`` id) on its panel."""
    return Row(0, name or ITEM_BY_ID[item].zh, "", item=item, panel=panel,
               amounts=amounts(values, blank_zero=blank_zero))  # fmt: skip


def class_rows(
    by_class: Mapping[str, Mapping[str, int]], name_of: Callable[[str], str],
    *, blank_zero: bool = False,
) -> list[Row]:  # fmt: skip
    """Expenditure lines of a summary table: one per 类, in code order, named without its code
    (as published)."""
    return [
        Row(0, name_of(code), "", panel="expenditure",
            amounts=amounts(by_class[code], blank_zero=blank_zero))
        for code in sorted(by_class)
    ]  # fmt: skip


def three_public(
    outbound: int, vehicle_purchase: int, vehicle_operation: int, reception: int, admin: int
) -> dict[str, int]:
    """The 三公 row's measures: the parts, the vehicle subtotal, the total and 机关运行经费."""
    vehicle = vehicle_purchase + vehicle_operation
    return {
        "total": outbound + vehicle + reception,
        "outbound": outbound,
        "vehicle": vehicle,
        "vehicle_purchase": vehicle_purchase,
        "vehicle_operation": vehicle_operation,
        "reception": reception,
        "admin_operating": admin,
    }


def empty_note(table_id: str, year: int, phase: str) -> Note:
    """The 空表说明 of an empty government-fund or state-capital table."""
    return Note(EMPTY_NOTES[table_id][phase == "final"].format(y=year), "", "empty")


def title(table_id: str, year: int, phase: str) -> str:
    """A table title the reader recognises: ``2016年部门收支总表``, ``2016年收入决算表`` …"""
    return f"{year}年{TITLES[table_id][phase == 'final']}"


def place(rows: list[Row], columns: Mapping[str, str], first: int, name_col: str = "B") -> None:
    """Give rows the cells the reader returns for a simple layout: numbered from ``first``,
    codes in column A, names in ``name_col``, each measure in its column of ``columns``; a blank
    amount (``None``, not invalid) is a blank cell, which the reader leaves out."""
    for number, row in enumerate(rows, first):
        row.row, row.name_cell = number, f"{name_col}{number}"
        row.code_cell = f"A{number}" if row.code else None
        row.amounts = {
            m: Amount(a.fen, f"{columns[m]}{number}", a.invalid, a.text)
            for m, a in row.amounts.items()
            if a.fen is not None or a.invalid
        }
