"""Over the years: a department's spending by 类 (renames resolved through the catalogue) and
the "三公" expenses with 机关运行经费, per department or for the city."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from govbudget.charts.base import Chart, empty_chart, new_figure, title_for
from govbudget.charts.format import GREY, colour, fmt_wan, pct_exact, wan, wan_exact
from govbudget.charts.labels import item_name, measure_name, t
from govbudget.charts.select import (
    PACKAGE_KEY,
    coded,
    for_department,
    spending,
    totals_by_package,
    trend_phase,
    with_fen,
)

#: How many 类 a year-on-year chart names; the rest are drawn together as 'other'.
MAIN_CLASSES = 5
OTHER = "~other"
THREE_PUBLIC = ("outbound", "vehicle", "reception")
TOTAL_COLOUR = "#000000"


def year_on_year(
    lines: pd.DataFrame, *, department: str | None, lang: str = "zh", phase: str | None = None
) -> Chart:
    """A department's expenditure by 类 over the years (stacked), with its total.

    One phase per chart: ``phase`` when given and present, else the one covering the most years
    (budget on a tie). 类 are matched
    across years by the catalogue's stable key and named by their current catalogue name
    (医疗卫生与计划生育支出 → 卫生健康支出).
    """
    what = t("title_yoy", lang)
    keys = ("col_year", "col_code", "col_name", "col_amount", "col_change")
    columns = [t(k, lang) for k in keys]
    frame = spending(for_department(lines, department))
    frame = frame[frame["phase"] == trend_phase(frame, phase)]
    rows = coded(frame, "functional")
    rows = rows[rows["depth"] == 1]
    title = title_for(what, frame, lang)
    if rows.empty:
        return empty_chart(title, columns, lang)
    from govbudget.catalogue import load_catalogue

    catalogue = load_catalogue()
    rows = rows.assign(
        key=[
            catalogue.stable_key(c, int(y)) for c, y in zip(rows["code"], rows["year"], strict=True)
        ]
    )
    amounts = rows.groupby(["key", "year"])["fen"].sum()
    size = amounts.groupby(level="key").sum().sort_values(ascending=False, kind="stable")
    main = [k for k in size.index[:MAIN_CLASSES]]
    grouped = amounts.rename(index=lambda k: k if k in main else OTHER, level="key")
    grouped = grouped.groupby(level=["key", "year"]).sum()
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    totals = totals_by_package(frame).groupby(level="year").sum()
    current = max(catalogue.years("functional"))
    code = {k: k.split("@")[0] for k in main} | {OTHER: ""}
    label = {k: catalogue.label(code[k], _key_year(k, current), lang) for k in main}
    label[OTHER] = t("other_classes", lang)
    series = [k for k in [*main, OTHER] if k in grouped.index.get_level_values("key")]
    figure = new_figure(title)
    records = []
    for index, key in enumerate(series):
        fens = [int(grouped.get((key, y), 0)) for y in years]
        figure.add_trace(
            go.Bar(
                name=f"{code[key]} {label[key]}".strip(),
                x=[str(y) for y in years],
                y=[wan(f) for f in fens],
                marker_color=GREY if key == OTHER else colour(index),
                customdata=[fmt_wan(f) for f in fens],
                hovertemplate="<b>%{fullData.name}</b> %{x}<br>"
                + t("hover_amount", lang, v="%{customdata}")
                + "<extra></extra>",
            )
        )
        records += _with_change(years, fens, code[key], label[key])
    total_fens = [int(totals.get(y, 0)) for y in years]
    figure.add_trace(
        go.Scatter(
            name=t("total", lang),
            x=[str(y) for y in years],
            y=[wan(f) for f in total_fens],
            mode="lines+markers+text",
            text=[fmt_wan(f) for f in total_fens],
            textposition="top center",
            line={"color": TOTAL_COLOUR, "dash": "dot"},
            hovertemplate="<b>%{fullData.name}</b> %{x}<br>"
            + t("hover_amount", lang, v="%{text}")
            + "<extra></extra>",
        )
    )
    records += _with_change(years, total_fens, "", t("total", lang))
    figure.update_layout(barmode="stack", legend_title_text=t("legend_class", lang), height=520)
    figure.update_xaxes(title_text=t("axis_year", lang), type="category")
    figure.update_yaxes(title_text=t("axis_wan", lang), tickformat=",.0f")
    data = pd.DataFrame(records, columns=columns).sort_values(columns[0], kind="stable")
    return Chart(figure, data.reset_index(drop=True), title)


def _key_year(key: str, current: int) -> int:
    """The catalogue year a stable key names its code in: ``'<code>@<year>'`` for a code that
    was dropped, else the current catalogue."""
    return int(key.split("@")[1]) if "@" in key else current


def _with_change(years: list[int], fens: list[int], code: str, name: str) -> list[tuple]:
    """Table rows (year, code, name, 万元, % change on the year before when that year is shown)."""
    rows = []
    for i, (year, fen) in enumerate(zip(years, fens, strict=True)):
        before = fens[i - 1] if i and years[i - 1] == year - 1 else None
        change = pct_exact(fen - before, before) if before is not None else None
        rows.append((year, code, name, wan_exact(fen), change))
    return rows


def three_public_trend(
    lines: pd.DataFrame,
    *,
    department: str | None = None,
    lang: str = "zh",
    phase: str | None = None,
) -> Chart:
    """ "三公" expenses (stacked: 因公出国(境), 公务用车, 公务接待) and 机关运行经费 (line) over the
    years, for one department or — ``department=None`` — the whole city; of ``phase`` when given
    and present, else of the phase covering the most years."""
    what = t("title_three_public", lang)
    parts = (*THREE_PUBLIC, "admin_operating")
    names = {m: measure_name(m, lang) for m in parts} | {"total": item_name("three_public", lang)}
    columns = [t("col_year", lang)] + [
        t("col_wan_of", lang, name=names[m]) for m in (*THREE_PUBLIC, "total", "admin_operating")
    ]
    selected = for_department(lines, department)
    frame = with_fen(selected, selected["table"] == "three_public")
    frame = frame[frame["phase"] == trend_phase(frame, phase)]
    title = title_for(what, frame, lang)
    if frame.empty:
        return empty_chart(title, columns, lang)
    by_year = _three_public_by_year(frame)
    years = [str(y) for y in by_year.index]
    figure = new_figure(title)
    for index, measure in enumerate(THREE_PUBLIC):
        fens = by_year[measure]
        figure.add_trace(_bar_or_line(names[measure], years, fens, colour(index), lang, bar=True))
    totals = by_year["total"]
    figure.add_trace(
        go.Scatter(
            x=years,
            y=[wan(f) if f is not None else None for f in totals],
            mode="text",
            text=[fmt_wan(f) if f is not None else "" for f in totals],
            textposition="top center",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        _bar_or_line(names["admin_operating"], years, by_year["admin_operating"], colour(3), lang)
    )
    figure.update_layout(barmode="stack", legend_title_text=t("legend_item", lang), height=500)
    figure.update_xaxes(title_text=t("axis_year", lang), type="category")
    figure.update_yaxes(title_text=t("axis_wan", lang), tickformat=",.0f")
    data = pd.DataFrame(
        [
            [year] + [wan_exact(f) if f is not None else None for f in row]
            for year, row in zip(
                by_year.index,
                by_year[[*THREE_PUBLIC, "total", "admin_operating"]].itertuples(index=False),
                strict=True,
            )
        ],
        columns=columns,
    )
    return Chart(figure, data, title)


def _three_public_by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Fen per year and measure (None where no package of the year states it): each package's
    合计 row where it has one, 公务用车 from 购置费 + 运行费 where only those are given, and the
    三公 total from its parts where the table gives none."""
    keys = pd.MultiIndex.from_frame(frame[PACKAGE_KEY])
    is_total = (frame["item"] == "total").to_numpy()
    rows = frame[is_total | ~keys.isin(keys[is_total].unique())]
    grid = rows.pivot_table(index=PACKAGE_KEY, columns="measure", values="fen", aggfunc="sum")
    wanted = ["total", *THREE_PUBLIC, "vehicle_purchase", "vehicle_operation", "admin_operating"]
    grid = grid.reindex(columns=wanted).astype("Int64")
    car_parts = grid[["vehicle_purchase", "vehicle_operation"]]
    grid["vehicle"] = grid["vehicle"].fillna(car_parts.sum(axis=1, min_count=1))
    grid["total"] = grid["total"].fillna(grid[list(THREE_PUBLIC)].sum(axis=1, min_count=1))
    by_year = grid.groupby(level="year").sum(min_count=1).sort_index()
    return (
        by_year.astype(object)
        .where(by_year.notna(), None)
        .map(lambda v: None if v is None else int(v))
    )


def _bar_or_line(
    name: str, years: list[str], fens: pd.Series, hue: str, lang: str, *, bar: bool = False
) -> go.Bar | go.Scatter:
    values = list(fens)
    common = {
        "name": name,
        "x": years,
        "y": [wan(f) if f is not None else None for f in values],
        "customdata": [fmt_wan(f) if f is not None else "—" for f in values],
        "hovertemplate": "<b>%{fullData.name}</b> %{x}<br>"
        + t("hover_amount", lang, v="%{customdata}")
        + "<extra></extra>",
    }
    if bar:
        return go.Bar(marker_color=hue, **common)
    return go.Scatter(mode="lines+markers", line={"color": hue, "width": 3}, **common)
