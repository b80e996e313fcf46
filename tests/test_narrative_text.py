"""Reading the figures a narrative quotes: which are read, which are left alone."""

from __future__ import annotations

import pytest

from govbudget.rules.narrative import contradicts
from govbudget.rules.narrative_text import comparisons, labelled, normalise, subjects


def test_labelled_figures_with_their_printed_step():
    text = normalise("2025年，某局收入预算3,121.42万元，其中：财政拨款收入3,121.42万元，比2024年预算增加\n"
                     "107.62万元；事业收入0万元。财政拨款收入支出总计0.3万元。")  # fmt: skip
    found = [(f.label, f.amount.fen, f.amount.step) for f in labelled(text, "budget", 2025)]
    assert found == [
        ("income", 3_121_420_000, 10_000),
        ("fiscal_income", 3_121_420_000, 10_000),
        ("business", 0, 1_000_000),
        ("fiscal_total", 300_000, 100_000),
    ]  # 107.62 follows 增加: a change, not a figure of the tables


@pytest.mark.parametrize("text", [
    "2024年“三公”经费预算数为5.00万元",  # another year's figure
    "“三公”经费财政拨款支出年初预算为0.95万元",  # the 决算 narrative's budget figure
    "收入支出总计减少56.95万元",  # a change
    "一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%",  # a share
])  # fmt: skip
def test_figures_of_other_years_changes_and_shares_are_not_read(text):
    found = [(f.label, f.amount.fen) for f in labelled(normalise(text), "final", 2025)]
    assert ("three_public", 500_000) not in found and ("three_public", 95_000) not in found
    assert ("grand_total", 56_950_000) not in found
    assert ("expenditure_current", 1_000_000) not in found


def test_only_the_clause_that_names_another_year_is_left_alone():
    text = normalise("截至2024年底，本部门共有公务用车3辆。2025年“三公”经费预算数为6.00万元，"
                     "比2024年减少1万元；2024年公务接待费0.5万元，公务用车购置费为2万元。")  # fmt: skip
    found = [(f.label, f.amount.fen) for f in labelled(text, "budget", 2025)]
    assert found == [("three_public", 6_000_000), ("vehicle_purchase", 2_000_000)]


def test_subjects_by_coded_chain_named_chain_code_and_bare_name():
    text = normalise(
        "1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元，2025年当年预算执行数为"
        "1690.69万元。2.“社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”"
        "2026年度预算87.70万元，2025年度预算85.00万元。2080505机关事业单位基本养老保险缴费支出"
        "183.95万元。“一般公共服务支出”2,106.66万元。"
    )
    found = [
        (s.code, [n for n, _, _ in s.links], s.amount.fen) for s in subjects(text, "budget", 2026)
    ]
    assert found == [
        ("2040601", ["公共安全支出", "司法", "行政运行"], 1_672_670_000),
        (None, ["社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休"], 87_700_000),
        ("2080505", [], 183_950_000),
        (None, ["一般公共服务支出"], 2_106_660_000),
    ]


def test_final_subjects_take_the_final_figure_not_the_budget():
    text = normalise("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：基本支出。年初预算为"
                     "1560.05万元，支出决算为1511.89万元，完成年初预算的96.91%。")  # fmt: skip
    (subject,) = subjects(text, "final", 2024)
    assert subject.amount.fen == 1_511_890_000


@pytest.mark.parametrize(("text", "word", "contradiction"), [
    ("2025年当年预算执行数为3269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%",
     "more", False),
    ("2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%",
     "more", True),
    ("执行数为30万元，2026年预算安排30万元，与2024年预算执行数持平", "equal", False),
    ("年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平", "about", False),
    ("年初预算为100.00万元，支出决算为95.00万元。决算数与预算数基本持平", "about", False),
    ("年初预算为100.00万元，支出决算为80.00万元。决算数与预算数基本持平", "about", True),
    ("年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因", "more", True),
    ("年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因", "less", False),
])  # fmt: skip
def test_comparison_words_against_the_two_figures(text, word, contradiction):
    (comparison,) = comparisons(normalise(text))
    assert comparison.word == word
    assert contradicts(comparison) is contradiction
