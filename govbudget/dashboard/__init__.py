"""The public budget dashboard (issue 8): data, selection, views, and the ipywidgets page.

Layers, each usable without a browser:

* data (:mod:`.data`) — :func:`prepare` turns workbooks, a DuckDB store or its Parquet export into
  a small dataset once (cached by fingerprint); :func:`load` reads it back with pyarrow only.
* state and views (:mod:`.views`) — :class:`Selection` (department or the whole city, year,
  phase, language); :meth:`Dashboard.view` computes what it shows: headline, score, findings,
  charts, and the lines behind them (the CSV download).
* HTML (:mod:`.html`) — the view's fragments, every workbook text escaped; the static site
  (:mod:`govbudget.publish`) renders the same fragments.
* page (:mod:`.page`) — :class:`DashboardPage` lays a view out with ipywidgets; :func:`show` is
  the notebook's one call.
"""

from __future__ import annotations

from govbudget.dashboard.data import (
    ENV_DATA,
    ENV_DATA_URL,
    ENV_SITE,
    ROOT,
    DashboardData,
    Prepared,
    cache_root,
    load,
    prepare,
)
from govbudget.dashboard.html import (
    chart_html,
    charts_html,
    download_html,
    download_name,
    findings_html,
    headline_html,
)
from govbudget.dashboard.page import DashboardPage, show
from govbudget.dashboard.texts import LANG_NAMES, phase_label, text
from govbudget.dashboard.views import (
    Dashboard,
    Selection,
    View,
    chart_csv_path,
    csv_path,
    department_slugs,
    lines_csv,
    page_path,
)

__all__ = [
    "ENV_DATA",
    "ENV_DATA_URL",
    "ENV_SITE",
    "LANG_NAMES",
    "ROOT",
    "Dashboard",
    "DashboardData",
    "DashboardPage",
    "Prepared",
    "Selection",
    "View",
    "cache_root",
    "chart_csv_path",
    "chart_html",
    "charts_html",
    "csv_path",
    "department_slugs",
    "download_html",
    "download_name",
    "findings_html",
    "headline_html",
    "lines_csv",
    "load",
    "page_path",
    "phase_label",
    "prepare",
    "show",
    "text",
]
