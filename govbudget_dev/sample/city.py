"""The sample city: every unit's budgets (2015–2017) and final accounts (2015–2016).

Deterministic: every random choice comes from ``random.Random`` seeded with the seed and the
unit's slug, so one seed always yields the same packages, layouts and dates.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from govbudget.model import Package
from govbudget_dev.sample.defects import APPLY, DEFECTS, LEDGER_APPLY, Defect, layout_for
from govbudget_dev.sample.departments import DEPARTMENTS, Department
from govbudget_dev.sample.generate import build_package
from govbudget_dev.sample.ledger import Ledger, budget_ledger, final_ledger, growth, opening_carry
from govbudget_dev.write import Layout, fit

BUDGET_YEARS = (2015, 2016, 2017)
FINAL_YEARS = (2015, 2016)
PERIODS: tuple[tuple[int, str], ...] = (
    *((y, "budget") for y in BUDGET_YEARS),
    *((y, "final") for y in FINAL_YEARS),
)
#: units whose budget system exports the old Excel format
XLS_UNITS = frozenset({"statistics", "sports", "justice", "akesu"})
#: units whose layout a defect depends on: the table without a unit must read right as 元
YUAN_UNITS = frozenset({"audit"})
_FOOTNOTES = (
    None,
    None,
    "注：本表数据来源于部门预算管理系统。",
    "说明：本表为空的行次表示无数据。",
)


@dataclass(frozen=True)
class SamplePackage:
    """One generated package, the layout to write it with, and its documented defects."""

    package: Package
    layout: Layout
    filename: str  # relative: '<year>_<phase>/<slug>.xlsx'
    defects: tuple[str, ...]  # rule ids the checker is expected to report
    details: tuple[Defect, ...] = ()
    slug: str = ""
    published_as: str = "workbook"  # 'pdf': the city folder holds the PDF of the workbook

    @property
    def published(self) -> str:
        """The file in the city folder: the workbook, or the PDF printed from it."""
        if self.published_as == "pdf":
            return Path(self.filename).with_suffix(".pdf").as_posix()
        return self.filename


def choose_layout(dept: Department, template: str, rng: random.Random) -> Layout:
    """The layout a unit's budget system produces (``template``: the sample unit's slug)."""
    big = dept.size >= 50_000
    codes = rng.choice(("split", "split", "split", "single", "single", "glued"))
    return Layout(
        codes=codes,
        unit="元" if template in YUAN_UNITS else rng.choice(("元", "元", "元", "万元", "万元")),
        three_public_unit=rng.choice(("万元", "万元", None)),
        two_panel=rng.randint(1, 4) > 1,
        numbered=rng.randint(1, 10) > 7 and codes != "glued",
        text_numbers=rng.randint(1, 10) == 1,
        merged_header=rng.randint(1, 5) > 1,
        page_repeat=rng.choice((0, 20)) if big else rng.choice((0, 0, 0, 25)),
        footnote=rng.choice(_FOOTNOTES),
        sheet_names=rng.choice(("numbered", "numbered", "titled")),
    )


def layouts(dept: Department, template: str, rng: random.Random) -> dict[tuple[int, str], Layout]:
    """Layouts per period: one system for all years, a new one from 2017 for about a quarter.
    Final accounts of most units follow the official 决算 template; some district units publish
    their budget as a 单位预算 (decided by the unit, not the random stream)."""
    first = choose_layout(dept, template, rng)
    later = choose_layout(dept, template, rng) if rng.randint(1, 4) == 1 else first
    chosen = {}
    for year, phase in PERIODS:
        layout = later if year >= 2017 else first
        if phase == "final" and official_final(template):
            layout = replace(layout, official=True, three_public_blocks=True, basic_blocks=True)
        if phase == "budget" and unit_budget(dept, template):
            layout = replace(layout, scope="单位")
        chosen[(year, phase)] = layout
    return chosen


def official_final(template: str) -> bool:
    """Whether a unit's final accounts use the official 决算 template (about two in three)."""
    return zlib.crc32(template.encode()) % 3 != 0


def unit_budget(dept: Department, template: str) -> bool:
    """Whether a district unit publishes its budget as a 单位预算 (about half of them)."""
    return dept.level == "区县级" and zlib.crc32(template.encode()) % 2 == 0


def quanta(layout: Layout, phase: str) -> tuple[int, int]:
    """Published resolution in fen of the number tables and of the 三公 table.

    万元 tables publish two decimals (100 元); 元 budgets whole yuan, 元 final accounts fen.
    """

    def of(unit: str) -> int:
        return 10_000 if unit == "万元" else (100 if phase == "budget" else 1)

    return of(layout.unit), of(layout.three_public_unit or layout.unit)


def dates(year: int, phase: str, rng: random.Random) -> tuple[dt.date, dt.date]:
    """批复日期 and 公开日期 (published within 20 days of approval)."""
    if phase == "budget":
        approval = dt.date(year, 1, 25) + dt.timedelta(days=rng.randint(0, 30))
    else:
        approval = dt.date(year + 1, 7, 20) + dt.timedelta(days=rng.randint(0, 35))
    return approval, approval + dt.timedelta(days=rng.randint(3, 18))


def filename(slug: str, year: int, phase: str, template: str | None = None) -> str:
    """``<year>_<phase>/<slug>.xlsx`` (``.xls`` for the units with an old export)."""
    return f"{year}_{phase}/{slug}{'.xls' if (template or slug) in XLS_UNITS else '.xlsx'}"


def unit_packages(
    dept: Department, seed: int, defects: tuple[Defect, ...] = (), template: str | None = None
) -> list[SamplePackage]:
    """The five packages of one unit. ``template``: the sample unit it copies (province)."""
    template = template or dept.slug
    rng = random.Random(f"{seed}:{dept.slug}")
    levels = growth(rng)
    chosen = layouts(dept, template, rng)
    ledgers: dict[tuple[int, str], Ledger] = {}

    def keep(ledger: Ledger) -> Ledger:
        """Record a ledger after applying the defects that live in the amounts (VAL002)."""
        for d in defects:
            if (d.year, d.phase) == (ledger.year, ledger.phase) and d.kind in LEDGER_APPLY:
                LEDGER_APPLY[d.kind](ledger, d)
        ledgers[(ledger.year, ledger.phase)] = ledger
        return ledger

    for year in BUDGET_YEARS:
        q, q3 = quanta(chosen[(year, "budget")], "budget")
        keep(budget_ledger(dept, year, levels[year], rng, q, q3))
    carry = opening_carry(ledgers[(2015, "budget")], rng)
    for year in FINAL_YEARS:
        q, q3 = quanta(chosen[(year, "final")], "final")
        carry = keep(final_ledger(dept, ledgers[(year, "budget")], carry, rng, q, q3)).carry_out
    result = []
    for year, phase in PERIODS:
        approval, publication = dates(year, phase, rng)
        name = filename(dept.slug, year, phase, template)
        package = build_package(
            dept,
            ledgers[(year, phase)],
            ledgers,
            filename=name,
            unit=chosen[(year, phase)].unit,
            three_public_unit=chosen[(year, phase)].three_public_unit or chosen[(year, phase)].unit,
            approval=approval,
            publication=publication,
        )
        package = fit(package, chosen[(year, phase)])
        applied = tuple(
            APPLY[d.kind](package, d) if d.kind in APPLY else d  # LEDGER_APPLY ones: done
            for d in defects
            if (d.year, d.phase) == (year, phase)
        )
        rules = tuple(sorted({r for d in applied for r in d.rules}))
        layout = layout_for(chosen[(year, phase)], applied)
        result.append(
            SamplePackage(package, layout, name, rules, applied, dept.slug, dept.published_as)
        )
    return result


def generate_city(seed: int = 2016) -> list[SamplePackage]:
    """Every package of the sample city, with the documented defects applied."""
    result = []
    for dept in DEPARTMENTS:
        mine = tuple(d for d in DEFECTS if d.slug == dept.slug)
        result += unit_packages(dept, seed, mine)
    return result


_SYLLABLES = "安宁和平泰丰源昌盛新华阳兴康永嘉"


def _region(index: int) -> str:
    """A generated city name, unique per index: 安安市, 安宁市, … 安宁2市 after 256."""
    n = len(_SYLLABLES)
    serial = str(index // (n * n)) if index >= n * n else ""
    return f"{_SYLLABLES[index // n % n]}{_SYLLABLES[index % n]}{serial}市"


def generate_province(n_packages: int, seed: int = 2016) -> list[SamplePackage]:
    """``n_packages`` synthetic packages for scale tests: the sample city's units repeated in
    generated cities (``安宁市教育局`` …), each city with the sample city's defects, all
    published as workbooks."""
    result: list[SamplePackage] = []
    index = 0
    while len(result) < n_packages:
        region = _region(index + 1)
        for dept in DEPARTMENTS:
            slug = f"c{index:03d}_{dept.slug}"
            name = dept.name.replace("乌鲁木齐市", region).replace("乌鲁木齐县", region[:-1] + "县")
            short = dept.short.replace("乌鲁木齐县", region[:-1] + "县")
            synthetic = replace(dept, slug=slug, name=name, short=short, published_as="workbook")
            mine = tuple(replace(d, slug=slug) for d in DEFECTS if d.slug == dept.slug)
            result += unit_packages(synthetic, seed, mine, dept.slug)
            if len(result) >= n_packages:
                break
        index += 1
    return result[:n_packages]
