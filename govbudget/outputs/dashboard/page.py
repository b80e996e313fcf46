"""The interactive page (ipywidgets, served by Voilà): a search box and four choices on top,
the view below, the address bar always a link to the view shown.

The page only lays out a state (:func:`govbudget.outputs.dashboard.state.page_state`): under
``govbudget dashboard`` a visitor's kernel asks the server for it (``$GOVBUDGET_VIEW_URL``), so
the kernel imports neither pandas, pyarrow nor plotly and stays small; in a notebook of one's
own the state is computed in-process from a :class:`~govbudget.outputs.dashboard.views.Dashboard`.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import logging
import os
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from govbudget.outputs.dashboard.common import (
    ENV_DATA,
    ENV_DATA_URL,
    ENV_SITE,
    ENV_VIEW_URL,
    Selection,
)
from govbudget.outputs.dashboard.texts import LANG_NAMES, text

if TYPE_CHECKING:
    from govbudget.outputs.dashboard.views import Dashboard

#: selection -> page state (see ``govbudget.outputs.dashboard.state.page_state``)
StateSource = Callable[[Selection], dict]


def local_state(
    dashboard: Dashboard, *, site_url: str | None = None, data_url: str | None = None
) -> StateSource:
    """States computed in this process from ``dashboard``."""
    from govbudget.outputs.dashboard.state import page_state

    return lambda sel: page_state(dashboard, sel, site_url=site_url, data_url=data_url)


def remote_state(url: str, timeout: float = 60.0) -> StateSource:
    """States asked of the dashboard server at ``url`` (``…/govbudget/view``)."""

    def fetch(sel: Selection) -> dict:
        query = {"department": sel.department or "", "year": sel.year or "", "phase": sel.phase,
                 "lang": sel.lang}  # fmt: skip
        with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode(query)}", timeout=timeout) as r:
            return json.loads(r.read().decode("utf-8"))

    return fetch


class DashboardPage:
    """The interactive page: four choices on top, the view below; ``widget`` is what to display.

    ``source`` is a :class:`Dashboard` (states computed here, linking to ``site_url`` and to
    CSV downloads at ``data_url``) or a :data:`StateSource`."""

    def __init__(
        self,
        source: Dashboard | StateSource,
        *,
        site_url: str | None = None,
        data_url: str | None = None,
        selection: Selection | None = None,
    ) -> None:
        """``selection``: the first view (default: the whole city, latest year)."""
        import ipywidgets as w

        self.state = (
            source
            if callable(source)
            else local_state(source, site_url=site_url, data_url=data_url)
        )
        self.selection = selection or Selection()
        self._busy = False
        self.search = w.Combobox(
            ensure_option=False, layout=w.Layout(width="26em", max_width="100%"),
            style={"description_width": "initial"},
        )  # fmt: skip
        self.search.add_class("gb-search")
        self.search.observe(self._searched, names="value")
        self.department = w.Dropdown(
            layout=w.Layout(width="26em", max_width="100%"), style={"description_width": "initial"}
        )
        self.year = w.Dropdown(
            layout=w.Layout(width="12em", max_width="100%"), style={"description_width": "initial"}
        )
        self.phase = w.ToggleButtons(style={"button_width": "auto"})
        self.lang = w.ToggleButtons(options=[(v, k) for k, v in LANG_NAMES.items()], value="zh",
                                    style={"button_width": "auto"})  # fmt: skip
        for control, name in ((self.department, "department"), (self.year, "year"),
                              (self.phase, "phase"), (self.lang, "lang")):  # fmt: skip
            control.add_class(f"gb-{name}")
            control.observe(self._changed, names="value")
        self.title = w.HTML()
        self.headline = w.HTML()
        self.headline.add_class("gb-headline")
        self.findings = w.HTML()
        self.findings.add_class("gb-findings-box")
        self.download = w.HTML()
        self.charts = w.Output()
        self.charts.add_class("gb-charts")
        self.address = w.Output(layout=w.Layout(display="none"))  # keeps the URL = the view
        controls = w.HBox([self.search, self.department, self.year, self.phase, self.lang])
        controls.add_class("gb-controls")
        self.widget = w.VBox([self.title, controls, self.headline, self.download, self.charts,
                              self.findings, self.address])  # fmt: skip
        self.widget.add_class("gb-dashboard")
        self.render()

    def _searched(self, change: dict) -> None:
        """A department typed or picked in the search box: show it."""
        wanted = change["new"].strip()
        if wanted and wanted in self.search.options and wanted != self.selection.department:
            self.department.value = wanted

    def _changed(self, change: dict) -> None:
        if self._busy:
            return
        self.selection = Selection(self.department.value or None, self.year.value,
                                   self.phase.value, self.lang.value)  # fmt: skip
        try:
            self.render()
        except Exception:  # a visitor sees a sentence; the server log gets the traceback
            logging.getLogger(__name__).exception("dashboard view failed: %s", self.selection)
            self.headline.value = f'<p class="gb-failed">{text("failed", self.selection.lang)}</p>'

    def _sync_controls(self, state: dict) -> None:
        sel, labels = self.selection, state["labels"]
        self.search.description = labels["search"]
        self.search.placeholder = labels["search_hint"]
        self.search.options = [name for name, value in state["departments"] if value]
        self.department.description = labels["department"]
        self.department.options = [tuple(o) for o in state["departments"]]
        self.department.value = sel.department or ""
        self.year.description = labels["year"]
        self.year.options = [tuple(o) for o in state["years"]]
        self.year.value = sel.year
        self.phase.options = [tuple(o) for o in state["phases"]]
        self.phase.value = sel.phase
        self.lang.value = sel.lang

    def show(self, selection: Selection) -> None:
        """Show ``selection`` (normalised), as if the visitor had chosen it."""
        self.selection = selection
        self.render()

    def render(self) -> None:
        """Show the view of the current selection."""
        from IPython.display import HTML, display

        state = self.state(self.selection)
        self.selection = Selection(**state["selection"])
        self._busy = True
        try:
            self._sync_controls(state)
        finally:
            self._busy = False
        self.title.value = state["title"]
        self.findings.value = state["findings"]
        self.download.value = state["download"]
        self.charts.clear_output(wait=True)
        with self.charts:
            for chart in state["charts"]:
                display(HTML(chart))
        self.address.clear_output()
        with self.address:
            display(HTML(address_script(state["query"])))
        # last: a page (or a test) that sees the new headline sees everything updated
        self.headline.value = state["headline"]
        del state
        release_memory()


def address_script(query: str) -> str:
    """A script putting ``query`` into the page's address (no reload, no new history entry), so
    the address bar always holds a link to what is shown."""
    value = json.dumps("?" + query).replace("<", "\\u003c")
    return (
        "<script>(function () { try { history.replaceState(history.state, '', "
        f"location.pathname + {value}); }} catch (e) {{}} }})();</script>"
    )


def query_selection(query: str) -> Selection | None:
    """The selection a URL query names (``department`` by slug or name, ``year``, ``phase``,
    ``lang``); the state source checks and normalises it. None for an empty query."""
    values = {k: v[-1] for k, v in urllib.parse.parse_qs(query.lstrip("?")).items()}
    if not values:
        return None
    year = values.get("year", "")
    return Selection(values.get("department") or None,
                     int(year) if year.isascii() and year.isdigit() else None,
                     values.get("phase", "budget"), values.get("lang", "zh"))  # fmt: skip


def request_query() -> str:
    """The query string of the visitor's address (Voilà); empty outside Voilà. A preheated
    kernel waits here for its visitor; any other reads its environment (importing Voilà would
    cost a kernel without a pool a second)."""
    if os.environ.get("VOILA_PREHEAT") != "True":
        return os.environ.get("QUERY_STRING", "")
    from voila.utils import get_query_string

    try:
        return get_query_string() or ""
    except Exception:  # the view falls back to the city; the server log says why
        logging.getLogger(__name__).exception("could not read the visitor's address")
        return ""


def release_memory() -> None:
    """Give the memory a view used back to the system: a visitor's kernel stays small."""
    gc.collect()
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def default_source() -> Path:
    """The dataset the notebook shows: ``$GOVBUDGET_DASHBOARD_DATA``, else the sample city."""
    from govbudget.paths import default_data

    chosen = os.environ.get(ENV_DATA)
    return Path(chosen) if chosen else default_data()


def show(source: str | Path | None = None) -> None:
    """Display the dashboard (the notebook's one call): states from the dashboard server when
    it says where (``$GOVBUDGET_VIEW_URL``), else computed here from ``source``."""
    from IPython.display import display

    view_url = os.environ.get(ENV_VIEW_URL)
    if source is None and view_url:
        page = DashboardPage(remote_state(view_url))
    else:
        from govbudget.outputs.dashboard.data import load, prepare
        from govbudget.outputs.dashboard.views import Dashboard

        folder = Path(source) if source is not None else default_source()
        if not (folder / "manifest.json").is_file():
            folder = prepare(folder).folder
        page = DashboardPage(
            Dashboard(load(folder)),
            site_url=os.environ.get(ENV_SITE),
            data_url=os.environ.get(ENV_DATA_URL),
        )
    display(page.widget)  # ready before the visitor comes: the landing view costs no wait
    wanted = query_selection(request_query())  # a preheated kernel waits here for its visitor
    if wanted is not None:
        try:
            page.show(wanted)
        except Exception:  # a link naming what the data does not hold: the landing view stays
            logging.getLogger(__name__).warning("no view for the address %s", wanted)
            page.show(Selection())
