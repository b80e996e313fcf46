"""``govbudget ingest``: tidy lines out, one progress line per workbook, exit 2 on bad input."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from govbudget.cli import main
from govbudget.ingest import read_package
from govbudget.model import LINE_COLUMNS
from govbudget_dev.examples import example_package
from govbudget_dev.write import Layout, write_package


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as info:
        main(args)
    return int(info.value.code)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_package(example_package(1), folder / "finance.xlsx")
    write_package(example_package(2, department="示例市教育局", theme="education"),
                  folder / "sub" / "education.xls", Layout(unit="万元", codes="glued"))  # fmt: skip
    return folder


def _fen_total(paths: list[Path]) -> int:
    return sum(a.fen for p in paths for t in read_package(p).tables.values() for r in t.rows
               for a in r.amounts.values() if a.fen is not None)  # fmt: skip


def test_csv_with_bom_exact_amounts_and_progress(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out" / "lines.csv"
    assert run(["ingest", str(folder), "--output", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert tuple(records[0]) == LINE_COLUMNS
    assert {r["department"] for r in records} == {"示例市财政局", "示例市教育局"}
    paths = [folder / "finance.xlsx", folder / "sub" / "education.xls"]
    total = sum(Decimal(r["amount_yuan"]) for r in records)
    assert total * 100 == _fen_total(paths)
    assert all(len(r["amount_yuan"].split(".")[1]) == 2 for r in records)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and err[0].startswith("✓") and "finance.xlsx" in err[0]
    assert str(out) in err[-1] and f"{len(records)}" in err[-1]


def test_parquet_keeps_exact_decimals(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "lines.parquet"
    assert run(["ingest", str(folder / "finance.xlsx"), "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert str(table.schema.field("amount_yuan").type) == "decimal128(20, 2)"
    assert sum(table.column("amount_yuan").to_pylist()) * 100 == _fen_total(
        [folder / "finance.xlsx"]
    )
    assert table.column_names == list(LINE_COLUMNS)


def test_options_override_and_formula_text_is_neutralised(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "lines.csv"
    args = ["ingest", str(folder / "finance.xlsx"), "-o", str(out), "--year", "2017", "--phase",
            "final", "--level", "区县级", "--department", "=HYPERLINK(\"http://x\")"]  # fmt: skip
    assert run(args) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert (first["year"], first["phase"], first["level"]) == ("2017", "final", "区县级")
    assert first["department"] == '\'=HYPERLINK("http://x")'


def test_a_bad_workbook_is_named_and_the_others_are_written(folder: Path, tmp_path: Path,
                                                              capsys) -> None:  # fmt: skip
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    (folder / "fake.xls").write_text("<html><table></table></html>")
    out = tmp_path / "lines.csv"
    out.write_text("previous run")
    assert run(["ingest", str(folder), "--output", str(out)]) == 2
    lines = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert set(lines["package"]) == {"in/finance.xlsx", "sub/education.xls"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "lines.csv"]  # no temporaries
    err = capsys.readouterr().err
    assert "broken.xlsx" in err and "INP001" in err and "fake.xls" in err
    assert "Traceback" not in err


def test_nothing_readable_writes_nothing(tmp_path: Path, capsys) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    out = tmp_path / "lines.csv"
    out.write_text("previous run")
    assert run(["ingest", str(tmp_path / "broken.xlsx"), "--output", str(out)]) == 2
    assert out.read_text() == "previous run"
    assert "nothing written" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--output", "x.txt"],
        ["--output", "x.csv", "--phase", "mid-year"],
        ["--output", "x.csv", "--level", "省级"],
    ],
)
def test_usage_errors_exit_2(folder: Path, tmp_path: Path, args: list[str], capsys) -> None:
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert run(["ingest", str(folder), *args]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))


def test_no_workbooks_and_missing_path(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert run(["ingest", str(tmp_path / "empty"), "-o", str(tmp_path / "x.csv")]) == 2
    assert run(["ingest", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "no workbooks or PDFs in folder" in err and "missing.xlsx" in err
