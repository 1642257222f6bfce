"""Vietnamese number, date and period rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.numbers import approximate, fmt_number, fmt_percent, header_date, parse_number
from thidua.periods import PeriodError, default_kind, parse_period, window, window_title


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2023, 7, 5), "ngày 05 tháng 7 năm 2023"),
        (date(2024, 1, 9), "ngày 09 tháng 01 năm 2024"),
        (date(2024, 2, 28), "ngày 28 tháng 02 năm 2024"),
        (date(2024, 12, 9), "ngày 09 tháng 12 năm 2024"),
    ],
)
def test_header_date_rule(d, text) -> None:
    assert header_date(d) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (7843, "trên 7.800"),
        (11260, "trên 11.000"),
        (15870, "gần 16.000"),
        (4486, "gần 4.500"),
        (1326, "trên 1.300"),
        (16240, "trên 16.000"),
        (10000, "10.000"),
        (4480, "gần 4.500"),  # 20 below the next round number: exactly a fifth of the step (100)
        (4479, "trên 4.400"),  # 21 below: more than a fifth
        (1360, "trên 1.300"),  # 40 below 1.400: under half a step, still not "gần"
        (184, "184"),
        (1, "01"),
        (80, "80"),
    ],
)
def test_approximation_rule(value, text) -> None:
    assert approximate(value) == text


def test_formats() -> None:
    assert fmt_number(1234567.5) == "1.234.567,5"
    assert fmt_number(2.5, 0) == "3"  # half up, not Babel's half to even
    assert fmt_percent(53.44) == "53,4%"


@pytest.mark.parametrize(
    ("raw", "integer", "value"),
    [
        ("1.300", True, 1300),
        ("7.800 m2", True, 7800),
        ("1,5", False, 1.5),
        ("7,800", True, 7800),  # an integer indicator: three digits after one comma are thousands
        ("7,800", False, 7.8),  # a decimal one: the comma is the Vietnamese decimal mark, as written
        ("1.2345", False, 1.2345),  # four digits after the dot cannot be thousands
        ("1.2345", True, 1.2345),  # read as written, then refused as not an integer (CELL_NOT_INTEGER)
        ("7,8", False, 7.8),
        ("1.234,5", False, 1234.5),
        (" 12 ", True, 12),
        ("abc", True, None),
        ("", True, None),
    ],
)
def test_parse_vietnamese_habits(raw, integer, value) -> None:
    parsed = parse_number(raw, integer)
    assert parsed.value == value
    if value is not None and not raw.strip().isdigit():
        assert parsed.assumption and "đã đọc" in parsed.assumption


@given(st.integers(min_value=0, max_value=10**9))
def test_integer_formatting_round_trips(n) -> None:
    assert parse_number(fmt_number(n), integer=True).value == n


@pytest.mark.parametrize("bad", ["2023-13", "7/2023", "abc", "2023-7"])
def test_bad_periods(bad) -> None:
    with pytest.raises(PeriodError):
        parse_period(bad)


def test_windows_and_kinds() -> None:
    june = parse_period("2023-06")
    assert default_kind(june) == "6thang"
    assert [p.key for p in window(june, "6thang")] == [f"2023-0{m}" for m in range(1, 7)]
    assert window_title(june, "6thang") == "6 tháng đầu năm 2023"
    with pytest.raises(PeriodError):
        window(parse_period("2023-05"), "quy")
    q2 = parse_period("2024-Q2", "quarter")
    assert [p.key for p in window(q2, "6thang")] == ["2024-Q1", "2024-Q2"]
    assert window_title(q2, "quy") == "quý II năm 2024"


def test_a_percent_measure_takes_no_space() -> None:
    from thidua.numbers import with_measure

    assert with_measure("99,5", "%") == "99,5%" and with_measure("80", "nhà") == "80 nhà"
