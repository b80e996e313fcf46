"""A workbook and the PDF LibreOffice makes of it give the same tidy lines.

Departments publish the PDF their spreadsheet program prints: the tables with cell borders,
each sheet fitted to the page width. The test prints workbooks written by the writer as the
sample city prints its PDFs (``govbudget_dev.sample.pdf.convert``: borders on the table cells,
landscape, fit to width, then ``soffice --headless --convert-to pdf``) and compares every tidy
line except where it sits (``sheet``, ``cell``, ``row``, and the package id naming the file).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from govbudget.ingest import read_package
from govbudget_dev.examples import example_package
from govbudget_dev.sample.pdf import convert
from govbudget_dev.write import Layout, write_package

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

LOCATION = ["package", "sheet", "cell", "row"]
CASES = {
    "budget": ({"seed": 3}, Layout()),
    "final_wan": (
        {"seed": 5, "phase": "final"},
        Layout(codes="single", unit="万元", numbered=True, two_panel=False),
    ),
    "glued": ({"seed": 8}, Layout(codes="glued", merged_header=False, text_numbers=True)),
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("lo")
    books = {
        name: write_package(example_package(**options), folder / f"{name}.xlsx", layout)
        for name, (options, layout) in CASES.items()
    }
    pdfs = convert(list(books.values()), [folder / f"{name}.pdf" for name in books])
    return {name: (book, pdf) for (name, book), pdf in zip(books.items(), pdfs, strict=True)}


def tidy_lines(path: Path) -> pd.DataFrame:
    """The tidy lines of a file without where they sit, in a stable order."""
    lines = read_package(path).lines().drop(columns=LOCATION)
    key = [c for c in lines.columns if c != "amount_yuan"]
    return lines.astype({c: "str" for c in key}).sort_values(key).reset_index(drop=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_workbook_and_its_pdf_give_the_same_tidy_lines(converted, name: str) -> None:
    workbook, pdf = converted[name]
    from_workbook, from_pdf = tidy_lines(workbook), tidy_lines(pdf)
    assert len(from_workbook) > 100
    pd.testing.assert_frame_equal(from_pdf, from_workbook)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_pdf_keeps_tables_texts_and_metadata(converted, name: str) -> None:
    workbook, pdf = (read_package(p) for p in converted[name])
    assert set(pdf.tables) == set(workbook.tables)
    assert set(pdf.texts) == set(workbook.texts)
    fields = ("department", "year", "phase", "level")
    assert [getattr(pdf, f) for f in fields] == [getattr(workbook, f) for f in fields]
    for table in pdf.tables.values():
        assert table.unit == workbook.tables[table.id].unit
