"""Open a PDF safely: every hostile or unreadable file becomes one :class:`InputError`.

Bounds are checked before pdfium parses anything expensive: file size, page count, and the
total size the file's compressed streams inflate to (a "zip bomb" stream is refused after a
bounded amount of inflating, never inflated whole). A file pdfium cannot parse (corrupt,
truncated, not a PDF) or that needs a password is refused with one line. Reading then stops
at a character budget per page and a time budget per document.
"""

from __future__ import annotations

import re
import stat
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium

from govbudget.errors import EncryptedFileError, FileFormatError, InputError, TooLargeError
from govbudget.ingest.pdf.text import PageText, read_page

MAX_FILE_BYTES = 200 << 20
MAX_PAGES = 1000
MAX_INFLATED_BYTES = 256 << 20  # all compressed streams together, inflated
MAX_CHARS_PER_PAGE = 100_000
MAX_SECONDS = 120.0
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20
_MAX_RATIO = 1032  # deflate's largest ratio: one 258-byte match per two bits


def is_pdf(path: Path) -> bool:
    """A ``.pdf`` name or a ``%PDF`` header within the first kilobyte (of a regular file only:
    opening a pipe would block)."""
    if path.suffix.lower() == ".pdf":
        return True
    if not path.is_file():
        return False
    try:
        with open(path, "rb") as handle:
            return b"%PDF" in handle.read(1024)
    except OSError:
        return False


def _check_inflation(path: Path, data: bytes) -> None:
    """Refuse a file whose compressed streams inflate beyond :data:`MAX_INFLATED_BYTES`.

    Each stream is inflated in bounded pieces and counted, never held whole; once the rest of
    the file could not inflate beyond the bound even at deflate's largest ratio, the rest is
    not inflated (a file under 260 KB is not inflated at all)."""
    total = 0
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        position = match.end()
        if (len(data) - position) * _MAX_RATIO <= MAX_INFLATED_BYTES - total:
            return  # the rest of the file cannot inflate beyond the bound
        head = data[max(0, data.rfind(b" obj", 0, position), position - 4096) : position]
        if b"/Image" in head:
            continue  # images are never decoded to read text
        inflater = zlib.decompressobj()
        try:
            while not inflater.eof and position < len(data) and total <= MAX_INFLATED_BYTES:
                piece = view[position : position + _CHUNK]
                position += len(piece)
                total += len(inflater.decompress(piece, _CHUNK))
                while inflater.unconsumed_tail and total <= MAX_INFLATED_BYTES:
                    total += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
        except zlib.error:
            continue  # not a Flate stream (an image, raw data): its size is its file size
        if total > MAX_INFLATED_BYTES:
            raise TooLargeError(
                f"压缩数据解压后超过 {MAX_INFLATED_BYTES >> 20} MiB（疑似 PDF 炸弹）· compressed "
                f"streams inflate beyond {MAX_INFLATED_BYTES >> 20} MiB (a PDF bomb?)",
                file=path,
            )


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """The parsed document, after the size and inflation bounds; InputError when unreadable."""
    try:
        info = path.stat()
    except FileNotFoundError:
        dangling = "符号链接指向的文件不存在 · dangling symbolic link"
        missing = "文件不存在 · file not found"
        raise InputError(dangling if path.is_symlink() else missing, file=path) from None
    except OSError as exc:
        raise InputError(f"无法访问 · cannot access ({exc.strerror})", file=path) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileFormatError(
            "不是普通文件（文件夹、管道或设备）· not a regular file (a folder, a pipe or a device)",
            file=path,
        )
    if info.st_size > MAX_FILE_BYTES:
        raise TooLargeError(
            f"文件超过 {MAX_FILE_BYTES >> 20} MiB · file larger than {MAX_FILE_BYTES >> 20} MiB",
            file=path,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法打开 · cannot open ({exc.strerror})", file=path) from None
    if not data.lstrip()[:1024].count(b"%PDF"):
        raise FileFormatError("不是 PDF 文件 · not a PDF file", file=path)
    _check_inflation(path, data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(
                "PDF 受密码保护，请去除密码后再读取 · the PDF is password-protected", file=path
            ) from None
        raise FileFormatError(
            f"PDF 文件损坏或不完整，无法解析 · corrupt or truncated PDF ({exc})", file=path
        ) from None
    pages = len(document)
    if pages > MAX_PAGES:
        document.close()
        raise TooLargeError(
            f"PDF 有 {pages} 页，超过上限 {MAX_PAGES} 页 · {pages} pages, more than {MAX_PAGES}",
            file=path,
        )
    if pages == 0:
        document.close()
        raise FileFormatError("PDF 没有页面 · the PDF has no pages", file=path)
    return document


def iter_pages(document: pdfium.PdfDocument, path: Path) -> Iterator[PageText]:
    """Each page's text, within the character and time budgets."""
    started = time.monotonic()
    for index in range(len(document)):
        if time.monotonic() - started > MAX_SECONDS:
            raise TooLargeError(
                f"读取超过 {MAX_SECONDS:.0f} 秒 · reading took longer than {MAX_SECONDS:.0f} s",
                file=path,
                cell=f"p{index + 1}",
            )
        try:
            page = document[index]
        except pdfium.PdfiumError as exc:
            raise FileFormatError(
                f"页面无法解析 · page cannot be parsed ({exc})", file=path, cell=f"p{index + 1}"
            ) from None
        try:
            text = read_page(page, index + 1)
        finally:
            page.close()
        if text.chars > MAX_CHARS_PER_PAGE:
            raise TooLargeError(
                f"页面字符超过 {MAX_CHARS_PER_PAGE} 个 · more than {MAX_CHARS_PER_PAGE} "
                "characters on a page",
                file=path,
                cell=f"p{index + 1}",
            )
        yield text
