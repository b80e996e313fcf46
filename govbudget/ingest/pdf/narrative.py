"""Narrative sections of a PDF (主要职能, 机构设置, 名词解释, 编制说明, 其他相关情况说明, …).

A section starts at a heading line: short, naming a ``tables.TEXTS`` section (after its
numbering such as ``一、`` or ``第二部分``), not a contents line with dot leaders and not a
sentence. It runs to the next heading of another section. Sections of the same id (a heading
repeated on the next page, 编制说明 split in parts) are joined. Lines before the first heading
(cover, contents) belong to no section.
"""

from __future__ import annotations

import re

from govbudget import codes
from govbudget.ingest.pdf.tables import location
from govbudget.ingest.pdf.text import Line
from govbudget.ingest.workbook.grid import norm
from govbudget.ingest.workbook.meta import text_id
from govbudget.model import TextItem

_LEADER = re.compile(r"[…\.·．]{3,}|…")
_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")
_MAX_HEADING = 24
_SUBSTANTIAL = 40  # characters: a section body shorter than this was a contents entry
_TOC_ENTRY = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]).{2,40}表$")


def heading_id(line: Line) -> str | None:
    """The ``tables.TEXTS`` id a heading line names, or None for any other line."""
    text = line.text
    if _LEADER.search(text):
        return None
    compact = _PART.sub("", norm(text))
    name = codes.clean_name(compact)
    if not name or len(name) > _MAX_HEADING or name.endswith(("。", "；", "，", ",", ";")):
        return None
    return text_id(name)


def _contents_pages(lines: list[tuple[int, Line]], ids: list[str | None]) -> set[int]:
    """Pages of a table of contents: a 目录 line, or three headings with no text between."""
    pages: set[int] = set()
    run: list[int] = []
    for (page, line), section in zip(lines, ids, strict=True):
        text = norm(line.text)
        if text in ("目录", "目次"):
            pages.add(page)
        if section is not None or _TOC_ENTRY.match(text):
            run.append(page)
            if len(run) >= 3 and len(set(run[-3:])) == 1:
                pages.add(page)
        else:
            run = []
    return pages


def sections(lines: list[tuple[int, Line]]) -> list[TextItem]:
    """TextItems of the narrative lines (page, line), in reading order, one per section id."""
    ids = [heading_id(line) for _page, line in lines]
    contents = _contents_pages(lines, ids)
    found: dict[str, TextItem] = {}
    current: str | None = None
    body: dict[str, list[str]] = {}
    for (page, line), section in zip(lines, ids, strict=True):
        if page in contents:
            continue
        if section is not None and section != current and section in found:
            if len("".join(body[section])) >= _SUBSTANTIAL:
                section = None  # a sub-heading naming an earlier section (三公经费预算情况说明)
            else:
                del found[section]  # the earlier one was a contents entry
        if section is not None:
            current = section
            if section not in found:
                found[section] = TextItem(
                    section, "", location(page, line.box), line.text.strip(), ""
                )
                body[section] = []
            else:
                body[section].append(line.text)
            continue
        if current is not None:
            body[current].append(line.text)
    return [
        TextItem(item.id, item.sheet, item.cell, item.title, "\n".join(body[item.id]))
        for item in found.values()
    ]
