"""Exact money: amounts are integer 分 (fen); units 元 / 万元 / 亿元 convert explicitly.

No binary floating point touches an amount: cell values are parsed through ``Decimal``
(a float from a workbook is taken at its shortest ``repr``, i.e. what Excel displays).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: fen per unit
UNIT_FEN: dict[str, int] = {"元": 100, "万元": 1_000_000, "亿元": 10_000_000_000}
UNIT_EN: dict[str, str] = {"元": "yuan", "万元": "10k yuan", "亿元": "100m yuan"}

#: cell contents meaning "no amount"
BLANKS = frozenset({"", "-", "—", "－", "--", "——", "/", "…", "...", "无"})

#: ASCII digits only (full-width ones are translated first): Arabic-Indic ``٣٤٥`` is not an amount
_NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
_STRIP = str.maketrans(
    {",": None, "，": None, " ": None, "\u3000": None, "\xa0": None, "¥": None, "￥": None}
)


#: the largest amount read, in fen: 10^15 元, far beyond any budget (a whole country's is
#: about 10^13 元); a larger cell (``1e30``) is VAL001 at its cell, not an arithmetic overflow
MAX_FEN = 10**17
TOO_LARGE = "金额过大 · too large"


class NotANumber(ValueError):
    """A cell that should hold an amount holds something else (text, a date, …)."""


def check_bound(fen: int) -> int:
    """``fen`` unchanged, or :class:`NotANumber` when it is beyond :data:`MAX_FEN`."""
    if abs(fen) > MAX_FEN:
        raise NotANumber(TOO_LARGE)
    return fen


def parse_decimal(value: object) -> Decimal | None:
    """Cell value -> Decimal in the table's own unit; None for blank / '-' cells.

    Accepts ints, floats (taken at their shortest repr), Decimals and text with thousands
    separators, full-width digits, a trailing unit word or parentheses for negatives.
    Raises :class:`NotANumber` for anything else (dates, words, booleans).
    """
    if value is None:
        return None
    if isinstance(value, bool | _dt.date | _dt.time | _dt.timedelta):
        raise NotANumber(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(repr(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if text in BLANKS:
        return None
    text = text.translate(_FULLWIDTH).translate(_STRIP)
    for suffix in ("亿元", "万元", "元"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if text in BLANKS:
        return None
    if not _NUM_RE.match(text):
        raise NotANumber(str(value)[:80])
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise NotANumber(str(value)[:80]) from exc
    return -number if negative else number


def decimals_of(number: Decimal) -> int:
    """Number of decimal places as published (``Decimal('1.50')`` -> 2, ``Decimal('30')`` -> 0)."""
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def to_fen(number: Decimal, unit: str = "元") -> int:
    """Amount in ``unit`` -> integer fen, rounded half-up to the fen."""
    fen = number * UNIT_FEN[unit]
    return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> Decimal:
    """Integer fen -> Decimal yuan with two places (exact)."""
    return Decimal(fen).scaleb(-2).quantize(Decimal("0.01"))


def fen_to_unit(fen: int, unit: str) -> Decimal:
    """Integer fen -> Decimal in ``unit`` (exact; 万元 keeps 6 places, 亿元 10)."""
    return Decimal(fen).scaleb(-places_of(unit))


@functools.cache
def step_fen(unit: str, decimals: int) -> int:
    """The published rounding step in fen: one unit of the last published decimal place.

    ``step_fen('万元', 2) == 10_000`` (0.01 万元 = 100 元). Never below one fen.
    """
    return max(1, UNIT_FEN[unit] // 10**decimals)


def format_amount(fen: int, unit: str = "万元", places: int = 2) -> str:
    """Chinese-style display: thousands separators, fixed places, in ``unit``."""
    value = fen_to_unit(fen, unit).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value:,.{places}f}"


def places_of(unit: str) -> int:
    """Decimal places that reach one fen in ``unit`` (元 2, 万元 6, 亿元 10)."""
    return len(str(UNIT_FEN[unit])) - 1


def read_amount(value: object, unit: str = "元") -> tuple[int, int] | None:
    """Cell value in ``unit`` -> ``(fen, published decimals)``; None for a blank cell.

    Float noise from formulas (``0.30000000000000004``) is rounded to the fen, and the
    published decimals are capped at the fen resolution of the unit.
    Raises :class:`NotANumber` for a cell that is not an amount.
    """
    number = parse_decimal(value)
    if number is None:
        return None
    if not number.is_finite() or number.adjusted() + places_of(unit) > len(str(MAX_FEN)):
        raise NotANumber(TOO_LARGE)
    return check_bound(to_fen(number, unit)), min(decimals_of(number), places_of(unit))
