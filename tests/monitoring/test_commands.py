"""The monitoring commands: thin, permission-checked, exit 2 with a message on bad input."""
from __future__ import annotations

import csv
import datetime as dt
from io import StringIO

import pytest

from lianggang.monitoring import entry
from lianggang.monitoring import services as s
from lianggang.monitoring.models import Round, SubmissionState, Value, ValueState
from tests.commands import run
from tests.factories import fill_health, health_sub


def test_open_round_lists_unassigned_indicators(world):
    deadline = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    code, out, err = run("open_round", "--region", "150203", "--year", "2024", "--deadline", deadline,
                         "--user", "gongwei")
    assert code == 0, err
    assert "孤儿集中养育率" in out and Round.objects.filter(year=2024).exists()


@pytest.mark.parametrize("args, message", [
    (["--region", "150203", "--year", "2035", "--user", "gongwei"], "没有覆盖2035年的纲要"),
    (["--region", "999999", "--year", "2024", "--user", "gongwei"], "没有区划代码"),
    (["--region", "150203", "--year", "2024", "--deadline", "31/3", "--user", "gongwei"], "YYYY-MM-DD"),
    (["--region", "150203", "--year", "2024", "--deadline", "2020-03-31", "--user", "gongwei"], "已过"),
    (["--region", "150203", "--year", "2024", "--user", "nobody"], "没有用户"),
    (["--region", "150203", "--year", "2024", "--user", "weijian"], "无权"),
])
def test_open_round_refuses_bad_input_with_exit_2(world, args, message):
    code, out, err = run("open_round", *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_submit_approve_return_reopen_from_the_command_line(world):
    fill_health(world)
    rid = str(world.round.pk)
    assert run("submit", "--round", rid, "--department", "卫健", "--user", "weijian")[0] == 0
    imr = Value.objects.get(indicator=world.indicators["imr"])
    code, out, err = run("return", "--round", rid, "--department", "卫健", "--comment", "请核对",
                         "--value", f"{imr.pk}=偏高", "--user", "tongji")
    assert code == 0, err
    assert health_sub(world).state == SubmissionState.RETURNED
    assert run("submit", "--round", rid, "--department", "卫健", "--user", "weijian")[0] == 0
    assert run("approve", "--round", rid, "--department", "卫健", "--user", "tongji")[0] == 0
    assert Value.objects.get(pk=imr.pk).state == ValueState.APPROVED
    code, out, err = run("reopen_value", "--value", str(imr.pk), "--reason", "年报更正", "--user", "tongji")
    assert code == 0, err
    assert Value.objects.get(pk=imr.pk).state == ValueState.DRAFT


def test_a_filler_cannot_submit_another_department_from_the_command_line(world):
    fill_health(world)
    code, out, err = run("submit", "--round", str(world.round.pk), "--department", "卫健", "--user", "jiaoyu")
    assert code == 2 and "无权" in err


def test_a_filler_cannot_approve_or_reopen_from_the_command_line(world):
    fill_health(world)
    rid = str(world.round.pk)
    run("submit", "--round", rid, "--department", "卫健", "--user", "weijian")
    assert run("approve", "--round", rid, "--department", "卫健", "--user", "weijian")[0] == 2
    assert run("return", "--round", rid, "--department", "卫健", "--comment", "x", "--user", "weijian")[0] == 2
    s.approve(world.statistics, health_sub(world))
    v = Value.objects.first()
    code, _, err = run("reopen_value", "--value", str(v.pk), "--reason", "x", "--user", "weijian")
    assert code == 2 and "无权" in err


def test_submit_refusal_lists_findings(world):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5")
    code, out, err = run("submit", "--round", str(world.round.pk), "--department", "卫健", "--user", "weijian")
    assert code == 2 and "尚未填报" in err


def test_completeness_prints_a_table_with_the_late(world):
    world.round.deadline = __import__("datetime").date(2024, 3, 31)
    world.round.save()
    code, out, err = run("completeness", "--round", str(world.round.pk), "--date", "2024-04-02")
    assert code == 0, err
    assert "卫健" in out and "逾期" in out and "孤儿集中养育率" in out


def test_value_history_writes_csv(world, tmp_path):
    fill_health(world)
    target = tmp_path / "h.csv"
    code, out, err = run("value_history", "--round", str(world.round.pk), "--user", "tongji", "--output", str(target))
    assert code == 0, err
    rows = list(csv.DictReader(StringIO(target.read_text(encoding="utf-8-sig"))))
    # A person reads 填报 and 草稿, not the codes the services write.
    assert [r["动作"] for r in rows] == ["填报"] * 5 and {r["新状态"] for r in rows} == {"草稿"}
    code, out, err = run("value_history", "--value", str(Value.objects.first().pk), "--user", "tongji")
    assert code == 0 and ",填报," in out


def test_validation_rules_lists_every_rule(world):
    from lianggang.monitoring.rules import RULES
    code, out, err = run("validation_rules")
    assert code == 0
    assert all(code_ in out for code_ in RULES)
