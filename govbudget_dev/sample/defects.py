"""The documented defects of the sample city: realistic mistakes a checker must find.

Each :class:`Defect` names one package (department slug, year, phase), the rule ids the
checker is expected to report for it, where it sits (table, code, measure) and what went
wrong, in Chinese and English. Most defects are applied to the finished Package model;
the negative amount (VAL002) is applied to the ledger, so every table stays consistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from govbudget.model import Amount, Package, Row, Table
from govbudget_dev.factory.edit import drop_rows
from govbudget_dev.sample.ledger import Ledger
from govbudget_dev.write import Layout


@dataclass(frozen=True)
class Defect:
    slug: str
    year: int
    phase: str
    kind: str  # the function that applies it (see APPLY)
    rules: tuple[str, ...]  # rule ids the checker reports for it
    table: str  # table id ('' for package-level defects)
    zh: str
    en: str
    code: str | None = None  # the row it sits on, when there is one
    measure: str | None = None  # the amount column, when there is one
    param: str = ""  # what the kind needs besides (a text id, an old name)
    item: str | None = None  # the uncoded row it sits on ('total', 'expenditure_total', …)
    cell: str = ""  # filled in once the workbook is written and read back


def _rows(table: Table, depth: int) -> list[Row]:
    return [r for r in table.rows if r.depth == depth and not r.is_total]


def _add(row: Row, measure: str, delta: int) -> None:
    row.amounts[measure] = Amount(row.amounts[measure].fen + delta, "")


def _step(table: Table) -> int:
    """One unit of the table's last published decimal (0.01 万元 = 10000 fen, 1 元 = 100 fen)."""
    return 10_000 if table.unit == "万元" else 100


def _transpose(fen: int, step: int) -> int:
    """A typing slip: swap the two leading digits that differ (of the published figure)."""
    digits = list(str(fen // step))
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            return int("".join(digits)) * step - fen // step * step
    return 9 * step


def _leaf_with(table: Table, measure: str) -> Row:
    """The largest 项 row carrying ``measure`` under a 款 that has other 项 rows too."""
    leaves = [r for r in _rows(table, 3) if r.amounts[measure].fen]
    siblings = {r.code: sum(o.code[:5] == r.code[:5] for o in leaves) for r in leaves}
    return max((r for r in leaves if siblings[r.code] > 1), key=lambda r: r.amounts[measure].fen)


def missing_items(package: Package, defect: Defect) -> Defect:
    """LVL001: a 款 keeps its amount but its 项 rows are left out."""
    table = package.tables[defect.table]
    kuan = next(r for r in _rows(table, 2) if r.code.startswith(defect.code or "2"))
    drop_rows(package, defect.table, kuan.code, 3)
    return _at(defect, kuan.code, "total")


def item_typo(package: Package, defect: Defect) -> Defect:
    """SUM002: a 项 amount mistyped; its row total recomputed, the 款 and 类 not."""
    table = package.tables[defect.table]
    row = _leaf_with(table, defect.measure)
    delta = _transpose(row.amounts[defect.measure].fen, _step(table))
    _add(row, defect.measure, delta)
    _add(row, "total", delta)
    return _at(defect, row.code, defect.measure)


def part_typo(package: Package, defect: Defect) -> Defect:
    """SUM001 (+SUM002): a part cell mistyped, the row total and parents left as they were."""
    table = package.tables[defect.table]
    row = _leaf_with(table, defect.measure)
    _add(row, defect.measure, _transpose(row.amounts[defect.measure].fen, _step(table)))
    return _at(defect, row.code, defect.measure)


def total_slip(package: Package, defect: Defect) -> Defect:
    """SUM003: one 类 (with its 款 and 项) adjusted after the 合计 row was computed."""
    table = package.tables[defect.table]
    leaf = _leaf_with(table, "basic")
    delta = 37 * _step(table)
    for row in table.rows:
        if not row.is_total and row.code and leaf.code.startswith(row.code):
            _add(row, "total", delta)
            _add(row, "basic", delta)
    return _at(defect, None, "total", "total")


def drop_table(package: Package, defect: Defect) -> Defect:
    """PKG001 / MSX001: a table left out of the workbook."""
    del package.tables[defect.table]
    return defect


def drop_empty_note(package: Package, defect: Defect) -> Defect:
    """PKG002: an empty table published without its 空表说明."""
    package.tables[defect.table].notes = []
    return defect


def drop_unit(package: Package, defect: Defect) -> Defect:
    """PKG004: a table without its 单位 line (the layout leaves it out, see :func:`layout_for`)."""
    package.tables[defect.table].unit = None
    return defect


def layout_for(layout: Layout, defects: tuple[Defect, ...]) -> Layout:
    """The layout with the 单位 statements the defects leave out."""
    omit = tuple(d.table for d in defects if d.kind == "drop_unit")
    return replace(layout, omit_unit=omit) if omit else layout


def drop_text(package: Package, defect: Defect) -> Defect:
    """PKG003: a narrative sheet left out."""
    del package.texts[defect.param]
    return defect


def late(package: Package, defect: Defect) -> Defect:
    """TIM001: published 38 days after approval."""
    package.publication_date = package.approval_date + dt.timedelta(days=38)
    return defect


def minsheng_field(package: Package, defect: Defect) -> Defect:
    """MSX001: a 民生 project without its 发放程序."""
    row = package.tables["minsheng"].rows[1]
    del row.texts["procedure"]
    return _at(defect, row.code, None)


def old_name(package: Package, defect: Defect) -> Defect:
    """CAT002: a code named otherwise than the (verified) catalogue row names it."""
    for table in package.tables.values():
        for row in table.rows:
            if row.code == defect.code and table.id not in ("summary", "fiscal_summary"):
                row.name = defect.param
    return _at(defect, defect.code, None)


def three_public_total(package: Package, defect: Defect) -> Defect:
    """SUM006: the 三公 total typed wrong."""
    row = package.tables["three_public"].rows[0]
    _add(row, "total", 100 * _step(package.tables["three_public"]))
    return _at(defect, None, "total", "")


def unbalanced(package: Package, defect: Defect) -> Defect:
    """SUM005: 年末结转和结余 (and so 支出总计) misreported in the summary."""
    table = package.tables["summary"]
    step = _step(table)
    for row in table.rows:
        if row.item in ("carryover_out", "expenditure_total"):
            _add(row, "total", 1000 * step)
    return _at(defect, None, "total", "expenditure_total")


def negative_amount(ledger: Ledger, defect: Defect) -> Defect:
    """VAL002: a 项 refunded in the year (冲减), shown as a negative expenditure.

    Applied to the ledger: the refund goes back to the year-end carry-over, so the income of
    the year and every total stay consistent.
    """
    key = (defect.code, "gpb")
    spent = ledger.project[key]
    refund = -(spent // 3 // ledger.quantum * ledger.quantum) - spent
    ledger.project[key] = spent + refund
    ledger.carry_out[defect.code] = ledger.carry_out.get(defect.code, 0) - refund
    return defect


def _at(defect: Defect, code: str | None, measure: str | None, item: str | None = None) -> Defect:
    """The defect with the row it sits on: a code, or an item ('' for the table's only row)."""
    return replace(defect, code=code, measure=measure, item=item)


APPLY = {f.__name__: f for f in (
    missing_items, item_typo, part_typo, total_slip, drop_table, drop_empty_note, drop_unit,
    drop_text, late, minsheng_field, old_name, three_public_total, unbalanced,
)}  # fmt: skip
LEDGER_APPLY = {"negative_amount": negative_amount}

#: the sample city's defects: 15 of its 195 packages
DEFECTS: tuple[Defect, ...] = (
    Defect("science", 2016, "budget", "missing_items", ("LVL001",), "gpb_expenditure",
           "一般公共预算支出表中「技术研究与开发」款只列到款级，未列其下项级科目",
           "general public budget table: 款 20604 shown without its 项 rows", code="20604"),
    Defect("industry_commerce", 2015, "final", "item_typo", ("SUM002",), "expenditure",
           "支出决算表中一个项级科目的项目支出录入错误（数字颠倒），款、类合计未随之改变",
           "expenditure table: a 项 project amount mistyped (digits swapped); 款 and 类 not",
           measure="project"),
    Defect("tourism", 2017, "budget", "total_slip", ("SUM003",), "expenditure",
           "支出总表调整一个类级科目后合计行未重新汇总",
           "expenditure table: one 类 adjusted after the 合计 row was summed"),
    Defect("safety", 2016, "final", "part_typo", ("SUM001", "SUM002"), "expenditure",
           "支出决算表中一个项级科目的基本支出录入错误，本行合计及上级科目未随之改变",
           "expenditure table: a 项 basic amount mistyped; its row total and parents not",
           measure="basic"),
    Defect("quality", 2016, "budget", "drop_table", ("PKG001",), "three_public",
           "未公开“三公”经费支出表", "the 'three public' table is missing"),
    Defect("gov_services", 2017, "budget", "drop_empty_note", ("PKG002",), "gov_fund",
           "政府性基金预算支出表为空表但未作空表说明",
           "government fund table empty without a note"),
    Defect("environment", 2016, "budget", "late", ("TIM001",), "",
           "批复后第38天才公开，超过20日时限", "published 38 days after approval"),
    Defect("saybagh", 2016, "budget", "drop_table", ("MSX001",), "minsheng",
           "区级单位未公开民生项目表", "district unit without a 民生 project table"),
    Defect("yongfeng", 2017, "budget", "minsheng_field", ("MSX001",), "minsheng",
           "一个民生项目未公开发放程序", "a 民生 project lacks its 发放程序"),
    Defect("water", 2016, "final", "negative_amount", ("VAL002",), "expenditure",
           "防汛项目收回以前年度支出后决算数为负数",
           "flood-control project negative after a refund of earlier spending", code="2130314",
           measure="project"),
    Defect("health", 2015, "budget", "old_name", ("CAT002",), "expenditure",
           "收入、支出和一般公共预算支出表中项级科目2100201名称误写为「公立综合医院」，分类目录名称为「综合医院」",
           "项 2100201 named 公立综合医院 in the coded tables; the catalogue names it 综合医院",
           code="2100201", param="公立综合医院"),
    Defect("transport", 2017, "budget", "three_public_total", ("SUM006", "NAR001"),
           "three_public", "“三公”经费合计数与各项之和不符，也与其他相关情况说明所述合计数不一致",
           "'three public' total differs from its parts and from the total the narrative quotes"),
    Defect("statistics", 2015, "final", "drop_text", ("PKG003",), "",
           "未公开部门机构设置", "the organisation (机构设置) is not disclosed",
           param="organisation"),
    Defect("audit", 2015, "budget", "drop_unit", ("PKG004",), "gpb_basic",
           "一般公共预算基本支出表未标明金额单位", "general public budget basic table states no unit"),
    Defect("commerce", 2016, "final", "unbalanced", ("SUM005",), "summary",
           "收入支出决算总表年末结转和结余填报错误，收入总计与支出总计不平衡",
           "summary: year-end carry-over misreported, income and expenditure totals differ"),
)  # fmt: skip
