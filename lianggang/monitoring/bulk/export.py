"""The plan's values in the tidy form load_values reads (for export-values and the pages' downloads)."""
from __future__ import annotations

from lianggang.accounts.permissions import Action, allowed_rows
from lianggang.lib.cells import ORDER
from lianggang.monitoring.models import FLAG_CODES, Value
from lianggang.plans.models import Indicator, Plan
from lianggang.regions.models import Region


def export_rows(plan: Plan, region: Region, *, subtree: bool = False, years: tuple[int, int] | None = None,
                user=None):
    """The plan's values of `region` (and below it) as TidyRows, in the order load_values reads them.

    With `user`, only what that user may see (Action.VIEW_VALUE)."""
    from lianggang.monitoring.tabular import TidyRow

    region_ids = {region.pk} | (region.descendant_ids() if subtree else set())
    qs = Value.objects.all() if user is None else allowed_rows(user, Action.VIEW_VALUE, Value.objects.all())
    qs = qs.filter(indicator__in=Indicator.objects.of_plan(plan), region_id__in=region_ids)
    if years:
        qs = qs.filter(year__gte=years[0], year__lte=years[1])
    order = ORDER
    rows = qs.values_list("region__code", "region__name", "indicator__name", "year", "sex", "area", "age_group",
                          "value", "unit", "note", "source", *FLAG_CODES)
    for r in sorted(rows, key=lambda r: (r[0], r[2], r[3], order.get(r[4], 9), order.get(r[5], 9), r[6])):
        flags = frozenset(code for code, on in zip(FLAG_CODES, r[11:]) if on)
        yield TidyRow(*r[:11], flags=flags)
