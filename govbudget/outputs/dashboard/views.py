"""The dashboard over one dataset: the choices it offers, valid selections, URLs and downloads.

What a selection shows is the page model of :mod:`govbudget.views`."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from pathlib import Path

import pandas as pd

from govbudget.dataset import Dataset
from govbudget.outputs.dashboard.common import Selection
from govbudget.outputs.dashboard.texts import LANG_NAMES
from govbudget.tables import LEVELS
from govbudget.views import View, build_view, lines_csv, of_selection


class Dashboard:
    """The dashboard over one dataset: options, valid selections, views, downloads."""

    def __init__(self, data: Dataset) -> None:
        self.data = data = data.representative()
        lines = data.lines
        self._keys = lines[["department", "year", "phase"]].dropna().drop_duplicates()
        level_of = lines.dropna(subset=["department"]).groupby("department")["level"].first()
        order = {level: i for i, level in enumerate(LEVELS)}
        self.departments: list[str] = sorted(
            level_of.index, key=lambda d: (order.get(level_of[d], len(order)), d)
        )
        self.slugs = department_slugs(lines)

    def years(self, department: str | None = None) -> list[int]:
        keys = (
            self._keys if department is None else self._keys[self._keys["department"] == department]
        )
        return sorted(int(y) for y in keys["year"].unique())

    def phases(self, department: str | None, year: int | None) -> list[str]:
        keys = self._keys[self._keys["year"] == year]
        if department is not None:
            keys = keys[keys["department"] == department]
        present = set(keys["phase"])
        return [p for p in ("budget", "final") if p in present]

    def normalise(self, selection: Selection) -> Selection:
        """The nearest valid selection: a known department, a year it has, a phase that year has."""
        department = selection.department if selection.department in self.departments else None
        years = self.years(department)
        year = selection.year if selection.year in years else (years[-1] if years else None)
        phases = self.phases(department, year)
        phase = (
            selection.phase if selection.phase in phases else (phases[0] if phases else "budget")
        )
        lang = selection.lang if selection.lang in LANG_NAMES else "zh"
        return Selection(department, year, phase, lang)

    def selected_lines(self, selection: Selection) -> pd.DataFrame:
        """The tidy lines of the selection's department (or city), year and phase."""
        return of_selection(self.data.lines, selection)

    def view(self, selection: Selection) -> View:
        """Everything the page shows for ``selection`` (normalised first)."""
        data = self.data
        return build_view(data.lines, data.findings, data.scores, self.normalise(selection))

    def query(self, selection: Selection) -> str:
        """The URL query of a selection (``department=<slug>&year=…&phase=…&lang=…``): a link
        that opens the same view (:meth:`from_query`)."""
        pairs = {"year": selection.year, "phase": selection.phase, "lang": selection.lang}
        if selection.department is not None:
            pairs = {"department": self.slugs[selection.department], **pairs}
        return urllib.parse.urlencode(pairs)

    def from_query(self, query: str) -> Selection:
        """The valid selection a URL query names (department by slug or by name); what it
        leaves out or gets wrong falls back as in :meth:`normalise`."""
        values = {k: v[-1] for k, v in urllib.parse.parse_qs(query.lstrip("?")).items()}
        by_slug = {slug: name for name, slug in self.slugs.items()}
        wanted = values.get("department")
        department = by_slug.get(wanted or "", wanted)
        year = values.get("year", "")
        return self.normalise(
            Selection(department, int(year) if year.isdigit() else None,
                      values.get("phase", "budget"), values.get("lang", "zh"))
        )  # fmt: skip

    def csv(self, selection: Selection) -> str:
        """The download: the selection's tidy lines as CSV (formula-safe text cells)."""
        return lines_csv(self.selected_lines(self.normalise(selection)))


_SLUG = re.compile(r"[^a-z0-9_-]+")
_RESERVED = {"city", "index", "assets", "data", "en", "zh"}


def department_slugs(lines: pd.DataFrame) -> dict[str, str]:
    """A URL-safe name per department: its workbook's file name when that is ASCII and its own,
    else ``d`` + a hash of the name (stable across runs)."""
    stems: dict[str, set[str]] = {}
    for department, package in (
        lines[["department", "package"]].dropna().drop_duplicates().itertuples(index=False)
    ):
        stem = _SLUG.sub("-", Path(str(package)).stem.lower()).strip("-")
        stems.setdefault(department, set()).add(stem)
    owners: dict[str, int] = {}
    for found in stems.values():
        for stem in found:
            owners[stem] = owners.get(stem, 0) + 1
    slugs = {}
    for department, found in stems.items():
        stem = next(iter(found)) if len(found) == 1 else ""
        good = stem and owners[stem] == 1 and stem not in _RESERVED and not stem.isdigit()
        slugs[department] = (
            stem if good else "d" + hashlib.sha1(department.encode()).hexdigest()[:10]
        )
    return slugs


def page_path(selection: Selection, slugs: dict[str, str]) -> str:
    """The static site's page for a selection, relative to the site root."""
    who = "city" if selection.department is None else slugs[selection.department]
    return f"{selection.lang}/{who}/{selection.year}-{selection.phase}.html"


def csv_path(selection: Selection, slugs: dict[str, str]) -> str:
    """The selection's CSV download, relative to the site root (or to the dashboard's
    ``govbudget/`` route): ``data/<who>/<year>-<phase>.csv``."""
    who = "city" if selection.department is None else slugs[selection.department]
    return f"data/{who}/{selection.year}-{selection.phase}.csv"


def chart_csv_path(selection: Selection, slugs: dict[str, str], key: str) -> str:
    """One chart's CSV (its data table, in the selection's language), relative to the site root:
    ``data/<who>/<year>-<phase>-<lang>-<chart>.csv``."""
    return csv_path(selection, slugs).removesuffix(".csv") + f"-{selection.lang}-{key}.csv"
