"""Find a table's title, its 编制部门 / 单位 lines and its header block, and name its columns.

A table is recognised by its title (``tables.match_title``) in the top rows of a sheet and by
header words (``tables.MEASURES`` headers) — never by the sheet's name or position. The header
block may span several rows with merged cells; each column is named from the texts above it
(its *path*, e.g. ``('“三公”经费预算数', '公务用车购置及运行费', '小计')``), the lowest text
deciding and its parents breaking ties (a ``小计`` under 公务用车购置及运行费 is that measure,
not a table total).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govbudget import tables
from govbudget.ingest.workbook.grid import Grid, is_number, norm
from govbudget.money import BLANKS

TITLE_SCAN_ROWS = 12  # the title sits in the first rows of a sheet
MAX_HEADER_ROWS = 8

_UNIT = re.compile(r"(?<!编制)(?<!填报)(?<!预算)(?:金额|计量)?单位\s*[:：]\s*(亿元|万元|元)")
_UNIT_IN_HEADER = re.compile(r"[(（]\s*(亿元|万元|元)\s*[)）]")
_DEPT = re.compile(
    r"(?:(?:编制|填报|预算主管|主管|预算)(?:部门|单位)|部门|(?:部门|单位)名称)\s*[:：]\s*(.*)"
)  # a bare '单位：' states the unit, never the department
_DEPT_CUT = re.compile(r"\s*(?:(?:金额|计量)?单位\s*[:：].*|\s{2,}.*)$")
_YEAR = re.compile(r"(19[89]\d|20\d\d)\s*年")
_GLUED_CODE = re.compile(r"^\s*\d{3}(?:\s*\d{2}){0,2}(?!\d)\s*[\.、．]?\s*[^\d\s.,，]")
NUMERIC_TEXT = re.compile(r"^[(（]?[-+]?[\d,，]*\.?\d+[)）]?$")
NOTE_START = re.compile(
    r"^\s*(?:注|说明|备注|附注|填表说明|资料来源)\s*[0-9一二三四五六七八九十]*\s*[:：]"
)
EMPTY_NOTE = re.compile(
    r"空表|(?:本|此)表(?:无|没有)(?:数据|内容)|无[^，。；,;]{0,40}(?:预算|决算|安排|收支|支出|收入|经费)"
    r"[^。]{0,20}(?:故|因此|所以)"
)

_SPLIT_ROLES = {"类": "lei", "款": "kuan", "项": "xiang"}
LABEL_ROLES = ("lei", "kuan", "xiang", "code", "name")
_TEXT_FIELDS = {"补助标准": "standard", "发放程序": "procedure", "资金分配结果": "allocation"}
_NAME_WORDS = {"项目", "科目", "项目名称", "收入项目", "支出项目", "摘要", "内容", "单位名称"}
_LABEL_VOCAB = re.compile(
    r"^(?:[类款项]|类款项|项目|项目名称|.{0,14}(?:科目|编码|代码|名称|分类))$"
)
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d年度?")
_UNIT_SUFFIX = re.compile(r"\((?:亿元|万元|元)\)$")
_SUFFIX = re.compile(r"(?:预算数|决算数|预算|决算|数)$")
#: 预算数 | 决算数 pairs under each measure of a 决算 三公 table: the parent measure decides
_PHASE_LEAVES = frozenset({"预算数", "决算数"})
_COLUMN_NUMBER_WORDS = {"栏次", "行次"}  # a row of column numbers under the header


def _measure_table() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for spec in tables.MEASURES:
        for header in spec.headers:
            lookup.setdefault(norm(header), spec.id)
    return lookup


_MEASURE_OF = _measure_table()


def measure_of(text: str) -> str | None:
    """Normalised header text -> measure id (exact match after dropping a year and a unit)."""
    text = _UNIT_SUFFIX.sub("", _YEAR_PREFIX.sub("", text))
    found = _MEASURE_OF.get(text)
    if found is None and (stripped := _SUFFIX.sub("", text)) != text:
        found = _MEASURE_OF.get(stripped)
    return found


@dataclass
class Column:
    """One named column of a table (0-based index)."""

    index: int
    role: str  # 'lei' | 'kuan' | 'xiang' | 'code' | 'name' | 'measure' | 'text'
    key: str | None = None  # measure id, or 民生 text field id
    panel: str | None = None
    path: tuple[str, ...] = ()


@dataclass
class Structure:
    """Where a recognised table's parts are on its sheet (0-based rows)."""

    table_id: str
    phase: str
    title: str
    title_row: int
    title_col: int
    unit: str | None = None
    unit_cell: str | None = None
    department: str | None = None
    year: int | None = None
    header_first: int = -1
    header_last: int = -1
    columns: list[Column] = field(default_factory=list)
    stacked: bool = False  # a two-panel table laid out one panel under the other
    skip_signatures: set[tuple[str, ...]] = field(default_factory=set)

    @property
    def data_start(self) -> int:
        return (self.header_last if self.header_last >= 0 else self.title_row) + 1

    def measure_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role == "measure"]


def find_title(grid: Grid, phase: str | None) -> tuple[int, int, str, str, str] | None:
    """(row, col, text, table id, phase) of the first standard-table title in the top rows."""
    for row in range(min(grid.nrows, TITLE_SCAN_ROWS)):
        for col, text in grid.texts(row):
            found = tables.match_title(text)
            if found is None and phase:
                found = tables.match_title(text, phase)
            if found:
                return row, col, text, found[0], found[1]
    return None


def signature(grid: Grid, row: int) -> tuple[str, ...]:
    return tuple(norm(t) for _c, t in grid.texts(row))


def is_note(text: str) -> bool:
    return bool(NOTE_START.match(text) or EMPTY_NOTE.search(text))


def _looks_data(value: object) -> bool:
    """A value no header holds: a number, a number as text, a blank marker, a glued code."""
    if value is None:
        return False
    if is_number(value):
        return True
    text = str(value).strip()
    return text in BLANKS or bool(NUMERIC_TEXT.match(text)) or bool(_GLUED_CODE.match(text))


def locate(grid: Grid, phase: str | None = None) -> Structure | None:
    """The structure of the table on this sheet, or None if the sheet holds no standard table."""
    found = find_title(grid, phase)
    if found is None:
        return None
    title_row, title_col, title, table_id, found_phase = found
    st = Structure(table_id, found_phase, title, title_row, title_col)
    st.skip_signatures.add(signature(grid, title_row))
    if year := _YEAR.search(title):
        st.year = int(year.group(1))
    row = title_row
    _read_meta_line(grid, st, row)
    row += 1
    while row < grid.nrows and row < title_row + TITLE_SCAN_ROWS:
        if grid.is_blank(row):
            row += 1
            continue
        if not _read_meta_line(grid, st, row):
            break
        st.skip_signatures.add(signature(grid, row))
        row += 1
    _read_header(grid, st, row)
    bare = all(grid.is_blank(r) for r in range(title_row)) and all(
        grid.is_blank(r) for r in range(row, grid.nrows)
    )  # a sheet holding only a title (and its 编制部门/单位 line)
    if not st.measure_columns() and not bare and not _has_note(grid, st):
        return None
    return st


def _read_meta_line(grid: Grid, st: Structure, row: int) -> bool:
    """Read 编制部门 and 单位 from a line; True if the line is such a meta line."""
    is_meta = False
    cells = grid.texts(row)
    for index, (col, text) in enumerate(cells):
        if st.unit is None and (unit := _UNIT.search(text)):
            st.unit, st.unit_cell = unit.group(1), grid.ref(row, col)
            is_meta = True
        dept = _DEPT.match(text)
        if dept and dept.group(1).strip() not in ("元", "万元", "亿元"):
            is_meta = True
            name = _DEPT_CUT.sub("", dept.group(1)).strip()
            if not name and index + 1 < len(cells):
                following = cells[index + 1][1]
                name = "" if _UNIT.search(following) else _DEPT_CUT.sub("", following).strip()
            if name and st.department is None:
                st.department = name
        elif _UNIT.search(text):
            is_meta = True
    return is_meta


def _has_note(grid: Grid, st: Structure) -> bool:
    for row in range(st.data_start, min(grid.nrows, st.data_start + 30)):
        if any(is_note(t) for _c, t in grid.texts(row)):
            return True
    return False


def _read_header(grid: Grid, st: Structure, first: int) -> None:
    """Find the header rows starting at ``first`` and name the columns."""
    header_rows: list[int] = []
    paths: dict[int, tuple[str, ...]] = {}
    label_cols: set[int] = set()
    last = -1
    for row in range(first, min(grid.nrows, first + MAX_HEADER_ROWS)):
        cells = grid.texts(row)
        if not cells:
            continue
        numbering = is_numbering(cells)
        if not numbering and (
            any(is_note(t) for _c, t in cells) or _is_data_row(grid, row, label_cols)
        ):
            break
        last = row
        st.skip_signatures.add(signature(grid, row))
        if not numbering:
            header_rows.append(row)
            _extend_paths(grid, row, paths)
            label_cols = {c for c, path in paths.items() if _role(path)[0] in LABEL_ROLES}
    if not header_rows:
        return
    st.header_first, st.header_last = header_rows[0], last
    if st.unit is None:
        for r in header_rows:
            for col, text in grid.texts(r):
                if unit := _UNIT_IN_HEADER.search(text):
                    st.unit, st.unit_cell = unit.group(1), grid.ref(r, col)
                    break
            if st.unit:
                break
    st.columns = _name_columns(st, paths)


def is_numbering(cells: list[tuple[int, str]]) -> bool:
    """A 栏次 / 行次 row: the word and column numbers only (a header row that names a 行次 column
    among its headings is not one)."""
    words = [norm(t) for _c, t in cells]
    return any(w in _COLUMN_NUMBER_WORDS for w in words) and all(
        w in _COLUMN_NUMBER_WORDS or w.isdigit() or not w for w in words
    )


def _is_data_row(grid: Grid, row: int, label_cols: set[int]) -> bool:
    for col, value in enumerate(grid.rows[row]):
        if value is None:
            continue
        if _looks_data(value):
            return True
        if col in label_cols and not _LABEL_VOCAB.match(norm(grid.filled(row, col))):
            return True
    return False


def _extend_paths(grid: Grid, row: int, paths: dict[int, tuple[str, ...]]) -> None:
    """Add one header row's texts (merged cells filled) to each column's path."""
    for col in range(grid.ncols):
        text = norm(grid.filled(row, col))
        path = paths.get(col, ())
        if text and (not path or path[-1] != text):
            paths[col] = (*path, text)


def _role(
    path: tuple[str, ...], paired: frozenset[tuple[str, ...]] = frozenset()
) -> tuple[str | None, str | None]:
    """A column's role and key from its header path. ``paired``: parents holding both a 预算数
    and a 决算数 leaf, whose leaves take the parent's measure."""
    leaf = path[-1]
    if leaf in _SPLIT_ROLES:
        return _SPLIT_ROLES[leaf], None
    measure = measure_of(leaf)
    if measure is not None:
        if leaf == "小计" or (leaf in _PHASE_LEAVES and path[:-1] in paired):
            for parent in reversed(path[:-1]):
                above = measure_of(parent)
                if above is not None and above != "total":
                    return "measure", above
        return "measure", measure
    for word, key in _TEXT_FIELDS.items():
        if word in leaf:
            return "text", key
    if ("编码" in leaf or "代码" in leaf or "分类" in leaf) and "名称" not in leaf:
        return "code", None
    if "名称" in leaf or leaf in _NAME_WORDS or leaf.endswith("科目"):
        return "name", None
    return None, None


def _name_columns(st: Structure, paths: dict[int, tuple[str, ...]]) -> list[Column]:
    columns = []
    leaves: dict[tuple[str, ...], set[str]] = {}
    for path in paths.values():
        leaves.setdefault(path[:-1], set()).add(path[-1])
    paired = frozenset(p for p, found in leaves.items() if found >= _PHASE_LEAVES)
    for col, path in sorted(paths.items()):
        role, key = _role(path, paired)
        if role is not None:
            columns.append(Column(col, role, key, None, path))
    if tables.TABLE_BY_ID[st.table_id].rows == "economic":
        _name_blocks(columns)
    if tables.TABLE_BY_ID[st.table_id].rows == "two_panel":
        first_measure = min((c.index for c in columns if c.role == "measure"), default=None)
        split = next(
            (
                c.index
                for c in columns
                if c.role in LABEL_ROLES and first_measure is not None and c.index > first_measure
            ),
            None,
        )
        if split is None:
            st.stacked = True
        else:
            for column in columns:
                column.panel = "income" if column.index < split else "expenditure"
    return _drop_duplicates(columns, st.phase, st.table_id)


def _budget_block(path: tuple[str, ...]) -> bool:
    """A column under a 预算数 heading (and no 决算 heading): the 决算 三公 table's budget block."""
    return any("预算" in p for p in path) and not any("决算" in p for p in path)


def _name_blocks(columns: list[Column]) -> None:
    """Side-by-side blocks of an economic table (人员经费 | 公用经费, each with its own code, name
    and amount columns): label columns after an amount column start a new block; each block
    is a panel named by the 人员经费 / 公用经费 heading above it."""
    blocks: list[list[Column]] = [[]]
    for column in columns:
        if column.role in LABEL_ROLES and any(c.role == "measure" for c in blocks[-1]):
            blocks.append([])
        blocks[-1].append(column)
    if len(blocks) != 2:
        return
    for block, default in zip(blocks, ("personnel", "public"), strict=True):
        words = "".join(p for c in block for p in c.path)
        name = "public" if "公用经费" in words else "personnel" if "人员经费" in words else default
        for column in block:
            column.panel = name


def _drop_duplicates(columns: list[Column], phase: str, table_id: str = "") -> list[Column]:
    """One column per (panel, measure): prefer the one whose parents name the phase. The 决算
    三公 table's 预算数 block is kept apart, as ``budget.<measure>`` columns."""
    word = tables.PHASE_ZH[phase]
    if table_id == "three_public" and phase == "final":
        for column in columns:
            if column.role == "measure" and _budget_block(column.path):
                column.key = f"budget.{column.key}"
    chosen: dict[tuple[str | None, str], Column] = {}
    for column in columns:
        if column.role != "measure":
            continue
        key = (column.panel, column.key or "")
        held = chosen.get(key)
        if held is None or (
            not any(word in p for p in held.path) and any(word in p for p in column.path)
        ):
            chosen[key] = column
    keep = {id(c) for c in chosen.values()}
    return [c for c in columns if c.role != "measure" or id(c) in keep]
