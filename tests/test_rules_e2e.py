"""Rules end to end: packages written as real workbooks in the layouts finance bureaus publish
(split/single/glued codes, 元/万元, side-by-side/stacked summaries, text numbers, page-break
header repeats, .xls/.ods), read back, checked; findings asserted on (rule, table, cell)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from rule_cases import CASES, Case

from govbudget.check import check_package
from govbudget.ingest import read_package
from govbudget_dev.factory import cell_of, clean_package
from govbudget_dev.write import Layout, write_package

LAYOUTS = {
    "split": Layout(),
    "single": Layout(codes="single", unit="万元", two_panel=False, numbered=True),
    "glued": Layout(
        codes="glued",
        text_numbers=True,
        merged_header=False,
        page_repeat=8,
        sheet_names="titled",
        three_public_unit="万元",
    ),
}
CLEAN = [
    *((name, ".xlsx") for name in LAYOUTS),
    ("split", ".xls"),
    ("glued", ".ods"),
]
KINDS = [
    {"phase": "budget", "level": "市级", "seed": 11},
    {"phase": "final", "level": "区县级", "seed": 12, "year": 2019},
    {"phase": "budget", "level": "乡镇级", "seed": 13, "gov_fund": False},
]


def _roundtrip(package, path: Path, layout: Layout, **read_args):
    return read_package(write_package(package, path, layout), **read_args)


@pytest.mark.parametrize(("name", "suffix"), CLEAN, ids=lambda v: str(v))
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: f"{k['phase']}-{k['level']}")
def test_clean_package_has_no_findings_in_any_layout(tmp_path: Path, name, suffix, kind):
    read = _roundtrip(clean_package(**kind), tmp_path / f"dept{suffix}", LAYOUTS[name])
    result = check_package(read)
    assert [(f.rule, f.table, f.cell) for f in result.findings] == []
    assert result.score == 100.0


def _params():
    for case in (c for cases in CASES.values() for c in cases):
        for name in case.only or LAYOUTS:
            yield pytest.param(case, name, id=f"{case.id}-{name}")


@pytest.mark.parametrize(("case", "name"), list(_params()))
def test_rule_fires_at_the_right_cell_after_a_roundtrip(tmp_path: Path, case: Case, name: str):
    package, wheres = case.failing()
    layout = dataclasses.replace(LAYOUTS[name], **case.layout)
    read = _roundtrip(package, tmp_path / "dept.xlsx", layout, **case.read_args)
    found = {
        (f.table, f.cell)
        for f in check_package(read, twins=case.twins).findings
        if f.rule == case.rule
    }
    assert found == {(w.table, cell_of(read, w)) for w in wheres}


def test_reported_amount_cells_hold_the_reported_figures(tmp_path: Path):
    """The cell a SUM finding names is the cell in the workbook holding its 'actual'."""
    case = next(c for c in CASES["SUM002"] if c.label == "kuan-not-sum-of-xiang")
    package, _ = case.failing()
    path = write_package(package, tmp_path / "dept.xlsx", LAYOUTS["split"])
    findings = [f for f in check_package(read_package(path)).findings if f.rule == "SUM002"]
    book = openpyxl.load_workbook(path, data_only=True)
    assert findings
    for f in findings:
        assert book[f.sheet][f.cell].value == f.actual
