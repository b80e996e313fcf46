"""Exports are safe to open: no formula runs from a spreadsheet export, no script from a page.

The run of ``tests/bad_inputs/pipeline.py`` feeds departments named
``<script>window.__pwned=1</script>局`` and ``教育局"onmouseover=alert(1) x="``, row names
starting with ``=``, ``+``, ``-``, ``@``, markup in a narrative text and a sheet named
``<svg onload=alert(4)>`` through ingest, check, report and publish. Then:

* every text cell of every CSV and XLSX output that starts with a formula character is a plain
  number or neutralised (a leading apostrophe), and no XLSX cell is a formula;
* every HTML page of the report site and of the static site, opened in headless Chromium, runs
  no injected script (``window.__pwned`` undefined, no dialog, no injected event handler).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bad_inputs.pipeline import FORMULAS, SCRIPT, PipelineRun, pipeline
from browser import chromium

pytestmark = pytest.mark.slow
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    return pipeline(tmp_path_factory)


def _unsafe(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.match(value)
    )


def _csv_cells(path: Path) -> list[str]:
    text = path.read_text("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("name", ["lines.csv", "check.csv"])
def test_csv_exports_neutralise_formula_text(run: PipelineRun, name: str) -> None:
    cells = _csv_cells(run.out / name)
    assert not [c for c in cells if _unsafe(c)]
    for formula in FORMULAS:  # the hostile names are there, neutralised, not dropped
        assert any(c.startswith(f"'{formula}") or formula in c for c in cells), formula
    if name == "lines.csv":
        assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_static_site_csv_downloads_neutralise_formula_text(run: PipelineRun) -> None:
    files = sorted((run.out / "site" / "data").rglob("*.csv"))
    assert files
    for path in files:
        assert not [c for c in _csv_cells(path) if _unsafe(c)], path


def test_json_and_parquet_keep_the_text_as_data(run: PipelineRun) -> None:
    report = json.loads((run.out / "check.json").read_text("utf-8"))
    assert any(p["department"] == f"{SCRIPT}局" for p in report["packages"])
    lines = pd.read_parquet(run.out / "lines.parquet")
    assert lines["name"].str.startswith("=HYPERLINK").any()


def _workbooks(run: PipelineRun) -> list[Path]:
    found = sorted((run.out / "feedback").rglob("*.xlsx"))
    found += sorted((run.out / "report").rglob("*.xlsx"))
    assert len(found) == 7  # 3 feedback copies from check, 3 from report, findings.xlsx
    return found


def test_xlsx_exports_hold_no_formula_and_no_formula_text(run: PipelineRun) -> None:
    for path in _workbooks(run):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name} {sheet.title}!{cell.coordinate}"
                    assert not _unsafe(cell.value), f"{path.name} {sheet.title}!{cell.coordinate}"


def _pages(run: PipelineRun) -> list[Path]:
    """Every page of the report site; the landing page and the Chinese pages of the static site
    (the English ones are the same templates with other words)."""
    site = run.out / "site"
    pages = sorted((run.out / "report").rglob("*.html"))
    pages += [site / "index.html", *sorted((site / "zh").rglob("*.html"))]
    assert len(pages) == 11, pages
    return pages


_INJECTED = """() => {
  const handlers = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on') && /alert|__pwned/.test(attribute.value)) {
        handlers.push(element.tagName + ' ' + attribute.name);
      }
    }
  }
  return {pwned: window.__pwned === undefined ? null : window.__pwned, handlers};
}"""


@pytest.mark.browser
def test_no_injected_script_runs_in_any_page(run: PipelineRun) -> None:
    pages = _pages(run)
    with chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.mouse.move(200, 200)
            page.mouse.move(600, 400)
            found = page.evaluate(_INJECTED)
            assert found == {"pwned": None, "handlers": []}, path
        assert dialogs == []
        page.close()
