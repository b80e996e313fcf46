"""``govbudget check``: exit codes, text/JSON/CSV output, unreadable files, feedback copies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from govbudget.cli import main
from govbudget.cli.check import render_text
from govbudget.ingest import read_package
from govbudget.validate import validate
from govbudget_dev.factory import Where, add_to, cell_of, clean_package
from govbudget_dev.write import Layout, write_package

WRONG = Where("gpb_expenditure", "amount", code="2010101", measure="total")


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *argv])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def workbooks(tmp_path: Path) -> dict[str, Path]:
    """A clean 2016 budget, a 2017 budget with a wrong sum (same file name, other folder)."""
    clean = write_package(clean_package(), tmp_path / "2016_budget" / "education.xlsx")
    package = clean_package(year=2017, seed=4)
    add_to(package, WRONG, 1000_00)
    wrong = write_package(package, tmp_path / "2017_budget" / "education.xlsx", Layout())
    return {"clean": clean, "wrong": wrong, "root": tmp_path}


def test_clean_workbook_exits_0(workbooks, capsys):
    code, out, err = run([str(workbooks["clean"])], capsys)
    assert code == 0
    assert "education.xlsx" in out and "得分 100.0" in out and "未发现问题" in out
    assert err == ""  # one workbook: no progress line
    assert "\x1b[" not in out  # not a terminal: no colour


def test_error_findings_exit_1_with_cell_references(workbooks, capsys):
    code, out, _ = run([str(workbooks["wrong"])], capsys)
    assert code == 1
    read = read_package(workbooks["wrong"])
    sheet = read.tables["gpb_expenditure"].sheet
    assert f"SUM001  {sheet}!{cell_of(read, WRONG)} [2010101]" in out
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    severities = [line.split()[0] for line in lines]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index)


def test_folder_json_output_file_and_progress(workbooks, capsys, tmp_path: Path):
    target = tmp_path / "out" / "report.json"
    code, out, err = run([str(workbooks["root"]), "--format", "json", "--output", str(target)],
                         capsys)  # fmt: skip
    assert code == 1 and out == ""
    assert err.count("[") == 2 and "[2/2]" in err  # one progress line per workbook
    data = json.loads(target.read_text("utf-8"))
    assert list(data) == ["packages", "failed", "summary"] and data["failed"] == []
    assert [p["year"] for p in data["packages"]] == [2016, 2017]
    assert data["summary"]["packages"] == 2 and data["summary"]["errors"] >= 1
    assert {f["rule"] for f in data["packages"][1]["findings"]} >= {"SUM001", "SUM002"}
    assert list(target.parent.iterdir()) == [target]  # written atomically, no leftovers


def test_csv_output(workbooks, capsys):
    code, out, _ = run([str(workbooks["wrong"]), "--format", "csv"], capsys)
    assert code == 1
    frame = pd.read_csv(pd.io.common.StringIO(out), dtype=str)
    assert {"rule", "table", "cell", "expected", "actual", "difference"} <= set(frame.columns)
    assert "SUM001" in set(frame["rule"])


def test_english_text(workbooks, capsys):
    _, out, _ = run([str(workbooks["wrong"]), "--lang", "en"], capsys)
    assert "score" in out and "errors" in out and "General public budget" in out


def test_unreadable_file_exits_2_and_the_others_are_still_checked(workbooks, capsys):
    broken = workbooks["root"] / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    code, out, err = run([str(workbooks["clean"]), str(broken)], capsys)
    assert code == 2
    messages = [line for line in err.splitlines() if line.startswith("govbudget:")]
    assert len(messages) == 1 and "broken.xlsx" in messages[0]
    assert err.count("INP") == 1  # why it failed is said once, not in the progress line too
    assert "education.xlsx" in out and "得分 100.0" in out


def test_missing_path_and_bad_option_exit_2(workbooks, capsys):
    code, _, err = run([str(workbooks["root"] / "nope.xlsx")], capsys)
    assert code == 2 and "nope.xlsx" in err
    code, _, err = run([str(workbooks["clean"]), "--phase", "draft"], capsys)
    assert code == 2 and "--phase" in err


def test_empty_folder_exits_2_and_feedback_copies_are_not_rechecked(workbooks, capsys):
    empty = workbooks["root"] / "empty"
    empty.mkdir()
    code, _, err = run([str(empty)], capsys)
    assert code == 2 and "empty" in err
    run([str(workbooks["root"]), "--feedback", str(workbooks["root"] / "fb")], capsys)
    code, out, _ = run([str(workbooks["root"]), "--format", "json"], capsys)
    files = [p["file"] for p in json.loads(out)["packages"]]
    assert len(files) == 2 and not any(f.endswith(".feedback.xlsx") for f in files)


def test_options_override_the_workbook(workbooks, capsys):
    code, out, _ = run([str(workbooks["clean"]), "--level", "区县级", "--format", "json"], capsys)
    (package,) = json.loads(out)["packages"]
    assert package["level"] == "区县级" and code == 1
    # the workbook declares 市级: the override is kept, with a warning naming both (PKG008)
    assert [f["rule"] for f in package["findings"]] == ["MSX001", "PKG008"]


def test_feedback_copies_mirror_the_folders(workbooks, capsys, tmp_path: Path):
    feedback = tmp_path / "fb"
    code, _, _ = run([str(workbooks["root"]), "--feedback", str(feedback)], capsys)
    assert code == 1
    copies = sorted(p.relative_to(feedback).as_posix() for p in feedback.rglob("*.xlsx"))
    assert copies == ["2016_budget/education.feedback.xlsx", "2017_budget/education.feedback.xlsx"]


def test_colour_only_when_asked(workbooks):
    report = validate([workbooks["wrong"]])
    assert "\x1b[31m" in render_text(report, "zh", colour=True)
    assert "\x1b[" not in render_text(report, "zh", colour=False)


def test_console_entry_point(workbooks):
    done = subprocess.run(
        [sys.executable, "-m", "govbudget", "check", str(workbooks["clean"]), "--format", "json"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"] == {"packages": 1, "errors": 0, "warnings": 0}


def test_feedback_says_where_and_skip_clean_leaves_out_clean_packages(
    workbooks, capsys, tmp_path: Path
):
    feedback = tmp_path / "fb"
    code, out, err = run(
        [str(workbooks["root"]), "--feedback", str(feedback), "--skip-clean"], capsys
    )
    assert code == 1
    assert f"批注副本 1 份已写入 {feedback.resolve()}" in err
    assert [p.name for p in feedback.rglob("*.xlsx")] == ["education.feedback.xlsx"]
    assert "2017" in out and "2016" not in out
    assert "共检查 2 个包" in out and "1 个包未发现问题（未列出）" in out
    code, out, err = run(
        [str(workbooks["root"]), "--lang", "en", "--feedback", str(feedback)], capsys
    )
    assert f"2 annotated copies written to {feedback.resolve()}" in err
    assert "no findings" in out
