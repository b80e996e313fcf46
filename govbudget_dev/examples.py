"""Small, internally consistent example packages, for the demo, tests and benchmarks.

:func:`example_package` builds a complete nine-table package (plus a 民生 table for district
and township units) whose figures add up at every level; :func:`with_defects` breaks it in
ways the checker must find. Both build with :mod:`govbudget_dev.factory`.
``govbudget/resources/examples/`` holds the workbooks of :data:`EXAMPLES`, written by
:func:`write_examples`; regenerate them with
``python -m govbudget_dev.examples govbudget/resources/examples``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
from pathlib import Path

from govbudget.model import Note, Package, Row, Table, TextItem
from govbudget_dev.factory.edit import Where, add_to, drop_rows, set_amount
from govbudget_dev.factory.narrative import wan
from govbudget_dev.factory.rows import (
    amounts,
    class_rows,
    coded_rows,
    empty_note,
    item_row,
    three_public,
)
from govbudget_dev.write import Layout, write_package

#: Functional classification (2016 names) used by the example departments.
FUNCTIONAL = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "205": "教育支出",
    "20501": "教育管理事务",
    "2050101": "行政运行",
    "20502": "普通教育",
    "2050202": "小学教育",
    "2050203": "初中教育",
    "208": "社会保障和就业支出",
    "20802": "民政管理事务",
    "2080208": "基层政权和社区建设",
    "20805": "行政事业单位离退休",
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "210": "医疗卫生与计划生育支出",
    "21001": "医疗卫生与计划生育管理事务",
    "2100101": "行政运行",
    "21004": "公共卫生",
    "2100409": "重大公共卫生专项",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "212": "城乡社区支出",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120803": "城市建设支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "2210203": "购房补贴",
}
ECONOMIC = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30217": "公务接待费",
    "30231": "公务用车运行维护费",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
}
NAMES = FUNCTIONAL | ECONOMIC
#: 项 codes of each example theme: (code, has basic spending, has project spending)
THEMES = {
    "finance": (("2010601", True, False), ("2010602", False, True)),
    "education": (("2050101", True, False), ("2050202", True, True), ("2050203", False, True)),
    "health": (("2100101", True, False), ("2100409", False, True)),
    "town": (("2010301", True, False), ("2010302", False, True), ("2080208", False, True)),
}
_COMMON = (
    ("2080501", True, False),
    ("2080505", True, False),
    ("2101101", True, False),
    ("2210201", True, False),
    ("2210203", True, False),
)
#: economic 款 of the personnel (人员) and public (公用) basic expenditure
_WAGES = ("30101", "30102", "30103", "30199", "30302")
_COSTS = ("30201", "30211", "30212", "30217", "30231", "30299")
_MINSHENG = (
    (
        "农村最低生活保障金",
        "2081902",
        "每人每月补助 260 元",
        "村委会初审、镇政府审核、县民政局审批后社会化发放",
        "已按月发放至 412 户 706 人",
    ),
    (
        "高龄老人生活补贴",
        "2080299",
        "80 周岁以上老人每人每月 100 元",
        "本人申请、村居公示、镇政府审核发放",
        "已发放至 1,250 人",
    ),
)


def _yuan(rng: random.Random, low: int, high: int) -> int:
    """A random amount in fen, a whole number of yuan."""
    return rng.randrange(low, high) * 100


def _rows(leaves: dict[str, dict[str, int]], measures: tuple[str, ...]) -> list[Row]:
    """类/款/项 rows summed from the leaves, zeros blank, then the 合计 row."""
    return coded_rows(leaves, measures, lambda code: NAMES[code], blank_zero=True)


def _table(table_id: str, rows: list[Row], notes: list[Note] | None = None) -> Table:
    return Table(table_id, "", "", "", unit="元", rows=rows, notes=notes or [])


def _spread(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split ``total`` fen into ``parts`` whole-yuan pieces."""
    cuts = sorted(rng.randrange(1, total // 100) for _ in range(parts - 1))
    bounds = [0, *cuts, total // 100]
    return [(b - a) * 100 for a, b in itertools.pairwise(bounds)]


def example_package(
    seed: int = 0,
    *,
    department: str = "示例市财政局",
    year: int = 2016,
    phase: str = "budget",
    level: str = "市级",
    theme: str = "finance",
    gov_fund: bool = True,
    minsheng: bool = False,
) -> Package:
    """A consistent package: every total, sub-total and cross-table figure agrees."""
    rng = random.Random(seed)
    gpb: dict[str, dict[str, int]] = {}
    for code, basic, project in THEMES[theme] + _COMMON:
        gpb[code] = {
            "basic": _yuan(rng, 200_000, 3_000_000) if basic else 0,
            "project": _yuan(rng, 50_000, 2_000_000) if project else 0,
        }
        gpb[code]["total"] = gpb[code]["basic"] + gpb[code]["project"]
    fund = {"2120803": {"project": _yuan(rng, 100_000, 900_000)}} if gov_fund else {}
    for item in fund.values():
        item.update(basic=0, total=item["project"])
    business = {THEMES[theme][0][0]: _yuan(rng, 10_000, 400_000)}
    spend = {c: dict(v) for c, v in gpb.items()}
    for code, item in fund.items():
        spend.setdefault(code, {"total": 0, "basic": 0, "project": 0})
        for m in ("total", "basic", "project"):
            spend[code][m] += item[m]
    for code, fen in business.items():
        spend[code]["basic"] += fen
        spend[code]["total"] += fen
    income = {
        c: {
            "fiscal": gpb.get(c, {}).get("total", 0) + fund.get(c, {}).get("total", 0),
            "business": business.get(c, 0),
        }
        for c in spend
    }
    for item in income.values():
        item["total"] = item["fiscal"] + item["business"]
    tables: dict[str, Table] = {}
    tables["income"] = _table(
        "income", _rows(income, ("total", "fiscal", "business", "operating", "other"))
    )
    tables["expenditure"] = _table("expenditure", _rows(spend, ("total", "basic", "project")))
    tables["gpb_expenditure"] = _table("gpb_expenditure", _rows(gpb, ("total", "basic", "project")))
    tables["gov_fund"] = _table(
        "gov_fund",
        _rows(fund, ("total", "basic", "project")) if fund else [],
        None if fund else [empty_note("gov_fund", year, phase)],
    )
    tables["state_capital"] = _table(
        "state_capital", [], [empty_note("state_capital", year, phase)]
    )
    basic_total = sum(v["basic"] for v in gpb.values())
    public = basic_total // 400 * 100  # a quarter, whole yuan
    personnel = basic_total - public
    wages = dict(zip(_WAGES, _spread(rng, personnel, len(_WAGES)), strict=True))
    costs = dict(zip(_COSTS, _spread(rng, public, len(_COSTS)), strict=True))
    economic = {c: {"total": v, "personnel": v} for c, v in wages.items()}
    economic |= {c: {"total": v, "public": v} for c, v in costs.items()}
    tables["gpb_basic"] = _table("gpb_basic", _rows(economic, ("total", "personnel", "public")))
    vehicle_purchase = rng.choice((0, 0, 20_000_000))
    three = three_public(
        costs["30212"], vehicle_purchase, costs["30231"], costs["30217"], admin=public
    )
    tables["three_public"] = _table(
        "three_public", [Row(0, "", "", amounts=amounts(three, blank_zero=True))]
    )
    tables["summary"] = _table("summary", _summary_rows(tables, "summary"))
    tables["fiscal_summary"] = _table("fiscal_summary", _summary_rows(tables, "fiscal_summary"))
    if minsheng:
        rows = [
            Row(
                0,
                name,
                "",
                code=code,
                scheme="functional",
                depth=3,
                amounts=amounts({"scale": _yuan(rng, 100_000, 2_000_000)}, blank_zero=True),
                texts={"standard": (std, ""), "procedure": (proc, ""), "allocation": (alloc, "")},
            )
            for name, code, std, proc, alloc in _MINSHENG
        ]
        tables["minsheng"] = _table("minsheng", rows)
    package = Package(
        file="",
        department=department,
        year=year,
        phase=phase,
        level=level,
        approval_date=dt.date(year, 2, 10),
        publication_date=dt.date(year, 2, 24),
        tables=tables,
    )
    package.texts = _texts(package, three)
    return package


def _summary_rows(tables: dict[str, Table], table_id: str) -> list[Row]:
    """收支总表 / 财政拨款收支总表: income by source | expenditure by 类, zeros blank."""
    income = {
        m: next(r for r in tables["income"].rows if r.is_total).amounts[m].fen or 0
        for m in ("fiscal", "business")
    }
    gpb = _total(tables["gpb_expenditure"])
    fund = _total(tables["gov_fund"])
    left = {"gpb": gpb, "gov_fund": fund, "state_capital": 0}
    by_class: dict[str, dict[str, int]] = {}
    if table_id == "summary":
        left = {"fiscal": income["fiscal"], **left, "business": income["business"],
                "operating": 0, "other": 0}  # fmt: skip
        for r in tables["expenditure"].rows:
            if r.depth == 1:
                by_class[r.code or ""] = {"total": r.amounts["total"].fen or 0}
        grand = income["fiscal"] + income["business"]
        spent = {"total": grand}
    else:
        for source, key in ((tables["gpb_expenditure"], "gpb"), (tables["gov_fund"], "gov_fund")):
            for r in source.rows:
                if r.depth == 1:
                    line = by_class.setdefault(r.code or "", dict.fromkeys(left, 0))
                    line[key] = r.amounts["total"].fen or 0
        by_class = {c: {"total": v["gpb"] + v["gov_fund"], **v} for c, v in by_class.items()}
        grand = gpb + fund
        spent = {"total": grand, **left}
    rows = [item_row(item, "income", {"total": fen}, blank_zero=True) for item, fen in left.items()]
    rows.append(item_row("income_total", "income", {"total": grand}, blank_zero=True))
    rows += class_rows(by_class, lambda code: NAMES[code], blank_zero=True)
    rows.append(item_row("expenditure_total", "expenditure", spent, blank_zero=True))
    return rows


def _total(table: Table) -> int:
    return sum(r.amounts["total"].fen or 0 for r in table.rows if r.is_total)


def _texts(package: Package, three: dict[str, int]) -> dict[str, TextItem]:
    dept, year = package.department or "", package.year
    total = _total(package.tables["expenditure"])
    word = "预算" if package.phase == "budget" else "决算"
    bodies = {
        "duties": (f"{dept}主要职能", f"{dept}负责本级相关领域的政策制定、组织实施和监督管理。"),
        "organisation": (
            f"{dept}机构设置",
            f"{dept}内设办公室、综合科、业务科等 5 个机构，下属事业单位 1 家。",
        ),
        "glossary": (
            "名词解释",
            "财政拨款收入：指本级财政当年拨付的资金。\n“三公”经费：指因公出国（境）费、"
            "公务用车购置及运行费和公务接待费。",
        ),
        "explanation": (
            f"{year}年部门{word}编制说明" if word == "预算" else f"{year}年度部门决算说明",
            f"{year}年{dept}收支{word}{wan(total)}万元。",
        ),
        "other": (
            "其他相关情况说明",
            f"一、“三公”经费{word}情况说明\n{year}年“三公”经费{word}{wan(three['total'])}万元。\n"
            f"二、机关运行经费\n{year}年机关运行经费{wan(three['admin_operating'])}万元。\n"
            "三、政府采购情况\n本部门政府采购预算 35.00 万元。\n"
            "四、国有资产占用情况\n本部门共有车辆 2 辆。\n五、绩效目标设置情况\n本部门 3 个项目编报了绩效目标。",
        ),
    }
    return {k: TextItem(k, "", "", title, text) for k, (title, text) in bodies.items()}


def with_defects(package: Package) -> tuple[Package, tuple[str, ...]]:
    """Break a package (in place) in ways ``govbudget check`` must report; return what was done."""
    gpb = package.tables["gpb_expenditure"]
    kuan = next(r for r in gpb.rows if r.depth == 2).code or ""
    drop_rows(package, "gpb_expenditure", kuan, 3)
    changed = next(r for r in package.tables["expenditure"].rows if r.depth == 3)
    add_to(package, Where("expenditure", code=changed.code, measure="total"), 12_300)
    first = Where("income", code=package.tables["income"].rows[0].code, measure="other")
    set_amount(package, first, None, invalid=True, text="待定")
    package.tables["state_capital"].notes.clear()
    del package.texts["other"]
    package.publication_date = (package.approval_date or dt.date(2016, 1, 1)) + dt.timedelta(
        days=35
    )
    return package, (
        f"LVL001 gpb_expenditure: the 项 rows under 款 {kuan} removed, the 款 keeps its amount",
        f"SUM002 expenditure: {changed.code} total raised by 123.00 元",
        "VAL001 income: 其他收入 of the first row is the text 待定",
        "PKG002 state_capital: empty table without 空表说明",
        "PKG003 其他相关情况说明 (三公, 机关运行经费, 政府采购 …) removed",
        "TIM001: published 35 days after approval",
        "PKG004 gpb_basic: no 单位 stated",
    )


#: (file name, example_package keyword arguments, layout, broken?)
EXAMPLES: tuple[tuple[str, dict, Layout, bool], ...] = (
    ("finance_2016_budget.xlsx", {"seed": 1}, Layout(), False),
    (
        "education_2016_budget_wanyuan.xlsx",
        {"seed": 2, "department": "示例市教育局", "theme": "education"},
        Layout(codes="single", unit="万元", numbered=True, two_panel=False, sheet_names="titled"),
        False,
    ),
    (
        "health_2016_final.xls",
        {
            "seed": 3,
            "department": "示例市卫生和计划生育委员会",
            "theme": "health",
            "phase": "final",
        },
        Layout(
            codes="glued",
            merged_header=False,
            text_numbers=True,
            page_repeat=6,
            footnote="注：本表金额为决算数。",
        ),
        False,
    ),
    (
        "town_2016_budget.ods",
        {
            "seed": 4,
            "department": "示例县城关镇人民政府",
            "theme": "town",
            "level": "乡镇级",
            "minsheng": True,
            "gov_fund": False,
        },
        Layout(three_public_unit="万元"),
        False,
    ),
    (
        "environment_2016_budget_defective.xlsx",
        {"seed": 5, "department": "示例市环境保护局", "theme": "finance"},
        Layout(omit_unit=("gpb_basic",)),
        True,
    ),
)


def write_examples(out_dir: str | Path) -> list[Path]:
    """Write the :data:`EXAMPLES` workbooks into ``out_dir``."""
    written = []
    for name, kwargs, layout, broken in EXAMPLES:
        package = example_package(**kwargs)
        if broken:
            package, _done = with_defects(package)
        written.append(write_package(package, Path(out_dir) / name, layout))
    return written


if __name__ == "__main__":
    for path in write_examples(
        sys.argv[1] if len(sys.argv) > 1 else "govbudget/resources/examples"
    ):
        print(path)
