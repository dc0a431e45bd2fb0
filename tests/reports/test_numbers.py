import pytest

from lianggang.reports.numbers import change_phrase, fmt_number, fmt_value


@pytest.mark.parametrize("value, expected", [
    (12.0, "12"), (15.10, "15.1"), (0.125, "0.125"), (None, "—"), (-0.0, "0"),
])
def test_fmt_number_keeps_precision_without_trailing_zeros(value, expected):
    assert fmt_number(value) == expected


@pytest.mark.parametrize("value, unit, expected", [
    (95.3, "%", "95.3%"), (15.1, "1/10万", "15.1/10万"), (7.2, "‰", "7.2‰"), (3, "", "3"),
])
def test_fmt_value_writes_units_as_statisticians_do(value, unit, expected):
    assert fmt_value(value, unit) == expected


@pytest.mark.parametrize("cur, prev, unit, expected", [
    (96.5, 95.3, "%", "比上年提高1.2个百分点"),
    (95.0, 95.3, "%", "比上年下降0.3个百分点"),
    (15.1, 16.0, "1/10万", "比上年下降0.9/10万（5.6%）"),
    (5.0, 5.0, "‰", "与上年持平"),
])
def test_change_phrase(cur, prev, unit, expected):
    assert change_phrase(cur, prev, unit) == expected


@pytest.mark.parametrize("value, mark, unit, expected", [
    (8.5714, "", "1/10万", "0.00"),         # at most a rate's two decimals, as the reports write it
    (31.0, "", "个", "0"),                   # a count: none
    (5.25, "*", "%", '0.00"*"'),
    (0.12345, "", None, "0.0000"),          # no unit known: the data's own (at most four)
])
def test_xlsx_number_formats_follow_the_units_decimals(value, mark, unit, expected):
    from lianggang.reports.render_xlsx import number_format
    assert number_format(value, mark, unit) == expected
