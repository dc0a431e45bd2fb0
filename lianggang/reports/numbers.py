"""Numbers as a statistician writes them, and the 比上年 phrase.

Pure helpers (no Django): keep the data's precision, never print 12.000000,
write rates per 10万 as 15.1/10万, and say changes of percentages in 个百分点.
"""
from __future__ import annotations

from lianggang.lib.units import decimals_of, format_number, format_value

PERCENT_UNITS = ("%", "％", "百分比")


def fmt_number(value: float | None, places: int | None = None) -> str:
    """12.0 → '12', 15.10 → '15.1', 0.125 → '0.125'; None → '—' (lib.units.format_number)."""
    return format_number(value, places)


def is_percent(unit: str | None) -> bool:
    return bool(unit) and unit.strip() in PERCENT_UNITS


def fmt_value(value: float | None, unit: str | None, places: int | None = None) -> str:
    """A value with its unit, in Chinese: 95.3%, 15.1/10万, 7.2‰, 3岁 — lib.units.format_value, the one
    formatter every page and report uses."""
    return format_value(value, unit, "zh", places)


def change_phrase(current: float, previous: float, unit: str | None) -> str:
    """比上年提高 1.2 个百分点 / 比上年下降 0.3/10万（2.0%） / 与上年持平."""
    places = max(decimals_of(current), decimals_of(previous))
    diff = round(current - previous, places)
    if diff == 0:
        return "与上年持平"
    if is_percent(unit):
        verb = "提高" if diff > 0 else "下降"
        return f"比上年{verb}{fmt_number(abs(diff), places)}个百分点"
    verb = "增加" if diff > 0 else "下降"
    phrase = f"比上年{verb}{fmt_value(abs(diff), unit, places)}"
    if previous:
        phrase += f"（{fmt_number(abs(diff) / abs(previous) * 100, 1)}%）"
    return phrase
