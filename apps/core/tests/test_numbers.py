from decimal import Decimal

import pytest

from apps.core.numbers import is_ascii_int, parse_decimal, parse_int


@pytest.mark.parametrize(
    "text", ["²", "٣", "1²", "", " ", "1e3", "0x10", "1_000", "12.0", "9" * 19]
)
def test_only_ascii_digits_are_integers(text):
    assert parse_int(text) is None


def test_integers_within_range():
    assert parse_int("007") == 7
    assert parse_int(" 23 ") == 23
    assert parse_int("24", maximum=23) is None
    assert parse_int("-1", minimum=0) is None  # unsigned by default
    assert parse_int("-1", signed=True) == -1
    assert parse_int(5, minimum=1, maximum=9) == 5
    assert parse_int(True) is None
    assert parse_int(None) is None
    assert is_ascii_int("12")
    assert not is_ascii_int("+12")
    assert is_ascii_int("+12", signed=True)


@pytest.mark.parametrize("text", ["1e999999999", "NaN", "Infinity", "²", "1.2.3", "", "1,5"])
def test_decimals_refuse_exponents_and_non_ascii(text):
    assert parse_decimal(text) is None


def test_decimals_within_range():
    assert parse_decimal("3.5") == Decimal("3.5")
    assert parse_decimal(".5") == Decimal("0.5")
    assert parse_decimal("5.5", maximum=5) is None
    assert parse_decimal("0.5", minimum=Decimal("0.5")) == Decimal("0.5")
