"""Characters with boxes, text lines, words and ruling lines of one PDF page (pypdfium2).

Coordinates are PDF points with the origin at the page's top-left corner (y grows downwards),
the convention of the ``p{page} (x0,y0,x1,y1)`` locations. A character's box is pdfium's
*loose* box (font ascent to descent), so the characters of one printed line share their middle
whatever their glyphs and ``,`` or ``.`` stay on the line of their digits; its height is cut
to 0.8 of its loose height, or of the font size for a narrow glyph, since some producers'
fonts claim a far taller ascent and descent than they draw (two lines would overlap).
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from govbudget import tables

Box = tuple[float, float, float, float]

#: a gap wider than this share of the font size separates two words of one line
WORD_GAP = 0.45
#: a path thinner than this (points) is a ruling line, not an area
RULE_THICKNESS = 3.0
#: a loose box taller than this many widths is checked against the font size
_TALL = 1.6
_SKIP_CODES = frozenset(map(ord, " \t\r\n\ufffe\uffff\u00a0\u3000\u200b"))


class Char(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        return self.y1 - self.y0

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.y0 + self.y1) / 2


class Line:
    """Characters on one printed line, left to right; its box, text and words computed once."""

    __slots__ = ("_text", "_words", "box", "chars", "x0", "y0", "y1", "ymid")

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        self.box = box_of(chars)
        self.x0, self.y0, _x1, self.y1 = self.box
        self.ymid = (self.y0 + self.y1) / 2
        self._text: str | None = None
        self._words: list[Word] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = spaced_text(self.chars)
        return self._text

    def words(self) -> list[Word]:
        if self._words is None:
            self._words = words_of(self.chars)
        return self._words


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling segment: ``pos`` is x of a vertical or y of a horizontal line; it runs from
    ``start`` to ``end`` along the other axis."""

    pos: float
    start: float
    end: float

    def covers(self, value: float, slack: float = 1.5) -> bool:
        return self.start - slack <= value <= self.end + slack


@dataclass(slots=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(len(line.chars) for line in self.lines)


def box_of(chars: Iterable[Char]) -> Box:
    _text, x0s, y0s, x1s, y1s = zip(*chars, strict=True)
    return min(x0s), min(y0s), max(x1s), max(y1s)


def word_gap(left: Char, right: Char) -> bool:
    """A gap wider than :data:`WORD_GAP` font sizes between two characters of one line."""
    size = max(left.y1 - left.y0, right.y1 - right.y0, 1.0)
    return right.x0 - left.x1 > WORD_GAP * size


def spaced_text(chars: list[Char]) -> str:
    """Characters of one line as text, a space where a gap separates words."""
    out: list[str] = []
    for index, char in enumerate(chars):
        if index and word_gap(chars[index - 1], char):
            out.append(" ")
        out.append(char.text)
    return "".join(out)


def words_of(chars: list[Char]) -> list[Word]:
    words: list[list[Char]] = []
    for index, char in enumerate(chars):
        if index and not word_gap(chars[index - 1], char):
            words[-1].append(char)
        else:
            words.append([char])
    return [Word("".join(c.text for c in w), box_of(w)) for w in words]


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Characters -> lines: a character joins a line when it overlaps the line's first
    character vertically by at least half the smaller of the two heights."""
    lines: list[list[Char]] = []
    top = bottom = 0.0
    for char in sorted(chars, key=lambda c: (c.y0 + c.y1, c.x0)):
        y0, y1 = char.y0, char.y1
        if lines and min(y1, bottom) - max(y0, top) >= 0.5 * min(y1 - y0, bottom - top):
            lines[-1].append(char)
        else:
            lines.append([char])
            top, bottom = y0, y1
    result = []
    for members in lines:
        members.sort(key=lambda c: c.x0)
        result.append(Line(_dedupe(members)))
    return result


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop a character drawn twice at (almost) the same place (fake bold, shadow text)."""
    kept: list[Char] = []
    for char in chars:
        if (
            kept
            and char.text == kept[-1].text
            and abs(char.x0 - kept[-1].x0) < 0.25 * (char.x1 - char.x0)
        ):
            continue
        kept.append(char)
    return kept


def _unicode(textpage: pdfium_c.FPDF_TEXTPAGE, count: int) -> list[int]:
    """The code of every character, read in one call (per character if the counts differ)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written - 1 == count:
        return list(buffer[:count])
    return [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)]


def page_chars(page: pdfium.PdfPage, height: float) -> list[Char]:
    """Every visible character of a page with its loose box (top-left origin)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        chars: list[Char] = []
        rect = pdfium_c.FS_RECTF()
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        font_size = pdfium_c.FPDFText_GetFontSize
        for index, code in enumerate(_unicode(raw, count)):
            if not code or code in _SKIP_CODES:
                continue
            text = chr(code)
            if text.isspace() or not text.isprintable():
                continue
            if not loose_box(raw, index, rect):
                continue
            left, right = min(rect.left, rect.right), max(rect.left, rect.right)
            top, bottom = max(rect.top, rect.bottom), min(rect.top, rect.bottom)
            if right - left <= 0 or top - bottom <= 0:
                continue
            middle = height - (top + bottom) / 2
            tall = top - bottom
            if tall > _TALL * (right - left):  # a narrow glyph: its font may claim too much
                tall = min(tall, font_size(raw, index) or tall)
            half = tall * 0.4
            chars.append(Char(text, left, middle - half, right, middle + half))
        return chars
    finally:
        textpage.close()


def _path_bounds(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top) of the page's path objects, and of those one level
    inside form objects."""
    found = []
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    pointers = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    objects = [
        pdfium_c.FPDFPage_GetObject(page.raw, i)
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    ]
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            objects.extend(pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(obj, *pointers):
            found.append((left.value, bottom.value, right.value, top.value))
    return found


def page_rules(page: pdfium.PdfPage, height: float) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling segments drawn as path objects, collinear pieces joined."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for left, bottom, right, top in _path_bounds(page):
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        wide, tall = x1 - x0, y1 - y0
        if tall <= RULE_THICKNESS and wide > RULE_THICKNESS:
            horizontal.append(Rule((y0 + y1) / 2, x0, x1))
        elif wide <= RULE_THICKNESS and tall > RULE_THICKNESS:
            vertical.append(Rule((x0 + x1) / 2, y0, y1))
        elif wide > RULE_THICKNESS and tall > RULE_THICKNESS:
            horizontal += [Rule(y0, x0, x1), Rule(y1, x0, x1)]
            vertical += [Rule(x0, y0, y1), Rule(x1, y0, y1)]
    return _join(horizontal), _join(vertical)


def _join(rules: list[Rule], tolerance: float = 1.5) -> list[Rule]:
    rules.sort(key=lambda r: (r.pos, r.start))
    groups: list[list[Rule]] = []
    for rule in rules:
        if groups and rule.pos - groups[-1][0].pos <= tolerance:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    joined: list[Rule] = []
    for group in groups:
        pos = sum(r.pos for r in group) / len(group)
        for rule in sorted(group, key=lambda r: r.start):
            if joined and joined[-1].pos == pos and rule.start <= joined[-1].end + 2.0:
                last = joined[-1]
                joined[-1] = Rule(pos, last.start, max(last.end, rule.end))
            else:
                joined.append(Rule(pos, rule.start, rule.end))
    return joined


_DIGIT = re.compile(r"\d")
NUMBER = re.compile(r"^[(（]?[-+]?[\d,，]*\.?\d+[)）]?$")


def has_figure(line: Line) -> bool:
    """A word of the line is a number (an amount or a code)."""
    return _DIGIT.search(line.text) is not None and any(NUMBER.match(w.text) for w in line.words())


def _may_hold_table(lines: list[Line]) -> bool:
    """Two lines of figures, or a line naming a standard table: the ruling lines are worth
    reading (a page of prose needs none)."""
    if sum(map(has_figure, lines)) >= 2:
        return True
    return any(len(ln.text) <= 60 and tables.match_title(ln.text) for ln in lines)


_PAGE_NUMBER = re.compile(r"^[-—–－‐]?\s*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4})?\s*[-—–－‐]?$")


def is_page_number(line: Line, page_height: float) -> bool:
    """A page number printed in the top or bottom margin ('12', '- 12 -', '第12页', '3/25')."""
    in_margin = line.y1 > page_height * 0.9 or line.y0 < page_height * 0.06
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


def read_page(page: pdfium.PdfPage, number: int) -> PageText:
    width, height = page.get_size()
    lines = [
        line for line in group_lines(page_chars(page, height)) if not is_page_number(line, height)
    ]
    hrules, vrules = page_rules(page, height) if _may_hold_table(lines) else ([], [])
    return PageText(number, width, height, lines, hrules, vrules)
