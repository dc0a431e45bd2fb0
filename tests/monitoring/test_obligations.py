"""Who owes what in a round: the office corrects the plan's default, by service, command and page."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lianggang.monitoring import services as s
from lianggang.monitoring.errors import InvalidValue, WrongState
from lianggang.monitoring.models import Obligation, Round
from tests.commands import run
from tests.factories import fill_health, make_indicator, make_plan

pytestmark = pytest.mark.django_db


def owed(world, name):
    ob = world.round.obligations.filter(indicator=world.indicators[name]).first()
    return ob.department.short_name if ob else None


# -- what a round collects --------------------------------------------------------------------

def test_a_countys_round_collects_its_own_plan_and_the_plans_above_it_but_not_below(world):
    city_plan = make_plan(world.city, "测试市妇女发展规划（2021—2030年）")
    literacy = make_indicator(city_plan, "妇女识字率", "%")
    county = s.open_round(world.committee, world.county_a, 2024)
    collected = set(s.round_indicators(county))
    assert literacy in collected and world.indicators["imr"] in collected
    city = s.open_round(world.stats_city, world.city, 2024)
    assert set(s.round_indicators(city)) == {literacy}        # the county's plan is not the city's


def test_a_region_without_a_plan_in_force_has_no_round(world):
    with pytest.raises(InvalidValue) as refused:
        s.open_round(world.stats_city, world.city, 2024)
    assert refused.value.field == "year"
    assert not Round.objects.filter(region=world.city).exists()


# -- the service ---------------------------------------------------------------------------

def test_the_office_moves_an_indicator_to_another_department(world):
    s.assign_indicator(world.committee, world.round, world.indicators["imr"], world.departments["edu"])
    assert owed(world, "imr") == "教育"
    assert world.round.submissions.filter(department=world.departments["edu"]).exists()


@pytest.mark.parametrize("department, words", [
    ("health_b", "不是甲区的成员单位"),      # a sibling county's department
])
def test_only_the_rounds_own_departments_may_owe(world, department, words):
    with pytest.raises(InvalidValue) as refused:
        s.assign_indicator(world.committee, world.round, world.indicators["imr"], world.departments[department])
    assert words in refused.value.message and owed(world, "imr") == "卫健"


def test_an_indicator_with_values_keeps_its_department(world):
    fill_health(world)
    with pytest.raises(WrongState):
        s.assign_indicator(world.committee, world.round, world.indicators["imr"], world.departments["edu"])
    with pytest.raises(WrongState):
        s.unassign_indicator(world.committee, world.round, world.indicators["imr"])
    assert owed(world, "imr") == "卫健"


@pytest.mark.parametrize("persona", ["filler_health", "reader_city", "stats_city", "filler_b"])
def test_only_the_rounds_office_or_bureau_assigns(world, persona):
    with pytest.raises(PermissionDenied):
        s.assign_indicator(getattr(world, persona), world.round, world.indicators["orphan"], world.departments["edu"])


def test_a_whole_assignment_is_saved_all_or_nothing(world):
    fill_health(world)   # imr has values now: moving it is refused, so nothing of the form is saved
    edu = world.departments["edu"].pk
    with pytest.raises(WrongState):
        s.set_obligations(world.committee, world.round, {world.indicators["orphan"].pk: edu,
                                                        world.indicators["imr"].pk: edu})
    assert owed(world, "orphan") is None and owed(world, "imr") == "卫健"
    assert s.set_obligations(world.committee, world.round, {world.indicators["orphan"].pk: edu,
                                                           world.indicators["imr"].pk: world.departments["health"].pk}) == 1
    assert owed(world, "orphan") == "教育"


# -- the command ---------------------------------------------------------------------------

def test_the_command_assigns_and_refuses_with_exit_2(world):
    code, out, err = run("assign_indicator", "--round", str(world.round.pk), "--indicator", "孤儿集中养育率",
                         "--department", "教育", "--user", "gongwei")
    assert code == 0, err
    assert owed(world, "orphan") == "教育"
    code, out, err = run("assign_indicator", "--round", str(world.round.pk), "--indicator", "孤儿集中养育率",
                         "--nobody", "--user", "weijian")
    assert code == 2 and "无权" in err and owed(world, "orphan") == "教育"
    code, out, err = run("assign_indicator", "--round", str(world.round.pk), "--indicator", "没有的指标",
                         "--department", "教育", "--user", "gongwei")
    assert code == 2 and "没有指标" in err


# -- the page ------------------------------------------------------------------------------

def test_the_office_assigns_on_the_page(client, world):
    url = reverse("web:round-obligations", args=[world.round.pk])
    client.force_login(world.committee)
    assert url in client.get(reverse("web:work-home")).content.decode()
    html = client.get(url).content.decode()
    assert "孤儿集中养育率" in html and "尚无填报单位" in html
    response = client.post(url, {f"department-{world.indicators['orphan'].pk}": world.departments["edu"].pk})
    assert response.status_code == 302 and owed(world, "orphan") == "教育"


@pytest.mark.parametrize("persona", ["filler_health", "reader_city", "filler_b"])
def test_others_may_neither_see_nor_change_the_assignment(client, world, persona):
    client.force_login(getattr(world, persona))
    url = reverse("web:round-obligations", args=[world.round.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {f"department-{world.indicators['orphan'].pk}": world.departments["edu"].pk}).status_code == 403
    assert not Obligation.objects.filter(round=world.round, indicator=world.indicators["orphan"]).exists()
