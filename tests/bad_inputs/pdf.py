"""Bad PDFs, built in code (nothing binary committed): :func:`pdf_file` writes a PDF from its
object bodies with a correct cross-reference table; the builders spoil it.

Each builder takes a folder and returns the path of the file it wrote; ``CASES`` in
``bad_inputs`` says what govbudget must answer for each.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

from govbudget.ingest.pdf.document import MAX_INFLATED_BYTES, MAX_PAGES

_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def pdf_file(path: Path, objects: list[bytes], *, truncate: float | None = None) -> Path:
    """A PDF whose object ``n`` (1-based) has body ``objects[n - 1]``; object 1 is the
    catalogue. ``truncate`` keeps only that share of the bytes (a cut-off download)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    data = bytes(out[: int(len(out) * truncate)] if truncate else out)
    path.write_bytes(data)
    return path


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _pages(count: int, content: int) -> list[bytes]:
    """Objects 2.. : the page tree and ``count`` pages drawing content stream ``content``."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        % content
    )
    return [tree, *([page] * count)]


def text_pdf(path: Path, text: bytes = b"Hello", pages: int = 1) -> Path:
    """A valid PDF whose pages print ``text`` (no standard table)."""
    content = _stream(b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET")
    return pdf_file(path, [_CATALOG, *_pages(pages, 3 + pages), content])


def scanned_pdf(folder: Path) -> Path:
    """A scan: a page that draws (a grey box standing in for the page image) and holds no text."""
    content = _stream(b"0.5 g 50 50 495 742 re f")
    return pdf_file(folder / "scanned.pdf", [_CATALOG, *_pages(1, 4), content])


def encrypted_pdf(folder: Path) -> Path:
    """A PDF that opens only with a password (pypdf, AES-256)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = folder / "encrypted.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def corrupt_pdf(folder: Path) -> Path:
    """A PDF header followed by garbage."""
    path = folder / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64)
    return path


def truncated_pdf(folder: Path) -> Path:
    """A text PDF cut off after its first fifth (a broken download)."""
    return pdf_file(
        folder / "truncated.pdf",
        [_CATALOG, *_pages(1, 4), _stream(b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET")],
        truncate=0.2,
    )


def nested_pdf(folder: Path, depth: int = 200_000) -> Path:
    """A PDF bomb of deeply nested arrays in the page's resources."""
    nested = b"[" * depth + b"]" * depth
    content = _stream(b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET")
    tree, page = _pages(1, 4)
    page = page.replace(b"/Resources <<", b"/Resources << /Deep " + nested, 1)
    return pdf_file(folder / "nested.pdf", [_CATALOG, tree, page, content])


def _zeros(total: int, chunk: int = 1 << 20) -> Iterable[bytes]:
    block = b"\0" * chunk
    for _ in range(total // chunk):
        yield block


def huge_stream_pdf(folder: Path) -> Path:
    """A PDF bomb: a content stream of a few hundred KB inflating past the inflation bound."""
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(b) for b in _zeros(MAX_INFLATED_BYTES + (16 << 20)))
    data += packer.flush()
    content = _stream(data, b"/Filter /FlateDecode ")
    return pdf_file(folder / "huge_stream.pdf", [_CATALOG, *_pages(1, 4), content])


def many_pages_pdf(folder: Path) -> Path:
    """2,000 pages (one shared content stream): beyond the page bound."""
    pages = 2 * MAX_PAGES
    return text_pdf(folder / "pages_2000.pdf", pages=pages)


def no_tables_pdf(folder: Path) -> Path:
    """A text-layer PDF that holds no standard table."""
    return text_pdf(folder / "letter.pdf", b"Dear reader")
