"""Classification codes: the three layouts of disclosures normalised to one digit string.

* split columns 类 | 款 | 项 (``205 | 02 | 05``; 类 may be a number, 款/项 may have lost
  their leading zero when a workbook stored them as numbers);
* one column (``2050205``);
* glued to the name (``2050205高等教育``, ``20138 市场监督管理事务``).

Functional codes (支出功能分类) start with 2 and have 3/5/7 digits (类/款/项); departmental
economic codes (部门预算支出经济分类) start with 3, government economic codes
(政府预算支出经济分类) with 5, both 3/5 digits (类/款).
"""

from __future__ import annotations

import re

SCHEMES = ("functional", "economic_dept", "economic_gov")
_PREFIX = {"2": "functional", "3": "economic_dept", "5": "economic_gov"}
_LEVELS = {
    "functional": {3: 1, 5: 2, 7: 3},
    "economic_dept": {3: 1, 5: 2},
    "economic_gov": {3: 1, 5: 2},
}

_GLUED = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})(?!\d)\s*[\.、．]?\s*(.*)$", re.S)
_NUMBERING = re.compile(  # one mark a loop strips: '其中：', '一、', '（二）', '(3)', '4.'
    r"^\s*(?:其中[:：]|[（(]?[一二三四五六七八九十百]+[)）、.．]|[（(]\d+[)）]|\d+[、.．)）](?!\d))\s*"
)
_SPACES = re.compile(r"[\s\u3000\xa0]+")


def clean_name(text: object) -> str:
    """Strip indentation, numbering (``一、``, ``（二）``, ``1.``) and ``其中：`` from a name."""
    if text is None:
        return ""
    name = str(text).strip()
    previous = None
    while previous != name:
        previous = name
        name = _NUMBERING.sub("", name, count=1).strip()
    return _SPACES.sub(" ", name).strip()


def _digits(value: object, width: int | None = None) -> str | None:
    """A code part as digit text: 205 -> '205', 2.0 -> '2', '02' -> '02'; width zero-pads."""
    if value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip().replace(" ", "")
    if not text.isdigit() or not text.isascii():
        return None
    if width and len(text) < width:
        text = text.zfill(width)
    return text


def join_split(lei: object, kuan: object = None, xiang: object = None) -> str | None:
    """Join 类 | 款 | 项 cells into one code. Returns None when the 类 cell holds no code.

    ``join_split(205, 2, 5) == '2050205'``; a 款 or 项 cell that already repeats the whole
    prefix (``20502``) is accepted too. Only a *number* is zero-padded to two digits (a
    workbook storing 款 ``05`` as a number shows 5); a text cell keeps its leading zeros, so
    text ``'5'`` stays one digit and the code comes out malformed (CAT003), as published.
    """
    head = _digits(lei)
    if head is None:
        return None
    code = head
    for part in (kuan, xiang):
        if part is None or (isinstance(part, str) and not part.strip()):
            break
        digits = _digits(part, 2 if isinstance(part, int | float) else None)
        if digits is None:
            break
        code = digits if digits.startswith(code) and len(digits) > len(code) else code + digits
    return code


def split_glued(text: object) -> tuple[str | None, str]:
    """``'2050205高等教育'`` -> ``('2050205', '高等教育')``; no code -> ``(None, clean name)``."""
    if text is None:
        return None, ""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return _digits(text), ""
    match = _GLUED.match(str(text))
    if match and match.group(1)[0] in _PREFIX:
        return match.group(1), clean_name(match.group(2))
    return None, clean_name(text)


def scheme_of(code: str) -> str | None:
    """Scheme from the first digit: 2 functional, 3 departmental economic, 5 government economic."""
    return _PREFIX.get(code[:1]) if code else None


def depth_of(code: str, scheme: str | None = None) -> int | None:
    """1 类 / 2 款 / 3 项 from the code length, or None when the length does not fit the scheme."""
    scheme = scheme or scheme_of(code)
    if scheme is None:
        return None
    return _LEVELS[scheme].get(len(code))


def parent_of(code: str) -> str | None:
    """Parent code (项 -> 款 -> 类), None for a 类."""
    return code[:-2] if len(code) > 3 else None


def is_well_formed(code: str, scheme: str | None = None) -> bool:
    """Digits only, a known scheme prefix, a length that fits the scheme (CAT003)."""
    if not code or not code.isdigit() or not code.isascii():
        return False
    found = scheme_of(code)
    if found is None or (scheme is not None and found != scheme):
        return False
    return depth_of(code, found) is not None
