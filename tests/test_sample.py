"""The sample city: data, arithmetic of the generated packages, defects, determinism, files."""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest

from govbudget import codes
from govbudget.catalogue import load_catalogue
from govbudget.cli import main
from govbudget.ingest import read_package
from govbudget.model import Package, Row
from govbudget.tables import COLUMNS, match_title
from govbudget_dev.sample import (
    DEFECTS,
    DEPARTMENTS,
    generate_city,
    generate_province,
    write_sample,
)
from govbudget_dev.sample.city import PERIODS, unit_packages

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
#: the workbooks submitted by the units that publish PDFs (their PDFs are in SAMPLE)
SUBMITTED = SAMPLE.with_name("sample-submitted")
ROW_SUMS = {
    "expenditure": ("basic", "project"),
    "gpb_expenditure": ("basic", "project"),
    "gov_fund": ("basic", "project"),
    "state_capital": ("basic", "project"),
    "gpb_basic": ("personnel", "public"),
    "income": ("fiscal", "business", "operating", "other"),
}
#: columns of the tidy lines that do not depend on where the writer put a cell
CONTENT = ["package", "department", "year", "phase", "level", "table", "scheme", "code", "name",
           "depth", "measure", "amount_yuan", "item"]  # fmt: skip


@functools.cache
def city() -> tuple:
    return tuple(generate_city())


def fen(row: Row, measure: str) -> int:
    amount = row.amounts.get(measure)
    return amount.fen if amount is not None and amount.fen is not None else 0


def item(package: Package, table: str, name: str, measure: str = "total") -> int | None:
    rows = [r for r in package.tables[table].rows if r.item == name]
    return fen(rows[0], measure) if rows else None


def total(package: Package, table: str, measure: str = "total") -> int:
    """The 合计 row's figure (the sum of the block 合计 rows of side-by-side blocks)."""
    return sum(fen(r, measure) for r in package.tables[table].rows if r.is_total)


def table_problems(package: Package) -> list[tuple]:
    """Every broken identity within the coded tables (rows, parents, 合计, signs)."""
    found = []
    for table_id, parts in ROW_SUMS.items():
        table = package.tables[table_id]
        coded = [r for r in table.rows if r.code]
        shown = [p for p in parts if any(p in r.amounts for r in table.rows)]
        for row in table.rows:
            if shown and fen(row, "total") != sum(fen(row, p) for p in shown):
                found.append(("SUM001", table_id, row.code))
            if any(fen(row, m) < 0 for m in row.amounts):
                found.append(("VAL002", table_id, row.code))
        for row in coded:
            kids = [k for k in coded if codes.parent_of(k.code) == row.code]
            leaf = 7 if row.scheme == "functional" else 5
            if not kids and len(row.code) < leaf:
                found.append(("LVL001", table_id, row.code))
            for measure in COLUMNS[table_id]:
                if kids and fen(row, measure) != sum(fen(k, measure) for k in kids):
                    found.append(("SUM002", table_id, row.code))
        for measure in COLUMNS[table_id]:
            if table.rows and total(package, table_id, measure) != sum(
                fen(r, measure) for r in coded if r.depth == 1
            ):
                found.append(("SUM003", table_id, measure))
    return sorted(set(found), key=str)


def class_lines(package: Package, table: str) -> list[Row]:
    """The 类 lines of a summary table: expenditure lines that are not summary items."""
    return [r for r in package.tables[table].rows if r.panel == "expenditure" and r.item is None]


def package_problems(package: Package) -> list[str]:
    """Broken identities between the tables of a package (summaries, cross-table, 三公)."""
    final = package.phase == "final"
    classes = sum(fen(r, "total") for r in class_lines(package, "summary"))
    fiscal = item(package, "summary", "fiscal")
    parts = [item(package, "summary", s) for s in ("gpb", "gov_fund", "state_capital")]
    sources = fiscal + sum(item(package, "summary", s) for s in ("business", "operating", "other"))
    current_in = item(package, "summary", "income_current") if final else sources
    current_out = item(package, "summary", "expenditure_current") if final else classes
    checks = {
        "fiscal = Σ budgets": fiscal == sum(parts),
        "本年收入 = Σ sources": current_in == sources,
        "本年支出 = Σ 类": current_out == classes,
        "收入总计": current_in + (item(package, "summary", "carryover_in") or 0)
        == item(package, "summary", "income_total"),
        "支出总计": current_out + (item(package, "summary", "carryover_out") or 0)
        == item(package, "summary", "expenditure_total"),
        "balance": item(package, "summary", "income_total")
        == item(package, "summary", "expenditure_total"),
        "gpb_basic = gpb basic": total(package, "gpb_basic")
        == total(package, "gpb_expenditure", "basic"),
        "expenditure": total(package, "expenditure") == current_out,
        "income": total(package, "income") == current_in,
        "income fiscal": total(package, "income", "fiscal") == fiscal,
        "fiscal_summary income": sum(
            item(package, "fiscal_summary", s) for s in ("gpb", "gov_fund", "state_capital")
        )
        == fiscal,
        "fiscal_summary balance": item(package, "fiscal_summary", "income_total")
        == item(package, "fiscal_summary", "expenditure_total"),
    }
    spent = "expenditure_current" if final else "expenditure_total"
    for measure, table in (("gpb", "gpb_expenditure"), ("gov_fund", "gov_fund"),
                           ("state_capital", "state_capital")):  # fmt: skip
        checks[f"fiscal_summary {measure}"] = item(
            package, "fiscal_summary", spent, measure
        ) == total(package, table)
    checks["fiscal_summary 类"] = sum(
        fen(r, "total") for r in class_lines(package, "fiscal_summary")
    ) == item(package, "fiscal_summary", spent)
    for row in package.tables["fiscal_summary"].rows:
        if row.panel == "expenditure" and row.item != "carryover_out":
            checks[f"fiscal_summary row {row.name}"] = fen(row, "total") == sum(
                fen(row, m) for m in ("gpb", "gov_fund", "state_capital")
            )
    if "three_public" in package.tables:
        row = package.tables["three_public"].rows[0]
        checks["三公 vehicle"] = fen(row, "vehicle") == fen(row, "vehicle_purchase") + fen(
            row, "vehicle_operation"
        )
        checks["三公 total"] = fen(row, "total") == sum(
            fen(row, m) for m in ("outbound", "vehicle", "reception")
        )
    return [name for name, ok in checks.items() if not ok]


def test_departments_are_the_city_units() -> None:
    levels = Counter(d.level for d in DEPARTMENTS)
    assert 28 <= levels["市级"] <= 32 and levels["区县级"] >= 3 and levels["乡镇级"] >= 3
    assert len({d.slug for d in DEPARTMENTS}) == len(DEPARTMENTS)
    assert all(re.fullmatch(r"[a-z_]+", d.slug) for d in DEPARTMENTS)
    named = {d.short: d.name for d in DEPARTMENTS}
    assert named["市教育局"] == "乌鲁木齐市教育局"
    assert named["市房产局"] == "乌鲁木齐市房产管理局"
    assert {"市质监局", "市政务服务管理局", "市食品药品监管局", "市审计局"} <= set(named)
    assert {"天山区", "沙依巴克区", "乌鲁木齐县", "乌鲁木齐县板房沟镇"} <= set(named)
    assert all(d.minsheng for d in DEPARTMENTS if d.level != "市级")


def test_every_code_is_in_the_catalogue_of_the_year() -> None:
    catalogue = load_catalogue()
    used = {(r.code, p.year) for s in city() for p in [s.package]
            for t in p.tables.values() for r in t.rows if r.code}  # fmt: skip
    missing = sorted((c, y) for c, y in used if catalogue.lookup(c, y) is None)
    assert not missing
    assert {c[:3] for c, _ in used} >= {"205", "208", "210", "213", "221", "301", "302"}


def test_the_city_has_five_packages_per_unit_and_the_standard_tables() -> None:
    packages = city()
    assert len(packages) == 5 * len(DEPARTMENTS)
    assert len({s.filename for s in packages}) == len(packages)
    assert Counter((s.package.year, s.package.phase) for s in packages) == {
        period: len(DEPARTMENTS) for period in PERIODS
    }
    empty_notes = []
    for sample in packages:
        package = sample.package
        expected = {"summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure",
                    "gpb_basic", "gov_fund", "state_capital", "three_public"}  # fmt: skip
        dropped = {d.table for d in sample.details if d.kind == "drop_table"}
        assert set(package.tables) == expected - set(package.classified) - dropped | (
            {"minsheng"} if package.level != "市级" and "minsheng" not in dropped else set()
        )
        for table in package.tables.values():
            assert match_title(table.title) == (table.id, package.phase)
            assert table.department == package.department and table.year == package.year
            if not table.rows:
                empty_notes.append((table.id, table.empty_note is not None))
    assert Counter(empty_notes)[("gov_fund", True)] > len(packages) // 2
    assert Counter(empty_notes)[("gov_fund", False)] == 1  # the PKG002 defect
    assert Counter(note for _, note in empty_notes)[False] == 1


def test_layouts_mix_what_real_budget_systems_produce() -> None:
    layouts = [s.layout for s in city()]
    variants = {
        "codes": {"split", "single", "glued"},
        "unit": {"元", "万元"},
        "three_public_unit": {None, "万元"},
        "two_panel": {True, False},
        "numbered": {True, False},
        "text_numbers": {True, False},
        "merged_header": {True, False},
        "sheet_names": {"numbered", "titled"},
    }
    for field, values in variants.items():
        assert {getattr(layout, field) for layout in layouts} == values, field
    assert any(layout.page_repeat for layout in layouts)
    assert any(layout.footnote for layout in layouts)
    assert 10 <= sum(s.filename.endswith(".xls") for s in city()) < len(layouts) // 4


def test_clean_packages_are_consistent_and_defects_break_only_their_identity() -> None:
    for sample in city():
        package = sample.package
        problems = [rule for rule, *_ in table_problems(package)]
        between = package_problems(package)
        if not sample.defects:
            assert problems == [] and between == [], (sample.filename, problems, between)
            continue
        arithmetic = {r for r in sample.defects if r in ("SUM001", "SUM002", "SUM003", "LVL001",
                                                         "VAL002")}  # fmt: skip
        assert set(problems) == arithmetic, (sample.filename, problems)
        assert bool(between) == ({"SUM005", "SUM006"} & set(sample.defects) != set())


def test_amounts_are_whole_steps_of_the_published_unit() -> None:
    for sample in city():
        for table in sample.package.tables.values():
            step = 10_000 if table.unit == "万元" else 1
            assert all(a.fen % step == 0 for r in table.rows for a in r.amounts.values())


def test_magnitudes_follow_the_department_function() -> None:
    budgets = {s.slug: s.package for s in city() if (s.package.year, s.package.phase) == (2016,
                                                                                         "budget")}  # fmt: skip
    assert total(budgets["education"], "expenditure") > 50 * total(budgets["audit"], "expenditure")
    for dept in DEPARTMENTS:
        package = budgets[dept.slug]
        own = sum(fen(r, "total") for r in package.tables["expenditure"].rows
                  if r.depth == 1 and r.code in dept.functions)  # fmt: skip
        assert own * 2 > total(package, "expenditure"), dept.slug
        codes_used = {r.code for r in package.tables["expenditure"].rows}
        assert {"2080505", "2101101", "2210201"} <= codes_used, dept.slug


def test_final_accounts_differ_from_budgets_and_carry_over() -> None:
    by_key = {(s.slug, s.package.year, s.package.phase): s.package for s in city()}
    rates = []
    for dept in DEPARTMENTS:
        for year in (2015, 2016):
            final = by_key[(dept.slug, year, "final")]
            budget = by_key[(dept.slug, year, "budget")]
            rates.append(total(final, "expenditure") * 100 // total(budget, "expenditure"))
            assert item(final, "summary", "carryover_out") > 0
        opening = item(by_key[(dept.slug, 2016, "final")], "summary", "carryover_in")
        closing = item(by_key[(dept.slug, 2015, "final")], "summary", "carryover_out")
        assert abs(opening - closing) <= 10_000 * 10  # rounded to the 2016 unit at most
    assert min(rates) >= 85 and max(rates) <= 125 and len(set(rates)) > 10


def test_publication_within_twenty_days_except_the_late_one() -> None:
    for sample in city():
        package = sample.package
        days = (package.publication_date - package.approval_date).days
        assert (days > 20) == ("TIM001" in sample.defects), sample.filename
        approved_year = package.year + (package.phase == "final")
        assert package.approval_date.year == approved_year


def test_documented_defects() -> None:
    packages = city()
    defective = [s for s in packages if s.defects]
    assert 8 <= len(defective) <= 15
    assert len(defective) == len({(d.slug, d.year, d.phase) for d in DEFECTS})
    rules = {r for s in defective for r in s.defects}
    assert {"LVL001", "SUM001", "SUM002", "SUM003", "PKG001", "PKG002", "TIM001", "MSX001",
            "VAL002", "CAT002"} <= rules  # fmt: skip
    district = next(s for s in defective if s.slug == "saybagh")
    assert "minsheng" not in district.package.tables


def test_generation_is_deterministic_and_seeded() -> None:
    again = generate_city()
    assert [s.filename for s in again] == [s.filename for s in city()]
    for first, second in zip(city(), again, strict=True):
        assert asdict(first.package) == asdict(second.package)  # rows compare by identity
        assert first.layout == second.layout
    other = unit_packages(DEPARTMENTS[0], seed=7)
    assert asdict(other[0].package)["tables"] != asdict(city()[0].package)["tables"]


def test_province_repeats_the_machinery_with_generated_names() -> None:
    province = generate_province(60, seed=3)
    assert len(province) == 60 and len({s.filename for s in province}) == 60
    names = {s.package.department for s in province}
    assert not any("乌鲁木齐" in n for n in names) and len(names) == 12
    assert any(s.defects for s in province)


def _content(frame: pd.DataFrame) -> pd.DataFrame:
    """Tidy lines without cell positions, in a stable order."""
    lines = frame[CONTENT].astype({"year": "int64"})
    return lines.sort_values(CONTENT[5:]).reset_index(drop=True)


def workbooks(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.xls*"))


@functools.cache
def committed_package(relative: str) -> Package:
    """A committed workbook: in the city folder, or submitted by a unit that publishes PDFs."""
    return read_package(
        SAMPLE / relative if (SAMPLE / relative).is_file() else SUBMITTED / relative
    )


@functools.cache
def committed(relative: str) -> pd.DataFrame:
    return _content(committed_package(relative).lines())


def test_committed_sample_is_what_the_generator_makes() -> None:
    assert sorted(workbooks(SAMPLE) + workbooks(SUBMITTED)) == sorted(s.filename for s in city())
    assert workbooks(SUBMITTED) == sorted(s.filename for s in city() if s.published_as == "pdf")
    for sample in city():
        read = committed_package(sample.filename)
        generated = _content(sample.package.lines())
        pd.testing.assert_frame_equal(committed(sample.filename), generated)
        assert set(read.tables) == set(sample.package.tables)
        assert set(read.texts) == set(sample.package.texts)
        for field in ("department", "year", "phase", "level", "approval_date",
                      "publication_date", "classified"):  # fmt: skip
            assert getattr(read, field) == getattr(sample.package, field), sample.filename


@pytest.mark.slow
def test_committed_sample_matches_a_fresh_generation(tmp_path: Path) -> None:
    city_folder, submitted = tmp_path / "sample", tmp_path / "sample-submitted"
    written = write_sample(city_folder, submitted_dir=submitted)
    assert len(written) == len(city()) + sum(s.published_as == "pdf" for s in city()) + 2
    assert workbooks(city_folder) == workbooks(SAMPLE)
    assert workbooks(submitted) == workbooks(SUBMITTED)
    for name in ("index.csv", "DEFECTS.md"):
        assert (city_folder / name).read_text(encoding="utf-8") == (SAMPLE / name).read_text(
            encoding="utf-8"
        )
    for pdf in SAMPLE.rglob("*.pdf"):  # copies of the committed PDFs (tests/test_sample_pdf.py)
        assert (city_folder / pdf.relative_to(SAMPLE)).read_bytes() == pdf.read_bytes()
    for folder, relative in [(city_folder, r) for r in workbooks(city_folder)] + [
        (submitted, r) for r in workbooks(submitted)
    ]:
        fresh = _content(read_package(folder / relative).lines())
        pd.testing.assert_frame_equal(fresh, committed(relative))


def test_committed_sample_is_small_and_indexed() -> None:
    size = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024
    with (SAMPLE / "index.csv").open(encoding="utf-8") as handle:
        index = list(csv.DictReader(handle))
    assert len(index) == 5 * len(DEPARTMENTS)
    assert all((SAMPLE / row["file"]).is_file() for row in index)
    documented = {row["file"]: set(filter(None, row["defects"].split(";"))) for row in index}
    assert documented == {s.published: set(s.defects) for s in city()}
    assert sum(1 for p in SAMPLE.rglob("*.xls")) >= 10


@pytest.mark.slow
def test_checker_reports_exactly_the_documented_defects() -> None:
    from govbudget.validate import validate

    report = validate([SAMPLE])
    assert not report.failures
    by_file = {
        Path(result.package.file).relative_to(SAMPLE).as_posix(): {
            f.rule for f in result.findings if f.severity in ("error", "warning")
        }
        for result in report.results
    }
    with (SAMPLE / "index.csv").open(encoding="utf-8") as handle:
        expected = {row["file"]: set(filter(None, row["defects"].split(";"))) for row in
                    csv.DictReader(handle)}  # fmt: skip
    assert by_file == expected


def test_cli_writes_a_synthetic_province(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sample", "--out", str(tmp_path), "--seed", "5", "--packages", "3"])
    assert exit_info.value.code == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xls*"))
    assert len(written) == 3 and (tmp_path / "index.csv").is_file()
    assert (tmp_path / "DEFECTS.md").read_text(encoding="utf-8").startswith("# 示例数据缺陷清单")


def test_final_accounts_mostly_follow_the_official_template_and_districts_publish_unit_budgets():
    finals = [s for s in city() if s.package.phase == "final"]
    official = [s for s in finals if s.layout.official and s.layout.basic_blocks]
    assert 2 * len(official) >= len(finals)
    units = [s for s in city() if s.layout.scope == "单位"]
    assert units and all(s.package.level == "区县级" and s.package.phase == "budget" for s in units)
    read = committed_package(units[0].filename)
    assert read.tables["summary"].columns.keys() >= {"expenditure.personnel", "expenditure.project"}
