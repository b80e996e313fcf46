"""What the report notebooks call, so that they stay thin: load, then show.

The loaders and tables come from :mod:`govbudget.reporting` (re-exported here, so a notebook
needs one import); this module shows them: :func:`setup`, :func:`heading`,
:func:`show_department_title`, :func:`show_city_title`, :func:`show_findings` (errors first,
with cell references), :func:`show_chart` (a chart and the data table under it),
:func:`show_table`.

Charts are shown as a ``text/html`` output (a ``<div>`` and a ``Plotly.newPlot`` call relying on
a page-wide plotly.js, see :mod:`govbudget.outputs.report_site.site`) plus the plotly JSON mimetype that JupyterLab
renders itself. Every label exists in Chinese and English (``lang`` 'zh' or 'en').
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from govbudget.money import format_amount
from govbudget.reporting import (
    CityData,
    DepartmentData,
    blocking,
    city_cards,
    department_cards,
    findings_table,
    load_city,
    load_department,
    phase_label,
    t,
    three_public_by_department,
    totals,
)


def _display(obj: Any, raw: bool = False) -> None:
    from IPython.display import display

    display(obj, raw=raw)


def _html(markup: str) -> None:
    _display({"text/html": markup}, raw=True)


def fmt_yuan(value: Decimal | int | None) -> str:
    """Exact 元 amount as text with thousands separators ('' for None)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    fen = int((Decimal(value) * 100).to_integral_value())
    return format_amount(fen, "元", 2)


# --- HTML ----------------------------------------------------------------------------------


#: formatted amounts and rates ('2,166.62', '-1.48', '12,000'), not codes ('30101')
_NUMBER_TEXT = re.compile(r"^[-+]?\d[\d,]*\.\d+%?$|^[-+]?\d{1,3}(,\d{3})+%?$")


#: columns of years, codes, rows and other numbers that are names, not quantities: no separators
_PLAIN_COLUMN = re.compile(
    r"(?i)^(year|years|年度|年份|年|row|行|行号|code|科目编码|编码|序号|no\.?|id|depth|层级)$"
)


def _cell(value: object, plain: bool = False) -> str:
    if isinstance(value, str) and _NUMBER_TEXT.match(value):
        return f'<td class="n">{html.escape(value)}'
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        exact = isinstance(exponent, int) and exponent >= -2
        return f'<td class="n">{fmt_yuan(value) if exact else value}'
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        value = value.item()
    if isinstance(value, int) and not isinstance(value, bool) and plain:
        return f'<td class="n">{value}'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{"" if value != value else html.escape(f"{value:,}")}'
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "<td>"
    text = str(value)
    wrap = ' class="w"' if len(text) > 30 else ""  # long text wraps, short cells stay on a line
    return f"<td{wrap}>{html.escape(text)}"


def table_html(frame: pd.DataFrame, *, row_classes: Sequence[str] | None = None) -> str:
    """A DataFrame as a compact HTML table (escaped; amounts right-aligned, exact)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    plain = [bool(_PLAIN_COLUMN.match(str(c).strip())) for c in frame.columns]
    rows = []
    for index, values in enumerate(frame.itertuples(index=False)):
        css = f' class="{row_classes[index]}"' if row_classes else ""
        cells = "".join(_cell(v, p) for v, p in zip(values, plain, strict=True))
        rows.append(f"<tr{css}>{cells}</tr>")
    return f'<table class="gb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def chart_bundle(chart: Any, lang: str = "zh", key: str = "chart",
                 description: str = "") -> dict[str, Any]:  # fmt: skip
    """The outputs of a chart (a :class:`~govbudget.charts.Chart` or a page model
    :class:`~govbudget.views.ChartView`): the shared HTML of the dashboard and the static site
    (caption, plot, data table, CSV) for exported pages, plotly JSON for JupyterLab."""
    from govbudget.outputs.dashboard.html import chart_html
    from govbudget.views import ChartView, Selection

    item = chart if isinstance(chart, ChartView) else ChartView(key, chart, description)
    figure = item.chart.figure
    _COUNTER[0] += 1
    markup = chart_html(item, f"gb-chart-{item.key}-{_COUNTER[0]}", selection=Selection(lang=lang))
    return {"text/html": markup, "application/vnd.plotly.v1+json": json.loads(figure.to_json())}


_COUNTER = [0]  # element ids unique within a notebook


def headline_html(cards: Sequence[tuple[str, str]]) -> str:
    """Figure cards: ``(label, value)`` pairs."""
    items = "".join(f'<div class="gb-card"><div class="gb-label">{html.escape(label)}</div>'
                    f'<div class="gb-figure">{html.escape(value)}</div></div>'
                    for label, value in cards)  # fmt: skip
    return f'<div class="gb-cards">{items}</div>'


# --- showing -------------------------------------------------------------------------------


def setup(lang: str = "zh") -> None:
    """First call of a report notebook: the one stylesheet of every govbudget page."""
    from govbudget.outputs.static_site import CSS

    _html(f"<style>{CSS.read_text('utf-8')}</style>")


def heading(key: str, lang: str = "zh", level: int = 2, **values: object) -> None:
    """A section heading in ``lang``."""
    _html(f"<h{level}>{html.escape(t(key, lang, **values))}</h{level}>")


def show_table(frame: pd.DataFrame, *, caption: str = "", limit: int | None = None,
               lang: str = "zh") -> None:  # fmt: skip
    """Show a table (at most ``limit`` rows, saying how many more there are)."""
    shown = frame if limit is None else frame.head(limit)
    classes = frame.attrs.get("severity")
    classes = [f"gb-{s}" for s in classes[: len(shown)]] if classes else None
    parts = [f'<p class="gb-caption">{html.escape(caption)}</p>'] if caption else []
    parts.append(table_html(shown, row_classes=classes))
    if len(frame) > len(shown):
        parts.append(f'<p class="gb-caption">{t("more_rows", lang, n=len(frame) - len(shown))}</p>')
    _html("".join(parts))


def show_chart(chart: Any, *, lang: str = "zh") -> None:
    """Show a chart with its caption, its data table and its CSV download."""
    _display(chart_bundle(chart, lang), raw=True)


def show_charts(view: Any) -> None:
    """Show the charts of a page model :class:`~govbudget.views.View`, in its order."""
    for item in view.charts:
        _display(chart_bundle(item, view.selection.lang), raw=True)


def show_department_title(data: DepartmentData, lang: str = "zh") -> None:
    """The report's title, the workbook it reads and the department's headline figures."""
    package = data.package
    title = t("department_report", lang, department=data.department, year=package.year or "",
              phase=phase_label(package.phase, lang))  # fmt: skip
    facts = " · ".join(str(v) for v in (Path(package.file).name, package.level) if v)
    _html(f'<h1>{html.escape(title)}</h1><p class="gb-caption">{html.escape(facts)}</p>')
    show_headline(*department_cards(data, lang))
    if data.failures:
        heading("unreadable", lang, level=3)
        _html("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in data.failures) + "</ul>")


def show_city_title(city: CityData, lang: str = "zh") -> None:
    """The overview's title, its headline figures and the workbooks that could not be read."""
    title = t("city_overview", lang, year=city.year or "", phase=phase_label(city.phase, lang))
    _html(f"<h1>{html.escape(title)}</h1>")
    show_headline(city_cards(city, lang))
    if not city.failed.empty:
        heading("unreadable", lang, level=3)
        items = "".join(
            f"<li>{html.escape(f'{file}: {message}')}</li>"
            for file, message in city.failed.itertuples(index=False)
        )
        _html(f"<ul>{items}</ul>")


def show_headline(cards: Sequence[tuple[str, str]], sentence: str = "") -> None:
    """Show figure cards and an optional sentence under them."""
    _html(headline_html(cards) + (f"<p>{html.escape(sentence)}</p>" if sentence else ""))


def show_findings(findings: pd.DataFrame, lang: str = "zh", *, score: float | None = None,
                  limit: int = 200) -> None:  # fmt: skip
    """Counts per severity, then the findings table, errors first, with cell references."""
    counts = findings["severity"].value_counts() if not findings.empty else pd.Series(dtype=int)
    line = t("findings_count", lang, errors=counts.get("error", 0),
             warnings=counts.get("warning", 0), infos=counts.get("info", 0),
             score="—" if score is None else f"{score:.1f}")  # fmt: skip
    _html(f"<p>{html.escape(line)}</p>")
    if findings.empty:
        _html(f"<p>{t('no_findings', lang)}</p>")
        return
    show_table(findings_table(findings, lang), limit=limit, lang=lang)


def show_feedback(data: DepartmentData, out: str | Path, lang: str = "zh") -> Path | None:
    """Write the department's feedback workbook into ``out`` (when given) and say where."""
    if not out:
        return None
    from govbudget.feedback import write_feedback_copy
    from govbudget.findings import findings_of

    path = write_feedback_copy(Path(data.package.file), findings_of(data.findings), Path(out))
    _html(f"<p>{html.escape(t('feedback', lang))}<code>{html.escape(str(path))}</code></p>")
    return path


__all__ = [
    "CityData",
    "DepartmentData",
    "blocking",
    "chart_bundle",
    "city_cards",
    "department_cards",
    "findings_table",
    "fmt_yuan",
    "heading",
    "headline_html",
    "load_city",
    "load_department",
    "setup",
    "show_chart",
    "show_charts",
    "show_city_title",
    "show_department_title",
    "show_feedback",
    "show_findings",
    "show_headline",
    "show_table",
    "t",
    "table_html",
    "three_public_by_department",
    "totals",
]
