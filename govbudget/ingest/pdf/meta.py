"""Package metadata of a PDF: the cover page and the tables' titles.

The first pages' text outside tables is read as a cover (``read.meta.cover_candidates``:
``上海市普陀区2026年区级部门预算``, ``预算主管部门：…``); the tables' titles and 编制部门 lines
add year, phase and department (``read.meta.table_candidates``). Whether the package is a
部门 or a 单位 package comes from the cover, else from the titles (``预算单位…总表``).
"""

from __future__ import annotations

import re
from collections import Counter

from govbudget.ingest.pdf.text import Line
from govbudget.model import Package
from govbudget.read import meta
from govbudget.read.engines import Sheet
from govbudget.read.grid import Grid, norm

COVER_PAGES = 2
_TITLE_SCOPE = re.compile(r"(部门|单位)")


def cover_candidates(lines: list[tuple[int, Line]]) -> list[meta.Candidate]:
    """Candidates from the text of the first pages (outside tables)."""
    rows: list[list[object]] = [[line.text] for page, line in lines if page <= COVER_PAGES]
    return meta.cover_candidates(Grid(Sheet("", rows))) if rows else []


def scope_candidates(package: Package) -> list[meta.Candidate]:
    """部门 / 单位 from the tables' titles (the most common word before the table name)."""
    found: Counter[str] = Counter()
    for table in package.tables.values():
        title = norm(table.title)
        if match := _TITLE_SCOPE.search(title):
            found[match.group(1)] += 1
    if not found:
        return []
    return [meta.Candidate("scope", found.most_common(1)[0][0], "title")]
