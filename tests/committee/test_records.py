"""Meetings, funds (against the plan's stated minimum) and supervision visits to closure."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lianggang.committee import services
from lianggang.committee.errors import CommitteeError
from lianggang.committee.funds import find_minimums
from lianggang.committee.models import CorrectionState, Meeting, VisitState


# -- the minimum a plan states ----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("盟级每年不少于20万元，旗区级不少于5万元。", [("city", "20"), ("county", "5")]),
    ("市级财政每年安排工作经费不低于30万元", [("city", "30")]),
    ("县（市、区）级每年不少于10.5万元", [("county", "10.5")]),
    ("省级每年至少100万元", [("province", "100")]),
    ("保证年均经费州级15万元以上，县级3万元及以上", [("city", "15"), ("county", "3")]),
    # no minimum: an amount that is not per level, or a number without 万元
    ("累计投入不少于20万元", []),
    ("盟级每年不少于20人", []),
])
def test_find_minimums(text, expected):
    assert [(m.level, str(m.amount)) for m in find_minimums(text)] == expected


def test_funds_below_the_stated_minimum_show_the_shortfall(cworld):
    w = cworld
    w.plan.source_text = "（四）经费保障。市级每年不少于20万元，县区级每年不少于5万元。"
    w.plan.save()
    found = services.read_fund_minimums(w.committee, w.plan)
    assert {(m.level, m.amount) for m in found} == {("city", Decimal(20)), ("county", Decimal(5))}
    services.record_funds(w.committee, w.county_a, 2024, budgeted="3.5", spent="3.2")
    services.record_funds(w.committee, w.county_a, 2025, budgeted="6", spent="")
    lines = {f.year: f for f in services.fund_lines(w.county_a, [2023, 2024, 2025])}
    assert lines[2024].minimum == Decimal(5) and lines[2024].shortfall == Decimal("1.5")
    assert lines[2025].shortfall == Decimal(0) and lines[2025].spent is None
    assert lines[2023].budgeted is None and lines[2023].shortfall == Decimal(5)


@pytest.mark.parametrize("budgeted, message", [("", "请填写预算"), ("二十", "不是数字"), ("-1", "不小于0"),
                                               ("1.234", "至多两位小数")])
def test_bad_amounts_are_refused(cworld, budgeted, message):
    with pytest.raises(CommitteeError, match=message):
        services.record_funds(cworld.committee, cworld.county_a, 2025, budgeted=budgeted)


@pytest.mark.parametrize("persona", ["statistics", "filler_health", "reader_city", "filler_b"])
def test_only_the_office_records_funds_meetings_and_visits(cworld, persona):
    w = cworld
    user = getattr(w, persona)
    with pytest.raises(PermissionDenied):
        services.record_funds(user, w.county_a, 2025, budgeted="5")
    with pytest.raises(PermissionDenied):
        services.record_meeting(user, w.county_a, kind="plenary", date=dt.date(2025, 1, 1), title="会", attendees="人")
    with pytest.raises(PermissionDenied):
        services.record_visit(user, w.county_a, visited=w.county_a, date=dt.date(2025, 1, 1), place="",
                              inspectors="人", findings="问题", corrections=[])


def test_a_meeting_missing_its_fields_is_refused_whole(cworld):
    with pytest.raises(CommitteeError) as e:
        services.record_meeting(cworld.committee, cworld.county_a, kind="annual", date=None, title=" ", attendees="")
    for part in ("会议类别应为全体会议、联络员会议、专题会议", "请填写会议日期", "请填写会议名称", "请填写出席人员"):
        assert part in str(e.value)
    assert not Meeting.objects.exists()


def test_a_visit_is_closed_when_every_correction_is_closed(cworld):
    w = cworld
    visit = services.record_visit(w.committee, w.county_a, visited=w.county_a, date=dt.date(2025, 5, 10),
                                  place="区妇幼保健院", inspectors="工委办 张三", findings="台账不全",
                                  corrections=[("补齐台账", dt.date(2025, 6, 30)), ("建立月报制度", None)])
    first, second = visit.corrections.all()
    assert visit.state == VisitState.OPEN
    services.follow_up_correction(w.committee, first, CorrectionState.DONE, "已补齐")
    with pytest.raises(CommitteeError, match="不能从"):
        services.follow_up_correction(w.committee, second, CorrectionState.CLOSED, "直接销号")
    services.follow_up_correction(w.committee, first, CorrectionState.CLOSED, "核实无误")
    services.follow_up_correction(w.committee, second, CorrectionState.IN_PROGRESS, "正在制定")
    assert visit.state == VisitState.OPEN
    services.follow_up_correction(w.committee, second, CorrectionState.DONE, "已印发")
    services.follow_up_correction(w.committee, second, CorrectionState.CLOSED, "核实")
    assert visit.state == VisitState.CLOSED
    second.refresh_from_db()
    assert second.closed_at is not None and second.follow_up.count("\n") == 2


def test_a_visit_outside_the_offices_region_is_refused(cworld):
    w = cworld
    with pytest.raises(CommitteeError, match="本区划或其下级"):
        services.record_visit(w.committee, w.county_a, visited=w.county_b, date=dt.date(2025, 1, 1), place="",
                              inspectors="人", findings="问题", corrections=[])
