"""The equity block's rows (缩小差距) for the dashboard and the indicator page: one row per indicator
and dimension, words in the page's language, numbers written by lib/units."""
from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy as _

from lianggang.assessment.equity import SIDES, Dimension, Trend
from lianggang.lib.units import format_number, format_value
from lianggang.monitoring.equity import IndicatorEquity
from lianggang.monitoring.models import Area, Sex

DIMENSION_LABELS = {Dimension.SEX: _("男女差距"), Dimension.AREA: _("城乡差距")}
TREND_LABELS = {Trend.NARROWING: _("差距缩小"), Trend.WIDENING: _("差距扩大"), Trend.STABLE: _("基本稳定"),
                Trend.INSUFFICIENT: _("数据不足")}


def side_label(code: str) -> str:
    return str(Sex(code).label if code in Sex.values else Area(code).label)


def rows(found: list[IndicatorEquity]) -> list[dict]:
    """What the equity table shows, one dict per indicator and dimension with a reported gap."""
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    out = []
    for e in found:
        unit = e.indicator.unit
        for dimension, trend in e.trends.items():
            g = trend.latest
            if g is None:
                continue
            first, second = SIDES[dimension]
            widest = e.widest.get(dimension)
            out.append({
                "indicator": e.indicator, "domain": e.domain, "dimension": DIMENSION_LABELS[dimension],
                "year": g.year,
                "first": f"{side_label(first)} {format_value(round(g.first, 4), unit, lang)}",
                "second": f"{side_label(second)} {format_value(round(g.second, 4), unit, lang)}",
                "gap": format_number(round(g.difference, 4)),
                "ratio": "—" if g.ratio is None else format_number(round(g.ratio, 2)),
                "behind": side_label(g.behind) if g.behind else "—",
                "trend": trend.trend.value, "trend_label": TREND_LABELS[trend.trend],
                "since": trend.gaps[0].year if len(trend.gaps) > 1 else None,
                "levelling_down": trend.levelling_down,
                "worst": e.worst, "worst_value": format_value(e.worst.value, unit, lang) if e.worst else "",
                "widest": widest[0] if widest else "",
            })
    return out
