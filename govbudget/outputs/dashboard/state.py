"""The state of the page for one selection, as plain JSON-able data: the choices the controls
offer, every HTML fragment (headline cards, each chart with its table, CSV and accessible
description, in the page model's order) and the URL query that reopens the view. The dashboard server computes it (one shared dataset for all
visitors) and a visitor's kernel only lays it out (``govbudget.outputs.dashboard.page``)."""

from __future__ import annotations

import dataclasses

from govbudget.outputs.dashboard.common import Selection
from govbudget.outputs.dashboard.html import (
    chart_html,
    download_html,
    escape,
    findings_html,
    headline_html,
)
from govbudget.outputs.dashboard.texts import LANG_NAMES, phase_label, text
from govbudget.outputs.dashboard.views import Dashboard, csv_path, page_path


def page_state(
    board: Dashboard,
    selection: Selection,
    *,
    site_url: str | None = None,
    data_url: str | None = None,
) -> dict:
    """Everything the page shows for ``selection`` (normalised to what the data holds; its
    department named or by slug)."""
    selection = dataclasses.replace(selection, department=named(board, selection.department))
    view = board.view(selection)
    sel, lang = view.selection, view.selection.lang
    link = ""
    if site_url:
        static = site_url + page_path(sel, board.slugs)
        link = (
            f' <a class="gb-static-link" href="{escape(static)}">{escape(text("static", lang))}</a>'
        )
    href = None if data_url is None else data_url + csv_path(sel, board.slugs)
    return {
        "selection": dataclasses.asdict(sel),
        "query": board.query(sel),
        "labels": {
            "department": text("department", lang),
            "year": text("year", lang),
            "search": text("search", lang),
            "search_hint": text("search_hint", lang),
        },
        "departments": [[text("city", lang), ""]] + [[d, d] for d in board.departments],
        "years": [[str(y), y] for y in board.years(sel.department)],
        "phases": [[phase_label(p, lang), p] for p in board.phases(sel.department, sel.year)],
        "title": f'<h1 class="gb-title">{escape(text("title", lang))}{link}</h1>',
        "headline": headline_html(view),
        "findings": findings_html(view),
        "download": download_html(view, href=href),
        "charts": [chart_html(item, f"gb-chart-{item.key}", selection=sel) for item in view.charts],
    }


def parse_selection(board: Dashboard, query: dict[str, str]) -> Selection | None:
    """A selection from a request's query (``department`` by name or slug, ``year``, ``phase``,
    ``lang``), or None when it names a department, phase or language the data does not hold."""
    department = named(board, query.get("department") or None)
    if department is not None and department not in board.departments:
        return None
    year = query.get("year") or ""
    phase, lang = query.get("phase") or "budget", query.get("lang") or "zh"
    if phase not in ("budget", "final") or lang not in LANG_NAMES:
        return None
    if year and not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    return Selection(department, int(year) if year else None, phase, lang)


def named(board: Dashboard, department: str | None) -> str | None:
    """A department named by its URL slug (:meth:`Dashboard.query`) or by name: its name."""
    by_slug = {slug: name for name, slug in board.slugs.items()}
    return by_slug.get(department or "", department)
