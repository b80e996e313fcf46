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
from govbudget.model import Amount, Package, Row, Table

#: A name that must be shown as text, never run (issue 9).
HOSTILE = '<script>window.__pwned=1</script>"onmouseover="window.__pwned=2" 局'
DEPARTMENTS = (
    ("乌鲁木齐市教育局", "education", 9, "市级"),
    ("乌鲁木齐市卫生健康委员会", "health", 5, "市级"),
    (HOSTILE, "hostile", 2, "区县级"),
)
YEARS = (2015, 2016)
#: Functional leaves (项): code, name, share of the department's money in per mille.
LEAVES = (
    ("2010101", "行政运行", 300),
    ("2010102", "一般行政管理事务", 100),
    ("2050201", "学前教育", 250),
    ("2050202", "小学教育", 350),
)
PARENTS = {"201": "一般公共服务支出", "20101": "人大事务", "205": "教育支出", "20502": "普通教育"}
#: Economic 款 of basic expenditure: code, name, measure it belongs to, share per mille.
ECONOMIC = (("30101", "基本工资", "personnel", 700), ("30201", "办公费", "public", 300))
ECONOMIC_PARENTS = {"301": "工资福利支出", "302": "商品和服务支出"}


def money(department_scale: int, year: int, phase: str) -> int:
    """The department's total in fen: grows 10% a year; final accounts spend 95%."""
    fen = department_scale * 1_000_000_00 * (110 if year == YEARS[-1] else 100) // 100
    return fen * 95 // 100 if phase == "final" else fen


def _split(total: int, shares: list[int]) -> list[int]:
    parts = [total * s // 1000 for s in shares]
    parts[-1] += total - sum(parts)
    return parts


def _functional(total: int) -> list[Row]:
    leaves = dict(
        zip([c for c, _, _ in LEAVES], _split(total, [s for *_, s in LEAVES]), strict=True)
    )
    rows, number = [], 7
    for parent_class in ("201", "205"):
        codes = [c for c in leaves if c.startswith(parent_class)]
        for code, name, depth in (
            (parent_class, PARENTS[parent_class], 1),
            (codes[0][:5], PARENTS[codes[0][:5]], 2),
        ):
            fen = sum(leaves[c] for c in codes)
            rows.append(_row(number, code, name, depth, "functional", fen))
            number += 1
        for code in codes:
            name = next(n for c, n, _ in LEAVES if c == code)
            rows.append(_row(number, code, name, 3, "functional", leaves[code]))
            number += 1
    total_row = Row(row=6, name="合计", name_cell="A6", item="total",
                    amounts=_amounts(6, total, basic=total))  # fmt: skip
    return [total_row, *rows]


def _row(number: int, code: str, name: str, depth: int, scheme: str, fen: int) -> Row:
    return Row(row=number, name=name, name_cell=f"B{number}", code=code, code_cell=f"A{number}",
               scheme=scheme, depth=depth, amounts=_amounts(number, fen, basic=fen))  # fmt: skip


def _amounts(number: int, total: int, *, basic: int) -> dict[str, Amount]:
    return {
        "total": Amount(total, f"C{number}"),
        "basic": Amount(basic, f"D{number}"),
        "project": Amount(total - basic, f"E{number}"),
    }


def _economic(total: int) -> list[Row]:
    parts = _split(total, [s for *_, s in ECONOMIC])
    rows = [Row(row=6, name="合计", name_cell="A6", item="total", amounts={
        "total": Amount(total, "C6"), "personnel": Amount(parts[0], "D6"),
        "public": Amount(parts[1], "E6")})]  # fmt: skip
    number = 7
    for (code, name, measure, _), fen in zip(ECONOMIC, parts, strict=True):
        for row_code, row_name, depth in (
            (code[:3], ECONOMIC_PARENTS[code[:3]], 1),
            (code, name, 2),
        ):
            amounts = {"total": Amount(fen, f"C{number}"), measure: Amount(fen, f"D{number}")}
            rows.append(Row(row=number, name=row_name, name_cell=f"B{number}", code=row_code,
                            code_cell=f"A{number}", scheme="economic_dept", depth=depth,
                            amounts=amounts))  # fmt: skip
            number += 1
    return rows


def _three_public(total: int) -> list[Row]:
    outbound, purchase, operation, reception = (total // 1000 * k for k in (2, 3, 4, 1))
    values = {"outbound": outbound, "vehicle": purchase + operation, "vehicle_purchase": purchase,
              "vehicle_operation": operation, "reception": reception,
              "admin_operating": total // 100}  # fmt: skip
    values["total"] = outbound + purchase + operation + reception
    amounts = {m: Amount(fen, f"{chr(65 + i)}7") for i, (m, fen) in enumerate(values.items())}
    return [Row(row=7, name="合计", name_cell="A7", item="total", amounts=amounts)]


def package(department: str, slug: str, scale: int, level: str, year: int, phase: str) -> Package:
    """One department's package for one year and phase."""
    total = money(scale, year, phase)
    word = "决算" if phase == "final" else "预算"
    tables = {}
    for table_id, sheet, title, rows in (
        ("expenditure", "表3", f"{year}年部门支出{word}总表", _functional(total)),
        ("gpb_expenditure", "表5", f"{year}年一般公共预算支出{word}表", _functional(total)),
        ("gpb_basic", "表6", f"{year}年一般公共预算基本支出{word}表", _economic(total)),
        ("three_public", "表7", f"{year}年“三公”经费支出{word}表", _three_public(total)),
    ):
        tables[table_id] = Table(id=table_id, sheet=sheet, title=title, title_cell="A1", unit="元",
                                 unit_cell="E3", rows=rows, department=department, year=year,
                                 phase=phase)  # fmt: skip
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
