"""The public budget dashboard (issue 8): data, selection, views, and the ipywidgets page.

Layers, each usable without a browser:

* data (:mod:`.data`) — :func:`prepare` turns inputs, a DuckDB store or its Parquet export into
  the checked dataset once (cached by the one fingerprint); :func:`load` reads it back.
* views (:mod:`.views`) — :class:`Selection` (department or the whole city, year, phase,
  language) and its URL query; :meth:`Dashboard.view` builds the page model of
  :mod:`govbudget.views`: headline cards, score, findings, charts in order (each with its
  table, CSV and description), and the lines behind them (the CSV download).
* HTML (:mod:`.html`) — the view's fragments, every workbook text escaped; the static site
  (:mod:`govbudget.outputs.static_site`) renders the same fragments.
* state (:mod:`.state`) — everything the page shows for one selection, as JSON-able data; the
  dashboard server answers it at ``/govbudget/view``.
* page (:mod:`.page`) — :class:`DashboardPage` lays a state out with ipywidgets; :func:`show` is
  the notebook's one call. Names are imported on first use: a visitor's kernel imports only
  the page (:mod:`.common`, :mod:`.texts`), never pandas, pyarrow or plotly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the lazy look-up below gives, for type checkers
    from govbudget.outputs.dashboard.common import (
        ENV_DATA,
        ENV_DATA_URL,
        ENV_SITE,
        ENV_VIEW_URL,
        Selection,
    )
    from govbudget.outputs.dashboard.data import Prepared, cache_root, load, prepare
    from govbudget.outputs.dashboard.html import (
        chart_html,
        charts_html,
        download_html,
        download_name,
        findings_html,
        headline_html,
    )
    from govbudget.outputs.dashboard.page import DashboardPage, show
    from govbudget.outputs.dashboard.state import page_state
    from govbudget.outputs.dashboard.texts import LANG_NAMES, phase_label, text
    from govbudget.outputs.dashboard.views import (
        Dashboard,
        View,
        chart_csv_path,
        csv_path,
        department_slugs,
        lines_csv,
        page_path,
    )

#: name -> the module that holds it; imported on first use, so that a visitor's kernel, which
#: needs only the page, never imports pandas, pyarrow or plotly
_WHERE = {
    **dict.fromkeys(
        ("ENV_DATA", "ENV_DATA_URL", "ENV_SITE", "ENV_VIEW_URL", "Selection"), "common"
    ),
    **dict.fromkeys(("Prepared", "cache_root", "load", "prepare"), "data"),
    **dict.fromkeys(
        (
            "chart_html",
            "charts_html",
            "download_html",
            "download_name",
            "findings_html",
            "headline_html",
        ),
        "html",
    ),
    **dict.fromkeys(("DashboardPage", "show"), "page"),
    **dict.fromkeys(("page_state",), "state"),
    **dict.fromkeys(("LANG_NAMES", "phase_label", "text"), "texts"),
    **dict.fromkeys(
        (
            "Dashboard",
            "View",
            "chart_csv_path",
            "csv_path",
            "department_slugs",
            "lines_csv",
            "page_path",
        ),
        "views",
    ),
}


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = [
    "ENV_DATA",
    "ENV_DATA_URL",
    "ENV_SITE",
    "ENV_VIEW_URL",
    "LANG_NAMES",
    "Dashboard",
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
    "page_state",
    "phase_label",
    "prepare",
    "show",
    "text",
]
