"""Write a :class:`~govbudget.model.Package` as a disclosure workbook — the reader's inverse.

Used by the sample city and by tests to produce workbooks in the layouts finance bureaus really
publish (:class:`Layout`): the official 2026-template style with a title row, an ``编制部门``
line with ``单位：元``, a merged three-row header and split 类|款|项 code columns, or flat
headers, one code column, codes glued to names, numbered and indented names, 万元 tables, text
numbers with thousands separators, stacked summaries and page-break header repeats.

Amounts are written from ``Amount.fen`` converted into the layout unit (万元 rounded half-up to
two places); a blank amount stays blank and an invalid one is written as its text. Titles,
sheet names and cell positions are the layout's; the tables' own ``title``/``sheet``/``cell``
fields are ignored. ``.xlsx`` via openpyxl, ``.xls`` via xlwt, ``.ods`` via odfpy; atomic.
"""

from __future__ import annotations

from pathlib import Path

from govbudget.errors import UsageError
from govbudget.io import atomic_path
from govbudget.model import Package
from govbudget_dev.write.backends import save_ods, save_xls, save_xlsx
from govbudget_dev.write.layout import ORDER, TITLES, build_sheets
from govbudget_dev.write.sheet import Layout, SheetSpec
from govbudget_dev.write.variants import VARIANTS, Variant, fit

__all__ = [
    "ORDER", "TITLES", "VARIANTS", "Layout", "SheetSpec", "Variant", "build_sheets", "fit",
    "write_package",
]  # fmt: skip

_TEMPLATE = Layout()


def write_package(package: Package, path: str | Path, layout: Layout = _TEMPLATE) -> Path:
    """Write ``package`` to ``path`` (.xlsx, .xls or .ods, by suffix), atomically."""
    path = Path(path)
    writer = {".xlsx": save_xlsx, ".xls": save_xls, ".ods": save_ods}.get(path.suffix.lower())
    if writer is None:
        raise UsageError(f"只能写 .xlsx/.xls/.ods · can only write .xlsx, .xls or .ods: {path}")
    sheets = build_sheets(package, layout)
    with atomic_path(path) as tmp:
        writer(sheets, tmp)
    return path
