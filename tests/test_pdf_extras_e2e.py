"""Feedback, narrative rules and compare on the real PDFs read by the PDF reader
(``govbudget.ingest.pdf``): run as soon as the reader is there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

pytest.importorskip("govbudget.ingest.pdf")

from govbudget.cli import main
from govbudget.io import sha256_file
from govbudget.location import parse_pdf_cell
from govbudget.validate import validate

DATA = Path(__file__).parent / "data" / "pdf"
TRUTH = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))["documents"]
PDFS = {doc: DATA / entry["truth"]["file"] for doc, entry in TRUTH.items()}


def _matches(finding, entry) -> bool:
    code = re.sub(r"\D", "", entry["code"] or "")
    return (finding.rule == entry["rule"] and entry["table"] in (None, finding.table)
            and (not code or code == finding.code))  # fmt: skip


@pytest.mark.parametrize("doc", sorted(PDFS))
def test_narrative_findings_of_the_real_pdfs(doc: str):
    report = validate([PDFS[doc]])
    assert not report.failures
    found = [f for f in report.results[0].findings if f.family == "NAR"]
    findings = TRUTH[doc]["findings"]
    for entry in (e for e in findings["expect"] if e["rule"].startswith("NAR")):
        assert any(_matches(f, entry) for f in found), (entry, found)
    allowed = findings["expect"] + findings["tolerate"]
    assert [f for f in found if f.severity == "error" and not any(
        _matches(f, e) for e in allowed)] == []  # fmt: skip


def test_check_writes_an_annotated_pdf_and_leaves_the_original(tmp_path: Path, capsys):
    pdf = PDFS["pdf15_czj_dept_2025"]
    before = sha256_file(pdf)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(pdf), "--feedback", str(tmp_path), "--format", "json"])
    assert exit_info.value.code in (0, 1)
    findings = json.loads(capsys.readouterr().out)["packages"][0]["findings"]
    copy = tmp_path / f"{pdf.stem}.feedback.pdf"
    assert sha256_file(pdf) == before and copy.is_file()
    reader = PdfReader(copy)
    offset = len(reader.pages) - len(PdfReader(pdf).pages)
    for finding in findings:
        place = parse_pdf_cell(finding["cell"])
        if place is None:
            continue
        assert finding["page"] == place[0] and finding["sheet"] is None
        annots = [a.get_object() for a in reader.pages[offset + place[0] - 1].get("/Annots", [])]
        assert any(a["/Subtype"] == "/Highlight" and finding["rule"] in a["/Contents"]
                   for a in annots)  # fmt: skip


def test_a_pdf_compared_with_itself_is_the_same(capsys):
    pdf = str(PDFS["pdf01_sfj_dept_2026"])
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", pdf, pdf])
    assert exit_info.value.code == 0, capsys.readouterr().out


def test_a_published_pdf_against_the_workbook_submitted(tmp_path: Path):
    """The workbook holds the PDF's tables, one figure changed and one table left out."""
    import dataclasses

    from govbudget.compare import compare_paths
    from govbudget.ingest import read_package
    from govbudget_dev.write import write_package

    pdf = PDFS["pdf01_sfj_dept_2026"]
    package = read_package(pdf)
    row = next(r for r in package.tables["gpb_expenditure"].rows if r.code == "2040601")
    row.amounts["total"] = dataclasses.replace(
        row.amounts["total"], fen=row.amounts["total"].fen + 1_000_00
    )
    del package.tables["three_public"]
    workbook = write_package(package, tmp_path / "submitted.xlsx")
    differences = compare_paths(pdf, workbook).differences
    assert [(d.kind, d.table, d.code, d.measure) for d in differences] == [
        ("table", "three_public", "", ""),
        ("figure", "gpb_expenditure", "2040601", "total"),
    ]
    figure = differences[1].to_dict()
    assert figure["difference"] == "1000.00"
    assert figure["published_at"]["page"] is not None and figure["published_at"]["sheet"] is None
    assert figure["submitted_at"]["sheet"] and figure["submitted_at"]["page"] is None
