"""What a visitor chose (:class:`Selection`) and what it shows (:class:`View`)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govbudget import charts
from govbudget.dataset import Dataset
from govbudget.io import csv_text
from govbudget.model import LINE_COLUMNS
from govbudget.outputs.dashboard.common import Selection
from govbudget.outputs.dashboard.texts import LANG_NAMES
from govbudget.tables import LEVELS


@dataclass(frozen=True)
class View:
    """What one selection shows."""

    selection: Selection
    headline: dict  # charts.headline(): total_wan, change_pct, execution_rate, …
    score: float | None
    errors: int
    warnings: int
    packages: int
    findings: pd.DataFrame  # of the selection, errors first
    lowest: pd.DataFrame  # city view: the lowest-scoring packages
    charts: tuple[charts.Chart, ...]
    lines: pd.DataFrame  # the tidy lines of the selection: the download


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
        lines = self.data.lines
        mask = (lines["year"] == selection.year) & (lines["phase"] == selection.phase)
        if selection.department is not None:
            mask &= lines["department"] == selection.department
        return lines[mask.fillna(False)]

    def view(self, selection: Selection) -> View:
        """Everything the page shows for ``selection`` (normalised first)."""
        sel = self.normalise(selection)
        lines, lang, dept = self.data.lines, sel.lang, sel.department
        chosen = self.selected_lines(sel)
        findings = _of(self.data.findings, sel)
        scores = _of(self.data.scores, sel)
        top = charts.headline(lines, department=dept, year=sel.year, phase=sel.phase)
        if dept is None:
            same_year = lines[lines["year"] == sel.year]
            shown = (
                charts.spending_by_function(chosen, lang=lang),
                charts.score_ranking(scores, lang=lang),
                charts.compliance_heatmap(findings, lang=lang),
                charts.money_flow(chosen, lang=lang),
            )
            if set(same_year["phase"]) >= {"budget", "final"}:
                shown += (charts.execution(*_phases(same_year), lang=lang),)
        else:
            own = lines[lines["department"] == dept]
            shown = (
                charts.spending_by_function(chosen, lang=lang),
                charts.basic_by_economic(chosen, lang=lang),
                charts.year_on_year(own, department=dept, lang=lang),
                charts.three_public_trend(own, department=dept, lang=lang),
            )
            same_year = own[own["year"] == sel.year]
            if set(same_year["phase"]) >= {"budget", "final"}:
                shown += (charts.execution(*_phases(same_year), lang=lang),)
        findings = findings.sort_values(
            "severity", key=lambda s: s.map({"error": 0, "warning": 1}).fillna(2), kind="stable"
        )
        return View(
            selection=sel,
            headline=top,
            score=float(scores["score"].mean()) if len(scores) else None,
            errors=int(scores["errors"].sum()),
            warnings=int(scores["warnings"].sum()),
            packages=len(scores),
            findings=findings,
            lowest=scores.nsmallest(5, "score") if dept is None else scores.iloc[0:0],
            charts=shown,
            lines=chosen,
        )

    def csv(self, selection: Selection) -> str:
        """The download: the selection's tidy lines as CSV (formula-safe text cells)."""
        return lines_csv(self.selected_lines(self.normalise(selection)))


def _of(frame: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    mask = (frame["year"] == sel.year) & (frame["phase"] == sel.phase)
    if sel.department is not None:
        mask &= frame["department"] == sel.department
    return frame[mask.fillna(False)]


def _phases(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return lines[lines["phase"] == "budget"], lines[lines["phase"] == "final"]


def lines_csv(lines: pd.DataFrame) -> str:
    """Tidy lines as CSV text (``docs/formats.md`` columns, exact amounts, text cells formula-neutralised)."""
    return csv_text(lines.loc[:, list(LINE_COLUMNS)], lineterminator="\n")


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
