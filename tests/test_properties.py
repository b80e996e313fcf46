"""Property-based tests (hypothesis) of the arithmetic and the code parsing.

* any amount in any unit round-trips exactly: through ``money`` (to and from each unit, as
  text with and without thousands separators) and through a workbook (writer → reader, in
  元 and 万元, as numbers and as text, .xlsx and .xls);
* publishing a consistent package in 万元 (every figure rounded half-up to 0.01 万元 on its
  own, as finance systems do) never produces an arithmetic finding;
* code normalisation is idempotent in all three layouts (split 类|款|项, one column, glued to
  the name): reading what was read gives the same code and name again.

Examples are kept few (each workbook property writes and reads real files): the whole module
runs in a few seconds.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from unittest.mock import patch

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govbudget.check import check_package
from govbudget.codes import clean_name, join_split, split_glued
from govbudget.ingest import read_package
from govbudget.ingest.workbook.extract import code_part, split_label
from govbudget.model import Amount, Package, Row, Table
from govbudget.money import UNIT_FEN, fen_to_unit, read_amount, to_fen
from govbudget.rules.engine import Context
from govbudget_dev.examples import THEMES, example_package
from govbudget_dev.write import Layout, write_package

#: a department's figures stay below 10^12 元 (10^14 fen): 14 significant digits, exact in a
#: double, which is how a workbook stores a number
MAX_FEN = 10**14
UNITS = tuple(UNIT_FEN)
NAMES = st.sampled_from(
    ("行政运行", "一般行政管理事务", "教育管理事务", "其他社会保障和就业支出", "住房公积金")
)
NUMBERING = st.sampled_from(("", "一、", "（二）", "3.", "其中：", "  ", "\u3000"))


def _functional_code(draw: st.DrawFn) -> str:
    lei = draw(st.integers(200, 299))
    return f"{lei}{draw(st.integers(1, 99)):02d}{draw(st.integers(1, 99)):02d}"


codes_7 = st.composite(lambda draw: _functional_code(draw))()
any_code = st.one_of(
    codes_7,
    codes_7.map(lambda c: c[:5]),
    codes_7.map(lambda c: c[:3]),
    st.integers(301, 399).map(str),
    st.tuples(st.sampled_from("35"), st.integers(1, 99), st.integers(1, 99)).map(
        lambda t: f"{t[0]}{t[1]:02d}{t[2]:02d}"
    ),
)


# ------------------------------------------------------------------ money ------------------


@given(fen=st.integers(-MAX_FEN * 1000, MAX_FEN * 1000), unit=st.sampled_from(UNITS))
def test_any_amount_round_trips_through_every_unit(fen: int, unit: str) -> None:
    value = fen_to_unit(fen, unit)
    assert to_fen(value, unit) == fen
    for text in (str(value), f"{value:,}", f"{value:,}{unit}"):
        assert read_amount(text, unit)[0] == fen


@given(fen=st.integers(-MAX_FEN, MAX_FEN))
def test_a_number_stored_as_a_double_reads_back_to_the_fen(fen: int) -> None:
    """What a workbook holds for 1234.56 元 is the nearest double; it reads back exactly."""
    yuan = float(Decimal(fen).scaleb(-2))
    assert read_amount(yuan, "元")[0] == fen


def _package(amounts: list[int], codes: list[str]) -> Package:
    rows = [
        Row(row=0, name="行政运行", name_cell="", code=code, depth=3,
            amounts={"total": Amount(fen, ""), "basic": Amount(fen, "")})
        for code, fen in zip(codes, amounts, strict=True)
    ]  # fmt: skip
    table = Table(id="gpb_expenditure", sheet="", title="", title_cell="", rows=rows)
    return Package(file="", department="某局", year=2016, phase="budget", level="市级",
                   tables={"gpb_expenditure": table})  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    steps=st.lists(st.integers(-(10**10), 10**10), min_size=1, max_size=6),
    unit=st.sampled_from(("元", "万元")),
    text_numbers=st.booleans(),
    suffix=st.sampled_from((".xlsx", ".xls")),
)
def test_amounts_round_trip_through_a_workbook(
    steps: list[int], unit: str, text_numbers: bool, suffix: str
) -> None:
    """Writer then reader: every amount the unit can show (0.01 of it) comes back exactly."""
    step = UNIT_FEN[unit] // 100
    amounts = [s * step for s in steps]
    codes = [f"20101{i + 1:02d}" for i in range(len(amounts))]
    layout = Layout(unit=unit, text_numbers=text_numbers, codes="single")
    with tempfile.TemporaryDirectory() as folder:
        path = write_package(_package(amounts, codes), Path(folder) / f"p{suffix}", layout)
        table = read_package(path).tables["gpb_expenditure"]
    read = {r.code: r.amounts["total"].fen for r in table.rows}
    assert read == dict(zip(codes, amounts, strict=True))
    assert table.unit == unit


# ------------------------------------------------------------------ rounding ---------------


def _rounded(package: Package, unit: str) -> Package:
    """Every amount rounded half-up to 0.01 ``unit`` on its own, as a finance system prints."""
    quantum = UNIT_FEN[unit] // 100
    for table in package.tables.values():
        table.unit, table.decimals = unit, 2
        for row in table.rows:
            row.amounts = {
                k: replace(a, fen=None if a.fen is None else _round(a.fen, quantum))
                for k, a in row.amounts.items()
            }
    return package


def _round(fen: int, quantum: int) -> int:
    return int((Decimal(fen) / quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * quantum


def _scaled(package: Package, factor: int) -> Package:
    """The same package with every amount multiplied (stays consistent, changes remainders).
    The figures its narrative quotes no longer hold, so they are taken out of the text (the
    words around them, 三公 and 机关运行经费, stay)."""
    if factor != 1:
        package.texts = {
            key: replace(item, text=re.sub(r"[\d,.]+(万元|亿元|元)", r"若干\1", item.text))
            for key, item in package.texts.items()
        }
    for table in package.tables.values():
        for row in table.rows:
            row.amounts = {
                k: replace(a, fen=None if a.fen is None else a.fen * factor)
                for k, a in row.amounts.items()
            }
    return package


def _example(seed: int, theme: str, phase: str, level: str) -> Package:
    return example_package(seed, theme=theme, phase=phase, level=level, minsheng=level != "市级")


seeds = st.integers(0, 10**6)
themes = st.sampled_from(sorted(THEMES))
phases = st.sampled_from(("budget", "final"))
levels = st.sampled_from(("市级", "区县级", "乡镇级"))


@settings(max_examples=30, deadline=None)
@given(seed=seeds, theme=themes, phase=phases, level=levels, factor=st.integers(1, 997),
       unit=st.sampled_from(("万元", "亿元")))  # fmt: skip
def test_rounding_to_a_larger_unit_never_makes_a_finding(
    seed: int, theme: str, phase: str, level: str, factor: int, unit: str
) -> None:
    package = _example(seed, theme, phase, level)
    rounded = _rounded(_scaled(package, factor), unit)
    assert [(f.rule, f.table, f.cell) for f in check_package(rounded).findings] == []


@settings(max_examples=6, deadline=None)
@given(seed=seeds, theme=themes, phase=phases, level=levels, factor=st.integers(1, 997))
def test_a_package_published_in_wan_yuan_reads_and_checks_clean(
    seed: int, theme: str, phase: str, level: str, factor: int
) -> None:
    """The same, end to end: the writer rounds to 0.01 万元, the reader reads it back."""
    package = _scaled(_example(seed, theme, phase, level), factor)
    with tempfile.TemporaryDirectory() as folder:
        path = write_package(package, Path(folder) / "wan.xlsx", Layout(unit="万元"))
        read = read_package(path)
    assert [(f.rule, f.table, f.cell) for f in check_package(read).findings] == []


def _edited(amount: Amount, edit: str, fen: int) -> Amount:
    if edit == "add":
        return replace(amount, fen=(amount.fen or 0) + fen)
    if edit == "blank":
        return replace(amount, fen=None)
    if edit == "negate":
        return replace(amount, fen=-(amount.fen or fen))
    return replace(amount, fen=None, invalid=True, text="n/a")


@settings(max_examples=40, deadline=None)
@given(seed=seeds, theme=themes, phase=phases, level=levels, data=st.data())
def test_the_quick_sum_test_never_hides_a_finding(
    seed: int, theme: str, phase: str, level: str, data: st.DataObject
) -> None:
    """Sums first compared as fen lists (``Context.balanced``) give the findings of the exact
    check alone, on a package with some amounts changed, blanked, made negative or invalid."""
    package = _example(seed, theme, phase, level)
    cells = [(r, m) for t in package.tables.values() for r in t.rows for m in r.amounts]
    edits = st.tuples(st.sampled_from(cells), st.sampled_from(("add", "blank", "negate", "text")),
                      st.integers(1, 10**9))  # fmt: skip
    for (row, measure), edit, fen in data.draw(st.lists(edits, min_size=1, max_size=4)):
        row.amounts[measure] = _edited(row.amounts[measure], edit, fen)
    quick = check_package(package).findings
    with patch.object(Context, "balanced", lambda *_: False):
        exact = check_package(package).findings
    assert quick == exact


# ------------------------------------------------------------------ codes ------------------


@given(text=st.text(max_size=40))
def test_clean_name_is_idempotent(text: str) -> None:
    assert clean_name(clean_name(text)) == clean_name(text)


@given(code=any_code, name=NAMES, numbering=NUMBERING, gap=st.sampled_from(("", " ", "\u3000")))
def test_glued_codes_split_idempotently(code: str, name: str, numbering: str, gap: str) -> None:
    assume(gap or not numbering[:1].isdigit())  # '3013.行政运行' is 301 + '3.' or 3013: unreadable
    found, rest = split_label(f"{code}{gap}{numbering}{name}")
    assert (found, rest) == (code, name)
    assert split_label(f"{found}{rest}") == (found, rest)
    assert split_glued(f"{found}{rest}") == (found, rest)


@given(code=codes_7, name=NAMES)
def test_spaced_codes_split_like_glued_ones(code: str, name: str) -> None:
    spaced = f"{code[:3]} {code[3:5]} {code[5:]} {name}"
    assert split_label(spaced) == (code, name) == split_label(f"{code}{name}")


@given(code=any_code, numbers=st.booleans())
def test_split_columns_join_idempotently(code: str, numbers: bool) -> None:
    """类 | 款 | 项 cells (款/项 as text '05' or as the number 5) join to the code, and joining
    the parts of the joined code gives it again."""
    parts = [code[:3], code[3:5] or None, code[5:7] or None]
    cells: list[object] = [int(parts[0])] + [
        int(p) if numbers and p is not None else p for p in parts[1:]
    ]
    joined = join_split(*cells)
    assert joined == code
    assert join_split(joined[:3], joined[3:5] or None, joined[5:7] or None) == joined


@given(code=any_code)
def test_one_code_column_reads_idempotently(code: str) -> None:
    for cell in (code, int(code), float(code), f" {code} "):
        assert code_part(cell) == code
    assert code_part(code_part(code)) == code


@settings(max_examples=10, deadline=None)
@given(
    codes=st.lists(codes_7, min_size=1, max_size=5, unique=True),
    layout=st.sampled_from(("split", "single", "glued")),
    numbered=st.booleans(),
)
def test_codes_survive_writing_and_reading_twice(
    codes: list[str], layout: str, numbered: bool
) -> None:
    """Through the writer and the reader, in each code layout, twice: the same codes."""
    package = _package([100] * len(codes), codes)
    style = Layout(codes=layout, numbered=numbered)
    with tempfile.TemporaryDirectory() as folder:
        once = read_package(write_package(package, Path(folder) / "once.xlsx", style))
        twice = read_package(write_package(once, Path(folder) / "twice.xlsx", style))
    for read in (once, twice):
        assert [(r.code, r.name) for r in read.tables["gpb_expenditure"].rows] == [
            (c, "行政运行") for c in codes
        ]
