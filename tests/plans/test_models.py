"""Database constraints keep impossible plans out even when code is bypassed."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from lianggang.plans.models import Domain, Goal, Indicator, Plan, Target, describe_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(regions):
    plan = Plan.objects.create(title="某县妇女发展纲要", subject="women", region=regions.get(code="150429"),
                               region_name="宁城县", start_year=2021, end_year=2030, source="t.txt")
    domain = Domain.objects.create(plan=plan, code="1", name="妇女与健康")
    return Goal.objects.create(domain=domain, code="1.1", text="…")


@pytest.fixture
def indicator(goal):
    return Indicator.objects.create(owner=goal.domain.plan.region, name="孕产妇死亡率", unit="1/10万")


def test_a_plan_cannot_end_before_it_starts(regions):
    with pytest.raises(IntegrityError):
        Plan.objects.create(title="x", subject="women", region=regions.get(code="150429"), region_name="x",
                            start_year=2030, end_year=2021, source="x.txt")


def test_one_document_cannot_hold_two_plans_of_one_region_subject_and_period(goal):
    plan = goal.domain.plan
    with pytest.raises(IntegrityError):
        Plan.objects.create(title="y", subject=plan.subject, region=plan.region, region_name="x",
                            start_year=plan.start_year, end_year=plan.end_year, source=plan.source, position=1)


def test_domain_codes_are_unique_in_a_plan(goal):
    with pytest.raises(IntegrityError):
        Domain.objects.create(plan=goal.domain.plan, code="1", name="重复")


@pytest.mark.parametrize("fields", [
    {"kind": "threshold", "value": Decimal(12), "unit": "1/10万"},           # no op
    {"kind": "threshold", "op": "<="},                                        # no value
    {"kind": "threshold", "op": "=>", "value": Decimal(1), "unit": "%"},      # unknown op
    {"kind": "direction"},                                                    # no direction
    {"kind": "comparison", "op": ">="},                                       # no reference
    {"kind": "change", "direction": "maintain", "value": Decimal(1), "unit": "%"},
    {"kind": "level"},
])
def test_a_target_missing_what_its_kind_needs_is_refused(goal, indicator, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(goal=goal, indicator=indicator, **fields)


def test_a_target_reads_as_a_short_sentence(goal, indicator):
    t = Target.objects.create(goal=goal, indicator=indicator, kind="threshold", op="<=", value=Decimal("12.0"),
                              unit="1/10万")
    assert describe_target(t) == "孕产妇死亡率 ≤ 12/10万"
    assert t.target_year == 2030
