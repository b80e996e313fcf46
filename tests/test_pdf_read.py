"""Real published PDFs read exactly and checked as the truth file says (``tests/data/pdf``).

Per document of ``truth.json``: metadata, the tables present and their units, every coded row's
code, name and amount per measure in fen, the totals and summary lines, the empty tables and
their notes, the narrative sections; then ``govbudget check`` (the real CLI) reports every
expected finding and no error outside expect + tolerate. MSX001 and TIM001 depend on the level
and dates given to the checker, not on the PDF (truth.json leaves them out). NAR rules come with
the narrative-rule work: an expected finding of a rule the catalogue does not have yet is
listed, not required.
"""

from __future__ import annotations

import json
import re

import pytest
from pdf_truth import DATA, DOCUMENTS, SECTIONS, differences

from govbudget.cli import main
from govbudget.codes import clean_name
from govbudget.ingest import read_package
from govbudget.ingest.pdf import read_pdf
from govbudget.rules.spec import catalog
from govbudget.validate import discover

OUT_OF_SCOPE = {"MSX001", "TIM001"}
MENTIONS = {"三公说明": "三公", "机关运行经费": "机关运行经费"}
_LOCATION = re.compile(r"^p(\d+) \((-?\d+\.\d),(-?\d+\.\d),(-?\d+\.\d),(-?\d+\.\d)\)$")


@pytest.fixture(scope="module")
def packages():
    return {doc: read_pdf(DATA / d["truth"]["file"]) for doc, d in DOCUMENTS.items()}


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_every_figure_of_the_truth_file_is_read(packages, doc: str) -> None:
    problems, matched, total = differences(packages[doc], doc)
    assert problems == []
    assert matched == total > 300


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_narrative_sections_are_found(packages, doc: str) -> None:
    package = packages[doc]
    narrative = "\n".join(t.text for t in package.texts.values())
    for section in DOCUMENTS[doc]["truth"]["narrative_sections"]:
        if section in MENTIONS:  # a passage of 其他相关情况说明 or of the 决算情况说明
            assert MENTIONS[section] in narrative, section
            continue
        item = package.texts.get(SECTIONS[section])
        assert item is not None and len(item.text) > 20, section


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_every_location_is_a_page_and_box_on_that_page(packages, doc: str) -> None:
    package = packages[doc]
    pages = DOCUMENTS[doc]["truth"]["pages"]
    truth_tables = DOCUMENTS[doc]["truth"]["tables"]
    for table in package.tables.values():
        first, last = truth_tables[table.id]["pages"]
        assert table.sheet == ""
        cells = [table.title_cell, *(r.name_cell for r in table.rows)]
        cells += [a.cell for r in table.rows for a in r.amounts.values()]
        for cell in cells:
            found = _LOCATION.match(cell)
            assert found, cell
            page, x0, y0, x1, y1 = (float(g) for g in found.groups())
            assert 1 <= page <= pages and x0 < x1 and y0 < y1
        amount_pages = {int(_LOCATION.match(a.cell).group(1)) for r in table.rows
                        for a in r.amounts.values() if a.fen is not None}  # fmt: skip
        assert amount_pages <= set(range(first, last + 1)), table.id
        rows = [(r.panel, r.row) for r in table.rows]
        assert len(rows) == len(set(rows)), table.id


def test_a_printed_figure_sits_in_its_box(packages) -> None:
    """The 合计 of the 司法局 收入总表 is printed at the box its Amount names."""
    import pypdfium2 as pdfium

    package = packages["pdf01_sfj_dept_2026"]
    total = next(r for r in package.tables["income"].rows if r.is_total).amounts["total"]
    page, *box = (float(g) for g in _LOCATION.match(total.cell).groups())
    document = pdfium.PdfDocument(DATA / DOCUMENTS["pdf01_sfj_dept_2026"]["truth"]["file"])
    try:
        pdf_page = document[int(page) - 1]
        height = pdf_page.get_height()
        text = pdf_page.get_textpage().get_text_bounded(
            left=box[0] - 1, bottom=height - box[3] - 1, right=box[2] + 1, top=height - box[1] + 1
        )
    finally:
        document.close()
    assert text.replace(",", "").strip() == "96282213.44"


def _matches(finding: dict, wanted: dict) -> bool:
    digits = re.sub(r"\D", "", wanted["code"] or "")
    return (
        finding["rule"] == wanted["rule"]
        and (wanted["table"] is None or finding["table"] == wanted["table"])
        and (not digits or re.sub(r"\D", "", finding["code"] or "") == digits)
    )


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_govbudget_check_reports_the_expected_findings_and_no_false_alarm(doc: str, capsys) -> None:
    path = DATA / DOCUMENTS[doc]["truth"]["file"]
    with pytest.raises(SystemExit) as info:
        main(["check", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    findings = [f for p in report["packages"] for f in p["findings"]]
    truth = DOCUMENTS[doc]["findings"]
    known = set(catalog())
    for wanted in truth["expect"]:
        if wanted["rule"] in known:
            assert any(_matches(f, wanted) for f in findings), wanted
    allowed = truth["expect"] + truth["tolerate"]
    alarms = [
        f
        for f in findings
        if f["severity"] == "error"
        and f["rule"] not in OUT_OF_SCOPE
        and not any(_matches(f, w) for w in allowed)
    ]
    assert alarms == []
    errors = [f for f in findings if f["severity"] == "error"]
    assert info.value.code == (1 if errors else 0)


def test_pdfs_are_found_in_folders_and_read_through_read_package(tmp_path) -> None:
    source = DATA / DOCUMENTS["pdf16_shczj_unit_2025"]["truth"]["file"]
    copy = tmp_path / "sub" / "单位预算.pdf"
    copy.parent.mkdir()
    copy.write_bytes(source.read_bytes())
    assert discover([tmp_path]) == ([copy], [])
    package = read_package(copy, year=2031, level="区级")
    assert (package.year, package.level, package.department) == (2031, "区县级", "上海市财政局")
    assert package.meta_sources["year"] == "argument"
    lines = package.lines()
    assert set(lines["table"]) == set(package.tables) - {"gov_fund", "state_capital"}
    assert lines["cell"].str.match(_LOCATION.pattern).all()
    assert (lines["sheet"] == "").all()


def test_blank_official_template_reads_its_tables_without_figures() -> None:
    package = read_pdf(DATA / "template_dept_final_2024_blank.pdf")
    assert package.phase == "final" and package.year == 2024
    assert {"summary", "income", "expenditure", "gpb_basic", "three_public"} <= set(package.tables)
    assert package.lines().empty
    assert all(clean_name(t.title) for t in package.tables.values())


def test_a_pipe_named_pdf_is_refused_without_blocking(tmp_path) -> None:
    import os

    from govbudget.errors import FileFormatError

    os.mkfifo(tmp_path / "pipe.pdf")
    with pytest.raises(FileFormatError, match="not a regular file"):
        read_package(tmp_path / "pipe.pdf")
