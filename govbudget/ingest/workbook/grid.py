"""A sheet as a grid: cell values, merged-range look-ups and normalised text.

Rows and columns are 0-based here; :func:`govbudget.ingest.workbook.engines.a1` turns them into the
A1 references the package model stores.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TypeGuard

from govbudget.ingest.workbook.engines import Sheet, a1

_SPACES = re.compile(r"[\s\u3000\xa0]+")
_NOISE = (
    ("（", "("),
    ("）", ")"),
    ("：", ":"),
    ("“", ""),
    ("”", ""),
    ('"', ""),
    ("‘", ""),
    ("’", ""),
)


def norm(text: object) -> str:
    """Text for matching: no spaces or line breaks, half-width parentheses and colon, no quotes."""
    if text is None:
        return ""
    text = _SPACES.sub("", str(text))
    for old, new in _NOISE:  # str.replace: faster than str.translate on Chinese text
        text = text.replace(old, new)
    return text


def cell_text(value: object) -> str:
    """A cell value as display text ('' for empty; 205.0 -> '205'; dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Grid:
    """Read access to one sheet's cells, with merged ranges resolved on demand."""

    def __init__(self, sheet: Sheet) -> None:
        self.name = sheet.name
        self.rows = sheet.rows
        self.nrows = len(sheet.rows)
        self.ncols = max((len(row) for row in sheet.rows), default=0)
        self.uncalculated = sheet.uncalculated
        self.merged = [
            (r0, c0, min(r1, self.nrows - 1), min(c1, self.ncols - 1))
            for r0, c0, r1, c1 in sheet.merged
            if r0 < self.nrows and c0 < self.ncols
        ]
        self._row_ranges = cache(self._ranges_on_row)
        self._texts: dict[int, list[tuple[int, str]]] = {}

    def value(self, row: int, col: int) -> object:
        if row >= self.nrows:
            return None
        cells = self.rows[row]
        return cells[col] if col < len(cells) else None

    def text(self, row: int, col: int) -> str:
        return cell_text(self.value(row, col))

    def _ranges_on_row(self, row: int) -> tuple[tuple[int, int, int, int], ...]:
        return tuple(m for m in self.merged if m[0] <= row <= m[2])

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merged range covering (row, col), or the cell itself."""
        if not self.merged:
            return row, col
        for r0, c0, _r1, c1 in self._row_ranges(row):
            if c0 <= col <= c1:
                return r0, c0
        return row, col

    def filled(self, row: int, col: int) -> object:
        """The value shown at (row, col): a merged range shows its top-left value everywhere."""
        if self.merged and self._row_ranges(row):
            return self.value(*self.anchor(row, col))
        return self.value(row, col)

    def texts(self, row: int) -> list[tuple[int, str]]:
        """Non-empty cells of a row as (column, display text)."""
        found = self._texts.get(row)
        if found is None:
            cells = self.rows[row] if row < self.nrows else []
            found = [(c, t) for c, v in enumerate(cells) if v is not None and (t := cell_text(v))]
            self._texts[row] = found
        return found

    def is_blank(self, row: int) -> bool:
        return not self.texts(row)

    def ref(self, row: int, col: int) -> str:
        return a1(row, col)
