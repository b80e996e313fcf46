"""The layout zoo: every workbook layout the writer produces, in one place.

A :class:`Variant` is a layout, a file format, a phase and a scope (部门 / 单位). :data:`VARIANTS`
lists them — the official 2026 预算 template and the official 决算 template (公开NN表 labels, 行次
and 栏次, 合计 first, the 三公 预算数 | 决算数 blocks, 人员经费 | 公用经费 blocks), 单位预算 with the
财务收支预算总表 breakdown, and the awkward forms finance bureaus publish (one code column, codes
glued to names, numbered names, 万元, text numbers, flat headers, stacked summaries, page-break
header repeats, footnotes) — in .xlsx, .xls and .ods. :func:`fit` gives the package as a layout
can show it (what reading the written workbook must give back).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from govbudget.model import Amount, Package
from govbudget_dev.write.official import block_rows
from govbudget_dev.write.sheet import Layout

_FINAL = {"official": True, "three_public_blocks": True, "basic_blocks": True}
_SINGLE = {"codes": "single", "unit": "万元", "two_panel": False, "numbered": True}
_GLUED = {
    "codes": "glued",
    "text_numbers": True,
    "merged_header": False,
    "page_repeat": 8,
    "sheet_names": "titled",
    "three_public_unit": "万元",
}


@dataclass(frozen=True)
class Variant:
    """One layout of the zoo."""

    name: str
    layout: Layout
    suffix: str = ".xlsx"
    phase: str = "budget"

    @property
    def scope(self) -> str:
        return self.layout.scope


def _v(name: str, phase: str, suffix: str = ".xlsx", **fields: object) -> Variant:
    return Variant(name, Layout(**fields), suffix, phase)  # type: ignore[arg-type]


VARIANTS: tuple[Variant, ...] = (
    # 部门预算
    _v("budget-template", "budget"),
    _v("budget-template-xls", "budget", ".xls"),
    _v("budget-template-ods", "budget", ".ods"),
    _v("budget-single-wan-stacked", "budget", **_SINGLE),
    _v("budget-single-wan-stacked-xls", "budget", ".xls", **_SINGLE),
    _v("budget-glued-flat-text", "budget", **_GLUED),
    _v("budget-glued-flat-text-ods", "budget", ".ods", **_GLUED),
    _v("budget-wan-three-public-yuan", "budget", unit="万元", three_public_unit="元"),
    _v("budget-page-repeat-footnote", "budget", page_repeat=5, footnote="注：本表为示例。"),
    _v("budget-text-numbers-titled", "budget", text_numbers=True, sheet_names="titled"),
    _v("budget-labelled-row-numbers", "budget", official=True),
    # 单位预算
    _v("unit-budget-template", "budget", scope="单位"),
    _v("unit-budget-template-xls", "budget", ".xls", scope="单位"),
    _v("unit-budget-single-wan-stacked", "budget", scope="单位", **_SINGLE),
    _v("unit-budget-glued-ods", "budget", ".ods", scope="单位", **_GLUED),
    # 部门决算
    _v("final-template", "final"),
    _v("final-official-wan", "final", unit="万元", **_FINAL),
    _v("final-official-wan-xls", "final", ".xls", unit="万元", **_FINAL),
    _v("final-official-wan-ods", "final", ".ods", unit="万元", **_FINAL),
    _v("final-official-yuan", "final", **_FINAL),
    _v("final-official-stacked", "final", unit="万元", two_panel=False, **_FINAL),
    _v("final-official-glued", "final", codes="glued", **_FINAL),
    _v("final-official-single-numbered", "final", codes="single", numbered=True, **_FINAL),
    _v("final-single-wan-stacked", "final", **_SINGLE),
    _v("final-glued-flat-text", "final", **_GLUED),
    _v("final-glued-flat-text-xls", "final", ".xls", **_GLUED),
    _v("final-official-flat-text", "final", unit="万元", **{**_GLUED, **_FINAL}),
    # 单位决算
    _v("unit-final-official", "final", scope="单位", unit="万元", **_FINAL),
    _v("unit-final-template-ods", "final", ".ods", scope="单位"),
)


def fit(package: Package, layout: Layout) -> Package:
    """A copy of ``package`` as ``layout`` shows it: the official 决算 基本支出 blocks carry one
    决算数 column (no 人员经费/公用经费 columns) and their own 合计; the official 决算 三公 table
    has a 预算数 block (``budget.<measure>``; where the package has none, twice the 决算数 stands
    in); a 单位预算 收支总表 shows 人员经费 | 公用经费 | 项目支出 beside each 类 line and 本年支出合计."""
    fitted = copy.deepcopy(package)
    basic = fitted.tables.get("gpb_basic")
    if layout.basic_blocks and fitted.phase == "final" and basic is not None:
        basic.rows = block_rows(basic)
    three_public = fitted.tables.get("three_public")
    if layout.three_public_blocks and fitted.phase == "final" and three_public is not None:
        for row in three_public.rows:  # a 预算数 block unlike the 决算数 (a stand-in: twice it)
            budget = {f"budget.{k}": Amount(2 * a.fen, "") for k, a in row.amounts.items()
                      if a.fen is not None and "." not in k and k != "admin_operating"}  # fmt: skip
            row.amounts = {**budget, **row.amounts}
    if layout.scope == "单位" and fitted.phase == "budget":
        _unit_summary(fitted)
    return fitted


def _unit_summary(package: Package) -> None:
    """The 单位预算 收支总表 breakdown: each 类 line's 基本支出 (from the 支出总表) split into 人员经费
    and 公用经费, the rest 项目支出; 本年支出合计 the sum of the lines."""
    summary, spending = package.tables.get("summary"), package.tables.get("expenditure")
    if summary is None or spending is None:
        return
    basic_of = {r.name: r.amounts.get("basic") for r in spending.rows if r.depth == 1}
    sums = {"personnel": 0, "public": 0, "project": 0}
    for row in summary.rows:
        total = row.amounts.get("total")
        if row.panel != "expenditure" or row.item is not None or total is None or not total.fen:
            continue
        basic = basic_of.get(row.name)
        basic_fen = (basic.fen or 0) if basic is not None else 0
        personnel = basic_fen * 2 // 3 // 100 * 100
        parts = {
            "personnel": personnel, "public": basic_fen - personnel, "project": total.fen - basic_fen
        }  # fmt: skip
        row.amounts.update({k: Amount(v, "") for k, v in parts.items()})
        for key, fen in parts.items():
            sums[key] += fen
    for row in summary.rows:
        if row.panel == "expenditure" and row.item == "expenditure_current":
            row.amounts.update({k: Amount(v, "") for k, v in sums.items()})
