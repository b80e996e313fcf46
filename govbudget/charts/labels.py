"""Every word a chart shows, as zh/en pairs in one table.

Measure, item and table names come from :mod:`govbudget.tables`; everything else is here.
"""

from __future__ import annotations

from govbudget.tables import ITEM_BY_ID, LEVEL_EN, MEASURE_BY_ID, PHASE_ZH

LANGS = ("zh", "en")

#: key -> (zh, en)
STRINGS: dict[str, tuple[str, str]] = {
    # chart titles (what)
    "title_function": ("支出功能分类构成", "Spending by function"),
    "title_economic": ("一般公共预算基本支出经济分类", "Basic expenditure by economic class"),
    "title_execution": ("预算执行率（决算/预算）", "Budget execution (final / budget)"),
    "title_yoy": ("历年支出", "Spending over the years"),
    "title_three_public": ("“三公”经费和机关运行经费", "'Three public' and administrative costs"),
    "title_flow": ("资金来源与去向", "Where the money comes from and goes"),
    "title_heatmap": ("公开合规情况：部门 × 规则类别", "Compliance: departments × rule families"),
    "title_ranking": ("公开质量得分排名", "Disclosure score ranking"),
    # subplot titles
    "by_class": ("按类", "By class"),
    "by_item": ("偏差最大的项", "Items with the largest deviations"),
    # axis and legend titles
    "axis_wan": ("金额（万元）", "Amount (10k yuan)"),
    "axis_rate": ("执行率（%）", "Execution rate (%)"),
    "axis_year": ("年度", "Year"),
    "axis_department": ("部门", "Department"),
    "axis_family": ("规则类别", "Rule family"),
    "axis_score": ("得分", "Score"),
    "legend_class": ("类", "Class"),
    "legend_level": ("级次", "Level"),
    "legend_item": ("项目", "Item"),
    "colorbar_errors": ("错误数", "Errors"),
    # data-table columns
    "col_depth": ("层级", "Level"),
    "col_code": ("编码", "Code"),
    "col_name": ("名称", "Name"),
    "col_amount": ("金额（万元）", "Amount (10k yuan)"),
    "col_share": ("占比（%）", "Share (%)"),
    "col_personnel": ("人员经费（万元）", "Personnel (10k yuan)"),
    "col_public": ("公用经费（万元）", "Public costs (10k yuan)"),
    "col_class": ("所属类", "Class"),
    "col_budget": ("预算数（万元）", "Budget (10k yuan)"),
    "col_final": ("决算数（万元）", "Final (10k yuan)"),
    "col_deviation": ("偏差（万元）", "Deviation (10k yuan)"),
    "col_rate": ("执行率（%）", "Execution rate (%)"),
    "col_year": ("年度", "Year"),
    "col_phase": ("阶段", "Phase"),
    "col_change": ("比上年增减（%）", "Change on last year (%)"),
    "col_item": ("项目", "Item"),
    "col_source": ("资金来源", "Source"),
    "col_target": ("支出功能分类（类）", "Function (class)"),
    "col_department": ("部门", "Department"),
    "col_level": ("级次", "Level"),
    "col_family": ("规则类别", "Rule family"),
    "col_errors": ("错误", "Errors"),
    "col_warnings": ("警告", "Warnings"),
    "col_rank": ("名次", "Rank"),
    "col_wan_of": ("{name}（万元）", "{name} (10k yuan)"),
    "col_score": ("得分", "Score"),
    # depth names
    "depth_1": ("类", "Class"),
    "depth_2": ("款", "Section"),
    "depth_3": ("项", "Item"),
    "rest": ("未细化部分", "Not itemised"),
    "other_classes": ("其他", "Other"),
    "total": ("合计", "Total"),
    "flow_hub": ("部门收支", "Department budget"),
    # who and when
    "city": ("全市（{n}个部门）", "City ({n} departments)"),
    "when": ("{years}年{phase}", "{years} {phase}"),
    "phase_and": ("和", " and "),
    "sep": ("｜", " | "),
    "who_when": ("{who}，{when}", "{who}, {when}"),
    "title_total": ("合计：{amount} 万元", "Total: {amount} (10k yuan)"),
    "empty": ("所选范围内没有数据", "No data for this selection"),
    "callout": ("{v} 万元 · {r}", "{v} (10k yuan) · {r}"),
    # hover lines
    "hover_amount": ("金额：{v} 万元", "Amount: {v} (10k yuan)"),
    "hover_share": ("占比：{v}", "Share: {v}"),
    "hover_code": ("编码：{v}", "Code: {v}"),
    "hover_budget": ("预算：{v} 万元", "Budget: {v} (10k yuan)"),
    "hover_final": ("决算：{v} 万元", "Final: {v} (10k yuan)"),
    "hover_rate": ("执行率：{v}", "Execution rate: {v}"),
    "hover_deviation": ("偏差：{v} 万元", "Deviation: {v} (10k yuan)"),
    "hover_personnel": ("人员经费：{v} 万元", "Personnel: {v} (10k yuan)"),
    "hover_public": ("公用经费：{v} 万元", "Public costs: {v} (10k yuan)"),
    "hover_errors": ("错误：{v}", "Errors: {v}"),
    "hover_warnings": ("警告：{v}", "Warnings: {v}"),
    "hover_score": ("得分：{v}", "Score: {v}"),
    # headline sentences
    "headline_total": (
        "{department}{year}年{phase}支出合计 {amount} 万元",
        "{department}: {year} {phase} expenditure {amount} (10k yuan)",
    ),
    "headline_change": ("，比上年{direction} {pct}%", ", {direction} {pct}% on last year"),
    "headline_up": ("增长", "up"),
    "headline_down": ("下降", "down"),
    "headline_rate": ("，预算执行率 {pct}%", ", budget execution {pct}%"),
    "headline_end": ("。", "."),
}

#: Rule families of the checker (``govbudget/rules/catalog.toml``), zh/en.
FAMILIES: dict[str, tuple[str, str]] = {
    "PKG": ("PKG 完整性", "PKG completeness"),
    "LVL": ("LVL 细化程度", "LVL detail"),
    "CAT": ("CAT 科目编码", "CAT codes"),
    "SUM": ("SUM 勾稽关系", "SUM arithmetic"),
    "VAL": ("VAL 数值", "VAL values"),
    "MSX": ("MSX 民生项目", "MSX livelihood"),
    "TIM": ("TIM 及时性", "TIM timeliness"),
    "NAR": ("NAR 说明与表格", "NAR narrative"),
}

PHASE_EN = {"budget": "budget", "final": "final accounts"}


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The ``lang`` string for ``key``, with ``values`` filled in."""
    text = STRINGS[key][_index(lang)]
    return text.format(**values) if values else text


def phase_name(phase: str, lang: str = "zh") -> str:
    return PHASE_ZH.get(phase, phase) if lang == "zh" else PHASE_EN.get(phase, phase)


def level_name(level: str | None, lang: str = "zh") -> str:
    if not isinstance(level, str) or not level:
        return ""
    return level if lang == "zh" else LEVEL_EN.get(level, level)


def measure_name(measure: str, lang: str = "zh") -> str:
    """A measure's label; ``budget.<measure>`` (the 预算数 block of a 决算 三公 table) says so."""
    base, budget = measure.removeprefix("budget."), measure.startswith("budget.")
    spec = MEASURE_BY_ID[base]
    if lang == "zh":
        return f"{spec.zh}（预算数）" if budget else spec.zh
    return f"{spec.en} (budget)" if budget else spec.en


def item_name(item: str, lang: str = "zh") -> str:
    spec = ITEM_BY_ID[item]
    return spec.zh if lang == "zh" else spec.en


def family_name(family: str, lang: str = "zh") -> str:
    pair = FAMILIES.get(family)
    return pair[_index(lang)] if pair else family


def depth_name(depth: int, lang: str = "zh") -> str:
    return t(f"depth_{depth}", lang)


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return LANGS.index(lang)


def code_label(code: str, published: str | None, year: int, lang: str = "zh") -> str:
    """Display name of a classification code: the catalogue's English name of a 类 in 'en';
    otherwise the name as published, or the catalogue's name for the year if none was."""
    if published and not (lang == "en" and len(code) == 3):
        return published
    from govbudget.catalogue import load_catalogue

    return load_catalogue().label(code, year, lang)
