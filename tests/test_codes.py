import pytest

from govbudget.codes import clean_name, depth_of, is_well_formed, join_split, parent_of, split_glued


@pytest.mark.parametrize(
    ("parts", "code"),
    [((205, "02", "05"), "2050205"), ((205, 2, 5), "2050205"), ((205.0, "02", None), "20502"),
     (("301", "01", None), "30101"), ((205, "20502", "2050205"), "2050205"), (("类", None, None), None)],
)  # fmt: skip
def test_join_split(parts, code):
    assert join_split(*parts) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2050205高等教育", ("2050205", "高等教育")), ("20138 市场监督管理事务", ("20138", "市场监督管理事务")),
     ("一、一般公共服务支出", (None, "一般公共服务支出")), ("  1. 一般公共预算", (None, "一般公共预算")),
     ("30101 基本工资", ("30101", "基本工资")), (2050205, ("2050205", ""))],
)  # fmt: skip
def test_split_glued(text, expected):
    assert split_glued(text) == expected


def test_clean_name_strips_numbering_and_indentation():
    assert clean_name("\u3000\u3000其中：（二）公务用车购置及运行费") == "公务用车购置及运行费"


def test_depth_parent_form():
    assert depth_of("2050205") == 3 and depth_of("20502") == 2 and depth_of("205") == 1
    assert depth_of("30101") == 2 and depth_of("3010101") is None
    assert parent_of("2050205") == "20502" and parent_of("205") is None
    assert (
        is_well_formed("2050205") and not is_well_formed("205020") and not is_well_formed("9050205")
    )
