"""The layout zoo (govbudget_dev.write.VARIANTS): every variant written clean reads back exactly and
checks clean; every seeded defect is found at its cell in every variant."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rule_cases import CASES

from govbudget.check import check_package
from govbudget.ingest import read_package
from govbudget.model import Package
from govbudget.money import UNIT_FEN
from govbudget_dev.factory import cell_of, clean_package
from govbudget_dev.write import VARIANTS, Layout, Variant, fit, write_package

LEVELS = ("市级", "区县级", "乡镇级")
#: defects seeded in every variant: (rule, case label)
DEFECTS = (
    ("SUM001", "total-not-basic-plus-project"),
    ("SUM002", "kuan-not-sum-of-xiang"),
    ("SUM003", "total-row"),
    ("SUM006", "total-not-sum"),
    ("SUM006", "vehicle-not-purchase-plus-operation"),
    ("LVL001", "kuan-without-xiang"),
    ("CAT001", "unknown-code"),
    ("VAL001", "text-in-amount"),
    ("PKG002", "empty-without-note"),
    ("MSX001", "no-scale"),
)


def _rounded(fen: int, unit: str) -> int:
    step = UNIT_FEN[unit] // 100  # every layout writes two decimals
    return int((Decimal(fen) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


def figures(package: Package, layout: Layout | None = None) -> dict[tuple, list[int]]:
    """Every figure by (table, panel of a two-panel table, row label, measure); the 合计 rows of
    a table (one, or one per side-by-side block) as their sum. Rounded to what ``layout`` prints."""
    found: dict[tuple, list[int]] = defaultdict(list)
    for table in package.tables.values():
        unit = "元"
        if layout is not None:
            unit = layout.three_public_unit or layout.unit
            unit = unit if table.id == "three_public" else layout.unit
        two_panel = any(r.panel in ("income", "expenditure") for r in table.rows)
        totals: dict[str, int] = defaultdict(int)
        for row in table.rows:
            for measure, amount in row.amounts.items():
                if amount.fen is None:
                    continue
                fen = _rounded(amount.fen, unit) if layout is not None else amount.fen
                if row.is_total and not two_panel:
                    totals[measure] += fen
                    continue
                panel = row.panel if two_panel else None
                label = row.code or row.item or row.name
                found[(table.id, panel, label, measure)].append(fen)
        for measure, fen in totals.items():
            found[(table.id, None, "合计", measure)].append(fen)
    return {k: sorted(v) for k, v in found.items()}


def _package(variant: Variant, level: str, seed: int) -> Package:
    package = clean_package(phase=variant.phase, level=level, seed=seed, year=2024)
    return fit(package, variant.layout)


def test_the_zoo_covers_both_phases_scopes_formats_and_official_templates():
    assert len(VARIANTS) >= 25
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)
    assert {(v.phase, v.scope) for v in VARIANTS} == {
        (p, s) for p in ("budget", "final") for s in ("部门", "单位")
    }
    assert {v.suffix for v in VARIANTS} == {".xlsx", ".xls", ".ods"}
    official = [v for v in VARIANTS if v.layout.official and v.phase == "final"]
    assert official and all(
        v.layout.three_public_blocks and v.layout.basic_blocks for v in official
    )


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
@settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(level=st.sampled_from(LEVELS), seed=st.integers(0, 10_000))
def test_clean_package_reads_back_exactly_with_no_error(tmp_path: Path, variant, level, seed):
    package = _package(variant, level, seed)
    path = write_package(
        package, tmp_path / f"{variant.name}-{seed}{variant.suffix}", variant.layout
    )
    read = read_package(path)
    assert (read.year, read.phase, read.level) == (2024, variant.phase, level)
    assert read.department == package.department
    assert figures(read) == figures(package, variant.layout)
    errors = [
        (f.rule, f.table, f.cell) for f in check_package(read).findings if f.severity == "error"
    ]
    assert errors == []


def _defect_params():
    for variant in VARIANTS:
        for rule, label in DEFECTS:
            yield pytest.param(variant, rule, label, id=f"{variant.name}-{rule}-{label}")


@pytest.mark.parametrize(("variant", "rule", "label"), list(_defect_params()))
def test_seeded_defect_is_found_at_its_cell(tmp_path: Path, variant: Variant, rule, label):
    case = next(c for c in CASES[rule] if c.label == label)
    base = {**case.base, "phase": variant.phase, "year": 2024}
    package = fit(clean_package(**base), variant.layout)
    wheres = case.inject(package)
    layout = dataclasses.replace(variant.layout, **case.layout)
    read = read_package(write_package(package, tmp_path / f"dept{variant.suffix}", layout))
    found = {(f.table, f.cell) for f in check_package(read).findings if f.rule == rule}
    assert found == {(w.table, cell_of(read, w)) for w in wheres}
