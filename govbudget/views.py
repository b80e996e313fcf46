"""The page model: what a department or city page shows, defined once.

:func:`build_view` turns checked data (tidy lines, findings, scores) and a :class:`Selection`
into a :class:`View`: headline cards, the score and findings, and the charts in their order,
each a :class:`ChartView` with its table, CSV and accessible description. The dashboard, the
static site and the report pages render a ``View`` with the same HTML
(:mod:`govbudget.outputs.dashboard.html`); none decides on its own which charts a page has.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from govbudget import charts
from govbudget.io import csv_text
from govbudget.labels import SEVERITY_ORDER, scoped
from govbudget.model import LINE_COLUMNS
from govbudget.outputs.dashboard.common import Selection

text = scoped("dashboard")
#: How many departments the city page names as the lowest-scoring ones.
LOWEST = 5


@dataclass(frozen=True)
class Card:
    """One headline figure: ``key`` names it (CSS class ``gb-<key>``)."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class ChartView:
    """One chart of a page: ``key`` is stable (element ids, CSV names), ``description`` says in
    one sentence what it shows (its accessible description)."""

    key: str
    chart: charts.Chart
    description: str

    @property
    def title(self) -> str:
        return self.chart.title

    def csv(self) -> str:
        """The chart's data table as CSV text (exact amounts, formula-safe text cells)."""
        return frame_csv(self.chart.data)


@dataclass(frozen=True)
class View:
    """What one selection shows."""

    selection: Selection
    headline: dict  # charts.headline(): total_wan, change_pct, execution_rate, …
    cards: tuple[Card, ...]
    score: float | None
    errors: int
    warnings: int
    packages: int
    findings: pd.DataFrame  # of the selection, errors first
    lowest: pd.DataFrame  # city view: the lowest-scoring packages that have findings
    charts: tuple[ChartView, ...]
    lines: pd.DataFrame  # the tidy lines of the selection: the download


def of_selection(frame: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """The rows of ``frame`` (lines, findings or scores) of the selection."""
    mask = (frame["year"] == sel.year) & (frame["phase"] == sel.phase)
    if sel.department is not None:
        mask &= frame["department"] == sel.department
    return frame[mask.fillna(False)]


def build_view(
    lines: pd.DataFrame, findings: pd.DataFrame, scores: pd.DataFrame, sel: Selection
) -> View:
    """The page of ``sel`` (a valid selection) over checked data of one or many packages."""
    lang, dept = sel.lang, sel.department
    chosen = of_selection(lines, sel)
    findings = of_selection(findings, sel)
    scores = of_selection(scores, sel)
    top = charts.headline(lines, department=dept, year=sel.year or 0, phase=sel.phase)
    own = lines if dept is None else lines[lines["department"] == dept]
    same_year = own[own["year"] == sel.year]
    both = set(same_year["phase"]) >= {"budget", "final"}
    shown = [("spending", charts.spending_by_function(chosen, lang=lang))]
    if dept is None:
        shown += [
            ("ranking", charts.score_ranking(scores, lang=lang)),
            ("compliance", charts.compliance_heatmap(findings, lang=lang)),
            ("flow", charts.money_flow(chosen, lang=lang)),
            ("three_public", charts.three_public_trend(own, lang=lang, phase=sel.phase)),
        ]
    else:
        shown += [
            ("economic", charts.basic_by_economic(chosen, lang=lang)),
            ("flow", charts.money_flow(chosen, lang=lang)),
            ("history", charts.year_on_year(own, department=dept, lang=lang, phase=sel.phase)),
            ("three_public",
             charts.three_public_trend(own, department=dept, lang=lang, phase=sel.phase)),
        ]  # fmt: skip
    if both:
        shown.append(("execution", charts.execution(*_phases(same_year), lang=lang)))
    findings = findings.sort_values(
        "severity", key=lambda s: s.map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER)), kind="stable"
    )
    score = float(scores["score"].mean()) if len(scores) else None
    flagged = scores[(scores["errors"] + scores["warnings"]) > 0]
    return View(
        selection=sel,
        headline=top,
        cards=_cards(top, score, sel),
        score=score,
        errors=int(scores["errors"].sum()),
        warnings=int(scores["warnings"].sum()),
        packages=len(scores),
        findings=findings,
        lowest=flagged.nsmallest(LOWEST, "score") if dept is None else scores.iloc[0:0],
        charts=tuple(ChartView(key, chart, text(f"describe_{key}", lang)) for key, chart in shown),
        lines=chosen,
    )


def _cards(top: dict, score: float | None, sel: Selection) -> tuple[Card, ...]:
    lang, total = sel.lang, top.get("total_wan")
    return (
        Card("total", text("total", lang), f"{total} {text('wan', lang)}" if total else "—"),
        Card("change", text("change", lang), _pct(top.get("change_pct"), signed=True)),
        Card("rate", text("rate", lang), _pct(top.get("execution_rate"))),
        Card("score-figure", text("score" if sel.department else "score_city", lang),
             "—" if score is None else f"{score:.1f}"),
    )  # fmt: skip


def _pct(value: Decimal | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+,.2f}%" if signed else f"{value:,.2f}%"


def _phases(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return lines[lines["phase"] == "budget"], lines[lines["phase"] == "final"]


def frame_csv(frame: pd.DataFrame) -> str:
    """A frame as CSV text: exact values, text cells formula-neutralised."""
    return csv_text(frame, lineterminator="\n")


def lines_csv(lines: pd.DataFrame) -> str:
    """Tidy lines as CSV text (``docs/formats.md`` columns, exact amounts, formula-safe)."""
    return frame_csv(lines.loc[:, list(LINE_COLUMNS)])
