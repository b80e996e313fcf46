"""Round trip: write_package(package, layout) then read_package gives back the same rows,
codes and fen (to the 万元 step where the layout is in 万元), in every layout and format."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govbudget.ingest import read_package
from govbudget.model import Package, Table
from govbudget_dev.examples import example_package, with_defects
from govbudget_dev.write import Layout, write_package

LAYOUTS = {
    "template": Layout(),
    "wanyuan_single_numbered_stacked": Layout(codes="single", unit="万元", numbered=True,
                                              two_panel=False, sheet_names="titled"),
    "glued_flat_text_repeats": Layout(codes="glued", merged_header=False, text_numbers=True,
                                      page_repeat=3, footnote="注：本表为示例。"),
    "mixed_units": Layout(three_public_unit="万元", numbered=True, sheet_names="titled"),
    "glued_wanyuan_text_stacked": Layout(codes="glued", unit="万元", text_numbers=True,
                                         two_panel=False, page_repeat=2),
    "single_flat_no_units": Layout(codes="single", merged_header=False,
                                   omit_unit=("income", "three_public")),
}  # fmt: skip
STEP = {"元": 1, "万元": 10_000}


def _rounded(fen: int | None, step: int) -> int | None:
    if fen is None or step == 1:
        return fen
    return int((Decimal(fen) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


def _shape(table: Table, step: int) -> list[tuple]:
    return sorted(
        (
            (r.panel, r.code, r.name, r.item, r.depth,
             tuple(sorted((m, _rounded(a.fen, step), a.invalid, a.text) for m, a in r.amounts.items()
                          if a.fen is not None or a.invalid)),
             tuple(sorted((k, v[0]) for k, v in r.texts.items())))
            for r in table.rows
        ),
        key=repr,
    )  # fmt: skip


def assert_same(original: Package, back: Package, layout: Layout) -> None:
    assert set(back.tables) == set(original.tables)
    for table_id, table in original.tables.items():
        unit = (
            (layout.three_public_unit or layout.unit) if table_id == "three_public" else layout.unit
        )
        read = back.tables[table_id]
        assert read.unit == (None if table_id in layout.omit_unit else unit)
        assert _shape(read, STEP[unit]) == _shape(table, STEP[unit]), table_id
        assert [n.text for n in read.notes] == [n.text for n in table.notes] + (
            [layout.footnote] if layout.footnote else []
        )
        assert read.phase == original.phase and read.year == original.year
        assert read.department == original.department
    assert {k: v.text for k, v in back.texts.items()} == {
        k: v.text for k, v in original.texts.items()
    }
    for field in ("department", "year", "phase", "level", "approval_date", "publication_date"):
        assert getattr(back, field) == getattr(original, field), field


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_round_trip_every_layout_and_format(tmp_path: Path, name: str, suffix: str) -> None:
    layout = LAYOUTS[name]
    package = example_package(len(name), level="区县级", minsheng=True, theme="town")
    back = read_package(write_package(package, tmp_path / f"p{suffix}", layout))
    assert_same(package, back, layout)


def test_round_trip_final_accounts_with_defects(tmp_path: Path) -> None:
    package, _done = with_defects(example_package(9, phase="final", theme="health"))
    layout = LAYOUTS["template"]
    back = read_package(write_package(package, tmp_path / "p.xlsx", layout))
    assert_same(package, back, layout)
    invalid = [a for r in back.tables["income"].rows for a in r.amounts.values() if a.invalid]
    assert [(a.text, a.fen) for a in invalid] == [("待定", None)]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    name=st.sampled_from(sorted(LAYOUTS)),
    suffix=st.sampled_from([".xlsx", ".xls", ".ods"]),
    theme=st.sampled_from(["finance", "education", "health", "town"]),
    phase=st.sampled_from(["budget", "final"]),
    gov_fund=st.booleans(),
)
def test_round_trip_property(tmp_path: Path, seed: int, name: str, suffix: str, theme: str,
                             phase: str, gov_fund: bool) -> None:  # fmt: skip
    layout = LAYOUTS[name]
    package = example_package(seed, theme=theme, phase=phase, gov_fund=gov_fund)
    back = read_package(write_package(package, tmp_path / f"h{seed}{suffix}", layout))
    assert_same(package, back, layout)
