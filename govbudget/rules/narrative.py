"""Narrative against tables (NAR001, NAR002).

NAR001: a figure the narrative quotes (编制说明 / 决算说明, 其他相关情况说明; every narrative part but
名词解释 is read) differs from the table
figure it names by more than one printed unit step (the coarser of the quote's and the table's).
A quote may name several table figures that should agree (收入预算 is the summary's 收入总计 and
the income table's 合计); it is a finding only when it agrees with none of them, and a quote
that names no figure of the package (its table or row is missing, its 科目 is ambiguous) is
left alone.

NAR002: a comparison word (增加/减少/持平, 大于/小于/等于) contradicts the two figures the text
states and compares (预算执行数为A，预算安排B，比执行数增加; 年初预算为A，决算为B，决算数小于
预算数). Figures the text does not state (last year's) are not guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from govbudget.catalogue.names import normalise_name
from govbudget.findings import Finding
from govbudget.model import Row, Table, TextItem
from govbudget.rules.engine import Context, implements, yuan_text
from govbudget.rules.narrative_text import (
    Comparison,
    Quote,
    Subject,
    comparisons,
    labelled,
    normalise,
    subjects,
)  # fmt: skip

#: Narrative parts whose figures are not read (tables.TEXTS ids): definitions and metadata. The
#: others are, since a reader may file the 决算说明 under the part before it (单位构成).
SKIPPED_TEXTS = ("glossary", "basic_info")
#: Tables whose coded rows a 科目 quote may name, most specific first.
SUBJECT_TABLES = ("gpb_expenditure", "gov_fund", "state_capital", "expenditure", "income")
_LENGTH = {1: 3, 2: 5, 3: 7}


class Place(NamedTuple):
    """A table figure a label names: table, row (an item id, or 'total' for the 合计 row, or
    '*' for every row), the panel of a two-panel table, the measure. A ``corroborating`` place
    often holds the same figure (机关运行经费 and 公用经费): agreeing with it clears a quote, but it
    is never the ground of a finding."""

    table: str
    row: str
    panel: str | None
    measure: str
    corroborating: bool = False


def _p(spec: str) -> Place:
    """``'summary:income_total@income.total'`` -> Place; a leading ``~`` marks it corroborating."""
    corroborating = spec.startswith("~")
    table, rest = spec.removeprefix("~").split(":")
    row, measure = rest.split(".")
    row, _, panel = row.partition("@")
    return Place(table, row, panel or None, measure, corroborating)


#: narrative_text.LABELS id -> the table figures it may stand for
LABEL_PLACES: dict[str, tuple[Place, ...]] = {
    label: tuple(_p(s) for s in specs.split())
    for label, specs in {
        "fiscal_total": "fiscal_summary:income_total@income.total "
        "fiscal_summary:expenditure_total@expenditure.total",
        "grand_total": "summary:income_total@income.total summary:expenditure_total@expenditure.total",
        "income_current": "summary:income_current@income.total income:total.total",
        "expenditure_current": "summary:expenditure_current@expenditure.total "
        "expenditure:total.total",
        "gpb_expenditure": "gpb_expenditure:total.total fiscal_summary:expenditure_total@expenditure.gpb "
        "fiscal_summary:gpb@income.total summary:gpb@income.total",
        "gov_fund": "gov_fund:total.total fiscal_summary:expenditure_total@expenditure.gov_fund "
        "fiscal_summary:gov_fund@income.total summary:gov_fund@income.total",
        "state_capital": "state_capital:total.total "
        "fiscal_summary:expenditure_total@expenditure.state_capital "
        "fiscal_summary:state_capital@income.total summary:state_capital@income.total",
        "fiscal_expenditure": "fiscal_summary:expenditure_total@expenditure.total "
        "fiscal_summary:expenditure_current@expenditure.total",
        "fiscal_income": "summary:fiscal@income.total fiscal_summary:income_total@income.total "
        "fiscal_summary:income_current@income.total income:total.fiscal",
        "income": "summary:income_total@income.total summary:income_current@income.total "
        "income:total.total",
        "expenditure": "summary:expenditure_total@expenditure.total "
        "summary:expenditure_current@expenditure.total expenditure:total.total",
        "business": "summary:business@income.total income:total.business",
        "operating": "summary:operating@income.total income:total.operating",
        "other_income": "summary:other@income.total income:total.other",
        "basic": "expenditure:total.basic gpb_expenditure:total.basic gpb_basic:total.total",
        "project": "expenditure:total.project gpb_expenditure:total.project",
        "three_public": "three_public:*.total",
        "outbound": "three_public:*.outbound",
        "vehicle": "three_public:*.vehicle",
        "vehicle_purchase": "three_public:*.vehicle_purchase",
        "vehicle_operation": "three_public:*.vehicle_operation",
        "reception": "three_public:*.reception",
        "admin_operating": "three_public:*.admin_operating ~gpb_basic:total.public",
    }.items()
}


class Figure(NamedTuple):
    """A figure of a table: fen, the table's printed step in fen, its cell, the table;
    ``corroborating`` see :class:`Place`."""

    fen: int
    step: int
    cell: str
    table: Table
    corroborating: bool = False


#: the 合计 row of a panel also stands for its 收入总计 / 支出总计 (a table prints one or the other)
_GRAND = {"income": "income_total", "expenditure": "expenditure_total"}


class _Index(NamedTuple):
    """A table as the narrative's figures read it."""

    empty: bool  # no row carries a non-zero amount
    items: dict[tuple[str | None, str], list[Row]]  # (panel, item id) -> its rows, in order


def _index(ctx: Context, table: Table) -> _Index:
    """The table's :class:`_Index` (built once per package)."""
    return ctx.cached((table.id, "narrative index"), _make_index, table)


def _make_index(table: Table) -> _Index:
    items: dict[tuple[str | None, str], list[Row]] = {}
    for row in table.rows:
        if row.item is None:
            continue
        items.setdefault((row.panel, row.item), []).append(row)
        if row.item == "total" and row.panel in _GRAND:
            items.setdefault((row.panel, _GRAND[row.panel]), []).append(row)
    return _Index(table.is_empty, items)


def place_figures(ctx: Context, label: str) -> Iterator[Figure]:
    """Every table figure a label's places name in the package (the 合计 of an empty table is
    0; a blank cell of a column the table has is 0). Lazy: judging stops at the first figure
    that agrees."""
    for table_id, row_id, panel, measure, corroborating in LABEL_PLACES[label]:
        table = ctx.package.tables.get(table_id)
        if table is None:
            continue
        index, view = _index(ctx, table), ctx.view(table)
        if row_id == "total" and index.empty:
            yield Figure(0, view.step, table.title_cell, table, corroborating)
            continue
        for row in table.rows if row_id == "*" else index.items.get((panel, row_id), ()):
            amount = row.amounts.get(measure)
            if amount is None:
                if measure in table.columns or measure in view.measures:
                    yield Figure(0, view.step, row.name_cell, table, corroborating)
            elif not amount.invalid:
                yield Figure(amount.fen or 0, view.step, amount.cell, table, corroborating)


# ------------------------------------------------------------------ 科目 -------------------


def _rows_of(ctx: Context, code: str) -> Iterator[tuple[Table, Row]]:
    """The rows of ``code`` in the package's coded tables (SUBJECT_TABLES order), found lazily:
    judging mostly stops at the first."""
    for table_id in SUBJECT_TABLES:
        table = ctx.package.tables.get(table_id)
        if table is not None:
            for row in ctx.view(table).all_coded:
                if row.code == code:
                    yield table, row


def _codes_named(ctx: Context) -> dict[str, set[str]]:
    """Normalised name -> the codes so called in the package's coded tables."""

    def make() -> dict[str, set[str]]:
        printed: dict[str, set[str]] = {}  # a code's name is the same in most of its tables
        for table_id in SUBJECT_TABLES:
            table = ctx.package.tables.get(table_id)
            if table is not None:
                for row in ctx.view(table).all_coded:
                    codes = printed.get(row.name)
                    if codes is None:
                        printed[row.name] = {row.code or ""}
                    else:
                        codes.add(row.code or "")
        named: dict[str, set[str]] = {}
        for name, codes in printed.items():
            named.setdefault(normalise_name(name), set()).update(codes)
        return named

    return ctx.cached(("narrative", "names"), make)


def _named(ctx: Context, code: str, name: str) -> bool:
    """Is ``code`` called ``name`` in the tables or in the catalogue?"""
    wanted = normalise_name(name)
    if code in _codes_named(ctx).get(wanted, ()):
        return True
    if ctx.catalogue is not None and ctx.package.year is not None:
        entry = ctx.catalogue.lookup(code, ctx.package.year, "functional")
        return entry is not None and normalise_name(entry.name) == wanted
    return False


def resolve(ctx: Context, subject: Subject) -> str | None:
    """The code a quoted 科目 stands for, when the package names exactly one."""
    if subject.code:
        return subject.code if next(_rows_of(ctx, subject.code), None) else None
    *upper, (name, _, depth) = subject.links
    named = _codes_named(ctx)
    wanted = normalise_name(name)
    lengths = (_LENGTH[depth],) if depth else (3, 5, 7)
    codes = {c for c in named.get(wanted, ()) if len(c) in lengths}
    if not codes and depth == 1:  # a 类 name may carry words before it: "用于…一般公共服务支出"
        codes = {c for n, cs in named.items() if len(n) >= 4 and wanted.endswith(n)
                 for c in cs if len(c) == 3}  # fmt: skip
    if upper:
        parent_name, _, parent_depth = upper[-1]
        cut = _LENGTH[parent_depth]
        codes = {c for c in codes if _named(ctx, c[:cut], parent_name)}
    return codes.pop() if len(codes) == 1 else None


def subject_figures(ctx: Context, code: str) -> Iterator[Figure]:
    """The figures of every row of ``code`` (a blank cell is 0). Lazy, as
    :func:`place_figures`."""
    for table, row in _rows_of(ctx, code):
        step = ctx.view(table).step
        for amount in row.amounts.values():
            if not amount.invalid:
                yield Figure(amount.fen or 0, step, amount.cell, table)


# ------------------------------------------------------------------ the rules --------------


def _texts(ctx: Context) -> list[tuple[TextItem, str]]:
    """The narrative parts read, with their normalised text (shared by NAR001 and NAR002). A
    part that writes no 元 quotes no amount: it is left out."""
    return ctx.cached(("narrative", "texts"), lambda: [
        (item, normalise(item.text)) for text_id, item in ctx.package.texts.items()
        if text_id not in SKIPPED_TEXTS and "元" in item.text
    ])  # fmt: skip


def _quote(snippet: str, limit: int = 48) -> str:
    return snippet if len(snippet) <= limit else "…" + snippet[-limit:]


def differs(amount: Quote, figures: Iterable[Figure]) -> bool:
    """A finding: the quote names a figure of the package (not only corroborating ones) and
    agrees with none (they differ by more than the coarser printed step)."""
    named = False
    for figure in figures:
        if abs(amount.fen - figure.fen) <= max(amount.step, figure.step):
            return False
        named = named or not figure.corroborating
    return named


def _nar001(ctx: Context, item: TextItem, amount: Quote, figures: Iterable[Figure], snippet: str,
            code: str = "") -> Finding:  # fmt: skip
    figure = next(f for f in figures if not f.corroborating)
    found = ctx.finding(
        "NAR001", table_id=figure.table.id, cell=item.cell, expected=figure.fen,
        actual=amount.fen, title=item.title, quote=_quote(snippet), figure_cell=figure.cell,
    )  # fmt: skip
    return dataclasses.replace(found, sheet=item.sheet, code=code)


@implements("NAR001")
def quoted_figures(ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[str, int]] = set()
    for item, text in _texts(ctx):
        for figure in labelled(text, ctx.package.phase, ctx.package.year):
            key = (figure.label, figure.amount.fen)
            if key not in seen and differs(figure.amount, place_figures(ctx, figure.label)):
                seen.add(key)
                figures = place_figures(ctx, figure.label)
                yield _nar001(ctx, item, figure.amount, figures, figure.snippet)
        for subject in subjects(text, ctx.package.phase, ctx.package.year):
            code = resolve(ctx, subject)
            key = (code or "", subject.amount.fen)
            if code and key not in seen and differs(subject.amount, subject_figures(ctx, code)):
                seen.add(key)
                figures = subject_figures(ctx, code)
                yield _nar001(ctx, item, subject.amount, figures, subject.snippet, code)


_WORD_TEXT = {"more": ("增加（大于）", "more"), "less": ("减少（小于）", "less"),
              "equal": ("持平（等于）", "equal"), "about": ("基本持平", "about equal")}  # fmt: skip
#: 基本持平 allows this many percent of the larger figure
ABOUT_PERCENT = 10


def contradicts(comparison: Comparison) -> bool:
    """Does the comparison word contradict the two figures (beyond their printed steps)?"""
    new, old = comparison.new, comparison.old
    step = max(new.step, old.step)
    difference = new.fen - old.fen
    if comparison.word == "more":
        return difference < -step
    if comparison.word == "less":
        return difference > step
    if comparison.word == "equal":
        return abs(difference) > step
    larger = max(abs(new.fen), abs(old.fen))
    return abs(difference) > step and 100 * abs(difference) > ABOUT_PERCENT * larger


@implements("NAR002")
def comparison_words(ctx: Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for item, text in _texts(ctx):
        for comparison in comparisons(text):
            if not contradicts(comparison) or comparison.snippet in seen:
                continue
            seen.add(comparison.snippet)
            word_zh, word_en = _WORD_TEXT[comparison.word]
            found = ctx.finding(
                "NAR002", cell=item.cell, title=item.title, quote=_quote(comparison.snippet, 60),
                new=yuan_text(comparison.new.fen), old=yuan_text(comparison.old.fen), word_zh=word_zh,
                word_en=word_en,
            )  # fmt: skip
            yield dataclasses.replace(found, sheet=item.sheet)
