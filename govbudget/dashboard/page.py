"""The interactive page (ipywidgets, served by Voilà): four choices on top, the view below."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import logging
import os
from pathlib import Path

import pyarrow as pa

from govbudget.dashboard.data import ENV_DATA, ENV_DATA_URL, ENV_SITE, ROOT, load, prepare
from govbudget.dashboard.html import (
    chart_html,
    download_html,
    escape,
    findings_html,
    headline_html,
)
from govbudget.dashboard.texts import LANG_NAMES, phase_label, text
from govbudget.dashboard.views import Dashboard, Selection, csv_path, page_path


class DashboardPage:
    """The interactive page: four choices on top, the view below; ``widget`` is what to display."""

    def __init__(
        self,
        dashboard: Dashboard,
        *,
        site_url: str | None = None,
        data_url: str | None = None,
        selection: Selection | None = None,
    ) -> None:
        """``site_url``: the static site to link to; ``data_url``: where the server answers
        :func:`csv_path` downloads (``govbudget dashboard`` does), else the link carries the CSV;
        ``selection``: the first view (default: the whole city, latest year)."""
        import ipywidgets as w

        self.dashboard = dashboard
        self.site_url = site_url
        self.data_url = data_url
        self.selection = dashboard.normalise(selection or Selection())
        self._busy = False
        self.search = w.Combobox(
            options=list(dashboard.departments), ensure_option=False,
            layout=w.Layout(width="26em", max_width="100%"), style={"description_width": "initial"},
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
        found = [d for d in self.dashboard.departments if d == change["new"].strip()]
        if found and found[0] != self.selection.department:
            self.department.value = found[0]

    def _changed(self, change: dict) -> None:
        if self._busy:
            return
        self.selection = Selection(self.department.value or None, self.year.value,
                                   self.phase.value, self.lang.value)  # fmt: skip
        try:
            self.render()
        except Exception:  # a visitor sees a sentence; the server log gets the traceback
            logging.getLogger(__name__).exception("dashboard view failed: %s", self.selection)
            self.headline.value = (
                f'<p class="gb-failed">{escape(text("failed", self.selection.lang))}</p>'
            )

    def _sync_controls(self) -> None:
        sel, lang, board = self.selection, self.selection.lang, self.dashboard
        self.search.description = text("search", lang)
        self.search.placeholder = text("search_hint", lang)
        self.department.description = text("department", lang)
        self.department.options = [(text("city", lang), "")] + [(d, d) for d in board.departments]
        self.department.value = sel.department or ""
        self.year.description = text("year", lang)
        self.year.options = [(str(y), y) for y in board.years(sel.department)]
        self.year.value = sel.year
        self.phase.options = [
            (phase_label(p, lang), p) for p in board.phases(sel.department, sel.year)
        ]
        self.phase.value = sel.phase
        self.phase.description = ""
        self.lang.value = lang

    def show(self, selection: Selection) -> None:
        """Show ``selection`` (normalised), as if the visitor had chosen it."""
        self.selection = self.dashboard.normalise(selection)
        self.render()

    def render(self) -> None:
        """Show the view of the current selection."""
        from IPython.display import HTML, display

        view = self.dashboard.view(self.selection)
        self.selection = view.selection
        self._busy = True
        try:
            self._sync_controls()
        finally:
            self._busy = False
        lang = self.selection.lang
        link = ""
        if self.site_url:
            href = self.site_url + page_path(self.selection, self.dashboard.slugs)
            link = f' <a class="gb-static-link" href="{escape(href)}">{escape(text("static", lang))}</a>'
        self.title.value = f'<h1 class="gb-title">{escape(text("title", lang))}{link}</h1>'
        self.findings.value = findings_html(view)
        href = (
            None
            if self.data_url is None
            else self.data_url + csv_path(view.selection, self.dashboard.slugs)
        )
        self.download.value = download_html(view, href=href)
        self.charts.clear_output(wait=True)
        with self.charts:
            for item in view.charts:
                display(HTML(chart_html(item, f"gb-chart-{item.key}", selection=view.selection)))
        self.address.clear_output()
        with self.address:
            display(HTML(address_script(self.dashboard.query(view.selection))))
        # last: a page (or a test) that sees the new headline sees everything updated
        self.headline.value = headline_html(view)
        del view
        release_memory()


def address_script(query: str) -> str:
    """A script putting ``query`` into the page's address (no reload, no new history entry), so
    the address bar always holds a link to what is shown."""
    value = json.dumps("?" + query).replace("<", "\\u003c")
    return (
        "<script>(function () { try { history.replaceState(history.state, '', "
        f"location.pathname + {value}); }} catch (e) {{}} }})();</script>"
    )


def release_memory() -> None:
    """Give the memory a view used back to the system: a visitor's kernel stays small."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def default_source() -> Path:
    """The dataset the notebook shows: ``$GOVBUDGET_DASHBOARD_DATA``, else the sample city."""
    chosen = os.environ.get(ENV_DATA)
    return Path(chosen) if chosen else ROOT / "data" / "sample"


def show(source: str | Path | None = None) -> None:
    """Display the dashboard (the notebook's one call)."""
    from IPython.display import display

    folder = Path(source) if source is not None else default_source()
    if not (folder / "manifest.json").is_file():
        folder = prepare(folder).folder
    board = Dashboard(load(folder))
    page = DashboardPage(
        board, site_url=os.environ.get(ENV_SITE), data_url=os.environ.get(ENV_DATA_URL)
    )
    display(page.widget)  # ready before the visitor comes: the landing view costs no wait
    query = request_query()  # a preheated kernel waits here for its visitor
    if query:
        page.show(board.from_query(query))


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
