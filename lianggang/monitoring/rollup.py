"""下级汇总 from the database: a region's value computed from its sub-regions' approved values
(lianggang/lib/rollup.py does the arithmetic), beside the value the region reported.

The indicator's rule is the catalogue's (`Indicator.rollup`, copied from its standard entry on
import): counts add up; a rate is Σ numerator / Σ denominator × scale, where its two counts are
collected as indicators of their own (`Indicator.numerator` / `denominator`, or the indicators
named as the catalogue entry's numerator and denominator). Two queries whatever the number of
indicators or sub-regions: the count indicators by name, and the values.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lianggang.lib import cells
from lianggang.lib import rollup as core
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Indicator
from lianggang.regions.models import Region


@dataclass
class RegionRollUp:
    """One indicator of a region in a year: what it reported and what its sub-regions add up to."""
    indicator: Indicator
    reported: Decimal | None
    result: core.RollUp
    difference: core.Difference | None

    @property
    def explanation(self) -> str:
        """Why nothing was computed, in the active language ("" when a value was)."""
        r = self.result
        if r.computed:
            return ""
        if r.reason == core.NOT_DERIVED:
            return _("该指标不能由下级汇总")
        if r.reason == core.NO_PARTS:
            return _("没有下级区划")
        if r.reason == core.ZERO_DENOMINATOR:
            return _("下级分母之和为零")
        if r.rule == core.RATIO and not all(_counts_of(self.indicator)):
            return _("分子、分母未作为指标采集，无法汇总")
        # Translators: joins the names of regions ("、" in Chinese, ", " in English)
        return _("缺少下级数据：%(regions)s") % {"regions": _("、").join(r.missing)}


def _counts_of(indicator: Indicator) -> tuple[int | None, int | None]:
    return getattr(indicator, "_counts", (indicator.numerator_id, indicator.denominator_id))


def _attach_counts(indicators: list[Indicator], region: Region) -> None:
    """Find each ratio indicator's numerator and denominator indicators (set by hand, else named by its
    catalogue entry and visible in the region: national or owned by it or above)."""
    wanted = {}
    for ind in indicators:
        if ind.rollup == core.RATIO and not (ind.numerator_id and ind.denominator_id) and ind.standard_id:
            wanted[ind.pk] = (ind.standard.numerator, ind.standard.denominator)
    names = {n for pair in wanted.values() for n in pair if n}
    owners = [region.pk, *(r.pk for r in region.ancestors())]
    by_name: dict[str, int] = {}
    if names:
        for pk, name in (Indicator.objects.filter(name__in=names)
                         .filter(Q(owner__isnull=True) | Q(owner_id__in=owners)).order_by("pk")
                         .values_list("pk", "name")):
            by_name.setdefault(name, pk)
    for ind in indicators:
        num, den = ind.numerator_id, ind.denominator_id
        if ind.pk in wanted:
            num, den = num or by_name.get(wanted[ind.pk][0]), den or by_name.get(wanted[ind.pk][1])
        ind._counts = (num, den)


def region_rollups(indicators, region: Region, year: int) -> dict[int, RegionRollUp]:
    """Indicator id → its roll-up in `region` for `year`, from the approved headline values (合计) of
    the regions directly below; the reported value is the region's own approved headline value."""
    indicators = list(indicators)
    _attach_counts(indicators, region)
    children = list(region.children.order_by("code").values_list("pk", "name"))
    needed = {ind.pk for ind in indicators} | {c for ind in indicators for c in _counts_of(ind) if c}
    values: dict[tuple[int, int], Decimal] = {}
    for ind_id, region_id, value in (Value.objects.filter(
            indicator_id__in=needed, year=year, sex=cells.TOTAL, area=cells.TOTAL, age_group="",
            state=ValueState.APPROVED).filter(Q(region__parent=region) | Q(region=region))
            .values_list("indicator_id", "region_id", "value")):
        values[(ind_id, region_id)] = value
    out = {}
    for ind in indicators:
        num, den = _counts_of(ind)
        parts = [core.Part(name, values.get((ind.pk, pk)),
                           values.get((num, pk)) if num else None, values.get((den, pk)) if den else None)
                 for pk, name in children]
        result = core.roll_up(ind.rollup if ind.rollup in core.RULES else core.NONE, parts, ind.scale)
        reported = values.get((ind.pk, region.pk))
        difference = core.compare(reported, result.value) if reported is not None and result.computed else None
        out[ind.pk] = RegionRollUp(ind, reported, result, difference)
    return out
