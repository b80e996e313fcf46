"""One package's spending: by function (sunburst 类 → 款 → 项) and, for 基本支出, by economic
class (bars)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from govbudget.charts.base import Chart, empty_chart, new_figure, short, title_for
from govbudget.charts.format import GREY, colour, fmt_pct, fmt_wan, pct_exact, wan, wan_exact
from govbudget.charts.labels import code_label, depth_name, t
from govbudget.charts.select import (
    by_code,
    coded,
    for_package,
    spending,
    totals_by_package,
    with_fen,
)


@dataclass
class _Node:
    id: str
    parent: str
    code: str
    name: str
    depth: int
    value: int  # fen drawn (never negative; a parent is at least the sum of its children)
    published: int | None  # fen as published; None for a parent only implied by its children
    root: str


def _parent(code: str) -> str:
    return code[:-2] if len(code) > 3 else ""


def _is_rest(node: _Node) -> bool:
    return node.id.endswith("+")


def _level(node: _Node, lang: str) -> str:
    return t("rest", lang) if _is_rest(node) else depth_name(node.depth, lang)


def _hierarchy(rows: pd.DataFrame, year: int, lang: str) -> list[_Node]:
    """Tree of codes (类 → 款 → 项), parents implied where missing, and a 'not itemised' leaf
    wherever a parent publishes more than its children add up to."""
    table = by_code(rows)
    published = dict(zip(table["code"], table["fen"], strict=True))
    names = dict(zip(table["code"], table["name"], strict=True))
    codes = set(published)
    for code in list(codes):
        while parent := _parent(code):
            codes.add(parent)
            code = parent
    children: dict[str, list[str]] = defaultdict(list)
    for code in sorted(codes):
        if parent := _parent(code):
            children[parent].append(code)
    nodes: list[_Node] = []

    def visit(code: str, depth: int, root: str) -> int:
        kids = children.get(code, [])
        total = sum(visit(kid, depth + 1, root) for kid in kids)
        own = published.get(code)
        if kids and own is not None and own > total:
            rest = _Node(
                f"{code}+", code, code, t("rest", lang), depth + 1, own - total, None, root
            )
            nodes.append(rest)
            total = own
        value = total if kids else max(own or 0, 0)
        name = code_label(code, names.get(code), year, lang)
        nodes.append(_Node(code, _parent(code), code, name, depth, value, own, root))
        return value

    for root in sorted(c for c in codes if not _parent(c)):
        visit(root, 1, root)
    return sorted(nodes, key=lambda n: (n.code, n.depth))


def spending_by_function(
    lines: pd.DataFrame, *, package: str | None = None, lang: str = "zh"
) -> Chart:
    """Sunburst 类 → 款 → 项 of a package's expenditure (支出总表, else 一般公共预算支出表).

    ``package=None`` draws the latest year and phase in ``lines``, all departments together.
    """
    what = t("title_function", lang)
    columns = [t(k, lang) for k in ("col_depth", "col_code", "col_name", "col_amount", "col_share")]
    frame = spending(for_package(lines, package))
    rows = coded(frame, "functional")
    title = title_for(what, frame, lang)
    if rows.empty:
        return empty_chart(title, columns, lang)
    total = int(totals_by_package(frame).sum())
    nodes = _hierarchy(rows, int(frame["year"].max()), lang)
    roots = sorted({n.root for n in nodes})
    colours = {root: colour(i) for i, root in enumerate(roots)}
    drawn = [n for n in nodes if n.value > 0]
    figure = new_figure(title, t("title_total", lang, amount=fmt_wan(total)))
    figure.add_trace(
        go.Sunburst(
            ids=[n.id for n in drawn],
            parents=[n.parent for n in drawn],
            labels=[n.name for n in drawn],
            values=[wan(n.value) for n in drawn],
            branchvalues="total",
            marker={"colors": [GREY if _is_rest(n) else colours[n.root] for n in drawn]},
            customdata=[
                [n.value, n.code, fmt_wan(n.value), fmt_pct(n.value, total), _level(n, lang)]
                for n in drawn
            ],
            hovertemplate="<b>%{label}</b><br>"
            + t("hover_code", lang, v="%{customdata[1]}（%{customdata[4]}）")
            + "<br>"
            + t("hover_amount", lang, v="%{customdata[2]}")
            + "<br>"
            + t("hover_share", lang, v="%{customdata[3]}")
            + "<extra></extra>",
            insidetextorientation="radial",
        )
    )
    figure.update_layout(height=620)
    data = pd.DataFrame(
        [
            (
                _level(n, lang),
                n.code,
                n.name,
                wan_exact(n.published if n.published is not None else n.value),
                pct_exact(n.value, total),
            )
            for n in nodes
        ],
        columns=columns,
    )
    return Chart(figure, data, title)


def basic_by_economic(
    lines: pd.DataFrame, *, package: str | None = None, lang: str = "zh"
) -> Chart:
    """Bars of 一般公共预算基本支出 by economic 款 (30101 基本工资 …), coloured by 类, with
    人员经费 / 公用经费 in the hover and the table."""
    what = t("title_economic", lang)
    keys = ("col_class", "col_code", "col_name", "col_amount", "col_personnel", "col_public",
            "col_share")  # fmt: skip
    columns = [t(k, lang) for k in keys]
    selected = for_package(lines, package)
    frame = with_fen(selected, selected["table"] == "gpb_basic")
    rows = coded(frame, "economic_dept")
    totals_rows = rows[rows["measure"] == "total"]
    title = title_for(what, frame, lang)
    if totals_rows.empty:
        return empty_chart(title, columns, lang)
    totals = {m: int(totals_by_package(frame[frame["measure"] == m]).sum())
              for m in ("total", "personnel", "public")}  # fmt: skip
    parts = rows.pivot_table(index="code", columns="measure", values="fen", aggfunc="sum")
    parts = parts.reindex(columns=["personnel", "public"]).fillna(0).astype("int64")
    nodes = _hierarchy(totals_rows, int(frame["year"].max()), lang)
    parents = {n.parent for n in nodes}
    class_names = {n.code: n.name for n in nodes if n.depth == 1}
    subtitle = " · ".join(
        [t("title_total", lang, amount=fmt_wan(totals["total"])),
         t("hover_personnel", lang, v=fmt_wan(totals["personnel"])),
         t("hover_public", lang, v=fmt_wan(totals["public"]))]
    )  # fmt: skip
    figure = new_figure(title, subtitle)
    hover = "<br>".join(
        [t("hover_amount", lang, v="%{customdata[0]}"),
         t("hover_personnel", lang, v="%{customdata[1]}"),
         t("hover_public", lang, v="%{customdata[2]}"),
         t("hover_share", lang, v="%{customdata[3]}")]
    )  # fmt: skip
    records = []
    bars = 0
    for index, root in enumerate(sorted(class_names)):
        group = [n for n in nodes if n.root == root and n.id not in parents]
        shares = [(n, _part(parts, n, "personnel"), _part(parts, n, "public")) for n in group]
        figure.add_trace(
            go.Bar(
                orientation="h",
                name=f"{root} {class_names[root]}",
                y=[short(f"{n.code} {n.name}") for n in group],
                x=[wan(n.value) for n in group],
                marker_color=[GREY if _is_rest(n) else colour(index) for n in group],
                customdata=[
                    [fmt_wan(n.value), fmt_wan(p), fmt_wan(q), fmt_pct(n.value, totals["total"])]
                    for n, p, q in shares
                ],
                hovertemplate="<b>%{y}</b><br>" + hover + "<extra></extra>",
            )
        )
        records += [
            (class_names[root], n.code, n.name, wan_exact(n.value), wan_exact(p), wan_exact(q),
             pct_exact(n.value, totals["total"]))
            for n, p, q in shares
        ]  # fmt: skip
        bars += len(group)
    figure.update_layout(
        height=max(360, 26 * bars + 170), legend_title_text=t("legend_class", lang)
    )
    figure.update_xaxes(title_text=t("axis_wan", lang), tickformat=",.0f")
    figure.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    return Chart(figure, pd.DataFrame(records, columns=columns), title)


def _part(parts: pd.DataFrame, node: _Node, measure: str) -> int:
    """人员经费 / 公用经费 of a bar (nothing for a 'not itemised' remainder)."""
    if _is_rest(node) or node.code not in parts.index:
        return 0
    return int(parts.at[node.code, measure])
