"""Entering values through POST /api/rounds/{id}/values/: in scope it saves, outside it is refused."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.monitoring.models import Round, Value, ValueChange
from tests.factories import EDU_DRAFT


@pytest.fixture
def round_2024(world):
    """An open 甲区 round with nothing entered yet (2023 is approved for health)."""
    from lianggang.monitoring.services import open_round
    return open_round(world.committee, world.county_a, 2024)


def url(rnd: Round) -> str:
    return f"/api/rounds/{rnd.pk}/values/"


def cell(indicator, value, **fields) -> dict:
    return {"indicator": indicator.pk, "value": value, **fields}


def test_a_filler_enters_its_departments_values_in_one_batch(world, as_persona, round_2024):
    ind = world.indicators
    response = as_persona("filler_health").post(url(round_2024), [
        cell(ind["imr"], "5.1"), cell(ind["births"], 480, sex="female"), cell(ind["mmr"], "12", note="年报")],
        format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["entered"] == 3
    assert [(v["indicator_name"], v["sex"], v["value"], v["version"], v["state"]) for v in body["values"]] == [
        ("婴儿死亡率", "total", "5.1", 1, "draft"), ("出生人口数", "female", "480", 1, "draft"),
        ("孕产妇死亡率", "total", "12", 1, "draft")]
    saved = Value.objects.get(indicator=ind["mmr"], region=world.county_a, year=2024)
    assert saved.note == "年报" and saved.updated_by == world.filler_health
    assert ValueChange.objects.filter(value__year=2024, user=world.filler_health).count() == 3


def test_changing_a_value_needs_the_version_read_and_a_stale_one_is_409(world, as_persona, round_2024):
    client = as_persona("filler_health")
    imr = world.indicators["imr"]
    first = client.post(url(round_2024), [cell(imr, "5.1")], format="json").json()["values"][0]
    changed = client.post(url(round_2024), {"values": [cell(imr, "5.0", version=first["version"])],
                                            "reason": "按年报更正"}, format="json")
    assert changed.status_code == 200 and changed.json()["values"][0]["version"] == 2
    assert ValueChange.objects.filter(value_id=first["id"]).last().reason == "按年报更正"
    stale = client.post(url(round_2024), [cell(imr, "4.9", version=first["version"])], format="json")
    assert stale.status_code == 409
    assert stale.json()["field"] == "version" and "请刷新后再保存" in stale.json()["detail"]
    unversioned = client.post(url(round_2024), [cell(imr, "4.8")], format="json")
    assert unversioned.status_code == 409
    assert Value.objects.get(pk=first["id"]).value == Decimal("5.0")


@pytest.mark.parametrize("rows, field, index, message", [
    ([{"value": "5"}], "indicator", 0, "第1条的 indicator"),
    ([{"indicator": 999999, "value": "5"}], "indicator", 0, "没有编号为 999999 的指标"),
    (["mmr:12", "imr:1200"], "value", 1, "婴儿死亡率：单位为‰的数值应在0到1000之间"),
    (["imr:五"], "value", 0, "“五”不是数字"),
    (["imr:5/female"], "sex", 0, "没有性别分组“女”"),
    (["imr:5.1", "imr:5.2"], "indicator", 1, "同一分组填报了两次"),
    (["enrol:90"], "indicator", 0, "“学前教育毛入园率”不是卫生健康委员会本次应填报的指标"),
    ([], "values", 0, "没有要保存的数据"),
])
def test_bad_cells_are_refused_with_a_chinese_message_the_field_and_the_row(world, as_persona, round_2024,
                                                                           rows, field, index, message):
    def expand(row):
        if not isinstance(row, str):
            return row
        key, _, rest = row.partition(":")
        number, _, sex = rest.partition("/")
        return cell(world.indicators[key], number, **({"sex": sex} if sex else {}))
    response = as_persona("filler_health").post(url(round_2024), [expand(r) for r in rows], format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert message in body["detail"] and body["field"] == field
    assert body.get("index", 0) == index
    assert not Value.objects.filter(year=2024).exists()     # all or nothing


@pytest.mark.parametrize("persona, status", [
    ("filler_b", 403),        # another county's filler
    ("committee", 403),       # no department: offices do not enter values
    ("statistics", 403),
    ("reader_city", 403),
    ("admin", 403),
    ("outsider", 403),
    ("anonymous", 403),
])
def test_those_outside_the_round_cannot_enter(world, as_persona, round_2024, persona, status):
    submissions = round_2024.submissions.count()
    response = as_persona(persona).post(url(round_2024), [cell(world.indicators["imr"], "5.1")], format="json")
    assert response.status_code == status
    assert not Value.objects.filter(year=2024).exists()
    assert round_2024.submissions.count() == submissions     # nothing made on the refused one's behalf


def test_a_refused_caller_learns_nothing_from_validation(world, as_persona, round_2024):
    response = as_persona("filler_b").post(url(round_2024), [cell(world.indicators["imr"], "五")], format="json")
    assert response.status_code == 403 and "不是数字" not in response.json()["detail"]


def test_a_filler_cannot_enter_another_departments_indicator(world, as_persona, round_2024):
    response = as_persona("filler_edu").post(url(round_2024), [cell(world.indicators["imr"], "5.1")], format="json")
    assert response.status_code == 400 and "“婴儿死亡率”不是教育局本次应填报的指标" in response.json()["detail"]


def test_an_approved_submission_cannot_be_changed(world, as_persona):
    value = Value.objects.get(indicator=world.indicators["imr"], region=world.county_a, year=2023)
    response = as_persona("filler_health").post(url(world.round), [cell(world.indicators["imr"], "5.0",
                                                                        version=value.version)], format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "本单位填报已审核，不能修改（已锁定，如需更正，请统计局重新开放）", "field": "state"}


def test_a_closed_round_refuses(world, as_persona):
    Round.objects.filter(pk=world.round.pk).update(is_open=False)
    edu = Value.objects.get(indicator=world.indicators["enrol"], year=2023)
    response = as_persona("filler_edu").post(url(world.round), [cell(world.indicators["enrol"], "70",
                                                                     version=edu.version)], format="json")
    assert response.status_code == 400 and response.json()["field"] == "round"
    assert str(Value.objects.get(pk=edu.pk).value.normalize()) == EDU_DRAFT


@pytest.mark.parametrize("body, message", [
    ("5.1", "请求体应为数据的列表"),
    ({"values": "x"}, "请求体应为数据的列表"),
    ({"values": [], "reason": ["x"]}, "reason："),
    ([{"indicator": "imr", "value": "5"}], "第1条的 indicator：请填写合法的整数值。"),
])
def test_a_malformed_body_is_refused_with_one_message(world, as_persona, round_2024, body, message):
    response = as_persona("filler_health").post(url(round_2024), body, format="json")
    assert response.status_code == 400
    assert message in response.json()["detail"] and "ErrorDetail" not in response.json()["detail"]


def test_an_unknown_round_is_404(as_persona):
    assert as_persona("filler_health").post("/api/rounds/999999/values/", [], format="json").status_code == 404


def test_a_filler_sets_source_and_flags_and_reads_them_back(world, as_persona, round_2024):
    client = as_persona("filler_health")
    imr = world.indicators["imr"]
    body = client.post(url(round_2024), [cell(imr, "5.1", source="卫统年报", flags=["estimated", "provisional"])],
                       format="json").json()
    [saved] = body["values"]
    assert (saved["source"], saved["flags"], saved["provisional"]) == ("卫统年报", ["provisional", "estimated"], True)
    read = client.get(f"/api/values/?plan={world.plan.pk}&region=150203&year=2024&indicator={imr.pk}").json()
    assert [(v["source"], v["flags"]) for v in read["results"]] == [("卫统年报", ["provisional", "estimated"])]
    kept = client.post(url(round_2024), [cell(imr, "5.0", version=saved["version"])], format="json").json()
    assert (kept["values"][0]["source"], kept["values"][0]["flags"]) == ("卫统年报", ["provisional", "estimated"])
    cleared = client.post(url(round_2024), [cell(imr, "5.0", version=kept["values"][0]["version"], source="",
                                                 flags=[])], format="json").json()
    assert (cleared["values"][0]["source"], cleared["values"][0]["flags"]) == ("", [])


@pytest.mark.parametrize("fields, field", [
    ({"flags": ["provisional", "draft"]}, "flags"),
    ({"flags": "provisional"}, "flags"),
    ({"source": "年" * 51}, "source"),
])
def test_a_bad_source_or_flag_is_refused_with_the_field_and_the_row(world, as_persona, round_2024, fields, field):
    response = as_persona("filler_health").post(url(round_2024), [
        cell(world.indicators["mmr"], "12"), cell(world.indicators["imr"], "5.1", **fields)], format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert (body["field"], body["index"]) == (field, 1) and body["detail"].startswith(f"第2条的 {field}：")
    assert not Value.objects.filter(year=2024).exists()
