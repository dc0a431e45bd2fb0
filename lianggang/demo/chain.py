"""The demo's reporting chain (下级向上级报送): 嘉兴市's counties report their 2025 year to the city.

Four counties in the four states the city's page of its counties tells apart — every step taken
through the same services a person's clicks call (entry, submit, approve, report_upward,
accept_upward / return_upward):

  南湖区  returned by the city with a reason (the `county` login sees it and may report again)
  秀洲区  accepted: its values are the city's sub-region data without re-entry
  嘉善县  reported, waiting for the city's statistics bureau (the `stats` login accepts or returns it)
  海盐县  late: one department still entering after the city's deadline

Live births and deaths are collected as counts in the city and its counties for 2020—2024, so that
婴儿死亡率 and 孕产妇死亡率 roll up (下级汇总) on the counties page and the indicator page.

The city's deadline is set in the past so that lateness shows (open_round refuses a past date:
the demo stages a year whose deadline has gone by). The remaining counties opened no round and
are late too. Values are 示例数据, drawn around the catalogue's typical figure or last year's value.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from lianggang.accounts.models import Role
from lianggang.lib import cells
from lianggang.monitoring import services, upward
from lianggang.monitoring.entry import Entry, submission_for, write_entries
from lianggang.monitoring.models import Round, Value
from lianggang.monitoring.rules import Cell
from lianggang.monitoring.sample import SAMPLE_NOTE, sample_user
from lianggang.plans.catalogue import read_catalogue
from lianggang.regions.models import Region

CITY = "330400"
YEAR = 2025
RETURNED, ACCEPTED, WAITING, LATE = "330402", "330411", "330421", "330424"
RETURN_REASON = "孕产妇死亡率与上年相比变化较大，请核实原始记录后重新上报"
DEADLINE_DAYS_AGO = 10


def _typical() -> dict[str, Decimal]:
    return {e.code: e.typical for e in read_catalogue() if e.typical is not None}


def _value_for(indicator, region: Region, typical: dict[str, Decimal], rng: random.Random) -> Decimal:
    """Last year's value moved a little, else the catalogue's typical figure, else a middling level."""
    last = (Value.objects.filter(indicator=indicator, region=region, sex=cells.TOTAL, area=cells.TOTAL, age_group="")
            .order_by("-year").values_list("value", flat=True).first())
    code = indicator.standard.code if indicator.standard_id else ""
    base = last if last is not None else typical.get(code, Decimal(60))
    x = Decimal(base) * Decimal(str(1 + rng.uniform(-0.01, 0.02)))
    if indicator.unit == "%":
        x = min(x, Decimal(100))
    step = Decimal(1) if indicator.unit in ("人", "个", "所", "家", "次", "件", "户", "名", "例", "张") else Decimal("0.01")
    return x.quantize(step)


def fill_round(rnd: Round, *, leave_drafting: int = 0) -> None:
    """Every department enters what it owes, submits, and the county's bureau approves — except the
    first `leave_drafting` departments (by load), which are still entering half their values."""
    system, typical = sample_user(), _typical()
    rng = random.Random(f"chain|{rnd.region.code}|{rnd.year}")
    by_department: dict = {}
    for ob in rnd.obligations.select_related("indicator__standard", "department").order_by("indicator__name"):
        by_department.setdefault(ob.department, []).append(ob.indicator)
    ordered = sorted(by_department.items(), key=lambda kv: (-len(kv[1]), kv[0].short_name))
    for position, (department, indicators) in enumerate(ordered):
        drafting = position < leave_drafting
        if drafting:
            indicators = indicators[: max(1, len(indicators) // 2)]
        entries = [Entry(ind, Cell(), str(_value_for(ind, rnd.region, typical, rng)), SAMPLE_NOTE, SAMPLE_NOTE)
                   for ind in indicators]
        write_entries(system, rnd, department, entries, reason=SAMPLE_NOTE)
        Value.objects.filter(region=rnd.region, year=rnd.year, indicator__in=indicators).update(is_sample=True)
        if drafting:
            continue
        sub = submission_for(rnd, department)
        services.submit(system, sub)
        services.approve(system, sub)


def build_chain(report) -> None:
    """嘉兴市's 2025 year with counties in every state, and the logins of a county office and bureau."""
    from lianggang.demo.people import _set_login

    city = Region.objects.filter(code=CITY).first()
    if city is None or not Round.objects.filter(region=city, year=YEAR).exists():
        return
    Round.objects.filter(region=city, year=YEAR).update(
        deadline=timezone.localdate() - dt.timedelta(days=DEADLINE_DAYS_AGO))
    system = sample_user()
    for code in (RETURNED, ACCEPTED, WAITING, LATE):
        county = Region.objects.filter(code=code, parent=city).first()
        if county is None or Round.objects.filter(region=county, year=YEAR).exists():
            continue   # built by an earlier run: left as it is
        rnd = services.open_round(system, county, YEAR)
        fill_round(rnd, leave_drafting=1 if code == LATE else 0)
        if code == LATE:
            continue
        upward.report_upward(system, rnd)
        if code == ACCEPTED:
            upward.accept_upward(system, rnd)
        elif code == RETURNED:
            upward.return_upward(system, rnd, RETURN_REASON)
    add_collected_counts(city)
    county = Region.objects.get(code=RETURNED)
    _set_login(report, "county_stats", f"{county.name}统计局监测组", Role.STATISTICS, county)
    states = {r.region.name: r.get_upward_display() for r in
              Round.objects.filter(region__parent=city, year=YEAR).select_related("region").order_by("region__code")}
    report.notes.append(f"{city.name}{YEAR}年下级报送（截止日期已过）：" + "，".join(f"{k}{v}" for k, v in states.items())
                        + f"；{Region.objects.get(code=LATE).name}仍有单位在填报。")


# -- counts for the roll-up (下级汇总) ------------------------------------------------------------

# The counts two of the city's rates are computed from (the catalogue's numerator and denominator),
# collected in the city and each county so that the counties page and the indicator page show a rate
# rolled up as Σ deaths / Σ live births — beside the city's own (sample) rate, which differs.
COUNTED_RATES = {"婴儿死亡率": ("婴儿死亡数", "活产数"), "孕产妇死亡率": ("孕产妇死亡人数", "活产数")}
COUNT_YEARS = range(2020, 2025)


def add_collected_counts(city: Region) -> int:
    """Approved sample counts (live births, deaths) for the city and its counties, consistent with each
    county's sample rate; the city's counts are its counties' sums. Idempotent: skipped once loaded."""
    from lianggang.monitoring import bulk
    from lianggang.monitoring.models import ValueState
    from lianggang.plans.models import Indicator, Rollup

    names = sorted({n for pair in COUNTED_RATES.values() for n in pair})
    counts = {}
    for name in names:
        counts[name], _ = Indicator.objects.get_or_create(name=name, owner=city,
                                                          defaults={"unit": "人", "rollup": Rollup.SUM})
    if Value.objects.filter(indicator__in=counts.values(), region=city).exists():
        return 0
    rates = {ind.standard.name: ind for ind in Indicator.objects.filter(standard__name__in=COUNTED_RATES)
             .select_related("standard")}
    children = list(city.children.order_by("code"))
    rng = random.Random(f"counts|{city.code}")
    batch, totals = bulk.Batch(), {}
    for county in children:
        for year in COUNT_YEARS:
            births = rng.randint(3000, 7500)
            row = {"活产数": births}
            for rate_name, (numerator, _denominator) in COUNTED_RATES.items():
                ind = rates.get(rate_name)
                rate = (Value.objects.filter(indicator=ind, region=county, year=year, sex=cells.TOTAL,
                                             area=cells.TOTAL, age_group="").values_list("value", flat=True).first()
                        if ind else None)
                if rate is not None:
                    row[numerator] = round(Decimal(rate) * births / (ind.standard.scale or 1))
            for name, n in row.items():
                batch.add(len(batch) + 1, counts[name].pk, county.pk, year, cells.TOTAL, cells.TOTAL, "",
                          Decimal(n), "人", SAMPLE_NOTE)
                totals[(name, year)] = totals.get((name, year), 0) + n
    for (name, year), n in totals.items():
        batch.add(len(batch) + 1, counts[name].pk, city.pk, year, cells.TOTAL, cells.TOTAL, "", Decimal(n), "人",
                  SAMPLE_NOTE)
    if batch:
        bulk.write(batch, user=sample_user(), state=ValueState.APPROVED, reason=SAMPLE_NOTE, source=SAMPLE_NOTE,
                   is_sample=True, sheet="下级汇总示例计数")
    return len(batch)
