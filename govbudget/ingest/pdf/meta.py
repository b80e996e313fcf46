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
from govbudget.ingest.workbook import meta
from govbudget.ingest.workbook.engines import Sheet
from govbudget.ingest.workbook.grid import Grid, norm
from govbudget.model import Package

COVER_PAGES = 2
_TITLE_SCOPE = re.compile(r"(部门|单位)")
#: a line that is an organisation's name (上海市普陀区财政局, …委员会, …办公室)
_ORGANISATION = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,30}(?:局|委员会|委|办公室|院|厅|部|中心|所|馆|站|队|处|署|会|办|校|团)$"
)
_YEAR = re.compile(r"(?:19[89]\d|20\d\d)\s*年")
_DISTRICT = re.compile(r"^(?:[^省市]{2,8}[省市]){0,2}[^区县旗省市]{1,6}(?:区|县|旗)")
_TOWNSHIP = re.compile(r"(?:乡|镇|街道)(?:人民政府|办事处)?")
_CITY = re.compile(r"^(?:[^省]{2,8}省)?[^市]{2,8}市")


def cover_candidates(lines: list[tuple[int, Line]]) -> list[meta.Candidate]:
    """Candidates from the text of the first pages (outside tables): the cover's year, phase,
    level and 预算主管部门 line, and a line (or the text before the year) naming an
    organisation."""
    texts = [norm(line.text) for page, line in lines if page <= COVER_PAGES]
    found = meta.cover_candidates(Grid(Sheet("", [[t] for t in texts]))) if texts else []
    for text in texts:
        head = _YEAR.split(text, maxsplit=1)[0]
        if _ORGANISATION.match(head):
            found.append(meta.Candidate("department", head, "cover"))
            break
    return found


def level_candidates(package: Package) -> list[meta.Candidate]:
    """The level the department's name implies (普陀区… 区县级, 上海市财政局 市级), weakest."""
    name = norm(package.department)
    if not name:
        return []
    if _TOWNSHIP.search(name):
        level = "乡镇级"
    elif _DISTRICT.match(name):
        level = "区县级"
    elif _CITY.match(name):
        level = "市级"
    else:
        return []
    return [meta.Candidate("level", level, "title")]


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
