"""Workbook -> :class:`~govbudget.model.Package`: the reader's entry points."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from govbudget.errors import NoTablesError
from govbudget.ingest.pdf.document import is_pdf
from govbudget.ingest.workbook import meta
from govbudget.ingest.workbook.engines import iter_sheets
from govbudget.ingest.workbook.extract import read_table
from govbudget.ingest.workbook.grid import Grid
from govbudget.ingest.workbook.headers import locate
from govbudget.model import Package, TextItem, packages_frame
from govbudget.tables import match_title


def read_package(
    path: str | Path,
    *,
    year: int | None = None,
    phase: str | None = None,
    level: str | None = None,
    department: str | None = None,
) -> Package:
    """Read one disclosure workbook (.xlsx/.xlsm/.xls/.ods) or PDF into a :class:`Package`.

    A PDF (by name or by its ``%PDF`` header) is read by :func:`govbudget.ingest.pdf.read_pdf`.

    Keyword arguments override what the workbook says (see :mod:`govbudget.ingest.workbook.meta`).
    Raises an :class:`~govbudget.errors.InputError` subclass when the file cannot be read.
    """
    path = Path(path)
    if is_pdf(path):
        from govbudget.ingest.pdf import read_pdf

        return read_pdf(path, year=year, phase=phase, level=level, department=department)
    arguments = meta.argument_candidates(year, phase, level, department)
    phase_hint = next((str(c.value) for c in arguments if c.field == "phase"), None)
    package = Package(file=str(path))
    candidates: list[meta.Candidate] = []
    names: list[str] = []
    embedded: list[TextItem] = []
    for sheet in iter_sheets(path):
        names.append(sheet.name)
        grid = Grid(sheet)
        if meta.is_info_sheet(grid):
            candidates.extend(meta.info_candidates(grid))
            continue
        head = meta.first_text(grid)
        if head is not None and meta.text_id(head[2]) and match_title(head[2]) is None:
            _add_text(package, meta.narrative(grid))
            embedded.extend(meta.sections(grid))
            continue
        structure = locate(grid, phase_hint)
        if structure is not None:
            table = read_table(grid, structure, path)
            if table.id in package.tables:
                package.duplicates.append(table)
            else:
                package.tables[table.id] = table
            continue
        text = meta.narrative(grid)
        if text is not None:
            _add_text(package, text)
        else:
            candidates.extend(meta.cover_candidates(grid))
        embedded.extend(meta.sections(grid))
    for (
        item
    ) in embedded:  # a paragraph of a 概况 / 说明 / cover sheet: only where no sheet holds it
        package.texts.setdefault(item.id, item)
    package.sheets = tuple(names)
    if not package.tables:
        raise NoTablesError(
            "未找到任何标准表格（按标题和表头识别）· no standard table recognised by title and "
            "header",
            file=path,
        )
    meta.apply(package, meta.table_candidates(package) + candidates + arguments)
    return package


def _add_text(package: Package, text: TextItem | None) -> None:
    if text is None:
        return
    held = package.texts.get(text.id)
    if held is None:
        package.texts[text.id] = text
    else:
        package.texts[text.id] = TextItem(
            held.id, held.sheet, held.cell, held.title, f"{held.text}\n{text.title}\n{text.text}"
        )


def read_lines(packages: Iterable[Package]) -> pd.DataFrame:
    """The tidy lines (``docs/formats.md``) of many packages in one frame."""
    return packages_frame(packages)
