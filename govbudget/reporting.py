"""What a report says: the data it loads and the tables and figures with logic in them.

* loading: :func:`load_department`, :func:`load_city` — from the checked dataset (or inputs
  validated on the spot), one call each;
* tables: :func:`totals`, :func:`findings_table`, :func:`blocking`,
  :func:`three_public_by_department` (plain DataFrames);
* headline figures: :func:`department_cards`, :func:`city_cards`.

:mod:`govbudget.display` shows them; every label exists in Chinese and English (:func:`t`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from govbudget.labels import SEVERITY_ORDER, label, phase_label, scoped
from govbudget.money import fen_to_unit
from govbudget.tables import TABLE_BY_ID

if TYPE_CHECKING:
    from govbudget.dataset import Dataset
    from govbudget.views import View

t = scoped("report")


# --- loading -----------------------------------------------------------------------------


def checked(source: Any) -> Dataset:
    """The checked dataset of ``source``: a :class:`~govbudget.dataset.Dataset`, a dataset
    folder (``govbudget report`` writes ``out/dataset``), or inputs (a workbook, a PDF, a
    folder of them) validated here; empty: :func:`govbudget.paths.default_data`."""
    from govbudget.dataset import Dataset, is_dataset, load
    from govbudget.paths import default_data, resolve

    if isinstance(source, Dataset):
        return source
    if not source:
        source = default_data()
    if isinstance(source, str | Path):
        source = resolve(source)
    if is_dataset(source):
        return load(source)
    from govbudget.validate import validate

    sources = [source] if isinstance(source, str | Path) else list(source)
    return Dataset.from_report(validate(sources))


@dataclass
class DepartmentData:
    """One package (its summary, findings and tidy lines) with the tidy lines of its
    department's other packages up to its year."""

    package: PackageSummary
    lines: pd.DataFrame
    findings: pd.DataFrame
    failures: list[str] = field(default_factory=list)

    @property
    def department(self) -> str:
        return self.package.department or Path(self.package.file).stem

    @property
    def own_lines(self) -> pd.DataFrame:
        """The tidy lines of the package itself (not of the related ones)."""
        return self.lines[self.lines["package"] == self.package.id]

    def view(self, lang: str = "zh") -> View:
        """The package's page in the page model (:mod:`govbudget.views`): the same cards and
        charts, in the same order, as its dashboard and static-site page."""
        from govbudget.views import Selection, build_view

        name, info = self.department, self.package
        score = pd.DataFrame([{
            "package": info.id, "department": name, "year": info.year, "phase": info.phase,
            "level": info.level, "score": info.score, "errors": info.errors,
            "warnings": info.warnings,
        }])  # fmt: skip
        lines, findings = (
            frame.assign(department=frame["department"].fillna(name))
            for frame in (self.lines, self.findings)
        )
        selection = Selection(name, info.year, info.phase or "budget", lang)
        return build_view(lines, findings, score, selection)

    def has_execution(self) -> bool:
        """Both the budget and the final accounts of the package's year are present."""
        mine = self.lines[self.lines["year"] == self.package.year]
        return {"budget", "final"} <= set(mine["phase"].dropna())

    def has_history(self) -> bool:
        """An earlier year of the same phase is present."""
        same = self.lines[self.lines["phase"] == self.package.phase]
        return same["year"].dropna().nunique() > 1


def load_department(
    source: Any,
    package: str = "",
    *,
    department: str = "",
    year: int | None = None,
    phase: str | None = None,
) -> DepartmentData:
    """A department's package from ``source`` (see :func:`checked`), with its department's
    other packages up to its year.

    ``package`` is the package id; without it, the package of ``department`` (and ``year`` /
    ``phase``; default the latest, budget first), else the first package of ``source``.
    """
    from govbudget.errors import UsageError

    data = checked(source)
    scores = data.scores
    if package:
        mine = scores[scores["package"] == package]
    elif department:
        mine = scores[(scores["department"] == department) & scores["representative"]]
        if year is not None:
            mine = mine[mine["year"] == year]
        if phase is not None:
            mine = mine[mine["phase"] == phase]
        mine = mine.assign(_budget=mine["phase"] == "budget").sort_values(
            ["year", "_budget"], ascending=False, kind="stable", na_position="last"
        )
    else:
        mine = scores[scores["representative"]]
    if mine.empty:
        raise UsageError(
            f"{source}: 未找到该公开包或部门 · no such package or department "
            f"({package or department or '-'})"
        )
    info = PackageSummary.of(mine.iloc[0])
    lines, same = data.lines, data.lines["department"] == info.department
    others = set(scores.loc[scores["representative"], "package"]) | {info.id}
    mask = same & lines["package"].isin(others) & (lines["year"].fillna(0) <= (info.year or 0))
    keep = mask | (lines["package"] == info.id)
    findings = data.findings[data.findings["package"] == info.id]
    failures = [f"{f}: {m}" for f, m in data.failed.itertuples(index=False)]
    return DepartmentData(info, lines[keep], findings, failures)


@dataclass(frozen=True)
class PackageSummary:
    """What a report says of a package besides its lines: identity, score, counts."""

    id: str
    file: str
    department: str | None
    year: int | None
    phase: str | None
    level: str | None
    score: float
    errors: int
    warnings: int

    @classmethod
    def of(cls, row: pd.Series) -> PackageSummary:
        def value(key: str) -> Any:
            item = row[key]
            return None if item is None or item is pd.NA or item != item else item

        year = value("year")
        return cls(
            str(row["package"]), str(row["file"]), value("department"),
            int(year) if year is not None else None, value("phase"), value("level"),
            float(row["score"]), int(row["errors"]), int(row["warnings"]),
        )  # fmt: skip


@dataclass
class CityData:
    """Every package of one year and phase (twins resolved): lines, findings, scores."""

    lines: pd.DataFrame
    findings: pd.DataFrame
    scores: pd.DataFrame
    failed: pd.DataFrame
    year: int | None
    phase: str | None
    history: pd.DataFrame  # the lines of every year up to ``year``, both phases: the trends

    def view(self, lang: str = "zh") -> View:
        """The city's page in the page model (:mod:`govbudget.views`), as on the dashboard."""
        from govbudget.views import Selection, build_view

        selection = Selection(None, self.year, self.phase or "budget", lang)
        return build_view(self.history, self.findings, self.scores, selection)


def load_city(source: Any, *, year: int | None = None, phase: str | None = None) -> CityData:
    """Every package of ``year`` and ``phase`` in ``source`` (see :func:`checked`); default
    the latest year, budget before final."""
    data = checked(source).representative()
    scores = data.scores
    if year is None and not scores.empty:
        year = int(scores["year"].max()) if scores["year"].notna().any() else None
    if phase is None and not scores.empty:
        phases = set(scores.loc[scores["year"] == year, "phase"].dropna())
        phase = "budget" if "budget" in phases else next(iter(sorted(phases)), None)

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["year"] == year) & (frame["phase"] == phase)]

    history = data.lines[data.lines["year"].fillna(0) <= (year or 0)]
    return CityData(keep(data.lines), keep(data.findings), keep(scores), data.failed, year, phase,
                    history)  # fmt: skip


# --- tables ------------------------------------------------------------------------------


def wan(fen: int) -> Decimal:
    """Fen -> 万元, two places, half-up (as the cards and charts show it)."""
    return fen_to_unit(fen, "万元").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def totals(lines: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A package's main figures (from its tidy lines) in 万元 (two places, half-up: the unit of
    the report's cards and charts), each with where the exact figure is printed."""
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
        rows = lines[(lines["table"] == table_id) & (lines["measure"] == measure)]
        for item in items:
            found = rows[rows["item"].isna() if item is None else rows["item"] == item]
            if not found.empty:
                first = found.iloc[0]
                fen = int(Decimal(str(first["amount_yuan"])) * 100)
                records.append((t(key, lang), wan(fen), _where(first["sheet"], first["cell"])))
                break
    columns = [t("item", lang), t("amount", lang), t("where", lang)]
    return pd.DataFrame.from_records(records, columns=columns)


def _where(sheet: object, cell: object) -> str:
    sheet, cell = (str(v) if v is not None and v == v else "" for v in (sheet, cell))
    return f"{sheet}!{cell}" if sheet and cell else sheet or cell


def _culprit(finding: dict[str, Any]) -> str:
    """``sheet!cell`` of a finding's likely cause ('' when it has none)."""
    cell = finding.get("culprit")
    return _where(finding["sheet"], cell) if isinstance(cell, str) and cell else ""


def table_name(table_id: str | None, lang: str = "zh") -> str:
    """The standard table's name ('支出总表' / 'Expenditure: …'), or the id when unknown."""
    spec = TABLE_BY_ID.get(table_id or "")
    return (spec.en if lang == "en" else spec.zh) if spec else (table_id or "")


def findings_table(findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Findings for a person: errors first, each with its ``sheet!cell`` reference and, for a
    failed sum, the cell that most likely causes it."""
    keys = ("severity", "rule", "where", "culprit", "table", "code", "message", "expected",
            "actual", "difference")  # fmt: skip
    columns = [t(k, lang) for k in keys]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    order = findings["severity"].map(SEVERITY_ORDER).fillna(9)
    ordered = findings.assign(_order=order).sort_values(["_order", "rule"], kind="stable")
    records = [
        (label(f"severity.{r['severity']}", lang) if r["severity"] in SEVERITY_ORDER
         else r["severity"], r["rule"], _where(r["sheet"], r["cell"]), _culprit(r),
         table_name(r["table"], lang), r["code"] or "",
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
    figures = headline(data.lines, department=package.department, year=package.year or 0,
                       phase=package.phase or "")  # fmt: skip
    none = t("none", lang)
    change = figures.get("change_pct")
    rate = figures.get("execution_rate")
    cards = [
        (t("card_total", lang), figures.get("total_wan") or none),
        (t("card_change", lang), none if change is None else f"{change:+}%"),
        (t("card_execution", lang), none if rate is None else f"{rate}%"),
        (t("card_score", lang), f"{package.score:.1f}"),
        (t("card_errors", lang), str(package.errors)),
        (t("card_warnings", lang), str(package.warnings)),
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
    "PackageSummary",
    "blocking",
    "checked",
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
