"""Numbers as plans write them (lianggang.extraction.numbers)."""
import pytest

from lianggang.extraction.numbers import chinese_to_int, parse_number, split_run


@pytest.mark.parametrize("text, value", [
    # Arabic digits keep their type: integers stay int, decimals stay float
    ("12", 12), ("3.0", 3.0), ("0.5", 0.5), ("99.60", 99.6),
    # Chinese numerals: digits, tens, hundreds, 两
    ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("三十五", 35),
    ("一百零五", 105), ("一百五十", 150),
    # fractions become percentages rounded to 2 decimals
    ("三分之一", 33.33), ("二分之一", 50.0), ("四分之三", 75.0), ("3分之2", 66.67),
    # ratios stay strings, normalised to an ASCII colon
    ("1:3", "1:3"), ("1：3", "1:3"), ("1 : 2.5", "1:2.5"),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "率"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_chinese_digit_string_reads_digit_by_digit():
    assert chinese_to_int("二〇二五") == 2025


@pytest.mark.parametrize("text, count, values", [
    # values of a 分别 list whose separators and ‰ signs were lost
    ("3.05.06.0", 3, [3.0, 5.0, 6.0]),
    ("2.54.0", 2, [2.5, 4.0]),
    ("12.58.0", 2, [12.5, 8.0]),
])
def test_split_run(text, count, values):
    assert split_run(text, count) == values


def test_split_run_refuses_a_wrong_count():
    assert split_run("3.05.06.0", 2) is None
