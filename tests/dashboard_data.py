"""A small city built in code for the dashboard and static-site tests.

Three departments (one with a hostile name), two years, budget and final accounts. Amounts add
up; the checker still finds what a package this small lacks (tables, texts), which gives every
page findings to show. ``write_workbooks`` writes the city as real workbooks (the reader's input),
``write_store`` puts the checked packages into a DuckDB store (the other data source).
"""

from __future__ import annotations

from pathlib import Path

from govbudget.check import check_package
from govbudget.findings import PackageResult, Report
from govbudget.model import Package, Row, Table
from govbudget_dev.factory.rows import coded_rows, place, three_public, title, total_row

#: A name that must be shown as text, never run (issue 9).
HOSTILE = '<script>window.__pwned=1</script>"onmouseover="window.__pwned=2" 局'
DEPARTMENTS = (
    ("乌鲁木齐市教育局", "education", 9, "市级"),
    ("乌鲁木齐市卫生健康委员会", "health", 5, "市级"),
    (HOSTILE, "hostile", 2, "区县级"),
)
YEARS = (2015, 2016)
#: Functional leaves (项): code, share of the department's money in per mille.
LEAVES = (("2010101", 300), ("2010102", 100), ("2050201", 250), ("2050202", 350))
#: Economic 款 of basic expenditure: code, measure it belongs to, share per mille.
ECONOMIC = (("30101", "personnel", 700), ("30201", "public", 300))
NAMES = {
    "201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行",
    "2010102": "一般行政管理事务", "205": "教育支出", "20502": "普通教育", "2050201": "学前教育",
    "2050202": "小学教育", "301": "工资福利支出", "30101": "基本工资", "302": "商品和服务支出",
    "30201": "办公费",
}  # fmt: skip


def money(department_scale: int, year: int, phase: str) -> int:
    """The department's total in fen: grows 10% a year; final accounts spend 95%."""
    fen = department_scale * 1_000_000_00 * (110 if year == YEARS[-1] else 100) // 100
    return fen * 95 // 100 if phase == "final" else fen


def _split(total: int, shares: list[int]) -> list[int]:
    parts = [total * s // 1000 for s in shares]
    parts[-1] += total - sum(parts)
    return parts


def _functional(total: int) -> list[Row]:
    """The 合计 row first (as this city publishes it), then 类/款/项; all basic expenditure."""
    parts = _split(total, [s for _, s in LEAVES])
    leaves = {
        code: {"total": fen, "basic": fen} for (code, _), fen in zip(LEAVES, parts, strict=True)
    }
    rows = coded_rows(leaves, ("total", "basic", "project"), NAMES.__getitem__)
    rows = [rows[-1], *rows[:-1]]
    place(rows, {"total": "C", "basic": "D", "project": "E"}, 6)
    return rows


def _economic(total: int) -> list[Row]:
    parts = _split(total, [s for *_, s in ECONOMIC])
    leaves = {
        code: {"total": fen, m: fen} for (code, m, _), fen in zip(ECONOMIC, parts, strict=True)
    }
    rows = coded_rows(leaves, ("total", "personnel", "public"), NAMES.__getitem__, blank_zero=True)
    rows = [rows[-1], *rows[:-1]]
    place(rows, {"total": "C", "personnel": "D", "public": "E"}, 6)
    return rows


def _three_public(total: int) -> list[Row]:
    outbound, purchase, operation, reception = (total // 1000 * k for k in (2, 3, 4, 1))
    row = total_row(three_public(outbound, purchase, operation, reception, total // 100))
    place([row], dict(zip(row.amounts, "ABCDEFG", strict=True)), 7, name_col="A")
    return [row]


def package(department: str, slug: str, scale: int, level: str, year: int, phase: str) -> Package:
    """One department's package for one year and phase."""
    total = money(scale, year, phase)
    tables = {}
    for table_id, sheet, rows in (
        ("expenditure", "表3", _functional(total)),
        ("gpb_expenditure", "表5", _functional(total)),
        ("gpb_basic", "表6", _economic(total)),
        ("three_public", "表7", _three_public(total)),
    ):
        tables[table_id] = Table(id=table_id, sheet=sheet, title=title(table_id, year, phase),
                                 title_cell="A1", unit="元", unit_cell="E3", rows=rows,
                                 department=department, year=year, phase=phase)  # fmt: skip
    return Package(file=f"{year}_{phase}/{slug}.xlsx", department=department, year=year,
                   phase=phase, level=level, tables=tables)  # fmt: skip


def city_packages() -> list[Package]:
    return [
        package(name, slug, scale, level, year, phase)
        for name, slug, scale, level in DEPARTMENTS
        for year in YEARS
        for phase in ("budget", "final")
    ]


def city_report() -> Report:
    """Every package of the city, checked by the real checker."""
    results: list[PackageResult] = [check_package(p) for p in city_packages()]
    return Report(results=results)


def write_workbooks(folder: Path) -> Path:
    """The city as workbooks: ``folder/<year>_<phase>/<slug>.xlsx``; returns ``folder``."""
    from govbudget_dev.write import write_package

    for package in city_packages():
        write_package(package, folder / package.file)
    return folder


def write_store(folder: Path) -> Path:
    """The checked city in a DuckDB store at ``folder/govbudget.duckdb``; returns the store."""
    from govbudget.store import Record, Store

    path = folder / "govbudget.duckdb"
    with Store(path) as store:
        store.upsert_many(Record.from_result(r) for r in city_report().results)
    return path
