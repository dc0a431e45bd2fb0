"""Targets that name a gap (缩小城乡差距, 男女收入差距明显缩小) are judged on the gap.

The extractor writes such a target as a direction target on an indicator named for the gap
(孕产妇死亡率城乡、区域差距 decrease). `gap_sources` finds, for each, the indicator whose cells
make the gap — named in the gap's name (孕产妇死亡率), else the quantities the same goal names
before it (新生儿、婴儿和5岁以下儿童死亡率分别降至…，地区和城乡差距逐步缩小) — and the dimension
(by sex, by town/country) it is collected by; `gap_points` reads the gap's size |女 − 男| or
|城镇 − 乡村| by year, the series the evaluation service then hands the core instead of the
(never collected) values of the gap indicator itself. A gap whose quantity is not collected by
the dimension it names stays judged as before (数据不足).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from lianggang.assessment.equity import Dimension, gap_series
from lianggang.evaluation.results import YearValue
from lianggang.monitoring.equity import dimensions_of, gap_named_by, read_sides
from lianggang.plans.catalogue import normalise_name
from lianggang.plans.models import Indicator, Target

SHARED_TAIL = 3   # a sibling stands for a gap's quantity when their names end alike (…死亡率)


@dataclass(frozen=True)
class GapSource:
    """The gap a target is judged on: the indicator whose two sides are compared, and the dimension."""
    indicator_id: int
    indicator_name: str
    dimension: Dimension


def _collected(indicator: Indicator, dimensions: tuple[Dimension, ...]) -> Dimension | None:
    have = dimensions_of(indicator)
    return next((d for d in dimensions if d in have), None)


def _named(base: str, known: dict[str, Indicator]) -> Indicator | None:
    """The indicator the gap's name names: one the plan names, else the catalogue's."""
    norm = normalise_name(base)
    if norm in known:
        return known[norm]
    from lianggang.plans.models import StandardIndicator
    for std in StandardIndicator.objects.all().only("name", "aliases"):
        if norm in {normalise_name(n) for n in (std.name, *std.aliases)}:
            return Indicator.objects.filter(standard=std, owner__isnull=True).first()
    return None


def _from_goal(target: Target, base: str, dimensions: tuple[Dimension, ...]) -> Indicator | None:
    """The first other quantity of the same goal collected by the dimension (and, when the gap's
    name says what it is of, ending as that does)."""
    siblings = Target.objects.filter(goal_id=target.goal_id).exclude(pk=target.pk).select_related("indicator")
    for sibling in siblings.order_by("position"):
        ind = sibling.indicator
        if base and normalise_name(ind.name)[-SHARED_TAIL:] != normalise_name(base)[-SHARED_TAIL:]:
            continue
        if _collected(ind, dimensions):
            return ind
    return None


def gap_sources(targets: Iterable[Target]) -> dict[int, GapSource]:
    """target id → the gap it is judged on, for the targets among `targets` that name one."""
    targets = list(targets)
    named = [(t, spec) for t in targets if (spec := gap_named_by(t.indicator))]
    if not named:
        return {}
    known = {normalise_name(t.indicator.name): t.indicator for t in targets}
    out = {}
    for target, spec in named:
        found = _named(spec.base, known) if spec.base else None
        if found is None or _collected(found, spec.dimensions) is None:
            found = _from_goal(target, spec.base, spec.dimensions)
        if found is not None and (dimension := _collected(found, spec.dimensions)):
            out[target.pk] = GapSource(found.pk, found.name, dimension)
    return out


def gap_points(gaps: dict[int, GapSource], region_ids: list[int], *, up_to: int | None,
               approved_only: bool) -> dict[tuple, list[YearValue]]:
    """("gap", target id, region id) → the gap's size by year."""
    sides = read_sides({g.indicator_id for g in gaps.values()}, region_ids, up_to=up_to, approved_only=approved_only)
    out: dict[tuple, list[YearValue]] = {}
    for target_id, g in gaps.items():
        for region_id in region_ids:
            series = gap_series(sides.get((g.indicator_id, region_id, g.dimension), {}))
            if series:
                out[("gap", target_id, region_id)] = [YearValue(y, v) for y, v in series.items()]
    return out
