"""``govbudget catalogue show | diff | import | stats``: output and exit status."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from govbudget.catalogue import diff_years, load_catalogue
from govbudget.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(["catalogue", *args])
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_show_a_code(capsys):
    code, out, _ = run(capsys, "show", "2080505", "--year", "2016")
    assert code == 0
    assert out.startswith("2080505 机关事业单位基本养老保险缴费支出")
    assert "208 社会保障和就业支出 › 20805 行政事业单位离退休" in out
    assert "2016 functional" in out and "COFOG: 01" in out  # staff costs: general services


def test_show_follows_a_move_and_lists_children(capsys):
    code, out, _ = run(capsys, "show", "21506", "--year", "2016")
    assert code == 0 and "2150601 行政运行" in out and "22401 应急管理事务" in out


def test_show_json_and_english(capsys):
    code, out, _ = run(capsys, "show", "210", "--year", "2025", "--lang", "en", "--format", "json")
    info = json.loads(out)
    assert code == 0 and info["label"] == "Health" and info["level"] == 1
    assert info["category"] == ["07", "医疗保健", "Health"] and info["catalogue_year"] == 2025


def test_show_unknown_and_malformed_codes(capsys):
    code, _, err = run(capsys, "show", "2999999", "--year", "2025")
    assert code == 1 and "未找到" in err and "not found" in err
    code, _, err = run(capsys, "show", "2040404", "--year", "2025")
    assert code == 0
    code, _, err = run(capsys, "show", "30113", "--year", "2016")
    assert code == 1 and "2025: 住房公积金" in err
    code, _, err = run(capsys, "show", "abc", "--year", "2025")
    assert code == 2 and "malformed" in err
    code, _, err = run(capsys, "show", "201", "--year", "2025", "--lang", "fr")
    assert code == 2


def test_diff_two_years(capsys):
    code, out, _ = run(capsys, "diff", "2016", "2025", "--scheme", "functional", "--level", "1")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("2016 → 2025:")
    assert "更名 renamed  210 医疗卫生与计划生育支出 → 210 卫生健康支出" in lines
    assert "新增 added    — → 224 灾害防治及应急管理支出" in lines


def test_diff_csv_and_json(capsys, tmp_path):
    code, out, _ = run(capsys, "diff", "2016", "2025", "--format", "csv")
    (tmp_path / "diff.csv").write_text(out, encoding="utf-8")
    frame = pd.read_csv(tmp_path / "diff.csv", dtype=str)
    assert code == 0 and list(frame.columns)[:3] == ["scheme", "level", "change"]
    assert set(frame["change"]) == {"renamed", "moved", "merge", "split", "removed", "added"}
    code, out, _ = run(
        capsys, "diff", "2016", "2025", "--scheme", "economic_dept", "--format", "json"
    )
    records = json.loads(out)
    assert {"code_a": "30311", "code_b": "30113"}.items() <= next(
        r for r in records if r["code_a"] == "30311"
    ).items()
    code, _, err = run(capsys, "diff", "2016", "2025", "--scheme", "revenue")
    assert code == 2 and "unknown scheme" in err


def test_diff_years_api():
    frame = diff_years(load_catalogue(), 2016, 2025, "functional")
    moved = frame[(frame["code_a"] == "21506")]
    assert moved["code_b"].tolist() == ["22401"] and moved["change"].tolist() == ["moved"]
    split = frame[frame["code_a"] == "20706"]
    assert split["code_b"].tolist() == ["20706", "20708"] and set(split["change"]) == {"split"}
    assert diff_years(load_catalogue(), 2025, 2025).empty


def test_import_command(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("GOVBUDGET_CATALOGUE", raising=False)
    book = openpyxl.Workbook()
    book.active.append(["科目编码", "科目名称", "说明"])
    for row in [
        (205, "教育支出"),
        (20502, "普通教育"),
        (2050205, "高等教育"),
        (301, "工资福利支出"),
    ]:
        book.active.append([*row, ""])
    book.save(tmp_path / "mof.xlsx")
    into = tmp_path / "cat"
    code, out, _ = run(capsys, "import", str(tmp_path / "mof.xlsx"), "--year", "2024",
                       "--scheme", "functional", "--into", str(into))  # fmt: skip
    assert code == 0 and "imported 2024 functional: 1 类, 1 款, 1 项" in out
    assert (into / "2024_functional.csv").is_file()
    code, out, _ = run(capsys, "show", "2050205", "--year", "2024", "--catalogue", str(into))
    assert code == 0 and "2024 functional (完整 · complete)" in out and "imported: mof.xlsx" in out
    code, out, _ = run(capsys, "stats", "--catalogue", str(into))
    assert code == 0 and "2024 functional: 类 1, 款 1, 项 1 · complete=true" in out
    code, _, err = run(
        capsys, "import", str(tmp_path / "nope.xlsx"), "--year", "2024", "--into", str(into)
    )
    assert code == 2 and "nope.xlsx" in err


def test_stats_reports_counts_and_sources(capsys):
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert "2025 functional: 类 29" in out and "complete=false levels_complete=1" in out
    assert "2025 functional sources:" in out and "real table" in out
    for year in (2016, 2023, 2024, 2025, 2026):  # rows by year, scheme and source
        assert f"{year} functional sources:" in out and f"{year} economic_dept sources:" in out
    assert "2026 functional sources: domain knowledge 1057, real table 105, template 9" in out
