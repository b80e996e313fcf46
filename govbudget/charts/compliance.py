"""The city's compliance at a glance: departments × rule families, and the score ranking.

Inputs are the checker's frames: ``Report.to_frame()`` (findings) and ``Report.scores()``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from govbudget.charts.base import Chart, empty_chart, new_figure, title_for
from govbudget.charts.format import SEQUENTIAL, colour
from govbudget.charts.labels import FAMILIES, family_name, level_name, phase_name, t
from govbudget.tables import LEVELS


def compliance_heatmap(findings: pd.DataFrame, *, lang: str = "zh") -> Chart:
    """Heatmap of error counts per department (rows) and rule family (columns); warnings in the
    hover and the table. ``info`` findings are not counted, and a department with neither errors
    nor warnings has no row (no finding to show: "no problems found" when none has one)."""
    what = t("title_heatmap", lang)
    columns = [t(k, lang) for k in ("col_department", "col_family", "col_errors", "col_warnings")]
    if findings.empty:
        return empty_chart(title_for(what, findings, lang), columns, lang)
    frame = findings[findings["severity"].isin(("error", "warning"))]
    if frame.empty:
        return empty_chart(title_for(what, findings, lang), columns, lang,
                           note=t("no_findings", lang))  # fmt: skip
    title = title_for(what, frame, lang)  # the departments it shows
    frame = frame.assign(who=frame["department"].fillna(frame["package"]))
    families = list(FAMILIES) + sorted(set(frame["family"].dropna()) - set(FAMILIES))
    counts = {
        severity: pd.crosstab(frame.loc[frame["severity"] == severity, "who"],
                              frame.loc[frame["severity"] == severity, "family"])
        .reindex(index=sorted(set(frame["who"])), columns=families, fill_value=0)
        .fillna(0)
        .astype("int64")
        for severity in ("error", "warning")
    }  # fmt: skip
    order = (
        pd.DataFrame({"e": counts["error"].sum(axis=1), "w": counts["warning"].sum(axis=1)})
        .assign(name=lambda d: d.index)
        .sort_values(["e", "w", "name"], ascending=[False, False, True])
        .index
    )
    errors, warnings = counts["error"].loc[order], counts["warning"].loc[order]
    figure = new_figure(title)
    figure.add_trace(
        go.Heatmap(
            z=errors.to_numpy(),
            x=list(families),  # the short code: names collide at half width (hover has them)
            y=list(order),
            customdata=[
                [(w, family_name(f, lang)) for w, f in zip(row, families, strict=True)]
                for row in warnings.to_numpy()
            ],
            colorscale=SEQUENTIAL,
            zmin=0,
            text=[[str(e) if e else "" for e in row] for row in errors.to_numpy()],
            texttemplate="%{text}",
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": t("colorbar_errors", lang)},
                "dtick": max(1, -(-int(errors.to_numpy().max()) // 5)),
            },
            hovertemplate="<b>%{y}</b> · %{customdata[1]}<br>"
            + t("hover_errors", lang, v="%{z}")
            + "<br>"
            + t("hover_warnings", lang, v="%{customdata[0]}")
            + "<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("axis_family", lang), tickangle=0)
    figure.update_yaxes(
        title_text=t("axis_department", lang), autorange="reversed", ticklabelstandoff=6
    )
    figure.update_layout(height=max(360, 30 * len(order) + 220))
    data = pd.DataFrame(
        [
            (who, family_name(f, lang), int(errors.at[who, f]), int(warnings.at[who, f]))
            for who in order
            for f in families
            if errors.at[who, f] or warnings.at[who, f]
        ],
        columns=columns,
    )
    return Chart(figure, data, title)


def score_ranking(scores: pd.DataFrame, *, lang: str = "zh") -> Chart:
    """Departments ranked by disclosure score (best first), coloured by level."""
    what = t("title_ranking", lang)
    keys = ("col_rank", "col_department", "col_year", "col_phase", "col_level", "col_score",
            "col_errors", "col_warnings")  # fmt: skip
    columns = [t(k, lang) for k in keys]
    title = title_for(what, scores, lang)
    if scores.empty:
        return empty_chart(title, columns, lang)
    frame = scores.assign(who=scores["department"].fillna(scores["package"]))
    frame = frame.sort_values(["score", "who"], ascending=[False, True]).reset_index(drop=True)
    several = len(frame[["year", "phase"]].drop_duplicates()) > 1
    labels = [
        f"{w} {y} {phase_name(p, lang)}" if several else w
        for w, y, p in zip(frame["who"], frame["year"], frame["phase"], strict=True)
    ]
    repeated = pd.Series(labels).duplicated(keep=False)
    frame["label"] = [
        f"{lab} ({pkg})" if dup else lab
        for lab, pkg, dup in zip(labels, frame["package"], repeated, strict=True)
    ]
    frame["rank"] = frame["score"].rank(method="min", ascending=False).astype("int64")
    figure = new_figure(title)
    levels = [lv for lv in LEVELS if lv in set(frame["level"])]
    levels += sorted(set(frame["level"].dropna()) - set(LEVELS))
    groups: list[tuple[str | None, pd.DataFrame]] = [
        (lv, frame[frame["level"] == lv]) for lv in levels
    ]
    groups += [(None, frame[frame["level"].isna()])]
    hover = "<br>".join(
        [t("hover_score", lang, v="%{x:.1f}"),
         t("hover_errors", lang, v="%{customdata[0]}"),
         t("hover_warnings", lang, v="%{customdata[1]}")]
    )  # fmt: skip
    for index, (level, group) in enumerate(groups):
        if group.empty:
            continue
        figure.add_trace(
            go.Bar(
                orientation="h",
                name=level_name(level, lang) or "—",
                y=group["label"],
                x=group["score"],
                text=[f"{s:.1f}" for s in group["score"]],
                textposition="auto",
                marker_color=colour(index),
                customdata=group[["errors", "warnings"]].to_numpy(),
                hovertemplate="<b>%{y}</b><br>" + hover + "<extra></extra>",
            )
        )
    figure.update_xaxes(title_text=t("axis_score", lang), range=[0, 100])
    figure.update_yaxes(categoryorder="array", categoryarray=list(frame["label"]))
    figure.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    figure.update_layout(
        height=max(360, 26 * len(frame) + 180), legend_title_text=t("legend_level", lang)
    )
    data = pd.DataFrame(
        {
            columns[0]: frame["rank"],
            columns[1]: frame["who"],
            columns[2]: frame["year"],
            columns[3]: [phase_name(p, lang) for p in frame["phase"]],
            columns[4]: [level_name(lv, lang) for lv in frame["level"]],
            columns[5]: frame["score"].round(1),
            columns[6]: frame["errors"],
            columns[7]: frame["warnings"],
        }
    )
    return Chart(figure, data, title)
