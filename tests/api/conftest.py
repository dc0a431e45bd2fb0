"""The test world of tests/factories.make_world, grown into something worth an API.

Plans: 甲区 (county_a, unpublished, with targets), 乙区 (county_b, published), 测试市 (city,
unpublished) and 外省 (another province, unpublished). Values in every state: 甲区 health
approved (2021—2023), 甲区 education draft, 乙区 approved (public) and draft, and an approved
甲区-plan value reported for 乙区. Personas: the world's users, `outsider` (another province's
committee), `root` (a superuser without a profile) and `anonymous`.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from lianggang.accounts.models import Role
from lianggang.monitoring import services as s
from lianggang.monitoring.models import Obligation, Round, Value, ValueState
from lianggang.plans.models import Domain, Goal, Target
from lianggang.regions.models import RegionLevel
from tests.factories import make_department, make_indicator, make_plan, make_region, make_user, make_world

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


def approved(indicator, region, year: int, number: str) -> Value:
    return Value.objects.create(indicator=indicator, region=region, year=year, value=Decimal(number),
                                unit=indicator.unit, state=ValueState.APPROVED)


def approve_health_2023(world) -> None:
    ind = world.indicators
    s.enter_value(world.filler_health, world.round, ind["imr"], "5.2")
    s.enter_value(world.filler_health, world.round, ind["mmr"], "12.5")
    for sex, n in (("total", "1000"), ("female", "480"), ("male", "520")):
        s.enter_value(world.filler_health, world.round, ind["births"], n, sex=sex)
    sub = s.submission_for(world.round, world.departments["health"])
    s.submit(world.filler_health, sub)
    s.approve(world.statistics, sub)


def add_county_b_plan(world):
    """乙区's own published plan: one approved (public) value, one draft."""
    plan = make_plan(world.county_b, "乙区儿童发展规划（2021—2030年）")
    plan.published = True
    plan.save()
    imr_b = make_indicator(plan, "婴儿死亡率", "‰", world.departments["health_b"], better="lower")
    add_targets(plan, {imr_b: ("<=", "5")})
    approved(imr_b, world.county_b, 2022, B_PUBLIC)
    rnd = Round.objects.create(plan=plan, region=world.county_b, year=2023)
    Obligation.objects.create(round=rnd, department=world.departments["health_b"], indicator=imr_b)
    s.enter_value(world.filler_b, rnd, imr_b, B_DRAFT)
    return plan, rnd


def build_world():
    world = make_world()
    ind = world.indicators
    add_targets(world.plan, {ind["imr"]: ("<=", "5"), ind["mmr"]: ("<=", "12"), ind["enrol"]: (">=", "90")})
    approve_health_2023(world)
    approved(ind["imr"], world.county_a, 2021, "6.0")
    approved(ind["imr"], world.county_a, 2022, "5.6")
    approved(ind["imr"], world.county_b, 2023, "5.9")    # the 甲区 plan's indicator, reported for 乙区
    s.enter_value(world.filler_edu, world.round, ind["enrol"], EDU_DRAFT)
    world.plan_b, world.round_b = add_county_b_plan(world)
    world.plan_city = make_plan(world.city, "测试市儿童发展规划（2021—2030年）")
    make_indicator(world.plan_city, "婴儿死亡率", "‰", make_department(world.city, "卫健"), better="lower")
    other_province = make_region("650000", "外省", RegionLevel.PROVINCE)
    world.plan_other = make_plan(other_province, "外省儿童发展规划（2021—2030年）")
    world.users["outsider"] = make_user("waisheng", Role.COMMITTEE, other_province)
    world.users["root"] = get_user_model().objects.create_superuser("root", password="x")
    world.users["anonymous"] = AnonymousUser()
    return world


@pytest.fixture
def world(db):
    return build_world()


def client_for(world, persona: str) -> APIClient:
    client = APIClient()
    if persona != "anonymous":
        client.force_authenticate(getattr(world, persona))
    return client


@pytest.fixture
def as_persona(world):
    """as_persona("filler_b") → an APIClient signed in as that persona (none for "anonymous")."""
    return lambda persona: client_for(world, persona)
