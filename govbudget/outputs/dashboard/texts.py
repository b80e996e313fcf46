"""Every word the dashboard and the static site show, in Chinese and English."""

from __future__ import annotations

from govbudget.tables import PHASE_ZH

#: Every word the dashboard itself shows: key -> (zh, en).
TEXT: dict[str, tuple[str, str]] = {
    "title": ("预算公开看板", "Budget dashboard"),
    "department": ("部门", "Department"),
    "year": ("年度", "Year"),
    "city": ("全市", "Whole city"),
    "total": ("支出合计", "Total expenditure"),
    "change": ("比上年", "Change on last year"),
    "rate": ("预算执行率", "Budget execution"),
    "wan": ("万元", "10k yuan"),
    "score": ("公开质量得分", "Disclosure score"),
    "score_city": ("平均公开质量得分", "Average disclosure score"),
    "counts": ("错误 {errors} 项，警告 {warnings} 项", "{errors} errors, {warnings} warnings"),
    "packages": ("{n} 个部门", "{n} departments"),
    "findings": ("检查发现", "What the check found"),
    "no_findings": ("未发现问题。", "No problems found."),
    "more": ("另有 {n} 项未列出。", "{n} more not listed."),
    "lowest": ("得分最低的部门", "Lowest-scoring departments"),
    "error": ("错误", "Error"),
    "warning": ("警告", "Warning"),
    "info": ("提示", "Note"),
    "where": ("{sheet} {cell}", "{sheet} {cell}"),
    "download": ("下载数据（CSV）", "Download the data (CSV)"),
    "static": ("静态版本", "Static version"),
    "live": ("交互版本", "Interactive dashboard"),
    "index": ("目录", "Index"),
    "failed": (
        "无法显示这一选择，请换一个选择再试。",
        "This choice cannot be shown; please try another.",
    ),
}
PHASE_EN = {"budget": "Budget", "final": "Final accounts"}
LANG_NAMES = {"zh": "中文", "en": "English"}


def text(key: str, lang: str, **values: object) -> str:
    """The dashboard's ``lang`` text for ``key`` (values filled in, not escaped)."""
    phrase = TEXT[key][0 if lang == "zh" else 1]
    return phrase.format(**values) if values else phrase


def phase_label(phase: str, lang: str) -> str:
    return PHASE_ZH.get(phase, phase) if lang == "zh" else PHASE_EN.get(phase, phase)
