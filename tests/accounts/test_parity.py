"""One rule, two forms: `can` (one object) and `allowed_rows` (a queryset) agree for every persona,
every action and every model that has a scope — on the API's test world, which holds values in
every state, a published plan, plans above, beside and outside the personas' regions."""
from __future__ import annotations

import pytest

from lianggang.accounts.permissions import RULES, Action, allowed_rows, can, regions_where
from lianggang.monitoring.models import Obligation, Round, Submission, Value
from lianggang.plans.models import Plan
from lianggang.regions.models import Region
from lianggang.committee.models import FundMinimum, FundRecord, ImplementationReport, Meeting, SupervisionVisit
from tests.factories import PERSONAS, add_committee_records, make_populated_world

@pytest.fixture
def world(db):
    world = make_populated_world()
    add_committee_records(world)
    return world


SCOPED = [
    (Value, ("indicator", "submission", "region")),
    (Submission, ("round__region", "department")),
    (Obligation, ("round__region", "department")),
    (Round, ("region",)),
    (Plan, ("region",)),
    (Region, ()),
    (ImplementationReport, ("region", "department")),
    (Meeting, ("region",)),
    (FundRecord, ("region",)),
    (FundMinimum, ("plan",)),
    (SupervisionVisit, ("region",)),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("model, related", SCOPED, ids=[m.__name__ for m, _ in SCOPED])
def test_the_queryset_holds_exactly_the_objects_can_allows(world, persona, model, related):
    user = getattr(world, persona)
    objects = list(model.objects.select_related(*related)) if related else list(model.objects.all())
    assert objects, f"the world has no {model.__name__}"
    for action in Action:
        listed = set(allowed_rows(user, action, model.objects.all()).values_list("pk", flat=True))
        allowed = {o.pk for o in objects if can(user, action, o)}
        assert listed == allowed, (persona, model.__name__, action.value)


@pytest.mark.parametrize("persona", PERSONAS)
def test_one_regions_rows_are_the_same_rule_narrowed_to_it(world, persona):
    # The pages ask for one region's values; that shortcut must not widen or narrow the rule.
    user = getattr(world, persona)
    for action in (Action.VIEW_VALUE, Action.EDIT_VALUE):
        everything = set(allowed_rows(user, action, Value.objects.all()).values_list("pk", "region_id"))
        for region in Region.objects.all():
            narrowed = set(allowed_rows(user, action, Value.objects.all(), region).values_list("pk", flat=True))
            assert narrowed == {pk for pk, region_id in everything if region_id == region.pk}, (persona, region)


@pytest.mark.parametrize("persona", PERSONAS)
def test_regions_where_lists_the_regions_can_allows(world, persona):
    user = getattr(world, persona)
    for action in Action:
        where = regions_where(user, action)
        allowed = {r.pk for r in Region.objects.all() if can(user, action, r)}
        assert (set(Region.objects.values_list("pk", flat=True)) if where is None else where) == allowed


def test_every_action_has_a_rule():
    assert set(RULES) == set(Action)


def test_the_world_has_values_in_every_state_and_some_public(world):
    # Guards the tests above against passing on an empty or one-sided world.
    from django.contrib.auth.models import AnonymousUser
    assert set(Value.objects.values_list("state", flat=True)) == {"approved", "draft"}
    public = [v for v in Value.objects.all() if can(AnonymousUser(), Action.VIEW_VALUE, v)]
    assert len(public) == 1


def test_a_county_sees_the_plans_above_it_a_filler_only_its_own_region(world):
    def regions(persona):
        return {p.region.code for p in allowed_rows(getattr(world, persona), Action.VIEW_PLAN, Plan.objects.all())}
    assert regions("committee") == {"150203", "150204", "150200"}        # own, published 乙区, city above
    assert regions("filler_health") == {"150203", "150204"}
    assert regions("reader_city") == {"150203", "150204", "150200"}
    assert regions("outsider") == {"150204", "650000"}
    assert regions("anonymous") == {"150204"}


def test_a_county_reads_its_citys_plan_but_not_the_citys_results_until_published(world):
    # The city's values are not the county's to see; the assessment built on them is not either.
    county = world.committee
    assert can(county, Action.VIEW_PLAN, world.plan_city)
    assert not can(county, Action.VIEW_RESULTS, world.plan_city)
    assert can(county, Action.VIEW_RESULTS, world.county_a)    # its own region under the city's plan
    world.plan_city.published = True
    world.plan_city.save()
    assert can(county, Action.VIEW_RESULTS, world.plan_city)
