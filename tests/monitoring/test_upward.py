"""下级向上级报送: the county reports its approved year, the city accepts or returns it, and a value
the county reopens takes the acceptance above it back."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lianggang.monitoring import entry, services, upward
from lianggang.monitoring.errors import InvalidValue, WrongState
from lianggang.monitoring.models import Round, UpwardState, Value
from tests.factories import fill_health, make_department, make_region

pytestmark = pytest.mark.django_db


def _approve_all(w) -> None:
    fill_health(w)
    entry.enter_value(w.filler_health, w.round, w.indicators["mmr"], "12.2", expected_version=None)
    entry.enter_value(w.filler_edu, w.round, w.indicators["enrol"], "90")
    entry.enter_value(w.filler_edu, w.round, w.indicators["schools"], "12")
    for key, filler in (("health", w.filler_health), ("edu", w.filler_edu)):
        sub = entry.submission_for(w.round, w.departments[key])
        services.submit(filler, sub)
        services.approve(w.statistics, sub)


def _state(rnd: Round) -> str:
    return Round.objects.get(pk=rnd.pk).upward


def test_the_office_cannot_report_before_its_bureau_approved_every_department(world):
    fill_health(world)
    with pytest.raises(WrongState, match="尚未审核通过"):
        upward.report_upward(world.committee, world.round)
    assert _state(world.round) == UpwardState.NOT_REPORTED


def test_a_reported_year_is_accepted_by_the_bureau_above_and_by_no_one_else(world):
    _approve_all(world)
    upward.report_upward(world.committee, world.round)
    assert _state(world.round) == UpwardState.REPORTED
    with pytest.raises(PermissionDenied):
        upward.accept_upward(world.statistics, world.round)     # the county's own bureau
    upward.accept_upward(world.stats_city, world.round)
    assert _state(world.round) == UpwardState.ACCEPTED
    with pytest.raises(WrongState):
        upward.report_upward(world.committee, world.round)      # nothing to report twice


def test_a_return_needs_a_reason_which_the_county_then_reads(world):
    _approve_all(world)
    upward.report_upward(world.committee, world.round)
    with pytest.raises(InvalidValue):
        upward.return_upward(world.stats_city, world.round, "  ")
    upward.return_upward(world.stats_city, world.round, "婴儿死亡率偏低，请核实")
    rnd = Round.objects.get(pk=world.round.pk)
    assert (rnd.upward, rnd.upward_comment) == (UpwardState.RETURNED, "婴儿死亡率偏低，请核实")
    upward.report_upward(world.committee, rnd)                  # corrected and reported again
    assert _state(rnd) == UpwardState.REPORTED


def test_a_reopened_county_value_reopens_the_acceptance_above_it(world):
    _approve_all(world)
    upward.report_upward(world.committee, world.round)
    upward.accept_upward(world.stats_city, world.round)
    value = Value.objects.get(indicator=world.indicators["imr"], region=world.county_a, year=world.round.year)
    services.reopen_value(world.statistics, value, "卫健委更正了死亡登记")
    rnd = Round.objects.get(pk=world.round.pk)
    assert rnd.upward == UpwardState.NOT_REPORTED
    assert "卫健委更正了死亡登记" in rnd.upward_comment
    [row] = [c for c in upward.children_years(world.city, rnd.year) if c.region == world.county_a]
    assert row.state_label == "未上报"


def test_the_city_sees_which_counties_are_late_after_its_deadline(world):
    Round.objects.create(region=world.city, year=world.round.year, deadline=dt.date(2024, 3, 31))
    _approve_all(world)
    upward.report_upward(world.committee, world.round)
    rows = {c.region.code: c for c in upward.children_years(world.city, world.round.year, today=dt.date(2024, 4, 1))}
    assert not rows[world.county_a.code].late                     # reported in time
    assert rows[world.county_b.code].late and rows[world.county_b.code].round is None
    early = upward.children_years(world.city, world.round.year, today=dt.date(2024, 3, 1))
    assert not any(c.late for c in early)


def test_the_page_of_counties_asks_the_same_few_queries_for_two_counties_or_thirty(world, client,
                                                                                    django_assert_max_num_queries):
    from django.core.cache import cache
    client.force_login(world.stats_city)
    url = f"/work/below/{world.round.year}/"
    cache.clear()             # both requests compute the roll-up afresh
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for i in range(28):
        county = make_region(f"1502{50 + i}", f"新区{i}", "county", world.city)
        make_department(county, "卫健")
        Round.objects.create(region=county, year=world.round.year, upward=UpwardState.REPORTED)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-region=") == 30

