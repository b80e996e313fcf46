"""What the dashboard server computes for its pages, from one dataset shared by all visitors:
the page's state for a selection (``/govbudget/view``, asked by a visitor's kernel) and the CSV
download (``/govbudget/data/<who>/<year>-<phase>.csv``). No kernel is involved and no part of
a URL becomes a file path: unknown departments, years or phases answer 404."""

from __future__ import annotations

import asyncio
import json
from typing import ClassVar
from urllib.parse import quote

import tornado.web

from govbudget.outputs.dashboard.common import Selection
from govbudget.outputs.dashboard.data import load
from govbudget.outputs.dashboard.html import download_name
from govbudget.outputs.dashboard.state import page_state, parse_selection
from govbudget.outputs.dashboard.views import Dashboard


class _DataHandler(tornado.web.RequestHandler):
    """A handler over the prepared dataset (loaded once per server, shared)."""

    _boards: ClassVar[dict[str, Dashboard]] = {}

    def initialize(
        self, dataset: str, site_url: str | None = None, data_url: str | None = None
    ) -> None:
        self.dataset = dataset
        self.site_url = site_url
        self.data_url = data_url

    def set_default_headers(self) -> None:
        for name, value in self.settings.get("headers", {}).items():
            self.set_header(name, value)

    def board(self) -> Dashboard:
        board = self._boards.get(self.dataset)
        if board is None:
            board = self._boards.setdefault(self.dataset, Dashboard(load(self.dataset)))
        return board


class CsvHandler(_DataHandler):
    """``/govbudget/data/<who>/<year>-<phase>.csv``: the dashboard's "download the data", made in
    the server from the prepared dataset (no kernel, and no CSV carried in every page update)."""

    async def get(self, who: str, year: str, phase: str) -> None:
        board = self.board()
        by_slug = {slug: department for department, slug in board.slugs.items()}
        if who != "city" and who not in by_slug:
            raise tornado.web.HTTPError(404)
        selection = Selection(by_slug.get(who), int(year), phase)
        if board.normalise(selection) != selection:
            raise tornado.web.HTTPError(404)
        loop = asyncio.get_running_loop()
        body = await loop.run_in_executor(None, board.csv, selection)
        name = quote(download_name(selection))
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f"attachment; filename*=UTF-8''{name}")
        self.finish("\ufeff" + body)


class ViewHandler(_DataHandler):
    """``/govbudget/view?department=&year=&phase=&lang=``: the page's state (JSON) for a
    selection — what a visitor's kernel lays out with its widgets."""

    async def get(self) -> None:
        board = self.board()
        query = {k: self.get_query_argument(k, "") for k in ("department", "year", "phase", "lang")}
        selection = parse_selection(board, query)
        if selection is None:
            raise tornado.web.HTTPError(404)
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(None, self._state, board, selection)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(state, ensure_ascii=False))

    def _state(self, board: Dashboard, selection: Selection) -> dict:
        return page_state(board, selection, site_url=self.site_url, data_url=self.data_url)
