"""Issue 16: hostile input and unattended runs. Each test failed before its fix.

Real workbooks (``tests/bad_inputs/hostile.py``) through the real CLI, in-process where output
capture is enough, in a subprocess where pipes, signals, special files or memory matter.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from bad_inputs import good_workbook
from bad_inputs.hostile import (
    FORMULA_TEXTS,
    arabic_indic_digits,
    formula_workbooks,
    huge_amount,
    live_formula,
    long_name,
    merged_whole_sheet,
    runs_as_formula,
    same_stem,
)
from peak import measured

from govbudget.cli import main
from govbudget.ingest import read_lines, read_package
from govbudget.io import csv_text, safe_cell, sha256_file
from govbudget.money import NotANumber, parse_decimal, read_amount
from govbudget.outputs.dashboard.views import lines_csv


def cli(*argv: str) -> tuple[int, str, str]:
    """``govbudget ARGV`` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in argv])
        except SystemExit as stop:
            return int(stop.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def run(*argv: str, **kwargs: object) -> subprocess.CompletedProcess:
    """``govbudget ARGV`` in a subprocess."""
    return subprocess.run([sys.executable, "-m", "govbudget", *map(str, argv)],
                          capture_output=True, text=True, timeout=300, **kwargs)  # fmt: skip


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr and len(lines) == 1, stderr
    return lines[0]


def _csv_cells(path_or_text: Path | str) -> list[str]:
    text = path_or_text.read_text("utf-8-sig") if isinstance(path_or_text, Path) else path_or_text
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _xlsx_cells(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {sheet.title}!{cell.coordinate}"
                cells.append(cell.value)
    return cells


# ------------------------------------------------------------------ 1. formula injection ---


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return formula_workbooks(tmp_path_factory.mktemp("formulas") / "data")


def test_every_csv_and_xlsx_output_neutralises_formula_text(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = cli("check", hostile, "--format", "csv", "--output", out / "check.csv",
                       "--feedback", out / "feedback")  # fmt: skip
    assert code == 1, err
    assert cli("ingest", hostile, "--output", out / "lines.csv")[0] == 0
    assert cli("ingest", hostile, "--store", out / "store.duckdb")[0] == 0
    for what in ("lines", "findings", "packages"):
        code, text, err = cli("store", "query", out / "store.duckdb", what, "--format", "csv")
        assert code == 0, err
        (out / f"store-{what}.csv").write_text(text, "utf-8")
    csvs = sorted(out.glob("*.csv"))
    assert len(csvs) == 5
    every = [c for path in csvs for c in _csv_cells(path)]
    every += [c for path in sorted((out / "feedback").glob("*.xlsx")) for c in _xlsx_cells(path)]
    assert len(list((out / "feedback").glob("*.xlsx"))) == 2
    assert not [c for c in every if runs_as_formula(c)]
    # the hostile text is there, neutralised, at the start of department, file, sheet, row names
    for text in ("'=1+1局", "'=HYPERLINK", "'=表5+1", "'@SUM(1+1)"):
        assert any(isinstance(c, str) and c.startswith(text) for c in every), text
    check = _csv_cells(out / "check.csv")
    assert any(c.startswith("'=表5+1") for c in check)  # the sheet column of a finding


@pytest.mark.parametrize("dtype", ["str", "object", "arrow", "category"])
def test_downloads_neutralise_whatever_the_dtype(hostile: Path, dtype: str) -> None:
    lines = read_lines([read_package(p) for p in sorted(hostile.glob("*.xlsx"))])
    for column in ("department", "name", "sheet"):  # as any source may hold them
        values = "\t" + lines[column].astype(object)
        lines[column] = {
            "str": values.astype("str"), "object": values,
            "arrow": values.astype(pd.ArrowDtype(pa.string())), "category": values.astype("category"),
        }[dtype]  # fmt: skip
    for text in (lines_csv(lines), csv_text(lines)):
        cells = _csv_cells(text)
        assert not [c for c in cells if runs_as_formula(c)]
        assert any(c.startswith("'\t=1+1局") for c in cells)


def test_safe_cell_neutralises_leading_white_space_variants() -> None:
    for text in FORMULA_TEXTS:
        assert safe_cell(text) == "'" + text
    assert safe_cell("-1234.50") == "-1234.50" and safe_cell(" 12") == " 12"
    assert safe_cell("教育局") == "教育局" and safe_cell(12) == 12


def test_sample_writer_writes_formula_text_as_text(tmp_path: Path) -> None:
    path = formula_workbooks(tmp_path / "data") / "=0+1.xlsx"
    book = openpyxl.load_workbook(path)
    texts = [c for s in book.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]  # fmt: skip
    assert texts and all(c.data_type == "s" for c in texts)
    lines = read_lines([read_package(path)])
    assert lines["name"].str.startswith("=HYPERLINK").any()  # read back as the text it is


# ------------------------------------------------------------------ 2. outputs -------------


def test_an_output_onto_an_input_is_refused(tmp_path: Path) -> None:
    book = good_workbook(tmp_path, "same.xlsx")
    before = sha256_file(book)
    link = tmp_path / "link.json"
    link.symlink_to(book)
    for target in (book, link):
        code, _, err = cli("check", book, "--format", "json", "--output", target)
        assert code == 2 and "input" in _one_line(err)
    code, _, err = cli("ingest", book, "--output", tmp_path / "same.csv")
    assert code == 0, err
    assert sha256_file(book) == before and link.is_symlink()


def test_output_to_a_symlink_writes_its_target(tmp_path: Path) -> None:
    book = good_workbook(tmp_path)
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old")
    link.symlink_to(target)
    assert cli("check", book, "--format", "json", "--output", link)[0] == 0
    assert link.is_symlink() and json.loads(target.read_text("utf-8"))["packages"]


def test_a_folder_output_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    from govbudget.io import atomic_folder

    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    with pytest.raises(RuntimeError), atomic_folder(out) as tmp:
        (tmp / "half.html").write_text("half")
        raise RuntimeError("interrupted")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside it
    assert [p.name for p in out.iterdir()] == ["old.html"]
    with atomic_folder(out) as tmp:
        (tmp / "new.html").write_text("new")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert [p.name for p in out.iterdir()] == ["new.html"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_output_to_a_fifo_stdout_or_device_streams(tmp_path: Path) -> None:
    book = good_workbook(tmp_path)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run("check", book, "--format", "json", "--output", fifo)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and json.loads(received[0])["packages"]
    done = run("check", book, "--format", "json", "--output", "-")
    assert done.returncode == 0 and json.loads(done.stdout)["packages"]
    if Path("/dev/full").exists():
        done = run("check", book, "--format", "json", "--output", "/dev/full")
        assert done.returncode == 2 and "/dev/full" in _one_line(done.stderr)
        assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


@pytest.mark.parametrize("where", ["folder", "sys"])
def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path, where: str) -> None:
    book = good_workbook(tmp_path)
    target = tmp_path if where == "folder" else Path("/sys/govbudget-test.json")
    done = run("check", book, "--format", "json", "--output", target)
    assert done.returncode == 2 and str(target) in _one_line(done.stderr)


# ------------------------------------------------------------------ 4, 10. amounts ---------


@pytest.mark.parametrize("text", [False, True])
def test_a_huge_amount_is_val001_and_the_folder_run_carries_on(tmp_path: Path, text: bool) -> None:
    huge_amount(tmp_path, text=text)
    good_workbook(tmp_path, "good.xlsx")
    code, out, err = cli("check", tmp_path, "--format", "json")
    assert code == 1 and "Traceback" not in err, err
    report = json.loads(out)
    assert len(report["packages"]) == 2
    huge = next(p for p in report["packages"] if p["file"].endswith("huge.xlsx"))
    assert [f["rule"] for f in huge["findings"] if f["severity"] == "error"] == ["VAL001"]
    assert "too large" in huge["findings"][0]["message_en"]
    code, _, err = cli("ingest", tmp_path, "--output", tmp_path / "lines.csv")
    assert code == 0, err
    code, _, err = cli("ingest", tmp_path, "--store", tmp_path / "store.duckdb")
    assert code == 0, err


def test_amount_bounds_and_digits() -> None:
    with pytest.raises(NotANumber):
        read_amount("1e30", "万元")
    with pytest.raises(NotANumber):
        read_amount(10**16, "元")  # 10^16 元 is beyond any budget
    assert read_amount("123456789012.34", "元") == (12345678901234, 2)
    with pytest.raises(NotANumber):
        parse_decimal("٣٤٥")
    assert parse_decimal("３４５") == 345


def test_arabic_indic_digits_are_not_an_amount(tmp_path: Path) -> None:
    path = arabic_indic_digits(tmp_path)
    code, out, _ = cli("check", path, "--format", "json")
    findings = json.loads(out)["packages"][0]["findings"]
    assert code == 1 and any(f["rule"] == "VAL001" and "٣٤٥" in f["message_zh"] for f in findings)


# ------------------------------------------------------------------ 5. last resort ---------


def test_a_broken_pipe_ends_quietly() -> None:
    for reader in ("head -1", "true"):  # `true` has left before the first line is written
        done = subprocess.run(
            f"'{sys.executable}' -m govbudget catalogue diff 2016 2020 --format csv | {reader}",
            shell=True, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.stderr == "", done.stderr


def test_an_unexpected_error_is_one_line_naming_the_input(tmp_path: Path, monkeypatch) -> None:
    book = good_workbook(tmp_path)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("govbudget.cli.check.validate", broken)
    code, _, err = cli("check", book)
    line = _one_line(err)
    assert code == 2 and str(book) in line and "RuntimeError" in line


def test_a_245_byte_name_gets_its_feedback_copy(tmp_path: Path) -> None:
    path = long_name(tmp_path / "data")
    assert len(path.name.encode()) == 245
    code, _, err = cli("check", path, "--feedback", tmp_path / "feedback")
    copies = list((tmp_path / "feedback").iterdir())
    assert code == 0 and len(copies) == 1, err
    assert len(copies[0].name.encode()) <= 255


# ------------------------------------------------------------------ 6, 7, 8. feedback -------


def test_feedback_of_a_sheet_wide_merge_is_bounded(tmp_path: Path) -> None:
    path = merged_whole_sheet(tmp_path)
    assert path.stat().st_size < 60_000
    with tempfile.TemporaryFile() as stderr:
        code, seconds, peak = measured(
            [sys.executable, "-m", "govbudget", "check", str(path), "--feedback",
             str(tmp_path / "feedback")], timeout=60, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
        stderr.seek(0)
        assert code == 0, stderr.read()
    assert seconds < 10 and peak / 1024 < 400, (seconds, peak)
    copy = next((tmp_path / "feedback").glob("*.xlsx"))
    assert openpyxl.load_workbook(copy, read_only=True).sheetnames[0] == "检查结果"


def test_a_workbook_too_large_for_feedback_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("govbudget.feedback.source.MAX_FEEDBACK_CELLS", 100)
    book = good_workbook(tmp_path)
    code, out, err = cli("check", book, "--format", "json", "--feedback", tmp_path / "feedback")
    line = _one_line(err)
    assert code == 2 and "INP003" in line and "feedback" in line and str(book) in line
    assert json.loads(out)["packages"] and not (tmp_path / "feedback").exists()


def test_feedback_copies_hold_values_not_formulas(tmp_path: Path) -> None:
    path = live_formula(tmp_path)
    assert cli("check", path, "--feedback", tmp_path / "feedback")[0] == 0
    cells = _xlsx_cells(next((tmp_path / "feedback").glob("*.xlsx")))  # no formula cell
    assert "点" in cells and not [c for c in cells if isinstance(c, str) and "HYPERLINK" in c]


def test_feedback_names_are_unique_and_never_an_input(tmp_path: Path) -> None:
    folder = same_stem(tmp_path / "data")
    code, _, err = cli("check", folder, "--feedback", tmp_path / "feedback")
    names = sorted(p.name for p in (tmp_path / "feedback").iterdir())
    assert names == ["a.feedback.xlsx", "a.xlsm.feedback.xlsx"], err
    x = good_workbook(tmp_path, "x.xlsx")
    other = good_workbook(tmp_path, "x.feedback.xlsx", seed=5)
    before = sha256_file(other)
    code, _, err = cli("check", x, other, "--feedback", tmp_path)
    assert code == 0 and sha256_file(other) == before, err
    assert (tmp_path / "x-2.feedback.xlsx").is_file()


# ------------------------------------------------------------------ 11, 12, 13. runs -------


def test_report_without_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for data, extra in ((empty, ()), (tmp_path / "nonexistent", ())):
        out = tmp_path / f"out-{data.name}"
        code, _, err = cli("report", data, "--out", out, *extra)
        assert code == 2 and not out.exists(), err
        _one_line(err)
    data = tmp_path / "data"
    good_workbook(data)
    out = tmp_path / "out-year"
    code, _, err = cli("report", data, "--out", out, "--year", "1999")
    assert code == 2 and not out.exists() and "1999" in _one_line(err)


def test_unreadable_inputs_are_part_of_json_and_csv(tmp_path: Path) -> None:
    good = good_workbook(tmp_path, "a.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    code, out, _ = cli("check", good, broken, "--format", "json")
    report = json.loads(out)
    assert code == 2 and [p["file"] for p in report["packages"]] == [str(good)]
    assert [f["file"] for f in report["failed"]] == [str(broken)]
    assert "INP001" in report["failed"][0]["message"]
    code, out, _ = cli("check", good, broken, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    failed = [r for r in rows if r["rule"] == "INP"]
    assert code == 2 and len(failed) == 1
    assert failed[0]["package"] == str(broken) and failed[0]["severity"] == "error"


def test_sigint_during_a_folder_check_says_what_was_interrupted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for index in range(150):
        good_workbook(data, f"{index:02d}.xlsx", seed=index % 5)
    output = tmp_path / "check.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "govbudget", "check", str(data), "--format", "json",
         "--output", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    seen = ""
    while "3/150]" not in seen:
        seen += process.stderr.readline()
        assert process.poll() is None, seen
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    line = _one_line(err)
    assert "check" in line and str(data) in line and "nothing was written" in line
    assert not output.exists() and not list(tmp_path.glob(".check.json*"))
