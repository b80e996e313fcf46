"""Lay a package out as sheets (backend-neutral): titles, 编制部门/单位 lines, headers, rows.

See :class:`Layout` for the options; :func:`build_sheets` returns :class:`SheetSpec` objects
(cell values by position plus merged ranges) that :mod:`govbudget_dev.write.backends` saves.
"""

from __future__ import annotations

import re

from govbudget import tables
from govbudget.model import Package, Row, Table
from govbudget_dev.write.official import (
    THREE_PUBLIC_BLOCK,
    basic_blocks,
    block_lines,
    column_numbers,
    three_public_blocks,
    three_public_blocks_header,
    write_blocks_row,
)
from govbudget_dev.write.sheet import Col, Layout, SheetSpec, amount_value

#: Standard table order in a written workbook.
ORDER = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "gpb_expenditure",
    "gov_fund",
    "state_capital",
    "gpb_basic",
    "three_public",
    "minsheng",
)
#: Title words per table: (budget, final). Each matches ``tables.match_title``.
TITLES = {
    "summary": ("部门收支总表", "收入支出决算总表"),
    "income": ("部门收入总表", "收入决算表"),
    "expenditure": ("部门支出总表", "支出决算表"),
    "fiscal_summary": ("财政拨款收支总表", "财政拨款收入支出决算总表"),
    "gpb_expenditure": ("一般公共预算支出表", "一般公共预算财政拨款支出决算表"),
    "gpb_basic": ("一般公共预算基本支出表", "一般公共预算财政拨款基本支出决算表"),
    "three_public": ("“三公”经费支出表", "财政拨款“三公”经费支出决算表"),
    "gov_fund": ("政府性基金预算支出表", "政府性基金预算财政拨款收入支出决算表"),
    "state_capital": ("国有资本经营预算支出表", "国有资本经营预算财政拨款支出决算表"),
    "minsheng": ("民生项目表", "民生项目决算表"),
}
_GROUP = {
    "income": ("收入预算", "本年收入"),
    "expenditure": ("支出预算", "本年支出"),
    "gpb_expenditure": ("一般公共预算支出", "一般公共预算财政拨款支出"),
    "gov_fund": ("政府性基金预算支出", "政府性基金预算财政拨款支出"),
    "state_capital": ("国有资本经营预算支出", "国有资本经营预算财政拨款支出"),
    "gpb_basic": ("一般公共预算基本支出", "一般公共预算财政拨款基本支出"),
}
_HEADER = {"fiscal": "财政拨款收入"}
_THREE_PUBLIC_ORDER = (
    "total",
    "outbound",
    "reception",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "admin_operating",
)
_CN = "一二三四五六七八九十"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_INFO_PHASE = {"budget": "预算", "final": "决算"}


def _label_cols(table_id: str, layout: Layout) -> list[Col]:
    rows = tables.TABLE_BY_ID[table_id].rows
    if rows == "projects":
        return [Col("name"), Col("code")]
    if rows == "single":
        return []
    if layout.codes == "glued":
        return [Col("glued")]
    if layout.codes == "single":
        return [Col("code"), Col("name")]
    parts = ("lei", "kuan") if rows == "economic" else ("lei", "kuan", "xiang")
    return [Col(p) for p in parts] + [Col("name")]


def _measures(table: Table, panel: str | None, standard: tuple[str, ...]) -> list[str]:
    found = {k for r in table.rows if r.panel == panel or panel is None for k in r.amounts}
    extra = [m.id for m in tables.MEASURES if m.id in found and m.id not in standard]
    return list(standard) + extra


def _rowno(layout: Layout, panel: str | None = None) -> list[Col]:
    return [Col("rowno", None, panel)] if layout.official else []


def _columns(table: Table, layout: Layout, phase: str) -> list[Col]:
    tid = table.id
    if tid in tables.PANEL_COLUMNS:
        panels = tables.PANEL_COLUMNS[tid]
        income = _measures(table, "income", panels["income"])
        spend = _measures(table, "expenditure", panels["expenditure"])
        if "personnel" in spend:  # 单位收支总表: 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出
            order = ("total", "basic", "personnel", "public", "project")
            spend = [m for m in order if m in spend] + [m for m in spend if m not in order]
        if layout.two_panel:
            return (
                [Col("name", None, "income"), *_rowno(layout, "income")]
                + [Col("measure", m, "income") for m in income]
                + [Col("name", None, "expenditure"), *_rowno(layout, "expenditure")]
                + [Col("measure", m, "expenditure") for m in spend]
            )
        union = spend + [m for m in income if m not in spend]
        return [Col("name"), *_rowno(layout)] + [Col("measure", m) for m in union]
    if basic_blocks(table, layout, phase):
        return [
            col
            for panel in ("personnel", "public")
            for col in (
                Col("code", None, panel),
                Col("name", None, panel),
                Col("measure", "total", panel),
            )
        ]
    standard = tables.COLUMNS.get(tid, ())
    if tid == "three_public" and three_public_blocks(layout, phase):
        found = _measures(table, None, THREE_PUBLIC_BLOCK)
        return [
            Col("measure", m, None, block)
            for block in ("预算数", "决算数")
            for m in found
            if m != "admin_operating"
        ] + [Col("measure", "admin_operating") for _ in found[-1:] if "admin_operating" in found]
    if tid == "three_public" and layout.merged_header:
        standard = _THREE_PUBLIC_ORDER
    cols = _label_cols(tid, layout) + [Col("measure", m) for m in _measures(table, None, standard)]
    if layout.official and tid != "three_public" and tables.TABLE_BY_ID[tid].rows != "projects":
        nlabel = sum(c.kind != "measure" for c in cols)
        cols = cols[:nlabel] + _rowno(layout) + cols[nlabel:]
    if tid == "minsheng":
        cols += [Col("text", k) for k in tables.MINSHENG_FIELDS]
    return cols


def _measure_header(key: str, col: Col, cols: list[Col], phase: str) -> str:
    if key == "total":
        same_panel = [c for c in cols if c.kind == "measure" and c.panel == col.panel]
        if col.panel and len(same_panel) == 1:
            return "决算数" if phase == "final" else "预算数"
    return _HEADER.get(key) or tables.MEASURE_BY_ID[key].zh


def _label_header(kind: str, table_id: str) -> str:
    economic = tables.TABLE_BY_ID[table_id].rows == "economic"
    scheme = "部门预算经济分类" if economic else "功能分类"
    if kind == "rowno":
        return "行次"
    return {
        "lei": "类",
        "kuan": "款",
        "xiang": "项",
        "code": f"{scheme}科目编码",
        "name": "项目名称"
        if table_id == "minsheng"
        else ("项目" if table_id in tables.PANEL_COLUMNS else f"{scheme}科目名称"),
        "glued": f"{scheme}科目编码及名称",
    }[kind]


def _header(
    sheet: SheetSpec, top: int, table: Table, cols: list[Col], layout: Layout, phase: str
) -> int:
    """Write the header block at row ``top``; return its height."""
    tid = table.id
    texts = [
        _measure_header(c.key or "", c, cols, phase)
        if c.kind == "measure"
        else tables.MINSHENG_FIELDS[c.key or ""]
        if c.kind == "text"
        else _label_header(c.kind, tid)
        for c in cols
    ]
    height = _header_block(sheet, top, table, cols, texts, layout, phase)
    if layout.official and any(c.kind == "measure" for c in cols) and cols[0].kind != "measure":
        column_numbers(sheet, top + height, cols)
        height += 1
    return height


def _header_block(
    sheet: SheetSpec,
    top: int,
    table: Table,
    cols: list[Col],
    texts: list[str],
    layout: Layout,
    phase: str,
) -> int:
    tid = table.id
    if basic_blocks(table, layout, phase):
        for start, group in ((0, "人员经费"), (3, "公用经费")):
            sheet.put(top, start, group, cols=3)
            for i, text in enumerate(("科目编码", "科目名称", "决算数")):
                sheet.put(top + 1, start + i, text)
        return 2
    if tid == "three_public" and three_public_blocks(layout, phase):
        return three_public_blocks_header(sheet, top, cols)
    if not layout.merged_header or tid == "minsheng":
        for i, text in enumerate(texts):
            sheet.put(top, i, text)
        return 1
    if tid in tables.PANEL_COLUMNS:
        return _panel_header(sheet, top, tid, cols, texts, layout)
    if tid == "three_public":
        return _three_public_header(sheet, top, cols, texts, phase)
    nlabel = sum(c.kind not in ("measure", "rowno") for c in cols)
    ncode = sum(c.kind in ("lei", "kuan", "xiang") for c in cols)
    sheet.put(top, 0, "项目", cols=nlabel)
    nfirst = sum(c.kind != "measure" for c in cols)
    sheet.put(top, nfirst, _GROUP[tid][phase == "final"], cols=len(cols) - nfirst)
    if ncode:
        sheet.put(top + 1, 0, _label_header("code", tid), cols=ncode)
    for i, col in enumerate(cols):
        if col.kind == "rowno":
            sheet.put(top, i, texts[i], rows=3)
        elif col.kind in ("lei", "kuan", "xiang"):
            sheet.put(top + 2, i, texts[i])
        else:
            sheet.put(top + 1, i, texts[i], rows=2)
    return 3


def _panel_header(
    sheet: SheetSpec, top: int, tid: str, cols: list[Col], texts: list[str], layout: Layout
) -> int:
    fiscal = tid == "fiscal_summary"
    groups = ("财政拨款收入", "财政拨款支出") if fiscal else ("本年收入", "本年支出")
    if not layout.two_panel:
        sheet.put(top, 0, "项目", rows=2)
        sheet.put(top, 1, "金额", cols=len(cols) - 1)
        for i in range(1, len(cols)):
            sheet.put(top + 1, i, texts[i])
        return 2
    if any(c.key == "personnel" for c in cols):
        return _breakdown_header(sheet, top, cols, texts, groups)
    for panel, group in zip(("income", "expenditure"), groups, strict=True):
        indexes = [i for i, c in enumerate(cols) if c.panel == panel]
        sheet.put(top, indexes[0], group, cols=len(indexes))
        for i in indexes:
            sheet.put(top + 1, i, texts[i])
    return 2


def _breakdown_header(
    sheet: SheetSpec, top: int, cols: list[Col], texts: list[str], groups: tuple[str, str]
) -> int:
    """The 单位收支总表 header: 本年收入 | 本年支出 over 项目 and 预算数; under the expenditure
    side's 预算数, 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出."""
    for panel, group in zip(("income", "expenditure"), groups, strict=True):
        indexes = [i for i, c in enumerate(cols) if c.panel == panel]
        sheet.put(top, indexes[0], group, cols=len(indexes))
        measures = [i for i in indexes if cols[i].kind == "measure"]
        for i in indexes:
            if cols[i].kind != "measure":
                sheet.put(top + 1, i, texts[i], rows=3)
        if panel == "income" or len(measures) == 1:
            for i in measures:
                sheet.put(top + 1, i, "预算数", rows=3)
            continue
        sheet.put(top + 1, measures[0], "预算数", cols=len(measures))
        basic = [i for i in measures if cols[i].key in ("basic", "personnel", "public")]
        for i in measures:
            if i in basic:
                sheet.put(top + 3, i, "小计" if cols[i].key == "basic" else texts[i])
            else:
                sheet.put(top + 2, i, texts[i], rows=2)
        sheet.put(top + 2, basic[0], "基本支出", cols=len(basic))
    return 4


def _three_public_header(
    sheet: SheetSpec, top: int, cols: list[Col], texts: list[str], phase: str
) -> int:
    word = "决算数" if phase == "final" else "预算数"
    keys = [c.key for c in cols]
    inner = [i for i, k in enumerate(keys) if k != "admin_operating"]
    sheet.put(top, 0, f"“三公”经费{word}", cols=len(inner))
    vehicle = [
        i for i, k in enumerate(keys) if k in ("vehicle", "vehicle_purchase", "vehicle_operation")
    ]
    for i, key in enumerate(keys):
        if key == "admin_operating":
            sheet.put(top, i, f"机关运行经费{word}", rows=3)
        elif i in vehicle:
            sheet.put(
                top + 2,
                i,
                {"vehicle": "小计", "vehicle_purchase": "购置费"}.get(key or "", "运行费"),
            )
        else:
            sheet.put(top + 1, i, texts[i], rows=2)
    if vehicle:
        sheet.put(top + 1, vehicle[0], "公务用车购置及运行费", cols=len(vehicle))
    return 3


def _display_name(row: Row, counters: dict[str, int], layout: Layout) -> str:
    name = row.name
    if row.item in ("total", "income_total", "expenditure_total") or not name:
        return name
    if layout.numbered and not (layout.codes == "glued" and row.code):
        # a code glued to its name is never numbered as well: real tables show
        # '2013802一般行政管理事务' and '205 教育支出', and '20106011.行政运行' cannot be read
        level = row.depth or (
            2 if row.item in ("gpb", "gov_fund", "state_capital") and row.panel == "income" else 1
        )
        counters[level] = counters.get(level, 0) + 1
        for deeper in range(level + 1, 4):
            counters[deeper] = 0
        n = counters[level]
        mark = (
            f"{_CN[(n - 1) % 10]}、"
            if level == 1
            else (f"（{_CN[(n - 1) % 10]}）" if level == 2 and row.depth else f"{n}.")
        )
        name = mark + name
    return "  " * max(0, row.depth - 1) + name


def _label_values(row: Row, cols: list[Col], name: str) -> list[object]:
    code = row.code or ""
    values: list[object] = []
    for col in cols:
        if col.kind == "lei":
            values.append(int(code[:3]) if code[:3].isdigit() else code[:3] or None)
        elif col.kind == "kuan":
            values.append(code[3:5] or None)
        elif col.kind == "xiang":
            values.append(code[5:7] or None)
        elif col.kind == "code":
            values.append(code or None)
        elif col.kind == "glued":
            values.append(f"{code}{' ' if len(code) < 7 else ''}{name.lstrip()}" if code else name)
        elif col.kind == "name":
            values.append(name)
    return values


def _table_sheet(
    name: str, table: Table, package: Package, layout: Layout, number: int = 0
) -> SheetSpec:
    sheet = SheetSpec(name)
    phase = table.phase or package.phase or "budget"
    cols = _columns(table, layout, phase)
    year = table.year or package.year
    unit = (layout.three_public_unit or layout.unit) if table.id == "three_public" else layout.unit
    width = max(len(cols), 2)
    title = _title(table.id, phase, layout)
    label = layout.official and number > 0
    sheet.put(0, 0, f"{year}年{title}" if year else title, cols=width - 1 if label else width)
    if label:
        sheet.put(0, width - 1, f"公开{number:02d}表")
    who = "编制单位" if layout.scope == "单位" else "编制部门"
    sheet.put(1, 0, f"{who}：{table.department or package.department or ''}", cols=width - 1)
    if table.id not in layout.omit_unit:
        colon = ":" if table.id == "three_public" else "："
        sheet.put(
            1, width - 1, f"单位{colon}{unit}" if layout.merged_header else f"金额单位：{unit}"
        )
    top = 3
    height = _header(sheet, top, table, cols, layout, phase)
    header_copy = {k: v for k, v in sheet.cells.items() if k[0] >= top}
    header_merges = [m for m in sheet.merges if m[0] >= top]
    row_index = top + height
    if three_public_blocks(layout, phase) and table.id == "three_public":
        for row in table.rows:
            write_blocks_row(sheet, row_index, row, cols, unit, layout)
            row_index += 1
        return _finish(sheet, table, cols, layout, row_index, width)
    panels = _panels(table, layout, phase)
    lines = _panel_lines(table, panels, layout.official)
    counters: dict[str | None, dict[str, int]] = {p: {} for p in panels}
    for n, line in enumerate(lines):
        if layout.page_repeat and n and n % layout.page_repeat == 0:
            for (r, c), value in header_copy.items():
                sheet.put(row_index + r - top, c, value)
            sheet.merges += [
                (r0 - top + row_index, c0, r1 - top + row_index, c1)
                for r0, c0, r1, c1 in header_merges
            ]
            row_index += height
        for panel, row in zip(panels, line, strict=True):
            if row is not None:
                _write_row(sheet, row_index, row, cols, panel, unit, layout, counters[panel])
                _put_rowno(sheet, row_index, cols, panel, counters[panel])
        row_index += 1
    return _finish(sheet, table, cols, layout, row_index, width)


def _title(table_id: str, phase: str, layout: Layout) -> str:
    title = TITLES[table_id][phase == "final"]
    if layout.scope == "单位" and title.startswith("部门"):
        return "单位" + title[2:]
    return title


def _panels(table: Table, layout: Layout, phase: str) -> list[str | None]:
    if table.id in tables.PANEL_COLUMNS and layout.two_panel:
        return ["income", "expenditure"]
    if basic_blocks(table, layout, phase):
        return ["personnel", "public"]
    return [None]


def _put_rowno(
    sheet: SheetSpec, index: int, cols: list[Col], panel: str | None, counters: dict[str, int]
) -> None:
    for i, col in enumerate(cols):
        if col.kind == "rowno" and col.panel == panel:
            counters["rowno"] = counters.get("rowno", 0) + 1
            sheet.put(index, i, counters["rowno"])


def _finish(
    sheet: SheetSpec, table: Table, cols: list[Col], layout: Layout, row_index: int, width: int
) -> SheetSpec:
    notes = [n.text for n in table.notes] + ([layout.footnote] if layout.footnote else [])
    for text in notes:
        sheet.put(row_index, 0, text, cols=width)
        row_index += 1
    sheet.widths = {
        i: 28 if c.kind in ("name", "glued", "text") else 14 for i, c in enumerate(cols)
    }
    return sheet


def _panel_lines(
    table: Table, panels: list[str | None], total_first: bool = False
) -> list[tuple[Row | None, ...]]:
    """Rows per sheet line; side by side, each panel's closing total rows share the last lines.
    ``total_first``: the 合计 row opens a single-panel table (the official 决算 template)."""
    if panels == [None]:
        order = {"income": 0, "expenditure": 1}
        rows = sorted(table.rows, key=lambda r: order.get(r.panel or "", 2))
        if total_first and not any(r.panel for r in rows):
            rows = [r for r in rows if r.is_total] + [r for r in rows if not r.is_total]
        return [(r,) for r in rows]
    if panels == ["personnel", "public"]:
        return block_lines(table)
    bodies, tails = [], []
    for panel in panels:
        rows = [r for r in table.rows if r.panel == panel]
        cut = next(
            (i for i, r in enumerate(rows) if r.item and r.item.endswith("_total")), len(rows)
        )
        bodies.append(rows[:cut])
        tails.append(rows[cut:])
    nbody = max(map(len, bodies))
    ntail = max(map(len, tails))
    columns = [
        b + [None] * (nbody - len(b)) + [None] * (ntail - len(t)) + t
        for b, t in zip(bodies, tails, strict=True)
    ]
    return list(zip(*columns, strict=True))


def _write_row(
    sheet: SheetSpec,
    index: int,
    row: Row,
    cols: list[Col],
    panel: str | None,
    unit: str,
    layout: Layout,
    counters: dict[str, int],
) -> None:
    mine = [(i, c) for i, c in enumerate(cols) if c.panel == panel]
    labels = [(i, c) for i, c in mine if c.kind not in ("measure", "text", "rowno")]
    name = _display_name(row, counters, layout)
    if row.code is None and labels and row.is_total:
        sheet.put(index, labels[0][0], name, cols=len(labels))
    else:
        for (i, _c), value in zip(
            labels, _label_values(row, [c for _i, c in labels], name), strict=True
        ):
            sheet.put(index, i, value)
    for i, col in mine:
        if col.kind == "measure":
            sheet.put(
                index, i, amount_value(row.amounts.get(col.key or ""), unit, layout.text_numbers)
            )
        elif col.kind == "text" and col.key in row.texts:
            sheet.put(index, i, row.texts[col.key][0])


def _text_sheets(package: Package, phase: str) -> tuple[list[SheetSpec], list[SheetSpec]]:
    before, after = [], []
    for spec in tables.TEXTS:
        item = package.texts.get(spec.id)
        if item is None or spec.id == "basic_info":
            continue
        names = spec.zh.split(" / ")
        sheet = SheetSpec(names[-1] if phase == "final" else names[0])
        own = item.title and re.search(spec.title, item.title.replace(" ", ""))
        sheet.put(0, 0, item.title if own else sheet.name)
        sheet.put(2, 0, item.text)
        sheet.widths = {0: 100}
        (after if spec.id in ("other", "projects") else before).append(sheet)
    return before, after


def _info_sheet(package: Package) -> SheetSpec:
    sheet = SheetSpec("基本信息")
    pairs = [
        ("部门名称", package.department),
        ("年度", package.year),
        ("阶段", _INFO_PHASE.get(package.phase or "")),
        ("级次", package.level),
        ("批复日期", package.approval_date and package.approval_date.isoformat()),
        ("公开日期", package.publication_date and package.publication_date.isoformat()),
        ("涉密表格", ",".join(package.classified)),
    ]
    for row, (key, value) in enumerate(p for p in pairs if p[1]):
        sheet.put(row, 0, key)
        sheet.put(row, 1, value)
    sheet.widths = {0: 14, 1: 40}
    return sheet


_DEFAULT = Layout()


def build_sheets(package: Package, layout: Layout = _DEFAULT) -> list[SheetSpec]:
    """The sheets of the workbook, in order (backend-neutral)."""
    phase = package.phase or "budget"
    before, after = _text_sheets(package, phase)
    numbered: list[SheetSpec] = []
    names: dict[str, str] = {}
    for n, table_id in enumerate((t for t in ORDER if t in package.tables), start=1):
        table = package.tables[table_id]
        name = f"表{n}" if layout.sheet_names == "numbered" else _title(table_id, phase, layout)
        names[table_id] = _SHEET_BAD.sub("", name)[:31]
        numbered.append(_table_sheet(names[table_id], table, package, layout, n))
    for table in package.duplicates:  # a table published twice: a second sheet after the first
        name = names.get(table.id) or _SHEET_BAD.sub("", TITLES[table.id][phase == "final"])
        numbered.append(_table_sheet(f"{name[:27]}（重复）", table, package, layout))
    return before + numbered + after + [_info_sheet(package)]
