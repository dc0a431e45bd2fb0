"""The evaluation service: values from the database → the assessment core → PlanAssessment.

The one place where a plan's targets meet the monitoring values. Reports, pages
and the API call these functions and read the frozen results (evaluation/results.py);
none of them queries values or runs the core itself.

What is judged: each target on the indicator's headline series — sex total, area
total, all ages — of approved values (``approved_only``) up to the year asked.
The baseline is the target's own (indicator tables give one), else the one the plan states for
the same indicator, else the value of the year before the plan starts (2020 for a 2021—2030
plan), where reported.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from django.utils.translation import gettext_noop

from lianggang import assessment as core
from lianggang.assessment import scoring
from lianggang.evaluation.results import Note, PlanAssessment, TargetResult, YearValue
from lianggang.evaluation.gaps import GapSource, gap_points, gap_sources
from lianggang.monitoring.models import Area, Sex, Value, ValueState
from lianggang.monitoring.services import responsible_departments
from lianggang.plans.models import Indicator, Plan, Target, describe_target
from lianggang.plans.services import target_to_dict
from lianggang.regions.models import Region

FLAG_FIELDS = ("provisional", "estimated", "revised", "series_break", "is_sample")
FLAG_NAMES = {"is_sample": "sample"}   # YearValue.flags use "sample" for is_sample


class EvaluationError(ValueError):
    """A question the service cannot answer as asked; the message is one Chinese line."""


# -- reading values -----------------------------------------------------------

def _headline(approved_only: bool):
    qs = Value.objects.filter(sex=Sex.TOTAL, area=Area.TOTAL, age_group="")
    return qs.filter(state=ValueState.APPROVED) if approved_only else qs


def _points(indicator_ids: Iterable[int], region_ids: Iterable[int], *, up_to: int | None,
            approved_only: bool) -> dict[tuple[int, int], list[YearValue]]:
    """(indicator id, region id) → headline values by year, in one query."""
    qs = _headline(approved_only).filter(indicator_id__in=list(indicator_ids), region_id__in=list(region_ids))
    if up_to is not None:
        qs = qs.filter(year__lte=up_to)
    out: dict[tuple[int, int], list[YearValue]] = defaultdict(list)
    rows = qs.order_by("year").values_list("indicator_id", "region_id", "year", "value", *FLAG_FIELDS)
    for ind, reg, year, value, *flags in rows:
        names = frozenset(FLAG_NAMES.get(f, f) for f, on in zip(FLAG_FIELDS, flags) if on)
        out[(ind, reg)].append(YearValue(year, float(value), names))
    return out


def indicator_series(indicator: Indicator, region: Region, *, approved_only: bool = True,
                     up_to: int | None = None) -> list[YearValue]:
    """The indicator's headline values in `region`, by year."""
    return _points([indicator.pk], [region.pk], up_to=up_to, approved_only=approved_only).get(
        (indicator.pk, region.pk), [])


def subregion_values(indicator: Indicator, region: Region, year: int, *,
                     approved_only: bool = True) -> list[tuple[Region, YearValue | None]]:
    """Each direct sub-region of `region` with its headline value of `year` (None where not reported)."""
    children = list(region.children.order_by("code"))
    points = _points([indicator.pk], [c.pk for c in children], up_to=year, approved_only=approved_only)
    out = []
    for child in children:
        this_year = [p for p in points.get((indicator.pk, child.pk), []) if p.year == year]
        out.append((child, this_year[0] if this_year else None))
    return out


def latest_year(plan: Plan, region: Region, *, approved_only: bool = True) -> int | None:
    """The latest year with any headline value of the plan's indicators in `region`."""
    qs = _headline(approved_only).filter(indicator__in=Indicator.objects.of_plan(plan), region=region)
    return qs.order_by("-year").values_list("year", flat=True).first()


# -- judging -----------------------------------------------------------------

@dataclass(frozen=True)
class _PlanTargets:
    """A plan's targets with what the core needs, read once and reused for every region."""
    plan: Plan
    targets: list[Target]
    dicts: list[dict]
    period: core.Period
    gaps: dict[int, GapSource] = field(default_factory=dict)   # target id → the gap it is judged on
    # indicator id → the baseline the plan states for it (its indicator table's 基期值): every
    # target of the plan on that indicator starts from it, not only the table's own row
    stated_baselines: dict[int, core.Baseline] = field(default_factory=dict)

    def indicator_ids(self) -> set[int]:
        return {t.indicator_id for t in self.targets}


def _plan_targets(plan: Plan, indicator: Indicator | None = None) -> _PlanTargets:
    """The plan's targets (or only those of `indicator`) with their dicts for the core."""
    targets = Target.objects.filter(goal__domain__plan=plan)
    if indicator is not None:
        targets = targets.filter(indicator=indicator)
    targets = list(
        targets.select_related("indicator", "indicator__standard", "goal", "goal__domain")
        .order_by("goal__domain__position", "goal__position", "position"))
    stated: dict[int, core.Baseline] = {}
    for t in targets:
        if t.baseline_year is not None and t.baseline_value is not None:
            stated.setdefault(t.indicator_id, core.Baseline(t.baseline_year, float(t.baseline_value)))
    return _PlanTargets(plan, targets, [_core_target(t) for t in targets],
                        core.Period(plan.start_year, plan.end_year), gap_sources(targets), stated)


# -- the one hook where a target gets its series ---------------------------------

def _read(pt: _PlanTargets, region_ids: Iterable[int], *, up_to: int | None,
          approved_only: bool) -> dict[tuple, list[YearValue]]:
    """Every series the plan's targets are judged on in `region_ids`: the indicators' headline
    values, and for a target naming a gap (城乡差距缩小) the gap's size by year."""
    region_ids = list(region_ids)
    points: dict[tuple, list[YearValue]] = dict(
        _points(pt.indicator_ids(), region_ids, up_to=up_to, approved_only=approved_only))
    if pt.gaps:
        points.update(gap_points(pt.gaps, region_ids, up_to=up_to, approved_only=approved_only))
    return points


def _series_of(target: Target, region_id: int, points: dict[tuple, list[YearValue]], pt: _PlanTargets
               ) -> tuple[list[YearValue], GapSource | None]:
    """The series `target` is judged on in the region, and the gap it measures if any: the gap's
    size where the target names a gap whose cells are reported, else its indicator's own values."""
    gap = points.get(("gap", target.pk, region_id)) if target.pk in pt.gaps else None
    if gap:
        return gap, pt.gaps[target.pk]
    return points.get((target.indicator_id, region_id), []), None


def _core_target(target: Target) -> dict:
    """The target as the core reads it; a change target also learns the unit of the levels it
    moves (降低20% of a rate in 1/10万), which bounds them and names them in the reason."""
    out = target_to_dict(target)
    if target.kind == "change" and target.indicator.unit:
        out["level_unit"] = target.indicator.unit
    return out


def _baseline(target: Target, points: list[YearValue], pt: _PlanTargets) -> core.Baseline | None:
    """The target's own baseline, else the one its plan states for the indicator, else the value
    reported for the year before the plan starts."""
    plan = pt.plan
    if target.baseline_year is not None and target.baseline_value is not None:
        return core.Baseline(target.baseline_year, float(target.baseline_value))
    stated = pt.stated_baselines.get(target.indicator_id)
    if stated is not None:
        return stated
    for p in points:
        if p.year == plan.start_year - 1:
            return core.Baseline(p.year, p.value)
    return None


def _judge(target: Target, target_dict: dict, points: list[YearValue], gap: GapSource | None, pt: _PlanTargets,
           year: int, department=None) -> TargetResult:
    series = {p.year: p.value for p in points}
    try:
        a = core.assess(target_dict, series, period=pt.period, as_of=year,
                        baseline=_baseline(target, points, pt),
                        method=target.indicator.assessment_method)
    except core.CaseError as e:
        # Targets the core cannot judge (a ratio such as 1:3): say so, never fail the plan.
        msgid = (gettext_noop("比例型目标（%(target)s）暂不能自动评估，请人工判断。") if target.ratio
                 else gettext_noop("该目标（%(target)s）暂不能自动评估，请人工判断。"))
        return _unjudged(target, points, Note(msgid, {"target": describe_target(target)}), error=str(e),
                         department=department)   # a person judges it: 需人工判断
    status = a.status
    explanation: Note | core.Assessment = a
    if a.kind == "comparison" and a.details.get("needed") == "reference":
        explanation = Note(gettext_noop("该目标与“%(reference)s”比较，需录入参照量数据后方可评估。"),
                           {"reference": target.reference})
    current = next((p for p in reversed(points) if p.year == a.current_year), None) if a.current_year else None
    previous = None
    if current is not None:
        previous = next((p for p in points if p.year == current.year - 1), None)
    projected = (a.target_year, a.projected_value, a.projected_method) if a.projected_value is not None else None
    details = dict(a.details)
    if gap is not None:   # judged on a gap: say which (the pages and reports name it)
        details["gap_of"] = {"indicator": gap.indicator_name, "dimension": str(gap.dimension)}
    if a.volatility:
        details["volatility"] = a.volatility
    return TargetResult(target=target, indicator=target.indicator, domain=target.goal.domain,
                        department=department, series=series, points=tuple(points),
                        status=status, current=current, previous=previous, projected=projected,
                        gap=a.gap, required_now=a.required_now, volatile=a.volatile,
                        explanation=explanation,
                        details=details)


def _unjudged(target: Target, points: list[YearValue], note: Note, error: str, department=None) -> TargetResult:
    current = points[-1] if points else None
    previous = next((p for p in points if current and p.year == current.year - 1), None)
    return TargetResult(target=target, indicator=target.indicator, domain=target.goal.domain,
                        department=department, series={p.year: p.value for p in points},
                        points=tuple(points), status=core.Status.MANUAL, current=current, previous=previous,
                        projected=None, gap=None, required_now=None, volatile=False, explanation=note,
                        details={"error": error})


def _assemble(pt: _PlanTargets, region: Region, year: int,
              points: dict[tuple[int, int], list[YearValue]]) -> PlanAssessment:
    departments = responsible_departments(region, {t.indicator_id: t.indicator for t in pt.targets}.values())
    results = [_judge(t, d, *_series_of(t, region.pk, points, pt), pt, year, departments.get(t.indicator_id))
               for t, d in zip(pt.targets, pt.dicts)]
    domains = {r.domain.pk: r.domain for r in results}
    by_domain = [(domains[k], s) for k, s in scoring.summarise_by(results, lambda r: r.domain.pk).items()]
    return PlanAssessment(plan=pt.plan, region=region, year=year, results=results,
                          summary=scoring.summarise(results), by_domain=by_domain,
                          warnings=scoring.warnings(results))


def _check_year(plan: Plan, year: int) -> None:
    if not (plan.start_year - 10 <= year <= plan.end_year + 5):
        raise EvaluationError(f"年度 {year} 不在《{plan.title}》的监测期（{plan.start_year}—{plan.end_year}年）附近")


def assess_plan(plan: Plan, region: Region, year: int, *, approved_only: bool = True) -> PlanAssessment:
    """Every target of `plan` judged on `region`'s values up to `year` (a county may be judged
    against its city's plan: the plan's indicators, the region's values)."""
    _check_year(plan, year)
    pt = _plan_targets(plan)
    points = _read(pt, [region.pk], up_to=year, approved_only=approved_only)
    return _assemble(pt, region, year, points)


def assessment_stamp(plan: Plan, region: Region, year: int) -> str:
    """What would change the plan's assessment in `region` as of `year`, as a cache key part:
    the number and latest change of the approved values, and the plan's last edit."""
    from django.db.models import Count, Max

    _check_year(plan, year)
    stamp = (Value.objects.filter(indicator__in=Indicator.objects.of_plan(plan), region=region,
                                  state=ValueState.APPROVED, year__lte=year)
             .aggregate(n=Count("id"), last=Max("updated_at")))
    last = stamp["last"].timestamp() if stamp["last"] else 0
    return f"{plan.pk}:{region.pk}:{year}:{stamp['n']}:{last}:{plan.updated_at.timestamp()}"


def assess_indicator(plan: Plan, indicator: Indicator, region: Region, year: int) -> list[TargetResult]:
    """The plan's targets on one indicator judged as assess_plan judges them (approved values), without
    judging, or fetching from the cache, the rest of the plan — for a page about one indicator."""
    _check_year(plan, year)
    pt = _plan_targets(plan, indicator)
    points = _read(pt, [region.pk], up_to=year, approved_only=True)
    department = responsible_departments(region, [indicator]).get(indicator.pk)
    return [_judge(t, d, *_series_of(t, region.pk, points, pt), pt, year, department)
            for t, d in zip(pt.targets, pt.dicts)]


#: Part of every cached assessment's key: bump it when what a PlanAssessment holds changes, so a
#: result pickled by an older version is never read back (v2: statuses from the core's Status).
CACHE_VERSION = "assess:v2:"


def assess_plan_cached(plan: Plan, region: Region, year: int, stamp: str | None = None) -> PlanAssessment:
    """assess_plan on approved values, kept in the shared cache until a value or the plan changes.

    Pages ask the same plan, region and year again and again between approvals; the key
    (assessment_stamp, which the caller may have read already) holds what would change the
    answer, so a stale result is never served."""
    from django.core.cache import cache

    key = CACHE_VERSION + (stamp or assessment_stamp(plan, region, year))
    found = cache.get(key)
    if found is None:
        found = assess_plan(plan, region, year)
        cache.set(key, found)   # settings.CACHES: 5 minutes, so a target edited in the admin shows by then
    return found


def assess_regions(plan: Plan, regions: Iterable[Region], year: int, *,
                   approved_only: bool = True) -> list[PlanAssessment]:
    """The plan judged on each of `regions`, their values read in one query."""
    _check_year(plan, year)
    regions = list(regions)
    pt = _plan_targets(plan)
    points = _read(pt, [r.pk for r in regions], up_to=year, approved_only=approved_only)
    return [_assemble(pt, region, year, points) for region in regions]


def assess_subregions(plan: Plan, region: Region, year: int, *,
                      approved_only: bool = True) -> list[PlanAssessment]:
    """The plan judged on each direct sub-region of `region` (for comparisons and rankings)."""
    return assess_regions(plan, region.children.order_by("code"), year, approved_only=approved_only)


def reporting_regions(plan: Plan, *, approved_only: bool = True) -> list[Region]:
    """Every region with a headline value of any of the plan's indicators (the plan's own and those below)."""
    ids = _headline(approved_only).filter(indicator__in=Indicator.objects.of_plan(plan)).values("region_id").distinct()
    return list(Region.objects.filter(pk__in=ids).order_by("code"))


def assess_years(plan: Plan, region: Region, years: Iterable[int], *,
                 approved_only: bool = True) -> list[PlanAssessment]:
    """The plan judged in `region` as of each of `years` (a plan's path through time), values read once."""
    years = sorted(years)
    for y in years:
        _check_year(plan, y)
    pt = _plan_targets(plan)
    points = _read(pt, [region.pk], up_to=years[-1] if years else None, approved_only=approved_only)
    out = []
    for y in years:
        upto = {k: [p for p in v if p.year <= y] for k, v in points.items()}
        out.append(_assemble(pt, region, y, upto))
    return out
