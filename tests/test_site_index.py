"""The report index: compliance apart from the run status; sorting and filtering in a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import Console, chromium

from govbudget.outputs.report_site.site_index import compliance, write_index


def _manifest(tmp_path: Path) -> dict:
    inputs, notebooks = {}, {}
    rows = [("甲局", 70.0, 3, 1, "ok"), ("乙局", 100.0, 0, 0, "ok"), ("丙局", 96.5, 0, 2, "failed"),
            ("丁局", 88.0, 1, 0, "ok")]  # fmt: skip
    for index, (name, score, errors, warnings, run) in enumerate(rows):
        page = f"departments/2016_budget/d{index}.html"
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<html></html>")
        inputs[f"2016_budget/d{index}.xlsx"] = {
            "status": "ok", "department": name, "year": 2016, "phase": "budget", "level": "市级",
            "score": score, "errors": errors, "warnings": warnings}  # fmt: skip
        notebooks[f"departments/2016_budget/d{index}"] = {
            "kind": "department", "status": run, "error": "kernel died" if run != "ok" else None,
            "html": page, "title": name, "group": "2016 预算", "year": 2016, "phase": "budget",
            "source": f"2016_budget/d{index}.xlsx"}  # fmt: skip
    return {"data": "/city", "inputs": inputs, "notebooks": notebooks}


def _rows(text: str) -> dict[str, str]:
    return {
        m.group(1): m.group(0)
        for m in re.finditer(r"<tr data-compliance[^>]*><td>([^<]+)</td>.*?</tr>", text)
    }


def test_compliance_and_the_run_status_are_separate_columns(tmp_path: Path):
    text = write_index(tmp_path, _manifest(tmp_path), lang="zh").read_text("utf-8")
    assert "<th" in text and "合规检查" in text and "报告页面" in text and "状态" not in text
    rows = _rows(text)
    assert 'data-compliance="errors"' in rows["甲局"] and "有错误" in rows["甲局"]
    assert "未发现问题" in rows["乙局"] and "运行失败" not in rows["乙局"]
    # the run failed but the check found only warnings: both said, in their own columns
    assert (
        "仅有警告" in rows["丙局"] and "运行失败" in rows["丙局"] and "kernel died" in rows["丙局"]
    )
    assert "<script>" in text and "http" not in text.split("<script>")[1]  # inline, no CDN
    english = write_index(tmp_path, _manifest(tmp_path), lang="en").read_text("utf-8")
    assert "Compliance" in english and "Report page" in english and "warnings only" in english
    assert compliance({"status": "unreadable"}) is None


@pytest.mark.browser
def test_sort_and_filter_in_chromium(tmp_path: Path):
    index = write_index(tmp_path, _manifest(tmp_path), lang="zh")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        console = Console(page)
        page.goto(index.as_uri())

        def names() -> list[str]:
            return page.locator("table.gb-index tbody tr:visible td:first-child").all_inner_texts()

        assert names() == sorted(["甲局", "乙局", "丙局", "丁局"])  # by title
        score = page.locator("th", has_text="得分")
        score.click()
        assert names() == ["甲局", "丁局", "丙局", "乙局"]
        assert score.get_attribute("aria-sort") == "ascending"
        score.click()
        assert names() == ["乙局", "丙局", "丁局", "甲局"]
        page.locator("th", has_text="错误").focus()
        page.keyboard.press("Enter")
        assert names()[-1] == "甲局"
        page.select_option("#gb-c", "errors")
        assert sorted(names()) == ["丁局", "甲局"]
        page.fill("#gb-q", "丁")
        assert names() == ["丁局"]
        page.select_option("#gb-c", "")
        page.fill("#gb-q", "")
        assert len(names()) == 4
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        assert console.errors == []
