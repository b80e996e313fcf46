"""Budget against final accounts (决算/预算 by 类 and 项) and the headline figures of a package."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from govbudget.charts.base import Chart, empty_chart, new_figure, short, title_for, who
from govbudget.charts.format import (
    ON_PLAN,
    OVER,
    UNDER,
    fmt_pct,
    fmt_wan,
    pct_exact,
    wan,
    wan_exact,
)
from govbudget.charts.labels import code_label, depth_name, phase_name, t
from govbudget.charts.select import by_code, coded, for_department, spending, totals_by_package
from govbudget.money import fen_to_yuan

#: How many 项 the deviation panel calls out.
TOP_ITEMS = 12


def execution(budget_lines: pd.DataFrame, final_lines: pd.DataFrame, *, lang: str = "zh") -> Chart:
    """Execution rate (决算 / 预算) by 类, and the 项 with the largest deviations.

    Compares the latest year present in both (budget lines of phase 'budget', final lines of
    phase 'final'; one frame may be passed twice), over the departments present in both.
    """
    what = t("title_execution", lang)
    keys = ("col_depth", "col_code", "col_name", "col_budget", "col_final", "col_deviation",
            "col_rate")  # fmt: skip
    columns = [t(k, lang) for k in keys]
    budget = spending(budget_lines[budget_lines["phase"] == "budget"])
    final = spending(final_lines[final_lines["phase"] == "final"])
    years = set(budget["year"].dropna()) & set(final["year"].dropna())
    departments = set(budget["department"].fillna("")) & set(final["department"].fillna(""))
    if years:
        year = max(years)
        budget, final = (
            f[(f["year"] == year) & f["department"].fillna("").isin(departments)]
            for f in (budget, final)
        )
    both = pd.concat([budget, final]) if years else budget.iloc[:0]
    title = title_for(what, both, lang)
    compared = _compare(budget, final, lang) if years else pd.DataFrame()
    if compared.empty:
        return empty_chart(title, columns, lang)
    figure = _figure(compared, title, lang)
    data = pd.DataFrame(
        {
            columns[0]: [depth_name(d, lang) for d in compared["depth"]],
            columns[1]: compared["code"],
            columns[2]: compared["label"],
            columns[3]: [wan_exact(v) for v in compared["budget"]],
            columns[4]: [wan_exact(v) for v in compared["final"]],
            columns[5]: [wan_exact(v) for v in compared["deviation"]],
            columns[6]: [
                pct_exact(f, b) for f, b in zip(compared["final"], compared["budget"], strict=True)
            ],
        }
    )
    return Chart(figure, data, title)


def _compare(budget: pd.DataFrame, final: pd.DataFrame, lang: str) -> pd.DataFrame:
    """类 and 项 rows matched by code: budget fen, final fen, deviation, label."""
    left = by_code(coded(budget, "functional"))
    right = by_code(coded(final, "functional"))
    merged = left.merge(right, on="code", how="outer", suffixes=("_b", "_f"))
    if merged.empty:
        return merged
    merged["depth"] = merged["depth_f"].fillna(merged["depth_b"]).astype("int64")
    merged = merged[merged["depth"].isin([1, 3])].copy()
    merged["budget"] = merged["fen_b"].fillna(0).astype("int64")
    merged["final"] = merged["fen_f"].fillna(0).astype("int64")
    merged["deviation"] = merged["final"] - merged["budget"]
    year = int(pd.concat([budget["year"], final["year"]]).max())
    names = merged["name_f"].fillna(merged["name_b"])
    merged["label"] = [
        code_label(c, n, year, lang) for c, n in zip(merged["code"], names, strict=True)
    ]
    return merged.sort_values(["depth", "code"]).reset_index(drop=True)


def _figure(compared: pd.DataFrame, title: str, lang: str) -> go.Figure:
    classes = compared[(compared["depth"] == 1) & (compared["budget"] != 0)]
    items = compared[(compared["depth"] == 3) & (compared["deviation"] != 0)]
    items = items.reindex(items["deviation"].abs().sort_values(ascending=False).index)
    items = items.head(TOP_ITEMS)
    high = (26 * max(len(classes), 1) + 60, 40 * max(len(items), 1) + 60)
    figure = make_subplots(  # one above the other: readable at half width and on a phone
        rows=2,
        cols=1,
        subplot_titles=(t("by_class", lang), t("by_item", lang)),
        row_heights=list(high),
        vertical_spacing=0.18,
    )
    new_figure(title, figure=figure)
    hover = "<br>".join(
        [t("hover_budget", lang, v="%{customdata[0]}"),
         t("hover_final", lang, v="%{customdata[1]}"),
         t("hover_rate", lang, v="%{customdata[2]}"),
         t("hover_deviation", lang, v="%{customdata[3]}")]
    )  # fmt: skip
    for frame, row in ((classes, 1), (items, 2)):
        budget, final, deviation = (list(frame[k]) for k in ("budget", "final", "deviation"))
        rate_text = [fmt_pct(f, b) for f, b in zip(final, budget, strict=True)]
        dev_text = [("+" if d > 0 else "") + fmt_wan(d) for d in deviation]
        names = [short(f"{c} {n}") for c, n in zip(frame["code"], frame["label"], strict=True)]
        if row == 1:  # rate by 类, the rate in the label (text on or beside a bar collides)
            x = [f / b * 100 for f, b in zip(final, budget, strict=True)]
            y = [f"{n} · {r}" for n, r in zip(names, rate_text, strict=True)]
        else:  # deviation by 项, called out under each name
            x = [wan(d) for d in deviation]
            y = [
                f"{n}<br>{t('callout', lang, v=d, r=r)}"
                for n, d, r in zip(names, dev_text, rate_text, strict=True)
            ]
        figure.add_trace(
            go.Bar(
                orientation="h",
                y=y,
                x=x,
                marker_color=[UNDER if d < 0 else OVER if d > 0 else ON_PLAN for d in deviation],
                customdata=list(
                    zip(
                        [fmt_wan(v) for v in budget],
                        [fmt_wan(v) for v in final],
                        rate_text,
                        dev_text,
                        strict=True,
                    )
                ),
                hovertemplate="<b>%{y}</b><br>" + hover + "<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
    figure.add_vline(x=100, line_dash="dash", line_color="#666666", row=1, col=1)
    figure.update_xaxes(title_text=t("axis_rate", lang), ticksuffix="%", row=1, col=1)
    figure.update_xaxes(title_text=t("col_deviation", lang), tickformat=",.0f", row=2, col=1)
    figure.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    figure.update_layout(height=max(520, sum(high) + 260))
    return figure


def headline(lines: pd.DataFrame, *, department: str | None, year: int, phase: str) -> dict:
    """The numbers a report opens with, exact, and a sentence in each language
    (``department=None``: the whole city).

    Keys: department, year, phase, total_yuan, previous_yuan, change_yuan (Decimal 元 or None),
    change_pct, execution_rate (Decimal per cent or None), total_wan (text), text_zh, text_en.
    """
    frame = spending(for_department(lines, department))

    def total(y: int, p: str) -> int | None:
        part = frame[(frame["year"] == y) & (frame["phase"] == p)]
        return int(totals_by_package(part).sum()) if not part.empty else None

    current, previous = total(year, phase), total(year - 1, phase)
    budget, final = total(year, "budget"), total(year, "final")
    change = current - previous if current is not None and previous is not None else None
    change_pct = (
        pct_exact(change, previous) if change is not None and previous is not None else None
    )
    rate = pct_exact(final, budget) if budget is not None and final is not None else None
    result = {
        "department": department,
        "year": year,
        "phase": phase,
        "total_yuan": fen_to_yuan(current) if current is not None else None,
        "total_wan": fmt_wan(current) if current is not None else None,
        "previous_yuan": fen_to_yuan(previous) if previous is not None else None,
        "change_yuan": fen_to_yuan(change) if change is not None else None,
        "change_pct": change_pct,
        "execution_rate": rate,
    }
    departments = frame.loc[(frame["year"] == year) & (frame["phase"] == phase), "department"]
    for lang in ("zh", "en"):
        name = department or who(departments, lang)
        result[f"text_{lang}"] = (
            _sentence(result, name, lang) if current is not None else t("empty", lang)
        )
    return result


def _sentence(values: dict, name: str, lang: str) -> str:
    text = t(
        "headline_total",
        lang,
        department=name,
        year=values["year"],
        phase=phase_name(values["phase"], lang),
        amount=values["total_wan"],
    )
    if values["change_pct"] is not None:
        up = values["change_pct"] >= 0
        direction = t("headline_up" if up else "headline_down", lang)
        text += t("headline_change", lang, direction=direction, pct=f"{abs(values['change_pct'])}")
    if values["execution_rate"] is not None:
        text += t("headline_rate", lang, pct=f"{values['execution_rate']}")
    return text + t("headline_end", lang)
