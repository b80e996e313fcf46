"""The feedback PDF of a real published disclosure: highlights over the findings' boxes (checked
on the page rendered by poppler's pdftoppm), notes, a Chinese summary page linking to the pages,
the original untouched, nothing half-written."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from govbudget.errors import FileFormatError
from govbudget.feedback import write_feedback_copy
from govbudget.feedback.pdf import FEEDBACK_PDF_SUFFIX, write_pdf_feedback
from govbudget.findings import Finding
from govbudget.io import sha256_file
from govbudget.location import pdf_cell

REAL = Path(__file__).parent / "data" / "pdf" / "putuo_caizhengju_2024_dept_final.pdf"
DPI = 72  # one pixel per PDF point
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")


def text_box(page_number: int, text: str, occurrence: int = 0) -> tuple[float, ...]:
    """The box (points, top-left origin) of a text on a page, found with pdfium."""
    doc = pdfium.PdfDocument(str(REAL))
    page = doc[page_number - 1]
    textpage = page.get_textpage()
    search = textpage.search(text)
    for _ in range(occurrence + 1):
        start, count = search.get_next()
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    height = page.get_height()
    return (min(b[0] for b in boxes), height - max(b[3] for b in boxes),
            max(b[2] for b in boxes), height - min(b[1] for b in boxes))  # fmt: skip


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    narrative = text_box(21, "0.3万元")
    table = text_box(13, "2,961.68", 1)
    return [
        Finding("NAR001", "error", "fiscal_summary", "", pdf_cell(21, narrative), "",
                "说明中财政拨款收入支出总计 0.3 万元，表格为 2,961.68 万元。",
                "The narrative quotes 0.3 (10k yuan), the table prints 2,961.68.",
                expected=Decimal("29616800.00"), actual=Decimal("3000.00")),
        Finding("SUM004", "warning", "fiscal_summary", "", pdf_cell(13, table), "",
                "表间数据相差一个单位。", "Two tables differ by one unit."),
        Finding("PKG003", "error", message_zh="未公开「机构设置」。",
                message_en="Required disclosure item missing: organisation."),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def copy(findings, tmp_path_factory) -> Path:
    return write_pdf_feedback(REAL, findings, tmp_path_factory.mktemp("fb"))


def render(pdf: Path, page: int, tmp: Path) -> list[list[tuple[int, ...]]]:
    """Page ``page`` (1-based) rendered by pdftoppm at 72 dpi as rows of RGB pixels."""
    stem = tmp / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)], check=True, capture_output=True,
    )  # fmt: skip
    data = stem.with_suffix(".ppm").read_bytes()  # binary PPM: P6 width height 255 RGB…
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P6"
    width, height = int(width), int(height)
    return [
        [tuple(pixels[(y * width + x) * 3 : (y * width + x) * 3 + 3]) for x in range(width)]
        for y in range(height)
    ]


def share(pixels, box, test) -> float:
    """The share of pixels inside ``box`` (points = pixels at 72 dpi) for which ``test`` holds."""
    x0, y0, x1, y1 = (round(v) for v in box)
    inside = [pixels[y][x] for y in range(y0 + 1, y1 - 1) for x in range(x0 + 1, x1 - 1)]
    return sum(map(test, inside)) / len(inside)


def red(p) -> bool:
    return p[0] > 200 and p[1] < 140 and p[2] < 140


def amber(p) -> bool:
    return p[0] > 200 and 120 < p[1] < 220 and p[2] < 90


@needs_poppler
def test_highlights_sit_on_the_findings_boxes(copy: Path, findings, tmp_path: Path):
    summary_pages = len(PdfReader(copy).pages) - len(PdfReader(REAL).pages)
    assert summary_pages == 1
    narrative = render(copy, summary_pages + 21, tmp_path)
    box = text_box(21, "0.3万元")
    assert share(narrative, box, red) > 0.6
    left = (box[0] - 60, box[1], box[0] - 20, box[3])  # the text before it is not marked
    assert share(narrative, left, red) == 0
    table = render(copy, summary_pages + 13, tmp_path)
    assert share(table, text_box(13, "2,961.68", 1), amber) > 0.6
    assert share(table, text_box(13, "2,961.68", 0), amber) == 0  # same figure, other column
    original = render(REAL, 21, tmp_path)
    assert share(original, box, red) == 0


def test_each_highlight_carries_its_message_as_a_note(copy: Path, findings):
    reader = PdfReader(copy)
    annots = [a.get_object() for a in reader.pages[1 + 20].get("/Annots", [])]
    highlights = [a for a in annots if a["/Subtype"] == "/Highlight"]
    assert len(highlights) == 1
    note = highlights[0]["/Contents"]
    assert "[NAR001]" in note and "0.3 万元" in note and "29,616,800.00" in note
    assert highlights[0]["/Popup"].get_object()["/Subtype"] == "/Popup"
    assert [float(c) for c in highlights[0]["/C"]] == [1.0, 0.25, 0.25]
    untouched = reader.pages[1 + 19].get("/Annots", [])
    assert not [a for a in untouched if a.get_object()["/Subtype"] == "/Highlight"]


def test_summary_page_lists_every_finding_in_chinese_with_links(copy: Path, findings):
    doc = pdfium.PdfDocument(str(copy))
    text = doc[0].get_textpage().get_text_range()
    for wanted in ("检查结果", "错误", "警告", "NAR001", "SUM004", "PKG003", "第21页", "机构设置"):
        assert wanted in text
    reader = PdfReader(copy)
    targets = []
    for annot in reader.pages[0]["/Annots"]:
        annot = annot.get_object()
        assert annot["/Subtype"] == "/Link"
        targets.append(reader.get_page_number(annot["/Dest"][0].get_object()))
    assert sorted(targets) == [1 + 12, 1 + 20]  # pages 13 and 21 of the original
    assert reader.page_labels[1:3] == ["1", "2"]  # the original pages keep their numbers
    fonts = subprocess.run(["pdffonts", "-f", "1", "-l", "1", str(copy)], capture_output=True,
                           text=True, check=False).stdout if shutil.which("pdffonts") else ""  # fmt: skip
    if fonts and "STSong" not in fonts:
        assert "CJK" in fonts and " yes yes " in fonts  # a CJK font, embedded as a subset


def test_original_is_never_touched(findings, tmp_path: Path):
    before = sha256_file(REAL)
    out = write_feedback_copy(REAL, findings, tmp_path / "feedback")
    assert out.name == REAL.stem + FEEDBACK_PDF_SUFFIX
    assert sha256_file(REAL) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temp file left


def test_a_broken_pdf_is_one_error_and_nothing_written(tmp_path: Path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(REAL.read_bytes()[:2000])
    with pytest.raises(FileFormatError, match=r"broken\.pdf"):
        write_pdf_feedback(broken, [], tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_no_findings_still_gives_a_summary_page(tmp_path: Path):
    out = write_pdf_feedback(REAL, [], tmp_path)
    doc = pdfium.PdfDocument(str(out))
    assert len(doc) == len(PdfReader(REAL).pages) + 1
    assert "未发现问题" in doc[0].get_textpage().get_text_range()
