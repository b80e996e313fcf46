"""``govbudget compare``: two real workbooks written by the writer, in the same and in other
layouts and units; one figure changed, one table removed; text, JSON and CSV; exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from govbudget.cli import main
from govbudget.compare import compare_packages, compare_paths
from govbudget.ingest import read_package
from govbudget.location import pdf_cell
from govbudget_dev.factory import Where, add_to, cell_of, clean_package
from govbudget_dev.write import Layout, write_package

CHANGED = Where("gpb_expenditure", "amount", code="2010101", measure="total")
WAN = Layout(codes="single", unit="万元", two_panel=False, numbered=True)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", *argv])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("compare")
    published = write_package(clean_package(seed=5), folder / "published.xlsx")
    other_layout = write_package(clean_package(seed=5), folder / "in_wan.xlsx", WAN)
    submitted = clean_package(seed=5)
    add_to(submitted, CHANGED, 2_500_00)  # 2,500 元 more
    del submitted.tables["three_public"]
    changed = write_package(submitted, folder / "submitted.xlsx", Layout(codes="glued"))
    return {"published": published, "wan": other_layout, "submitted": changed}


def test_the_same_package_in_another_layout_and_in_wan_is_the_same(books, capsys):
    code, out, _ = run([str(books["published"]), str(books["wan"])], capsys)
    assert code == 0, out
    assert "一致" in out


def test_a_changed_figure_and_a_removed_table_are_listed_with_both_cells(books, capsys):
    comparison = compare_paths(books["published"], books["submitted"])
    kinds = [(d.kind, d.table) for d in comparison.differences]
    assert ("table", "three_public") in kinds
    figures = [d for d in comparison.differences if d.kind == "figure"]
    published, submitted = read_package(books["published"]), read_package(books["submitted"])
    changed = [d for d in figures if d.table == "gpb_expenditure" and d.code == "2010101"]
    assert [(d.measure, d.difference) for d in changed] == [("total", 2_500_00)]
    (d,) = changed
    assert d.published_at.cell == cell_of(published, CHANGED)
    assert d.submitted_at.cell == cell_of(submitted, CHANGED)
    assert d.published_at.sheet == published.tables["gpb_expenditure"].sheet
    # the 款 and 类 above it and the 合计 are unchanged in the submitted workbook: only 2010101
    assert {(d.table, d.code) for d in figures} == {("gpb_expenditure", "2010101")}
    code, out, _ = run([str(books["published"]), str(books["submitted"]), "--lang", "en"], capsys)
    assert code == 1
    assert "2 difference(s)" in out and "three" in out.lower()
    assert "2010101" in out and "2,500.00" in out


def test_json_and_csv_outputs(books, capsys, tmp_path: Path):
    code, out, _ = run([str(books["published"]), str(books["submitted"]), "--format", "json"],
                       capsys)  # fmt: skip
    assert code == 1
    data = json.loads(out)
    assert data["same"] is False and data["summary"] == {
        "differences": 2, "tables": 1, "figures": 1, "rows": 0}  # fmt: skip
    figure = next(d for d in data["differences"] if d["kind"] == "figure")
    assert figure["difference"] == "2500.00" and figure["code"] == "2010101"
    assert figure["published_at"]["sheet"] and figure["published_at"]["page"] is None
    target = tmp_path / "diff.csv"
    code, out, _ = run([str(books["published"]), str(books["submitted"]), "--format", "csv",
                        "--output", str(target)], capsys)  # fmt: skip
    assert code == 1 and out == ""
    frame = pd.read_csv(io.StringIO(target.read_text(encoding="utf-8")), dtype=str)
    assert set(frame["kind"]) == {"table", "figure"}
    assert frame.loc[frame["kind"] == "figure", "difference"].tolist() == ["2500.00"]


def test_an_unreadable_input_exits_2_and_writes_nothing(books, capsys, tmp_path: Path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    target = tmp_path / "out.json"
    code, out, err = run([str(books["published"]), str(bad), "--output", str(target)], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "bad.xlsx" in err
    assert not target.exists()


def test_rounding_between_units_is_not_a_difference_but_more_is():
    published = clean_package(seed=2)
    submitted = clean_package(seed=2)
    table = submitted.tables["gpb_expenditure"]
    table.unit, table.decimals = "万元", 2  # printed in 万元 with two decimals
    add_to(submitted, CHANGED, 99_00)  # within 0.01 万元 = 100 元
    assert compare_packages(published, submitted).same
    add_to(submitted, CHANGED, 2_00)
    (d,) = compare_packages(published, submitted).differences
    assert d.difference == 101_00


def test_pdf_locations_carry_page_and_box():
    published = clean_package(seed=3)
    table = published.tables["income"]
    for row in table.rows:
        for measure, amount in row.amounts.items():
            row.amounts[measure] = type(amount)(amount.fen, pdf_cell(7, (100.0, row.row * 12.0,
                                                                          140.0, row.row * 12.0 + 9)))  # fmt: skip
    table.sheet = ""
    submitted = clean_package(seed=3)
    add_to(submitted, Where("income", "amount", item="total", measure="total"), 1_000_00)
    (d,) = compare_packages(published, submitted).differences
    left = d.to_dict()["published_at"]
    assert left["sheet"] is None and left["page"] == 7 and left["bbox"][0] == 100.0
    assert d.to_dict()["submitted_at"]["sheet"] == submitted.tables["income"].sheet
