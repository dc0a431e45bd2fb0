"""The equity service: gaps read from the approved cells, and targets naming a gap judged on it."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.assessment.equity import Dimension, Trend
from lianggang.evaluation import services as evaluation
from lianggang.monitoring import equity
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Domain, Goal, Indicator, Plan, Subject, Target
from lianggang.regions.models import Region, RegionLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    province = Region.objects.create(code="990000", name="测试省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="990100", name="测试市", level=RegionLevel.CITY, parent=province)
    for code, name in (("990101", "甲县"), ("990102", "乙县")):
        Region.objects.create(code=code, name=name, level=RegionLevel.COUNTY, parent=city)
    return city


@pytest.fixture
def plan(city):
    return Plan.objects.create(title="测试市儿童发展规划（2021—2030年）", subject=Subject.CHILDREN, region=city,
                               region_name=city.name, start_year=2021, end_year=2030, source="equity-test")


def goal_with(plan, text, targets: list[tuple[str, str, dict]], **indicator_fields) -> list[Target]:
    """One goal naming `targets` (indicator name, unit, target fields)."""
    domain, _ = Domain.objects.get_or_create(plan=plan, code="1", defaults={"name": "儿童与健康"})
    goal = Goal.objects.create(domain=domain, code=str(domain.items.count() + 1), text=text,
                               position=domain.items.count())
    out = []
    for i, (name, unit, fields) in enumerate(targets):
        extra = indicator_fields if unit else {}
        ind, _ = Indicator.objects.get_or_create(owner=plan.region, name=name, defaults={"unit": unit, **extra})
        out.append(Target.objects.create(goal=goal, indicator=ind, position=i, unit=unit or None, **fields))
    return out


def put(indicator, region, cells: dict[tuple[str, str], dict[int, float]], state=ValueState.APPROVED):
    for (sex, area), series in cells.items():
        for year, value in series.items():
            Value.objects.create(indicator=indicator, region=region, year=year, sex=sex, area=area,
                                 value=Decimal(str(value)), unit=indicator.unit, state=state)


def mortality(plan):
    """婴儿死亡率 by town/country, and a goal that asks its gap to narrow."""
    return goal_with(plan, "婴儿死亡率降至4.0‰以下，城乡差距逐步缩小。", [
        ("婴儿死亡率", "‰", dict(kind="threshold", op="<=", value=Decimal("4"))),
        ("城乡差距", "", dict(kind="direction", direction="decrease")),
    ], by_area=True, better="lower")


def test_gaps_are_computed_from_approved_cells_only(plan, city):
    rate, _gap = mortality(plan)
    ind = rate.indicator
    put(ind, city, {("total", "urban"): {2020: 3.0, 2022: 3.0, 2024: 3.0},
                    ("total", "rural"): {2020: 7.0, 2022: 6.0, 2024: 5.0}})
    put(ind, city, {("total", "urban"): {2025: 1.0}, ("total", "rural"): {2025: 9.0}}, state=ValueState.SUBMITTED)
    found = equity.indicator_equity(ind, city, 2025)
    trend = found.trend("area")
    assert [g.year for g in trend.gaps] == [2020, 2022, 2024]
    assert trend.latest.size == 2.0 and trend.latest.behind == "rural"
    assert trend.trend == Trend.NARROWING and not trend.levelling_down
    assert found.trend("sex") is None   # not collected by sex


def test_the_worst_off_and_widest_gap_sub_regions_are_named(plan, city):
    rate, _gap = mortality(plan)
    ind = rate.indicator
    a, b = city.children.order_by("code")
    put(ind, city, {("total", "urban"): {2024: 3.0}, ("total", "rural"): {2024: 5.0}})
    put(ind, a, {("total", "total"): {2024: 3.5}, ("total", "urban"): {2024: 3.0}, ("total", "rural"): {2024: 4.0}})
    put(ind, b, {("total", "total"): {2024: 6.0}, ("total", "urban"): {2024: 4.0}, ("total", "rural"): {2024: 9.0}})
    found = equity.indicator_equity(ind, city, 2024)
    assert found.worst.name == "乙县" and found.worst.value == 6.0      # lower is better: the highest
    name, gap = found.widest[Dimension.AREA]
    assert name == "乙县" and gap.size == 5.0


def test_a_plan_lists_only_indicators_with_a_reported_gap_by_domain(plan, city):
    rate, _gap = mortality(plan)
    (quiet,) = goal_with(plan, "孕产妇死亡率", [("孕产妇死亡率", "1/10万", dict(kind="direction", direction="decrease"))],
                         by_area=True, better="lower")
    put(rate.indicator, city, {("total", "urban"): {2024: 3.0}, ("total", "rural"): {2024: 5.0}})
    found = equity.plan_equity(plan, city, 2024)
    assert [e.indicator.name for e in found] == ["婴儿死亡率"]
    assert equity.by_domain(found)[0][0] == "儿童与健康"


def test_a_target_naming_a_gap_is_judged_on_the_gap_not_left_without_data(plan, city):
    rate, gap = mortality(plan)
    put(rate.indicator, city, {("total", "total"): {2020: 5.0, 2022: 4.6, 2024: 4.2},
                               ("total", "urban"): {2020: 3.0, 2022: 3.0, 2024: 3.0},
                               ("total", "rural"): {2020: 7.0, 2022: 6.0, 2024: 5.0}})
    pa = evaluation.assess_plan(plan, city, 2024)
    judged = next(r for r in pa.results if r.target == gap)
    assert judged.series == {2020: 4.0, 2022: 3.0, 2024: 2.0}
    assert judged.status in ("achieved", "on_track")
    assert judged.details["gap_of"] == {"indicator": "婴儿死亡率", "dimension": "area"}
    # the same on the page about the gap's indicator alone
    (alone,) = evaluation.assess_indicator(plan, gap.indicator, city, 2024)
    assert alone.status == judged.status and alone.series == judged.series


def test_a_widening_gap_is_judged_off_track(plan, city):
    rate, gap = mortality(plan)
    put(rate.indicator, city, {("total", "urban"): {2020: 3.0, 2022: 3.0, 2024: 3.0},
                               ("total", "rural"): {2020: 5.0, 2022: 6.0, 2024: 7.0}})
    judged = next(r for r in evaluation.assess_plan(plan, city, 2024).results if r.target == gap)
    assert judged.status == "off_track"


def test_a_gap_named_after_its_quantity_finds_it_in_the_plan(plan, city):
    (income,) = goal_with(plan, "收入", [("人均可支配收入", "元", dict(kind="direction", direction="increase"))],
                          by_sex=True)
    (gap,) = goal_with(plan, "男女人均可支配收入差距明显缩小。",
                       [("男女人均可支配收入差距", "", dict(kind="direction", direction="decrease"))])
    put(income.indicator, city, {("female", "total"): {2021: 80.0, 2024: 95.0},
                                 ("male", "total"): {2021: 100.0, 2024: 101.0}})
    judged = next(r for r in evaluation.assess_plan(plan, city, 2024).results if r.target == gap)
    assert judged.series == {2021: 20.0, 2024: 6.0}
    assert judged.details["gap_of"]["dimension"] == "sex"


def test_a_gap_of_something_not_collected_by_that_cell_stays_without_data(plan, city):
    _rate, gap = goal_with(plan, "校际差距", [
        ("普惠性幼儿园覆盖率", "%", dict(kind="threshold", op=">=", value=Decimal("85"))),
        ("公共基础教育资源配置城乡差距", "", dict(kind="direction", direction="decrease")),
    ])   # the coverage rate is not collected by town/country
    judged = next(r for r in evaluation.assess_plan(plan, city, 2024).results if r.target == gap)
    assert judged.status == "no_data" and "gap_of" not in judged.details


def test_a_gap_reported_as_a_value_of_its_own_is_judged_on_those_values(plan, city):
    _rate, gap = mortality(plan)
    Value.objects.create(indicator=gap.indicator, region=city, year=2021, value=Decimal("4"), state=ValueState.APPROVED)
    Value.objects.create(indicator=gap.indicator, region=city, year=2024, value=Decimal("2"), state=ValueState.APPROVED)
    judged = next(r for r in evaluation.assess_plan(plan, city, 2024).results if r.target == gap)
    assert judged.series == {2021: 4.0, 2024: 2.0} and "gap_of" not in judged.details


def test_counts_by_sex_are_no_gap(plan, city):
    (births,) = goal_with(plan, "出生人口", [("出生人口数", "人", dict(kind="direction", direction="increase"))],
                          by_sex=True)
    put(births.indicator, city, {("female", "total"): {2024: 480.0}, ("male", "total"): {2024: 520.0}})
    assert equity.indicator_equity(births.indicator, city, 2024) is None
    assert equity.plan_equity(plan, city, 2024) == []
