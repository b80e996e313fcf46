"""Save laid-out sheets: .xlsx via openpyxl, .xls via xlwt, .ods via odfpy.

The bytes are reproducible: the same sheets give the same file. openpyxl stamps the document
properties with the time of saving and both zip writers stamp every entry, so the .xlsx
properties carry the fixed :data:`STAMP` and every zip entry the zip epoch (1980-01-01);
xlwt writes no time at all. (odfpy declares every namespace the process has used so far, so
an .ods is reproducible from one fresh process to the next.)
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from govbudget_dev.write.layout import SheetSpec

#: the creation and modification time written into .xlsx document properties
STAMP = dt.datetime(2000, 1, 1)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _rezip(data: bytes, target: Path) -> None:
    """Copy a zip, entry by entry in the same order and compression, with fixed entry times."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            out.writestr(entry, source.read(info))


def save_xlsx(sheets: list[SheetSpec], target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    book.properties.created = book.properties.modified = STAMP
    for spec in sheets:
        ws = book.create_sheet(spec.name)
        for (r, c), value in spec.cells.items():
            cell = ws.cell(r + 1, c + 1, value)
            if isinstance(value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text that starts with '=' is text, never a formula
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(value, str) and len(value) > 60:
                cell.alignment = wrap
        for r0, c0, r1, c1 in spec.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for c, width in spec.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = width
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not book.save(): that stamps the time of saving
    _rezip(buffer.getvalue(), target)


def save_xls(sheets: list[SheetSpec], target: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    for spec in sheets:
        ws = book.add_sheet(spec.name, cell_overwrite_ok=True)
        anchors = {(m[0], m[1]): m for m in spec.merges}
        for (r, c), value in spec.cells.items():
            style = money if isinstance(value, float) else xlwt.Style.default_style
            if (r, c) in anchors:
                r0, c0, r1, c1 = anchors.pop((r, c))
                ws.write_merge(r0, r1, c0, c1, value, style)
            else:
                ws.write(r, c, value, style)
        for r0, c0, r1, c1 in anchors.values():
            ws.merge(r0, r1, c0, c1)
        for c, width in spec.widths.items():
            ws.col(c).width = 256 * width
    book.save(str(target))


def save_ods(sheets: list[SheetSpec], target: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, TableCell, TableRow
    from odf.table import Table as OdsTable
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for spec in sheets:
        sheet = OdsTable(name=spec.name)
        spans = {(m[0], m[1]): m for m in spec.merges}
        covered = {
            (r, c)
            for r0, c0, r1, c1 in spec.merges
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if (r, c) != (r0, c0)
        }
        nrows = 1 + max((r for r, _c in [*spec.cells, *covered]), default=0)
        ncols = 1 + max((c for _r, c in [*spec.cells, *covered]), default=0)
        for r in range(nrows):
            row = TableRow()
            for c in range(ncols):
                if (r, c) in covered:
                    row.addElement(CoveredTableCell())
                    continue
                value = spec.cells.get((r, c))
                attrs: dict[str, object] = {}
                if (r, c) in spans:
                    r0, c0, r1, c1 = spans[(r, c)]
                    attrs = {"numberrowsspanned": r1 - r0 + 1, "numbercolumnsspanned": c1 - c0 + 1}
                if isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=repr(value), **attrs)
                    cell.addElement(P(text=repr(value)))
                elif value is not None:
                    cell = TableCell(valuetype="string", **attrs)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(**attrs)
                row.addElement(cell)
            sheet.addElement(row)
        doc.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    doc.save(buffer)
    _rezip(buffer.getvalue(), target)
