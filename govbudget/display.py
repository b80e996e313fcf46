"""What the report notebooks call, so that they stay thin: load, then show.

* loading: :func:`load_department`, :func:`load_city` (read, check, tidy lines — one call each);
* tables with the logic in them: :func:`totals`, :func:`findings_table`, :func:`blocking`,
  :func:`three_public_by_department` (plain DataFrames, tested);
* showing: :func:`setup`, :func:`heading`, :func:`show_headline`, :func:`show_findings`,
  :func:`show_chart` (a chart and the data table under it), :func:`show_table`.

Charts are shown as a ``text/html`` output (a ``<div>`` and a ``Plotly.newPlot`` call relying on
a page-wide plotly.js, see :mod:`govbudget.site`) plus the plotly JSON mimetype that JupyterLab
renders itself. Every label exists in Chinese and English (``lang`` 'zh' or 'en').
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from govbudget.money import format_amount

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_LABELS: dict[str, tuple[str, str]] = {
    "department_report": (
        "{department} {year}年{phase}公开情况报告",
        "{department}: {year} {phase} disclosure report",
    ),
    "city_overview": ("{year}年{phase}全市公开情况概览", "City overview: {year} {phase}"),
    "totals": ("主要数字", "Totals"),
    "findings": ("合规检查结果", "Compliance findings"),
    "charts": ("图表", "Charts"),
    "execution": ("预算与决算对比", "Budget against final accounts"),
    "history": ("历年变化", "Year on year"),
    "compliance": ("各部门公开合规情况", "Compliance of all departments"),
    "blocking": ("存在错误、暂不宜公开的部门", "Packages whose errors block publication"),
    "spending": ("全市支出功能分类", "The city's spending by function"),
    "three_public": (
        "各部门“三公”经费和机关运行经费",
        "'Three public' expenses and administrative costs by department",
    ),
    "unreadable": ("无法读取的工作簿", "Workbooks that could not be read"),
    "feedback": ("反馈工作簿（问题单元格已标注）：", "Feedback workbook (cells marked): "),
    "data_table": ("数据表", "Data table"),
    "no_findings": ("未发现问题。", "No findings."),
    "more_rows": (
        "另有 {n} 行未显示，完整列表见 findings.xlsx。",
        "{n} more rows not shown; findings.xlsx has them all.",
    ),
    "findings_count": (
        "错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个；得分 {score}",
        "{errors} errors, {warnings} warnings, {infos} notes; score {score}",
    ),
    "card_total": ("支出合计（万元）", "Total expenditure (10k yuan)"),
    "card_change": ("比上年", "On last year"),
    "card_execution": ("预算执行率", "Budget execution"),
    "card_score": ("公开质量得分", "Disclosure score"),
    "card_errors": ("错误", "Errors"),
    "card_warnings": ("警告", "Warnings"),
    "card_packages": ("公开包", "Packages"),
    "card_departments": ("部门", "Departments"),
    "card_blocked": ("存在错误的公开包", "Packages with errors"),
    "severity": ("严重程度", "Severity"),
    "rule": ("规则", "Rule"),
    "where": ("位置", "Where"),
    "table": ("表", "Table"),
    "code": ("科目编码", "Code"),
    "message": ("说明", "Message"),
    "expected": ("应为（元）", "Expected (yuan)"),
    "actual": ("实际（元）", "Actual (yuan)"),
    "difference": ("差额（元）", "Difference (yuan)"),
    "item": ("项目", "Item"),
    "amount": ("金额（元）", "Amount (yuan)"),
    "department": ("部门", "Department"),
    "level": ("级次", "Level"),
    "score": ("得分", "Score"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "rules": ("主要问题规则", "Main rules broken"),
    "file": ("文件", "File"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
    "budget": ("预算", "budget"),
    "final": ("决算", "final accounts"),
    "income_total": ("收入总计", "Total income"),
    "expenditure_total": ("支出总计", "Total expenditure"),
    "expenditure": ("本年支出合计", "Expenditure of the year"),
    "basic": ("基本支出", "Basic expenditure"),
    "project": ("项目支出", "Project expenditure"),
    "fiscal": ("财政拨款支出", "Fiscal appropriation spending"),
    "three_public_total": ("“三公”经费合计", "'Three public' expenses"),
    "outbound": ("因公出国（境）费", "Official travel abroad"),
    "vehicle": ("公务用车购置及运行费", "Official vehicles"),
    "reception": ("公务接待费", "Official reception"),
    "admin_operating": ("机关运行经费", "Administrative operating costs"),
    "none": ("—", "—"),
}

_CSS = """<style>
.gb-table{border-collapse:collapse;font-size:13px;margin:4px 0 18px}
.gb-table th,.gb-table td{text-align:left}.gb-table th{background:#f3f6fa;font-weight:600}
.gb-table td,.gb-table th{border-bottom:1px solid #e3e3e3;padding:3px 8px;vertical-align:top}
.gb-table td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.gb-table tr.gb-error td:first-child{color:#b00020;font-weight:600}
.gb-table tr.gb-warning td:first-child{color:#8a5a00;font-weight:600}
.gb-cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px}
.gb-card{border:1px solid #d8dee6;border-radius:6px;padding:8px 16px;min-width:120px}
.gb-card span{display:block;font-size:12px;color:#555}.gb-card b{font-size:22px}
.gb-caption{font-size:13px;color:#555;margin:2px 0}
</style>"""


def t(key: str, lang: str = "zh", **values: object) -> str:
    """A label in ``lang`` ('zh' or 'en'), filled in with ``values``."""
    zh, en = _LABELS[key]
    return (en if lang == "en" else zh).format(**values)


def _display(obj: Any, raw: bool = False) -> None:
    from IPython.display import display

    display(obj, raw=raw)


def _html(markup: str) -> None:
    _display({"text/html": markup}, raw=True)


def fmt_yuan(value: Decimal | int | None) -> str:
    """Exact 元 amount as text with thousands separators ('' for None)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    fen = int((Decimal(value) * 100).to_integral_value())
    return format_amount(fen, "元", 2)


# --- loading -------------------------------------------------------------------------------


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


# --- tables --------------------------------------------------------------------------------


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
        (t(r["severity"], lang) if r["severity"] in SEVERITY_ORDER else r["severity"], r["rule"],
         _where(r["sheet"], r["cell"]), r["table"] or "", r["code"] or "",
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


# --- HTML ----------------------------------------------------------------------------------


#: formatted amounts and rates ('2,166.62', '-1.48', '12,000'), not codes ('30101')
_NUMBER_TEXT = re.compile(r"^[-+]?\d[\d,]*\.\d+%?$|^[-+]?\d{1,3}(,\d{3})+%?$")


def _cell(value: object) -> str:
    if isinstance(value, str) and _NUMBER_TEXT.match(value):
        return f'<td class="n">{html.escape(value)}'
    if isinstance(value, Decimal):
        return f'<td class="n">{fmt_yuan(value) if value.as_tuple().exponent >= -2 else value}'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{"" if value != value else html.escape(f"{value:,}")}'
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "<td>"
    return f"<td>{html.escape(str(value))}"


def table_html(frame: pd.DataFrame, *, row_classes: Sequence[str] | None = None) -> str:
    """A DataFrame as a compact HTML table (escaped; amounts right-aligned, exact)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for index, values in enumerate(frame.itertuples(index=False)):
        css = f' class="{row_classes[index]}"' if row_classes else ""
        rows.append(f"<tr{css}>" + "".join(_cell(v) for v in values) + "</tr>")
    return f'<table class="gb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def chart_bundle(chart: Any) -> dict[str, Any]:
    """The outputs of a chart: HTML for exported pages, plotly JSON for JupyterLab."""
    import plotly.io as pio

    figure = chart.figure
    markup = pio.to_html(figure, include_plotlyjs=False, full_html=False, default_height="480px",
                         config={"displaylogo": False, "responsive": True})  # fmt: skip
    return {"text/html": markup, "application/vnd.plotly.v1+json": json.loads(figure.to_json())}


def headline_html(cards: Sequence[tuple[str, str]]) -> str:
    """Figure cards: ``(label, value)`` pairs."""
    items = "".join(f'<div class="gb-card"><span>{html.escape(label)}</span><b>'
                    f"{html.escape(value)}</b></div>" for label, value in cards)  # fmt: skip
    return f'<div class="gb-cards">{items}</div>'


# --- showing -------------------------------------------------------------------------------


def setup(lang: str = "zh") -> None:
    """First call of a report notebook: the report's styles."""
    _html(_CSS)


def heading(key: str, lang: str = "zh", level: int = 2, **values: object) -> None:
    """A section heading in ``lang``."""
    _html(f"<h{level}>{html.escape(t(key, lang, **values))}</h{level}>")


def show_table(frame: pd.DataFrame, *, caption: str = "", limit: int | None = None,
               lang: str = "zh") -> None:  # fmt: skip
    """Show a table (at most ``limit`` rows, saying how many more there are)."""
    shown = frame if limit is None else frame.head(limit)
    classes = frame.attrs.get("severity")
    classes = [f"gb-{s}" for s in classes[: len(shown)]] if classes else None
    parts = [f'<p class="gb-caption">{html.escape(caption)}</p>'] if caption else []
    parts.append(table_html(shown, row_classes=classes))
    if len(frame) > len(shown):
        parts.append(f'<p class="gb-caption">{t("more_rows", lang, n=len(frame) - len(shown))}</p>')
    _html("".join(parts))


def show_chart(chart: Any, *, table: bool = True, lang: str = "zh") -> None:
    """Show a chart and, under it, the data table it draws."""
    _display(chart_bundle(chart), raw=True)
    if table:
        show_table(chart.table(), caption=f"{t('data_table', lang)}：{chart.title}"
                   if lang == "zh" else f"{t('data_table', lang)}: {chart.title}")  # fmt: skip


def _phase(phase: str | None, lang: str) -> str:
    return t(phase, lang) if phase in ("budget", "final") else (phase or "")


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


def show_department_title(data: DepartmentData, lang: str = "zh") -> None:
    """The report's title, the workbook it reads and the department's headline figures."""
    package = data.package
    title = t("department_report", lang, department=data.department, year=package.year or "",
              phase=_phase(package.phase, lang))  # fmt: skip
    facts = " · ".join(str(v) for v in (Path(package.file).name, package.level) if v)
    _html(f'<h1>{html.escape(title)}</h1><p class="gb-caption">{html.escape(facts)}</p>')
    show_headline(*department_cards(data, lang))
    if data.failures:
        heading("unreadable", lang, level=3)
        _html("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in data.failures) + "</ul>")


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


def show_city_title(city: CityData, lang: str = "zh") -> None:
    """The overview's title, its headline figures and the workbooks that could not be read."""
    title = t("city_overview", lang, year=city.year or "", phase=_phase(city.phase, lang))
    _html(f"<h1>{html.escape(title)}</h1>")
    show_headline(city_cards(city, lang))
    if city.report.failures:
        heading("unreadable", lang, level=3)
        items = "".join(f"<li>{html.escape(str(f))}</li>" for f in city.report.failures)
        _html(f"<ul>{items}</ul>")


def show_headline(cards: Sequence[tuple[str, str]], sentence: str = "") -> None:
    """Show figure cards and an optional sentence under them."""
    _html(headline_html(cards) + (f"<p>{html.escape(sentence)}</p>" if sentence else ""))


def show_findings(findings: pd.DataFrame, lang: str = "zh", *, score: float | None = None,
                  limit: int = 200) -> None:  # fmt: skip
    """Counts per severity, then the findings table, errors first, with cell references."""
    counts = findings["severity"].value_counts() if not findings.empty else pd.Series(dtype=int)
    line = t("findings_count", lang, errors=counts.get("error", 0),
             warnings=counts.get("warning", 0), infos=counts.get("info", 0),
             score="—" if score is None else f"{score:.1f}")  # fmt: skip
    _html(f"<p>{html.escape(line)}</p>")
    if findings.empty:
        _html(f"<p>{t('no_findings', lang)}</p>")
        return
    show_table(findings_table(findings, lang), limit=limit, lang=lang)


def show_feedback(data: DepartmentData, out: str | Path, lang: str = "zh") -> Path | None:
    """Write the department's feedback workbook into ``out`` (when given) and say where."""
    if not out:
        return None
    from govbudget.feedback import write_feedback

    path = write_feedback(Path(data.package.file), data.result.findings, Path(out))
    _html(f"<p>{html.escape(t('feedback', lang))}<code>{html.escape(str(path))}</code></p>")
    return path


__all__ = [
    "CityData",
    "DepartmentData",
    "blocking",
    "chart_bundle",
    "city_cards",
    "department_cards",
    "findings_table",
    "fmt_yuan",
    "heading",
    "headline_html",
    "load_city",
    "load_department",
    "setup",
    "show_chart",
    "show_city_title",
    "show_department_title",
    "show_feedback",
    "show_findings",
    "show_headline",
    "show_table",
    "t",
    "table_html",
    "three_public_by_department",
    "totals",
]
