"""Moving to one monitoring database per region loses nothing: the plans' copies of one quantity
become one indicator, every value keeps its id and history, and rounds merge per region and year."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0003_indicator_unit_of_values"), ("monitoring", "0004_change_labels")]
AFTER = [("plans", "0005_indicator_belongs_to_no_plan"), ("monitoring", "0007_one_round_per_region_year")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_after():
    """Leave the database at the latest migration of every app: going back to BEFORE also unapplies
    the apps that depend on plans (committee …), which AFTER does not name."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_world(apps):
    """Two plans of one city, each with its own copy of 孕产妇死亡率 and of a local indicator, values
    in different years (mergeable) and, for 本地率, the same cell twice (kept apart)."""
    Region = apps.get_model("regions", "Region")
    Department = apps.get_model("regions", "Department")
    Plan = apps.get_model("plans", "Plan")
    Domain = apps.get_model("plans", "Domain")
    Goal = apps.get_model("plans", "Goal")
    Indicator = apps.get_model("plans", "Indicator")
    Target = apps.get_model("plans", "Target")
    Standard = apps.get_model("plans", "StandardIndicator")
    Round = apps.get_model("monitoring", "Round")
    Submission = apps.get_model("monitoring", "Submission")
    Obligation = apps.get_model("monitoring", "Obligation")
    Value = apps.get_model("monitoring", "Value")
    Change = apps.get_model("monitoring", "ValueChange")

    city = Region.objects.create(code="990100", name="迁移市", level="city")
    dept = Department.objects.create(region=city, name="卫生健康委员会", short_name="卫健委")
    mmr = Standard.objects.create(code="T102", name="孕产妇死亡率", subject="women", domain="健康", unit="1/10万",
                                  better="lower")
    made = {}
    for subject, title in (("women", "迁移市妇女发展规划"), ("children", "迁移市儿童发展规划")):
        plan = Plan.objects.create(title=title, subject=subject, region=city, region_name=city.name,
                                   start_year=2021, end_year=2030, source=f"{subject}.txt")
        goal = Goal.objects.create(domain=Domain.objects.create(plan=plan, code="1", name="健康"), code="1",
                                   text="…")
        std = Indicator.objects.create(plan=plan, name="孕产妇死亡率", unit="1/10万", standard=mmr, department=dept)
        own = Indicator.objects.create(plan=plan, name="本地率", unit="%", department=dept)
        for position, ind in enumerate((std, own)):
            Target.objects.create(goal=goal, indicator=ind, position=position, kind="direction",
                                  direction="decrease")
        rnd = Round.objects.create(plan=plan, region=city, year=2023)
        sub = Submission.objects.create(round=rnd, department=dept,
                                        state="approved" if subject == "women" else "draft")
        Obligation.objects.create(round=rnd, department=dept, indicator=std)
        year = 2022 if subject == "women" else 2023          # the copies of 孕产妇死亡率 do not collide
        for ind, y in ((std, year), (own, 2023)):            # the copies of 本地率 do
            value = Value.objects.create(indicator=ind, region=city, year=y, value=Decimal("10.5"), unit=ind.unit,
                                         state="approved", submission=sub)
            for n in range(2):
                Change.objects.create(value=value, action="update", old_value=Decimal(n), new_value=Decimal(n + 1),
                                      old_state="draft", new_state="approved")
        made[subject] = plan
    return made


@pytest.fixture
def back_to_latest():
    """Leave the database at the latest migrations: later tests of this worker need every column."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_values_targets_history_and_rounds_survive_the_move_to_shared_indicators(back_to_latest):
    old = _migrate(BEFORE)
    _old_world(old)
    Value = old.get_model("monitoring", "Value")
    values_before = {v.pk: (v.region_id, v.year, v.value) for v in Value.objects.all()}
    history_before = {v.pk: v.changes.count() for v in Value.objects.all()}
    targets_before = old.get_model("plans", "Target").objects.count()

    new = _migrate(AFTER)
    Value = new.get_model("monitoring", "Value")
    Indicator = new.get_model("plans", "Indicator")
    Target = new.get_model("plans", "Target")
    Round = new.get_model("monitoring", "Round")

    assert {v.pk: (v.region_id, v.year, v.value) for v in Value.objects.all()} == values_before
    assert {v.pk: v.changes.count() for v in Value.objects.all()} == history_before
    assert Target.objects.count() == targets_before
    mmr = Indicator.objects.get(name="孕产妇死亡率")                 # the two copies became one
    assert sorted(mmr.values.values_list("year", flat=True)) == [2022, 2023]
    assert mmr.owner_id is None and mmr.targets.count() == 2
    # two copies holding the same cell stay apart for a person to reconcile, owned by the city
    assert Indicator.objects.filter(name="本地率").count() == 2
    assert set(Indicator.objects.filter(name="本地率").values_list("owner__code", flat=True)) == {"990100"}
    [rnd] = Round.objects.filter(region__code="990100", year=2023)
    [sub] = rnd.submissions.all()
    assert sub.state == "draft"                       # as little advanced as the less advanced of the two
    assert rnd.obligations.count() == 1               # 孕产妇死亡率 is owed once
    assert Value.objects.filter(submission=sub).count() == len(values_before)
