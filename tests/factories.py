"""Personas and a small world for monitoring tests: a region tree, a plan, a round, users of each role.

Build with `make_world()` (or the `world` fixture in tests/monitoring/conftest.py)
and read its attributes: world.province, world.city, world.county_a, world.county_b,
world.plan, world.indicators[...] by short key, world.round (county_a, 2023),
and users world.admin, world.committee, world.statistics, world.filler_health,
world.filler_edu, world.reader_city, world.filler_b (county_b health), world.stats_city.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from lianggang.accounts.models import Profile, Role
from lianggang.monitoring import entry, services
from lianggang.monitoring.models import Obligation, Round, Value, ValueState
from lianggang.plans.models import Domain, Goal, Indicator, Plan, Subject, Target
from lianggang.regions.models import Department, Region, RegionLevel


def make_region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})
    return region


def make_department(region: Region, short_name: str, name: str | None = None) -> Department:
    dept, _ = Department.objects.get_or_create(region=region, short_name=short_name,
                                               defaults={"name": name or f"{short_name}局"})
    return dept


def make_user(username: str, role: str, region: Region | None = None, department: Department | None = None):
    user = get_user_model().objects.create_user(username=username, password="x")
    Profile.objects.create(user=user, role=role, region=region, department=department)
    return user


def make_plan(region: Region, title: str = "测试市儿童发展规划（2021—2030年）") -> Plan:
    return Plan.objects.create(title=title, subject=Subject.CHILDREN, region=region, region_name=region.name,
                               start_year=2021, end_year=2030, source=f"test-{region.code}-{title}")


WATCH_DOMAIN = "监测"


def make_indicator(plan: Plan, name: str, unit: str = "%", **kwargs: Any) -> Indicator:
    """A monitoring indicator of `plan`'s region that the plan watches: a plan's indicators are
    those its targets name, so it gets a direction target in the plan's domain of monitored
    indicators (a test that judges targets adds its own)."""
    indicator = Indicator.objects.create(name=name, unit=unit, owner=plan.region, **kwargs)
    domain, _ = Domain.objects.get_or_create(plan=plan, code=WATCH_DOMAIN, defaults={"name": "监测指标", "position": 99})
    goal, _ = Goal.objects.get_or_create(domain=domain, code=WATCH_DOMAIN, defaults={"text": "监测指标", "position": 0})
    direction = {"lower": "decrease", "higher": "increase"}.get(indicator.better, "maintain")
    Target.objects.create(goal=goal, indicator=indicator, position=goal.targets.count(), kind="direction",
                          direction=direction)
    return indicator


def make_obligation(indicator: Indicator, department: Department, year: int = 2021) -> Obligation:
    """`department` owes `indicator` in its region's round of `year` (the round is made if missing)."""
    rnd, _ = Round.objects.get_or_create(region=department.region, year=year)
    obligation, _ = Obligation.objects.update_or_create(round=rnd, indicator=indicator,
                                                        defaults={"department": department})
    return obligation


@dataclass
class World:
    province: Region
    city: Region
    county_a: Region
    county_b: Region
    plan: Plan
    indicators: dict[str, Indicator]
    round: Any
    users: dict[str, Any] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)

    def __getattr__(self, name: str):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def make_world(year: int = 2023, deadline: dt.date | None = None) -> World:
    """A province, a city, two counties; a county plan with indicators of two departments and one unassigned."""
    from lianggang.monitoring.models import Round

    province = make_region("150000", "测试省", RegionLevel.PROVINCE)
    city = make_region("150200", "测试市", RegionLevel.CITY, province)
    county_a = make_region("150203", "甲区", RegionLevel.COUNTY, city)
    county_b = make_region("150204", "乙区", RegionLevel.COUNTY, city)
    health = make_department(county_a, "卫健", "卫生健康委员会")
    edu = make_department(county_a, "教育", "教育局")
    health_b = make_department(county_b, "卫健", "卫生健康委员会")
    plan = make_plan(county_a, "甲区儿童发展规划（2021—2030年）")
    indicators = {
        "imr": make_indicator(plan, "婴儿死亡率", "‰", better="lower"),
        "mmr": make_indicator(plan, "孕产妇死亡率", "1/10万", better="lower"),
        "births": make_indicator(plan, "出生人口数", "人", by_sex=True),
        "enrol": make_indicator(plan, "学前教育毛入园率", "%", by_area=True),
        "schools": make_indicator(plan, "幼儿园数", "所"),
        "orphan": make_indicator(plan, "孤儿集中养育率", "%"),
    }
    reports = {"imr": health, "mmr": health, "births": health, "enrol": edu, "schools": edu}
    rnd = Round.objects.create(region=county_a, year=year, deadline=deadline)
    # Obligations as open_round would make them (open_round itself is tested separately).
    for key, department in reports.items():
        Obligation.objects.create(round=rnd, department=department, indicator=indicators[key])
    users = {
        "admin": make_user("admin", Role.ADMIN),
        "committee": make_user("gongwei", Role.COMMITTEE, county_a),
        "statistics": make_user("tongji", Role.STATISTICS, county_a),
        "filler_health": make_user("weijian", Role.FILLER, county_a, health),
        "filler_edu": make_user("jiaoyu", Role.FILLER, county_a, edu),
        "filler_b": make_user("yiqu_weijian", Role.FILLER, county_b, health_b),
        "reader_city": make_user("shiji", Role.READER, city),
        "stats_city": make_user("shi_tongji", Role.STATISTICS, city),
    }
    return World(province, city, county_a, county_b, plan, indicators, rnd, users,
                 {"health": health, "edu": edu, "health_b": health_b})


# -- acting in the world -----------------------------------------------------------------------

def health_sub(world):
    return entry.submission_for(world.round, world.departments["health"])


def fill_health(world, user=None):
    user = user or world.filler_health
    ind = world.indicators
    entry.enter_value(user, world.round, ind["imr"], "5.2")
    entry.enter_value(user, world.round, ind["mmr"], "12.5")
    for sex, n in (("total", "1000"), ("female", "480"), ("male", "520")):
        entry.enter_value(user, world.round, ind["births"], n, sex=sex)


# -- the populated world: plans above, beside and outside, values in every state ------------------
#
# Plans: 甲区 (county_a, unpublished, with targets), 乙区 (county_b, published), 测试市 (city,
# unpublished) and 外省 (another province, unpublished). Values in every state: 甲区 health
# approved (2021—2023), 甲区 education draft, 乙区 approved (public) and draft, and an approved
# 甲区-plan value reported for 乙区. Personas: the world's users, `outsider` (another province's
# committee), `root` (a superuser without a profile) and `anonymous`.

PERSONAS = ["admin", "root", "committee", "statistics", "filler_health", "filler_edu", "filler_b", "reader_city",
            "stats_city", "outsider", "anonymous"]

# Numbers no other value or id uses, so a response's text can be searched for a leak.
EDU_DRAFT = "61.37"
B_DRAFT = "7.77"
B_PUBLIC = "4.44"


def add_targets(plan, indicators: dict) -> None:
    """One domain, one goal, one target per indicator given (key → (op, value))."""
    domain = Domain.objects.create(plan=plan, code="一", name="儿童与健康", position=0)
    goal = Goal.objects.create(domain=domain, code="1", text="降低婴幼儿死亡率。", position=0)
    for position, (indicator, (op, value)) in enumerate(indicators.items()):
        Target.objects.create(goal=goal, indicator=indicator, position=position, kind="threshold", op=op,
                              value=Decimal(value), unit=indicator.unit or None)
    drop_watch_targets(plan)


def drop_watch_targets(plan: Plan) -> None:
    """Remove make_indicator's direction targets where the plan now has a real target on the
    indicator, so a test counting targets or statuses counts only its own."""
    watch = Target.objects.filter(goal__domain__plan=plan, goal__domain__code=WATCH_DOMAIN)
    real = Target.objects.filter(goal__domain__plan=plan).exclude(goal__domain__code=WATCH_DOMAIN)
    watch.filter(indicator__in=real.values("indicator")).delete()
    Goal.objects.filter(domain__plan=plan, domain__code=WATCH_DOMAIN, targets__isnull=True).delete()
    Domain.objects.filter(plan=plan, code=WATCH_DOMAIN, items__isnull=True).delete()


def approved(indicator, region, year: int, number: str) -> Value:
    return Value.objects.create(indicator=indicator, region=region, year=year, value=Decimal(number),
                                unit=indicator.unit, state=ValueState.APPROVED)


def approve_health_2023(world) -> None:
    ind = world.indicators
    entry.enter_value(world.filler_health, world.round, ind["imr"], "5.2")
    entry.enter_value(world.filler_health, world.round, ind["mmr"], "12.5")
    for sex, n in (("total", "1000"), ("female", "480"), ("male", "520")):
        entry.enter_value(world.filler_health, world.round, ind["births"], n, sex=sex)
    sub = entry.submission_for(world.round, world.departments["health"])
    services.submit(world.filler_health, sub)
    services.approve(world.statistics, sub)


def add_county_b_plan(world):
    """乙区's own published plan: one approved (public) value, one draft."""
    plan = make_plan(world.county_b, "乙区儿童发展规划（2021—2030年）")
    plan.published = True
    plan.save()
    imr_b = make_indicator(plan, "婴儿死亡率", "‰", better="lower")
    add_targets(plan, {imr_b: ("<=", "5")})
    approved(imr_b, world.county_b, 2022, B_PUBLIC)
    rnd = Round.objects.create(region=world.county_b, year=2023)
    Obligation.objects.create(round=rnd, department=world.departments["health_b"], indicator=imr_b)
    entry.enter_value(world.filler_b, rnd, imr_b, B_DRAFT)
    return plan, rnd


def make_populated_world() -> World:
    """make_world grown into something worth an API and a permission matrix: see PERSONAS."""
    world = make_world()
    ind = world.indicators
    add_targets(world.plan, {ind["imr"]: ("<=", "5"), ind["mmr"]: ("<=", "12"), ind["enrol"]: (">=", "90")})
    approve_health_2023(world)
    approved(ind["imr"], world.county_a, 2021, "6.0")
    approved(ind["imr"], world.county_a, 2022, "5.6")
    approved(ind["imr"], world.county_b, 2023, "5.9")    # the 甲区 plan's indicator, reported for 乙区
    entry.enter_value(world.filler_edu, world.round, ind["enrol"], EDU_DRAFT)
    world.plan_b, world.round_b = add_county_b_plan(world)
    world.plan_city = make_plan(world.city, "测试市儿童发展规划（2021—2030年）")
    make_indicator(world.plan_city, "婴儿死亡率", "‰", better="lower")
    make_department(world.city, "卫健")
    other_province = make_region("650000", "外省", RegionLevel.PROVINCE)
    world.plan_other = make_plan(other_province, "外省儿童发展规划（2021—2030年）")
    world.users["outsider"] = make_user("waisheng", Role.COMMITTEE, other_province)
    world.users["root"] = get_user_model().objects.create_superuser("root", password="x")
    world.users["anonymous"] = AnonymousUser()
    return world


# -- the committee's records (issue 17): for the permission parity test and the committee's tests ----

def add_committee_records(world) -> None:
    """Records in every state around 甲区: 卫健's draft report, 教育's accepted one, 乙区's committee
    report submitted to the city, a meeting, funds, a minimum and a visit by the city to 甲区."""
    import datetime as dt

    from lianggang.committee.models import (Correction, FundMinimum, FundRecord, ImplementationReport, Meeting,
                                            SupervisionVisit)
    ImplementationReport.objects.create(region=world.county_a, year=2023, department=world.departments["health"])
    ImplementationReport.objects.create(region=world.county_a, year=2023, department=world.departments["edu"],
                                        state="accepted", summary="教育")
    ImplementationReport.objects.create(region=world.county_b, year=2023, state="submitted", summary="乙区")
    Meeting.objects.create(region=world.county_a, kind="plenary", date=dt.date(2023, 3, 1), title="全体会议",
                           attendees="成员单位")
    FundRecord.objects.create(region=world.county_a, year=2023, budgeted=Decimal(4))
    FundMinimum.objects.create(plan=world.plan, level="county", amount=Decimal(5))
    visit = SupervisionVisit.objects.create(region=world.city, visited=world.county_a, date=dt.date(2023, 5, 1),
                                            inspectors="督导组", findings="台账不全")
    Correction.objects.create(visit=visit, text="补齐台账")
