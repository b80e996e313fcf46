"""Import the Ministry of Finance catalogue workbook (《政府收支分类科目》) as a complete year.

The workbook has, on one or more sheets, a header row with ``科目编码`` and ``科目名称`` (sometimes
``说明`` too). Codes are whole (``201`` / ``20101`` / ``2010101``), possibly stored as numbers and
indented to show the level, or partial (``201`` then an indented ``01``) — then the indentation
(leading spaces or the cell's indent) says which code a part extends. Revenue codes (1xx) and rows
without a code are skipped. The result replaces that year and scheme in the target folder and is
marked complete in its manifest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govbudget.catalogue.load import CODE_COLUMNS, load_catalogue, write_year
from govbudget.catalogue.names import normalise_name
from govbudget.codes import SCHEMES, clean_name, depth_of, parent_of, scheme_of
from govbudget.errors import FileFormatError, LayoutError, UsageError
from govbudget.paths import user_catalogue_dir

_CODE_HEADERS = {"科目编码", "科目代码", "编码", "代码"}
_NAME_HEADERS = {"科目名称", "名称"}
_LEVELS = {"functional": "1,2,3", "economic_dept": "1,2", "economic_gov": "1,2"}


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: one file per scheme, rows per scheme and level, rows skipped."""

    year: int
    files: tuple[Path, ...]
    counts: dict[str, dict[int, int]]
    skipped: int


@dataclass(frozen=True)
class _Cell:
    value: object
    indent: float
    ref: str


def _cells_openpyxl(path: Path) -> Iterator[tuple[str, list[list[_Cell]]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a corrupt file
        raise FileFormatError(
            f"不是有效的工作簿 · not a readable workbook ({err})", file=path
        ) from err
    try:
        for sheet in book.worksheets:
            rows = [
                [_Cell(c.value, c.alignment.indent, c.coordinate) for c in row]
                for row in sheet.iter_rows()
            ]
            yield sheet.title, rows
    finally:
        book.close()


def _cells_calamine(path: Path) -> Iterator[tuple[str, list[list[_Cell]]]]:
    from openpyxl.utils import get_column_letter
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as err:  # calamine raises its own error types for a corrupt file
        raise FileFormatError(
            f"不是有效的工作簿 · not a readable workbook ({err})", file=path
        ) from err
    for name in book.sheet_names:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows = [
            [_Cell(v, 0, f"{get_column_letter(j + 1)}{i + 1}") for j, v in enumerate(row)]
            for i, row in enumerate(values)
        ]
        yield name, rows


def _sheets(path: Path) -> Iterator[tuple[str, list[list[_Cell]]]]:
    if not path.is_file():
        raise UsageError(f"文件不存在 · no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _cells_openpyxl(path)
    if suffix in (".xls", ".ods"):
        return _cells_calamine(path)
    raise FileFormatError("只支持 .xlsx/.xlsm/.xls/.ods · only .xlsx/.xlsm/.xls/.ods", file=path)


def _header(rows: list[list[_Cell]]) -> tuple[int, int, int] | None:
    """(row index, code column, name column) of the 科目编码/科目名称 header, if any."""
    for i, row in enumerate(rows[:30]):
        texts = [normalise_name(c.value) if isinstance(c.value, str) else "" for c in row]
        code = next((j for j, t in enumerate(texts) if t in _CODE_HEADERS), None)
        name = next((j for j, t in enumerate(texts) if t in _NAME_HEADERS), None)
        if code is not None and name is not None:
            return i, code, name
    return None


def _code_text(cell: _Cell) -> tuple[str, float]:
    """Digits of a code cell and its indentation (cell indent + leading spaces)."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or value is None:
        return "", 0
    raw = str(value).replace("\u3000", "  ").replace("\t", "    ")
    lead = len(raw) - len(raw.lstrip(" "))
    return raw.strip().replace(" ", ""), cell.indent + lead / 2


def read_workbook(path: str | Path, scheme: str | None = None) -> pd.DataFrame:
    """The catalogue rows of a MoF workbook: scheme, code, name, level, parent, source.

    ``frame.attrs['skipped']`` counts rows whose code cell held something other than an
    expenditure code (revenue codes, repeated headers, totals).
    """
    path = Path(path)
    found: dict[str, dict[str, object]] = {}
    skipped, headers = 0, 0
    for sheet, rows in _sheets(path):
        header = _header(rows)
        if header is None:
            continue
        headers += 1
        start, code_col, name_col = header
        stack: list[tuple[float, str, bool]] = []
        for row in rows[start + 1 :]:
            if len(row) <= max(code_col, name_col):
                continue
            digits, indent = _code_text(row[code_col])
            if not digits.isdigit() or not digits.isascii():
                skipped += bool(digits)
                continue
            code = _resolve(digits, indent, stack, path, sheet, row[code_col].ref)
            if scheme_of(code) not in SCHEMES or depth_of(code) is None:
                skipped += 1
                continue
            if scheme and scheme_of(code) != scheme:
                continue
            name = clean_name(row[name_col].value)
            if not name:
                raise LayoutError(
                    f"科目 {code} 没有名称 · code {code} has no name",
                    file=path,
                    sheet=sheet,
                    cell=row[name_col].ref,
                )
            _add(
                found, code, name, f"imported: {path.name} {sheet}!{row[code_col].ref}", path, sheet
            )
    if not headers:
        raise LayoutError(
            "没有找到“科目编码/科目名称”表头 · no 科目编码/科目名称 header row", file=path
        )
    if not found:
        raise LayoutError(
            f"没有找到{scheme or ''}科目 · no {scheme or 'expenditure'} codes found", file=path
        )
    for code, entry in found.items():
        parent = parent_of(code)
        if parent is not None and parent not in found:
            sheet, cell = str(entry["source"]).rsplit(" ", 1)[-1].split("!")
            raise LayoutError(
                f"科目 {code} 缺少上级科目 {parent} · parent {parent} missing",
                file=path,
                sheet=sheet,
                cell=cell,
            )
    frame = pd.DataFrame(found.values())[["scheme", "code", "name", "level", "parent", "source"]]
    frame.attrs["skipped"] = skipped
    return frame


def _resolve(
    digits: str,
    indent: float,
    stack: list[tuple[float, str, bool]],
    path: Path,
    sheet: str,
    ref: str,
) -> str:
    """Whole code, or a 2-digit part appended to the code it is indented under.

    A part directly under a whole code (same indentation) extends it; under another part it
    needs more indentation than that part, else it is that part's sibling.
    """
    if len(digits) == 2:
        while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and stack[-1][2])):
            stack.pop()
        if not stack or len(stack[-1][1]) >= 7:
            raise LayoutError(
                f"无法确定部分编码 {digits} 的上级 · cannot place partial code {digits} "
                "(indent it under its parent)",
                file=path,
                sheet=sheet,
                cell=ref,
            )
        code = stack[-1][1] + digits
    else:
        code = digits
        while stack and len(stack[-1][1]) >= len(code):
            stack.pop()
    stack.append((indent, code, len(digits) == 2))
    return code


def _add(
    found: dict[str, dict[str, object]], code: str, name: str, source: str, path: Path, sheet: str
) -> None:
    old = found.get(code)
    if old is not None:
        if normalise_name(old["name"]) != normalise_name(name):
            cell = source.rsplit("!", 1)[-1]
            raise LayoutError(
                f"科目 {code} 重复且名称不同 · code {code} twice with different names ({old['name']} / {name})",
                file=path,
                sheet=sheet,
                cell=cell,
            )
        return
    found[code] = {
        "scheme": scheme_of(code),
        "code": code,
        "name": name,
        "level": depth_of(code),
        "parent": parent_of(code) or "",
        "source": source,
    }


def import_workbook(
    path: str | Path, year: int, *, scheme: str | None = None, into: str | Path | None = None
) -> ImportResult:
    """Read a MoF catalogue workbook and write it as the complete ``year`` catalogue.

    Writes ``<into>/<year>_<scheme>.csv`` per scheme found (or just ``scheme``) and updates
    ``<into>/manifest.csv`` (default folder: the user catalogue folder, ``paths.user_catalogue_dir()``), atomically.
    """
    if scheme is not None and scheme not in SCHEMES:
        raise UsageError(f"未知科目体系 · unknown scheme {scheme!r} (use {', '.join(SCHEMES)})")
    folder = Path(into) if into is not None else user_catalogue_dir()
    rows = read_workbook(path, scheme)
    files, counts = [], {}
    for name, part in rows.groupby("scheme", sort=True):
        codes = part.assign(year=year)[list(CODE_COLUMNS)].sort_values("code")
        manifest_row = {
            "year": year, "scheme": name, "file": f"{year}_{name}.csv", "complete": "true",
            "levels_complete": _LEVELS[name], "applies_from": year, "rows": len(codes),
            "note": f"imported from {Path(path).name}",
        }  # fmt: skip
        files.append(write_year(folder, codes, manifest_row))
        counts[name] = {
            int(k): int(v) for k, v in codes["level"].value_counts().sort_index().items()
        }
    load_catalogue.cache_clear()
    return ImportResult(year, tuple(files), counts, int(rows.attrs.get("skipped", 0)))
