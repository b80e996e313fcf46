"""The standard tables of a disclosure package , as data.

Everything the reader needs to *recognise* a table and name its columns lives here, so the
reader, the sample writer, the checker and the charts agree on one vocabulary:

* ``TABLES``   canonical table ids, zh/en names, title patterns per phase, the row scheme;
* ``MEASURES`` canonical column ids (the ``measure`` of the tidy lines) with their header words;
* ``ITEMS``    canonical ids of the uncoded lines of the summary tables (收入总计, 事业收入, …);
* ``TEXTS``    the narrative sheets (职能, 机构设置, …) and their title words.

Patterns are regular expressions searched in the title with spaces removed; ``TABLES`` is
ordered most specific first, and the first match wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govbudget import labels


@dataclass(frozen=True)
class TableSpec:
    """A standard table: its id, title patterns and row scheme; names from ``labels.toml``."""

    id: str
    budget: str  # regex on the title of a budget table
    final: str  # regex on the title of a final-accounts table
    rows: str  # 'functional' | 'economic' | 'two_panel' | 'single' | 'projects'

    @property
    def zh(self) -> str:
        return labels.label(f"table.{self.id}", "zh")

    @property
    def en(self) -> str:
        return labels.label(f"table.{self.id}", "en")


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "fiscal_summary",
        r"财政拨款收支(预算)?总表",
        r"财政拨款收入支出决算总表",
        "two_panel",
    ),
    TableSpec(
        "gpb_basic",
        r"一般公共预算(拨款|财政拨款)?基本支出",
        r"一般公共预算财政拨款基本支出决算",
        "economic",
    ),
    TableSpec(
        "gpb_expenditure",
        r"一般公共预算(拨款|财政拨款)?(支出|拨款表)",
        r"一般公共预算财政拨款支出决算",
        "functional",
    ),
    TableSpec(
        "gov_fund",
        r"政府性基金(预算)?(支出|拨款|财政拨款)",
        r"政府性基金预算财政拨款收入支出决算",
        "functional",
    ),
    TableSpec(
        "state_capital",
        r"国有资本经营(预算)?(支出|拨款|财政拨款)",
        r"国有资本经营预算财政拨款(收入)?支出决算",
        "functional",
    ),
    TableSpec(
        "three_public",
        r"三公.{0,2}经费",
        r"三公.{0,2}经费",
        "single",
    ),
    TableSpec(
        "minsheng",
        r"民生(项目|资金)",
        r"民生(项目|资金)",
        "projects",
    ),
    TableSpec(
        "summary",
        r"(财务)?收支(预算)?总表",
        r"收入支出决算总表",
        "two_panel",
    ),
    TableSpec(
        "income",
        r"收入(预算)?总表",
        r"收入决算表",
        "functional",
    ),
    TableSpec(
        "expenditure",
        r"支出(预算)?总表",
        r"支出决算表",
        "functional",
    ),
)
TABLE_BY_ID: dict[str, TableSpec] = {t.id: t for t in TABLES}
TABLE_IDS: tuple[str, ...] = tuple(t.id for t in TABLES)

_TITLE_NOISE = re.compile(r"[\s\u3000\"“”'‘’「」]")
#: each table's (budget, final) title patterns, compiled once (titles are tried on every line)
_TITLES = [(spec.id, re.compile(spec.budget), re.compile(spec.final)) for spec in TABLES]


def match_title(title: str, phase: str | None = None) -> tuple[str, str] | None:
    """Title text -> ``(table id, phase)``; ``None`` when it names no standard table.

    A title containing 决算 is a final-accounts title; otherwise budget. ``phase`` forces one.
    """
    text = _TITLE_NOISE.sub("", title or "")
    if not text or len(text) > 80:
        return None
    found_phase = phase or ("final" if "决算" in text else "budget")
    for table_id, budget, final in _TITLES:
        if (final if found_phase == "final" else budget).search(text):
            return table_id, found_phase
    return None


@dataclass(frozen=True)
class MeasureSpec:
    id: str
    zh: str
    en: str
    headers: tuple[str, ...]  # header words, matched after removing spaces and newlines


MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        "total",
        "合计",
        "Total",
        (
            "合计",
            "总计",
            "小计",
            "预算数",
            "决算数",
            "金额",
            "本年支出合计",
            "支出合计",
            "本年收入合计",
            "收入合计",
        ),
    ),
    MeasureSpec("basic", "基本支出", "Basic expenditure", ("基本支出",)),
    MeasureSpec("project", "项目支出", "Project expenditure", ("项目支出",)),
    MeasureSpec("personnel", "人员经费", "Personnel", ("人员经费",)),
    MeasureSpec("public", "公用经费", "Public (operating) costs", ("公用经费", "日常公用经费")),
    MeasureSpec(
        "fiscal", "财政拨款", "Fiscal appropriation", ("财政拨款收入", "财政拨款", "财政拨款小计")
    ),
    MeasureSpec(
        "gpb",
        "一般公共预算",
        "General public budget",
        ("一般公共预算", "一般公共预算财政拨款", "一般公共预算拨款"),
    ),
    MeasureSpec(
        "gov_fund",
        "政府性基金预算",
        "Government fund budget",
        ("政府性基金预算", "政府性基金预算财政拨款", "政府性基金"),
    ),
    MeasureSpec(
        "state_capital",
        "国有资本经营预算",
        "State capital budget",
        ("国有资本经营预算", "国有资本经营预算财政拨款"),
    ),
    MeasureSpec("business", "事业收入", "Service income", ("事业收入",)),
    MeasureSpec(
        "operating",
        "事业单位经营收入",
        "Operating income",
        ("事业单位经营收入", "经营收入", "经营支出"),
    ),
    MeasureSpec(
        "subordinate",
        "附属单位上缴收入",
        "Remittances from subordinates",
        ("附属单位上缴收入", "上级补助收入"),
    ),
    MeasureSpec("other", "其他收入", "Other income", ("其他收入",)),
    MeasureSpec(
        "carryover",
        "上年结转",
        "Carried over from last year",
        ("上年结转", "年初结转和结余", "使用非财政拨款结余"),
    ),
    MeasureSpec(
        "outbound",
        "因公出国(境)费",
        "Official travel abroad",
        ("因公出国(境)费", "因公出国（境）费", "因公出国(境)费用"),
    ),
    MeasureSpec("vehicle", "公务用车购置及运行费", "Official vehicles", ("公务用车购置及运行费",)),
    MeasureSpec(
        "vehicle_purchase", "公务用车购置费", "Vehicle purchase", ("购置费", "公务用车购置费")
    ),
    MeasureSpec(
        "vehicle_operation", "公务用车运行费", "Vehicle operation", ("运行费", "公务用车运行费")
    ),
    MeasureSpec("reception", "公务接待费", "Official reception", ("公务接待费",)),
    MeasureSpec(
        "admin_operating",
        "机关运行经费",
        "Administrative operating costs",
        ("机关运行经费", "机关运行经费预算数", "机关运行费"),
    ),
    MeasureSpec("scale", "预算规模", "Budgeted amount", ("预算规模", "资金规模", "项目金额")),
)
MEASURE_BY_ID: dict[str, MeasureSpec] = {m.id: m for m in MEASURES}


@dataclass(frozen=True)
class ItemSpec:
    id: str
    zh: str
    en: str
    names: tuple[str, ...]  # regexes on the cleaned row name


ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("income_total", "收入总计", "Total income", (r"^收入总计$", r"^收入合计$")),
    ItemSpec("expenditure_total", "支出总计", "Total expenditure", (r"^支出总计$", r"^支出合计$")),
    ItemSpec("income_current", "本年收入合计", "Income of the year", (r"^本年收入(合计|小计)$",)),
    ItemSpec(
        "expenditure_current",
        "本年支出合计",
        "Expenditure of the year",
        (r"^本年支出(合计|小计)$",),
    ),
    ItemSpec(
        "carryover_in",
        "上年结转",
        "Carried over from last year",
        (r"上年结转", r"年初结转和结余", r"年初财政拨款结转和结余"),
    ),
    ItemSpec(
        "carryover_out",
        "年末结转和结余",
        "Carried over to next year",
        (r"年末结转和结余", r"结转下年", r"年末财政拨款结转和结余"),
    ),
    ItemSpec(
        "non_fiscal_surplus",
        "使用非财政拨款结余",
        "Non-fiscal surplus used",
        (r"使用非财政拨款结余", r"用事业基金弥补收支差额"),
    ),
    ItemSpec("fiscal", "财政拨款收入", "Fiscal appropriation", (r"^财政拨款(收入)?$",)),
    ItemSpec(
        "gpb",
        "一般公共预算",
        "General public budget",
        (r"^一般公共预算(财政拨款|拨款|资金)?(收入)?$",),
    ),
    ItemSpec(
        "gov_fund",
        "政府性基金预算",
        "Government fund budget",
        (r"^政府性基金(预算)?(财政拨款|拨款|资金)?(收入)?$",),
    ),
    ItemSpec(
        "state_capital",
        "国有资本经营预算",
        "State capital budget",
        (r"^国有资本经营(预算)?(财政拨款|拨款|资金)?(收入)?$",),
    ),
    ItemSpec("business", "事业收入", "Service income", (r"^事业收入$",)),
    ItemSpec("operating", "事业单位经营收入", "Operating income", (r"经营收入$",)),
    ItemSpec(
        "subordinate",
        "附属单位上缴收入",
        "Remittances from subordinates",
        (r"附属单位上缴收入", r"上级补助收入"),
    ),
    ItemSpec("other", "其他收入", "Other income", (r"^其他收入$",)),
    ItemSpec("basic", "基本支出", "Basic expenditure", (r"^基本支出$",)),
    ItemSpec("project", "项目支出", "Project expenditure", (r"^项目支出$",)),
    ItemSpec("three_public", "“三公”经费", "'Three public' expenses", (r"三公",)),
)
ITEM_BY_ID: dict[str, ItemSpec] = {i.id: i for i in ITEMS}


def match_item(name: str) -> str | None:
    """Cleaned row name -> canonical item id, or None."""
    for spec in ITEMS:
        if any(re.search(p, name) for p in spec.names):
            return spec.id
    return None


@dataclass(frozen=True)
class TextSpec:
    id: str
    zh: str
    en: str
    title: str  # regex on the sheet's first non-empty text


TEXTS: tuple[TextSpec, ...] = (
    TextSpec("duties", "部门主要职能", "Duties", r"(主要)?职能|职责"),
    TextSpec("organisation", "部门机构设置", "Organisation", r"机构设置|(决算|预算)?单位构成"),
    TextSpec("glossary", "名词解释", "Glossary", r"名词解释"),
    TextSpec(
        "explanation",
        "预算编制说明 / 决算说明",
        "Explanatory notes",
        r"编制说明|决算(情况)?说明|收支(预算|决算)?情况说明|预算情况说明",
    ),
    TextSpec(
        "other", "其他相关情况说明", "Other information", r"其他(相关)?(重要)?(事项|情况)(的)?说明"
    ),
    TextSpec("projects", "项目经费情况说明", "Project descriptions", r"项目(经费)?情况说明"),
    TextSpec("basic_info", "基本信息", "Package information", r"^基本信息$"),
)
TEXT_BY_ID: dict[str, TextSpec] = {t.id: t for t in TEXTS}

PHASES = labels.PHASE_ORDER
PHASE_ZH = {p: labels.label(f"phase.{p}", "zh") for p in PHASES}
LEVELS = labels.keys("level")
LEVEL_EN = {level: labels.label(f"level.{level}", "en") for level in LEVELS}

#: The standard amount columns of each table, in order (what the writer writes, the sample
#: fills and the checker expects). Two-panel tables list ``(panel, measures)``.
COLUMNS: dict[str, tuple[str, ...]] = {
    "income": ("total", "fiscal", "business", "operating", "other"),
    "expenditure": ("total", "basic", "project"),
    "gpb_expenditure": ("total", "basic", "project"),
    "gpb_basic": ("total", "personnel", "public"),
    "gov_fund": ("total", "basic", "project"),
    "state_capital": ("total", "basic", "project"),
    "three_public": ("total", "outbound", "vehicle", "vehicle_purchase", "vehicle_operation",
                     "reception", "admin_operating"),
    "minsheng": ("scale",),
}  # fmt: skip
PANEL_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "summary": {"income": ("total",), "expenditure": ("total",)},
    "fiscal_summary": {
        "income": ("total",),
        "expenditure": ("total", "gpb", "gov_fund", "state_capital"),
    },
}
#: Text fields of a 民生 project row (Row.texts keys), besides its name, code and scale.
MINSHENG_FIELDS: dict[str, str] = {
    k: labels.label(f"minsheng.{k}") for k in labels.keys("minsheng")
}
