"""The narrative parts of :func:`~govbudget_dev.factory.standard.clean_package`: 职能, 机构设置,
编制说明 / 决算说明 and 其他相关情况说明, quoting the package's own figures in 万元 the way real
disclosures do (the NAR rules read them)."""

from __future__ import annotations

from govbudget.model import Package, TextItem
from govbudget.money import format_amount
from govbudget_dev.factory.rows import YUAN


def wan(fen: int | None) -> str:
    """Fen as 万元 text with two decimals, as a narrative quotes it: ``12,345.67``."""
    return format_amount(fen or 0, "万元", 2)


def _figure(package: Package, table: str, *, item: str | None = None, code: str | None = None,
            measure: str = "total") -> int | None:  # fmt: skip
    for row in package.tables[table].rows:
        if (item and (row.item == item or (item == "total" and row.is_total))) or (
            code and row.code == code
        ):
            amount = row.amounts.get(measure)
            return amount.fen if amount else None
    return None


def narrative_texts(package: Package) -> tuple[str, str]:
    """编制说明 / 决算说明 and 其他相关情况说明 quoting the package's own figures (in 万元) and
    comparing two figures the way real disclosures do."""
    year, final = package.year or 2016, package.phase == "final"
    total = _figure(package, "summary", item="expenditure_total")
    fiscal = _figure(package, "summary", item="fiscal")
    gpb = _figure(package, "gpb_expenditure", item="total")
    item = _figure(package, "gpb_expenditure", code="2010101") or 0
    chain = "一般公共服务支出（类）人大事务（款）行政运行（项）"
    if final:
        explanation = (
            f"{year}年度，{package.department}收入支出总计{wan(total)}万元，其中：财政拨款收入"
            f"{wan(fiscal)}万元。一般公共预算财政拨款支出{wan(gpb)}万元。\n"
            f"1、{chain}。主要用于机关运行。年初预算为{wan(item + 20_000 * YUAN)}万元，支出决算为"
            f"{wan(item)}万元。决算数小于预算数的主要原因是公用经费节约。"
        )
    else:
        explanation = (
            f"{year}年，{package.department}收入预算{wan(total)}万元，其中：财政拨款收入"
            f"{wan(fiscal)}万元，比{year - 1}年预算增加12.00万元。支出预算{wan(total)}万元。"
            f"一般公共预算拨款支出预算{wan(gpb)}万元；政府性基金预算另见附表。\n"
            f"1.“{chain}”{wan(item)}万元，主要用于机关运行。{year - 1}年当年预算执行数为"
            f"{wan(item - 30_000 * YUAN)}万元，{year}年预算安排{wan(item)}万元，比{year - 1}年"
            "预算执行数增加。"
        )
    row = package.tables["three_public"].rows[0].amounts
    word = "财政拨款支出决算为" if final else "预算数为"
    other = (
        f"“三公”经费{word}{wan(row['total'].fen)}万元。其中：因公出国（境）费"
        f"{wan(row['outbound'].fen)}万元；公务用车购置及运行费{wan(row['vehicle'].fen)}万元；"
        f"公务接待费{wan(row['reception'].fen)}万元。\n"
        f"机关运行经费{'支出' if final else '预算为'}{wan(row['admin_operating'].fen)}万元。"
    )
    return explanation, other


def add_texts(package: Package) -> None:
    """The four narrative parts, one sheet each (说明1–说明4), cell A2."""
    explanation, other = narrative_texts(package)
    texts = {
        "duties": ("部门主要职能", "负责全市教育事业的统筹规划和管理。"),
        "organisation": ("部门机构设置", "本部门内设办公室、财务科等6个科室，下属单位3个。"),
        "explanation": ("预算编制说明", explanation),
        "other": ("其他相关情况说明", other),
    }
    for i, (text_id, (heading, text)) in enumerate(texts.items()):
        sheet = f"说明{i + 1}"
        package.texts[text_id] = TextItem(text_id, sheet, "A2", heading, text)
        package.sheets = (*package.sheets, sheet)
