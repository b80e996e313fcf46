"""The dashboard's views as a static site: plain HTML, one shared local plotly.js, no kernel.

For every language, the whole city and each department, every year and phase the data holds,
one page renders :meth:`govbudget.outputs.dashboard.Dashboard.view` with the dashboard's own HTML
fragments; ``data/…csv`` next to it is the page's "download the data". Layout::

    index.html                      both languages, latest city pages
    zh/index.html, en/index.html    every department × year × phase
    zh/city/2016-budget.html        the city;  zh/<department>/2016-budget.html  a department
    data/<who>/2016-budget.csv      the tidy lines a page shows
    assets/plotly.min.js, assets/site.css

Every text from a workbook is escaped; each page's Content-Security-Policy allows scripts only
from the site itself and the page's own inline chart calls (by hash), so an injected ``<script>``
would not run even if it slipped through. The site is built beside ``out`` and swapped in whole.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import multiprocessing
import re
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from govbudget.errors import UsageError
from govbudget.io import atomic_folder
from govbudget.outputs.dashboard import (
    LANG_NAMES,
    Dashboard,
    Selection,
    View,
    chart_csv_path,
    charts_html,
    csv_path,
    download_html,
    download_name,
    findings_html,
    headline_html,
    lines_csv,
    load,
    page_path,
    phase_label,
    text,
)
from govbudget.outputs.dashboard.html import escape
from govbudget.paths import resource

MARKER = ".govbudget-site"
STATIC = resource("voila", "templates", "govbudget", "static")
#: The one stylesheet (dashboard, static site, report pages) and the static site's search script.
CSS = STATIC / "govbudget.css"
JS = STATIC / "site.js"
_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)


def _csp(body: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _SCRIPT.findall(body)
        if s.strip()
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _page(title: str, lang: str, root: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(_csp(body))}">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{root}assets/site.css">\n'
        f'<script async src="{root}assets/plotly.min.js"></script>\n'
        f'<script defer src="{root}assets/site.js"></script>\n</head>\n'
        f'<body>\n<div class="gb-dashboard">\n{body}\n</div>\n</body>\n</html>\n'
    )


class SiteWriter:
    """Renders the pages of one dataset into a folder."""

    def __init__(self, dataset: Path, folder: Path, dashboard_url: str | None = None) -> None:
        self.dataset = dataset
        self.board = Dashboard(load(dataset))
        self.folder = folder
        self.dashboard_url = dashboard_url

    def selections(self, lang: str) -> list[Selection]:
        board = self.board
        return [
            Selection(department, year, phase, lang)
            for department in [None, *board.departments]
            for year in board.years(department)
            for phase in board.phases(department, year)
        ]

    def search(self, sel: Selection, root: str) -> str:
        """The department search box: a list of every department's page nearest ``sel``."""
        lang, board = sel.lang, self.board
        options = "".join(
            f'<option value="{escape(d)}" data-href="{root}'
            f'{escape(page_path(board.normalise(Selection(d, sel.year, sel.phase, lang)), board.slugs))}">'
            for d in board.departments
        )
        return (
            f'<div class="gb-search-form"><label for="gb-search">{escape(text("search", lang))}</label>'
            f'<input id="gb-search" type="search" list="gb-departments" autocomplete="off" '
            f'placeholder="{escape(text("search_hint", lang))}">'
            f'<button id="gb-search-go" type="button">{escape(text("go", lang))}</button>'
            f'<datalist id="gb-departments">{options}</datalist></div>'
        )

    def header(self, lang: str, root: str, other: str | None, query: str = "") -> str:
        links = [f'<a href="{root}{lang}/index.html">{escape(text("index", lang))}</a>']
        if other is not None:
            other_lang = "en" if lang == "zh" else "zh"
            links.append(
                f'<a href="{root}{other}" lang="{other_lang}">{LANG_NAMES[other_lang]}</a>'
            )
        if self.dashboard_url:
            href = self.dashboard_url + (f"?{query}" if query else "")
            links.append(
                f'<a class="gb-live-link" href="{escape(href)}">{escape(text("live", lang))}</a>'
            )
        return f'<h1 class="gb-title">{escape(text("title", lang))}</h1><nav class="gb-nav">{" ".join(links)}</nav>'

    def page(self, view: View) -> str:
        sel, board = view.selection, self.board
        lang, root = sel.lang, "../../"
        other = page_path(
            Selection(sel.department, sel.year, sel.phase, "en" if lang == "zh" else "zh"),
            board.slugs,
        )
        choices = []
        for year in board.years(sel.department):
            for phase in board.phases(sel.department, year):
                label = f"{year} {phase_label(phase, lang)}"
                target = Selection(sel.department, year, phase, lang)
                if target == sel:
                    choices.append(f'<span class="gb-current">{escape(label)}</span>')
                else:
                    choices.append(
                        f'<a href="{root}{page_path(target, board.slugs)}">{escape(label)}</a>'
                    )
        charts = charts_html(view, lambda key: root + chart_csv_path(sel, board.slugs, key))
        body = (
            self.header(lang, root, other, board.query(sel))
            + self.search(sel, root)
            + f'<nav class="gb-nav gb-years">{" ".join(choices)}</nav>'
            + headline_html(view)
            + download_html(view, href=root + csv_path(sel, board.slugs))
            + f'<div class="gb-charts">{charts}</div>'
            + findings_html(view)
        )
        who = text("city", lang) if sel.department is None else sel.department
        return _page(
            f"{who} · {sel.year} {phase_label(sel.phase, lang)} · {text('title', lang)}",
            lang,
            root,
            body,
        )

    def index(self, lang: str) -> str:
        board = self.board
        rows = []
        for department in [None, *board.departments]:
            name = text("city", lang) if department is None else department
            cells = []
            for year in board.years(department):
                for phase in board.phases(department, year):
                    href = page_path(Selection(department, year, phase, lang), board.slugs)
                    cells.append(
                        f'<a href="../{href}">{year} {escape(phase_label(phase, lang))}</a>'
                    )
            rows.append(f"<tr><th>{escape(name)}</th><td>{' · '.join(cells)}</td></tr>")
        other = f"{'en' if lang == 'zh' else 'zh'}/index.html"
        body = self.header(lang, "../", other) + f'<table class="gb-index">{"".join(rows)}</table>'
        return _page(text("title", lang), lang, "../", body)

    def landing(self) -> str:
        links = []
        for lang in LANG_NAMES:
            years = self.board.years(None)
            latest = self.board.normalise(
                Selection(None, years[-1] if years else None, "budget", lang)
            )
            links.append(
                f'<li lang="{lang}"><a href="{lang}/index.html">{escape(text("index", lang))} · {LANG_NAMES[lang]}</a>'
                f' — <a href="{page_path(latest, self.board.slugs)}">{escape(text("city", lang))}</a></li>'
            )
        title = f"{text('title', 'zh')} · {text('title', 'en')}"
        return _page(
            title, "zh", "", f'<h1 class="gb-title">{escape(title)}</h1><ul>{"".join(links)}</ul>'
        )

    def write_pages(self, selections: list[Selection]) -> int:
        """Write the pages of ``selections`` (and their CSV, once per language pair)."""
        for selection in selections:
            view = self.board.view(selection)
            self._write(page_path(selection, self.board.slugs), self.page(view))
            if selection.lang == "zh":
                self._write(csv_path(selection, self.board.slugs), "\ufeff" + lines_csv(view.lines))
            for item in view.charts:  # each chart's own table, in the page's language
                path = chart_csv_path(selection, self.board.slugs, item.key)
                self._write(path, "\ufeff" + item.csv())
        return len(selections)

    def write(self, jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> int:
        """Write every page, CSV and asset, pages in ``jobs`` processes; returns the page count.
        ``progress(pages written, pages)`` is called as pages are written."""
        from govbudget.outputs.report_site.site import install_assets

        assets = install_assets(self.folder).parent  # the one plotly.js, as the report site's
        shutil.copyfile(CSS, assets / "site.css")
        shutil.copyfile(JS, assets / "site.js")
        selections = [s for lang in LANG_NAMES for s in self.selections(lang)]
        parts = min(len(selections), max(10, jobs * 4))
        chunks = [selections[i::parts] for i in range(parts)]
        pages = 0
        with contextlib.ExitStack() as stack:
            written: Iterator[int] = map(self.write_pages, chunks)
            if jobs > 1 and len(selections) > 1:
                context = multiprocessing.get_context("spawn")
                pool = stack.enter_context(ProcessPoolExecutor(
                    jobs, mp_context=context, initializer=_start_worker,
                    initargs=(self.dataset, self.folder, self.dashboard_url)))  # fmt: skip
                written = pool.map(_worker_pages, chunks)
            for count in written:
                pages += count
                if progress is not None:
                    progress(pages, len(selections))
        for lang in LANG_NAMES:
            self._write(f"{lang}/index.html", self.index(lang))
        self._write("index.html", self.landing())
        (self.folder / MARKER).write_text("govbudget static site\n", "utf-8")
        return pages + len(LANG_NAMES) + 1

    def _write(self, relative: str, content: str) -> None:
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, "utf-8")


_WORKER: list[SiteWriter] = []


def _start_worker(dataset: Path, folder: Path, dashboard_url: str | None) -> None:
    _WORKER.append(SiteWriter(dataset, folder, dashboard_url))


def _worker_pages(selections: list[Selection]) -> int:
    return _WORKER[0].write_pages(selections)


def publish_site(
    dataset: Path,
    out: str | Path,
    *,
    dashboard_url: str | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Publish the prepared ``dataset`` (see :func:`govbudget.outputs.dashboard.prepare`) into ``out``
    with ``jobs`` processes, replacing a site published there before; returns the page count.

    Refuses to replace a non-empty folder that is not a govbudget site.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"文件夹已有其他内容 · folder holds something else than a site: {out}")
    with atomic_folder(out) as tmp:
        return SiteWriter(dataset, tmp, dashboard_url).write(jobs, progress)


__all__ = ["SiteWriter", "download_name", "publish_site"]
