"""Clean, arithmetically consistent disclosure packages built in code, and defects to inject.

``clean_package(...)`` builds every standard table of a budget or final-accounts package for a
municipal, district or township unit, as the reader would return it (codes in column A, names
in B, amounts from C; two-panel tables income A:B, expenditure C:F). Amounts are whole 元, so
a table published in 元 adds up exactly; ``seed`` varies which 类/款/项 carry money. The rule
cases (``tests/rule_cases.py``) plant their defects in it with :mod:`govbudget_dev.factory.edit`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from govbudget.model import Package, Row, Table
from govbudget_dev.factory.narrative import add_texts
from govbudget_dev.factory.rows import (
    YUAN,
    amounts,
    class_rows,
    coded_rows,
    empty_note,
    item_row,
    place,
    three_public,
    title,
    total_row,
)

#: 类 -> (name, {款 -> (name, [(项, name)])}); names as in the classification catalogue
FUNCTIONAL: dict[str, tuple[str, dict[str, tuple[str, list[tuple[str, str]]]]]] = {
    "201": ("一般公共服务支出", {
        "20101": ("人大事务", [("2010101", "行政运行"), ("2010102", "一般行政管理事务")]),
        "20103": ("政府办公厅（室）及相关机构事务",
                  [("2010301", "行政运行"), ("2010350", "事业运行")]),
    }),
    "205": ("教育支出", {
        "20501": ("教育管理事务", [("2050101", "行政运行")]),
        "20502": ("普通教育", [("2050201", "学前教育"), ("2050202", "小学教育")]),
    }),
    "208": ("社会保障和就业支出", {
        "20801": ("人力资源和社会保障管理事务", [("2080101", "行政运行")]),
        "20808": ("抚恤", [("2080801", "死亡抚恤")]),
    }),
    "212": ("城乡社区支出", {
        "21201": ("城乡社区管理事务", [("2120101", "行政运行")]),
        "21208": ("国有土地使用权出让收入安排的支出", [("2120801", "征地和拆迁补偿支出")]),
    }),
    "221": ("住房保障支出", {
        "22102": ("住房改革支出", [("2210201", "住房公积金"), ("2210203", "购房补贴")]),
    }),
}  # fmt: skip
GOV_FUND_ITEMS = ("2120801",)  # 项 paid from the government fund budget
#: economic 类 -> (name, 人员/公用, [(款, name)])
ECONOMIC: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "301": ("工资福利支出", "personnel", [("30101", "基本工资"), ("30102", "津贴补贴"),
                                         ("30103", "奖金"), ("30199", "其他工资福利支出")]),
    "302": ("商品和服务支出", "public", [("30201", "办公费"), ("30211", "差旅费"),
                                       ("30217", "公务接待费"), ("30299", "其他商品和服务支出")]),
    "303": ("对个人和家庭的补助", "personnel", [("30302", "退休费")]),
}  # fmt: skip
MINSHENG = (
    ("2080801", "优抚对象抚恤金"),
    ("2050201", "学前教育资助"),
    ("2210203", "困难家庭购房补贴"),
)
#: code -> name of every functional and economic code above
NAMES = {
    **{lei: name for lei, (name, _) in FUNCTIONAL.items()},
    **{k: name for _, kuans in FUNCTIONAL.values() for k, (name, _) in kuans.items()},
    **{
        c: name
        for _, kuans in FUNCTIONAL.values()
        for _, items in kuans.values()
        for c, name in items
    },
    **{lei: name for lei, (name, _, _) in ECONOMIC.items()},
    **{k: name for _, _, kuans in ECONOMIC.values() for k, name in kuans},
}


class _Sheet:
    """Lays rows of one table out on a sheet: title A1, unit line 2, header 3–4, data from 5."""

    def __init__(self, table_id: str, title: str, sheet: str, unit: str = "元") -> None:
        self.table = Table(
            table_id, sheet, title, "A1", unit=unit, unit_cell="F2", decimals=0, header_rows=(3, 4)
        )
        self.next = 5

    def put(
        self, rows: list[Row], columns: str, measures: Iterable[str], name_col: str = "B"
    ) -> None:
        """Lay rows out from the next row, ``measures`` in ``columns`` (blank amounts left out)."""
        letters = dict(zip(measures, columns, strict=False))
        place(rows, letters, self.next, name_col)
        self.table.rows += rows
        self.next += len(rows)
        for m, c in letters.items():
            self.table.columns.setdefault(m, c)

    def coded(self, rows: list[Row], columns: str, measures: tuple[str, ...]) -> None:
        """Coded rows (from :func:`coded_rows`), zero amounts of data rows left blank."""
        for row in rows:
            row.amounts = {m: a for m, a in row.amounts.items() if a.fen or row.is_total}
        self.put(rows, columns, measures)

    def panels(self, income: list[Row], spending: list[Row]) -> None:
        """Income lines (name A, amount B) beside expenditure lines (name C, amounts D:G)."""
        first = self.next
        for i, (left, right) in enumerate(itertools.zip_longest(income, spending)):
            if left is not None:
                self.next = first + i
                self.put([left], "B", ("total",), "A")
            if right is not None:
                self.next = first + i
                self.put([right], "DEFG", list(right.amounts), "C")
        self.next = first + max(len(income), len(spending))


@dataclass
class _Line:
    code: str
    name: str
    gpb_basic: int = 0
    gpb_project: int = 0
    fund: int = 0
    business: int = 0

    @property
    def basic(self) -> int:
        return self.gpb_basic + self.business

    @property
    def project(self) -> int:
        return self.gpb_project + self.fund


Measure = Callable[[_Line], int]


def _lines(rng: random.Random) -> list[_Line]:
    lines = []
    for lei, (_, kuans) in FUNCTIONAL.items():
        for _kuan, (_, items) in kuans.items():
            for code, name in items:
                if lei != "201" and rng.random() < 0.25:
                    continue
                if code in GOV_FUND_ITEMS:
                    lines.append(_Line(code, name, fund=_yuan(rng, 100, 900)))
                    continue
                basic = _yuan(rng, 50, 900) if code.endswith("01") else 0
                project = _yuan(rng, 0, 500) if basic else _yuan(rng, 10, 400)
                business = _yuan(rng, 1, 90) if lei == "205" and basic else 0
                lines.append(_Line(code, name, basic, project, 0, business))
    return lines


def _yuan(rng: random.Random, low: int, high: int) -> int:
    """A whole-元 amount (in fen) between ``low`` and ``high`` thousand 元."""
    return rng.randint(low * 1000, high * 1000) * YUAN


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` (whole 元) split into ``parts`` whole-元 amounts adding up exactly."""
    cuts = sorted(rng.randint(0, total // YUAN) for _ in range(parts - 1))
    edges = [0, *cuts, total // YUAN]
    return [(b - a) * YUAN for a, b in itertools.pairwise(edges)]


def _functional(sheet: _Sheet, lines: list[_Line], measures: dict[str, Measure]) -> None:
    """类/款/项 rows of the lines with money (类 and 款 the sums of their 项) and a 合计 row."""
    leaves = {
        x.code: {m: f(x) for m, f in measures.items()}
        for x in lines
        if any(f(x) for f in measures.values())
    }
    sheet.coded(coded_rows(leaves, tuple(measures), NAMES.__getitem__), "CDEFGHIJ", tuple(measures))


def _spending(basic: Measure, project: Measure) -> dict[str, Measure]:
    """The measures of an expenditure table: total, basic and project."""
    return {"total": lambda x: basic(x) + project(x), "basic": basic, "project": project}


def clean_package(
    *,
    year: int = 2016,
    phase: str = "budget",
    level: str = "市级",
    department: str = "示例市教育局",
    seed: int = 0,
    file: str = "dept.xlsx",
    gov_fund: bool = True,
) -> Package:
    """A complete, consistent package: every required table, texts, dates within 20 days."""
    rng = random.Random(seed)
    lines = _lines(rng)
    if not gov_fund:
        lines = [x for x in lines if not x.fund]
    final = phase == "final"
    tables: list[Table] = []

    def sheet(table_id: str) -> _Sheet:
        s = _Sheet(table_id, title(table_id, year, phase), f"表{len(tables) + 1}")
        s.table.department, s.table.year, s.table.phase = department, year, phase
        tables.append(s.table)
        return s

    gpb = sum(x.gpb_basic + x.gpb_project for x in lines)
    fund = sum(x.fund for x in lines)
    business = sum(x.business for x in lines)
    spent = gpb + fund + business
    delta = _yuan(rng, 0, 50) if final else 0  # income of the year − spending
    carry_in = _yuan(rng, 0, 90) if final else 0
    carry_out = carry_in + delta

    by_class = {
        lei: {"total": sum(x.basic + x.project for x in group)}
        for lei in FUNCTIONAL
        if (group := [x for x in lines if x.code.startswith(lei)])
    }
    income = [
        ("fiscal", gpb + fund), ("gpb", gpb), ("gov_fund", fund or None), ("state_capital", None),
        ("business", business), ("operating", None), ("other", delta or None),
    ]  # fmt: skip
    left = [item_row(item, "income", {"total": fen}) for item, fen in income]
    right = class_rows(by_class, NAMES.__getitem__)
    if final:
        left += [
            item_row("income_current", "income", {"total": spent + delta}),
            item_row("carryover_in", "income", {"total": carry_in}, "年初结转和结余"),
        ]
        right += [
            item_row("expenditure_current", "expenditure", {"total": spent}),
            item_row("carryover_out", "expenditure", {"total": carry_out}),
        ]
    left.append(item_row("income_total", "income", {"total": spent + delta + carry_in}))
    right.append(item_row("expenditure_total", "expenditure", {"total": spent + carry_out}))
    sheet("summary").panels(left, right)

    s = sheet("income")
    first = lines[0].code
    _functional(
        s,
        lines,
        {
            "total": lambda x: x.basic + x.project + (delta if x.code == first else 0),
            "fiscal": lambda x: x.gpb_basic + x.gpb_project + x.fund,
            "business": lambda x: x.business,
            "other": lambda x: delta if x.code == first else 0,
        },
    )
    _functional(sheet("expenditure"), lines, _spending(lambda x: x.basic, lambda x: x.project))

    fiscal_by_class = {
        lei: {
            "total": sum(x.gpb_basic + x.gpb_project + x.fund for x in group) or None,
            "gpb": sum(x.gpb_basic + x.gpb_project for x in group) or None,
            "gov_fund": sum(x.fund for x in group) or None,
            "state_capital": None,
        }
        for lei in FUNCTIONAL
        if (group := [x for x in lines if x.code.startswith(lei)])
        and any(x.gpb_basic + x.gpb_project + x.fund for x in group)
    }
    grand = {"total": gpb + fund, "gpb": gpb, "gov_fund": fund or None, "state_capital": None}
    income = [("gpb", gpb), ("gov_fund", fund or None), ("state_capital", None)]
    left = [item_row(item, "income", {"total": fen}) for item, fen in income]
    right = class_rows(fiscal_by_class, NAMES.__getitem__)
    if final:
        left += [
            item_row("income_current", "income", {"total": gpb + fund}),
            item_row("carryover_in", "income", {"total": 0}, "年初财政拨款结转和结余"),
        ]
        right += [
            item_row("expenditure_current", "expenditure", grand),
            item_row("carryover_out", "expenditure", {"total": 0}, "年末财政拨款结转和结余"),
        ]
    left.append(item_row("income_total", "income", {"total": gpb + fund}))
    right.append(item_row("expenditure_total", "expenditure", grand))
    sheet("fiscal_summary").panels(left, right)

    gpb_spending = _spending(lambda x: x.gpb_basic, lambda x: x.gpb_project)
    _functional(sheet("gpb_expenditure"), lines, gpb_spending)

    s = sheet("gpb_basic")
    _economic(s, sum(x.gpb_basic for x in lines), rng)

    s = sheet("three_public")
    _three_public(s, rng)

    s = sheet("gov_fund")
    _functional(s, lines, _spending(lambda x: 0, lambda x: x.fund))
    if not fund:
        s.table.notes.append(replace(empty_note("gov_fund", year, phase), cell=f"A{s.next}"))
    s = sheet("state_capital")
    s.put(
        [total_row(dict.fromkeys(("total", "basic", "project")))],
        "CDE",
        ("total", "basic", "project"),
    )
    s.table.notes.append(replace(empty_note("state_capital", year, phase), cell=f"A{s.next}"))
    if level != "市级":
        s = sheet("minsheng")
        _minsheng(s, rng)

    package = Package(
        file=file,
        department=department,
        year=year,
        phase=phase,
        level=level,
        approval_date=dt.date(year if not final else year + 1, 2, 10),
        publication_date=dt.date(year if not final else year + 1, 2, 24),
        tables={t.id: t for t in tables},
        sheets=tuple(t.sheet for t in tables),
    )
    add_texts(package)
    return package


def _economic(s: _Sheet, basic: int, rng: random.Random) -> None:
    """Economic 类/款 rows of the basic expenditure, personnel 70–85 %, and the 合计 row."""
    personnel = basic * rng.randint(70, 85) // 100 // YUAN * YUAN
    budgets = {"personnel": personnel, "public": basic - personnel}
    leaves: dict[str, dict[str, int]] = {}
    for kind, budget in budgets.items():
        codes = [k for _, k_kind, kuans in ECONOMIC.values() if k_kind == kind for k, _ in kuans]
        for code, fen in zip(codes, _split(budget, len(codes), rng), strict=True):
            leaves[code] = {"total": fen, kind: fen}
    measures = ("total", "personnel", "public")
    s.coded(coded_rows(leaves, measures, NAMES.__getitem__), "CDE", measures)


def _three_public(s: _Sheet, rng: random.Random) -> None:
    outbound, purchase = _yuan(rng, 0, 30), rng.choice([0, 250_000 * YUAN])
    operation, reception = _yuan(rng, 20, 90), _yuan(rng, 5, 40)
    values = three_public(outbound, purchase, operation, reception, _yuan(rng, 100, 900))
    s.put([Row(0, "", "", amounts=amounts(values))], "ABCDEFG", values, "A")


def _minsheng(s: _Sheet, rng: random.Random) -> None:
    s.table.columns.update(
        {"name": "A", "scale": "C", "standard": "D", "procedure": "E", "allocation": "F"}
    )
    for code, name in MINSHENG:
        row = Row(0, name, "", amounts=amounts({"scale": _yuan(rng, 10, 500)}))
        s.put([row], "C", ("scale",), "A")
        row.code, row.code_cell, row.scheme, row.depth = code, f"B{row.row}", "functional", 3
        row.texts = {
            "standard": ("每人每月300元", f"D{row.row}"),
            "procedure": ("社区申报、街道审核、财政直接支付", f"E{row.row}"),
            "allocation": ("已按名单足额发放", f"F{row.row}"),
        }
