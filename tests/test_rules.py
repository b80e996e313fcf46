"""Every rule on packages built in memory: fires on its defects at exactly the right cells,
stays silent on clean packages; the rule catalogue, rule pack and their applicability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_cases import CASES, Case

from govbudget.catalogue import load_catalogue
from govbudget.check import check_package
from govbudget.model import Amount, Package, Row, Table
from govbudget.money import step_fen
from govbudget.rules import FAMILY_MODULES, catalog, implementations, pack
from govbudget.rules.spec import FAMILIES, SEVERITIES
from govbudget.tables import TABLE_IDS
from govbudget_dev.factory import Where, add_to, cell_of, clean_package, copy_of, find_row

ALL_CASES = [c for cases in CASES.values() for c in cases]
CLEAN_KINDS = [
    {"phase": phase, "level": level, "year": year, "seed": seed}
    for phase in ("budget", "final")
    for level, year, seed in (("市级", 2016, 1), ("区县级", 2017, 2), ("乡镇级", 2020, 3))
]


def places(result, rule: str) -> set[tuple[str, str]]:
    return {(f.table, f.cell) for f in result.findings if f.rule == rule}


def test_every_rule_has_an_implementation_a_failing_and_a_passing_fixture():
    ids = set(catalog())
    assert ids == set(implementations()), "catalogue and implementations differ"
    missing = ids - set(CASES)
    assert not missing, f"rules without failing fixtures: {sorted(missing)}"
    for rule, cases in CASES.items():
        assert rule in ids
        assert all(callable(c.passing) and c.inject for c in cases)


def test_catalogue_entries_are_complete():
    for rule_id, spec in catalog().items():
        assert spec.family == rule_id[:3] and spec.family in FAMILIES
        assert spec.severity in SEVERITIES
        assert spec.zh and spec.en and spec.title_zh and spec.title_en
        assert all(v.severity in SEVERITIES for v in spec.variants.values())
    assert len(FAMILY_MODULES) == 10


def test_rule_pack_names_only_known_tables():
    rules = pack()
    for entry in rules.required_tables:
        assert set(entry.tables) <= set(TABLE_IDS)
    for identity in rules.cross_table:
        assert {identity.left.table, identity.right.table} <= set(TABLE_IDS)
    assert rules.required("budget", "市级", 2016)[:2] == ["summary", "income"]
    assert "state_capital" not in rules.required("budget", "市级", 2018)
    assert "state_capital" in rules.required("final", "乡镇级", 2019)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_rule_fires_at_exactly_the_right_cells(case: Case):
    package, wheres = case.failing()
    result = check_package(package, twins=case.twins)
    assert places(result, case.rule) == {(w.table, cell_of(package, w)) for w in wheres}
    assert result.score < 100


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_rule_is_silent_on_the_clean_package(case: Case):
    assert places(check_package(case.passing()), case.rule) == set()


@pytest.mark.parametrize("kind", CLEAN_KINDS, ids=lambda k: "-".join(map(str, k.values())))
def test_clean_packages_have_no_findings_at_all(kind):
    result = check_package(clean_package(**kind), load_catalogue())
    assert result.findings == ()
    assert result.score == 100.0


def test_clean_package_without_government_fund_explains_the_empty_table():
    result = check_package(clean_package(gov_fund=False))
    assert result.findings == ()


def test_classified_table_is_exempt_and_listed_as_info():
    package = clean_package()
    del package.tables["gov_fund"]
    package.classified = ("gov_fund",)
    result = check_package(package)
    assert [(f.rule, f.severity, f.table) for f in result.findings] == [
        ("PKG001", "info", "gov_fund")
    ]
    assert result.score == 100.0


def test_classified_empty_table_needs_no_note():
    package = clean_package(gov_fund=False)
    package.tables["gov_fund"].notes.clear()
    package.classified = ("gov_fund",)
    assert places(check_package(package), "PKG002") == set()


def test_minsheng_rule_applies_to_district_and_township_only():
    package = clean_package(level="市级")
    assert "minsheng" not in package.tables
    assert places(check_package(package), "MSX001") == set()
    package.level = None  # unknown level: the level-bound rule does not run
    assert places(check_package(package), "MSX001") == set()
    package.level = "乡镇级"
    assert places(check_package(package), "MSX001") == {("minsheng", "")}


def test_publication_exactly_twenty_days_after_approval_is_in_time():
    package = clean_package()
    package.publication_date = package.approval_date + dt.timedelta(days=20)
    assert places(check_package(package), "TIM001") == set()
    package.publication_date = None
    assert places(check_package(package), "TIM001") == set()


def _wan(package, table_id: str) -> None:
    """Publish a table in 万元 with two decimals (rounding step 100 元)."""
    table = package.tables[table_id]
    table.unit, table.decimals = "万元", 2


def test_difference_within_half_a_step_per_summed_figure_is_rounding():
    # 总计 = 基本 + 项目: three printed figures, step 0.01 万元 → tolerance 0.015 万元 = 150 元
    package = clean_package()
    _wan(package, "gpb_expenditure")
    where = Where("gpb_expenditure", "amount", code="2010101", measure="total")
    add_to(package, where, 150_00)
    assert places(check_package(package), "SUM001") == set()
    add_to(package, where, 1)  # 150.01 元: beyond rounding
    found = [f for f in check_package(package).findings if f.rule == "SUM001"]
    assert [(f.cell, f.difference) for f in found] == [(cell_of(package, where), Decimal("150.01"))]


@pytest.mark.parametrize(("unit", "decimals", "step"), [("元", 0, 100), ("万元", 2, 10000)])
def test_one_printed_unit_step_between_a_total_and_its_part_is_never_an_error(unit, decimals, step):
    """A 类 printed whole 元 (or to 0.01 万元) over its one 款: one step apart is rounding."""
    children = [Decimal(2_082_86) * step]
    package = _parent_and_children([int(c) for c in children], int(children[0]) - step, unit)
    package.tables["gpb_expenditure"].decimals = decimals
    assert [f.rule for f in check_package(package).findings if f.rule == "SUM002"] == []
    package = _parent_and_children([int(c) for c in children], int(children[0]) - 2 * step, unit)
    package.tables["gpb_expenditure"].decimals = decimals
    assert [f.rule for f in check_package(package).findings if f.rule == "SUM002"] == ["SUM002"]


def test_yuan_tables_are_exact_to_the_fen():
    package = clean_package()
    package.tables["gpb_expenditure"].decimals = 2  # published to the fen: step 1 分
    where = Where("gpb_expenditure", "amount", code="2010101", measure="total")
    add_to(package, where, 1)  # two summed figures: 1 分 is rounding
    assert places(check_package(package), "SUM001") == set()
    add_to(package, where, 1)
    found = [f for f in check_package(package).findings if f.rule == "SUM001"]
    assert [f.difference for f in found] == [Decimal("0.02")]


def test_invalid_cell_is_reported_once_not_as_a_wrong_sum():
    case = next(c for c in CASES["VAL001"])
    package, _ = case.failing()
    rules = {f.rule for f in check_package(package).findings}
    assert rules == {"VAL001"}


def test_findings_carry_exact_amounts_and_both_languages():
    case = next(c for c in CASES["SUM001"] if c.label == "total-not-basic-plus-project")
    package, (where,) = case.failing()
    (finding,) = [f for f in check_package(package).findings if f.rule == "SUM001"]
    row = find_row(package, where)
    assert finding.actual == Decimal(row.amounts["total"].fen) / 100
    assert finding.difference == Decimal("1000.00")
    assert finding.code == "2010101" and finding.sheet == package.tables["gpb_expenditure"].sheet
    assert "1,000.00" in finding.message_zh and "1,000.00" in finding.message_en
    assert finding.package == package.id


def test_sum_rules_count_each_level_once():
    # a plain column sum over 类, 款 and 项 rows would triple-count: the clean table passes
    package = clean_package(seed=7)
    rows = package.tables["expenditure"].rows
    assert {r.depth for r in rows} >= {1, 2, 3}
    assert check_package(package).findings == ()


def test_unknown_code_is_an_error_only_where_the_catalogue_is_complete():
    cat = load_catalogue()
    package = copy_of(clean_package(year=2016))
    find_row(package, Where("gpb_expenditure", code="2010102")).code = "2010188"  # a 项
    find_row(package, Where("gpb_expenditure", code="221")).code = "298"  # a 类
    found = {f.code: f.severity for f in check_package(package, cat).findings if f.rule == "CAT001"}
    for code, level in (("2010188", 3), ("298", 1)):
        expected = "error" if cat.is_complete(2016, "functional", level) else "warning"
        assert found[code] == expected
    assert set(found.values()) == {"error", "warning"}  # the shipped catalogue: 类 complete


def _published(fen: int, step: int) -> int:
    """Round exact fen to the published step, half up (what a 万元 table shows)."""
    return (fen + step // 2) // step * step


def _parent_and_children(exact: list[int], parent_fen: int, step_unit: str) -> Package:
    table = Table("gpb_expenditure", "表5", "2016年一般公共预算支出表", "A1", unit=step_unit)
    table.rows.append(Row(5, "人大事务", "B5", "20101", "A5", "functional", 2,
                          amounts={"total": Amount(parent_fen, "C5")}))  # fmt: skip
    for i, fen in enumerate(exact):
        r = 6 + i
        table.rows.append(Row(r, f"项{i}", f"B{r}", f"20101{i + 1:02d}", f"A{r}", "functional", 3,
                              amounts={"total": Amount(fen, f"C{r}")}))  # fmt: skip
    return Package("p.xlsx", year=2016, phase="budget", level="市级",
                   tables={"gpb_expenditure": table})  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=12), st.sampled_from(["元", "万元"]))
def test_rounded_figures_never_make_a_finding_and_real_differences_always_do(exact, unit):
    step = step_fen(unit, 2)
    children = [_published(fen, step) for fen in exact]
    parent = _published(sum(exact), step)
    quiet = check_package(_parent_and_children(children, parent, unit))
    assert [f for f in quiet.findings if f.rule == "SUM002"] == []
    off = ((len(children) + 1) * step) // 2 + 1  # beyond half a step per printed figure
    loud = check_package(_parent_and_children(children, sum(children) + off, unit))
    (finding,) = [f for f in loud.findings if f.rule == "SUM002"]
    assert finding.cell == "C5" and finding.difference == Decimal(off) / 100
