"""Flagged values in reports: 5.2* in a table, the mark beside a chart's point, and the note saying
what each mark means.

Marks and names are those of `monitoring.models.FLAGS`, the one table every path reads; reports
are Chinese, so a flag is written by its Chinese name. Sample data is not marked value by value:
a report says it once for the whole document (content.SAMPLE_NOTE).
"""
from __future__ import annotations

from typing import Iterable

from lianggang.monitoring.models import flags_in_order


def marks(flags: Iterable[str]) -> str:
    """The marks of a value's flags, in FLAGS order: "*" for 初步数, "*#" for 初步数 and 估计数; "" for none."""
    return "".join(f.mark for f in flags_in_order(flags))


def flag_words(flags: Iterable[str]) -> str:
    """（初步数、估计数）after a value in a sentence; "" for none."""
    names = [f.name for f in flags_in_order(flags)]
    return f"（{'、'.join(names)}）" if names else ""


def legend(flags: Iterable[str]) -> list[str]:
    """["*初步数", "#估计数"]: each mark used with its name, for a chart's key."""
    return [f"{f.mark}{f.name}" for f in flags_in_order(flags)]


def note(flags: Iterable[str]) -> str:
    """注：数值后标*为初步数，标#为估计数。 — for the marks used; "" when none is."""
    used = flags_in_order(flags)
    if not used:
        return ""
    return "注：数值后" + "，".join(f"标{f.mark}为{f.name}" for f in used) + "。"
