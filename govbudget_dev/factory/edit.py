"""Knobs to plant a defect: name a place in a package logically (:class:`Where`), find it in any
package built or read back (:func:`find_row`, :func:`cell_of`), and change it (:func:`set_amount`,
:func:`add_to`, :func:`drop_rows`). The rule cases, the sample city's defects and the tests use
these, so a defect is planted one way whichever factory built the package.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from govbudget.model import Amount, Package, Row


@dataclass(frozen=True)
class Where:
    """A logical place in a package. ``kind``: 'package', 'title', 'code', 'name', 'amount',
    'text' (the cell of the narrative part ``item``)."""

    table: str = ""
    kind: str = "package"
    code: str | None = None
    item: str | None = None
    panel: str | None = None
    measure: str | None = None
    name: str | None = None


def find_row(package: Package, where: Where) -> Row:
    """The row a ``Where`` names: by code, else by name, else by item (``'total'`` for the
    合计 row), within its panel if given."""
    for row in package.tables[where.table].rows:
        if where.panel is not None and row.panel != where.panel:
            continue
        if where.code is not None:
            found = row.code == where.code and not row.is_total
        elif where.name is not None:
            found = row.name == where.name
        else:
            found = row.is_total if where.item == "total" else row.item == where.item
        if found:
            return row
    raise LookupError(f"no row for {where}")


def cell_of(package: Package, where: Where) -> str:
    """The A1 cell a ``Where`` names in this package ('' for package level)."""
    if where.kind == "package":
        return ""
    if where.kind == "text":  # a narrative part: Where(table, "text", item=<text id>)
        return package.texts[where.item or ""].cell
    table = package.tables[where.table]
    if where.kind == "title":
        return table.title_cell
    row = find_row(package, where)
    if where.kind == "code":
        return row.code_cell or row.name_cell
    if where.kind == "name":
        return row.name_cell
    amount = row.amounts.get(where.measure or "")
    if amount is not None:
        return amount.cell
    column = table.columns.get(where.measure or "")
    return f"{column}{row.row}" if column else row.name_cell


def copy_of(package: Package) -> Package:
    return copy.deepcopy(package)


def set_amount(package: Package, where: Where, fen: int | None, **extra: object) -> None:
    """Replace one amount (keeps its cell; ``extra`` sets invalid/text)."""
    row = find_row(package, where)
    old = row.amounts[where.measure or "total"]
    row.amounts[where.measure or "total"] = Amount(fen, old.cell, **extra)  # type: ignore[arg-type]


def add_to(package: Package, where: Where, fen: int) -> None:
    row = find_row(package, where)
    amount = row.amounts[where.measure or "total"]
    set_amount(package, where, (amount.fen or 0) + fen)


def drop_rows(package: Package, table_id: str, prefix: str, depth: int) -> None:
    """Remove the rows of ``depth`` whose code starts with ``prefix``."""
    table = package.tables[table_id]
    table.rows = [
        r for r in table.rows if not (r.code and r.code.startswith(prefix) and r.depth == depth)
    ]
