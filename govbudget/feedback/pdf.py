"""The feedback PDF: an annotated copy of a checked PDF disclosure a department can fix from.

Every finding that points at a box on a page (``cell`` = ``p14 (x0,y0,x1,y1)``) gets a highlight
over that box (red error, amber warning, blue info) carrying the Chinese and English message as
its note (a popup). First pages ``检查结果`` list every finding, package-level ones too, each
row linking to its page. The original pages keep their page numbers as page labels. The
original file is only read; the copy is written atomically as ``<stem>.feedback.pdf``.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from govbudget.errors import FileFormatError
from govbudget.findings import SEVERITY_ORDER, Finding, score
from govbudget.io import atomic_path
from govbudget.location import BBox, parse_pdf_cell
from govbudget.tables import TABLE_BY_ID

FEEDBACK_PDF_SUFFIX = ".feedback.pdf"
#: Highlight colours (RGB 0–1), painted in multiply mode so the text stays readable.
COLOURS = {"error": (1.0, 0.25, 0.25), "warning": (1.0, 0.72, 0.1), "info": (0.45, 0.65, 1.0)}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_PAD = 1.0  # points around a highlighted box
_CANNOT_OPEN = "无法打开以生成批注副本 · cannot open for feedback: {err}"


def feedback_pdf_path(pdf: Path, out_dir: Path) -> Path:
    """Where the copy of ``pdf`` goes: ``<out_dir>/<stem>.feedback.pdf``."""
    return Path(out_dir) / f"{Path(pdf).stem}{FEEDBACK_PDF_SUFFIX}"


def write_pdf_feedback(pdf: Path, findings: Sequence[Finding], out_dir: Path) -> Path:
    """Write the annotated copy of ``pdf`` into ``out_dir``; return its path."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle

    pdf = Path(pdf)
    target = feedback_pdf_path(pdf, out_dir)
    try:
        reader = PdfReader(pdf)
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter(clone_from=reader)
        pages = len(writer.pages)
    except Exception as err:  # pypdf raises many kinds for a damaged or locked file
        raise FileFormatError(_CANNOT_OPEN.format(err=err), file=pdf) from err
    ordered = sorted(findings, key=Finding.sort_key)
    summary, links = _summary_pdf(pdf.name, ordered, pages)
    front = PdfReader(io.BytesIO(summary))
    for index, page in enumerate(front.pages):
        writer.insert_page(page, index)
    offset = len(front.pages)
    for (number, box), found in _by_box(ordered, pages).items():
        _highlight(writer, offset + number - 1, box, found)
    for summary_page, rect, target_page in links:
        _link(writer, summary_page, rect, offset + target_page - 1)
    writer.set_page_label(0, offset - 1, prefix="检查结果-", start=1)
    writer.set_page_label(offset, offset + pages - 1, style=PageLabelStyle.DECIMAL, start=1)
    with atomic_path(target, suffix=".pdf") as tmp, open(tmp, "wb") as handle:
        writer.write(handle)
    return target


def _by_box(findings: Sequence[Finding], pages: int) -> dict[tuple[int, BBox], list[Finding]]:
    """Findings on a box of an existing page, grouped by (page, box)."""
    found: dict[tuple[int, BBox], list[Finding]] = defaultdict(list)
    for finding in findings:
        place = parse_pdf_cell(finding.cell)
        if place is not None and 1 <= place[0] <= pages:
            found[place].append(finding)
    return found


def _note(finding: Finding) -> str:
    text = f"[{finding.rule}] {finding.message_zh}"
    if finding.expected is not None:
        text += f"\n期望值 expected: {finding.expected:,} 元"
    return f"{text}\n{finding.message_en}"


def _worst(found: Sequence[Finding]) -> str:
    return min(found, key=lambda f: SEVERITY_ORDER.get(f.severity, 3)).severity


def _page_rect(writer, index: int, box: BBox, pad: float = _PAD) -> tuple[float, ...]:
    """A top-left-origin box on page ``index`` as a PDF rectangle (bottom-left origin)."""
    media = writer.pages[index].mediabox
    left, top = float(media.left), float(media.top)
    x0, y0, x1, y1 = box
    return (left + x0 - pad, top - y1 - pad, left + x1 + pad, top - y0 + pad)


def _highlight(writer, index: int, box: BBox, found: Sequence[Finding]) -> None:
    """A highlight annotation with its own appearance (multiply-blended fill) and a popup note."""
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )  # fmt: skip

    x0, y0, x1, y1 = _page_rect(writer, index, box)
    colour = COLOURS.get(_worst(found), COLOURS["info"])
    numbers = lambda values: ArrayObject(FloatObject(round(v, 2)) for v in values)  # noqa: E731
    appearance = StreamObject()
    appearance.set_data(
        f"/GS0 gs {colour[0]} {colour[1]} {colour[2]} rg {x0:.2f} {y0:.2f} {x1 - x0:.2f} "
        f"{y1 - y0:.2f} re f".encode()
    )
    appearance.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): numbers((x0, y0, x1, y1)),
        NameObject("/Resources"): DictionaryObject({
            NameObject("/ExtGState"): DictionaryObject({
                NameObject("/GS0"): DictionaryObject({
                    NameObject("/Type"): NameObject("/ExtGState"),
                    NameObject("/BM"): NameObject("/Multiply"),
                    NameObject("/ca"): FloatObject(1),
                })
            })
        }),
    })  # fmt: skip
    contents = "\n\n".join(_note(f) for f in found)
    highlight = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Highlight"),
        NameObject("/Rect"): numbers((x0, y0, x1, y1)),
        NameObject("/QuadPoints"): numbers((x0, y1, x1, y1, x0, y0, x1, y0)),
        NameObject("/C"): numbers(colour),
        NameObject("/Contents"): TextStringObject(contents),
        NameObject("/T"): TextStringObject("govbudget"),
        NameObject("/Subj"): TextStringObject(", ".join(dict.fromkeys(f.rule for f in found))),
        NameObject("/F"): NumberObject(4),  # print
        NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
    })  # fmt: skip
    page = writer.pages[index]
    media = page.mediabox
    right = min(float(media.right), x1 + 220)
    popup = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Popup"),
        NameObject("/Rect"): numbers((max(float(media.left), right - 220), max(0, y0 - 120),
                                      right, y0)),
        NameObject("/Open"): BooleanObject(False),
    })  # fmt: skip
    highlight_ref = writer._add_object(highlight)
    popup[NameObject("/Parent")] = highlight_ref
    popup_ref = writer._add_object(popup)
    highlight[NameObject("/Popup")] = popup_ref
    _annotations(page).extend([highlight_ref, popup_ref])


def _annotations(page):
    from pypdf.generic import ArrayObject, NameObject

    annots = page.get("/Annots")
    if annots is None:
        annots = ArrayObject()
        page[NameObject("/Annots")] = annots
    return annots.get_object()


def _link(writer, index: int, rect: tuple[float, float, float, float], target: int) -> None:
    from pypdf.annotations import Link

    writer.add_annotation(index, Link(rect=rect, target_page_index=target, border=[0, 0, 0]))


# ----------------------------------------------------------------------- summary pages -----

_A4 = (595.28, 841.89)
_MARGIN = 42.0
_SIZE = 9.0
_LEAD = 12.5
#: (title, width in points) of the summary columns; the last one wraps
_COLUMNS = (("序号", 26), ("严重程度", 44), ("规则", 44), ("位置 · Where", 120),
            ("问题说明 · Finding", 0))  # fmt: skip


def _where(finding: Finding, pages: int) -> tuple[str, int | None]:
    place = parse_pdf_cell(finding.cell)
    table = TABLE_BY_ID.get(finding.table)
    label = table.zh if table else (finding.table or "整个文件 · package")
    if place is not None and 1 <= place[0] <= pages:
        if not finding.table:
            label = "说明文字 · narrative" if finding.family == "NAR" else "—"
        return f"第{place[0]}页 · p{place[0]}\n{label}", place[0]
    return label, None


def _summary_pdf(
    name: str, findings: Sequence[Finding], pages: int
) -> tuple[bytes, list[tuple[int, tuple[float, float, float, float], int]]]:
    """The summary pages as PDF bytes, and the links to add: (summary page, rect, page)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from govbudget.feedback.font import register

    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    title = f"检查结果 · Findings — {name}"
    counts = (f"得分 {score(findings)} · 错误 {errors} · 警告 {warnings}    "
              f"score {score(findings)} · {errors} errors · {warnings} warnings")  # fmt: skip
    rows = []
    for index, f in enumerate(findings, 1):
        where, page = _where(f, pages)
        text = f"{f.message_zh}\n{f.message_en}"
        cells = (str(index), SEVERITY_ZH.get(f.severity, f.severity), f.rule, where, text)
        rows.append((f, cells, page))
    every = title + counts + "".join(c[0] for c in _COLUMNS)
    every += "".join("".join(cells) for _, cells, _ in rows) + "本页未发现问题 · no findings"
    font = register(every)
    width = _A4[0] - 2 * _MARGIN
    widths: list[float] = [w for _, w in _COLUMNS]
    widths[-1] = width - sum(widths)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=_A4, pageCompression=1)
    pdf.setTitle(title)
    links: list[tuple[int, tuple[float, float, float, float], int]] = []
    page_index, y = 0, _A4[1] - _MARGIN

    def header() -> float:
        top = _A4[1] - _MARGIN
        if page_index == 0:
            pdf.setFont(font, 14)
            pdf.drawString(_MARGIN, top - 14, _fit(title, font, 14, width, stringWidth))
            pdf.setFont(font, _SIZE)
            pdf.drawString(_MARGIN, top - 32, counts)
            top -= 48
        pdf.setFillColorRGB(0.85, 0.85, 0.85)
        pdf.rect(_MARGIN, top - _LEAD - 2, width, _LEAD + 2, stroke=0, fill=1)
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont(font, _SIZE)
        x = _MARGIN
        for (head, _), w in zip(_COLUMNS, widths, strict=True):
            pdf.drawString(x + 2, top - _LEAD + 1, head)
            x += w
        return top - _LEAD - 4

    y = header()
    if not rows:
        pdf.drawString(_MARGIN + 2, y - _LEAD, "本页未发现问题 · no findings")
    for finding, cells, page in rows:
        lines = [
            _wrap(c, font, _SIZE, w - 4, stringWidth) for c, w in zip(cells, widths, strict=True)
        ]
        height = max(len(x) for x in lines) * _LEAD + 4
        if y - height < _MARGIN:
            pdf.showPage()
            page_index += 1
            y = header()
        colour = COLOURS.get(finding.severity, COLOURS["info"])
        pdf.setFillColorRGB(*colour)
        pdf.rect(_MARGIN + widths[0], y - height, widths[1], height, stroke=0, fill=1)
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont(font, _SIZE)
        x = _MARGIN
        for column, (cell_lines, w) in enumerate(zip(lines, widths, strict=True)):
            if column == 3 and page is not None:
                pdf.setFillColorRGB(0.02, 0.39, 0.76)
            for n, line in enumerate(cell_lines):
                pdf.drawString(x + 2, y - (n + 1) * _LEAD + 2, line)
            pdf.setFillColorRGB(0, 0, 0)
            x += w
        pdf.setStrokeColorRGB(0.8, 0.8, 0.8)
        pdf.line(_MARGIN, y - height, _MARGIN + width, y - height)
        if page is not None:
            links.append((page_index, (_MARGIN, y - height, _MARGIN + width, y), page))
        y -= height
    pdf.showPage()
    pdf.save()
    return buffer.getvalue(), links


def _fit(text: str, font: str, size: float, width: float, measure) -> str:
    while text and measure(text, font, size) > width:
        text = text[:-2] + "…"
    return text


_NO_LINE_START = "，。；：、）」』”’！？,.;:)!?"


def _wrap(text: str, font: str, size: float, width: float, measure) -> list[str]:
    """Lines of ``text`` no wider than ``width``: Chinese breaks between any two characters,
    a closing punctuation mark stays on the line before, and a Latin word is not split."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if line and ch not in _NO_LINE_START and measure(line + ch, font, size) > width:
                cut = line.rfind(" ") + 1 if ch.isascii() and ch.isalnum() else 0
                if cut and line[cut:].isascii() and len(line) - cut < 20:
                    lines.append(line[:cut].rstrip())
                    line = line[cut:]
                else:
                    lines.append(line)
                    line = ""
            line += ch
        lines.append(line)
    return lines
