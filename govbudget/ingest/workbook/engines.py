"""Open a workbook safely and hand out its sheets as plain grids of cell values.

Cell values come from python-calamine (Rust; ``.xlsx``/``.xlsm``, ``.xls``, ``.ods``), which is
an order of magnitude faster than openpyxl and never guesses types: a code typed as text
(``'02'``) stays text, a number stays a number. Merged ranges come from calamine for
``.xlsx``/``.xls`` and from a light scan of ``content.xml`` for ``.ods``.

The file type is decided by its bytes, not its name: a CSV, HTML or PDF renamed ``.xlsx``, a
truncated zip and a password-protected workbook (an OLE container holding ``EncryptedPackage``)
are refused with a one-line :class:`~govbudget.errors.InputError`.

Bounds (refused with :class:`~govbudget.errors.TooLargeError` before any sheet is loaded):

* file size at most :data:`MAX_FILE_BYTES` (64 MiB);
* every part of a zip-based workbook at most :data:`MAX_PART_BYTES` (64 MiB unpacked) and the
  whole archive at most :data:`MAX_UNPACKED_BYTES` (256 MiB unpacked);
* at most :data:`MAX_SHEETS` sheets;
* cells holding content only in rows 1..:data:`MAX_ROWS` (20,000) and columns
  1..:data:`MAX_COLS` (256), and at most :data:`MAX_CELL_CHARS` characters of text in a cell
  (Excel's own limit). For ``.xlsx`` this is checked by streaming each sheet's XML and
  stopping at the first cell beyond the bound, so a sheet with a million rows is refused after
  reading its first few hundred kilobytes; for ``.ods`` by scanning ``content.xml`` (repeated
  rows counted); ``.xls`` is bounded by its format (65,536 × 256) and checked after loading.

A budget table has at most a few thousand rows, so these bounds leave ample room.

Only regular files are opened (a FIFO named ``.xlsx`` would block a reader for ever). Control
characters in text cells and sheet names (a terminal escape sequence in a department name)
become U+FFFD. Formulas are never evaluated and macros never run: a cell's cached value is what
is read, and a formula saved without one (as openpyxl writes them) is listed in
:attr:`Sheet.uncalculated` so the amount it stands for is reported, not read as blank.
"""

from __future__ import annotations

import html
import io
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine as calamine

from govbudget.errors import EncryptedFileError, FileFormatError, InputError, TooLargeError

MAX_FILE_BYTES = 64 << 20
MAX_PART_BYTES = 64 << 20
MAX_UNPACKED_BYTES = 256 << 20
MAX_SHEETS = 200
MAX_ROWS = 20_000
MAX_COLS = 256
MAX_CELL_CHARS = 32_767  # Excel's own limit on the text of one cell

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_SUFFIX_OF = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_FAR_CELL = re.compile(
    rb"<c\b[^>]*?\br=\"([A-Z]{2,3}|[A-Z](?=[0-9]{%d,}))([0-9]+)\"[^>/]*>" % len(str(MAX_ROWS))
)
_FORMULA_ONLY = re.compile(
    rb"<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)  # a cell holding a formula and no cached value (t="str" with an empty value: a computed "")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SCAN_OVERLAP = 4096  # bytes carried from one streamed chunk to the next
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


@dataclass
class Sheet:
    """One worksheet: cell values (0-based rows and columns; ``None`` for an empty cell) and
    merged ranges as inclusive ``(first_row, first_col, last_row, last_col)``."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: (row, col) -> formula text of cells holding a formula without a cached value
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)


def col_letter(col: int) -> str:
    """0-based column index -> letters (0 -> 'A', 26 -> 'AA')."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """Column letters -> 0-based index ('A' -> 0)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def a1(row: int, col: int) -> str:
    """0-based row and column -> A1 reference."""
    return f"{col_letter(col)}{row + 1}"


def sniff(path: Path) -> str:
    """Decide the container from the file's bytes: 'xls' (OLE) or 'zip' (.xlsx/.ods).

    Raises :class:`FileFormatError` for anything else and :class:`EncryptedFileError` for a
    password-protected workbook.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                "符号链接指向的文件不存在 · dangling symbolic link", file=path
            ) from None
        raise InputError("文件不存在 · file not found", file=path) from None
    except OSError as exc:
        raise InputError(f"无法访问 · cannot access ({exc.strerror})", file=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileFormatError("这是一个文件夹 · this is a folder, not a workbook", file=path)
    if not stat.S_ISREG(info.st_mode):
        raise FileFormatError(
            "不是普通文件（管道或设备）· not a regular file (a pipe or a device)", file=path
        )
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise TooLargeError(
            f"文件超过 {MAX_FILE_BYTES >> 20} MiB · file larger than {MAX_FILE_BYTES >> 20} MiB",
            file=path,
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"无法打开 · cannot open ({exc.strerror})", file=path) from None
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_NAME in path.read_bytes():
            raise EncryptedFileError(
                "工作簿受密码保护，请去除密码后再读取 · workbook is password-protected", file=path
            )
        return "xls"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    raise FileFormatError(_describe_non_workbook(path, head), file=path)


def _describe_non_workbook(path: Path, head: bytes) -> str:
    with open(path, "rb") as handle:
        start = handle.read(2048)
    lowered = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start:
        return "文件为空 · empty file"
    if lowered.startswith(b"%pdf"):
        return "这是 PDF 文件，不是工作簿 · this is a PDF, not a workbook"
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<")):
        return "这是 HTML/XML 文本，不是工作簿 · this is HTML/XML text, not a workbook"
    try:
        start.decode("utf-8")
    except UnicodeDecodeError:
        try:
            start.decode("gb18030")
        except UnicodeDecodeError:
            return "无法识别的文件格式 · unrecognised file format"
    if b"," in start or b"\t" in start:
        return "这是 CSV/文本文件，不是工作簿 · this is CSV/text, not a workbook"
    return "这是文本文件，不是工作簿 · this is plain text, not a workbook"


@dataclass
class _Scan:
    """What the bounded scan of a zip-based workbook found besides the cells."""

    kind: str  # 'xlsx' | 'ods'
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # .ods
    uncalculated: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # .xlsx


def _inspect_zip(path: Path) -> _Scan:
    """The kind of a zip-based workbook, after checking every bound of the archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_zip_sizes(path, archive)
            names = archive.NameToInfo
            if "mimetype" in names:
                if archive.read("mimetype").strip() != _ODS_MIME:
                    raise FileFormatError(
                        "不是电子表格文档 · an OpenDocument file that is not a spreadsheet",
                        file=path,
                    )
                manifest = "META-INF/manifest.xml"
                if manifest in names and b"encryption-data" in archive.read(manifest):
                    raise EncryptedFileError(
                        "工作簿受密码保护 · workbook is password-protected", file=path
                    )
                return _Scan("ods", merged=_ods_scan(path, archive))
            if "xl/workbook.xml" in names:
                parts = _xlsx_sheet_parts(archive)
                _check_sheet_count(path, len(parts))
                scan = _Scan("xlsx")
                for name, part in parts:
                    scan.uncalculated[name] = _check_xlsx_extent(path, archive, name, part)
                return scan
    except zipfile.BadZipFile:
        raise FileFormatError(
            "压缩包损坏或被截断 · corrupt or truncated workbook (bad zip)", file=path
        ) from None
    except (ElementTree.ParseError, KeyError, EOFError, OSError, zlib.error) as exc:
        raise FileFormatError(
            f"工作簿结构损坏 · damaged workbook structure ({type(exc).__name__})", file=path
        ) from None
    raise FileFormatError("压缩包不是 Excel/ODS 工作簿 · a zip that is not a workbook", file=path)


def _check_zip_sizes(path: Path, archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            raise TooLargeError(
                f"解压后过大（{info.filename}）· unpacked size too large ({info.filename})",
                file=path,
            )


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order, from workbook.xml and its relationships."""
    rels_root = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels_root.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = target
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    parts = []
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        parts.append((sheet.get("name", ""), target))
    return parts


def _check_xlsx_extent(
    path: Path, archive: zipfile.ZipFile, name: str, part: str
) -> dict[tuple[int, int], str]:
    """Stream one sheet's XML; refuse at the first content cell beyond the bounds.

    The regular expression only stops at cells in a two- or three-letter column or in a row
    with as many digits as :data:`MAX_ROWS`, so an ordinary sheet is scanned at C speed.
    Returns the cells holding a formula without a cached value ((row, col) -> formula).
    """
    uncalculated: dict[tuple[int, int], str] = {}
    if part not in archive.NameToInfo:
        return uncalculated
    tail = b""
    rows_seen = 0
    read = 0
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 18):
            read += len(chunk)
            if read > MAX_PART_BYTES:
                raise TooLargeError("工作表过大 · sheet too large", file=path, sheet=name)
            block = tail + chunk
            rows_seen += chunk.count(b"<row")
            for match in _FAR_CELL.finditer(block):
                letters, digits = match.group(1), match.group(2)
                if int(digits) > MAX_ROWS or col_index(letters.decode()) >= MAX_COLS:
                    raise TooLargeError(
                        f"数据超过 {MAX_ROWS} 行或 {MAX_COLS} 列 · content beyond "
                        f"{MAX_ROWS} rows or {MAX_COLS} columns",
                        file=path,
                        sheet=name,
                        cell=(letters + digits).decode(),
                    )
            if rows_seen > 4 * MAX_ROWS:
                raise TooLargeError(
                    f"行数超过上限 {MAX_ROWS} · more than {MAX_ROWS} rows", file=path, sheet=name
                )
            if b"<f" in block:
                for match in _FORMULA_ONLY.finditer(block):
                    attributes, formula = match.groups()
                    ref = _CELL_REF.search(attributes)
                    if ref is None or b't="str"' in attributes:
                        continue
                    text = html.unescape((formula or b"").decode("utf-8", "replace"))
                    uncalculated[(int(ref.group(2)) - 1, col_index(ref.group(1).decode()))] = text
            tail = block[-_SCAN_OVERLAP:]
    return uncalculated


def _ods_scan(path: Path, archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet of an .ods, checking the row and column bounds on the way."""
    table_tag = f"{{{_ODS_TABLE}}}table"
    row_tag = f"{{{_ODS_TABLE}}}table-row"
    cell_tags = (f"{{{_ODS_TABLE}}}table-cell", f"{{{_ODS_TABLE}}}covered-table-cell")
    rep_rows = f"{{{_ODS_TABLE}}}number-rows-repeated"
    rep_cols = f"{{{_ODS_TABLE}}}number-columns-repeated"
    span_rows = f"{{{_ODS_TABLE}}}number-rows-spanned"
    span_cols = f"{{{_ODS_TABLE}}}number-columns-spanned"
    value_type = f"{{{_ODS_OFFICE}}}value-type"
    merged: dict[str, list[tuple[int, int, int, int]]] = {}
    sheet = ""
    row = 0
    with archive.open("content.xml") as stream:
        for event, elem in ElementTree.iterparse(stream, events=("start", "end")):
            if event == "start" and elem.tag == table_tag:
                sheet = elem.get(f"{{{_ODS_TABLE}}}name", "")
                merged[sheet] = []
                row = 0
            elif event == "end" and elem.tag == row_tag:
                repeat = int(elem.get(rep_rows, "1"))
                col = 0
                has_content = False
                for cell in elem:
                    if cell.tag not in cell_tags:
                        continue
                    width = int(cell.get(rep_cols, "1"))
                    filled = cell.get(value_type) is not None or len(cell)
                    if filled:
                        has_content = True
                        if col + width > MAX_COLS:
                            raise TooLargeError(
                                f"数据超过 {MAX_COLS} 列 · content beyond {MAX_COLS} columns",
                                file=path,
                                sheet=sheet,
                            )
                    spans = (int(cell.get(span_rows, "1")), int(cell.get(span_cols, "1")))
                    if spans != (1, 1):
                        merged[sheet].append((row, col, row + spans[0] - 1, col + spans[1] - 1))
                    col += width
                if has_content and row + repeat > MAX_ROWS:
                    raise TooLargeError(
                        f"数据超过 {MAX_ROWS} 行 · content beyond {MAX_ROWS} rows",
                        file=path,
                        sheet=sheet,
                    )
                row += repeat
                elem.clear()
    return merged


def iter_sheets(path: str | Path) -> Iterator[Sheet]:
    """Yield the worksheets of a workbook one at a time (bounded; see the module docstring)."""
    path = Path(path)
    kind = sniff(path)
    scan = _Scan(kind)
    if kind == "zip":
        scan = _inspect_zip(path)
        kind = scan.kind
    try:
        if path.suffix.lower() in _SUFFIX_OF[kind] and _utf8(str(path)):
            book = calamine.CalamineWorkbook.from_path(str(path))
        else:  # named for another format (an .xls saved as .xlsx), or a non-UTF-8 file name
            book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    except calamine.PasswordError:
        raise EncryptedFileError(
            "工作簿受密码保护 · workbook is password-protected", file=path
        ) from None
    except Exception as exc:  # calamine raises several error types for damaged files
        raise FileFormatError(
            f"无法解析工作簿 · cannot parse workbook ({exc})", file=path
        ) from None
    with book:
        names = [m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        _check_sheet_count(path, len(names))
        for name in names:
            sheet = _load_sheet(path, book, name, kind, scan.merged.get(name, []))
            sheet.uncalculated = scan.uncalculated.get(name, {})
            yield sheet


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of a file name (surrogate escapes)
        return False
    return True


def _check_sheet_count(path: Path, count: int) -> None:
    if count > MAX_SHEETS:
        raise TooLargeError(
            f"工作表超过 {MAX_SHEETS} 个 · more than {MAX_SHEETS} sheets", file=path
        )


def _load_sheet(
    path: Path,
    book: calamine.CalamineWorkbook,
    name: str,
    kind: str,
    ods_merged: list[tuple[int, int, int, int]],
) -> Sheet:
    try:
        sheet = book.get_sheet_by_name(name)
        end = sheet.end or (0, 0)
        if end[0] >= MAX_ROWS or end[1] >= MAX_COLS:
            raise TooLargeError(
                f"数据超过 {MAX_ROWS} 行或 {MAX_COLS} 列 · content beyond {MAX_ROWS} rows or "
                f"{MAX_COLS} columns",
                file=path,
                sheet=name,
            )
        raw = sheet.to_python(skip_empty_area=False)
        ranges = sheet.merged_cell_ranges if kind != "ods" else None
    except InputError:
        raise
    except Exception as exc:
        raise FileFormatError(
            f"无法读取工作表 · cannot read sheet ({exc})", file=path, sheet=name
        ) from None
    rows: list[list[object]] = [
        [_text(v, path, name, r, c) if type(v) is str else v for c, v in enumerate(row)]
        for r, row in enumerate(raw)
    ]
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges] if ranges else list(ods_merged)
    return Sheet(name=_CONTROL.sub("\ufffd", name), rows=rows, merged=merged)


def _text(value: str, path: Path, sheet: str, row: int, col: int) -> str | None:
    """A text cell: None when empty; control characters replaced; refused beyond the bound."""
    if not value:
        return None
    if len(value) > MAX_CELL_CHARS:
        raise TooLargeError(
            f"单元格文字超过 {MAX_CELL_CHARS} 个字符 · cell text longer than {MAX_CELL_CHARS} "
            "characters",
            file=path,
            sheet=sheet,
            cell=a1(row, col),
        )
    return _CONTROL.sub("\ufffd", value) if _CONTROL.search(value) else value
