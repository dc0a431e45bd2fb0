"""下级汇总 from the database: the city's value computed from its counties' approved values, beside the
value the city reported, on the service, the counties page and the indicator page."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.monitoring.rollup import region_rollups
from lianggang.plans.models import Domain, Goal, Indicator, Rollup, Target
from tests.factories import approved, make_plan

pytestmark = pytest.mark.django_db
YEAR = 2023


@pytest.fixture
def rates(world):
    """婴儿死亡率 with its two counts collected in both counties; 出生人口数 a count."""
    ind = world.indicators
    deaths = Indicator.objects.create(name="婴儿死亡数", unit="人", owner=world.city)
    births = Indicator.objects.create(name="活产数", unit="人", owner=world.city)
    Indicator.objects.filter(pk=ind["imr"].pk).update(rollup=Rollup.RATIO, numerator=deaths, denominator=births,
                                                       scale=1000)
    Indicator.objects.filter(pk=ind["births"].pk).update(rollup=Rollup.SUM)
    for region, (d, b, rate, n) in {world.county_a: (6, 3000, "2.0", 3000), world.county_b: (8, 1000, "8.0", 1000)}.items():
        approved(deaths, region, YEAR, str(d))
        approved(births, region, YEAR, str(b))
        approved(ind["imr"], region, YEAR, rate)
        approved(ind["births"], region, YEAR, str(n))
    approved(ind["imr"], world.city, YEAR, "5.0")       # the mean of the counties' rates: wrong
    approved(ind["births"], world.city, YEAR, "4000")   # the sum: right
    return {k: Indicator.objects.get(pk=ind[k].pk) for k in ("imr", "births", "mmr")}


def test_a_rate_is_the_ratio_of_the_summed_counts_and_a_mean_of_rates_is_flagged(world, rates):
    rolled = region_rollups(rates.values(), world.city, YEAR)
    imr = rolled[rates["imr"].pk]
    assert imr.result.value == Decimal("3.5")          # 14 / 4000 × 1000
    assert imr.reported == Decimal("5.0") and imr.difference.flagged
    births = rolled[rates["births"].pk]
    assert births.result.value == 4000 and not births.difference.flagged
    assert rolled[rates["mmr"].pk].explanation == "该指标不能由下级汇总"


def test_a_county_without_an_approved_value_leaves_the_sum_uncomputed_and_named(world, rates):
    from lianggang.monitoring.models import Value
    Value.objects.filter(indicator=rates["births"], region=world.county_b).update(state="draft")
    births = region_rollups([rates["births"]], world.city, YEAR)[rates["births"].pk]
    assert births.result.value is None and world.county_b.name in births.explanation


def test_a_rate_whose_counts_are_not_collected_says_so(world, rates):
    Indicator.objects.filter(pk=rates["imr"].pk).update(numerator=None, denominator=None)
    imr = region_rollups([Indicator.objects.get(pk=rates["imr"].pk)], world.city, YEAR)[rates["imr"].pk]
    assert imr.result.value is None and "分子、分母未作为指标采集" in imr.explanation


def test_the_counties_page_shows_the_roll_up_beside_the_reported_value(world, rates, client):
    plan = make_plan(world.city)
    goal = Goal.objects.create(domain=Domain.objects.create(plan=plan, code="1", name="健康"), code="1", text="…")
    for i, key in enumerate(("imr", "births")):
        Target.objects.create(goal=goal, indicator=rates[key], position=i, kind="direction", direction="decrease")
    client.force_login(world.stats_city)
    page = client.get(f"/work/below/{YEAR}/").content.decode()
    imr_row = page.split(f'data-indicator="{rates["imr"].pk}"')[1].split("</tr>")[0]
    assert "3.50" in imr_row and "不一致" in imr_row
    births_row = page.split(f'data-indicator="{rates["births"].pk}"')[1].split("</tr>")[0]
    assert "4000" in births_row and "不一致" not in births_row

    client.force_login(world.reader_city)
    page = client.get(f"/plans/{plan.pk}/indicators/{rates['imr'].pk}/?year={YEAR}").content.decode()
    assert "下级汇总" in page and "与下级汇总不一致" in page
