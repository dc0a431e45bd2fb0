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
from lianggang.monitoring.equity import gap_named_by
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.catalogue import read_catalogue
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
    """The target a series is shaped for: a threshold first, then a change, then a direction; a
    target naming a gap (城乡差距缩小) shapes nothing (its quantity's cells carry the gap)."""
    for kind in ("threshold", "change", "direction"):
        for t in targets:
            if t.kind == kind and (kind == "direction" or t.value is not None) and not gap_named_by(t.indicator):
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


@dataclass(frozen=True)
class Figure:
    """Where an indicator's values plausibly lie (docs/catalogue.md: typical, spread, and the usual
    female/male and urban/rural ratios); for an indicator outside the catalogue, made from its
    target and unit (REL_SPREAD)."""
    typical: float | None
    spread: float
    female_male: float | None = None
    urban_rural: float | None = None

    def band(self, unit: str, goal: float | None = None) -> tuple[float, float]:
        """The range a non-count value stays in: typical ± BAND spreads (and the goal), within the unit's bounds."""
        lo, hi = _bounds(unit)
        if self.typical is None or _is_count(unit):
            return lo, hi
        low, high = self.typical - BAND * self.spread, self.typical + BAND * self.spread
        if goal is not None:
            low, high = min(low, goal), max(high, goal)
        return max(lo, low), min(hi, high)


BAND = 3.0
# Spread as a share of the level for indicators outside the catalogue: a life expectancy varies by
# a few years between places, not by a quarter of itself.
REL_SPREAD = {"岁": 0.025, "年": 0.08}
DEFAULT_REL_SPREAD = 0.15


def catalogue_figures() -> dict[str, Figure]:
    """The catalogue's plausible figures by code."""
    out = {}
    for e in read_catalogue():
        if e.typical is not None and e.spread is not None:
            out[e.code] = Figure(float(e.typical), float(e.spread),
                                 None if e.female_male is None else float(e.female_male),
                                 None if e.urban_rural is None else float(e.urban_rural))
    return out


def _figure(ind: Indicator, unit: str, level: float, figures: dict[str, Figure]) -> Figure:
    """The catalogue's figure for the indicator, else one made from a level and the unit."""
    if ind.standard_id is not None and ind.standard.code in figures:
        return figures[ind.standard.code]
    return Figure(None, max(abs(level) * REL_SPREAD.get(unit, DEFAULT_REL_SPREAD), 0.01))


def _path(target: Target, scenario: str, years: list[int], start_year: int, rng: random.Random,
          figures: dict[str, Figure] | None = None) -> list[float]:
    """One series following `scenario` for `target`, from a baseline derived from the target and
    the indicator's plausible level and spread (the catalogue's where it has them)."""
    unit = target.indicator.unit or target.unit or ""
    ind = target.indicator
    lower_better = target.op in ("<=", "<") or (target.kind in ("change", "direction") and target.direction == "decrease")
    first, last = years[0], years[-1]
    span = max(last - first, 1)
    # The share of the way a steady path covers by the last year: on track runs ahead of it, at risk far behind.
    elapsed = min(span / max((target.year or target.goal.domain.plan.end_year) - first, 1), 1.0)
    ahead, behind = min(0.95, elapsed * rng.uniform(1.1, 1.25)), elapsed * rng.uniform(0.2, 0.4)
    comparable = not target.unit or target.unit == unit   # a threshold in the indicator's own unit
    goal_value = None
    threshold = target.kind == "threshold" and target.value is not None and comparable
    if threshold:
        fig = _figure(ind, unit, float(target.value) or 1.0, figures or {})
        # A goal far from where the catalogue says values lie (接种率 ≥ 90% where they are about 99%):
        # the region's series stays at the plausible level, drifting the scenario's way.
        threshold = fig.typical is None or abs(float(target.value) - fig.typical) <= BAND * fig.spread
    if threshold:
        goal = float(target.value)
        goal_value = goal
        sp = fig.spread
        if lower_better:
            base = goal + sp * rng.uniform(0.6, 1.4) if goal > 0 else rng.uniform(1.0, 3.0)
            end = {"achieved": max(goal - sp * rng.uniform(0.05, 0.3), goal * 0.85),
                   "on_track": base - (base - goal) * ahead,
                   "at_risk": base - (base - goal) * behind,
                   "off_track": base + sp * rng.uniform(0.15, 0.4)}[scenario]
        else:
            headroom = _bounds(unit)[1]
            base = goal - sp * rng.uniform(0.6, 1.4)
            end = {"achieved": min(goal + sp * rng.uniform(0.05, 0.3), headroom),
                   "on_track": base + (goal - base) * ahead,
                   "at_risk": base + (goal - base) * behind,
                   "off_track": base - sp * rng.uniform(0.15, 0.4)}[scenario]
            if target.op == "~":   # 左右: around the value; achieved sits within the tolerance
                end = goal * rng.uniform(0.995, 1.005) if scenario == S.ACHIEVED else end
    elif target.kind == "change" and target.value is not None:
        level = TYPICAL_LEVEL.get(unit, 1000.0 if _is_count(unit) else 50.0)
        fig = _figure(ind, unit, level, figures or {})
        base = (fig.typical if fig.typical is not None else level) + fig.spread * rng.gauss(0, 0.4)
        base = max(base, fig.spread * 0.5)
        share = float(target.value) / 100 if (target.unit == "%" or not target.unit) else float(target.value) / base
        years_total = max((target.year or target.goal.domain.plan.end_year) - start_year + 1, 1)
        done = {S.ACHIEVED: 1.15, S.ON_TRACK: 0.7 * span / years_total * 2, S.AT_RISK: 0.15, S.OFF_TRACK: -0.3}[scenario]
        sign = -1 if target.direction == "decrease" else 1
        end = base * (1 + sign * share * done)
    else:   # a direction target: a plausible level, a trend the named way (or against it) in spreads
        level = TYPICAL_LEVEL.get(unit, 500.0 if _is_count(unit) else 50.0)
        fig = _figure(ind, unit, level, figures or {})
        base = (fig.typical if fig.typical is not None else level * rng.uniform(0.8, 1.2)) + fig.spread * rng.gauss(0, 0.4)
        base = max(base, fig.spread * 0.5)
        sign = -1 if lower_better else 1
        move = {"achieved": 0.6, "on_track": 0.4, "at_risk": 0.08, "off_track": -0.4}[scenario]
        end = base + sign * move * fig.spread
    lo, hi = fig.band(unit, goal_value)
    out = []
    for y in years:
        x = base + (end - base) * (y - first) / span
        x *= 1 + rng.gauss(0, 0.004)   # measurement noise, well below the trend
        out.append(_clip(min(max(x, lo), hi), unit))
    return out


def _jump(series: list[float], unit: str, rng: random.Random, figure: Figure) -> list[float]:
    """A late jump (波动较大): the last value moves by about a spread (at most ~12 % of the level),
    toward the middle of its plausible range so that it stays in it."""
    out = list(series)
    last = out[-1]
    size = min(figure.spread * rng.uniform(0.8, 1.1), abs(last) * rng.uniform(0.1, 0.14))
    middle = figure.typical if figure.typical is not None else last
    sign = (-1 if last > middle else 1) if figure.typical is not None else rng.choice((-1, 1))
    out[-1] = _clip(last + sign * size, unit)
    return out


def _decimal(x: float, unit: str) -> Decimal:
    step = Decimal("1") if _is_count(unit) else Decimal("0.01") if unit in ("‰", "1/10万") or x < 100 else Decimal("0.1")
    return Decimal(str(x)).quantize(step, rounding=ROUND_HALF_UP)


def _split(total: Decimal, ratio: float, unit: str) -> tuple[Decimal, Decimal]:
    """Two sides of a rate whose ratio is `ratio`, the total between them (equal populations)."""
    t = float(total)
    return (_decimal(_clip(t * 2 * ratio / (1 + ratio), unit), unit), _decimal(_clip(t * 2 / (1 + ratio), unit), unit))


def _cells(ind: Indicator, unit: str, total: Decimal, rng: random.Random,
           figure: Figure | None = None) -> list[tuple[str, str, Decimal]]:
    """The headline and its disaggregations, consistent with the validation rules; rates split by the
    catalogue's usual female/male and urban/rural ratios (a little noise around them)."""
    cells = [("total", "total", total)]
    if ind.by_sex:
        if _is_count(unit):
            female = (total * Decimal(str(rng.uniform(0.46, 0.5)))).quantize(Decimal("1"))
            cells += [("female", "total", female), ("male", "total", total - female)]
        else:
            usual = figure.female_male if figure and figure.female_male else 1 + rng.uniform(0.02, 0.08)
            female, male = _split(total, usual * rng.uniform(0.98, 1.02), unit)
            cells += [("female", "total", female), ("male", "total", male)]
    if ind.by_area:
        if _is_count(unit):
            urban = (total * Decimal(str(rng.uniform(0.5, 0.7)))).quantize(Decimal("1"))
            cells += [("total", "urban", urban), ("total", "rural", total - urban)]
        else:   # a rate: the total lies between urban and rural
            usual = figure.urban_rural if figure and figure.urban_rural else 1 + rng.uniform(0.04, 0.12)
            urban, rural = _split(total, usual * rng.uniform(0.97, 1.03), unit)
            cells += [("total", "urban", urban), ("total", "rural", rural)]
    return cells


def plan_batch(plan: Plan, years: list[int], seed: int, report: SampleReport,
               leave_out: set[tuple[int, int, int]] = frozenset()) -> bulk.Batch:
    """Every sample value of `plan` in its region and direct sub-regions; `leave_out` (indicator, region, year)."""
    targets_by_ind: dict[int, list[Target]] = {}
    figures = catalogue_figures()
    for t in (Target.objects.filter(goal__domain__plan=plan)
              .select_related("indicator", "indicator__standard", "goal__domain__plan").order_by("goal__domain__position", "goal__position",
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
            series = _path(target, scenario, years, plan.start_year, rng, figures)
            if region == plan.region and position % 9 == 4 and len(volatile) < 2:
                series = _jump(series, unit, rng, _figure(ind, unit, series[-1], figures))
                volatile.append(ind.name)
            if region == plan.region:
                scenario_counts[scenario] += 1
            report.series += 1
            for year, x in zip(years, series):
                if (ind.pk, region.pk, year) in leave_out:
                    continue
                figure = figures.get(ind.standard.code) if ind.standard_id else None
                for sex, area, value in _cells(ind, unit, _decimal(x, unit), rng, figure):
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
