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

import hashlib

from django.db.models import Count, Max, Q
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
    child_ids = [pk for pk, _name in children]
    # The sub-regions' values the rules read (a count itself, a rate's two counts) and the region's
    # own reported values; region ids spelled out (not a join on the parent), so the planner walks
    # value_unique_cell (indicator, region, year, cell) for exactly these cells.
    from_parts = {ind.pk for ind in indicators if ind.rollup == core.SUM} | {
        c for ind in indicators if ind.rollup == core.RATIO for c in _counts_of(ind) if c}
    values: dict[tuple[int, int], Decimal] = {}
    for ind_id, region_id, value in (Value.objects.filter(
            Q(region_id=region.pk, indicator_id__in=[ind.pk for ind in indicators])
            | Q(region_id__in=child_ids, indicator_id__in=from_parts),
            year=year, sex=cells.TOTAL, area=cells.TOTAL, age_group="", state=ValueState.APPROVED)
            .values_list("indicator_id", "region_id", "value")):
        values[(ind_id, region_id)] = value
    out = {}
    get = values.get
    for ind in indicators:
        pk, rule = ind.pk, ind.rollup if ind.rollup in core.RULES else core.NONE
        num, den = _counts_of(ind)
        if rule == core.SUM:
            parts = [core.Part(name, get((pk, c))) for c, name in children]
        elif rule == core.RATIO:
            parts = [core.Part(name, None, get((num, c)), get((den, c))) for c, name in children]
        else:
            parts = []
        result = core.roll_up(rule, parts, ind.scale)
        reported = get((pk, region.pk))
        difference = core.compare(reported, result.value) if reported is not None and result.computed else None
        out[pk] = RegionRollUp(ind, reported, result, difference)
    return out


def rollups_stamp(region: Region, year: int, indicator_ids) -> str:
    """What would change region_rollups' answer, as a cache key: the number and latest change of the
    approved headline values of the region and its children in the year (region ids spelled out:
    value_region_year serves it), and the indicators asked about."""
    regions = [region.pk, *region.children.values_list("pk", flat=True)]
    stamp = (Value.objects.filter(region_id__in=regions, year=year, sex=cells.TOTAL, area=cells.TOTAL, age_group="",
                                  state=ValueState.APPROVED)
             .aggregate(n=Count("id"), last=Max("updated_at")))
    last = stamp["last"].timestamp() if stamp["last"] else 0
    ids = hashlib.sha1(",".join(map(str, sorted(indicator_ids))).encode()).hexdigest()[:16]
    return f"rollup:{region.pk}:{year}:{stamp['n']}:{last}:{ids}"


def region_rollups_cached(indicators, region: Region, year: int, stamp: str | None = None) -> dict[int, RegionRollUp]:
    """region_rollups kept in the shared cache until an approved value of the region or a child
    changes (approval, reopening, a bulk load): the city's page of its counties is asked again and
    again between approvals. `stamp`: rollups_stamp, when the caller has read it already."""
    from django.core.cache import cache

    indicators = list(indicators)
    key = stamp or rollups_stamp(region, year, [i.pk for i in indicators])
    found = cache.get(key)
    if found is None:
        found = region_rollups(indicators, region, year)
        cache.set(key, found)   # settings.CACHES: 5 minutes, so a roll-up rule edited in the admin shows by then
    return found
