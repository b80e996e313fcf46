"""HTML fragments of a view, shared by the dashboard and the static site; all text escaped."""

from __future__ import annotations

import base64
import html
import json
import re
from decimal import Decimal

from govbudget import charts
from govbudget.outputs.dashboard.texts import phase_label, text
from govbudget.outputs.dashboard.views import Selection, View, lines_csv

#: Most findings listed on a page (the rest are counted).
MAX_FINDINGS = 30


def escape(value: object) -> str:
    """Text for HTML content or a quoted attribute (``None`` -> empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def _pct(value: Decimal | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+,.2f}%" if signed else f"{value:,.2f}%"


def headline_html(view: View) -> str:
    """The three headline figures and the department's name, escaped."""
    lang, sel, top = view.selection.lang, view.selection, view.headline
    who = text("city", lang) if sel.department is None else sel.department
    when = f"{sel.year}{'年' if lang == 'zh' else ' '}{phase_label(sel.phase, lang)}"
    total = top.get("total_wan")
    cards = (
        ("gb-total", text("total", lang), f"{total} {text('wan', lang)}" if total else "—"),
        ("gb-change", text("change", lang), _pct(top.get("change_pct"), signed=True)),
        ("gb-rate", text("rate", lang), _pct(top.get("execution_rate"))),
        ("gb-score-figure", text("score" if sel.department else "score_city", lang),
         "—" if view.score is None else f"{view.score:.1f}"),
    )  # fmt: skip
    items = "".join(
        f'<div class="gb-card"><div class="gb-label">{escape(label)}</div>'
        f'<div class="gb-figure {cls}">{escape(value)}</div></div>'
        for cls, label, value in cards
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
        return head + (f"<h3>{escape(text('lowest', lang))}</h3><ul>{rows}</ul>" if rows else "")
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
        payload = base64.b64encode(("\ufeff" + lines_csv(view.lines)).encode()).decode()
        href = f"data:text/csv;charset=utf-8;base64,{payload}"
    return (
        f'<a class="gb-download" download="{escape(download_name(view.selection))}" '
        f'href="{escape(href)}">{escape(text("download", view.selection.lang))}</a>'
    )


#: Draw a figure when its box comes near the screen (charts further down wait until scrolled to,
#: so the first ones show sooner) and once plotly.js, loaded ``async``, is there; redraw it
#: whenever its box changes size. ``%(id)s``: the div id (JSON); ``%(figure)s``: its JSON.
_DRAW = """(function () {
var id = %(id)s, figure = %(figure)s, gd = document.getElementById(id);
if (!gd) { return; }
function draw() {
  if (!window.Plotly) { setTimeout(draw, 25); return; }
  Plotly.newPlot(gd, figure.data, figure.layout, {displaylogo: false, responsive: true})
    .then(function () {
      if (window.ResizeObserver) {
        new ResizeObserver(function () { if (gd.offsetWidth) { Plotly.Plots.resize(gd); } })
          .observe(gd);
      }
    });
}
if (!window.IntersectionObserver) { draw(); return; }
var near = new IntersectionObserver(function (entries) {
  if (entries.some(function (e) { return e.isIntersecting; })) { near.disconnect(); draw(); }
}, {rootMargin: "300px"});
near.observe(gd);
})();"""


def chart_html(chart: charts.Chart, div_id: str) -> str:
    """A chart as a ``<div>`` and one script drawing it; plotly.js is loaded once per page.

    The figure's JSON escapes ``<``, ``>`` and ``/``, so no text in it can close the script.
    """
    import plotly.io as pio

    figure = pio.to_json(chart.figure, validate=False)
    height = chart.figure.layout.height or 460
    script = _DRAW % {"id": json.dumps(div_id), "figure": figure}
    return (
        f'<div id="{escape(div_id)}" class="plotly-graph-div" style="height:{int(height)}px; '
        f'width:100%;"></div><script type="text/javascript">{script}</script>'
    )
