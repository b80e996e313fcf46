"""A corpus of bad inputs, built in code: one function per input, each writing it into a folder.

Every builder takes a folder and returns the path to hand to ``govbudget check`` (a file, or a
folder for the cases about folders). Nothing binary is committed: zips are assembled entry by
entry (:func:`raw_zip`, which can also *lie* about an entry's unpacked size), the
password-protected workbook is a minimal OLE compound file, the rest comes from the writer or
openpyxl. The builders stream large content, so the largest (the decompression bombs, a
million rows) take well under a second and a few megabytes of disk.

:data:`CASES` says, for each input, what govbudget must answer: an ``InputError`` subclass
naming file (and sheet and cell where one applies) → exit status 2, or findings → exit 1, or a
clean read → exit 0. ``tests/test_bad_inputs.py`` asserts it; ``benchmarks/bench_bad_inputs.py``
measures time and peak memory per input; ``docs/robustness.md`` is the table.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl

from govbudget import errors
from govbudget.ingest import read_package
from govbudget.ingest.workbook.engines import (
    MAX_CELL_CHARS,
    MAX_COLS,
    MAX_PART_BYTES,
    MAX_ROWS,
    col_letter,
)
from govbudget.model import Package
from govbudget_dev.examples import example_package
from govbudget_dev.write import write_package

from .pdf import (
    corrupt_pdf,
    encrypted_pdf,
    huge_stream_pdf,
    many_pages_pdf,
    nested_pdf,
    no_tables_pdf,
    scanned_pdf,
    truncated_pdf,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DEPARTMENT = "示例市财政局"
#: unpacked size of the decompression bombs: twice the per-part bound
BOMB_BYTES = 2 * MAX_PART_BYTES


# ------------------------------------------------------------------ building blocks ------


def good_package(seed: int = 3, **kwargs: object) -> Package:
    """A clean budget package (no findings) to spoil."""
    return example_package(seed, **kwargs)  # type: ignore[arg-type]


def good_workbook(folder: Path, name: str = "good.xlsx", **kwargs: object) -> Path:
    """A clean workbook written by the writer."""
    return write_package(good_package(**kwargs), folder / name)


def _compress(chunks: Iterable[bytes]) -> tuple[bytes, int, int]:
    """Deflate a stream of chunks: (compressed bytes, CRC-32, unpacked size)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(packer.compress(chunk))
    out.append(packer.flush())
    return b"".join(out), crc, size


def raw_zip(
    path: Path, parts: dict[str, bytes | Iterable[bytes]], declared: dict[str, int] | None = None
) -> Path:
    """A zip of deflated ``parts``; ``declared`` overrides the unpacked size an entry *claims*
    (in both its local header and the central directory) — a lying decompression bomb."""
    declared = declared or {}
    body, directory = bytearray(), bytearray()
    for name, content in parts.items():
        data, crc, size = _compress([content] if isinstance(content, bytes) else content)
        claimed = declared.get(name, size)
        encoded = name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0x800, 8, 0, 0x21, crc, len(data), claimed)
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(body))
            + encoded
        )
        body += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + data
    end = struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    path.write_bytes(bytes(body) + bytes(directory) + b"PK\x05\x06" + end)
    return path


def xlsx_parts(sheet: bytes | Iterable[bytes], strings: bytes | Iterable[bytes] | None = None,
               sheet_name: str = "表1") -> dict[str, bytes | Iterable[bytes]]:  # fmt: skip
    """The parts of a one-sheet .xlsx: ``sheet`` is the ``<sheetData>`` content, ``strings`` the
    ``<sst>`` content (shared strings), both raw XML (or streams of it)."""
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    rels = (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
        f'{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )

    def wrap(head: str, content: bytes | Iterable[bytes], tail: str) -> Iterable[bytes]:
        yield head.encode()
        yield from [content] if isinstance(content, bytes) else content
        yield tail.encode()

    return {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{sheet_name}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": rels.encode(),
        "xl/worksheets/sheet1.xml": wrap(
            f'<worksheet xmlns="{MAIN}"><sheetData>', sheet, "</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": wrap(f'<sst xmlns="{MAIN}">', strings or b"", "</sst>"),
    }


def rewrite_zip(source: Path, target: Path, change: Callable[[str, bytes], bytes],
                add: dict[str, bytes] | None = None) -> Path:  # fmt: skip
    """Copy a zip, passing each part through ``change(name, data)`` and adding ``add``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def _parts(changes: dict[str, Callable[[bytes], bytes]]) -> Callable[[str, bytes], bytes]:
    """Change the named parts of a zip (see :func:`rewrite_zip`)."""
    return lambda name, data: changes[name](data) if name in changes else data


def _table_sheet_part(path: Path, table_id: str) -> str:
    """The zip part of the sheet holding ``table_id`` in a workbook written by the writer."""
    sheet = read_package(path).tables[table_id].sheet
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(sheet) + 1
    book.close()
    return f"xl/worksheets/sheet{index}.xml"


def _spoil_cells(path: Path, table_id: str, spoil: Callable[[object], None]) -> Path:
    """Open a written workbook with openpyxl, let ``spoil`` change the sheet of ``table_id``."""
    table = read_package(path).tables[table_id]
    book = openpyxl.load_workbook(path)
    spoil(book[table.sheet])
    book.save(path)
    return path


def _first_leaf(path: Path, table_id: str = "gpb_expenditure") -> dict[str, str]:
    """Measure -> amount cell of the first 项 row with money of a table in a written workbook."""
    table = read_package(path).tables[table_id]
    row = next(r for r in table.rows if r.depth == 3 and r.amounts["total"].fen)
    return {measure: amount.cell for measure, amount in row.amounts.items()}


# ------------------------------------------------------------------ the corpus ------------


def truncated_zip(folder: Path) -> Path:
    """A workbook cut off half-way (an interrupted download)."""
    whole = good_workbook(folder, ".whole.xlsx").read_bytes()
    (folder / ".whole.xlsx").unlink()
    path = folder / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def corrupt_zip(folder: Path) -> Path:
    """A zip signature followed by noise."""
    path = folder / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    return path


def csv_as_xlsx(folder: Path) -> Path:
    """A CSV export renamed ``.xlsx``."""
    path = folder / "csv_inside.xlsx"
    path.write_text("科目编码,科目名称,合计\n2010101,行政运行,100\n", encoding="utf-8")
    return path


def html_as_xlsx(folder: Path) -> Path:
    """An HTML table saved as ``.xlsx`` (what some web systems call an Excel export)."""
    path = folder / "html_inside.xlsx"
    path.write_text(
        "<html><body><table><tr><td>2016年部门收支总表</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def pdf_as_xlsx(folder: Path) -> Path:
    """A PDF renamed ``.xlsx``."""
    path = folder / "pdf_inside.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


_END, _FREE, _FAT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, _FREE, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )


def password_protected(folder: Path) -> Path:
    """What Office writes for a password-protected .xlsx: an OLE compound file holding an
    ``EncryptedPackage`` stream (minimal, but well-formed enough for OLE readers)."""
    sectors = 8
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    fat = [_FAT, _END] + [3 + i for i in range(sectors - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    directory = (
        _dir_entry("Root Entry", 5, 1, _END, 0)
        + _dir_entry("EncryptedPackage", 2, _FREE, 2, 512 * sectors)
        + b"\0" * 256
    )
    path = folder / "password.xlsx"
    path.write_bytes(
        header + struct.pack("<128I", *fat) + directory + bytes(range(256)) * 2 * sectors
    )
    return path


#: a VBA project that would run on open if a reader executed macros (it is never run)
VBA_PROJECT = b"\xcc\x61" + b'Sub Workbook_Open()\r\nShell "touch /tmp/govbudget-pwned"\r\nEnd Sub'


def macro_xlsm(folder: Path) -> Path:
    """A macro-enabled ``.xlsm``: a clean package plus a ``vbaProject.bin`` part."""
    good = good_workbook(folder, ".plain.xlsx")
    macro_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    plain_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    path = rewrite_zip(
        good,
        folder / "macros.xlsm",
        _parts(
            {
                "[Content_Types].xml": lambda d: d.replace(
                    plain_type.encode(), macro_type.encode()
                ).replace(
                    b"<Default ",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b"<Default ",
                    1,
                ),
                "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                ),
            }
        ),
        add={"xl/vbaProject.bin": VBA_PROJECT},
    )
    good.unlink()
    return path


def formulas_without_values(folder: Path) -> Path:
    """An amount cell holding a formula that was never calculated (openpyxl writes formulas
    with no cached value — as does any generator that leaves calculation to Excel)."""
    path = good_workbook(folder, "formulas.xlsx")
    cells = _first_leaf(path)
    formula = f"={cells['basic']}+{cells['project']}"
    return _spoil_cells(path, "gpb_expenditure", lambda ws: ws.__setitem__(cells["total"], formula))


def external_links(folder: Path) -> Path:
    """Amount cells that are formulas into another workbook (``[1]Sheet1!C7``), with cached
    values, plus the external-link part Excel writes. The values read are the cached ones;
    the other workbook is never opened."""
    good = good_workbook(folder, ".linked.xlsx")
    total = _first_leaf(good)["total"]
    part = _table_sheet_part(good, "gpb_expenditure")

    def link_formula(data: bytes) -> bytes:
        start = data.index(f'<c r="{total}"'.encode())
        end = data.index(b"</c>", start)
        value = data[data.index(b"<v>", start) : end]
        cell = data[start : data.index(b">", start) + 1]
        return data[:start] + cell + b"<f>[1]Sheet1!C7</f>" + value + data[end:]

    link = (
        f'<externalLink xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1"><sheetNames>'
        '<sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>'
    ).encode()
    link_rels = (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/externalLinkPath" '
        'Target="file:///C:/Finance/secret.xlsx" TargetMode="External"/></Relationships>'
    ).encode()
    path = rewrite_zip(
        good,
        folder / "external_links.xlsx",
        _parts(
            {
                part: link_formula,
                "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdX" Type="{REL}/externalLink" '
                    'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode(),
                ),
                "xl/workbook.xml": lambda d: d.replace(
                    b"</workbook>",
                    b'<externalReferences><externalReference r:id="rIdX"/></externalReferences>'
                    b"</workbook>",
                ),
            }
        ),
        add={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
        },
    )
    good.unlink()
    return path


def _bomb_strings() -> Iterable[bytes]:
    block = b"<si><t>a</t></si>" * 4096
    for _ in range(BOMB_BYTES // len(block)):
        yield block


def _title_sheet() -> bytes:
    return (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>2016\xe5\xb9\xb4\xe9\x83\xa8\xe9\x97\xa8'
        b"\xe6\x94\xaf\xe5\x87\xba\xe6\x80\xbb\xe8\xa1\xa8</t></is></c></row>"
    )  # 2016年部门支出总表


def bomb_shared_strings(folder: Path) -> Path:
    """A decompression bomb: 128 MiB of shared strings that deflate to about 130 KB."""
    return raw_zip(folder / "bomb.xlsx", xlsx_parts(_title_sheet(), _bomb_strings()))


def bomb_lying_sizes(folder: Path) -> Path:
    """The same bomb, but its zip entry *claims* an unpacked size of 1 KiB."""
    return raw_zip(
        folder / "bomb_lying.xlsx",
        xlsx_parts(_title_sheet(), _bomb_strings()),
        declared={"xl/sharedStrings.xml": 1024},
    )


def million_rows(folder: Path, rows: int = 1_000_000) -> Path:
    """A sheet of a million rows (a number in column A), streamed into the zip."""

    def sheet() -> Iterable[bytes]:
        yield _title_sheet()
        for start in range(2, rows + 1, 10_000):
            yield b"".join(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                for i in range(start, min(rows, start + 9_999) + 1)
            )

    return raw_zip(folder / "million_rows.xlsx", xlsx_parts(sheet()))


def all_columns(folder: Path) -> Path:
    """A row filled across all 16,384 columns (A…XFD)."""
    cells = b"".join(b'<c r="%s2"><v>1</v></c>' % col_letter(c).encode() for c in range(16_384))
    return raw_zip(folder / "columns_16384.xlsx", xlsx_parts(_title_sheet() + b'<row r="2">'
                                                             + cells + b"</row>"))  # fmt: skip


def formatted_columns(folder: Path) -> Path:
    """A clean package whose table sheets carry *empty, formatted* cells out to column XFD and
    row 1,048,576 (what "format the whole row" leaves behind) — must read as normal."""
    good = good_workbook(folder, ".formatted.xlsx")
    part = _table_sheet_part(good, "gpb_expenditure")

    def pad(data: bytes) -> bytes:
        data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
                            b"</sheetData>")  # fmt: skip
        start = data.find(b"<dimension ref=")
        if start >= 0:
            end = data.index(b"/>", start)
            data = data[:start] + b'<dimension ref="A1:XFD1048576"' + data[end:]
        return data

    path = rewrite_zip(good, folder / "formatted_to_xfd.xlsx", _parts({part: pad}))
    good.unlink()
    return path


def megabyte_cell(folder: Path) -> Path:
    """A name cell holding 1 MB of text (Excel itself stops at 32,767 characters a cell, and
    so does openpyxl: the sheet XML is edited directly)."""
    good = good_workbook(folder, ".megabyte.xlsx")
    part = _table_sheet_part(good, "gpb_expenditure")
    name = "行政运行".encode()
    path = rewrite_zip(
        good,
        folder / "megabyte_cell.xlsx",
        _parts({part: lambda data: data.replace(name, name * 250_000, 1)}),
    )
    good.unlink()
    return path


#: C0 controls a hostile or broken file may carry: bell, backspace, ESC (terminal sequences)
CONTROLS = "\x07\x08\x1b[2J\x1b]0;pwned\x07"


def _in_sheets(change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    """Apply ``change`` to every worksheet part of a zip (see :func:`rewrite_zip`)."""
    return lambda name, data: change(data) if name.startswith("xl/worksheets/sheet") else data


def control_characters(folder: Path) -> Path:
    """Department and row names with control characters — bell, backspace, terminal escape
    sequences — as Excel escapes them (``_x001B_``) and as character references."""
    good = good_workbook(folder, ".controls.xlsx")
    escaped = "".join(f"_x{ord(c):04X}_" if ord(c) < 32 else c for c in CONTROLS)
    hostile = f"示例市{escaped}财政局".encode()

    def spoil(data: bytes) -> bytes:
        data = data.replace(DEPARTMENT.encode(), hostile)
        return data.replace("行政运行".encode(), "行政&#27;[31m运行".encode())

    path = rewrite_zip(good, folder / "control_characters.xlsx", _in_sheets(spoil))
    good.unlink()
    return path


def invalid_utf8(folder: Path) -> Path:
    """Sheet XML holding bytes that are not UTF-8 (a GBK name pasted into the XML)."""
    good = good_workbook(folder, ".utf8.xlsx")
    gbk = "行政运行".encode("gbk")
    path = rewrite_zip(
        good,
        folder / "invalid_utf8.xlsx",
        _in_sheets(lambda data: data.replace("行政运行".encode(), gbk)),
    )
    good.unlink()
    return path


def invalid_utf8_file_name(folder: Path) -> Path:
    """A clean workbook whose *file name* is not valid UTF-8 (GBK bytes on a Linux disk)."""
    good = good_workbook(folder, ".name.xlsx")
    target = os.fsencode(folder) + b"/" + "教育局".encode("gbk") + b"\n.xlsx"
    os.rename(good, target)
    return Path(os.fsdecode(target))


def dates_for_amounts(folder: Path) -> Path:
    """An amount cell holding a date (a column formatted as date by mistake)."""
    path = good_workbook(folder, "dates.xlsx")
    total = _first_leaf(path)["total"]
    when = dt.datetime(2016, 3, 1)
    return _spoil_cells(path, "gpb_expenditure", lambda ws: ws.__setitem__(total, when))


def merged_amounts(folder: Path) -> Path:
    """Merged cells spanning two amount columns of a data row."""
    path = good_workbook(folder, "merged.xlsx")
    cells = _first_leaf(path)
    merge = f"{cells['total']}:{cells['basic']}"
    return _spoil_cells(path, "gpb_expenditure", lambda ws: ws.merge_cells(merge))


def duplicate_tables(folder: Path) -> Path:
    """The 三公 table twice in one workbook: a second sheet with doubled figures."""
    package = good_package()
    table = package.tables["three_public"]
    package.duplicates.append(replace(table, rows=[
        replace(row, amounts={k: replace(a, fen=a.fen and 2 * a.fen) for k, a in row.amounts.items()})
        for row in table.rows
    ]))  # fmt: skip
    return write_package(package, folder / "duplicate_tables.xlsx")


def same_department_twice(folder: Path) -> Path:
    """A folder holding two packages of the same department, year and phase."""
    target = folder / "same_department"
    target.mkdir()
    write_package(good_package(3), target / "finance.xlsx")
    write_package(good_package(4), target / "finance_v2.xlsx")
    return target


def gbk_csv(folder: Path) -> Path:
    """A GBK-encoded CSV of a table (given as a path: it is not a workbook)."""
    path = folder / "gbk.csv"
    path.write_bytes("科目编码,科目名称,合计\n2010101,行政运行,100\n".encode("gbk"))
    return path


def empty_file(folder: Path) -> Path:
    """A zero-byte ``.xlsx``."""
    path = folder / "empty.xlsx"
    path.touch()
    return path


def unreadable_folder(folder: Path) -> Path:
    """A folder of one good workbook and entries that cannot be read: a FIFO and a broken
    symbolic link named ``.xlsx``, and (meaningful only when not root) a ``chmod 000`` file."""
    target = folder / "unreadable"
    target.mkdir()
    good_workbook(target, "good.xlsx")
    os.mkfifo(target / "fifo.xlsx")
    (target / "dangling.xlsx").symlink_to(target / "gone.xlsx")
    locked = good_workbook(target, "locked.xlsx", seed=4, department="示例市审计局")
    locked.chmod(0)
    return target


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def restore_permissions(folder: Path) -> None:
    """Make every file under ``folder`` readable again (so a temporary folder can be removed)."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IRUSR | stat.S_IWUSR)


# ------------------------------------------------------------------ expectations ----------


@dataclass(frozen=True)
class Case:
    """One bad input and what govbudget must answer for it.

    ``error``: the ``InputError`` subclass raised (exit status 2), with the ``sheet`` and
    ``cell`` it names when given; or None, and then ``rules``: the finding rules expected
    (exit status 1 when one is an error, 0 when there are none).
    """

    name: str
    build: Callable[[Path], Path]
    error: type[errors.InputError] | None = None
    sheet: str | None = None
    cell: str | None = None
    rules: tuple[str, ...] = ()
    exit_code: int = 2
    words: str = ""  # words the one-line message must contain


CASES: tuple[Case, ...] = (
    Case("truncated zip", truncated_zip, errors.FileFormatError, words="truncated"),
    Case("scanned PDF (no text layer)", scanned_pdf, errors.FileFormatError,
         words="no text layer"),
    Case("password-protected PDF", encrypted_pdf, errors.EncryptedFileError, words="password"),
    Case("corrupt PDF", corrupt_pdf, errors.FileFormatError, words="corrupt"),
    Case("truncated PDF", truncated_pdf, errors.FileFormatError, words="truncated"),
    Case("PDF bomb: deeply nested objects", nested_pdf, errors.NoTablesError,
         words="no standard table"),
    Case("PDF bomb: huge stream", huge_stream_pdf, errors.TooLargeError, words="PDF bomb"),
    Case("PDF of 2,000 pages", many_pages_pdf, errors.TooLargeError, words="2000 pages"),
    Case("PDF without standard tables", no_tables_pdf, errors.NoTablesError,
         words="no standard table"),
    Case("corrupt zip", corrupt_zip, errors.FileFormatError, words="corrupt"),
    Case(".xlsx that is CSV", csv_as_xlsx, errors.FileFormatError, words="CSV"),
    Case(".xlsx that is HTML", html_as_xlsx, errors.FileFormatError, words="HTML"),
    Case(".xlsx that is PDF", pdf_as_xlsx, errors.FileFormatError, words="PDF"),
    Case("password-protected", password_protected, errors.EncryptedFileError, words="password"),
    Case("macro-enabled .xlsm", macro_xlsm, exit_code=0),
    Case("formulas without cached values", formulas_without_values, rules=("VAL001",),
         exit_code=1),
    Case("external links", external_links, exit_code=0),
    Case("decompression bomb (shared strings)", bomb_shared_strings, errors.TooLargeError,
         words="sharedStrings"),
    Case("decompression bomb, lying sizes", bomb_lying_sizes, errors.FileFormatError,
         words="declared"),
    Case("1,000,000 rows", million_rows, errors.TooLargeError, sheet="表1",
         cell=f"A{MAX_ROWS + 1}"),
    Case("16,384 columns", all_columns, errors.TooLargeError, sheet="表1",
         cell=f"{col_letter(MAX_COLS)}2"),
    Case("empty cells formatted to XFD1048576", formatted_columns, exit_code=0),
    Case("cell of 1 MB text", megabyte_cell, errors.TooLargeError, sheet="表5", cell="D9",
         words=f"{MAX_CELL_CHARS}"),
    Case("control characters in names", control_characters, rules=("CAT002",), exit_code=0),
    Case("invalid UTF-8 in the XML", invalid_utf8, errors.FileFormatError, words="UTF-8"),
    Case("invalid UTF-8 in the file name", invalid_utf8_file_name, exit_code=0),
    Case("dates where amounts belong", dates_for_amounts, rules=("VAL001",), exit_code=1),
    Case("merged cells over amounts", merged_amounts, errors.LayoutError, words="merged"),
    Case("duplicate tables in one workbook", duplicate_tables, rules=("PKG006",), exit_code=0),
    Case("same department and year twice", same_department_twice, rules=("PKG007",),
         exit_code=0),
    Case("GBK-encoded CSV", gbk_csv, errors.FileFormatError, words="CSV"),
    Case("empty file", empty_file, errors.FileFormatError, words="empty"),
    Case("folder with unreadable files", unreadable_folder, errors.InputError,
         words="regular file"),
)  # fmt: skip
