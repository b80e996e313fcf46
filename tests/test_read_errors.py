"""Bad input: every unreadable workbook gets a one-line InputError naming file, sheet and cell.

The bad files are built here, byte by byte where needed (a million-row sheet is streamed into
a zip without any spreadsheet library); the password-protected one comes from ``bad_inputs``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from bad_inputs import password_protected

from govbudget.errors import (
    EncryptedFileError,
    FileFormatError,
    InputError,
    LayoutError,
    NoTablesError,
    TooLargeError,
)
from govbudget.ingest import read_package
from govbudget.ingest.workbook.engines import MAX_COLS, MAX_ROWS
from govbudget_dev.examples import example_package
from govbudget_dev.write import write_package


def million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A valid .xlsx whose single sheet has ``rows`` rows, streamed without a library."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="大表" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{main}"><sheetData>'.encode())
            for start in range(1, rows + 1, 10_000):
                sheet.write(b"".join(
                    b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                    for i in range(start, min(rows, start + 9_999) + 1)
                ))  # fmt: skip
            sheet.write(b"</sheetData></worksheet>")
    return path


def good_workbook(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "表3"
    for row in rows:
        ws.append(row)
    for merged in merges:
        ws.merge_cells(merged)
    book.save(path)
    return path


TABLE = [
    ["2016年部门支出总表"],
    ["编制部门：某局", None, None, None, "单位：元"],
    ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["2010101", "行政运行", 300, 100, 200],
    ["2010102", "一般行政管理事务", 300, 100, 200],
    ["合计", None, 600, 200, 400],
]


def _one_line(err: InputError, path: Path) -> None:
    message = str(err)
    assert "\n" not in message and str(path) in message and err.code in message


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(200)))
    with pytest.raises(FileFormatError, match="corrupt or truncated") as info:
        read_package(path)
    _one_line(info.value, path)


def test_truncated_workbook(tmp_path: Path) -> None:
    whole = good_workbook(tmp_path / "whole.xlsx", TABLE).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FileFormatError) as info:
        read_package(path)
    _one_line(info.value, path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = password_protected(tmp_path)
    with pytest.raises(EncryptedFileError, match="password") as info:
        read_package(path)
    _one_line(info.value, path)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("data.xlsx", "部门,金额\n教育局,100\n".encode(), "CSV"),
        ("page.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("empty.xlsx", b"", "empty"),
        ("gbk.xlsx", "部门\t金额\n".encode("gb18030"), "CSV"),
    ],
)
def test_files_that_are_not_workbooks(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileFormatError, match=words) as info:
        read_package(path)
    _one_line(info.value, path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileFormatError, match="not a workbook"):
        read_package(path)


def test_workbook_without_a_recognisable_table(tmp_path: Path) -> None:
    path = good_workbook(tmp_path / "notes.xlsx", [["会议纪要"], ["2016年部门工作总结"], [1, 2, 3]])
    with pytest.raises(NoTablesError) as info:
        read_package(path)
    _one_line(info.value, path)


def test_a_million_rows_is_refused_at_the_first_row_beyond_the_bound(tmp_path: Path) -> None:
    path = million_rows(tmp_path / "big.xlsx")
    with pytest.raises(TooLargeError) as info:
        read_package(path)
    assert info.value.sheet == "大表" and info.value.cell == f"A{MAX_ROWS + 1}"
    _one_line(info.value, path)


def test_content_beyond_the_column_bound(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.cell(1, 1, "2016年部门支出总表")
    book.active.cell(2, MAX_COLS + 1, 1)
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(TooLargeError) as info:
        read_package(path)
    assert info.value.cell == "IW2"


def test_ods_with_repeated_rows_beyond_the_bound(tmp_path: Path) -> None:
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (
        f'<office:document-content xmlns:office="{office}" xmlns:table="{table}" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="S"><table:table-row '
        'table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "big.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    with pytest.raises(TooLargeError) as info:
        read_package(path)
    assert info.value.sheet == "S"


def test_merged_cells_over_amounts(tmp_path: Path) -> None:
    path = good_workbook(tmp_path / "merged.xlsx", TABLE, ("D5:E5",))
    with pytest.raises(LayoutError, match="merged cells over amount") as info:
        read_package(path)
    assert (info.value.sheet, info.value.cell) == ("表3", "D5:E5")
    _one_line(info.value, path)


def test_merged_cells_over_labels_headers_and_notes_are_fine(tmp_path: Path) -> None:
    rows = [*TABLE, ["注：本表为示例。"]]
    path = good_workbook(tmp_path / "ok.xlsx", rows, ("A1:E1", "A6:B6", "A7:E7"))
    table = read_package(path).tables["expenditure"]
    assert table.rows[-1].is_total and table.notes[0].cell == "A7"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_package(tmp_path / "nope.xlsx")
    with pytest.raises(FileFormatError, match="folder"):
        read_package(tmp_path)


def test_workbooks_named_for_another_format_are_read_by_content(tmp_path: Path) -> None:
    package = example_package(3)
    for real, named in ((".xls", ".xlsx"), (".xlsx", ".xls"), (".ods", ".xlsx")):
        written = write_package(package, tmp_path / f"p{real}")
        renamed = written.rename(tmp_path / f"{real[1:]}_as{named}")
        assert set(read_package(renamed).tables) == set(package.tables)
