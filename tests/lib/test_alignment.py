"""纲要衔接: tables of cases for comparing a lower plan's target with its upper plan's."""
from decimal import Decimal as D

import pytest

from lianggang.lib.alignment import (EQUAL, MISSING, NO_UPPER, NOT_COMPARABLE, STRICTER, WEAKER, Aim, compare)


def floor(v, unit="%", op=">=", year=2030):
    return Aim("threshold", op, D(v), unit, year=year)


def ceiling(v, unit="1/10万", op="<=", year=2030):
    return Aim("threshold", op, D(v), unit, year=year)


def change(v, direction="decrease", unit="%", per_year=False, year=2030):
    return Aim("change", None, D(v), unit, direction, per_year, year)


def direction(way):
    return Aim("direction", direction=way)


@pytest.mark.parametrize("lower, upper, better, verdict", [
    # floors: a higher floor asks more
    (floor(98), floor(95), "higher", STRICTER),
    (floor(95), floor(95), "higher", EQUAL),
    (floor(90), floor(95), "higher", WEAKER),
    (floor(95, op=">"), floor(95), "higher", STRICTER),
    # ceilings: a lower ceiling asks more
    (ceiling(10), ceiling(12), "lower", STRICTER),
    (ceiling(12), ceiling(12), "lower", EQUAL),
    (ceiling(14.5), ceiling(12), "lower", WEAKER),
    (ceiling(12, op="<="), ceiling(12, op="<"), "lower", WEAKER),
    # 左右 / = : the indicator's better way decides
    (Aim("threshold", "~", D("80"), "岁", year=2030), Aim("threshold", "~", D("81"), "岁", year=2030), "higher", WEAKER),
    (Aim("threshold", "~", D("1.5"), "%", year=2030), Aim("threshold", "~", D("1.2"), "%", year=2030), "lower", WEAKER),
    (Aim("threshold", "~", D("80"), "岁"), Aim("threshold", "~", D("81"), "岁"), "neutral", NOT_COMPARABLE),
    # changes: a bigger change the same way asks more
    (change(20), change(15), "lower", STRICTER),
    (change(10), change(15), "lower", WEAKER),
    (change(10, direction="increase"), change(15), "lower", NOT_COMPARABLE),
    (change(1, per_year=True), change(10), "lower", NOT_COMPARABLE),
    # units must agree
    (ceiling(5, unit="‰"), ceiling(12), "lower", NOT_COMPARABLE),
    # a number against a direction, and directions
    (floor(95), direction("increase"), "higher", STRICTER),
    (direction("increase"), floor(95), "higher", WEAKER),
    (direction("increase"), direction("increase"), "higher", EQUAL),
    (direction("maintain"), direction("decrease"), "lower", WEAKER),
    (ceiling(10), direction("increase"), "lower", NOT_COMPARABLE),
    # one side missing
    (None, floor(95), "higher", MISSING),
    (floor(95), None, "higher", NO_UPPER),
    # a comparison with another quantity is not set against a number
    (Aim("comparison", ">="), floor(95), "higher", NOT_COMPARABLE),
])
def test_compare(lower, upper, better, verdict):
    assert compare(lower, upper, better).verdict == verdict


@pytest.mark.parametrize("lower, upper, verdict, reason", [
    (floor(95, year=2025), floor(95, year=2030), STRICTER, ""),          # the same level sooner
    (floor(98, year=2025), floor(95, year=2030), STRICTER, ""),
    (floor(92, year=2025), floor(95, year=2030), NOT_COMPARABLE, "interim"),   # a step on the way
    (floor(95, year=2030), floor(95, year=2025), WEAKER, ""),            # the same level later
    (floor(98, year=2030), floor(95, year=2025), NOT_COMPARABLE, "later"),
])
def test_target_years_shift_the_verdict(lower, upper, verdict, reason):
    result = compare(lower, upper, "higher")
    assert (result.verdict, result.reason) == (verdict, reason)


def test_two_absent_targets_are_a_mistake():
    with pytest.raises(ValueError):
        compare(None, None)
