import pytest
from django.contrib.auth import get_user_model

from lianggang.demo.build import build_demo
from lianggang.plans.models import Plan, Target

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_holds_the_nine_seed_plans_and_an_administrator():
    report = build_demo(plans_from="gold")
    seeds = Plan.objects.exclude(source__startswith="upper/").exclude(source__startswith="counties/")
    assert seeds.count() == 9
    # the national plans sit above every seed plan, and the county plans under 嘉兴市's
    assert Plan.objects.filter(region__code="000000").count() == 2
    assert all(p.upper_plan is not None for p in seeds)
    assert Plan.objects.filter(region__parent__code="330400", upper_plan__region__code="330400").count() >= 4
    assert Target.objects.count() > 600
    username, password = report.logins[0][1:]
    assert get_user_model().objects.get(username=username).check_password(password)


@pytest.mark.slow
def test_building_the_demo_twice_duplicates_nothing():
    build_demo(plans_from="gold")
    counts = (Plan.objects.count(), Target.objects.count())
    build_demo(plans_from="gold")
    assert (Plan.objects.count(), Target.objects.count()) == counts


@pytest.mark.slow
def test_the_demo_has_sample_values_an_open_round_and_a_login_per_role(client):
    from lianggang.accounts.models import Role
    from lianggang.monitoring.models import Round, SubmissionState, Value

    report = build_demo(plans_from="gold")
    assert Value.objects.filter(is_sample=True).count() > 10000
    rnd = Round.objects.get(region__code="330400", year=2025)
    states = sorted(rnd.submissions.values_list("state", flat=True))
    assert states.count(SubmissionState.DRAFT) == 1 and states.count(SubmissionState.SUBMITTED) == 1
    assert states.count(SubmissionState.APPROVED) == len(states) - 2
    users = {username: password for _, username, password in report.logins}
    roles = {get_user_model().objects.get(username=u).profile.role for u in users if u != "admin"}
    assert roles == {Role.COMMITTEE, Role.STATISTICS, Role.FILLER, Role.READER}
    assert get_user_model().objects.get(username="county_stats").profile.region.code == "330402"
    filler = get_user_model().objects.get(username="filler1")
    assert filler.profile.department == rnd.submissions.get(state=SubmissionState.DRAFT).department
    assert client.login(username="stats", password=users["stats"])
    rounds = Round.objects.count()
    # Running it again prints new passwords and leaves the round as it was.
    again = build_demo(plans_from="gold")
    assert {u: p for _, u, p in again.logins}["stats"] != users["stats"]
    assert Round.objects.count() == rounds and sorted(rnd.submissions.values_list("state", flat=True)) == states


@pytest.mark.slow
def test_the_demo_city_sees_its_counties_in_every_state_of_the_chain(client):
    from lianggang.monitoring.models import Round, SubmissionState, UpwardState
    from lianggang.monitoring.upward import children_years
    from lianggang.regions.models import Region

    report = build_demo(plans_from="gold")
    city = Region.objects.get(code="330400")
    rows = {c.region.name: c for c in children_years(city, 2025)}
    assert rows["秀洲区"].round.upward == UpwardState.ACCEPTED
    assert rows["南湖区"].round.upward == UpwardState.RETURNED and rows["南湖区"].round.upward_comment
    assert rows["嘉善县"].round.upward == UpwardState.REPORTED
    assert rows["海盐县"].late and rows["海盐县"].round.submissions.filter(state=SubmissionState.DRAFT).exists()
    assert not rows["嘉善县"].late
    # the city's bureau sees them on its page, with the reason of the return
    users = {username: password for _, username, password in report.logins}
    assert client.login(username="stats", password=users["stats"])
    page = client.get("/work/below/2025/").content.decode()
    assert rows["南湖区"].round.upward_comment in page and page.count("逾期") >= 1
    assert Round.objects.filter(region__parent=city, year=2025).count() == 4
    # births and deaths are collected as counts: the city's infant and maternal mortality roll up
    from lianggang.monitoring.rollup import region_rollups
    from lianggang.plans.models import Indicator
    rates = Indicator.objects.filter(standard__name__in=["婴儿死亡率", "孕产妇死亡率"]).select_related("standard")
    rolled = region_rollups(rates, city, 2024).values()
    assert len(rolled) == 2 and all(r.result.computed and r.result.parts == city.children.count() for r in rolled)
