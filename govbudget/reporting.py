"""What a report says: the data it loads and the tables and figures with logic in them.

* loading: :func:`load_department`, :func:`load_city` — read, check and tidy lines, one call each;
* tables: :func:`totals`, :func:`findings_table`, :func:`blocking`,
  :func:`three_public_by_department` (plain DataFrames);
* headline figures: :func:`department_cards`, :func:`city_cards`.

:mod:`govbudget.display` shows them; every label exists in Chinese and English (:func:`t`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from govbudget.labels import SEVERITY_ORDER, label, phase_label, scoped
from govbudget.tables import TABLE_BY_ID

t = scoped("report")


# --- loading -----------------------------------------------------------------------------


@dataclass
class DepartmentData:
    """One package, checked, and the tidy lines of it and of its department's other packages."""

    package: Any  # govbudget.model.Package
    result: Any  # govbudget.findings.PackageResult
    lines: pd.DataFrame
    findings: pd.DataFrame
    failures: list[str] = field(default_factory=list)

    @property
    def department(self) -> str:
        return self.package.department or Path(self.package.file).stem

    @property
    def own_lines(self) -> pd.DataFrame:
        """The tidy lines of the package itself (not of the related ones)."""
        lines, package = self.lines, self.package
        mask = (lines["package"] == package.id) & (lines["year"] == package.year)
        return lines[mask & (lines["phase"] == package.phase)]

    def view(self, lang: str = "zh") -> Any:
        """The package's page in the page model (:mod:`govbudget.views`): the same cards and
        charts, in the same order, as its dashboard and static-site page."""
        from govbudget.findings import Report
        from govbudget.views import Selection, build_view

        name = self.department
        lines, findings, scores = (
            frame.assign(department=frame["department"].fillna(name))
            for frame in (self.lines, self.findings, Report([self.result]).scores())
        )
        selection = Selection(name, self.package.year, self.package.phase or "budget", lang)
        return build_view(lines, findings, scores, selection)

    def has_execution(self) -> bool:
        """Both the budget and the final accounts of the package's year are present."""
        mine = self.lines[self.lines["year"] == self.package.year]
        return {"budget", "final"} <= set(mine["phase"].dropna())

    def has_history(self) -> bool:
        """An earlier year of the same phase is present."""
        same = self.lines[self.lines["phase"] == self.package.phase]
        return same["year"].dropna().nunique() > 1


def _read_all(paths: Iterable[str | Path]) -> tuple[list[Any], list[str]]:
    from govbudget.errors import InputError
    from govbudget.read import read_package

    packages, failures = [], []
    for path in paths:
        try:
            packages.append(read_package(path))
        except InputError as err:
            failures.append(str(err))
    return packages, failures


def load_department(
    package: str | Path = "",
    *,
    related: Sequence[str | Path] = (),
    data: str | Path = "",
    department: str = "",
    year: int | None = None,
    phase: str | None = None,
) -> DepartmentData:
    """Read and check a department's package and read its other packages (``related``).

    Give ``package`` (a workbook), or ``data`` (a folder) with ``department`` (and ``year`` /
    ``phase``; default the latest). Without ``related``, the department's other workbooks are
    looked up in ``data``. Only years up to the package's own are kept.
    """
    from govbudget.check import check_package
    from govbudget.errors import UsageError
    from govbudget.findings import Report
    from govbudget.read import find_workbooks, read_lines, read_package

    failures: list[str] = []
    others: list[Any] = []
    if package:
        main = read_package(package)
        if not related and data:
            others, failures = _read_all(p for p in find_workbooks([data]) if p != Path(package))
    elif data and department:
        found, failures = _read_all(find_workbooks([data]))
        mine = [
            p
            for p in found
            if p.department == department
            and (year is None or p.year == year)
            and (phase is None or p.phase == phase)
        ]
        if not mine:
            raise UsageError(f"{data}: no package of {department} / 未找到该部门的公开包")
        main = max(mine, key=lambda p: (p.year or 0, p.phase == "budget"))
        others = [p for p in found if p is not main]
    else:
        raise UsageError("give package, or data and department / 请指定工作簿，或数据目录和部门")
    if related:
        others, failures = _read_all(related)
    others = [
        p for p in others if p.department == main.department and (p.year or 0) <= (main.year or 0)
    ]
    result = check_package(main)
    lines = read_lines([main, *others])
    return DepartmentData(main, result, lines, Report([result]).to_frame(), failures)


@dataclass
class CityData:
    """Every package of one year and phase, checked, and their tidy lines."""

    report: Any  # govbudget.findings.Report
    lines: pd.DataFrame
    year: int | None
    phase: str | None

    @functools.cached_property
    def findings(self) -> pd.DataFrame:
        return self.report.to_frame()

    @functools.cached_property
    def scores(self) -> pd.DataFrame:
        return self.report.scores()

    def view(self, lang: str = "zh") -> Any:
        """The city's page in the page model (:mod:`govbudget.views`), as on the dashboard."""
        from govbudget.views import Selection, build_view

        selection = Selection(None, self.year, self.phase or "budget", lang)
        return build_view(self.lines, self.findings, self.scores, selection)


def load_city(
    data: str | Path = "",
    *,
    packages: Sequence[str | Path] = (),
    year: int | None = None,
    phase: str | None = None,
) -> CityData:
    """Read and check ``packages`` (or every workbook under ``data``); keep ``year``/``phase``
    (default: the latest year, budget before final)."""
    from govbudget.check import check_paths
    from govbudget.findings import Report
    from govbudget.read import read_lines

    report = check_paths(list(packages) or [data])
    results = report.results
    if year is None and results:
        year = max(r.package.year or 0 for r in results) or None
    if phase is None and results:
        phases = {r.package.phase for r in results if r.package.year == year}
        phase = "budget" if "budget" in phases else next(iter(sorted(phases, key=str)), None)
    kept = [r for r in results if r.package.year == year and r.package.phase == phase]
    city = Report(kept, report.failures)
    return CityData(city, read_lines(r.package for r in kept), year, phase)


# --- tables ------------------------------------------------------------------------------


def totals(package: Any, lang: str = "zh") -> pd.DataFrame:
    """The package's main figures, exact 元, each with the sheet and cell it comes from."""
    wanted: list[tuple[str, str, tuple[str | None, ...], str]] = [
        # (label key, table id, row items accepted in order, measure)
        ("income_total", "summary", ("income_total",), "total"),
        ("expenditure_total", "summary", ("expenditure_total",), "total"),
        ("expenditure", "expenditure", ("total",), "total"),
        ("basic", "expenditure", ("total",), "basic"),
        ("project", "expenditure", ("total",), "project"),
        ("fiscal", "fiscal_summary", ("expenditure_total",), "total"),
        ("three_public_total", "three_public", ("total", None), "total"),
        ("admin_operating", "three_public", ("total", None), "admin_operating"),
    ]
    records = []
    for key, table_id, items, measure in wanted:
        table = package.tables.get(table_id)
        rows = list(table.rows) if table is not None else []
        for item in items:
            found = [r.amounts[measure] for r in rows
                     if r.item == item and measure in r.amounts and r.amounts[measure].fen is not None]  # fmt: skip
            if found:
                amount = found[0]
                where = f"{table.sheet}!{amount.cell}"
                records.append((t(key, lang), Decimal(amount.fen) / 100, where))
                break
    columns = [t("item", lang), t("amount", lang), t("where", lang)]
    return pd.DataFrame.from_records(records, columns=columns)


def _where(sheet: object, cell: object) -> str:
    sheet, cell = (str(v) if v is not None and v == v else "" for v in (sheet, cell))
    return f"{sheet}!{cell}" if sheet and cell else sheet or cell


def table_name(table_id: str | None, lang: str = "zh") -> str:
    """The standard table's name ('支出总表' / 'Expenditure: …'), or the id when unknown."""
    spec = TABLE_BY_ID.get(table_id or "")
    return (spec.en if lang == "en" else spec.zh) if spec else (table_id or "")


def findings_table(findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Findings for a person: errors first, each with its ``sheet!cell`` reference."""
    keys = ("severity", "rule", "where", "table", "code", "message", "expected", "actual",
            "difference")  # fmt: skip
    columns = [t(k, lang) for k in keys]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    order = findings["severity"].map(SEVERITY_ORDER).fillna(9)
    ordered = findings.assign(_order=order).sort_values(["_order", "rule"], kind="stable")
    records = [
        (label(f"severity.{r['severity']}", lang) if r["severity"] in SEVERITY_ORDER else r["severity"], r["rule"],
         _where(r["sheet"], r["cell"]), table_name(r["table"], lang), r["code"] or "",
         r[f"message_{'en' if lang == 'en' else 'zh'}"], r["expected"], r["actual"],
         r["difference"])
        for r in ordered.to_dict("records")
    ]  # fmt: skip
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame.attrs["severity"] = list(ordered["severity"])
    return frame


def blocking(scores: pd.DataFrame, findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Packages with at least one error (they should not be published as they are), most
    errors first, with the rules they break most."""
    keys = ("department", "level", "errors", "warnings", "score", "rules", "file")
    columns = [t(k, lang) for k in keys]
    bad = scores[scores["errors"] > 0] if not scores.empty else scores
    if bad.empty:
        return pd.DataFrame(columns=columns)
    errors = findings[findings["severity"] == "error"]
    records = []
    for row in bad.sort_values(["errors", "score"], ascending=[False, True]).to_dict("records"):
        mine = errors[(errors["package"] == row["package"]) & (errors["year"] == row["year"])
                      & (errors["phase"] == row["phase"])]  # fmt: skip
        top = mine["rule"].value_counts().head(3)
        rules = ", ".join(f"{rule}×{count}" for rule, count in top.items())
        records.append((row["department"] or row["package"], row["level"] or "", row["errors"],
                        row["warnings"], row["score"], rules, row["package"]))  # fmt: skip
    return pd.DataFrame.from_records(records, columns=columns)


_THREE_PUBLIC = ("outbound", "vehicle", "reception", "three_public_total", "admin_operating")


def three_public_by_department(lines: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """三公 (by part) and 机关运行经费 of each department (latest year and phase in ``lines``),
    exact 万元, largest 三公 first; the figures are those of :func:`charts.three_public_trend`."""
    from govbudget.charts import three_public_trend

    keys = ("department", *_THREE_PUBLIC)
    columns = [t(k, lang) + ("" if k == "department" else (" (10k yuan)" if lang == "en"
               else "（万元）")) for k in keys]  # fmt: skip
    if lines.empty:
        return pd.DataFrame(columns=columns)
    records = []
    for department in sorted(lines["department"].dropna().unique()):
        chart = three_public_trend(lines, department=department, lang=lang)
        if chart.data.empty:
            continue
        last = chart.data.iloc[-1].tolist()  # year, outbound, vehicle, reception, total, admin
        records.append((department, *last[1:6]))
    frame = pd.DataFrame.from_records(records, columns=columns)
    total = columns[4]
    order = frame[total].map(lambda v: v if isinstance(v, Decimal) else Decimal(-1))
    return frame.loc[order.sort_values(ascending=False, kind="stable").index].reset_index(drop=True)


# --- headline figures --------------------------------------------------------------------


def department_cards(data: DepartmentData, lang: str = "zh") -> tuple[list[tuple[str, str]], str]:
    """Headline figures of a department report (total, change, execution, score, findings)
    and the sentence that says them."""
    from govbudget.charts import headline

    package = data.package
    figures = headline(data.lines, department=package.department, year=package.year,
                       phase=package.phase)  # fmt: skip
    none = t("none", lang)
    change = figures.get("change_pct")
    rate = figures.get("execution_rate")
    cards = [
        (t("card_total", lang), figures.get("total_wan") or none),
        (t("card_change", lang), none if change is None else f"{change:+}%"),
        (t("card_execution", lang), none if rate is None else f"{rate}%"),
        (t("card_score", lang), f"{data.result.score:.1f}"),
        (t("card_errors", lang), str(data.result.errors)),
        (t("card_warnings", lang), str(data.result.warnings)),
    ]
    return cards, str(figures.get(f"text_{'en' if lang == 'en' else 'zh'}") or "")


def city_cards(city: CityData, lang: str = "zh") -> list[tuple[str, str]]:
    """Headline figures of the city overview."""
    scores = city.scores
    return [
        (t("card_packages", lang), str(len(scores))),
        (t("card_departments", lang), str(scores["department"].nunique())),
        (t("card_errors", lang), str(int(scores["errors"].sum()))),
        (t("card_warnings", lang), str(int(scores["warnings"].sum()))),
        (t("card_blocked", lang), str(int((scores["errors"] > 0).sum()))),
    ]


__all__ = [
    "SEVERITY_ORDER",
    "CityData",
    "DepartmentData",
    "blocking",
    "city_cards",
    "department_cards",
    "findings_table",
    "load_city",
    "load_department",
    "phase_label",
    "t",
    "table_name",
    "three_public_by_department",
    "totals",
]
