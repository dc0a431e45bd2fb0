"""Sample values for the demo (示例数据): plausible, deterministic, and never mistakable for statistics.

For every plan, every indicator with a measurable target gets headline values
(and its sex / urban–rural cells) for each year, in the plan's region and each of
its direct sub-regions. Each series follows a *scenario* — achieved, on track,
at risk, off track — drawn so that every plan shows all four, and a few series
get a late jump so the volatility warning has something to say. The numbers come
from the target itself (its op, value and unit), so the generator works for any
plan, not only the seeds.

Every value is stored approved, `is_sample=True`, with a history row saying 示例数据.
Deterministic: a `random.Random` seeded by (seed, plan source, indicator, region)
— the result never depends on the order plans or indicators are visited.
Idempotent: cells that already hold a value (sample or real) are left alone.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from lianggang.accounts.models import Profile, Role
from lianggang.assessment.model import Status as S
from lianggang.lib.units import unit_of
from lianggang.monitoring import bulk
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Indicator, Plan, Target

SAMPLE_NOTE = "示例数据"
SAMPLE_USER = "lianggang-sample"
SCENARIOS = (S.ACHIEVED, S.ON_TRACK, S.AT_RISK, S.OFF_TRACK)
# A typical level per unit for targets that give none (direction targets).
TYPICAL_LEVEL = {"%": 60.0, "‰": 6.0, "1/10万": 15.0, "岁": 70.0, "年": 10.0}


@dataclass
class SampleReport:
    values: int = 0                       # values written by this run
    skipped: int = 0                      # cells that already held a value
    series: int = 0                       # (indicator, region) series generated
    scenarios: dict[str, dict[str, int]] = field(default_factory=dict)   # plan title → scenario → count
    volatile: dict[str, list[str]] = field(default_factory=dict)         # plan title → indicators given a jump


def sample_user():
    """The system user sample values are recorded under: cannot log in, acts as administrator."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=SAMPLE_USER, defaults={"first_name": "示例数据生成"})
    if created:
        user.set_unusable_password()
        user.is_active = False
        user.save()
        Profile.objects.create(user=user, role=Role.ADMIN)
    return user


def _primary_target(targets: list[Target]) -> Target | None:
    """The target a series is shaped for: a threshold first, then a change, then a direction."""
    for kind in ("threshold", "change", "direction"):
        for t in targets:
            if t.kind == kind and (kind == "direction" or t.value is not None):
                return t
    return None


def _is_count(unit: str) -> bool:
    return unit_of(unit).is_count


def _bounds(unit: str) -> tuple[float, float]:
    u = unit_of(unit)
    return (0.0 if u.low is None else float(u.low)), (float("inf") if u.high is None else float(u.high))


def _clip(x: float, unit: str) -> float:
    lo, hi = _bounds(unit)
    return min(max(x, lo), hi)


def _path(target: Target, scenario: str, years: list[int], start_year: int, rng: random.Random) -> list[float]:
    """One series following `scenario` for `target`, from a baseline derived from the target."""
    unit = target.unit or target.indicator.unit or ""
    lower_better = target.op in ("<=", "<") or (target.kind in ("change", "direction") and target.direction == "decrease")
    first, last = years[0], years[-1]
    span = max(last - first, 1)
    # The share of the way a steady path covers by the last year: on track runs ahead of it, at risk far behind.
    elapsed = min(span / max((target.year or target.goal.domain.plan.end_year) - first, 1), 1.0)
    ahead, behind = min(0.95, elapsed * rng.uniform(1.1, 1.25)), elapsed * rng.uniform(0.2, 0.4)
    if target.kind == "threshold" and target.value is not None:
        goal = float(target.value)
        if goal == 0:
            goal = 1.0 if not lower_better else 0.0
        # Where the region stands when the plan starts, and where it is by the last year.
        if lower_better:
            base = goal * rng.uniform(1.25, 1.6) if goal > 0 else rng.uniform(1.0, 3.0)
            end = {S.ACHIEVED: goal * rng.uniform(0.85, 0.97),
                   S.ON_TRACK: base - (base - goal) * ahead,
                   S.AT_RISK: base - (base - goal) * behind,
                   S.OFF_TRACK: base * rng.uniform(1.08, 1.15)}[scenario]
        else:
            headroom = _bounds(unit)[1]
            base = goal * rng.uniform(0.75, 0.9)
            end = {S.ACHIEVED: min(goal * rng.uniform(1.01, 1.04), headroom),
                   S.ON_TRACK: base + (goal - base) * ahead,
                   S.AT_RISK: base + (goal - base) * behind,
                   S.OFF_TRACK: base * rng.uniform(0.9, 0.95)}[scenario]
            if target.op == "~":   # 左右: around the value; achieved sits within the tolerance
                end = goal * rng.uniform(0.995, 1.005) if scenario == S.ACHIEVED else end
    elif target.kind == "change" and target.value is not None:
        base = TYPICAL_LEVEL.get(unit, 1000.0 if _is_count(unit) else 50.0) * rng.uniform(0.8, 1.2)
        share = float(target.value) / 100 if (target.unit == "%" or not target.unit) else float(target.value) / base
        years_total = max((target.year or target.goal.domain.plan.end_year) - start_year + 1, 1)
        done = {S.ACHIEVED: 1.15, S.ON_TRACK: 0.7 * span / years_total * 2, S.AT_RISK: 0.15, S.OFF_TRACK: -0.3}[scenario]
        sign = -1 if target.direction == "decrease" else 1
        end = base * (1 + sign * share * done)
    else:   # a direction target: a level typical of the unit, a gentle trend the named way (or against it)
        base = TYPICAL_LEVEL.get(unit, 500.0 if _is_count(unit) else 50.0) * rng.uniform(0.8, 1.2)
        sign = -1 if target.direction == "decrease" else 1
        move = {S.ACHIEVED: 0.08, S.ON_TRACK: 0.05, S.AT_RISK: 0.01, S.OFF_TRACK: -0.05}[scenario]
        end = base * (1 + sign * move)
    out = []
    for y in years:
        x = base + (end - base) * (y - first) / span
        x *= 1 + rng.gauss(0, 0.004)   # measurement noise, well below the trend
        out.append(_clip(x, unit))
    return out


def _jump(series: list[float], unit: str, rng: random.Random) -> list[float]:
    """A late jump (波动较大): the last value moves by ~12 % of the level."""
    out = list(series)
    out[-1] = _clip(out[-1] * (1 + rng.choice((-1, 1)) * rng.uniform(0.1, 0.14)), unit)
    return out


def _decimal(x: float, unit: str) -> Decimal:
    step = Decimal("1") if _is_count(unit) else Decimal("0.01") if unit in ("‰", "1/10万") or x < 100 else Decimal("0.1")
    return Decimal(str(x)).quantize(step, rounding=ROUND_HALF_UP)


def _cells(ind: Indicator, unit: str, total: Decimal, rng: random.Random) -> list[tuple[str, str, Decimal]]:
    """The headline and its disaggregations, consistent with the validation rules."""
    cells = [("total", "total", total)]
    if ind.by_sex:
        if _is_count(unit):
            female = (total * Decimal(str(rng.uniform(0.46, 0.5)))).quantize(Decimal("1"))
            cells += [("female", "total", female), ("male", "total", total - female)]
        else:
            d = Decimal(str(rng.uniform(0.01, 0.04)))
            cells += [("female", "total", _decimal(_clip(float(total * (1 + d)), unit), unit)),
                      ("male", "total", _decimal(_clip(float(total * (1 - d)), unit), unit))]
    if ind.by_area:
        if _is_count(unit):
            urban = (total * Decimal(str(rng.uniform(0.5, 0.7)))).quantize(Decimal("1"))
            cells += [("total", "urban", urban), ("total", "rural", total - urban)]
        else:   # a rate: the total lies between urban and rural
            d = Decimal(str(rng.uniform(0.02, 0.06)))
            cells += [("total", "urban", _decimal(_clip(float(total * (1 + d)), unit), unit)),
                      ("total", "rural", _decimal(_clip(float(total * (1 - d)), unit), unit))]
    return cells


def plan_batch(plan: Plan, years: list[int], seed: int, report: SampleReport,
               leave_out: set[tuple[int, int, int]] = frozenset()) -> bulk.Batch:
    """Every sample value of `plan` in its region and direct sub-regions; `leave_out` (indicator, region, year)."""
    targets_by_ind: dict[int, list[Target]] = {}
    for t in (Target.objects.filter(goal__domain__plan=plan)
              .select_related("indicator", "goal__domain__plan").order_by("goal__domain__position", "goal__position",
                                                                          "position")):
        targets_by_ind.setdefault(t.indicator_id, []).append(t)
    regions = [plan.region, *plan.region.children.order_by("code")]
    scenario_counts = report.scenarios.setdefault(plan.title, {s: 0 for s in SCENARIOS})
    volatile = report.volatile.setdefault(plan.title, [])
    batch = bulk.Batch()
    shaped = [(ind_id, _primary_target(ts)) for ind_id, ts in targets_by_ind.items()]
    shaped = [(ind_id, t) for ind_id, t in shaped if t is not None]
    for position, (ind_id, target) in enumerate(shaped):
        ind = target.indicator
        unit = ind.unit or target.unit or ""
        for region in regions:
            rng = random.Random(f"{seed}|{plan.source}|{plan.position}|"
                                f"{ind.name}|{region.code}")
            # The plan's own region cycles through the scenarios so that every plan shows each;
            # sub-regions draw theirs, leaning toward the region's own.
            own = SCENARIOS[position % len(SCENARIOS)]
            scenario = own if region == plan.region else rng.choice((own, own, *SCENARIOS))
            series = _path(target, scenario, years, plan.start_year, rng)
            if region == plan.region and position % 9 == 4 and len(volatile) < 2:
                series = _jump(series, unit, rng)
                volatile.append(ind.name)
            if region == plan.region:
                scenario_counts[scenario] += 1
            report.series += 1
            for year, x in zip(years, series):
                if (ind.pk, region.pk, year) in leave_out:
                    continue
                for sex, area, value in _cells(ind, unit, _decimal(x, unit), rng):
                    batch.add(0, ind.pk, region.pk, year, sex, area, "", value, unit, SAMPLE_NOTE)
    return batch


def load_sample_values(plans=None, *, years=range(2020, 2026), seed: int = 2021,
                       leave_out: set[tuple[int, int, int]] = frozenset()) -> SampleReport:
    """Approved sample values for `plans` (default: all) in `years` before each plan's end year;
    cells already holding a value are skipped."""
    plans = list(plans if plans is not None else Plan.objects.select_related("region"))
    # Plans of a region share its indicators: the first plan to shape an indicator's series wins, so
    # plans go in a fixed order and the same seed gives the same values whatever order they came in.
    plans.sort(key=lambda p: (p.region.code, p.subject, p.start_year, p.end_year, p.source, p.position))
    report = SampleReport()
    user = sample_user()
    with transaction.atomic():
        for plan in plans:
            # A plan's last year is still being collected: a 2021—2025 plan has approved values up to 2024.
            plan_years = [y for y in years if y < plan.end_year]
            batch = plan_batch(plan, plan_years, seed, report, leave_out)
            existing = set(Value.objects.filter(indicator__in=Indicator.objects.of_plan(plan), year__in=plan_years)
                           .values_list("indicator_id", "region_id", "year", "sex", "area", "age_group"))
            fresh = bulk.Batch(r for r in batch if (r[1], r[2], r[3], r[4], r[5], r[6]) not in existing)
            for i, r in enumerate(fresh):   # line numbers for the loader's messages
                fresh[i] = (i + 1, *r[1:])
            report.skipped += len(batch) - len(fresh)
            if fresh:
                bulk.write(fresh, user=user, state=ValueState.APPROVED, reason=SAMPLE_NOTE, source=SAMPLE_NOTE,
                           is_sample=True, sheet=plan.title)
                report.values += len(fresh)
    return report
