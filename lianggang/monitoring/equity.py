"""Equity service (缩小差距): the approved values by sex and by town/country → the equity core.

The one place that reads the disaggregated cells for gaps: the indicator page, the dashboard's
block, the annual report's section, the statistical tables' sheets by sex and by town/country,
and the evaluation of targets that name a gap (城乡差距缩小) all call these functions. The
arithmetic — gap, ratio, trend, the side behind, the worst-off sub-region — is the pure core's
(lianggang/assessment/equity.py).

Read: approved values, all ages, the sex cells 女/男 with area 合计 and the area cells 城镇/乡村
with sex 合计, up to the year asked.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from django.db.models import Q

from lianggang.assessment.equity import (Dimension, Gap, GapTarget, GapTrend, Standing, gap_target, gap_trend,
                                         widest_gap, worst_off)
from lianggang.lib.cells import TOTAL
from lianggang.lib.units import unit_of
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Indicator, Plan, Target

# (sex, area) of each side of a dimension
CELLS = {
    Dimension.SEX: (("female", TOTAL), ("male", TOTAL)),
    Dimension.AREA: ((TOTAL, "urban"), (TOTAL, "rural")),
}
Sides = dict[int, tuple[float | None, float | None]]   # year → (first side, second side)


def gap_named_by(indicator: Indicator) -> GapTarget | None:
    """The gap an indicator's name names (城乡差距, 男女收入差距), unless it is a quantity collected in
    its own right: a catalogue indicator (两性家务劳动时间差距 is surveyed as hours) is judged on its values."""
    return None if indicator.standard_id is not None else gap_target(indicator.name)


def dimensions_of(indicator: Indicator) -> list[Dimension]:
    """The dimensions an indicator is collected by."""
    return [d for d, on in ((Dimension.SEX, indicator.by_sex), (Dimension.AREA, indicator.by_area)) if on]


def read_sides(indicator_ids: Iterable[int], region_ids: Iterable[int], *, up_to: int | None = None,
               approved_only: bool = True) -> dict[tuple[int, int, Dimension], Sides]:
    """(indicator, region, dimension) → year → (first, second), in one query."""
    qs = Value.objects.filter(indicator_id__in=list(indicator_ids), region_id__in=list(region_ids), age_group="")
    qs = qs.filter(Q(sex__in=("female", "male"), area=TOTAL) | Q(sex=TOTAL, area__in=("urban", "rural")))
    if approved_only:
        qs = qs.filter(state=ValueState.APPROVED)
    if up_to is not None:
        qs = qs.filter(year__lte=up_to)
    cells: dict[tuple[int, int, Dimension], dict[int, list[float | None]]] = defaultdict(dict)
    for ind, reg, year, sex, area, value in qs.values_list("indicator_id", "region_id", "year", "sex", "area", "value"):
        for dimension, (first, second) in CELLS.items():
            for side, cell in enumerate((first, second)):
                if (sex, area) == cell:
                    cells[(ind, reg, dimension)].setdefault(year, [None, None])[side] = float(value)
    return {key: {y: (a, b) for y, (a, b) in years.items()} for key, years in cells.items()}


@dataclass(frozen=True)
class IndicatorEquity:
    """One indicator's gaps in a region up to a year, and how its sub-regions stand."""
    indicator: Indicator
    domain: str                                   # the plan's domain that names it ("" outside a plan)
    year: int
    trends: dict[Dimension, GapTrend]             # the dimensions it is collected by
    worst: Standing | None = None                 # the worst-off sub-region in `year` (headline value)
    widest: dict[Dimension, tuple[str, Gap]] = field(default_factory=dict)   # sub-region with the widest gap

    @property
    def has_gap(self) -> bool:
        """Whether any dimension has a reported gap (both sides) to show."""
        return any(t.gaps for t in self.trends.values())

    def trend(self, dimension: Dimension | str) -> GapTrend | None:
        return self.trends.get(Dimension(dimension))


def _headline(indicator_ids: list[int], region_ids: list[int], year: int) -> dict[tuple[int, int], float]:
    rows = (Value.objects.filter(indicator_id__in=indicator_ids, region_id__in=region_ids, year=year, sex=TOTAL,
                                 area=TOTAL, age_group="", state=ValueState.APPROVED)
            .values_list("indicator_id", "region_id", "value"))
    return {(i, r): float(v) for i, r, v in rows}


def equity_of(indicators: list[tuple[Indicator, str]], region, year: int, children=None) -> list[IndicatorEquity]:
    """Each (indicator, domain name) collected by sex or by town/country, judged in `region` up to
    `year`, with `children` (default: every direct sub-region; a page passes those its reader may
    see) compared in `year`; three queries whatever the number."""
    # Counts (出生人口数 by sex) are split, not compared: their halves are no gap.
    indicators = [(i, d) for i, d in indicators if dimensions_of(i) and not unit_of(i.unit).is_count]
    if not indicators:
        return []
    children = list(region.children.order_by("code") if children is None else children)
    ids = [i.pk for i, _ in indicators]
    sides = read_sides(ids, [region.pk, *(c.pk for c in children)], up_to=year)
    headline = _headline(ids, [c.pk for c in children], year)
    out = []
    for indicator, domain in indicators:
        trends = {d: gap_trend(d, sides.get((indicator.pk, region.pk, d), {}), indicator.better)
                  for d in dimensions_of(indicator)}
        worst = worst_off([Standing(c.name, headline[(indicator.pk, c.pk)]) for c in children
                           if (indicator.pk, c.pk) in headline], indicator.better)
        widest = {}
        for d in trends:
            latest = {c.name: gap_trend(d, {year: s[year]}, indicator.better).latest
                      for c in children if (s := sides.get((indicator.pk, c.pk, d))) and year in s}
            found = widest_gap({name: g for name, g in latest.items() if g is not None})
            if found:
                widest[d] = found
        out.append(IndicatorEquity(indicator, domain, year, trends, worst, widest))
    return out


def indicator_equity(indicator: Indicator, region, year: int, children=None) -> IndicatorEquity | None:
    """One indicator's gaps (None when it is collected neither by sex nor by town/country)."""
    found = equity_of([(indicator, "")], region, year, children)
    return found[0] if found else None


def plan_equity(plan: Plan, region, year: int, children=None) -> list[IndicatorEquity]:
    """The gaps of every indicator of `plan` collected by sex or town/country, in plan order, each
    with the domain that first names it; only those with a reported gap."""
    seen: dict[int, tuple[Indicator, str]] = {}
    for t in (Target.objects.filter(goal__domain__plan=plan).select_related("indicator", "goal__domain")
              .order_by("goal__domain__position", "goal__position", "position")):
        seen.setdefault(t.indicator_id, (t.indicator, t.goal.domain.name))
    return [e for e in equity_of(list(seen.values()), region, year, children) if e.has_gap]


def by_domain(found: list[IndicatorEquity]) -> list[tuple[str, list[IndicatorEquity]]]:
    """The equities grouped by domain, in the order given."""
    groups: dict[str, list[IndicatorEquity]] = {}
    for e in found:
        groups.setdefault(e.domain, []).append(e)
    return list(groups.items())
