from decimal import Decimal

import pytest

from govbudget.money import (
    NotANumber,
    fen_to_unit,
    fen_to_yuan,
    format_amount,
    parse_decimal,
    read_amount,
    step_fen,
    to_fen,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("１２３．４", Decimal("123.4")),
        ("(12.5)", Decimal("-12.5")),
        (" 3,353,072 ", Decimal("3353072")),
        (0.1 + 0.2, Decimal("0.30000000000000004")),
        (205, Decimal(205)),
        ("-", None),
        ("", None),
        (None, None),
        ("12万元", Decimal(12)),
    ],
)
def test_parse_decimal(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "2016-01-01", True, float("nan")])
def test_parse_decimal_rejects_non_numbers(value):
    with pytest.raises(NotANumber):
        parse_decimal(value)


def test_units_convert_exactly():
    assert to_fen(Decimal("193.42"), "万元") == 193_420_000
    assert to_fen(Decimal("1.5"), "亿元") == 15_000_000_000
    assert fen_to_yuan(193_420_000) == Decimal("1934200.00")
    assert fen_to_unit(123_456, "万元") == Decimal("0.123456")
    assert format_amount(12_345_678_900, "万元") == "12,345.68"


def test_read_amount_rounds_float_noise_and_caps_decimals():
    assert read_amount(0.1 + 0.2, "元") == (30, 2)
    assert read_amount("1,000", "万元") == (1_000_000_000, 0)
    assert read_amount("-", "元") is None


def test_step_follows_published_unit():
    assert step_fen("元", 2) == 1
    assert step_fen("元", 0) == 100
    assert step_fen("万元", 2) == 10_000
