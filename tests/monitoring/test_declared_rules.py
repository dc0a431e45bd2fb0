"""Rules declared per indicator (校验规则) act on every path that checks values: entry, submit, Excel, load-values."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.monitoring import entry
from lianggang.monitoring import services as s
from lianggang.monitoring.bulk import load_values
from lianggang.monitoring.errors import InvalidValue, ValidationFailed
from lianggang.monitoring.models import ConsistencyRule, RuleKind, SubmissionState, Value
from lianggang.monitoring.tabular import Refused
from tests.factories import health_sub

pytestmark = pytest.mark.django_db

# 婴儿死亡率 and 孕产妇死亡率 as usual; 出生人口数 with 10 births of unknown sex (470 + 520 ≠ 1000).
UNKNOWN_SEX = (("total", "1000"), ("female", "470"), ("male", "520"))


def enter_health(world, births=UNKNOWN_SEX):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2")
    entry.enter_value(world.filler_health, world.round, world.indicators["mmr"], "12.5")
    for sex, n in births:
        entry.enter_value(world.filler_health, world.round, world.indicators["births"], n, sex=sex)


def switch_off_sex_sum(world):
    ConsistencyRule.objects.create(indicator=world.indicators["births"], kind=RuleKind.SEX_SUM, active=False,
                                   note="含性别不详")


def test_female_plus_male_must_make_the_total_when_saved(world):
    with pytest.raises(InvalidValue) as refused:
        enter_health(world)
    assert "之和应等于合计（1000）" in refused.value.message
    assert not Value.objects.filter(indicator=world.indicators["births"], sex="male").exists()


def test_a_rule_declared_after_the_values_were_saved_still_refuses_the_submit(world):
    switch_off_sex_sum(world)
    enter_health(world)
    ConsistencyRule.objects.filter(indicator=world.indicators["births"]).update(active=True)
    with pytest.raises(ValidationFailed) as refused:
        s.submit(world.filler_health, health_sub(world))
    assert "出生人口数" in refused.value.message


def test_an_inactive_declared_sex_sum_lets_a_remainder_through_on_submit(world):
    switch_off_sex_sum(world)
    enter_health(world)
    s.submit(world.filler_health, health_sub(world))
    assert health_sub(world).state == SubmissionState.SUBMITTED


def births_csv(world) -> bytes:
    lines = ["区划代码,区划名称,指标,年度,性别,城乡,年龄组,数值,单位,说明"]
    lines += [f"{world.county_a.code},,出生人口数,2022,{ {'total': '合计', 'female': '女', 'male': '男'}[sex] },,,{n},人,"
              for sex, n in UNKNOWN_SEX]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_load_values_follows_the_declared_rule(world):
    with pytest.raises(Refused):
        load_values(world.statistics, world.plan, "v.csv", births_csv(world))
    switch_off_sex_sum(world)
    assert load_values(world.statistics, world.plan, "v.csv", births_csv(world)).created == 3
    assert Value.objects.get(indicator=world.indicators["births"], year=2022, sex="female").value == Decimal(470)


def test_a_declared_year_on_year_threshold_replaces_the_default(world):
    # Last year's approved 婴儿死亡率 5.0; this year 5.4 (+8 %): under the default threshold, over a declared 5 %.
    Value.objects.create(indicator=world.indicators["imr"], region=world.county_a, year=world.round.year - 1,
                         value=Decimal("5.0"), unit="‰", state="approved")
    enter_health(world, births=(("total", "1000"), ("female", "480"), ("male", "520")))
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.4", expected_version=1)
    codes = lambda: {vf.finding.code for vf in s.validate_submission(health_sub(world))  # noqa: E731
                     if vf.value.indicator == world.indicators["imr"]}
    assert "yoy_change" not in codes()
    ConsistencyRule.objects.create(indicator=world.indicators["imr"], kind=RuleKind.YOY_THRESHOLD,
                                   threshold=Decimal(5))
    assert "yoy_change" in codes()
