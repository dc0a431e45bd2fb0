"""The one formatter of a value with its unit (lib.units.format_value), as every page and report writes it."""
from decimal import Decimal

import pytest

from lianggang.lib.units import format_number, format_value


@pytest.mark.parametrize("value, unit, expected", [
    # the official style: the unit right after the number, no space, no brackets
    (8.57, "1/10万", "8.57/10万"),
    (Decimal("8.570000"), "1/10万", "8.57/10万"),     # as the database stores it
    (3.2, "1/万", "3.2/万"),
    (4.5, "‰", "4.5‰"),
    (4.5, "1/1000", "4.5‰"),
    (95.3, "%", "95.3%"),
    (95.3, "％", "95.3%"),
    (1.2, "百分点", "1.2个百分点"),
    (78.5, "岁", "78.5岁"),
    # counts: never a trailing .0
    (31.0, "个", "31个"),
    (2.0, "次", "2次"),
    (Decimal("1200.000000"), "人", "1200人"),
    (31.5, "个", "31.5个"),                            # a count with decimals is shown as it is, not hidden
    # sensible decimals: the data's own, at most the unit's (two for rates), rounded half up
    (8.5714, "1/10万", "8.57/10万"),
    (95.125, "%", "95.13%"),
    (8.599, "‰", "8.6‰"),                             # 8.60 → 8.6
    (12.25, "天", "12.3天"),
    (12.0, "", "12"),
    (0.12345, "", "0.1235"),
    (-0.0001, "%", "0%"),                               # never −0
    (12.5, "万亩", "12.5万亩"),                          # a unit lianggang does not know is kept
    (None, "%", "—"),
])
def test_a_value_is_written_with_its_unit_in_one_style(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize("value, unit, expected", [
    (8.57, "1/10万", "8.57 per 100,000"),
    (31.0, "个", "31"),
    (1, "小时", "1 hour"),
    (78.5, "岁", "78.5 years"),
    (95.3, "%", "95.3%"),
])
def test_english_pages_write_the_unit_in_english(value, unit, expected):
    assert format_value(value, unit, "en") == expected


@pytest.mark.parametrize("value, places, expected", [
    (12.0, None, "12"), (15.10, None, "15.1"), (0.125, None, "0.125"), (2.675, 2, "2.68"), (None, None, "—"),
])
def test_a_number_keeps_its_own_precision(value, places, expected):
    assert format_number(value, places) == expected


def test_the_template_filter_writes_the_same_in_the_page_language():
    from django.utils import translation

    from lianggang.web.templatetags.lg_units import number, with_unit

    assert with_unit(Decimal("8.570000"), "1/10万") == "8.57/10万"
    assert with_unit(None, "%") == "—"
    assert number(Decimal("31.000000")) == "31"
    with translation.override("en"):
        assert with_unit(Decimal("8.57"), "1/10万") == "8.57 per 100,000"
