"""The package model: what the reader produces and every other part consumes.

A :class:`Package` is one workbook: one department (or unit), one year, one phase. It holds
:class:`Table` objects keyed by canonical table id (``tables.TABLE_IDS``), the narrative
:class:`TextItem` objects keyed by ``tables.TEXTS`` id, and the metadata. Every amount is an
:class:`Amount` in integer 分 with the A1 reference of its cell, so a finding can point at it.

``Package.lines()`` turns a package into the tidy lines (a pandas DataFrame;
columns in ``docs/formats.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from govbudget.errors import printable
from govbudget.money import UNIT_FEN
from govbudget.money import step_fen as _step_fen

#: Tidy-line columns (``docs/formats.md``) plus ``item``: the canonical id of an uncoded line.
LINE_COLUMNS: tuple[str, ...] = (
    "package", "department", "year", "phase", "level", "table", "sheet", "cell", "row",
    "scheme", "code", "name", "depth", "measure", "amount_yuan", "unit", "item",
)  # fmt: skip
#: Exact money in the tidy lines: Arrow decimal, two places (fen).
YUAN_DTYPE = pd.ArrowDtype(pa.decimal128(20, 2))


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount cell. ``fen`` is None for a blank / ``-`` cell or for a cell that is not a number
    (then ``invalid`` is True and ``text`` keeps what the cell held, for VAL001)."""

    fen: int | None
    cell: str
    invalid: bool = False
    text: str | None = None


@dataclass(slots=True, eq=False)
class Row:
    """One data row of a table (or one panel of a two-panel row). Rows compare and hash by
    identity: two rows with the same content are still two rows of the document."""

    row: int  # 1-based sheet row
    name: str  # cleaned name (numbering and indentation removed)
    name_cell: str
    code: str | None = None  # normalised digits, e.g. '2050205'
    code_cell: str | None = None
    scheme: str | None = None  # 'functional' | 'economic_dept' | 'economic_gov' | None
    depth: int = 0  # 1 类 / 2 款 / 3 项; 0 for total and uncoded rows
    item: str | None = None  # canonical id of an uncoded line (tables.ITEMS), 'total' for 合计
    panel: str | None = None  # 'income' | 'expenditure' on two-panel tables
    amounts: dict[str, Amount] = field(default_factory=dict)  # measure id -> Amount
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (text, cell)

    @property
    def is_total(self) -> bool:
        return self.item == "total"


@dataclass(frozen=True, slots=True)
class Note:
    """A text line of a table outside its data: 空表说明, 注：…, 说明：…"""

    text: str
    cell: str
    kind: str  # 'empty' (空表说明) | 'footnote'


@dataclass(slots=True)
class Table:
    """One recognised standard table."""

    id: str  # canonical id (tables.TABLE_IDS)
    sheet: str
    title: str
    title_cell: str
    unit: str | None = None  # '元' | '万元' | '亿元'; None when the table states none
    unit_cell: str | None = None
    decimals: int = 2  # the most decimals published in the table (sets the rounding step)
    columns: dict[str, str] = field(default_factory=dict)  # measure id -> column letter
    header_rows: tuple[int, int] = (0, 0)  # first and last header row (1-based)
    rows: list[Row] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    department: str | None = None  # from this table's 编制部门 line
    year: int | None = None  # from this table's title
    phase: str | None = None  # from this table's title

    @property
    def data_rows(self) -> list[Row]:
        """Rows that are not total rows."""
        return [r for r in self.rows if not r.is_total]

    @property
    def is_empty(self) -> bool:
        """No row carries a non-zero amount."""
        return not any(a.fen for r in self.rows for a in r.amounts.values())

    @property
    def empty_note(self) -> Note | None:
        return next((n for n in self.notes if n.kind == "empty"), None)

    @property
    def step_fen(self) -> int:
        """The published rounding step in fen (one unit of the last decimal place)."""
        return _step_fen(self.unit or "元", self.decimals)


@dataclass(frozen=True, slots=True)
class TextItem:
    """A narrative part of the package (职能, 机构设置, 其他相关情况说明, …)."""

    id: str  # tables.TEXTS id
    sheet: str
    cell: str
    title: str
    text: str


@dataclass(slots=True)
class Package:
    """One department's disclosure workbook for one year and phase."""

    file: str
    department: str | None = None
    year: int | None = None
    phase: str | None = None  # 'budget' | 'final'
    level: str | None = None  # '市级' | '区县级' | '乡镇级'
    scope: str | None = None  # '部门' (部门预算/决算) | '单位' (单位预算/决算), when stated
    approval_date: dt.date | None = None  # 批复日期
    publication_date: dt.date | None = None  # 公开日期
    classified: tuple[str, ...] = ()  # table ids exempt as 涉密
    tables: dict[str, Table] = field(default_factory=dict)
    duplicates: list[Table] = field(default_factory=list)  # a second table with a taken id
    texts: dict[str, TextItem] = field(default_factory=dict)
    meta_sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from
    # field -> (value given by the caller, value the document states) where the two differ
    meta_conflicts: dict[str, tuple[object, object]] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()  # every sheet name, in workbook order

    @property
    def id(self) -> str:
        """Package id used in tidy lines and reports: the workbook's folder and file name.

        ``data/sample/2016_budget/education.xlsx`` -> ``2016_budget/education.xlsx``, so the
        same file name in two year folders gives two ids. Undecodable bytes and control
        characters of a file name are shown as escapes (``errors.printable``).
        """
        path = Path(self.file)
        return printable(f"{path.parent.name}/{path.name}" if path.parent.name else path.name)

    def lines(self) -> pd.DataFrame:
        """The tidy lines (``docs/formats.md``): one row per amount cell, amounts exact (Arrow decimal)."""
        return lines_frame(self)


def lines_frame(package: Package) -> pd.DataFrame:
    """Tidy lines of one package (see :data:`LINE_COLUMNS`)."""
    return packages_frame([package])


def packages_frame(packages: Iterable[Package]) -> pd.DataFrame:
    """Tidy lines of many packages, built as one frame (not one frame per package)."""
    records: list[tuple] = []
    fens: list[int] = []
    for package in packages:
        head = (package.id, package.department, package.year, package.phase, package.level)
        for table in package.tables.values():
            unit = table.unit or "元"
            for row in table.rows:
                for measure, amount in row.amounts.items():
                    if amount.fen is None:
                        continue
                    records.append(
                        (*head, table.id, table.sheet, amount.cell, row.row, row.scheme, row.code,
                         row.name, row.depth, measure, unit, row.item)
                    )  # fmt: skip
                    fens.append(amount.fen)
    columns = [c for c in LINE_COLUMNS if c != "amount_yuan"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame.insert(LINE_COLUMNS.index("amount_yuan"), "amount_yuan", fen_series(fens))
    frame = frame.astype({"year": "Int64", "row": "int64", "depth": "int64"})
    return frame


def fen_series(fens: list[int]) -> pd.Series:
    """Integer fen -> exact yuan Series (Arrow decimal128(20, 2))."""
    fen_array = pa.array(fens, type=pa.int64())
    yuan = pa.compute.divide(
        fen_array.cast(pa.decimal128(20, 0)), pa.scalar(100, pa.decimal128(3, 0))
    )
    return pd.Series(yuan.cast(pa.decimal128(20, 2)), dtype=YUAN_DTYPE)


def yuan_to_fen(series: pd.Series) -> pd.Series:
    """Exact yuan Series -> int64 fen Series (for sums and comparisons without floats)."""
    array = pa.array(series, type=pa.decimal128(20, 2))
    scaled = pa.compute.multiply(array, pa.scalar(100, pa.decimal128(3, 0)))
    return pd.Series(scaled.cast(pa.int64()), index=series.index)


__all__ = [
    "LINE_COLUMNS",
    "UNIT_FEN",
    "YUAN_DTYPE",
    "Amount",
    "Note",
    "Package",
    "Row",
    "Table",
    "TextItem",
    "fen_series",
    "lines_frame",
    "packages_frame",
    "yuan_to_fen",
]
