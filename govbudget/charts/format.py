"""Numbers the Chinese way (万元, thousands separators) and a colour-blind-safe palette.

Amounts stay integer fen until the last step: :func:`wan_exact` gives the exact Decimal for data
tables, :func:`fmt_wan` the display text, and only :func:`wan` (for plotting) returns a float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from govbudget.money import format_amount

#: Okabe & Ito (2008) colour-blind-safe qualitative palette (black left out: it hides text).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#999999",  # grey
)
#: Colour for "other" / "not itemised" parts.
GREY = "#BBBBBB"
#: Sequential scale for counts (cividis is built for colour-vision deficiency).
SEQUENTIAL = "cividis"
#: Under / on / over plan (execution): blue, grey, vermilion.
UNDER, ON_PLAN, OVER = "#0072B2", "#999999", "#D55E00"

_CENT = Decimal("0.01")
_TEN_THOUSAND_FEN = 1_000_000


def colour(index: int) -> str:
    """The palette colour for the ``index``-th category (cycling)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def rgba(hex_colour: str, alpha: float) -> str:
    """``#RRGGBB`` -> ``rgba(r,g,b,alpha)`` (for translucent Sankey links)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def wan(fen: int) -> float:
    """Fen -> 万元 as a float, for drawing only."""
    return fen / _TEN_THOUSAND_FEN


def wan_exact(fen: int) -> Decimal:
    """Fen -> exact 万元 (at least two places, no trailing zeros beyond them)."""
    value = Decimal(fen).scaleb(-6)
    two = value.quantize(_CENT)
    return two if two == value else value.normalize()


def fmt_wan(fen: int) -> str:
    """Fen -> ``'12,345.68'`` (万元, two places, half-up)."""
    return format_amount(fen, "万元", 2)


def pct_exact(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in per cent, two places half-up; None when ``whole`` is zero."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_CENT, rounding=ROUND_HALF_UP)


def fmt_pct(part: int, whole: int, places: int = 1) -> str:
    """``part / whole`` as ``'12.3%'``; ``'—'`` when ``whole`` is zero."""
    if whole == 0:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return f"{value:,.{places}f}%"


def fmt_decimal(value: Decimal, places: int = 2) -> str:
    """Decimal -> text with thousands separators and ``places`` decimals (half-up)."""
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"
