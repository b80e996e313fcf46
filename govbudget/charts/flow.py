"""Where the money comes from and where it goes: a Sankey from income sources to functional 类."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from govbudget.charts.base import Chart, empty_chart, new_figure, title_for
from govbudget.charts.format import GREY, colour, fmt_wan, rgba, wan, wan_exact
from govbudget.charts.labels import code_label, item_name, measure_name, t
from govbudget.charts.select import by_code, coded, for_package, spending, with_fen
from govbudget.tables import ITEM_BY_ID

#: Income-source columns of the 收入总表 (measure ids) and income lines of the 收支总表 (item ids).
SOURCE_MEASURES = ("gpb", "gov_fund", "state_capital", "fiscal", "business", "operating",
                   "subordinate", "other", "carryover")  # fmt: skip
SOURCE_ITEMS = ("gpb", "gov_fund", "state_capital", "fiscal", "business", "operating",
                "subordinate", "other", "carryover_in")  # fmt: skip
#: The parts of 财政拨款; shown instead of it when they add up to it.
FISCAL_PARTS = ("gpb", "gov_fund", "state_capital")
HUB = "hub"


class _Link(NamedTuple):
    source: str  # source id (measure / item id) or HUB
    target: str  # functional 类 code or HUB
    fen: int


def money_flow(lines: pd.DataFrame, *, package: str | None = None, lang: str = "zh") -> Chart:
    """Sankey from income sources (一般公共预算拨款, 政府性基金, 事业收入, …) to functional 类.

    Flows come from the 收入总表's 类 rows (source columns × 类). Without them, the 收支总表's
    income lines flow into the department's budget and on to the 类 of its expenditure.
    """
    what = t("title_flow", lang)
    columns = [t(k, lang) for k in ("col_source", "col_target", "col_code", "col_amount")]
    selected = for_package(lines, package)
    links, names = _income_links(selected)
    if not links:
        links, names = _hub_links(selected)
    used = selected[selected["table"].isin(["income", "summary", "expenditure", "gpb_expenditure"])]
    title = title_for(what, used, lang)
    if not links:
        return empty_chart(title, columns, lang)
    year = int(used["year"].max())
    sources = list(dict.fromkeys(link.source for link in links if link.source != HUB))
    targets = sorted({link.target for link in links if link.target != HUB})
    hub = [HUB] if any(link.target == HUB for link in links) else []
    order = sources + hub + targets
    index = {key: i for i, key in enumerate(order)}
    label = {key: _source_name(key, lang) for key in sources}
    label |= {HUB: t("flow_hub", lang)}
    label |= {code: code_label(code, names.get(code), year, lang) for code in targets}
    node_colour = {key: colour(i) for i, key in enumerate(sources)}
    inflow = {key: sum(x.fen for x in links if x.target == key) for key in order}
    outflow = {key: sum(x.fen for x in links if x.source == key) for key in order}
    income = sum(x.fen for x in links if x.source != HUB)
    figure = new_figure(title, t("title_total", lang, amount=fmt_wan(income)))
    figure.add_trace(
        go.Sankey(
            arrangement="snap",
            valueformat=",.2f",
            node={
                "label": [label[key] for key in order],
                "color": [node_colour.get(key, GREY) for key in order],
                "pad": 12,
                "customdata": [fmt_wan(max(inflow[key], outflow[key])) for key in order],
                "hovertemplate": "<b>%{label}</b><br>"
                + t("hover_amount", lang, v="%{customdata}")
                + "<extra></extra>",
            },
            link={
                "source": [index[x.source] for x in links],
                "target": [index[x.target] for x in links],
                "value": [wan(x.fen) for x in links],
                "color": [rgba(node_colour.get(x.source, GREY), 0.45) for x in links],
                "customdata": [fmt_wan(x.fen) for x in links],
                "hovertemplate": "%{source.label} → %{target.label}<br>"
                + t("hover_amount", lang, v="%{customdata}")
                + "<extra></extra>",
            },
        )
    )
    figure.update_layout(height=max(420, 30 * len(targets) + 200))
    data = pd.DataFrame(
        [
            (
                label[x.source],
                label[x.target],
                "" if x.target == HUB else x.target,
                wan_exact(x.fen),
            )
            for x in links
        ],
        columns=columns,
    )
    return Chart(figure, data, title)


def _income_links(selected: pd.DataFrame) -> tuple[list[_Link], dict[str, str]]:
    """Source → 类 flows from the 收入总表 rows of each 类; 财政拨款 is split into its parts where
    the tables spending each part add up to it exactly."""
    mask = (selected["table"] == "income") & selected["measure"].isin(SOURCE_MEASURES)
    rows = coded(with_fen(selected, mask), "functional")
    rows = rows[rows["depth"] == 1]
    if rows.empty:
        return [], {}
    grid = rows.pivot_table(index="code", columns="measure", values="fen", aggfunc="sum")
    grid = grid.fillna(0).astype("int64")
    spent = _fiscal_spending(selected).reindex(grid.index).fillna(0).astype("int64")
    for part in FISCAL_PARTS:
        if part in spent and not grid.get(part, pd.Series(0)).any():
            grid[part] = spent[part]
    names = rows.groupby("code")["name"].first().to_dict()
    links = [
        _Link(source, str(code), fen)
        for code, amounts in grid.iterrows()
        for source, fen in _resolve(amounts.to_dict()).items()
        if fen > 0
    ]
    return _ordered(links), names


def _fiscal_spending(selected: pd.DataFrame) -> pd.DataFrame:
    """Fen per 类 (rows) and part of 财政拨款 (columns gpb / gov_fund / state_capital), from the
    tables that spend each: 一般公共预算支出表, 政府性基金 and 国有资本经营预算支出表."""
    tables = {"gpb_expenditure": "gpb", "gov_fund": "gov_fund", "state_capital": "state_capital"}
    mask = selected["table"].isin(list(tables)) & (selected["measure"] == "total")
    rows = coded(with_fen(selected, mask), "functional")
    rows = rows[rows["depth"] == 1]
    if rows.empty:
        return pd.DataFrame()
    grid = rows.pivot_table(index="code", columns="table", values="fen", aggfunc="sum")
    return grid.rename(columns=tables)


def _hub_links(selected: pd.DataFrame) -> tuple[list[_Link], dict[str, str]]:
    """Income lines of the 收支总表 → the department → 类 of its expenditure."""
    mask = (
        (selected["table"] == "summary")
        & (selected["depth"] == 0)
        & selected["item"].isin(SOURCE_ITEMS)
        & (selected["measure"] == "total")
    )
    incomes = with_fen(selected, mask).groupby("item")["fen"].sum()
    classes = by_code(coded(spending(selected), "functional").query("depth == 1"))
    if incomes.empty or classes.empty:
        return [], {}
    amounts = {str(k): int(v) for k, v in incomes.items()}
    links = [_Link(source, HUB, fen) for source, fen in _resolve(amounts).items() if fen > 0]
    links += [
        _Link(HUB, code, int(fen))
        for code, fen in zip(classes["code"], classes["fen"], strict=True)
        if fen > 0
    ]
    return _ordered(links), dict(zip(classes["code"], classes["name"], strict=True))


def _resolve(amounts: dict[str, int]) -> dict[str, int]:
    """Keep 财政拨款's parts (一般公共预算, 政府性基金, 国有资本) when they add up to it, else
    财政拨款 alone — never both."""
    parts = {m: amounts[m] for m in FISCAL_PARTS if amounts.get(m)}
    fiscal = amounts.get("fiscal", 0)
    keep_parts = bool(parts) and fiscal in (0, sum(parts.values()))
    drop = {"fiscal"} if keep_parts else set(FISCAL_PARTS)
    return {k: v for k, v in amounts.items() if k not in drop}


def _ordered(links: list[_Link]) -> list[_Link]:
    """Sources in the order of the standard columns, then targets by code."""
    rank = {key: i for i, key in enumerate((*SOURCE_MEASURES, "carryover_in", HUB))}
    return sorted(links, key=lambda x: (rank.get(x.source, len(rank)), x.target))


def _source_name(key: str, lang: str) -> str:
    return item_name(key, lang) if key in ITEM_BY_ID else measure_name(key, lang)
