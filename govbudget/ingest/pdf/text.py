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
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from govbudget import tables
from govbudget.ingest.pdf import raw

Box = tuple[float, float, float, float]

#: a gap wider than this share of the font size separates two words of one line
WORD_GAP = 0.45
#: a path thinner than this (points) is a ruling line, not an area
RULE_THICKNESS = 3.0
#: a rule closes a cell at a point this close (points) beyond its ends
RULE_SLACK = 1.5
#: a loose box taller than this many widths is checked against the font size
_TALL = 1.6
_DIGIT = re.compile(r"\d")
#: a word that is an amount or a code
NUMBER = re.compile(r"^[(（]?[-+]?[\d,，]*\.?\d+[)）]?$")
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
    """Characters on one printed line, left to right; its box, text, words and figure test
    computed once."""

    __slots__ = ("_figure", "_text", "_words", "box", "chars", "x0", "y0", "y1", "ymid")

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        self.box = box_of(chars)
        self.x0, self.y0, _x1, self.y1 = self.box
        self.ymid = (self.y0 + self.y1) / 2
        self._text: str | None = None
        self._words: list[Word] | None = None
        self._figure: bool | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = spaced_text(self.chars)
        return self._text

    @property
    def figure(self) -> bool:
        """A word of the line is a number (an amount or a code)."""
        if self._figure is None:
            text = self.text  # its words, separated by single spaces (no character is a space)
            self._figure = _DIGIT.search(text) is not None and any(
                map(NUMBER.match, text.split(" "))
            )
        return self._figure

    def words(self) -> list[Word]:
        if self._words is None:
            self._words = words_of(self.chars)
        return self._words


class Word(NamedTuple):
    text: str
    box: Box


class Rule(NamedTuple):
    """A ruling segment: ``pos`` is x of a vertical or y of a horizontal line; it runs from
    ``start`` to ``end`` along the other axis."""

    pos: float
    start: float
    end: float


def covered(rules: list[Rule], value: float, slack: float = RULE_SLACK) -> bool:
    """One of the rules runs past ``value`` (within ``slack`` points of its ends)."""
    return any(start - slack <= value <= end + slack for _pos, start, end in rules)


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


def box_of(chars: list[Char]) -> Box:
    _text, x0, y0, x1, y1 = chars[0]
    for _text, left, top, right, bottom in chars:  # min and max by hand: 2.5 times faster
        if left < x0:
            x0 = left
        if top < y0:
            y0 = top
        if right > x1:
            x1 = right
        if bottom > y1:
            y1 = bottom
    return x0, y0, x1, y1


def word_gap(left: Char, right: Char) -> bool:
    """A gap wider than :data:`WORD_GAP` font sizes between two characters of one line."""
    size = max(left.y1 - left.y0, right.y1 - right.y0, 1.0)
    return right.x0 - left.x1 > WORD_GAP * size


def _breaks(chars: list[Char]) -> list[int]:
    """Indexes of the characters that start a word (after the first): the :func:`word_gap`
    test inlined, since it runs for every character of a document."""
    found = []
    _t, _x0, ly0, lx1, ly1 = chars[0]
    for index in range(1, len(chars)):
        _t, x0, y0, x1, y1 = chars[index]
        size = ly1 - ly0
        if y1 - y0 > size:
            size = y1 - y0
        if x0 - lx1 > WORD_GAP * (size if size > 1.0 else 1.0):
            found.append(index)
        ly0, lx1, ly1 = y0, x1, y1
    return found


def _words(chars: list[Char]) -> list[tuple[int, int]]:
    """(start, end) indexes of the words of one line's characters."""
    return list(pairwise([0, *_breaks(chars), len(chars)])) if chars else []


def spaced_text(chars: list[Char]) -> str:
    """Characters of one line as text, a space where a gap separates words."""
    text = "".join([c[0] for c in chars])
    return " ".join([text[start:end] for start, end in _words(chars)])


def words_of(chars: list[Char]) -> list[Word]:
    text = "".join([c[0] for c in chars])
    return [Word(text[start:end], box_of(chars[start:end])) for start, end in _words(chars)]


def _reading_order(char: Char) -> tuple[float, float]:
    return char[2] + char[4], char[1]  # top to bottom (by the middle), then left to right


def group_lines(chars: list[Char]) -> list[Line]:
    """Characters -> lines: a character joins a line when it overlaps the line's tallest
    character so far vertically by at least half the smaller of the two heights (a flat
    glyph such as 一 has a short box)."""
    lines: list[list[Char]] = []
    members: list[Char] = []
    top = bottom = 0.0
    for char in sorted(chars, key=_reading_order):
        y0, y1 = char[2], char[4]
        overlap = (y1 if y1 < bottom else bottom) - (y0 if y0 > top else top)
        smaller = y1 - y0 if y1 - y0 < bottom - top else bottom - top
        if members and overlap >= 0.5 * smaller:
            members.append(char)
            if y1 - y0 > bottom - top:
                top, bottom = y0, y1
        else:
            members = [char]
            lines.append(members)
            top, bottom = y0, y1
    by_x = itemgetter(1)
    result = []
    for members in lines:
        members.sort(key=by_x)
        result.append(Line(_dedupe(members)))
    return result


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop a character drawn twice at (almost) the same place (fake bold, shadow text)."""
    kept = [chars[0]]
    last_text, last_x0 = chars[0][0], chars[0][1]
    for char in chars[1:]:
        text, x0, _y0, x1, _y1 = char
        if text == last_text and abs(x0 - last_x0) < 0.25 * (x1 - x0):
            continue
        kept.append(char)
        last_text, last_x0 = text, x0
    return kept


def _unicode(textpage: pdfium_c.FPDF_TEXTPAGE, count: int) -> list[int]:
    """The code of every character, read in one call (per character if the counts differ)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written - 1 == count:
        return buffer[:count]
    return [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)]


def _visible(code: int) -> bool:
    if not code or code in _SKIP_CODES:
        return False
    text = chr(code)
    return not text.isspace() and text.isprintable()


def page_chars(page: pdfium.PdfPage, height: float) -> list[Char]:
    """Every visible character of a page with its loose box (top-left origin).

    One ctypes call per character (its box) and one per narrow glyph (its font size): the
    loop is written flat, since it runs for every character of a document."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        codes = _unicode(handle, pdfium_c.FPDFText_CountChars(handle))
        texts = {code: chr(code) for code in set(codes) if _visible(code)}
        chars: list[Char] = []
        append = chars.append
        rect = pdfium_c.FS_RECTF()
        rect_at = ctypes.byref(rect)
        loose_box, font_size = raw.loose_char_box, raw.font_size
        new = tuple.__new__
        for index, code in enumerate(codes):
            text = texts.get(code)
            if text is None or not loose_box(handle, index, rect_at):
                continue
            left, right, top, bottom = rect.left, rect.right, rect.top, rect.bottom
            if left > right:
                left, right = right, left
            if bottom > top:
                top, bottom = bottom, top
            wide, tall = right - left, top - bottom
            if wide <= 0 or tall <= 0:
                continue
            middle = height - (top + bottom) / 2
            if tall > _TALL * wide:  # a narrow glyph: its font may claim too much
                tall = min(tall, font_size(handle, index) or tall)
            half = tall * 0.4
            append(new(Char, (text, left, middle - half, right, middle + half)))
        return chars
    finally:
        textpage.close()


def _path_bounds(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top) of the page's path objects, and of those one level
    inside form objects."""
    found = []
    left, bottom, right, top = bounds = [ctypes.c_float() for _ in range(4)]
    pointers = [ctypes.byref(value) for value in bounds]
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = [raw.page_object(page.raw, i) for i in range(count)]
    kinds = list(map(raw.object_type, objects))
    for obj, kind in zip(objects, kinds, strict=True):  # a form object adds to both lists
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = range(raw.form_count(obj))
            objects.extend(raw.form_object(obj, ctypes.c_ulong(i)) for i in inner)
            kinds.extend(map(raw.object_type, objects[len(kinds) :]))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and raw.object_bounds(obj, *pointers):
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
    rules.sort(key=itemgetter(0, 1))
    groups: list[list[Rule]] = []
    for rule in rules:
        if groups and rule[0] - groups[-1][0][0] <= tolerance:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    joined: list[Rule] = []
    for group in groups:
        pos = sum(r[0] for r in group) / len(group)
        group.sort(key=itemgetter(1))
        _pos, start, end = group[0]
        for _pos, left, right in group[1:]:
            if left <= end + 2.0:
                end = max(end, right)
            else:
                joined.append(Rule(pos, start, end))
                start, end = left, right
        joined.append(Rule(pos, start, end))
    return joined


def _may_hold_table(lines: list[Line]) -> bool:
    """Two lines of figures, a line of figures on a page of at most two sentences (the last row
    of a table continued from the page before, and its note), or a line naming a standard
    table: the ruling lines are worth reading (a page of prose needs none)."""
    figures = sum(line.figure for line in lines)
    if figures >= 2 or (figures and sum("。" in line.text for line in lines) <= 2):
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
