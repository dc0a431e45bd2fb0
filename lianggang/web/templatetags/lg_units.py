"""`{% load lg_units %}`: values with their units on every page, written by lib.units.format_value.

    {{ r.current.value|with_unit:r.indicator.unit }}   → 8.57/10万 (English pages: 8.57 per 100,000)
    {{ yv.value|number }}                               → 12 (not 12.0), 8.57
"""
from __future__ import annotations

from django import template
from django.utils.translation import get_language

from lianggang.lib.units import format_number, format_value

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


@register.filter
def with_unit(value, unit) -> str:
    """The value and its unit in the page's language; — when there is no value."""
    return format_value(value, unit, _lang())


@register.filter
def number(value) -> str:
    """The value alone, in its own precision without a trailing .0; — when there is none."""
    if value is None or value == "":
        return "—"
    try:
        return format_number(float(value))
    except (TypeError, ValueError):
        return str(value)
