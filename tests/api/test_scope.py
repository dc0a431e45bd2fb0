"""The API's querysets against the one permission function, for every persona and every object."""
from __future__ import annotations

import pytest

from lianggang.accounts.permissions import can
from lianggang.accounts import scope
from lianggang.monitoring.models import Value
from lianggang.plans.models import Plan
from lianggang.regions.models import Region
from tests.api.conftest import PERSONAS


@pytest.mark.parametrize("persona", PERSONAS)
def test_plans_for_lists_exactly_the_plans_can_allows(world, persona):
    user = getattr(world, persona)
    allowed = {p.pk for p in Plan.objects.all() if can(user, "plan.view", p)}
    assert set(scope.plans_for(user).values_list("pk", flat=True)) == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_values_for_lists_exactly_the_values_the_rule_allows(world, persona):
    user = getattr(world, persona)
    listed = set(scope.values_for(user).values_list("pk", flat=True))
    for value in Value.objects.select_related("indicator__plan", "submission"):
        assert (value.pk in listed) is scope.may_view_value(user, value), (persona, value)


@pytest.mark.parametrize("persona", PERSONAS)
def test_values_for_one_region_is_the_same_rule_narrowed_to_it(world, persona):
    # The pages ask for one region's values; that shortcut must not widen or narrow the rule.
    user = getattr(world, persona)
    everything = set(scope.values_for(user).values_list("pk", "region_id"))
    for region in Region.objects.all():
        narrowed = set(scope.values_for(user, region).values_list("pk", flat=True))
        assert narrowed == {pk for pk, region_id in everything if region_id == region.pk}, (persona, region)


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_values_for_adds_to_value_view_is_only_public_values(world, persona):
    user = getattr(world, persona)
    for value in scope.values_for(user).select_related("indicator__plan", "submission"):
        assert can(user, "value.view", value) or scope.is_public_value(value), (persona, value)


def test_the_world_has_values_in_every_state_and_some_public(world):
    # Guards the two tests above against passing on an empty or one-sided world.
    states = set(Value.objects.values_list("state", flat=True))
    assert states == {"approved", "draft"}
    public = [v for v in Value.objects.select_related("indicator__plan") if scope.is_public_value(v)]
    assert len(public) == 1


def test_a_county_sees_the_plans_above_it_a_filler_only_its_own_region(world):
    def regions(persona):
        return {p.region.code for p in scope.plans_for(getattr(world, persona))}
    assert regions("committee") == {"150203", "150204", "150200"}        # own, published 乙区, city above
    assert regions("filler_health") == {"150203", "150204"}
    assert regions("reader_city") == {"150203", "150204", "150200"}
    assert regions("outsider") == {"150204", "650000"}
    assert regions("anonymous") == {"150204"}
