"""HTML fragments of a view, shared by the dashboard and the static site; all text escaped."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable

from govbudget.outputs.dashboard.common import Selection
from govbudget.outputs.dashboard.texts import phase_label, text
from govbudget.views import ChartView, View, lines_csv

#: Most findings listed on a page (the rest are counted).
MAX_FINDINGS = 30


def escape(value: object) -> str:
    """Text for HTML content or a quoted attribute (``None`` -> empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def headline_html(view: View) -> str:
    """The department's name and the view's headline cards, escaped."""
    lang, sel = view.selection.lang, view.selection
    who = text("city", lang) if sel.department is None else sel.department
    when = f"{sel.year}{'年' if lang == 'zh' else ' '}{phase_label(sel.phase, lang)}"
    items = "".join(
        f'<div class="gb-card"><div class="gb-label">{escape(card.label)}</div>'
        f'<div class="gb-figure gb-{card.key}">{escape(card.value)}</div></div>'
        for card in view.cards
    )
    return (
        f'<h2 class="gb-who">{escape(who)} · {escape(when)}</h2><div class="gb-cards">{items}</div>'
    )


def findings_html(view: View) -> str:
    """The score and the findings in plain words (errors first), escaped."""
    lang, sel = view.selection.lang, view.selection
    counts = text("counts", lang, errors=view.errors, warnings=view.warnings)
    if sel.department is None:
        score = "—" if view.score is None else f"{view.score:.1f}"
        head = (
            f'<p class="gb-score">{escape(text("score_city", lang))}: <b>{escape(score)}</b> · '
            f"{escape(text('packages', lang, n=view.packages))} · {escape(counts)}</p>"
        )
        rows = "".join(
            f"<li>{escape(r.department)}: {r.score:.1f} ({escape(text('counts', lang, errors=r.errors, warnings=r.warnings))})</li>"
            for r in view.lowest.itertuples()
        )
        if not view.packages:
            return head
        lowest = (
            f'<p class="gb-note">{escape(text("lowest_note", lang))}</p><ul>{rows}</ul>'
            if rows
            else f"<p>{escape(text('lowest_none', lang))}</p>"
        )
        return f"{head}<h3>{escape(text('lowest', lang))}</h3>{lowest}"
    score = "—" if view.score is None else f"{view.score:.1f}"
    head = f'<p class="gb-score">{escape(text("score", lang))}: <b>{escape(score)}</b> / 100 · {escape(counts)}</p>'
    message = "message_zh" if lang == "zh" else "message_en"
    items = []
    for f in view.findings.head(MAX_FINDINGS).itertuples():
        where = text("where", lang, sheet=f.sheet or "", cell=f.cell or "").strip()
        place = f' <span class="gb-where">({escape(where)})</span>' if where else ""
        label = text(f.severity if f.severity in ("error", "warning") else "info", lang)
        items.append(
            f'<li class="gb-{escape(f.severity)}"><b>{escape(label)}</b> {escape(getattr(f, message))}{place}</li>'
        )
    more = len(view.findings) - MAX_FINDINGS
    tail = f"<p>{escape(text('more', lang, n=more))}</p>" if more > 0 else ""
    body = (
        f'<ul class="gb-findings">{"".join(items)}</ul>'
        if items
        else f"<p>{escape(text('no_findings', lang))}</p>"
    )
    return f"{head}<h3>{escape(text('findings', lang))}</h3>{body}{tail}"


def download_name(selection: Selection) -> str:
    who = "city" if selection.department is None else re.sub(r"[^\w-]+", "_", selection.department)
    return f"{who}_{selection.year}_{selection.phase}.csv"


def download_html(view: View, href: str | None = None) -> str:
    """The "download the data" link: ``href``, or the CSV itself as a data: URL."""
    if href is None:
        href = csv_data_url(lines_csv(view.lines))
    return (
        f'<a class="gb-download" download="{escape(download_name(view.selection))}" '
        f'href="{escape(href)}">{escape(text("download", view.selection.lang))}</a>'
    )


#: Draw a figure when its box comes near the screen (charts further down wait until scrolled to,
#: so the first ones show sooner) and once plotly.js, loaded ``async``, is there; redraw it
#: whenever its box changes width (a phone turned). Printing draws every chart at most the
#: width of A4 portrait (186 mm between the margins: ``PRINT_WIDTH`` px), and back after. The
#: title is the HTML caption above the plot (it wraps on a phone), so the figure's own is left
#: out. ``%(id)s``: the div id (JSON); ``%(figure)s``: its JSON.
PRINT_WIDTH = 690
_DRAW = """(function () {
var id = %(id)s, figure = %(figure)s, gd = document.getElementById(id), printing = false;
if (!gd) { return; }
var layout = figure.layout || {};
layout.title = {text: ""};
layout.margin = Object.assign({}, layout.margin, {t: 40});
layout.height = (layout.height || 460) - 50;
if ((figure.data[0] || {}).type === "sunburst" && gd.offsetWidth) {  // round: no taller than wide
  layout.height = Math.min(layout.height, gd.offsetWidth + 40);
  gd.style.height = layout.height + "px";
}
function draw() {
  if (!window.Plotly) { setTimeout(draw, 25); return; }
  if (printing) { layout.width = Math.min(gd.offsetWidth || %(print)d, %(print)d); }
  Plotly.newPlot(gd, figure.data, layout, {displaylogo: false, responsive: true})
    .then(function () {
      var width = gd.offsetWidth;  // redraw on a new width only: a redraw never feeds itself
      if (window.ResizeObserver) {
        new ResizeObserver(function () {
          if (gd.offsetWidth && gd.offsetWidth !== width && !printing) {
            width = gd.offsetWidth;
            Plotly.Plots.resize(gd);
          }
        }).observe(gd);
      }
    });
}
window.addEventListener("beforeprint", function () {
  printing = true;
  if (near) { near.disconnect(); }
  if (!gd.data) { draw(); return; }
  Plotly.relayout(gd, {width: Math.min(gd.offsetWidth || %(print)d, %(print)d)});
});
window.addEventListener("afterprint", function () {
  printing = false;
  delete layout.width;
  if (gd.data) { Plotly.relayout(gd, {width: null, autosize: true}); }
});
var near = null;
if (!window.IntersectionObserver) { draw(); return; }
near = new IntersectionObserver(function (entries) {
  if (entries.some(function (e) { return e.isIntersecting; })) { near.disconnect(); draw(); }
}, {rootMargin: "300px"});
near.observe(gd);
})();"""


def csv_data_url(csv: str) -> str:
    """A CSV (with a BOM, for spreadsheets) as a ``data:`` URL."""
    payload = base64.b64encode(("\ufeff" + csv).encode()).decode()
    return f"data:text/csv;charset=utf-8;base64,{payload}"


def chart_csv_name(selection: Selection, key: str) -> str:
    """The file name of one chart's CSV download."""
    return download_name(selection).removesuffix(".csv") + f"_{key}.csv"


def chart_html(item: ChartView, div_id: str, *, selection: Selection,
               csv_href: str | None = None) -> str:  # fmt: skip
    """One chart as a ``<figure>``: its title and description (the plot's accessible name and
    description), the plot and one script drawing it (plotly.js is loaded once per page), its
    data table as the text alternative, and its own CSV download (``csv_href``, else a
    ``data:`` URL).

    The figure's JSON escapes ``<``, ``>`` and ``/``, so no text in it can close the script.
    """
    import plotly.io as pio

    from govbudget.display import table_html

    lang = selection.lang
    figure = pio.to_json(item.chart.figure, validate=False)
    height = item.chart.figure.layout.height or 460
    script = _DRAW % {"id": json.dumps(div_id), "figure": figure, "print": PRINT_WIDTH}
    href = csv_href or csv_data_url(item.csv())
    table = item.chart.table()
    return (
        f'<figure class="gb-chart" id="{escape(div_id)}-box" data-chart="{escape(item.key)}" '
        f'aria-labelledby="{escape(div_id)}-title" aria-describedby="{escape(div_id)}-desc">'
        f'<figcaption><h3 class="gb-chart-title" id="{escape(div_id)}-title">'
        f"{escape(item.title)}</h3>"
        f'<p class="gb-chart-desc" id="{escape(div_id)}-desc">{escape(item.description)}</p>'
        f"</figcaption>"
        f'<div id="{escape(div_id)}" class="plotly-graph-div gb-plot" role="img" '
        f'aria-labelledby="{escape(div_id)}-title" aria-describedby="{escape(div_id)}-desc" '
        f'style="height:{int(height) - 50}px; width:100%;"></div>'
        f'<div class="gb-chart-tools"><details class="gb-chart-table"><summary>'
        f"{escape(text('data_table', lang))}</summary>"
        f'<div class="gb-table-wrap">{table_html(table)}</div></details>'
        f'<a class="gb-chart-csv" download="{escape(chart_csv_name(selection, item.key))}" '
        f'href="{escape(href)}">{escape(text("chart_csv", lang))}</a></div>'
        f'<script type="text/javascript">{script}</script></figure>'
    )


def charts_html(view: View, csv_href: Callable[[str], str] | None = None) -> str:
    """Every chart of the view, in the model's order (``csv_href(key)``: where each CSV is)."""
    return "".join(
        chart_html(
            item,
            f"gb-chart-{item.key}",
            selection=view.selection,
            csv_href=csv_href(item.key) if csv_href else None,
        )
        for item in view.charts
    )
