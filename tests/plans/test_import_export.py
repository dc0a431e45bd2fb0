"""plan/v1 in and out of the database: round trip, idempotence, atomicity."""
import copy

import pytest

from lianggang.plans.models import Domain, Goal, Indicator, Plan, Target
from lianggang.plans.services import PlanImportError, export_document, import_document
from tests.conftest import EXAMPLE_PLANS, read_example

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", EXAMPLE_PLANS, ids=lambda p: p.stem)
def test_export_of_an_import_gives_back_every_field(regions, catalogue, path):
    doc = read_example(path)
    result = import_document(doc)
    assert export_document(result.plans) == doc


def _counts():
    return [m.objects.count() for m in (Plan, Domain, Goal, Indicator, Target)]


def test_importing_the_same_document_twice_duplicates_nothing(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    first = import_document(doc)
    counts = _counts()
    indicator_ids = set(Indicator.objects.values_list("id", flat=True))
    second = import_document(doc)
    assert _counts() == counts
    assert [p.pk for p in second.plans] == [p.pk for p in first.plans]
    assert (second.created, second.updated) == (0, len(doc["plans"]))
    assert set(Indicator.objects.values_list("id", flat=True)) == indicator_ids


def test_a_corrected_document_updates_the_plan_in_place(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    plan = import_document(doc).plans[0]
    indicator = Indicator.objects.of_plan(plan).first()
    fixed = copy.deepcopy(doc)
    removed = fixed["plans"][0]["domains"][0]["goals"].pop()
    fixed["plans"][0]["title"] = "改过的标题"
    import_document(fixed)
    plan.refresh_from_db()
    assert plan.title == "改过的标题"
    assert not Goal.objects.filter(domain__plan=plan, code=removed["code"]).exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists(), "indicators (and their values) survive"
    assert export_document([plan, *Plan.objects.filter(source=plan.source).exclude(pk=plan.pk)]) == fixed


def test_targets_naming_the_same_indicator_share_it(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    goals = doc["plans"][0]["domains"][0]["goals"]
    goals.append({"code": "1.99", "text": "重复", "targets": [dict(goals[0]["targets"][0])]})
    plan = import_document(doc).plans[0]
    name = goals[0]["targets"][0]["indicator"]
    indicator = Indicator.objects.of_plan(plan).get(name=name)
    assert indicator.targets.count() >= 2


def test_an_invalid_document_saves_nothing(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    doc["plans"][1]["subject"] = "men"
    with pytest.raises(PlanImportError) as exc:
        import_document(doc)
    assert "plans[1].subject" in exc.value.problems[0]
    assert Plan.objects.count() == 0


def test_an_unknown_region_is_refused_with_what_to_do(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    for plan in doc["plans"]:
        plan["region"] = "不存在县"
    with pytest.raises(PlanImportError) as exc:
        import_document(doc)
    assert "--region" in exc.value.problems[0]
    assert Plan.objects.count() == 0


def test_the_region_option_overrides_the_documents_region(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    plans = import_document(doc, region_code="150429").plans
    assert {p.region.code for p in plans} == {"150429"}
    assert export_document(plans) == doc, "the name as written is still exported"


def test_a_short_region_name_finds_the_full_region(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    for plan in doc["plans"]:
        plan["region"] = "昆区"
    plans = import_document(doc).plans
    assert {p.region.name for p in plans} == {"昆都仑区"}


def test_a_failure_in_the_second_plan_leaves_the_first_unsaved(regions, catalogue, monkeypatch):
    from lianggang.plans import services

    doc = read_example(EXAMPLE_PLANS[0])
    original = services._save_plan
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_save_plan", fail_second)
    with pytest.raises(RuntimeError):
        import_document(doc)
    assert Plan.objects.count() == 0


def test_indicators_are_matched_to_the_standard_catalogue(seed_plans):
    # Several seed plans target maternal mortality: they all watch the one monitoring indicator.
    matched = Indicator.objects.filter(standard__name="孕产妇死亡率")
    assert matched.count() == 1
    watching = Plan.objects.filter(domains__items__targets__indicator__in=matched).distinct()
    assert watching.count() >= 3
    assert matched.get().better == "lower" and matched.get().standard.department == "卫健委"


def test_a_county_plan_follows_the_plan_of_the_region_above(seed_plans):
    # 昆都仑区 is under 包头市 (no plan) under 内蒙古 (no plan): no upper plan is invented.
    kun = Plan.objects.get(region__code="150203", subject="women")
    assert kun.upper_plan is None
    doc = read_example(EXAMPLE_PLANS[0])   # 阿拉善盟's plans
    for plan in doc["plans"]:
        plan["region"] = "内蒙古自治区"
    doc["source"] = "province.txt"
    import_document(doc)
    kun.upper_plan = None
    kun.save()
    import_document(read_example(EXAMPLE_PLANS[-1]))
    kun.refresh_from_db()
    assert kun.upper_plan.region.code == "150000"


@pytest.mark.parametrize("target,unit", [
    ({"kind": "threshold", "unit": "%"}, "%"),
    ({"kind": "threshold", "unit": "1/10万"}, "1/10万"),
    ({"kind": "threshold", "unit": "ratio"}, ""),
    ({"kind": "change", "unit": "%"}, ""),          # 降低20%: relative, says nothing of the values' unit
    ({"kind": "change", "unit": "百分点"}, "%"),     # 降低0.5个百分点: the values are in %
    ({"kind": "change", "unit": "岁"}, "岁"),
    ({"kind": "direction"}, ""),
])
def test_the_unit_of_an_indicators_values_as_a_target_tells(target, unit):
    from lianggang.plans.services import values_unit
    assert values_unit(target) == unit


def test_a_relative_change_target_leaves_the_indicator_its_catalogue_unit(regions, catalogue):
    doc = read_example(EXAMPLE_PLANS[0])
    goals = doc["plans"][0]["domains"][0]["goals"]
    goals.append({"code": "1.99", "text": "儿童伤害死亡率以2020年为基数下降20%。", "targets": [
        {"indicator": "儿童伤害死亡率", "kind": "change", "direction": "decrease", "value": 20, "unit": "%",
         "base_year": 2020}]})
    plan = import_document(doc).plans[0]
    assert Indicator.objects.of_plan(plan).get(name="儿童伤害死亡率").unit == "1/10万"


def test_the_migration_gives_back_units_taken_from_relative_changes(regions, catalogue):
    from importlib import import_module

    from django.apps import apps
    migration = import_module("lianggang.plans.migrations.0003_indicator_unit_of_values")
    doc = read_example(EXAMPLE_PLANS[0])
    goals = doc["plans"][0]["domains"][0]["goals"]
    goals.append({"code": "1.99", "text": "下降20%。", "targets": [
        {"indicator": "儿童伤害死亡率", "kind": "change", "direction": "decrease", "value": 20, "unit": "%",
         "base_year": 2020}]})
    plan = import_document(doc).plans[0]
    hurt = Indicator.objects.of_plan(plan).get(name="儿童伤害死亡率")
    share = Indicator.objects.of_plan(plan).filter(unit="%").exclude(pk=hurt.pk).first()
    Indicator.objects.filter(pk=hurt.pk).update(unit="%")       # as the loader before 0003 left it
    migration.restore_units(apps, None)
    hurt.refresh_from_db()
    assert hurt.unit == "1/10万"
    if share is not None:                                        # a true percentage keeps its %
        share.refresh_from_db()
        assert share.unit == "%"
