"""Package models from ledgers: every standard table (``tables.py``), consistent by construction.

Names of classification codes come from the shipped catalogue (``govbudget.catalogue``), in
the names of the catalogue year that governs the package year. Cell references are left
empty: the writer assigns the cells and the reader reports them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from govbudget.model import Amount, Package, Row, Table
from govbudget.tables import COLUMNS, PANEL_COLUMNS
from govbudget_dev.factory.rows import (
    EMPTY_NOTES,
    amounts,
    class_rows,
    coded_rows,
    empty_note,
    item_row,
)  # fmt: skip
from govbudget_dev.sample.departments import MINSHENG, Department
from govbudget_dev.sample.ledger import FISCAL_SOURCES, SOURCES, Ledger
from govbudget_dev.sample.texts import minsheng_texts, name_of, narrative

#: table id -> (budget title, final title); ``{y}`` is the year
TITLES: dict[str, tuple[str, str]] = {
    "summary": ("{y}年部门收支总表", "{y}年度收入支出决算总表"),
    "income": ("{y}年部门收入总表", "{y}年度收入决算表"),
    "expenditure": ("{y}年部门支出总表", "{y}年度支出决算表"),
    "fiscal_summary": ("{y}年部门财政拨款收支总表", "{y}年度财政拨款收入支出决算总表"),
    "gpb_expenditure": ("{y}年部门一般公共预算支出表", "{y}年度一般公共预算财政拨款支出决算表"),
    "gpb_basic": (
        "{y}年部门一般公共预算基本支出表",
        "{y}年度一般公共预算财政拨款基本支出决算表",
    ),
    "gov_fund": ("{y}年部门政府性基金预算支出表", "{y}年度政府性基金预算财政拨款收入支出决算表"),
    "state_capital": (
        "{y}年部门国有资本经营预算支出表",
        "{y}年度国有资本经营预算财政拨款支出决算表",
    ),
    "three_public": (
        "{y}年部门“三公”经费和机关运行经费预算表",
        "{y}年度财政拨款“三公”经费支出决算表",
    ),
    "minsheng": ("{y}年民生项目预算表", "{y}年度民生项目资金决算表"),
}
#: the standard set, in the order of the official templates
TABLE_ORDER = ("summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure",
               "gpb_basic", "gov_fund", "state_capital", "three_public", "minsheng")  # fmt: skip


def _table(table_id: str, dept: Department, year: int, phase: str, unit: str) -> Table:
    title = TITLES[table_id][phase == "final"].format(y=year)
    return Table(table_id, "", title, "", unit=unit, department=dept.name, year=year, phase=phase)


def _name(year: int) -> Callable[[str], str]:
    """Names of codes in the catalogue that governs ``year``."""
    return lambda code: name_of(code, year)


def summary_rows(ledger: Ledger, year: int) -> list[Row]:
    """收支总表: income lines by source | expenditure by 类 (two panels)."""
    income = {s: ledger.income_total((s,)) for s in SOURCES}
    fiscal = sum(income[s] for s in FISCAL_SOURCES)
    rows = [item_row("fiscal", "income", {"total": fiscal})]
    rows += [item_row(s, "income", {"total": income[s]}) for s in FISCAL_SOURCES]
    rows += [
        item_row("business", "income", {"total": income["business"]}),
        item_row("operating", "income", {"total": 0}),
        item_row("other", "income", {"total": income["other"]}),
    ]
    by_class: dict[str, dict[str, int]] = defaultdict(lambda: {"total": 0})
    for code in ledger.codes():
        by_class[code[:3]]["total"] += sum(ledger.spent(code))
    rows += class_rows(by_class, _name(year))
    current_in, spent = ledger.income_total(), ledger.total()
    carry_in, carry_out = sum(ledger.carry_in.values()), sum(ledger.carry_out.values())
    if ledger.phase == "final":
        rows += [
            item_row("income_current", "income", {"total": current_in}),
            item_row("carryover_in", "income", {"total": carry_in}, "年初结转和结余"),
            item_row("expenditure_current", "expenditure", {"total": spent}),
            item_row("carryover_out", "expenditure", {"total": carry_out}),
        ]
    rows += [
        item_row("income_total", "income", {"total": current_in + carry_in}),
        item_row("expenditure_total", "expenditure", {"total": spent + carry_out}),
    ]
    return rows


def fiscal_summary_rows(ledger: Ledger, year: int) -> list[Row]:
    """财政拨款收支总表: fiscal income by budget | fiscal expenditure by 类 and budget."""
    rows = [item_row(s, "income", {"total": ledger.income_total((s,))}) for s in FISCAL_SOURCES]
    measures = PANEL_COLUMNS["fiscal_summary"]["expenditure"]
    by_class: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(measures, 0))
    for code in ledger.codes():
        for source in FISCAL_SOURCES:
            amount = sum(ledger.spent(code, (source,)))
            by_class[code[:3]][source] += amount
            by_class[code[:3]]["total"] += amount
    rows += class_rows({c: v for c, v in by_class.items() if v["total"]}, _name(year))
    spent = {m: sum(v[m] for v in by_class.values()) for m in measures}
    income = ledger.income_total(FISCAL_SOURCES)
    carry_in, carry_out = sum(ledger.carry_in.values()), sum(ledger.carry_out.values())
    if ledger.phase == "final":
        rows += [
            item_row("income_current", "income", {"total": income}),
            item_row("carryover_in", "income", {"total": carry_in}, "年初财政拨款结转和结余"),
            item_row("expenditure_current", "expenditure", spent),
            item_row("carryover_out", "expenditure", {"total": carry_out, "gpb": carry_out},
                  "年末财政拨款结转和结余"),
        ]  # fmt: skip
    grand = {m: v + (carry_out if m in ("total", "gpb") else 0) for m, v in spent.items()}
    rows += [
        item_row("income_total", "income", {"total": income + carry_in}),
        item_row("expenditure_total", "expenditure", grand),
    ]
    return rows


def functional_values(
    ledger: Ledger, sources: tuple[str, ...]
) -> dict[str, dict[str, int]]:  # fmt: skip
    """项 code -> {total, basic, project} over ``sources`` (rows without amount left out)."""
    values = {}
    for code in ledger.codes():
        basic, project = ledger.spent(code, sources)
        if basic or project:
            values[code] = {"total": basic + project, "basic": basic, "project": project}
    return values


def income_values(ledger: Ledger) -> dict[str, dict[str, int]]:
    """项 code -> income by source (收入总表 / 收入决算表)."""
    values = {}
    for code in ledger.codes():
        fiscal = sum(ledger.income.get((code, s), 0) for s in FISCAL_SOURCES)
        business = ledger.income.get((code, "business"), 0)
        other = ledger.income.get((code, "other"), 0)
        if fiscal or business or other:
            values[code] = {"total": fiscal + business + other, "fiscal": fiscal,
                            "business": business, "operating": 0, "other": other}  # fmt: skip
    return values


def _fill(table: Table, rows: list[Row], phase: str, year: int) -> Table:
    """Attach rows, or keep the table empty with its 空表说明 when no row carries an amount."""
    if any(a.fen for r in rows if not r.is_total for a in r.amounts.values()):
        table.rows = rows
    elif table.id in EMPTY_NOTES:
        table.notes = [empty_note(table.id, year, phase)]
    return table


def minsheng_rows(dept: Department, ledger: Ledger) -> list[Row]:
    """民生项目表 rows: one per project, scale = the project's 项 amount of the year."""
    rows = []
    for key in dept.minsheng:
        code, title = MINSHENG[key][:2]
        scale = ledger.project.get((code, "gpb"), 0)
        if not scale:
            continue
        texts = {
            k: (v, "") for k, v in minsheng_texts(key, ledger.year, ledger.phase, scale).items()
        }
        rows.append(Row(0, title, "", code=code, code_cell="", scheme="functional", depth=3,
                        amounts={"scale": Amount(scale, "")}, texts=texts))  # fmt: skip
    return rows


def build_tables(
    dept: Department, ledger: Ledger, unit: str, three_public_unit: str
) -> dict[str, Table]:
    """Every standard table of the package, in template order."""
    year, phase = ledger.year, ledger.phase
    tables: dict[str, Table] = {}
    for table_id in TABLE_ORDER:
        if (table_id == "minsheng" and not dept.minsheng) or table_id in dept.classified:
            continue
        table = _table(
            table_id, dept, year, phase, three_public_unit if table_id == "three_public" else unit
        )
        if table_id == "summary":
            rows = summary_rows(ledger, year)
        elif table_id == "fiscal_summary":
            rows = fiscal_summary_rows(ledger, year)
        elif table_id == "income":
            rows = coded_rows(income_values(ledger), COLUMNS["income"], _name(year))
        elif table_id == "expenditure":
            rows = coded_rows(functional_values(ledger, SOURCES), COLUMNS[table_id], _name(year))
        elif table_id in ("gpb_expenditure", "gov_fund", "state_capital"):
            source = {"gpb_expenditure": "gpb"}.get(table_id, table_id)
            values = functional_values(ledger, (source,))
            rows = coded_rows(values, COLUMNS[table_id], _name(year))
        elif table_id == "gpb_basic":
            values = {c: {"total": p + q, "personnel": p, "public": q}
                      for c, (p, q) in ledger.economic.items()}  # fmt: skip
            rows = coded_rows(values, COLUMNS["gpb_basic"], _name(year))
        elif table_id == "three_public":
            rows = [Row(0, "", "", amounts=amounts(ledger.three_public))]
        else:
            rows = minsheng_rows(dept, ledger)
        tables[table_id] = _fill(table, rows, phase, year)
    return tables


def build_package(
    dept: Department,
    ledger: Ledger,
    history: dict[tuple[int, str], Ledger],
    *,
    filename: str,
    unit: str,
    three_public_unit: str,
    approval: dt.date,
    publication: dt.date,
) -> Package:
    """One department's package for the ledger's year and phase.

    ``history`` holds the department's other ledgers (by year and phase) for the narrative
    comparisons (on last year, against the budget).
    """
    tables = build_tables(dept, ledger, unit, three_public_unit)
    texts = narrative(dept, ledger, history)
    return Package(
        file=filename,
        department=dept.name,
        year=ledger.year,
        phase=ledger.phase,
        level=dept.level,
        approval_date=approval,
        publication_date=publication,
        classified=dept.classified,
        tables=tables,
        texts=texts,
    )
