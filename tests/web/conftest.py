"""A small world with targets and approved history, for the pages and the browser tests."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Domain, Goal, Target
from tests.factories import drop_watch_targets, make_world

HISTORY = {  # approved values of county_a before the 2023 round
    "imr": {2020: 6.0, 2021: 5.7, 2022: 5.4},
    "mmr": {2020: 14.0, 2021: 13.0, 2022: 12.5},
    "enrol": {2020: 86.0, 2021: 88.0, 2022: 89.0},
}
TARGETS = {"imr": ("<=", 5), "mmr": ("<=", 12), "enrol": (">=", 90)}


def add_targets(world) -> None:
    health = Domain.objects.create(plan=world.plan, code="1", name="儿童与健康", position=0)
    education = Domain.objects.create(plan=world.plan, code="2", name="儿童与教育", position=1)
    for i, (key, (op, value)) in enumerate(TARGETS.items()):
        domain = education if key == "enrol" else health
        goal = Goal.objects.create(domain=domain, kind="goal", code=f"{domain.code}.{i + 1}",
                                   text=f"{world.indicators[key].name}{op}{value}", position=i)
        Target.objects.create(goal=goal, indicator=world.indicators[key], position=0, kind="threshold", op=op,
                              value=Decimal(value), unit=world.indicators[key].unit)
    drop_watch_targets(world.plan)
    for key, series in HISTORY.items():
        ind = world.indicators[key]
        for year, v in series.items():
            Value.objects.create(indicator=ind, region=world.county_a, year=year, value=Decimal(str(v)),
                                 unit=ind.unit, state=ValueState.APPROVED)


@pytest.fixture
def web_world(db):
    world = make_world()
    add_targets(world)
    return world

