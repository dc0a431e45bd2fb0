"""下级汇总: tables of cases for the pure roll-up and the reported-versus-computed comparison."""
from decimal import Decimal as D

import pytest

from lianggang.lib.rollup import (INCOMPLETE, NO_PARTS, NOT_DERIVED, RATIO, SUM, ZERO_DENOMINATOR, NONE, Part,
                                  compare, roll_up, rounding_of)


@pytest.mark.parametrize("rule, parts, scale, value, reason", [
    # counts add up
    (SUM, [Part("甲", D(120)), Part("乙", D(80))], None, D(200), ""),
    (SUM, [Part("甲", D("1.5")), Part("乙", D("2.25"))], None, D("3.75"), ""),
    # a sum short of a part is no total
    (SUM, [Part("甲", D(120)), Part("乙")], None, None, INCOMPLETE),
    # a rate is the ratio of sums: (2 + 8) / (1000 + 1000) × 1000 = 5‰, not the mean of 2‰ and 8‰ weighted alike …
    (RATIO, [Part("甲", numerator=D(2), denominator=D(1000)), Part("乙", numerator=D(8), denominator=D(1000))],
     1000, D(5), ""),
    # … and with unequal sizes the ratio of sums differs from the mean of rates (2‰ and 8‰ → 3.5‰, not 5‰)
    (RATIO, [Part("甲", numerator=D(6), denominator=D(3000)), Part("乙", numerator=D(8), denominator=D(1000))],
     1000, D("3.5"), ""),
    (RATIO, [Part("甲", numerator=D(3), denominator=D(20000))], 100000, D(15), ""),
    (RATIO, [Part("甲", numerator=D(1), denominator=D(4))], None, D("0.25"), ""),
    # a rate without its counts is not rolled up
    (RATIO, [Part("甲", D("4.5")), Part("乙", numerator=D(8), denominator=D(1000))], 1000, None, INCOMPLETE),
    (RATIO, [Part("甲", numerator=D(0), denominator=D(0))], 100, None, ZERO_DENOMINATOR),
    (NONE, [Part("甲", D(80))], None, None, NOT_DERIVED),
    (SUM, [], None, None, NO_PARTS),
])
def test_roll_up(rule, parts, scale, value, reason):
    result = roll_up(rule, parts, scale)
    assert (result.value, result.reason) == (value, reason)


def test_an_incomplete_roll_up_names_the_parts_that_lack_what_the_rule_needs():
    result = roll_up(RATIO, [Part("甲", numerator=D(1), denominator=D(10)), Part("乙", numerator=D(1)), Part("丙")], 100)
    assert result.missing == ("乙", "丙") and result.parts == 1


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="mean"):
        roll_up("mean", [Part("甲", D(1))])


@pytest.mark.parametrize("number, half_unit", [
    (D("4.5"), D("0.05")), (D("4.50"), D("0.05")), (D("1200"), D("0.5")), (D("12.345"), D("0.0005")),
])
def test_rounding_of_the_reported_figure(number, half_unit):
    assert rounding_of(number) == half_unit


@pytest.mark.parametrize("reported, computed, flagged", [
    (D("5.0"), D("5.0"), False),
    (D("5.1"), D("5.14"), False),       # within the rounding of 5.1
    (D("5.1"), D("5.3"), True),         # 4 % off
    (D("5.000000"), D("5.3"), False),   # as stored: 5, which stands for anything in [4.5, 5.5)
    (D("1000"), D("1008"), False),      # within 1 %
    (D("1000"), D("1020"), True),
    (D("0"), D("0"), False),
    (D("3"), D("0"), True),
])
def test_compare_flags_a_reported_value_beyond_tolerance_and_rounding(reported, computed, flagged):
    difference = compare(reported, computed)
    assert difference.flagged is flagged
    assert difference.difference == reported - computed
