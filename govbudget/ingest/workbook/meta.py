"""Package metadata and narrative text.

Metadata (department, year, phase, level, scope 部门/单位, 批复日期, 公开日期, 涉密表格) is gathered as
*candidates* from, in rising priority: table titles, the cover sheet, each table's
``编制部门``/``编制单位`` line, the optional ``基本信息`` sheet (two columns: key, value) and the
caller's keyword arguments. The highest-priority candidate wins; ``Package.meta_sources``
records where each field came from (``title``, ``cover``, ``department_line``, ``basic_info``,
``argument``).

Narrative sheets (职能, 机构设置, 名词解释, 编制说明, 其他相关情况说明, …) are recognised by their
first text (``tables.TEXTS``) and kept whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from govbudget import tables
from govbudget.errors import UsageError
from govbudget.ingest.workbook.engines import a1
from govbudget.ingest.workbook.grid import Grid, cell_text, norm
from govbudget.model import Package, TextItem

SOURCES = ("name", "title", "cover", "department_line", "basic_info", "argument")
#: fields a caller's argument may contradict (PKG008)
CHECKED = ("year", "phase", "level")
_RANK = {source: rank for rank, source in enumerate(SOURCES)}

_COVER = re.compile(
    r"(19[89]\d|20\d\d)\s*年度?\s*(市级|区级|县级|区县级|乡级|镇级|乡镇级|街道)?.{0,8}(预算|决算)"
)
_SCOPE = re.compile(r"(部门|单位)(?:预算|决算)")
_COVER_DEPT = re.compile(
    r"^(?:(?:编制|填报|预算主管|主管|预算|决算)(?:部门|单位)|部门|(?:部门|单位)名称)\s*[:：]\s*(\S.*)$"
)
_COVER_TITLE = re.compile(
    r"^(\S{2,40}?)(?:19[89]\d|20\d\d)\s*年度?.{0,8}(?:部门|单位)(?:预算|决算)"
)
_ORGAN = re.compile(
    r"(?:局|委|委员会|办|办公室|厅|院|处|所|中心|馆|站|队|会|部|政府|事处|校|学|社|团)$"
)
_TABLE_TITLE = re.compile(r"^(\S{2,40}?)(?:19[89]\d|20\d\d)\s*年")
_UNITS = frozenset({"元", "万元", "亿元"})
_TOWNSHIP = re.compile(
    r"街道办事处|街道$|[乡镇](?:人民)?政府|(?<!城)[乡镇]$|(?<!城)[乡镇](?:财政所|卫生院|中心学校)"
)
_DISTRICT = re.compile(r"(?<![社小地校园景治])[区县旗](?!域)")
_SECTION = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+(?:部分|章|节|篇)|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])"
)
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SPLIT_LIST = re.compile(r"[,，、;；\s]+")
_PHASES = {"budget": "budget", "final": "final", "预算": "budget", "决算": "final"}
_LEVELS = {
    "市级": "市级", "市": "市级", "区县级": "区县级", "区级": "区县级", "县级": "区县级",
    "区县": "区县级", "乡镇级": "乡镇级", "乡级": "乡镇级", "镇级": "乡镇级", "乡镇": "乡镇级",
    "街道": "乡镇级", "municipal": "市级", "district": "区县级", "township": "乡镇级",
}  # fmt: skip
_INFO_KEYS = {
    "部门": "department", "单位": "department", "部门名称": "department",
    "单位名称": "department", "部门/单位名称": "department", "部门(单位)名称": "department",
    "年度": "year", "预算年度": "year", "决算年度": "year", "年份": "year",
    "阶段": "phase", "类型": "phase", "级次": "level", "层级": "level", "预算级次": "level",
    "批复日期": "approval_date", "批复时间": "approval_date",
    "公开日期": "publication_date", "公开时间": "publication_date",
    "涉密表格": "classified", "涉密": "classified",
}  # fmt: skip


@dataclass
class Candidate:
    """One value for a metadata field and where it was found (a ``SOURCES`` entry)."""

    field: str
    value: object
    source: str


def parse_phase(value: object) -> str | None:
    text = norm(value).lower()
    return _PHASES.get(text) or next((p for w, p in _PHASES.items() if w in text), None)


def parse_level(value: object) -> str | None:
    text = norm(value)
    return _LEVELS.get(text) or _LEVELS.get(text.lower())


def parse_year(value: object) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        year = int(value)
    else:
        found = re.search(r"(19[89]\d|20\d\d)", cell_text(value))
        if not found:
            return None
        year = int(found.group(1))
    return year if 1980 <= year <= 2099 else None


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = _DATE.search(cell_text(value))
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def parse_classified(value: object) -> tuple[str, ...]:
    """'gov_fund，国有资本经营预算支出表' -> ('gov_fund', 'state_capital')."""
    found: list[str] = []
    for token in _SPLIT_LIST.split(cell_text(value)):
        if not token:
            continue
        table_id = token if token in tables.TABLE_BY_ID else None
        if table_id is None:
            matched = tables.match_title(token)
            table_id = matched[0] if matched else None
        if table_id is None:
            table_id = next((t.id for t in tables.TABLES if norm(t.zh) == norm(token)), None)
        if table_id and table_id not in found:
            found.append(table_id)
    return tuple(found)


def first_text(grid: Grid) -> tuple[int, int, str] | None:
    for row in range(grid.nrows):
        cells = grid.texts(row)
        if cells:
            return row, cells[0][0], cells[0][1]
    return None


def text_id(title: str) -> str | None:
    """The ``tables.TEXTS`` id a narrative sheet's first text names, if any."""
    compact = norm(title)
    if len(compact) > 60:
        return None
    return next((t.id for t in tables.TEXTS if re.search(t.title, compact)), None)


def narrative(grid: Grid) -> TextItem | None:
    """A narrative sheet as one :class:`TextItem` (title + all text below it), or None."""
    head = first_text(grid)
    if head is None:
        return None
    row, col, title = head
    found = text_id(title)
    if found is None:
        return None
    body: list[str] = []
    cell = a1(row, col)
    for r in range(row, grid.nrows):
        for c, text in grid.texts(r):
            if (r, c) == (row, col):
                continue
            if not body:
                cell = a1(r, c)
            body.append(text)
    return TextItem(id=found, sheet=grid.name, cell=cell, title=title, text="\n".join(body))


_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*"
)
_HEADING_END = re.compile(r"^(.{2,24}?)[:：]\s*(.*)$", re.S)


def _heading(line: str) -> tuple[str, str] | None:
    """(text id, rest of the line) when ``line`` opens a narrative section: a short line naming
    one (``一、部门主要职能``, ``（二）机构设置``) or such a name followed by a colon and text."""
    text = _NUMBERING.sub("", norm(line))
    inline = _HEADING_END.match(text)
    head, rest = (inline.group(1), inline.group(2)) if inline else (text, "")
    if len(head) > 24:
        return None
    found = text_id(head)
    return (found, rest) if found not in (None, "basic_info") else None


def sections(grid: Grid) -> list[TextItem]:
    """Narrative parts found by content: each paragraph heading naming a ``tables.TEXTS`` item
    (on a 概况 / 说明 / cover sheet) with the text below it up to the next such heading."""
    found: list[TextItem] = []
    current: tuple[str, str, str, list[str]] | None = None  # id, cell, title, body
    lines = [
        (row, col, line)
        for row in range(grid.nrows)
        for col, text in grid.texts(row)
        for line in text.splitlines()
        if line.strip()
    ]  # a paragraph per line, whether the sheet has a cell per paragraph or one cell for all
    for row, col, text in lines:
        heading = _heading(text)
        if heading is not None:
            if current is not None and current[3]:
                found.append(TextItem(current[0], grid.name, current[1], current[2],
                                      "\n".join(current[3])))  # fmt: skip
            rest = [heading[1]] if heading[1] else []
            current = (heading[0], a1(row, col), text.strip(), rest)
        elif current is not None:
            current[3].append(text)
    if current is not None and current[3]:
        found.append(TextItem(current[0], grid.name, current[1], current[2], "\n".join(current[3])))
    return found


def is_info_sheet(grid: Grid) -> bool:
    head = first_text(grid)
    return norm(grid.name) == "基本信息" or (head is not None and norm(head[2]) == "基本信息")


def info_candidates(grid: Grid) -> list[Candidate]:
    """Key/value rows of the 基本信息 sheet."""
    found: list[Candidate] = []
    for row in range(grid.nrows):
        cells = [(c, v) for c, v in enumerate(grid.rows[row]) if v is not None and cell_text(v)]
        if len(cells) < 2:
            continue
        key = norm(cells[0][1]).rstrip(":")
        field = _INFO_KEYS.get(key)
        if field is None:
            continue
        value = cells[1][1]
        parsed = _parse_field(field, value)
        if parsed is not None and parsed != ():
            found.append(Candidate(field, parsed, "basic_info"))
    return found


def _parse_field(field: str, value: object) -> object:
    if field == "department":
        return cell_text(value) or None
    if field == "year":
        return parse_year(value)
    if field == "phase":
        return parse_phase(value)
    if field == "level":
        return parse_level(value)
    if field in ("approval_date", "publication_date"):
        return parse_date(value)
    return parse_classified(value)


def cover_candidates(grid: Grid) -> list[Candidate]:
    """Year, phase, level and department from a cover page (封面)."""
    found: list[Candidate] = []
    for row in range(min(grid.nrows, 40)):
        for _col, text in grid.texts(row):
            compact = norm(text)
            if len(compact) > 60:
                continue
            if cover := _COVER.search(compact):
                found.append(Candidate("year", int(cover.group(1)), "cover"))
                found.append(Candidate("phase", parse_phase(cover.group(3)), "cover"))
                if cover.group(2):
                    found.append(Candidate("level", parse_level(cover.group(2)), "cover"))
                if scope := _SCOPE.search(compact):
                    found.append(Candidate("scope", scope.group(1), "cover"))
                if titled := department_in_title(compact):  # '上海市普陀区财政局2024年度部门决算'
                    found.append(Candidate("department", titled, "cover"))
            elif (dept := _COVER_DEPT.match(compact)) and dept.group(1) not in _UNITS:
                found.append(Candidate("department", dept.group(1), "cover"))
    return found


def department_in_title(title: str) -> str | None:
    """The department a title opens with: '上海市普陀区财政局2024年度部门决算' / '…2016年部门收支总表'
    -> '上海市普陀区财政局' (only a name ending like an organ: 局, 委, 办, 政府, 中心, …)."""
    text = _SECTION.sub("", norm(title))  # '第二部分' / '一、' before the name is no part of it
    found = _COVER_TITLE.match(text) or _TABLE_TITLE.match(text)
    if found and _ORGAN.search(_BRACKETS.sub("", found.group(1))):
        return found.group(1)
    return None


def infer_level(department: str | None) -> str | None:
    """The level a department's name implies: …乡 / 镇 / 街道办事处 → 乡镇级, …区 / 县 … → 区县级,
    …市… → 市级; None when the name says nothing."""
    if not department:
        return None
    name = _BRACKETS.sub("", norm(department))
    if _TOWNSHIP.search(name):
        return "乡镇级"
    if _DISTRICT.search(name):
        return "区县级"
    return "市级" if "市" in name else None


def table_candidates(package: Package) -> list[Candidate]:
    """The most common department, year and phase over the tables' titles and 编制部门 lines."""
    found: list[Candidate] = []
    every = list(package.tables.values()) + package.duplicates
    for field, source in (("year", "title"), ("phase", "title"), ("department", "department_line")):
        values = Counter(getattr(t, field) for t in every if getattr(t, field))
        if values:
            found.append(Candidate(field, values.most_common(1)[0][0], source))
    titled = Counter(filter(None, (department_in_title(t.title) for t in every)))
    if titled:  # '乌鲁木齐市教育局2016年部门收支总表'
        found.append(Candidate("department", titled.most_common(1)[0][0], "title"))
    return found


def argument_candidates(
    year: int | None, phase: str | None, level: str | None, department: str | None
) -> list[Candidate]:
    found = []
    if year is not None:
        found.append(Candidate("year", int(year), "argument"))
    if phase is not None:
        parsed = parse_phase(phase)
        if parsed is None:
            raise UsageError(
                f"阶段只能是 budget/final（预算/决算）· phase must be budget or final: {phase}"
            )
        found.append(Candidate("phase", parsed, "argument"))
    if level is not None:
        parsed = parse_level(level)
        if parsed is None:
            raise UsageError(
                f"级次只能是 市级/区县级/乡镇级 · level must be 市级, 区县级 or 乡镇级: {level}"
            )
        found.append(Candidate("level", parsed, "argument"))
    if department:
        found.append(Candidate("department", department, "argument"))
    return found


_FIELDS = {
    "department": "department", "year": "year", "phase": "phase", "level": "level",
    "approval_date": "approval_date", "publication_date": "publication_date",
    "classified": "classified", "scope": "scope",
}  # fmt: skip


def _best(candidates: list[Candidate]) -> dict[str, Candidate]:
    best: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.value is None:
            continue
        held = best.get(candidate.field)
        if held is None or _RANK[candidate.source] > _RANK[held.source]:
            best[candidate.field] = candidate
    return best


def apply(package: Package, candidates: list[Candidate]) -> None:
    """Set each field from its highest-priority candidate; record the source. The level, when
    nothing declares it, is inferred from the department's name (source ``name``). A caller's
    year, phase or level that differs from what the document states is kept, and the pair is
    recorded in ``Package.meta_conflicts`` (PKG008)."""
    document = _best([c for c in candidates if c.source != "argument"])
    if "level" not in document and (level := infer_level(_value(document, "department"))):
        document["level"] = Candidate("level", level, "name")
    best = {**document, **_best([c for c in candidates if c.source == "argument"])}
    for name, candidate in best.items():
        setattr(package, _FIELDS[name], candidate.value)
        package.meta_sources[name] = candidate.source
    for name in CHECKED:
        given, stated = best.get(name), document.get(name)
        if given and stated and given.source == "argument" and given.value != stated.value:
            package.meta_conflicts[name] = (given.value, stated.value)


def _value(best: dict[str, Candidate], name: str) -> str | None:
    held = best.get(name)
    return str(held.value) if held is not None else None
