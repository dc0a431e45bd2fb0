"""A whole monitoring year: open, enter, validate, submit, return, correct, approve, lock, reopen."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lianggang.monitoring import entry
from lianggang.monitoring import services as s
from lianggang.monitoring.errors import InvalidValue, StaleVersion, ValidationFailed, WrongState
from lianggang.monitoring.models import (Obligation, ReviewComment, Submission, SubmissionState, Value,
                                         ValueState)
from tests.factories import fill_health, health_sub


def test_open_round_makes_obligations_and_lists_unassigned(world):
    rnd = s.open_round(world.committee, world.county_a, 2024, dt.date.today() + dt.timedelta(days=90))
    assert Obligation.objects.filter(round=rnd).count() == 5
    assert [i.name for i in s.unassigned_indicators(rnd)] == ["孤儿集中养育率"]
    s.assign_indicator(world.committee, rnd, world.indicators["orphan"], world.departments["edu"])
    assert s.unassigned_indicators(rnd) == []
    s.unassign_indicator(world.committee, rnd, world.indicators["orphan"])
    assert len(s.unassigned_indicators(rnd)) == 1


def test_a_filler_cannot_open_a_round(world):
    with pytest.raises(PermissionDenied):
        s.open_round(world.filler_health, world.county_a, 2024)


def test_opening_the_same_round_twice_is_refused(world):
    with pytest.raises(WrongState):
        s.open_round(world.committee, world.county_a, 2023)


def test_a_round_follows_the_plans_in_force_and_opens_with_a_deadline_ahead(world):
    with pytest.raises(InvalidValue) as refused:
        s.open_round(world.committee, world.county_a, 2031)            # the plan runs 2021—2030
    assert refused.value.field == "year"
    with pytest.raises(InvalidValue) as refused:
        s.open_round(world.committee, world.county_a, 2024, dt.date(2024, 1, 1), today=dt.date(2025, 1, 10))
    assert refused.value.field == "deadline"
    assert s.open_round(world.committee, world.county_a, 2020).year == 2020   # the baseline year


def test_entering_keeps_history_with_who_old_new_and_why(world):
    v = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.20")
    assert v.value == Decimal("5.2") and v.unit == "‰" and v.version == 1
    v = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.1", expected_version=1,
                      reason="按年报更正")
    assert v.version == 2
    hist = s.value_history(world.filler_health, v)
    assert [(h.action, h.old_value, h.new_value, h.reason) for h in hist] == [
        ("value.entered", None, Decimal("5.2"), ""), ("value.entered", Decimal("5.2"), Decimal("5.1"), "按年报更正")]
    assert hist[1].user == world.filler_health


def test_the_second_of_two_concurrent_edits_is_refused(world):
    v = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2")
    read_by_a = read_by_b = v.version
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.3", expected_version=read_by_a)
    with pytest.raises(StaleVersion, match="请刷新后再保存"):
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.4", expected_version=read_by_b)
    assert Value.objects.get(pk=v.pk).value == Decimal("5.3")


def test_filler_cannot_edit_another_departments_value(world):
    with pytest.raises(PermissionDenied):
        entry.enter_value(world.filler_edu, world.round, world.indicators["imr"], "5.2")


def test_filler_of_another_region_cannot_edit(world):
    with pytest.raises(PermissionDenied):
        entry.enter_value(world.filler_b, world.round, world.indicators["imr"], "5.2")


def test_filler_cannot_submit_another_departments_submission(world):
    fill_health(world)
    with pytest.raises(PermissionDenied):
        s.submit(world.filler_edu, health_sub(world))


def test_filler_cannot_approve_return_or_reopen(world):
    fill_health(world)
    s.submit(world.filler_health, health_sub(world))
    for act in (lambda: s.approve(world.filler_health, health_sub(world)),
                lambda: s.return_for_revision(world.filler_health, health_sub(world), "x")):
        with pytest.raises(PermissionDenied):
            act()
    s.approve(world.statistics, health_sub(world))
    with pytest.raises(PermissionDenied):
        s.reopen_value(world.filler_health, Value.objects.first(), "x")


def test_entry_refuses_a_value_out_of_range_with_a_chinese_message(world):
    with pytest.raises(InvalidValue, match="0到1000之间") as e:
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "1200")
    assert e.value.field == "value"
    with pytest.raises(InvalidValue, match="不是数字"):
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "五")
    with pytest.raises(InvalidValue, match="没有性别分组"):
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5", sex="female")


def test_inconsistent_sexes_are_refused_when_the_last_of_them_is_saved(world):
    ind = world.indicators
    for sex, n in (("total", "1000"), ("female", "480")):
        entry.enter_value(world.filler_health, world.round, ind["births"], n, sex=sex)
    with pytest.raises(InvalidValue, match="之和应等于合计"):
        entry.enter_value(world.filler_health, world.round, ind["births"], "500", sex="male")


def test_submit_refuses_missing_indicators(world):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2")
    with pytest.raises(ValidationFailed, match="尚未填报"):
        s.submit(world.filler_health, health_sub(world))


def test_submit_refuses_a_year_on_year_jump_until_it_is_explained(world):
    from lianggang.monitoring.models import Round
    last = Round.objects.create(region=world.county_a, year=2022)
    Obligation.objects.create(round=last, department=world.departments["health"], indicator=world.indicators["imr"])
    entry.enter_value(world.filler_health, last, world.indicators["imr"], "3.0")
    fill_health(world)  # 5.2 against 3.0: +73 %
    with pytest.raises(ValidationFailed, match="超过阈值30%"):
        s.submit(world.filler_health, health_sub(world))
    v = Value.objects.get(indicator=world.indicators["imr"], year=2023)
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2", expected_version=v.version,
                  note="新生儿监测口径扩大")
    warnings = s.submit(world.filler_health, health_sub(world))
    assert [w.code for w in warnings] == ["yoy_change"]


def test_the_whole_year_submit_return_correct_approve_lock_reopen(world):
    fill_health(world)
    sub = health_sub(world)
    s.submit(world.filler_health, sub)
    assert Submission.objects.get(pk=sub.pk).state == SubmissionState.SUBMITTED
    with pytest.raises(WrongState):
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.0", expected_version=2)
    imr = Value.objects.get(indicator=world.indicators["imr"])
    s.return_for_revision(world.statistics, sub, "请核对婴儿死亡率", {imr: "与卫健年报不一致"})
    assert ReviewComment.objects.get().text == "与卫健年报不一致"
    imr.refresh_from_db()
    assert imr.state == ValueState.RETURNED
    imr = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.0",
                        expected_version=imr.version)
    assert imr.state == ValueState.DRAFT
    s.submit(world.filler_health, sub)
    s.approve(world.statistics, sub)
    imr.refresh_from_db()
    assert imr.state == ValueState.APPROVED
    with pytest.raises(WrongState, match="重新开放"):
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "4.9", expected_version=imr.version)
    with pytest.raises(InvalidValue):
        s.reopen_value(world.statistics, imr, "")
    imr = s.reopen_value(world.statistics, imr, "卫健委更正年报")
    assert imr.state == ValueState.DRAFT
    imr = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "4.9", expected_version=imr.version)
    actions = [c.action for c in s.value_history(world.statistics, imr)]
    assert actions == ["value.entered", "value.submitted", "value.returned", "value.entered", "value.submitted",
                       "value.approved", "value.reopened", "value.entered"]
    assert s.value_history(world.statistics, imr)[6].reason == "卫健委更正年报"


def test_completeness_counts_and_flags_the_late(world):
    world.round.deadline = dt.date(2024, 3, 31)
    world.round.save()
    fill_health(world)
    s.submit(world.filler_health, health_sub(world))
    rows = {r.department.short_name: r for r in s.completeness(world.round, today=dt.date(2024, 4, 1))}
    assert (rows["卫健"].owed, rows["卫健"].entered, rows["卫健"].submitted, rows["卫健"].approved) == (3, 3, 3, 0)
    assert not rows["卫健"].late
    assert (rows["教育"].owed, rows["教育"].entered, rows["教育"].late) == (2, 0, True)


def test_history_exports_as_csv(world):
    import io
    fill_health(world)
    out = io.StringIO()
    n = s.write_history_csv(world.statistics, Value.objects.all(), out)
    assert n == 5 and out.getvalue().splitlines()[0].startswith("指标,区划代码")


def test_flags_source_and_note_are_kept(world):
    v = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2", source="部门年报",
                      note="初步统计", flags={"provisional": True, "series_break": True})
    assert (v.source, v.note, v.provisional, v.series_break, v.estimated) == ("部门年报", "初步统计", True, True, False)
    v = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2", expected_version=v.version,
                      flags={"provisional": False, "revised": True})
    assert (v.provisional, v.revised, v.series_break) == (False, True, True)


def test_a_save_whose_version_check_passed_but_lost_the_race_is_refused(world, monkeypatch):
    """Both read version 1; the other save lands between our check and our UPDATE."""
    v = entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2")
    real_filter = Value.objects.filter

    def racing_filter(*args, **kwargs):
        if kwargs.get("version") == 1 and "pk" in kwargs:
            Value.objects.all().update(version=2, value=Decimal("6"))  # the other person's save
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Value.objects, "filter", racing_filter)
    with pytest.raises(StaleVersion, match="刚被他人修改"):
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.4", expected_version=1)
    monkeypatch.undo()
    # (the simulated other save shared our rolled-back transaction; what matters is ours did not land)
    assert Value.objects.get(pk=v.pk).value != Decimal("5.4")
