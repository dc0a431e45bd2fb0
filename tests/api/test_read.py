"""Reading through the API, persona by persona: allowed returns the object, refused is 404 and leaks nothing."""
from __future__ import annotations

import pytest

from lianggang.accounts.permissions import can
from lianggang.monitoring.models import Value
from lianggang.plans.models import Indicator, Plan, Target
from tests.factories import B_DRAFT, B_PUBLIC, EDU_DRAFT, PERSONAS

PLANS = ["plan", "plan_b", "plan_city", "plan_other"]
PLAN_PAGES = ["", "targets/", "indicators/", "assessment/?year=2023", "warnings/?year=2023"]


def results(response) -> list[dict]:
    return response.json()["results"]


# -- plans ------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, expected", [
    ("admin", PLANS), ("root", PLANS),
    ("committee", ["plan", "plan_b", "plan_city"]),
    ("statistics", ["plan", "plan_b", "plan_city"]),
    ("filler_health", ["plan", "plan_b"]),
    ("filler_edu", ["plan", "plan_b"]),
    ("filler_b", ["plan_b"]),
    ("reader_city", ["plan", "plan_b", "plan_city"]),
    ("stats_city", ["plan", "plan_b", "plan_city"]),
    ("outsider", ["plan_b", "plan_other"]),
    ("anonymous", ["plan_b"]),
])
def test_the_plan_list_holds_exactly_the_plans_the_persona_may_view(world, as_persona, persona, expected):
    response = as_persona(persona).get("/api/plans/")
    assert response.status_code == 200
    assert {p["id"] for p in results(response)} == {getattr(world, name).pk for name in expected}
    hidden = set(PLANS) - set(expected)
    assert not any(getattr(world, name).title in response.content.decode() for name in hidden)


@pytest.mark.parametrize("page", PLAN_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("plan_name", PLANS)
def test_every_plan_page_is_served_exactly_when_can_allows(world, as_persona, persona, plan_name, page):
    plan = getattr(world, plan_name)
    user = getattr(world, persona)
    response = as_persona(persona).get(f"/api/plans/{plan.pk}/{page}")
    results = page.startswith(("assessment", "warnings"))
    if not can(user, "plan.view", plan):
        assert response.status_code == 404
        assert response.json() == {"detail": "没有这个纲要，或无权查看"}
    elif results and not can(user, "results.view", plan):
        # A county reads its city's plan, not the city's results (they are the city's values).
        assert response.status_code == 403
        assert response.json() == {"detail": "无权查看该区划的评估结果"}
    else:
        assert response.status_code == 200, response.content


def test_a_missing_plan_is_404_like_a_hidden_one(as_persona):
    assert as_persona("admin").get("/api/plans/999999/").status_code == 404


def test_the_plan_tree_runs_domains_goals_targets(world, as_persona):
    tree = as_persona("committee").get(f"/api/plans/{world.plan.pk}/").json()
    assert tree["title"] == world.plan.title and tree["region"] == "150203"
    # the plan's own domain (make_indicator's 监测指标 domain holds the indicators it only watches)
    domain = next(d for d in tree["domains"] if d["name"] == "儿童与健康")
    [goal] = domain["goals"]
    assert domain["name"] == "儿童与健康" and goal["code"] == "1"
    assert [t["description"] for t in goal["targets"]] == ["婴儿死亡率 ≤ 5‰", "孕产妇死亡率 ≤ 12/10万",
                                                           "学前教育毛入园率 ≥ 90%"]
    assert goal["targets"][0]["value"] == "5" and goal["targets"][0]["target_year"] == 2030


def test_the_plan_tree_takes_a_fixed_number_of_queries(world, as_persona, django_assert_max_num_queries):
    client = as_persona("admin")
    with django_assert_max_num_queries(8):
        client.get(f"/api/plans/{world.plan.pk}/")


def test_targets_and_indicators_of_a_plan(world, as_persona):
    client = as_persona("filler_health")
    targets = results(client.get(f"/api/plans/{world.plan.pk}/targets/"))
    assert [(t["domain"], t["goal"], t["indicator_name"]) for t in targets if t["domain"] == "儿童与健康"] == [
        ("儿童与健康", "1", "婴儿死亡率"), ("儿童与健康", "1", "孕产妇死亡率"), ("儿童与健康", "1", "学前教育毛入园率")]
    indicators = results(client.get(f"/api/plans/{world.plan.pk}/indicators/"))
    assert len(indicators) == 6
    imr = next(i for i in indicators if i["name"] == "婴儿死亡率")
    assert imr["unit"] == "‰" and imr["better"] == "lower" and imr["department"] == "卫生健康委员会"


# -- indicators -------------------------------------------------------------------------

@pytest.mark.parametrize("persona", PERSONAS)
def test_an_indicator_is_served_with_its_plan_and_hidden_with_it(world, as_persona, persona):
    user = getattr(world, persona)
    client = as_persona(persona)
    for indicator in Indicator.objects.all():
        response = client.get(f"/api/indicators/{indicator.pk}/")
        watching = Plan.objects.filter(domains__items__targets__indicator=indicator)
        if any(can(user, "plan.view", plan) for plan in watching):
            assert response.status_code == 200 and response.json()["name"] == indicator.name
        else:
            assert response.status_code == 404 and indicator.name not in response.content.decode()


# -- results ----------------------------------------------------------------------------

def test_the_assessment_defaults_to_the_plans_region_and_latest_year(world, as_persona):
    body = as_persona("committee").get(f"/api/plans/{world.plan.pk}/assessment/").json()
    assert (body["region"], body["year"]) == ("150203", 2023)
    imr = next(r for r in body["results"] if r["indicator"] == "婴儿死亡率")
    assert imr["current"] == {"year": 2023, "value": 5.2, "flags": []}
    assert [p["year"] for p in imr["series"]] == [2021, 2022, 2023]
    assert body["summary"]["total"] == Target.objects.filter(goal__domain__plan=world.plan).count()


def test_the_assessment_reads_approved_values_only(world, as_persona):
    body = as_persona("admin").get(f"/api/plans/{world.plan.pk}/assessment/?year=2023").json()
    enrol = next(r for r in body["results"] if r["indicator"] == "学前教育毛入园率")
    assert enrol["status"] == "no_data" and EDU_DRAFT not in str(body)


def test_warnings_list_the_targets_at_risk(world, as_persona):
    body = as_persona("committee").get(f"/api/plans/{world.plan.pk}/warnings/").json()
    assessment = as_persona("committee").get(f"/api/plans/{world.plan.pk}/assessment/").json()
    assert [w["target_id"] for w in body["warnings"]] == assessment["warnings"]
    assert body["year"] == 2023 and body["region"] == "150203"


@pytest.mark.parametrize("persona, status", [
    ("reader_city", 200),      # the city reads its counties' results
    ("stats_city", 200),
    ("committee", 403),        # 甲区 may not read 乙区
    ("filler_b", 404),         # cannot see the city plan at all
    ("anonymous", 404),
])
def test_a_sub_region_is_assessed_only_for_those_who_may_see_it(world, as_persona, persona, status):
    response = as_persona(persona).get(f"/api/plans/{world.plan_city.pk}/assessment/?region=150204&year=2023")
    assert response.status_code == status
    if status != 200:
        assert "5.9" not in response.content.decode()


def test_a_region_outside_the_plan_is_refused(world, as_persona):
    response = as_persona("admin").get(f"/api/plans/{world.plan.pk}/assessment/?region=150204&year=2023")
    assert response.status_code == 403 and response.json()["detail"] == "该区划不在本纲要的范围内"


def test_the_public_reads_a_published_plans_results_but_not_its_sub_regions(world, as_persona):
    client = as_persona("anonymous")
    assert client.get(f"/api/plans/{world.plan_b.pk}/assessment/").json()["year"] == 2022
    assert client.get(f"/api/plans/{world.plan_b.pk}/assessment/?region=150203").status_code == 403


@pytest.mark.parametrize("query, message", [
    ("region=999999", "没有代码为 999999 的区划"),
    ("year=1900", "不在《"),
    ("year=abc", "参数 year 应为整数"),
])
def test_bad_result_questions_are_answered_in_chinese(world, as_persona, query, message):
    response = as_persona("admin").get(f"/api/plans/{world.plan.pk}/assessment/?{query}")
    assert response.status_code in (400, 404) and message in response.json()["detail"]


def test_a_region_without_data_asks_for_a_year(world, as_persona):
    response = as_persona("admin").get(f"/api/plans/{world.plan_city.pk}/assessment/")
    assert response.status_code == 400
    assert response.json() == {"detail": "测试市尚无《测试市儿童发展规划（2021—2030年）》指标的已审核数据；请用 year 参数指定年度",
                               "field": "year"}


# -- values -----------------------------------------------------------------------------

def all_pages(client, url: str) -> list[dict]:
    rows = []
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_value_list_holds_exactly_what_the_persona_may_view(world, as_persona, persona):
    from lianggang.accounts.permissions import Action, can
    user = getattr(world, persona)
    listed = {row["id"] for row in all_pages(as_persona(persona), "/api/values/?limit=3")}
    expected = {v.pk for v in Value.objects.select_related("indicator", "submission")
                if can(user, Action.VIEW_VALUE, v)}
    assert listed == expected


@pytest.mark.parametrize("persona, sees", [
    ("anonymous", {B_PUBLIC}),
    ("outsider", {B_PUBLIC}),
    ("filler_b", {B_PUBLIC, B_DRAFT}),
    ("filler_health", {B_PUBLIC}),               # not 甲区 education's draft
    ("filler_edu", {B_PUBLIC, EDU_DRAFT}),
    ("committee", {B_PUBLIC, EDU_DRAFT}),        # own region's drafts, not 乙区's
    ("reader_city", {B_PUBLIC}),                 # approved data only
    ("admin", {B_PUBLIC, B_DRAFT, EDU_DRAFT}),
])
def test_drafts_never_leak_outside_their_scope(world, as_persona, persona, sees):
    text = as_persona(persona).get("/api/values/").content.decode()
    for number in (B_PUBLIC, B_DRAFT, EDU_DRAFT):
        assert (f'"{number}"' in text) is (number in sees), number


def test_the_public_sees_no_value_of_an_unpublished_plan(world, as_persona):
    rows = results(as_persona("anonymous").get("/api/values/"))
    # only 乙区's plan is published: its values, none of the city's or 甲区's
    assert rows and {r["region"] for r in rows} == {world.plan_b.region.code}
    assert {r["state"] for r in rows} == {"approved"}


def test_values_filter_by_plan_region_year_and_indicator(world, as_persona):
    client = as_persona("admin")
    imr = world.indicators["imr"]
    rows = results(client.get(f"/api/values/?plan={world.plan.pk}&region=150203&indicator={imr.pk}"))
    assert [(r["year"], r["value"]) for r in rows] == [(2021, "6"), (2022, "5.6"), (2023, "5.2")]
    rows = results(client.get("/api/values/?year=2022"))
    assert {(r["indicator_name"], r["region"]) for r in rows} == {("婴儿死亡率", "150203"), ("婴儿死亡率", "150204")}
    response = client.get("/api/values/?plan=x")
    assert response.status_code == 400 and response.json()["field"] == "plan"


def test_the_value_list_takes_a_fixed_number_of_queries(world, as_persona, django_assert_max_num_queries):
    client = as_persona("filler_health")
    with django_assert_max_num_queries(8):
        client.get("/api/values/")
