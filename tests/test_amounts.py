"""The amount parser: exact Decimal arithmetic, 万元 -> 元, separators, full-width digits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter.parse.amounts import AmountError, parse_amount, parse_number, to_yuan

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

cents = st.decimals(
    min_value=0, max_value=Decimal("999999999.99"), places=2, allow_nan=False, allow_infinity=False
)


def with_separators(value: Decimal) -> str:
    return f"{value:,.2f}"


@given(cents)
def test_wanyuan_to_yuan_is_exact(value: Decimal) -> None:
    assert parse_amount(str(value), "万元") == value * 10000
    assert isinstance(parse_amount(str(value), "万元"), Decimal)


@given(cents)
def test_thousands_separators(value: Decimal) -> None:
    assert parse_number(with_separators(value)) == value


@given(cents)
def test_fullwidth_digits(value: Decimal) -> None:
    assert parse_number(str(value).translate(FULLWIDTH)) == value


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_six_decimal_amounts_in_yuan(value: Decimal) -> None:
    assert parse_amount(format(value, "f"), "元") == value


def test_no_float_rounding() -> None:
    # 0.1 + 0.2 style errors would show here
    assert parse_amount("1644.52", "万元") == Decimal("16445200")
    assert parse_amount("0.07", "万元") == Decimal("700")
    assert parse_amount("3197238.46", "元") == Decimal("3197238.46")
    assert to_yuan(Decimal("1.5"), "亿元") == Decimal("150000000")


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "12,34", "万元"])
def test_not_a_number(bad: str) -> None:
    with pytest.raises(AmountError):
        parse_number(bad)


def test_unknown_unit() -> None:
    with pytest.raises(AmountError):
        to_yuan(Decimal(1), "美元")
