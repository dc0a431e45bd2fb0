"""纲要衔接 from the database: the shipped plans align with their upper plans out of the box; the page,
the form that changes the upper plan, and the annual report's section."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.lib import alignment as core
from lianggang.plans.alignment import AlignmentError, plan_alignment, set_upper_plan, upper_plans
from lianggang.plans.models import Domain, Goal, Indicator, Plan, Target
from lianggang.plans.services import import_document
from tests.conftest import read_example
from tests.factories import make_plan, make_user, make_world
from tests.plans.test_shipped_plans import SHIPPED

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def shipped(regions, catalogue):
    for path in SHIPPED:
        import_document(read_example(path))
    return Plan.objects.exclude(source__startswith="upper/")


@pytest.mark.slow
def test_every_seed_and_county_plan_sets_targets_beside_its_upper_plans_out_of_the_box(shipped):
    assert shipped.count() >= 13
    for plan in shipped:
        result = plan_alignment(plan)
        assert result.uppers, plan.title
        assert result.uppers[-1].region.parent_id is None, f"{plan.title}: the national plan closes the chain"
        assert result.compared > 0, plan.title


@pytest.mark.slow
def test_a_county_plan_is_compared_with_its_city_and_the_nation_and_the_numbers_are_kept(shipped):
    nanhu = Plan.objects.get(region__code="330402", subject="children")
    assert [p.region.code for p in upper_plans(nanhu)] == ["330400", "000000"]
    rows = plan_alignment(nanhu).rows
    compared = [r for r in rows if r.verdict in (core.STRICTER, core.EQUAL, core.WEAKER)]
    assert all(r.target is not None and r.uppers[0].target is not None for r in compared)


def _target(plan, indicator, op, value, position=0):
    domain, _ = Domain.objects.get_or_create(plan=plan, code="1", defaults={"name": "健康"})
    goal, _ = Goal.objects.get_or_create(domain=domain, code="1", defaults={"text": "…"})
    return Target.objects.create(goal=goal, indicator=indicator, position=position, kind="threshold", op=op,
                                 value=Decimal(value), unit=indicator.unit)


def test_stricter_equal_weaker_and_missing_against_the_city_plan(world):
    county, city = world.plan, make_plan(world.city)
    Plan.objects.filter(pk=county.pk).update(upper_plan=city)
    county.refresh_from_db()
    ind = world.indicators
    _target(county, ind["imr"], "<=", "4", 0)      # city asks ≤ 5: stricter
    _target(city, ind["imr"], "<=", "5", 0)
    _target(county, ind["enrol"], ">=", "85", 1)    # city asks ≥ 90: weaker
    _target(city, ind["enrol"], ">=", "90", 1)
    injury = Indicator.objects.create(name="儿童伤害死亡率", unit="1/10万", better="lower", owner=world.city)
    _target(city, injury, "<=", "12", 2)            # the county sets none: missing
    _target(city, ind["mmr"], "<=", "12", 3)        # the county only says 降低: weaker than a number
    verdicts = {r.indicator.name: r.verdict for r in plan_alignment(county).rows}
    assert verdicts["婴儿死亡率"] == core.STRICTER
    assert verdicts["学前教育毛入园率"] == core.WEAKER
    assert verdicts["儿童伤害死亡率"] == core.MISSING
    assert verdicts["孕产妇死亡率"] == core.WEAKER


def test_the_office_changes_the_upper_plan_to_a_plan_above_only(world, client):
    city = make_plan(world.city)
    sideways = make_plan(world.county_b, "乙区儿童发展规划")
    with pytest.raises(AlignmentError):
        set_upper_plan(world.committee, world.plan, sideways)
    client.force_login(world.committee)
    url = f"/plans/{world.plan.pk}/alignment/"
    assert client.post(url, {"upper_plan": city.pk}).status_code == 302
    assert Plan.objects.get(pk=world.plan.pk).upper_plan == city
    client.post(url, {"upper_plan": sideways.pk})
    assert Plan.objects.get(pk=world.plan.pk).upper_plan == city
    from lianggang.audit.models import AuditEntry
    assert AuditEntry.objects.filter(verb="plan.upper_plan_set").count() == 1


def test_a_reader_sees_the_page_but_may_not_change_the_upper_plan(world, client):
    city = make_plan(world.city)
    reader = make_user("shangji", "reader", world.city)
    client.force_login(reader)
    url = f"/plans/{world.plan.pk}/alignment/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="upper_plan"' not in page.content.decode()
    assert client.post(url, {"upper_plan": city.pk}).status_code == 403
    assert Plan.objects.get(pk=world.plan.pk).upper_plan is None


def test_the_annual_report_has_a_section_on_alignment(world):
    from lianggang.reports.alignment import TITLE, add_to
    from lianggang.reports.content import Document, Section
    city = make_plan(world.city)
    Plan.objects.filter(pk=world.plan.pk).update(upper_plan=city)
    world.plan.refresh_from_db()
    _target(world.plan, world.indicators["imr"], "<=", "4")
    _target(city, world.indicators["imr"], "<=", "5")
    doc = add_to(Document("报告", [Section("一、总体情况"), Section("附表　主要监测指标")]), world.plan)
    assert [s.heading for s in doc.sections] == ["一、总体情况", f"二、{TITLE}", "附表　主要监测指标"]
    section = doc.sections[1]
    assert "严于上级1项" in section.paragraphs[0]
    assert section.tables[0].rows[0][-1] == "严于上级"
