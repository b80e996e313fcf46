"""Real documents: the four real PDFs' figures (tests/data/real/truth.json) laid out as workbooks in
their own layouts give no error finding outside truth.json's expect/tolerate; the real blank
templates read with their metadata and raise no arithmetic or catalogue error."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_truth import OUTSIDE, allowed, documents, layout_of, package

from govbudget.check import check_package
from govbudget.ingest import read_package
from govbudget.tables import TABLE_IDS
from govbudget_dev.write import write_package

REAL = Path(__file__).parent / "data" / "real"


@pytest.mark.parametrize("doc_id", sorted(documents()))
def test_real_document_rebuilt_as_a_workbook_has_no_false_alarm(tmp_path: Path, doc_id: str):
    truth = documents()[doc_id]["truth"]
    rebuilt = package(doc_id)
    rebuilt.level = None  # the level comes from the department's name
    path = write_package(rebuilt, tmp_path / f"{doc_id}.xlsx", layout_of(doc_id))
    read = read_package(path)
    assert (read.department, read.year, read.phase) == (
        truth["department"], truth["year"], truth["phase"],
    )  # fmt: skip
    assert read.level == ("市级" if truth["level"].startswith("市级") else "区县级")
    assert set(read.tables) == set(truth["tables_present"])
    assert {"duties", "organisation"} <= set(read.texts)  # paragraphs of the 说明 sheet
    ok = allowed(doc_id)
    if ("PKG002", "gov_fund") in ok:  # the real 编制说明 names the empty fund; the rebuilt
        ok.add(("PKG003", None))  # narrative holds only the section headings
    false_alarms = [
        (f.rule, f.table, f.cell, f.message_en)
        for f in check_package(read).findings
        if f.severity == "error"
        and f.rule not in OUTSIDE
        and (f.rule, f.table or None) not in ok
        and (f.rule, None) not in ok
    ]
    assert false_alarms == []


@pytest.mark.parametrize("doc_id", sorted(documents()))
def test_real_figures_read_back_exactly(tmp_path: Path, doc_id: str):
    rebuilt = package(doc_id)
    read = read_package(write_package(rebuilt, tmp_path / "d.xlsx", layout_of(doc_id)))
    for table_id, table in rebuilt.tables.items():
        want = {(r.code, m): a.fen for r in table.rows if r.code for m, a in r.amounts.items()}
        got = {(r.code, m): a.fen for r in read.tables[table_id].rows if r.code
               for m, a in r.amounts.items() if (r.code, m) in want}  # fmt: skip
        assert got == {k: v for k, v in want.items()}, table_id


@pytest.mark.parametrize("name", ["department_budget_template.xlsx", "unit_budget_template.xlsx"])
def test_real_blank_templates_read_with_their_metadata(name: str):
    read = read_package(REAL / name)
    assert set(read.tables) == set(TABLE_IDS) - {"minsheng"}
    assert read.department and "万元" not in read.department and read.department != "元"
    assert read.year == 2026 and read.phase == "budget" and read.level == "区县级"
    assert read.meta_sources["level"] in ("cover", "name")
    assert {"duties", "organisation", "glossary", "explanation", "other"} <= set(read.texts)
    errors = {f.rule for f in check_package(read).findings if f.severity == "error"}
    assert errors <= {"PKG002", "PKG003", "MSX001"}  # a blank form: empty, nothing else wrong
