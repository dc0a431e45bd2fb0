"""Sample values (示例数据): deterministic, idempotent, valid, marked — and a real mix of statuses."""
from __future__ import annotations

from collections import Counter

import pytest

from lianggang.evaluation.services import assess_plan, latest_year
from lianggang.monitoring import rules
from lianggang.monitoring.models import Value, ValueChange, ValueState
from lianggang.monitoring.sample import SAMPLE_NOTE, load_sample_values

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Value.objects.values_list("indicator__name", "indicator__unit", "region__code", "year", "sex", "area",
                                            "value"))


@pytest.fixture
def sampled(seed_plans):
    load_sample_values(seed_plans)
    return seed_plans


def test_the_same_seed_gives_the_same_values_whatever_the_order_of_plans(seed_plans):
    load_sample_values(seed_plans)
    first = snapshot()
    Value.objects.all().delete()
    load_sample_values(list(reversed(seed_plans)))
    assert snapshot() == first
    Value.objects.all().delete()
    load_sample_values(seed_plans, seed=7)
    assert snapshot() != first


def test_running_twice_changes_nothing_and_real_values_are_never_touched(seed_plans):
    plan = seed_plans[0]
    indicator = plan.indicators.filter(targets__kind="threshold").first()
    real = Value.objects.create(indicator=indicator, region=plan.region, year=2022, value=1, unit=indicator.unit,
                                state=ValueState.APPROVED)
    load_sample_values(seed_plans)
    before, history = snapshot(), ValueChange.objects.count()
    report = load_sample_values(seed_plans)
    assert report.values == 0 and report.skipped > 0
    assert snapshot() == before and ValueChange.objects.count() == history
    real.refresh_from_db()
    assert real.value == 1 and not real.is_sample


def test_every_value_is_approved_marked_as_sample_and_recorded(sampled):
    values = Value.objects.all()
    assert values.count() > 5000
    assert not values.exclude(is_sample=True).exists()
    assert not values.exclude(state=ValueState.APPROVED).exists()
    assert ValueChange.objects.filter(reason=SAMPLE_NOTE).count() == values.count()


def test_values_pass_the_entry_rules_and_their_disaggregations_agree(sampled):
    cells: dict[tuple, dict] = {}
    metas = {}
    for v in Value.objects.select_related("indicator"):
        meta = metas.setdefault(v.indicator_id, rules.IndicatorMeta.of(v.indicator))
        errors = [f for f in rules.validate_cell(meta, rules.Cell(v.sex, v.area, v.age_group), v.value) if f.blocking]
        assert not errors, (v.indicator.name, v.value, errors)
        cells.setdefault((v.indicator_id, v.region_id, v.year), {})[rules.Cell(v.sex, v.area, v.age_group)] = v.value
    disaggregated = 0
    for (ind_id, _, _), group in cells.items():
        if len(group) > 1:
            disaggregated += 1
            assert not rules.check_consistency(metas[ind_id], group)
    assert disaggregated > 0


def test_sub_regions_get_values_too(sampled):
    city_plan = next(p for p in sampled if p.region.children.exists())
    children = set(city_plan.region.children.values_list("pk", flat=True))
    assert children <= set(Value.objects.filter(indicator__in=city_plan.indicators).values_list("region_id", flat=True))


def test_each_seed_plan_shows_every_status_and_a_volatile_indicator(sampled):
    for plan in sampled:
        year = latest_year(plan, plan.region)
        assert year == min(2025, plan.end_year - 1)   # a plan's last year is still being collected
        pa = assess_plan(plan, plan.region, year)
        statuses = Counter(r.status for r in pa.results)
        assert statuses["achieved"] + statuses["basically_achieved"] > 0, plan.title
        for status in ("on_track", "at_risk", "off_track"):
            assert statuses[status] > 0, (plan.title, status, statuses)
        assert 1 <= sum(r.volatile for r in pa.results) <= 6, plan.title


def test_the_command_refuses_an_unknown_plan(db, capsys):
    from django.core.management import call_command
    with pytest.raises(SystemExit) as e:
        call_command("load_sample_values", "--plan", "99999")
    assert e.value.code == 2 and "没有编号为 99999 的纲要" in capsys.readouterr().err
