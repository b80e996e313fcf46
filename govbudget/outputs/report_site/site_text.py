"""The report site's labels, in Chinese and English."""

from __future__ import annotations

_TEXT = {
    "back": ("返回报告目录", "All reports"),
    "site_title": ("预算公开报告", "Budget disclosure reports"),
    "generated": ("生成时间", "Generated"),
    "data": ("数据", "Data"),
    "overview": ("全市概览", "City overview"),
    "departments": ("部门报告", "Department reports"),
    "other": ("其他报告", "Other reports"),
    "unreadable": ("无法读取的工作簿", "Unreadable workbooks"),
    "files": ("下载", "Downloads"),
    "findings_xlsx": ("全部问题（Excel）", "All findings (Excel)"),
    "manifest": ("运行清单", "Run manifest"),
    "log": ("运行日志", "Run log"),
    "department": ("部门", "Department"),
    "level": ("级次", "Level"),
    "year": ("年度", "Year"),
    "phase": ("阶段", "Phase"),
    "score": ("得分", "Score"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "page": ("报告", "Report"),
    "feedback": ("反馈工作簿", "Feedback workbook"),
    "status": ("状态", "Status"),
    "compliance": ("合规检查", "Compliance"),
    "run": ("报告页面", "Report page"),
    "clean": ("未发现问题", "no findings"),
    "has_errors": ("有错误", "errors"),
    "has_warnings": ("仅有警告", "warnings only"),
    "all": ("全部", "all"),
    "search": ("查找部门", "Find a department"),
    "show": ("显示", "Show"),
    "index_note": (
        "得分、错误、警告和“合规检查”来自对公开表格的检查；“报告页面”只说明报告是否生成。"
        "点击表头排序。",
        "Score, errors, warnings and Compliance come from checking the disclosure; Report page "
        "only says whether the report was produced. Click a column heading to sort.",
    ),
    "file": ("文件", "File"),
    "ok": ("正常", "ok"),
    "failed": ("运行失败", "failed"),
    "pending": ("未完成", "unfinished"),
    "summary_sheet": ("汇总", "Summary"),
    "severity": ("严重程度", "Severity"),
    "rule": ("规则", "Rule"),
    "family": ("规则类别", "Rule family"),
    "table": ("表", "Table"),
    "sheet": ("工作表", "Sheet"),
    "cell": ("单元格", "Cell"),
    "code": ("科目编码", "Code"),
    "message": ("说明", "Message"),
    "message_other": ("说明（英文）", "Message (Chinese)"),
    "expected": ("应为（元）", "Expected (yuan)"),
    "actual": ("实际（元）", "Actual (yuan)"),
    "difference": ("差额（元）", "Difference (yuan)"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
    "budget": ("预算", "budget"),
    "final": ("决算", "final accounts"),
    "view": ("查看", "view"),
    "download": ("下载", "download"),
    "summary_line": (
        "{packages} 个公开包，{errors} 个错误，{warnings} 个警告，{pages} 个页面",
        "{packages} packages, {errors} errors, {warnings} warnings, {pages} pages",
    ),
}


def text(key: str, lang: str = "zh") -> str:
    """A label of the site in ``lang`` ('zh' or 'en')."""
    zh, en = _TEXT[key]
    return en if lang == "en" else zh


def has_text(key: object) -> bool:
    """Is ``key`` a label of the site?"""
    return isinstance(key, str) and key in _TEXT
