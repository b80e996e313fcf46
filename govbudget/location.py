"""Where a figure was read: an A1 cell of a workbook sheet, or a box on a page of a PDF.

A figure read from a PDF keeps its place in the usual ``cell`` fields as the string
``p{page} ({x0},{y0},{x1},{y1})``: page 1-based, box in PDF points rounded to one decimal,
origin at the top-left of the page (e.g. ``p14 (56.7,120.3,98.2,131.0)``). These helpers write
and read that string, so findings can carry ``page`` and ``bbox``.
"""

from __future__ import annotations

import re

BBox = tuple[float, float, float, float]

_NUMBER = r"\s*(-?\d+(?:\.\d+)?)\s*"
_PDF_CELL = re.compile(rf"p(\d+)\s*\({_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}\)")


def pdf_cell(page: int, bbox: tuple[float, float, float, float]) -> str:
    """The ``cell`` text of a box on a PDF page: ``p14 (56.7,120.3,98.2,131.0)``."""
    if page < 1:
        raise ValueError(f"page numbers start at 1: {page}")
    x0, y0, x1, y1 = (round(float(v), 1) for v in bbox)
    return f"p{page} ({x0:.1f},{y0:.1f},{x1:.1f},{y1:.1f})"


def parse_pdf_cell(cell: str | None) -> tuple[int, BBox] | None:
    """``'p14 (56.7,120.3,98.2,131.0)'`` -> ``(14, (56.7, 120.3, 98.2, 131.0))``; None for an
    A1 reference, an empty cell or anything else."""
    if not cell:
        return None
    found = _PDF_CELL.fullmatch(cell.strip())
    if found is None or int(found.group(1)) < 1:
        return None
    x0, y0, x1, y1 = (float(found.group(i)) for i in range(2, 6))
    return int(found.group(1)), (x0, y0, x1, y1)


def is_pdf_file(path: object) -> bool:
    """Is this input a PDF (by its suffix)?"""
    return str(path).lower().endswith(".pdf")
