"""For every rule id: defects that must make it fire, at which places, and the clean package it
must stay silent on. Shared by the unit tests (packages in memory) and the end-to-end tests
(packages written by the writer and read back).

``CASES[rule]`` is a list of :class:`Case`; ``case.failing()`` returns the defective package and
the logical places (``Where``) the rule must report — exactly those, no more, no fewer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from govbudget.model import Package
from govbudget.money import format_amount
from govbudget_dev.factory import (
    Where,
    add_to,
    clean_package,
    copy_of,
    drop_rows,
    find_row,
    set_amount,
)

K = 1000 * 100  # 1,000 元 in fen


@dataclass(frozen=True)
class Case:
    rule: str
    label: str
    inject: Callable[[Package], tuple[Where, ...]]
    base: dict = field(default_factory=dict)
    layout: dict = field(default_factory=dict)  # Layout fields the defect needs on disk
    only: tuple[str, ...] = ()  # end to end: only these layouts (tests/test_rules_e2e.py)
    twins: tuple[str, ...] = ()  # other workbooks of the run with the same identity (PKG007)
    read_args: dict = field(default_factory=dict)  # end to end: read_package keyword arguments

    def passing(self) -> Package:
        return clean_package(**self.base)

    def failing(self) -> tuple[Package, tuple[Where, ...]]:
        package = copy_of(clean_package(**self.base))
        return package, self.inject(package)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.label}"


CASES: dict[str, list[Case]] = {}


def case(
    rule: str,
    label: str,
    *,
    layout: dict | None = None,
    only: tuple[str, ...] = (),
    twins: tuple[str, ...] = (),
    read_args: dict | None = None,
    **base: object,
) -> Callable:
    def register(inject: Callable[[Package], tuple[Where, ...]]) -> Callable:
        CASES.setdefault(rule, []).append(
            Case(rule, label, inject, base, layout or {}, only, twins, read_args or {})
        )
        return inject

    return register


def amount(table: str, measure: str = "total", **where: str) -> Where:
    return Where(table, "amount", measure=measure, **where)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- PKG -----------


@case("PKG001", "missing-gpb-basic")
def _(p: Package) -> tuple[Where, ...]:
    del p.tables["gpb_basic"]
    return (Where("gpb_basic"),)


@case("PKG001", "missing-state-capital-2019", year=2019)
def _(p: Package) -> tuple[Where, ...]:
    del p.tables["state_capital"]
    return (Where("state_capital"),)


@case("PKG002", "empty-without-note", gov_fund=False)
def _(p: Package) -> tuple[Where, ...]:
    p.tables["gov_fund"].notes.clear()
    return (Where("gov_fund", "title"),)


@case("PKG003", "no-organisation")
def _(p: Package) -> tuple[Where, ...]:
    del p.texts["organisation"]
    return (Where(),)


@case("PKG003", "no-admin-operating")
def _(p: Package) -> tuple[Where, ...]:
    find_row(p, Where("three_public", name="")).amounts.pop("admin_operating")
    other = p.texts["other"]
    p.texts["other"] = type(other)(
        other.id, other.sheet, other.cell, other.title, "“三公”经费说明。"
    )
    return (Where(),)


@case("PKG004", "no-unit", layout={"omit_unit": ("income",)})
def _(p: Package) -> tuple[Where, ...]:
    p.tables["income"].unit = None
    return (Where("income", "title"),)


@case("PKG005", "year-differs")
def _(p: Package) -> tuple[Where, ...]:
    p.tables["income"].year = (p.year or 2016) - 1
    return (Where("income", "title"),)


@case("PKG005", "department-differs")
def _(p: Package) -> tuple[Where, ...]:
    p.tables["three_public"].department = "另一个局"
    return (Where("three_public", "title"),)


@case("PKG006", "three-public-twice")
def _(p: Package) -> tuple[Where, ...]:
    p.duplicates.append(copy_of(p).tables["three_public"])
    return (Where("three_public", "title"),)


@case("PKG007", "same-department-year-phase", twins=("2016_budget/finance_v2.xlsx",))
def _(p: Package) -> tuple[Where, ...]:
    return (Where(),)


@case("PKG008", "year-given-contradicts", read_args={"year": 1999})
def _(p: Package) -> tuple[Where, ...]:
    p.meta_conflicts["year"] = (1999, p.year)
    return (Where(),)


@case("PKG008", "level-given-contradicts", read_args={"level": "乡镇级"})
def _(p: Package) -> tuple[Where, ...]:
    p.meta_conflicts["level"] = ("乡镇级", p.level)
    return (Where(),)


# ------------------------------------------------------------------------- LVL -----------


@case("LVL001", "kuan-without-xiang")
def _(p: Package) -> tuple[Where, ...]:
    drop_rows(p, "gpb_expenditure", "20101", 3)
    return (Where("gpb_expenditure", "code", code="20101"),)


@case("LVL001", "lei-only", phase="final")
def _(p: Package) -> tuple[Where, ...]:
    drop_rows(p, "expenditure", "201", 2)
    drop_rows(p, "expenditure", "201", 3)
    return (Where("expenditure", "code", code="201"),)


@case("LVL002", "economic-lei-only")
def _(p: Package) -> tuple[Where, ...]:
    drop_rows(p, "gpb_basic", "301", 2)
    return (Where("gpb_basic", "code", code="301"),)


# ------------------------------------------------------------------------- CAT -----------


def _recode(p: Package, table: str, old: str, new: str) -> None:
    find_row(p, Where(table, code=old)).code = new


@case("CAT001", "unknown-code")
def _(p: Package) -> tuple[Where, ...]:
    _recode(p, "gpb_expenditure", "2010102", "2010188")
    return (Where("gpb_expenditure", "code", code="2010188"),)


@case("CAT002", "other-name")
def _(p: Package) -> tuple[Where, ...]:
    find_row(p, Where("gpb_expenditure", code="2010102")).name = "行政管理杂项"
    return (Where("gpb_expenditure", "name", code="2010102"),)


@case("CAT003", "six-digits", only=("single",))
def _(p: Package) -> tuple[Where, ...]:
    _recode(p, "gpb_expenditure", "2010102", "201010")
    return (Where("gpb_expenditure", "code", code="201010"),)


@case("CAT003", "wrong-scheme", only=("single", "split"))
def _(p: Package) -> tuple[Where, ...]:
    _recode(p, "gpb_basic", "30201", "40201")
    return (Where("gpb_basic", "code", code="40201"),)


@case("CAT004", "foreign-child")
def _(p: Package) -> tuple[Where, ...]:
    _recode(p, "gpb_expenditure", "2010301", "2050301")
    return (Where("gpb_expenditure", "code", code="2050301"),)


# ------------------------------------------------------------------------- SUM -----------


@case("SUM001", "total-not-basic-plus-project")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("gpb_expenditure", code="2010101"), K)
    return (amount("gpb_expenditure", code="2010101"),)


@case("SUM001", "basic-not-personnel-plus-public")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("gpb_basic", "personnel", code="30101"), K)
    return (amount("gpb_basic", code="30101"),)


@case("SUM001", "income-sources", phase="final")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("income", "fiscal", code="2010101"), K)
    return (amount("income", code="2010101"),)


@case("SUM001", "fiscal-summary-columns")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("fiscal_summary", "gpb", panel="expenditure", name="一般公共服务支出"), K)
    return (amount("fiscal_summary", panel="expenditure", name="一般公共服务支出"),)


@case("SUM002", "kuan-not-sum-of-xiang")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("expenditure", code="2010101"), K)
    add_to(p, amount("expenditure", "basic", code="2010101"), K)
    return (amount("expenditure", code="20101"), amount("expenditure", "basic", code="20101"))


@case("SUM002", "fiscal-not-sum-of-sources")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("summary", panel="income", item="gpb"), K)
    return (amount("summary", panel="income", item="fiscal"),)


@case("SUM003", "total-row")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("expenditure", item="total"), K)
    add_to(p, amount("expenditure", "basic", item="total"), K)
    return (amount("expenditure", item="total"), amount("expenditure", "basic", item="total"))


@case("SUM003", "income-total-line")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("summary", panel="income", item="income_total"), K)
    return (amount("summary", panel="income", item="income_total"),)


@case("SUM004", "basic-tables-disagree")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("gpb_basic", item="total"), K)
    add_to(p, amount("gpb_basic", "personnel", item="total"), K)
    return (amount("gpb_basic", item="total"),)


@case("SUM004", "fiscal-summary-vs-gpb")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("fiscal_summary", panel="expenditure", item="expenditure_total"), K)
    add_to(p, amount("fiscal_summary", "gpb", panel="expenditure", item="expenditure_total"), K)
    return (amount("fiscal_summary", "gpb", panel="expenditure", item="expenditure_total"),)


@case("SUM005", "totals-differ")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("summary", panel="expenditure", item="expenditure_total"), K)
    return (amount("summary", panel="expenditure", item="expenditure_total"),)


# stacked summaries need their 总计 lines to tell the panels apart
@case("SUM005", "carry-over-identity", phase="final", only=("split", "glued"))
def _(p: Package) -> tuple[Where, ...]:
    table = p.tables["summary"]
    table.rows = [r for r in table.rows if r.item not in ("income_total", "expenditure_total")]
    add_to(p, amount("summary", panel="expenditure", item="carryover_out"), K)
    return (amount("summary", panel="expenditure", item="carryover_out"),)


@case("SUM006", "total-not-sum")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("three_public", "reception", name=""), K)
    return (amount("three_public", name=""),)


@case("SUM006", "vehicle-not-purchase-plus-operation")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("three_public", "vehicle_purchase", name=""), K)
    return (amount("three_public", "vehicle", name=""),)


# ------------------------------------------------------------------------- VAL -----------


@case("VAL001", "text-in-amount")
def _(p: Package) -> tuple[Where, ...]:
    set_amount(p, amount("income", code="2010102"), None, invalid=True, text="待定")
    return (amount("income", code="2010102"),)


@case("VAL002", "negative")
def _(p: Package) -> tuple[Where, ...]:
    row = find_row(p, Where("three_public", name=""))
    outbound = row.amounts["outbound"].fen or 0
    add_to(p, amount("three_public", "outbound", name=""), -outbound - 5 * K)
    add_to(p, amount("three_public", name=""), -outbound - 5 * K)
    return (amount("three_public", "outbound", name=""),)


# ------------------------------------------------------------------------- MSX / TIM -----


@case("MSX001", "no-minsheng-table", level="区县级")
def _(p: Package) -> tuple[Where, ...]:
    del p.tables["minsheng"]
    return (Where("minsheng"),)


@case("MSX001", "no-procedure", level="乡镇级", phase="final")
def _(p: Package) -> tuple[Where, ...]:
    find_row(p, Where("minsheng", code="2080801")).texts.pop("procedure")
    return (amount("minsheng", "procedure", code="2080801"),)


@case("MSX001", "no-scale", level="区县级")
def _(p: Package) -> tuple[Where, ...]:
    find_row(p, Where("minsheng", code="2050201")).amounts.pop("scale")
    return (amount("minsheng", "scale", code="2050201"),)


@case("TIM001", "21-days")
def _(p: Package) -> tuple[Where, ...]:
    assert p.approval_date is not None
    p.publication_date = p.approval_date + dt.timedelta(days=21)
    return (Where(),)


# ------------------------------------------------------------------------- NAR -----------


def _retext(p: Package, text_id: str, old: str, new: str) -> None:
    """Replace words of a narrative part (the figures the builder quotes)."""
    item = p.texts[text_id]
    assert old in item.text, (old, item.text)
    p.texts[text_id] = dataclasses.replace(item, text=item.text.replace(old, new, 1))


def _wan_of(p: Package, table: str, measure: str = "total", **where: str) -> str:
    return format_amount(find_row(p, Where(table, **where)).amounts[measure].fen or 0, "万元", 2)


@case("NAR001", "subject-amount-typo")
def _(p: Package) -> tuple[Where, ...]:
    quoted = _wan_of(p, "gpb_expenditure", code="2010101")
    _retext(p, "explanation", f"”{quoted}万元", f"”8{quoted}万元")  # 87.36 printed 887.36
    return (Where("gpb_expenditure", "text", item="explanation"),)


@case("NAR001", "fiscal-total-0.3", phase="final")
def _(p: Package) -> tuple[Where, ...]:
    _retext(p, "explanation", "。\n", "。财政拨款收入支出总计0.3万元，与上年度持平。\n")
    return (Where("fiscal_summary", "text", item="explanation"),)


@case("NAR001", "three-public-reception")
def _(p: Package) -> tuple[Where, ...]:
    add_to(p, amount("three_public", "reception", name=""), 5 * K)
    add_to(p, amount("three_public", name=""), 5 * K)  # the table adds up; the narrative lags
    return (Where("three_public", "text", item="other"),)


@case("NAR002", "increase-where-it-fell")
def _(p: Package) -> tuple[Where, ...]:
    _retext(p, "explanation", "执行数增加", "执行数减少")
    return (Where("", "text", item="explanation"),)


@case("NAR002", "final-more-than-budget", phase="final")
def _(p: Package) -> tuple[Where, ...]:
    _retext(p, "explanation", "决算数小于预算数", "决算数大于预算数")
    return (Where("", "text", item="explanation"),)
