"""Turn the data region of a located table into :class:`~govbudget.model.Row` objects.

Per row: the classification code (split 类|款|项 columns, one column, or glued to the name, with
款/项 stored as numbers re-padded to two digits and parent parts carried down when a row only
shows its own part), the cleaned name, the canonical item of an uncoded line, and one
:class:`~govbudget.model.Amount` per measure column with its A1 cell. Rows repeating the header
(page breaks) are skipped; 注：/说明：/空表说明 lines become :class:`~govbudget.model.Note`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from govbudget import codes, tables
from govbudget.errors import LayoutError
from govbudget.ingest.workbook.engines import a1, col_letter
from govbudget.ingest.workbook.grid import Grid, cell_text, is_number, norm
from govbudget.ingest.workbook.headers import (
    EMPTY_NOTE,
    NUMERIC_TEXT,
    Column,
    Structure,
    is_note,
    is_numbering,
    signature,
)
from govbudget.model import Amount, Note, Row, Table
from govbudget.money import TOO_LARGE, UNIT_FEN, NotANumber, check_bound, read_amount

TOTAL_WORDS = frozenset({"合计", "总计", "合计数", "总合计", "本表合计", "全部合计"})
_BLOCK_TOTAL = re.compile(r"^(?:人员经费|(?:日常)?公用经费)(?:合计|小计)$")  # a block's own 合计
_SINGLE_PANEL_TOTALS = {
    "income_total",
    "expenditure_total",
    "income_current",
    "expenditure_current",
}
_TOTAL_ITEMS = {"total", "income_total", "expenditure_total"}
_SPENDING_ITEMS = {"expenditure_total", "expenditure_current", "carryover_out", "basic", "project"}
_ELLIPSIS = re.compile(r"^[.…·。\s]*$")
_SPACED_CODE = re.compile(r"^\s*(\d{3})\s+(\d{2})(?:\s+(\d{2}))?(?!\d)\s*[\.、．]?\s*(.*)$", re.S)
_SENTENCE = re.compile(r"[。，；;]")
_UNCALCULATED = "公式未计算 · formula not calculated"
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # '合  计' -> '合计'


def code_part(value: object) -> str | None:
    """A code cell as digit text: 205.0 -> '205', ' 02 ' -> '02'; None for anything else."""
    if value is None:
        return None
    if is_number(value):
        return str(int(value)) if float(value).is_integer() else None
    text = str(value).strip().replace(" ", "").replace("\u3000", "")
    return text if text.isascii() and text.isdigit() else None


def split_label(text: str) -> tuple[str | None, str]:
    """'2013802一般行政管理事务' / '20138 市场监督管理事务' / '301 01基本工资' -> (code, name)."""
    spaced = _SPACED_CODE.match(text)
    if spaced and spaced.group(1)[0] in "235":
        code = spaced.group(1) + spaced.group(2) + (spaced.group(3) or "")
        return code, codes.clean_name(spaced.group(4))
    return codes.split_glued(text)


class _Parents:
    """The last 类 and 款 codes seen, for rows that only show their own code part."""

    def __init__(self) -> None:
        self.codes: dict[int, str] = {}

    def note(self, code: str) -> None:
        if len(code) in (3, 5):
            self.codes[len(code)] = code

    def extend(self, part: str, parent_length: int) -> str | None:
        parent = self.codes.get(parent_length)
        return parent + part if parent else None


class _Labels:
    """Reads the code and name of a row from one panel's label columns."""

    def __init__(self, columns: list[Column]) -> None:
        self.split = [(c.role, c.index) for c in columns if c.role in ("lei", "kuan", "xiang")]
        self.code = [c.index for c in columns if c.role == "code"]
        self.name = [c.index for c in columns if c.role == "name"]
        self.first = min((c.index for c in columns), default=0)

    def read(
        self, grid: Grid, row: int, parents: _Parents
    ) -> tuple[str | None, str | None, str, str | None]:
        """(code, code cell, name, name cell)."""
        code: str | None = None
        code_cell: str | None = None
        loose: list[tuple[str, str]] = []  # texts found in code columns, e.g. a '合计' label
        parts: dict[str, tuple[str, int]] = {}
        for role, col in self.split:
            value = grid.filled(row, col)
            part = code_part(value)
            if part is not None:
                if role != "lei" and is_number(value):
                    part = part.zfill(2)  # 款/项 stored as numbers lost their leading zero
                parts[role] = (part, col)
            elif value is not None and cell_text(value):
                loose.append((cell_text(value), a1(*grid.anchor(row, col))))
        if parts:
            code = _join(parts, parents)
            if code:
                code_cell = a1(row, min(col for _p, col in parts.values()))
        for col in self.code:
            value = grid.filled(row, col)
            part = code_part(value)
            if part is not None and code is None:
                code, code_cell = part, a1(*grid.anchor(row, col))
            elif part is None and value is not None and cell_text(value):
                loose.append((cell_text(value), a1(*grid.anchor(row, col))))
        name, name_cell = "", None
        for col in self.name:
            text = cell_text(grid.filled(row, col))
            if text:
                name, name_cell = text, a1(*grid.anchor(row, col))
                break
        if not name and loose:
            name, name_cell = loose[0]
        if code is None and name:
            glued, rest = split_label(name)
            if glued:
                code, code_cell, name = glued, name_cell, rest
        if code:
            parents.note(code)
        return code, code_cell, _clean(name), name_cell


def _join(parts: dict[str, tuple[str, int]], parents: _Parents) -> str | None:
    """Split 类|款|项 parts -> code; a row showing only its 款 or 项 takes its parent's."""
    lei, kuan, xiang = (parts.get(k, (None,))[0] for k in ("lei", "kuan", "xiang"))
    if lei:
        return codes.join_split(lei, kuan, xiang)
    if kuan:
        code = parents.extend(kuan, 3)
        return code + xiang if code and xiang else code
    return parents.extend(xiang, 5) if xiang else None


@lru_cache(maxsize=4096)
def _clean(name: str) -> str:
    return _CJK_GAP.sub("", codes.clean_name(name))


def _amount(
    value: object, cell: str, unit: str, formula: str | None = None
) -> tuple[Amount, int | None]:
    """A cell -> (Amount, published decimals or None). ``formula``: the cell holds a formula
    saved without a calculated value (reported as not a number, VAL001)."""
    if value is None and formula is not None:
        return Amount(None, cell, invalid=True, text=f"={formula[:24]}（{_UNCALCULATED}）"), None
    if value is None:
        return Amount(None, cell), None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        if type(value) is int:
            return Amount(check_bound(value * UNIT_FEN[unit]), cell), 0
        parsed = read_amount(value, unit)
    except NotANumber as err:
        text = cell_text(value)[:200]
        if str(err) == TOO_LARGE:
            text = f"{text[:16]}（{TOO_LARGE}）"
        return Amount(None, cell, invalid=True, text=text), None
    if parsed is None:
        return Amount(None, cell), None
    return Amount(parsed[0], cell), parsed[1]


@lru_cache(maxsize=4096)
def _item(name: str, two_panel: bool) -> str | None:
    if norm(name) in TOTAL_WORDS or _BLOCK_TOTAL.match(norm(name)):
        return "total"
    item = tables.match_item(name)
    if item in _SINGLE_PANEL_TOTALS and not two_panel:
        return "total"
    return item


def _spends(row: Row) -> bool:
    """A line only the expenditure panel holds: a 类 (coded, or a name ending in 支出 that is
    no income item), 基本支出/项目支出, 本年支出合计, 结转下年, 支出总计. In a stacked summary it
    starts the expenditure panel even where the income panel has no 收入总计 line."""
    if row.item is not None:
        return row.item in _SPENDING_ITEMS
    return row.code is not None or row.name.endswith("支出")


def _is_note_row(cells: list[tuple[int, str]], after_total: bool) -> bool:
    """注：/说明：/空表说明 lines, sentences, and a lone uncoded text below a single-panel total."""
    text = "".join(t for _c, t in cells)
    if is_note(cells[0][1]) or EMPTY_NOTE.search(text):
        return True
    if len(text) >= 30 and _SENTENCE.search(text):
        return True
    return (
        after_total
        and len(cells) == 1
        and split_label(text)[0] is None
        and _item(_clean(text), False) is None
    )


class _Reader:
    """Reads the rows of one table; holds what the rows of a table share."""

    def __init__(self, grid: Grid, st: Structure, file: str | Path) -> None:
        self.grid, self.st, self.file = grid, st, file
        self.unit = st.unit or "元"
        self.two_panel = tables.TABLE_BY_ID[st.table_id].rows == "two_panel"
        self.measures = st.measure_columns()
        self.measure_cols = {c.index for c in self.measures}
        named = dict.fromkeys(c.panel for c in st.columns if c.panel)
        panels: list[str | None] = [*named] or [None]
        self.panels: list[str | None] = (
            (["income", "expenditure"] if self.two_panel else panels)
            if len(panels) == 2
            else [None]
        )
        self.blocks = len(self.panels) == 2 and not self.two_panel  # rows read block by block
        self.parents = _Parents()
        self.decimals: int | None = None
        self.layout = {}
        for panel in self.panels:
            columns = [c for c in st.columns if c.panel == panel]
            self.layout[panel] = (
                _Labels(columns),
                [
                    (c.key, c.index, col_letter(c.index))
                    for c in columns
                    if c.role == "measure" and c.key
                ],
                [(c.key, c.index) for c in columns if c.role == "text" and c.key],
            )

    def read(self) -> Table:
        st, grid = self.st, self.grid
        table = Table(
            id=st.table_id,
            sheet=grid.name,
            title=st.title,
            title_cell=a1(st.title_row, st.title_col),
            unit=st.unit,
            unit_cell=st.unit_cell,
            department=st.department,
            year=st.year,
            phase=st.phase,
        )
        if st.header_first >= 0:
            table.header_rows = (st.header_first + 1, st.header_last + 1)
        table.columns = {
            (f"{c.panel}.{c.key}" if c.panel else c.key or ""): col_letter(c.index)
            for c in self.measures
        }
        stacked_panel = "income" if st.stacked else None
        seen_total = False
        data_rows: set[int] = set()
        by_block: dict[str | None, list[Row]] = {p: [] for p in self.panels}
        for row in range(st.data_start, grid.nrows):
            cells = grid.texts(row)
            if not cells or is_numbering(cells):  # a 栏次 row, repeated after a page break
                continue
            if not self._has_amount(row) and (
                signature(grid, row) in st.skip_signatures
                or self._note(table, row, cells, seen_total and not self.two_panel)
            ):
                continue
            for panel in self.panels:
                parsed = self._row(row, panel)
                if parsed is None:
                    continue
                if stacked_panel:
                    if _spends(parsed):
                        stacked_panel = "expenditure"
                    parsed.panel = stacked_panel
                    if parsed.item == "income_total":
                        stacked_panel = "expenditure"
                seen_total = seen_total or parsed.item in _TOTAL_ITEMS
                (by_block[panel] if self.blocks else table.rows).append(parsed)
                data_rows.add(row)
        if self.blocks:
            table.rows.extend(r for panel in self.panels for r in by_block[panel])
        self._check_merged(data_rows)
        if self.decimals is not None:
            table.decimals = self.decimals
        return table

    def _note(
        self, table: Table, row: int, cells: list[tuple[int, str]], after_total: bool
    ) -> bool:
        """Keep a note line (注：…, 空表说明, a sentence after the total); True if it was one."""
        if not _is_note_row(cells, after_total):
            return False
        text = "\n".join(t for _c, t in cells)
        kind = "empty" if EMPTY_NOTE.search(text) else "footnote"
        table.notes.append(Note(text, a1(row, cells[0][0]), kind))
        return True

    def _has_amount(self, row: int) -> bool:
        for col in self.measure_cols:
            value = self.grid.value(row, col)
            if is_number(value) or (isinstance(value, str) and NUMERIC_TEXT.match(value.strip())):
                return True
        return False

    def _row(self, row: int, panel: str | None) -> Row | None:
        grid = self.grid
        labels, measures, text_columns = self.layout[panel]
        code, code_cell, name, name_cell = labels.read(grid, row, self.parents)
        amounts: dict[str, Amount] = {}
        number = str(row + 1)
        for key, col, letter in measures:
            formula = grid.uncalculated.get((row, col)) if grid.uncalculated else None
            amount, places = _amount(grid.value(row, col), letter + number, self.unit, formula)
            amounts[key] = amount
            if places is not None and (self.decimals is None or places > self.decimals):
                self.decimals = places
        texts = {}
        for key, col in text_columns:
            text = cell_text(grid.filled(row, col))
            if text:
                texts[key] = (text, a1(*grid.anchor(row, col)))
        has_amount = any(a.fen is not None or a.invalid for a in amounts.values())
        if not has_amount and not texts and not code and _ELLIPSIS.match(name):
            return None
        return Row(
            row=row + 1,
            name=name,
            name_cell=name_cell or a1(row, labels.first),
            code=code,
            code_cell=code_cell,
            scheme=codes.scheme_of(code) if code else None,
            depth=(codes.depth_of(code) or 0) if code else 0,
            item=None if code else _item(name, self.two_panel),
            panel=panel,
            amounts=amounts,
            texts=texts,
        )

    def _check_merged(self, data_rows: set[int]) -> None:
        start = self.st.data_start
        for r0, c0, r1, c1 in self.grid.merged:
            if r1 < start or self.grid.value(r0, c0) is None:
                continue
            if not any(c0 <= col <= c1 for col in self.measure_cols):
                continue
            if any(r in data_rows for r in range(max(r0, start), r1 + 1)):
                raise LayoutError(
                    "合并单元格覆盖了金额列，无法确定金额所在单元格 · merged cells over amount "
                    "columns",
                    file=self.file,
                    sheet=self.grid.name,
                    cell=f"{a1(r0, c0)}:{a1(r1, c1)}",
                )


def read_table(grid: Grid, st: Structure, file: str | Path) -> Table:
    """The :class:`Table` of a located structure."""
    return _Reader(grid, st, file).read()
