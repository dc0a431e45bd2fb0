"""Who may do what: the one permission function and its queryset form."""
from __future__ import annotations

import pytest

from lianggang.accounts.permissions import Action, allowed_rows, can
from lianggang.monitoring import entry
from lianggang.monitoring import services as s
from lianggang.monitoring.models import Obligation, Round, Value
from tests.factories import make_world
from tests.factories import fill_health, health_sub


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def county_b_draft(world):
    """A draft value of the sibling county 乙区."""
    rnd = Round.objects.create(region=world.county_b, year=2023)
    Obligation.objects.create(round=rnd, department=world.departments["health_b"], indicator=world.indicators["imr"])
    return entry.enter_value(world.filler_b, rnd, world.indicators["imr"], "6.1")


def visible(user):
    return set(allowed_rows(user, Action.VIEW_VALUE, Value.objects.all()).values_list("pk", flat=True))


@pytest.mark.parametrize("who, action, allowed", [
    ("admin", "round.open", True),
    ("committee", "round.open", True),
    ("statistics", "round.open", True),
    ("filler_health", "round.open", False),
    ("reader_city", "round.open", False),
    ("filler_health", "submission.submit", True),
    ("filler_edu", "submission.submit", False),
    ("filler_b", "submission.submit", False),
    ("statistics", "submission.submit", False),
    ("statistics", "submission.review", True),
    ("committee", "submission.review", False),
    ("stats_city", "submission.review", False),
    ("filler_health", "submission.review", False),
])
def test_who_may_act_on_county_a(world, who, action, allowed):
    obj = world.county_a if action == "round.open" else health_sub(world)
    assert can(getattr(world, who), action, obj) is allowed


def test_anonymous_may_do_nothing(world):
    from django.contrib.auth.models import AnonymousUser
    assert not can(AnonymousUser(), "value.view", world.county_a)


def test_a_filler_sees_only_its_own_departments_drafts(world):
    fill_health(world)
    mine = visible(world.filler_health)
    assert len(mine) == 5
    assert visible(world.filler_edu) == set()


def test_a_lower_level_never_sees_a_siblings_unapproved_data(world, county_b_draft):
    fill_health(world)
    assert county_b_draft.pk not in visible(world.filler_health)
    assert county_b_draft.pk not in visible(world.committee)
    assert not can(world.filler_health, "value.view", county_b_draft)


def test_the_city_sees_a_countys_values_only_once_approved(world, county_b_draft):
    fill_health(world)
    assert visible(world.reader_city) == set() and visible(world.stats_city) == set()
    s.submit(world.filler_health, health_sub(world))
    s.approve(world.statistics, health_sub(world))
    approved = set(Value.objects.filter(region=world.county_a).values_list("pk", flat=True))
    assert visible(world.reader_city) == approved
    assert visible(world.stats_city) == approved
    assert county_b_draft.pk not in visible(world.reader_city)


def test_the_county_statistics_bureau_sees_its_own_drafts(world):
    fill_health(world)
    assert len(visible(world.statistics)) == 5


def test_filler_cannot_read_history_of_another_departments_value(world):
    fill_health(world)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        s.value_history(world.filler_edu, Value.objects.first())
