"""The :class:`Chart` value and the scaffolding every figure shares (title, fonts, empty state)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from govbudget.charts.format import OKABE_ITO, fmt_decimal
from govbudget.charts.labels import phase_name, t

#: Chinese-capable font stack (fonts-noto-cjk on Linux, system fonts elsewhere).
FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
PHASE_ORDER = ("budget", "final")


class Chart(NamedTuple):
    """A figure, the data table behind it (readable column names) and its plain-text title."""

    figure: go.Figure
    data: pd.DataFrame
    title: str

    def table(self) -> pd.DataFrame:
        """``data`` for printing: Decimal amounts and rates as text with thousands separators."""
        out = self.data.copy()
        for column in out.columns:
            values = out[column]
            if any(isinstance(v, Decimal) for v in values):
                out[column] = [
                    fmt_decimal(v) if isinstance(v, Decimal) else ("" if _missing(v) else v)
                    for v in values
                ]
        return out


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def who(departments: Iterable[str], lang: str) -> str:
    """One department's name, or 'city (n departments)'."""
    names = sorted({d for d in departments if d})
    if len(names) == 1:
        return names[0]
    return t("city", lang, n=len(names))


def when(years: Iterable[int], phases: Iterable[str], lang: str) -> str:
    """'2016年预算', '2014–2016 budget and final accounts', …"""
    ys = sorted({int(y) for y in years if y is not None and not pd.isna(y)})
    if not ys:
        year_text = "—"
    elif len(ys) == 1:
        year_text = str(ys[0])
    elif ys == list(range(ys[0], ys[-1] + 1)):
        year_text = f"{ys[0]}–{ys[-1]}"
    else:
        year_text = ", ".join(map(str, ys)) if lang == "en" else "、".join(map(str, ys))
    present = set(phases)
    names = [phase_name(p, lang) for p in PHASE_ORDER if p in present]
    return t("when", lang, years=year_text, phase=t("phase_and", lang).join(names))


def title_for(what: str, frame: pd.DataFrame, lang: str) -> str:
    """'<what>｜<department>，<year>年<phase>' from the lines a chart draws."""
    if frame.empty:
        return what
    departments = frame["department"].fillna(frame["package"])
    period = when(frame["year"], frame["phase"].dropna(), lang)
    return what + t("sep", lang) + t("who_when", lang, who=who(departments, lang), when=period)


@functools.cache
def _house() -> go.layout.Template:
    """plotly_white with the house fonts, colours and margins, built once per process (copying
    plotly's template for every figure was a large part of drawing a page)."""
    import plotly.io as pio

    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font={"family": FONT, "size": 13},
        hoverlabel={"font": {"family": FONT}},
        colorway=list(OKABE_ITO),
        separators=".,",
        margin={"t": 90, "l": 20, "r": 20, "b": 40},
        # above the plot, left: a legend at the side takes half of a phone's width
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
    )
    return template


def short(label: str, limit: int = 16) -> str:
    """An axis label cut to ``limit`` characters ('…'): long names squeeze a narrow plot (the
    data table and the hover keep them whole)."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def new_figure(
    title: str, subtitle: str | None = None, figure: go.Figure | None = None
) -> go.Figure:
    """A figure (new, or ``figure`` e.g. from ``make_subplots``) with the house layout.

    Only this figure's layout is set: no global template or renderer is touched."""
    figure = go.Figure() if figure is None else figure
    figure.layout.template = _house()
    figure.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        margin={"t": 90, "l": 20, "r": 20, "b": 40},
    )
    if subtitle:
        figure.update_layout(title_subtitle_text=subtitle)
    return figure


def empty_chart(what: str, columns: list[str], lang: str, note: str | None = None) -> Chart:
    """A clear 'no data' figure (or ``note``) with an empty table of the usual columns."""
    figure = new_figure(what)
    figure.add_annotation(
        text=note or t("empty", lang),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 18, "color": "#666666"},
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return Chart(figure, pd.DataFrame(columns=columns), what)
