"""The backend-neutral pieces of a written workbook: the :class:`Layout`, a sheet's cells
(:class:`SheetSpec`), a column of a table (:class:`Col`) and an amount as a cell value."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from govbudget.model import Amount
from govbudget.money import UNIT_FEN


@dataclass(frozen=True)
class Layout:
    """How a package is laid out in a workbook."""

    codes: str = "split"  # 'split' 类|款|项 columns | 'single' one code column | 'glued' code+name
    unit: str = "元"  # '元' | '万元' for the number tables
    three_public_unit: str | None = None  # default: same as unit
    two_panel: bool = True  # summary tables side by side (True) or stacked
    numbered: bool = False  # names numbered 一、/（一）/1. (not coded names in the glued layout)
    text_numbers: bool = False  # amounts written as text with thousands separators
    merged_header: bool = True  # official 2026-template style merged 2-3 row header
    page_repeat: int = 0  # repeat the header block every N data rows (0 = never)
    footnote: str | None = None
    sheet_names: str = "numbered"  # 'numbered' (表1…) | 'titled' (部门收支总表…)
    omit_unit: tuple[str, ...] = ()  # table ids written without a 单位 statement
    # the official 决算 template: 公开NN表 labels, a 行次 column and a 栏次 row, 合计 first
    official: bool = False
    three_public_blocks: bool = False  # 三公 (决算): a 预算数 block, then a 决算数 block
    basic_blocks: bool = False  # 基本支出 (决算): 人员经费 | 公用经费 side by side, own 合计
    scope: str = "部门"  # '部门' | '单位': titles and the 编制部门 / 编制单位 line


@dataclass
class SheetSpec:
    """One sheet to write: cell values by (row, column), 0-based, and merged ranges."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)

    def put(self, row: int, col: int, value: object, rows: int = 1, cols: int = 1) -> None:
        if value is not None and value != "":
            self.cells[(row, col)] = value
        if rows > 1 or cols > 1:
            self.merges.append((row, col, row + rows - 1, col + cols - 1))


@dataclass(frozen=True)
class Col:
    """One column of a written table."""

    kind: str  # 'lei' 'kuan' 'xiang' 'code' 'name' 'glued' 'measure' 'text' 'rowno'
    key: str | None = None
    panel: str | None = None
    block: str | None = None  # 三公 '预算数' | '决算数' block


def amount_value(amount: Amount | None, unit: str, as_text: bool) -> object:
    """An amount in ``unit`` rounded half-up to two places (text with separators if asked)."""
    if amount is None or (amount.fen is None and not amount.invalid):
        return None
    if amount.fen is None:
        return amount.text
    value = Decimal(amount.fen) / UNIT_FEN[unit]
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if as_text:
        return f"{value:,.2f}"
    return int(value) if value == value.to_integral_value() else float(value)
