"""The evaluation service: database values → assessment core → PlanAssessment, and its commands."""
from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from lianggang import assessment as core
from lianggang.evaluation import services
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Domain, Goal, Indicator, Plan, Subject, Target
from lianggang.regions.models import Department, Region, RegionLevel
from tests.factories import make_obligation

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
    return Plan.objects.create(title="测试市妇女发展规划（2021—2030年）", subject=Subject.WOMEN, region=city,
                               region_name=city.name, start_year=2021, end_year=2030, source="svc-test")


def add_target(plan, domain_name, indicator_name, unit, department=None, **fields):
    domain, _ = Domain.objects.get_or_create(plan=plan, name=domain_name,
                                             defaults={"code": str(plan.domains.count() + 1),
                                                       "position": plan.domains.count()})
    goal = Goal.objects.create(domain=domain, kind="goal", code=str(domain.items.count() + 1),
                               text=indicator_name, position=domain.items.count())
    indicator, _ = Indicator.objects.get_or_create(owner=plan.region, name=indicator_name, defaults={"unit": unit})
    if department:
        make_obligation(indicator, department)
    return Target.objects.create(goal=goal, indicator=indicator, position=0, unit=unit, **fields)


def put(indicator, region, series: dict[int, float], state=ValueState.APPROVED, **fields):
    for year, value in series.items():
        Value.objects.create(indicator=indicator, region=region, year=year, value=Decimal(str(value)),
                             unit=indicator.unit, state=state, **fields)


# (target fields, approved headline series, year asked, status expected)
CASES = [
    ("met threshold", dict(kind="threshold", op="<=", value=12), {2020: 16.0, 2022: 13.0, 2023: 11.5}, 2023,
     "achieved"),
    ("on track", dict(kind="threshold", op=">=", value=90), {2020: 80.0, 2021: 82.0, 2022: 84.0, 2023: 86.0}, 2023,
     "on_track"),
    ("moving away", dict(kind="threshold", op="<=", value=10), {2020: 12.0, 2021: 13.0, 2022: 14.0, 2023: 15.0},
     2023, "off_track"),
    ("too slow", dict(kind="threshold", op=">=", value=95), {2020: 80.0, 2021: 80.3, 2022: 80.6, 2023: 80.9}, 2023,
     "at_risk"),
    ("no values", dict(kind="threshold", op=">=", value=95), {}, 2023, "no_data"),
    ("a year's target judged at its year", dict(kind="threshold", op=">=", value=90, year=2022),
     {2020: 80.0, 2021: 85.0, 2022: 88.0, 2023: 95.0}, 2023, "not_achieved"),
    ("change on the base year", dict(kind="change", direction="decrease", value=10, unit="%", base_year=2020),
     {2020: 100.0, 2021: 95.0, 2022: 89.0}, 2022, "achieved"),
]


@pytest.mark.parametrize("label,fields,series,year,expected", CASES, ids=[c[0] for c in CASES])
def test_each_status_from_the_database_equals_the_core(plan, label, fields, series, year, expected):
    unit = fields.pop("unit", "%")
    target = add_target(plan, "健康", "某率", unit, **fields)
    put(target.indicator, plan.region, series)
    result = services.assess_plan(plan, plan.region, year).results[0]
    assert result.status == expected
    # The service hands the core exactly the stored series and the start-year-minus-one baseline.
    baseline = core.Baseline(2020, series[2020]) if 2020 in series else None
    # A change target also learns the unit of the levels it moves: its indicator's.
    level = {"level_unit": target.indicator.unit} if fields["kind"] == "change" else {}
    direct = core.assess({**fields, "unit": unit, "indicator": "某率", **level}, series,
                         period=core.Period(2021, 2030), as_of=year, baseline=baseline)
    assert result.status == str(direct.status)
    assert result.reason == direct.reason
    if series:
        last = max(y for y in series if y <= min(year, fields.get("year") or 9999))
        assert result.current.year == last and result.current.value == series[last]


def test_only_approved_headline_values_count(plan, city):
    target = add_target(plan, "健康", "某率", "%", kind="threshold", op=">=", value=90)
    put(target.indicator, city, {2020: 80.0, 2021: 82.0})
    put(target.indicator, city, {2022: 99.0}, state=ValueState.SUBMITTED)
    put(target.indicator, city, {2022: 10.0}, sex="female", state=ValueState.APPROVED)
    approved = services.assess_plan(plan, city, 2022).results[0]
    assert approved.current.year == 2021 and approved.current.value == 82.0
    unapproved = services.assess_plan(plan, city, 2022, approved_only=False).results[0]
    assert unapproved.current.value == 99.0 and unapproved.status == "achieved"


def test_baseline_from_the_target_wins_over_the_year_before_the_plan(plan, city):
    target = add_target(plan, "健康", "某率", "%", kind="threshold", op=">=", value=90,
                        baseline_year=2020, baseline_value=Decimal("50"))
    put(target.indicator, city, {2020: 80.0, 2023: 80.0})
    result = services.assess_plan(plan, city, 2023).results[0]
    # Straight path 50 → 90 over 2020—2030: 62 in 2023.
    assert result.required_now == pytest.approx(62.0)


def test_a_target_without_a_baseline_starts_from_the_one_its_plan_states_for_the_indicator(plan, city):
    # The indicator table states 30.1 in 2020; a measure names the same indicator with no figure.
    table_row = add_target(plan, "决策", "政协委员中女性比例", "%", kind="direction", direction="increase",
                           baseline_year=2020, baseline_value=Decimal("30.1"))
    add_target(plan, "决策", "政协委员中女性比例", "%", kind="direction", direction="increase")
    put(table_row.indicator, city, {2020: 24.0, 2021: 24.5, 2022: 25.0, 2023: 25.5})
    both = services.assess_plan(plan, city, 2023).results
    assert len(both) == 2
    # rising, but still below the plan's own baseline: the two targets are judged alike
    assert both[0].status == both[1].status and "30.1" in both[1].reason


def test_previous_value_and_flags_are_carried(plan, city):
    target = add_target(plan, "健康", "某率", "%", kind="threshold", op=">=", value=90)
    put(target.indicator, city, {2021: 85.0})
    put(target.indicator, city, {2022: 86.0}, provisional=True, is_sample=True)
    result = services.assess_plan(plan, city, 2022).results[0]
    assert result.previous.value == 85.0
    assert result.current.flags == frozenset({"provisional", "sample"})


def test_a_ratio_target_is_left_to_a_person_not_an_error(plan, city):
    add_target(plan, "家庭", "男女比例", "", kind="threshold", op="=", ratio="1:3")
    result = services.assess_plan(plan, city, 2023).results[0]
    assert result.status == "manual" and "比例型目标" in result.reason and "人工判断" in result.reason


def test_summary_domains_and_warnings(plan, city):
    dept = Department.objects.create(region=city, name="卫生健康委员会", short_name="卫健委")
    good = add_target(plan, "健康", "甲率", "%", dept, kind="threshold", op=">=", value=50)
    bad = add_target(plan, "健康", "乙率", "%", dept, kind="threshold", op="<=", value=10)
    slow = add_target(plan, "教育", "丙率", "%", kind="threshold", op=">=", value=95)
    add_target(plan, "教育", "丁率", "%", kind="threshold", op=">=", value=95)
    put(good.indicator, city, {2021: 60.0, 2022: 61.0})
    put(bad.indicator, city, {2020: 12.0, 2021: 14.0, 2022: 16.0})
    put(slow.indicator, city, {2020: 80.0, 2021: 80.2, 2022: 80.4})
    pa = services.assess_plan(plan, city, 2022)
    assert pa.summary.counts["achieved"] == 1 and pa.summary.counts["no_data"] == 1
    assert pa.summary.total == 4 and pa.summary.assessable == 3
    assert pa.summary.attainment_rate == pytest.approx(33.3)
    assert [(d.name, s.total) for d, s in pa.by_domain] == [("健康", 2), ("教育", 2)]
    assert [r.indicator.name for r in pa.warnings] == ["乙率", "丙率"]   # off track before at risk
    assert pa.warnings[0].department == dept


def test_one_indicator_is_judged_exactly_as_in_the_whole_plan(plan, city):
    # The indicator page judges only its indicator's targets; it must agree with the dashboard.
    rate = add_target(plan, "健康", "甲率", "%", kind="threshold", op=">=", value=50)
    add_target(plan, "健康", "甲率", "%", kind="threshold", op=">=", value=60, year=2025)   # same indicator
    other = add_target(plan, "教育", "乙率", "%", kind="threshold", op="<=", value=10)
    put(rate.indicator, city, {2020: 40.0, 2021: 45.0, 2022: 48.0})
    put(rate.indicator, city, {2023: 99.0}, state=ValueState.DRAFT)   # not approved: never counted
    put(other.indicator, city, {2021: 14.0, 2022: 16.0})
    whole = services.assess_plan(plan, city, 2023)
    for indicator in (rate.indicator, other.indicator):
        alone = services.assess_indicator(plan, indicator, city, 2023)
        expected = [r for r in whole.results if r.indicator == indicator]
        assert [(r.target.pk, r.status, r.reason, r.points) for r in alone] == \
               [(r.target.pk, r.status, r.reason, r.points) for r in expected]
    assert len(services.assess_indicator(plan, rate.indicator, city, 2023)) == 2


def test_subregions_are_judged_on_their_own_values(plan, city):
    target = add_target(plan, "健康", "某率", "%", kind="threshold", op=">=", value=90)
    a, b = city.children.order_by("code")
    put(target.indicator, a, {2022: 95.0})
    put(target.indicator, b, {2021: 60.0, 2022: 50.0})
    results = services.assess_subregions(plan, city, 2022)
    assert [(pa.region.name, pa.results[0].status) for pa in results] == [("甲县", "achieved"),
                                                                         ("乙县", "off_track")]
    values = services.subregion_values(target.indicator, city, 2022)
    assert [(r.name, p.value if p else None) for r, p in values] == [("甲县", 95.0), ("乙县", 50.0)]
    assert services.latest_year(plan, a) == 2022
    assert services.latest_year(plan, city) is None


def test_queries_do_not_grow_with_targets(plan, city, django_assert_max_num_queries):
    for i in range(30):
        t = add_target(plan, f"领域{i % 3}", f"指标{i}", "%", kind="threshold", op=">=", value=90)
        put(t.indicator, city, {2021: 80.0 + i / 10, 2022: 81.0 + i / 10})
    # targets, values, and who is responsible (the region's obligations, its departments)
    with django_assert_max_num_queries(4):
        pa = services.assess_plan(plan, city, 2022)
    assert len(pa.results) == 30


def test_a_year_far_from_the_plan_is_refused_in_chinese(plan, city):
    with pytest.raises(services.EvaluationError, match="不在"):
        services.assess_plan(plan, city, 1990)


def test_warnings_and_assess_commands(plan, city):
    dept = Department.objects.create(region=city, name="教育局", short_name="教育局")
    bad = add_target(plan, "教育", "乙率", "%", dept, kind="threshold", op="<=", value=10)
    put(bad.indicator, city, {2020: 12.0, 2021: 14.0, 2022: 16.0})
    out = StringIO()
    call_command("warnings", "--plan", plan.pk, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2022 and data["region"] == city.code   # defaults: latest year, plan's region
    assert [(w["indicator"], w["status"], w["department"]) for w in data["warnings"]] == [
        ("乙率", "off_track", "教育局")]
    out = StringIO()
    call_command("assess", "--plan", plan.pk, "--year", "2022", stdout=out)
    assert "退步" in out.getvalue() and "达标率0.0%" in out.getvalue()


@pytest.mark.parametrize("args,message", [
    (["--plan", "999999"], "没有编号为 999999 的纲要"),
    (["--plan", "{plan}", "--region", "000001"], "没有代码为 000001 的区划"),
    (["--plan", "{plan}"], "尚无"),
])
def test_warnings_command_refuses_bad_input_with_exit_2(plan, args, message, capsys):
    args = [a.format(plan=plan.pk) for a in args]
    with pytest.raises(SystemExit) as e:
        call_command("warnings", *args)
    assert e.value.code == 2
    assert message in capsys.readouterr().err


def test_midterm_check_counts_targets_on_their_straight_path(plan, city):
    ahead = add_target(plan, "健康", "甲率", "%", kind="threshold", op=">=", value=90)
    behind = add_target(plan, "健康", "乙率", "%", kind="threshold", op=">=", value=90)
    add_target(plan, "健康", "丙率", "%", kind="threshold", op=">=", value=90)   # no baseline: no path
    put(ahead.indicator, city, {2020: 70.0, 2025: 85.0})    # path asks 80 in 2025
    put(behind.indicator, city, {2020: 70.0, 2025: 75.0})
    pa = services.assess_plan(plan, city, 2025)
    assert [r.on_path for r in pa.results] == [True, False, None]
    assert (pa.summary.on_path, pa.summary.with_path) == (1, 2)


def test_every_region_that_reports_and_every_year(plan, city):
    target = add_target(plan, "健康", "某率", "%", kind="threshold", op=">=", value=90)
    a, b = city.children.order_by("code")
    put(target.indicator, city, {2021: 85.0, 2022: 91.0})
    put(target.indicator, b, {2022: 70.0})
    assert services.reporting_regions(plan) == [city, b]
    regions = services.assess_regions(plan, services.reporting_regions(plan), 2022)
    assert [(pa.region, pa.results[0].current.value) for pa in regions] == [(city, 91.0), (b, 70.0)]
    years = services.assess_years(plan, city, [2021, 2022])
    assert [(pa.year, pa.results[0].status) for pa in years] == [(2021, "no_data"), (2022, "achieved")]
    assert years[0].results[0].current.value == 85.0


def test_a_result_reads_in_the_language_asked_even_from_the_cache(plan, city):
    # One cached assessment serves Chinese and English pages: the sentence is made when read.
    from django.core.cache import cache
    from django.utils import translation
    cache.clear()
    rate = add_target(plan, "健康", "甲率", "%", kind="threshold", op=">=", value=90)
    add_target(plan, "家庭", "男女比例", "", kind="threshold", op="=", ratio="1:3")
    put(rate.indicator, city, {2020: 80.0, 2021: 82.0, 2022: 84.0})
    with translation.override("zh-hans"):
        first = services.assess_plan_cached(plan, city, 2022)
        judged, ratio = first.results
        assert judged.reason.startswith("2022年为84%") and "比例型目标" in ratio.reason
    with translation.override("en"):
        again = services.assess_plan_cached(plan, city, 2022)   # from the cache, not recomputed
        judged, ratio = again.results
        assert judged.reason.startswith("In 2022 the value was 84%, 6 percentage points short of the target of 90%")
        assert ratio.reason.startswith("The ratio target (") and "by hand" in ratio.reason


def test_a_relative_change_of_a_rate_is_judged_in_the_rates_unit(plan, city):
    # 儿童伤害死亡率降低20%: the % is the change, the values are in 1/10万 (no 0–100 bound, no % shown).
    target = add_target(plan, "安全", "某死亡率", "%", kind="change", direction="decrease", value=20, base_year=2020)
    Indicator.objects.filter(pk=target.indicator_id).update(unit="1/10万")
    target.indicator.refresh_from_db()
    put(target.indicator, city, {2020: 150.0, 2021: 140.0, 2022: 131.0})
    result = services.assess_plan(plan, city, 2022).results[0]
    assert result.status == "on_track" and not result.volatile
    assert result.reason.startswith("2022年为131/10万，距目标120/10万"), result.reason
