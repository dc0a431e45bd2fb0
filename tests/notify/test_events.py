"""Messages at the act: each service that performs an act tells the people who must act next."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lianggang.monitoring import services, upward
from lianggang.monitoring.models import Value, ValueState
from lianggang.notify.models import Kind, Notification
from lianggang.notify.remind import warnings
from lianggang.plans.models import Goal, Target
from tests.factories import approve_health_2023, fill_health, health_sub


def titles(user, kind) -> list[str]:
    return list(Notification.objects.filter(user=user, kind=kind).values_list("title", flat=True))


def test_a_submission_tells_the_bureau_it_waits_for_review(world):
    fill_health(world)
    services.submit(world.filler_health, health_sub(world))
    assert titles(world.statistics, Kind.REVIEW_WAITING) == ["卫生健康委员会已报送，等待审核"]
    assert Notification.objects.get(user=world.statistics).link == f"/work/submissions/{health_sub(world).pk}/review/"
    assert titles(world.stats_city, Kind.REVIEW_WAITING) == []      # another region's bureau


def test_a_return_tells_the_department_with_the_comment(world):
    fill_health(world)
    sub = health_sub(world)
    services.submit(world.filler_health, sub)
    services.return_for_revision(world.statistics, sub, "请核实婴儿死亡率")
    n = Notification.objects.get(user=world.filler_health, kind=Kind.VALUE_RETURNED)
    assert "退回" in n.title and "请核实婴儿死亡率" in n.body
    assert not Notification.objects.filter(user=world.filler_edu).exists()
    services.submit(world.filler_health, sub)                      # returned again later: a second message
    services.return_for_revision(world.statistics, sub, "仍需核实")
    assert Notification.objects.filter(user=world.filler_health, kind=Kind.VALUE_RETURNED).count() == 2


def test_opening_a_round_tells_each_department_that_owes(world):
    rnd = services.open_round(world.committee, world.county_a, 2024, timezone.localdate() + dt.timedelta(days=30))
    assert [n.kind for n in Notification.objects.filter(user=world.filler_health)] == [Kind.ROUND_OPENED]
    assert str(rnd.year) in Notification.objects.get(user=world.filler_health).title


def test_a_year_returned_by_the_city_tells_the_county_office(world):
    approve_health_2023(world)

    from lianggang.monitoring.entry import enter_value, submission_for
    enter_value(world.filler_edu, world.round, world.indicators["enrol"], "91")
    enter_value(world.filler_edu, world.round, world.indicators["schools"], "12")
    sub = submission_for(world.round, world.departments["edu"])
    services.submit(world.filler_edu, sub)
    services.approve(world.statistics, sub)
    upward.report_upward(world.committee, world.round)
    upward.return_upward(world.stats_city, world.round, "幼儿园数与教育年报不一致")
    n = Notification.objects.get(user=world.committee, kind=Kind.REPORT_RETURNED)
    assert "退回" in n.title and "幼儿园数与教育年报不一致" in n.body


def test_a_new_warning_reaches_the_department_responsible_once(world):
    imr = world.indicators["imr"]
    goal = Goal.objects.create(domain=world.plan.domains.first(), kind="goal", code="W1", text="婴儿死亡率≤5‰", position=5)
    Target.objects.create(goal=goal, indicator=imr, position=0, kind="threshold", op="<=", value=Decimal(5), unit="‰")
    for year, v in ((2019, "5.0"), (2020, "5.4"), (2021, "5.8"), (2022, "6.3")):   # moving away from ≤5
        Value.objects.create(indicator=imr, region=world.county_a, year=year, value=Decimal(v), unit="‰",
                             state=ValueState.APPROVED)
    assert warnings() >= 1
    got = titles(world.filler_health, Kind.NEW_WARNING)
    assert got and all("婴儿死亡率" in t for t in got)
    assert titles(world.filler_edu, Kind.NEW_WARNING) == []
    assert warnings() == 0
