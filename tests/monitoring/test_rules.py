"""The validation rules, table by table: pure functions over plain data."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from lianggang.monitoring import rules
from lianggang.monitoring.rules import Cell, IndicatorMeta, check_consistency

PCT = IndicatorMeta("学前教育毛入园率", "%", by_area=True)
PERMILLE = IndicatorMeta("婴儿死亡率", "‰")
PER100K = IndicatorMeta("孕产妇死亡率", "1/10万")
COUNT = IndicatorMeta("出生人口数", "人", by_sex=True, age_groups=("0-5岁",))
AGE = IndicatorMeta("平均预期寿命", "岁")
FREE = IndicatorMeta("某项指标", "")


def codes(findings):
    return [f.code for f in findings]


@pytest.mark.parametrize("meta, text, expected", [
    # numbers
    (PCT, "95.5", []),
    (PCT, "1,000", ["unit_range"]),
    (PCT, "abc", ["not_a_number"]),
    (PCT, "", ["not_a_number"]),
    (PCT, "NaN", ["not_a_number"]),
    # % 0–100
    (PCT, "0", []),
    (PCT, "100", []),
    (PCT, "100.1", ["unit_range"]),
    (PCT, "-1", ["non_negative"]),
    # ‰ 0–1000
    (PERMILLE, "1000", []),
    (PERMILLE, "1000.5", ["unit_range"]),
    # 1/10万 0–100,000
    (PER100K, "100000", []),
    (PER100K, "150000", ["unit_range"]),
    (PER100K, "-0.1", ["non_negative"]),
    # ages
    (AGE, "78.6", []),
    (AGE, "160", ["unit_range"]),
    # what Value.value holds: 14 integer digits, 6 decimals (trailing zeros do not count)
    (FREE, "99999999999999.999999", []),
    (FREE, "100000000000000", ["too_large"]),
    (FREE, "-1e14", ["too_large"]),
    (FREE, "1e400", ["too_large"]),
    (FREE, "1" + "0" * 100_000, ["too_large"]),
    (FREE, "0.0000001", ["too_precise"]),
    (FREE, "3.50000000", []),
    (FREE, "inf", ["not_a_number"]),
    # counts ≥ 0 and whole
    (COUNT, "12 345", []),
    (COUNT, "-3", ["non_negative"]),
    (COUNT, "3.5", ["whole_count"]),
], ids=lambda v: f"{len(v)} characters" if isinstance(v, str) and len(v) > 40 else None)
def test_validate_cell_ranges(meta, text, expected):
    assert codes(rules.validate_cell(meta, Cell(), text)) == expected


@pytest.mark.parametrize("meta, cell, expected_field", [
    (PCT, Cell(sex="female"), "sex"),
    (PCT, Cell(area="urban"), None),
    (COUNT, Cell(area="rural"), "area"),
    (COUNT, Cell(sex="male"), None),
    (COUNT, Cell(age_group="6-17岁"), "age_group"),
    (COUNT, Cell(age_group="0-5岁"), None),
    (COUNT, Cell(sex="other"), "sex"),
])
def test_a_disaggregation_the_indicator_does_not_have_is_an_error(meta, cell, expected_field):
    found = rules.validate_cell(meta, cell, "1")
    assert [f.field for f in found] == ([expected_field] if expected_field else [])
    assert all(f.severity == rules.ERROR and "没有" in f.message for f in found)


@pytest.mark.parametrize("total, female, male, ok", [
    (D(100), D(48), D(52), True),
    (D(100), D(48), D(50), False),
    (D(100), None, D(50), True),  # incomplete: nothing to compare
])
def test_female_plus_male_equals_total_for_counts(total, female, male, ok):
    cells = {Cell(): total}
    if female is not None:
        cells[Cell(sex="female")] = female
    cells[Cell(sex="male")] = male
    assert (rules.check_consistency(COUNT, cells) == []) is ok


@pytest.mark.parametrize("total, urban, rural, ok", [
    (D(90), D(95), D(85), True),
    (D(95), D(95), D(85), True),
    (D(96), D(95), D(85), False),
    (D(84), D(85), D(95), False),
])
def test_the_total_lies_between_urban_and_rural_for_rates(total, urban, rural, ok):
    cells = {Cell(): total, Cell(area="urban"): urban, Cell(area="rural"): rural}
    assert (rules.check_consistency(PCT, cells) == []) is ok


@pytest.mark.parametrize("part, whole, ok", [(D(5), D(10), True), (D(10), D(10), True), (D(11), D(10), False)])
def test_a_part_is_not_above_its_whole(part, whole, ok):
    assert (rules.check_part_le_whole("新生儿死亡率", part, "婴儿死亡率", whole) == []) is ok


@pytest.mark.parametrize("meta, value, previous, expected", [
    (PERMILLE, D("5.2"), D("5.0"), []),
    (PERMILLE, D("7"), D("5"), ["yoy_change"]),           # +40 % > 30 %
    (PERMILLE, D("3"), D("5"), ["yoy_change"]),           # −40 %
    (IndicatorMeta("x", "%", yoy_threshold=D(50)), D("7"), D("5"), []),
    (PERMILLE, D("5.2"), None, []),
    (PERMILLE, D("5.2"), D("5.20"), ["same_as_last_year"]),
    (COUNT, D("1000"), D("1000"), []),                    # counts may repeat
])
def test_year_on_year_warnings(meta, value, previous, expected):
    assert codes(rules.warnings_for(meta, value, previous, [])) == expected


@pytest.mark.parametrize("unit, value, previous, says", [
    ("%", D("62.1"), D("45.8"), "相比变化16.3个百分点（相对变化35.6%）"),   # a percentage moves in points
    ("‰", D("7"), D("5"), "相比变化40%"),
])
def test_a_year_on_year_change_of_a_percentage_is_said_in_points(unit, value, previous, says):
    [found] = rules.check_year_on_year(IndicatorMeta("x", unit), value, previous)
    assert says in found.message and "%%" not in found.message


def test_the_outlier_warning_speaks_without_statistics():
    [found] = rules.check_outlier(D("30"), [D("10"), D("10.5"), D("11"), D("9.5"), D("10.2"), D("30")])
    assert "偏离程度" in found.message and "z" not in found.message


@pytest.mark.parametrize("value, siblings, outlier", [
    (D(50), [D(10), D(11), D(12), D(10), D(11), D(50)], True),
    (D(12), [D(10), D(11), D(12), D(10), D(11), D(50)], False),
    (D(50), [D(10), D(50), D(12)], False),                # too few siblings
    (D(10), [D(10)] * 6, False),                          # no spread
])
def test_outliers_among_sibling_regions_by_modified_z(value, siblings, outlier):
    assert (codes(rules.check_outlier(value, siblings)) == ["outlier"]) is outlier


def test_warnings_are_warnings_and_errors_block():
    assert {r.severity for c, r in rules.RULES.items() if c in ("yoy_change", "outlier", "same_as_last_year")} == {"warning"}
    assert rules.validate_cell(PCT, Cell(), "x")[0].blocking


def test_the_batch_api_returns_one_list_per_row():
    out = rules.validate_cells([(PCT, Cell(), "50"), (PCT, Cell(), "150"), (COUNT, Cell(sex="female"), "2.5")])
    assert [codes(f) for f in out] == [[], ["unit_range"], ["whole_count"]]


# -- declared rules switch the built-in consistency checks on or off -------------------------
class Declared:
    def __init__(self, kind, active=True, threshold=None):
        self.kind, self.active, self.threshold = kind, active, threshold


SEX_CELLS = {Cell(): D(100), Cell(sex="female"): D(40), Cell(sex="male"): D(50)}      # 10 of unknown sex
AREA_CELLS = {Cell(): D(99), Cell(area="urban"): D(80), Cell(area="rural"): D(70)}     # total outside


@pytest.mark.parametrize("unit, by, declared, cells, checked", [
    ("人", "sex", [], SEX_CELLS, True),                                    # a count by sex: on by default
    ("人", "sex", [Declared("sex_sum", active=False)], SEX_CELLS, False),  # 性别不详 remainder: switched off
    ("万人", "sex", [Declared("sex_sum")], SEX_CELLS, True),
    ("岁", "sex", [], SEX_CELLS, False),                                   # not a count: off by default …
    ("岁", "sex", [Declared("sex_sum")], SEX_CELLS, True),                 # … unless declared
    ("%", "area", [], AREA_CELLS, True),
    ("%", "area", [Declared("area_between", active=False)], AREA_CELLS, False),
    ("岁", "area", [Declared("area_between")], AREA_CELLS, True),
    ("%", "area", [Declared("yoy_change", threshold=D(5))], AREA_CELLS, True),  # other kinds leave it alone
])
def test_declared_rules_turn_the_consistency_checks_on_or_off(unit, by, declared, cells, checked):
    indicator = type("I", (), {"name": "某指标", "unit": unit, "by_sex": by == "sex", "by_area": by == "area",
                               "age_groups": []})()
    meta = IndicatorMeta.of(indicator, declared)
    assert bool(check_consistency(meta, cells)) is checked


def test_an_inactive_yoy_rule_keeps_the_default_threshold():
    indicator = type("I", (), {"name": "x", "unit": "%", "by_sex": False, "by_area": False, "age_groups": []})()
    assert IndicatorMeta.of(indicator, [Declared("yoy_change", active=False, threshold=D(5))]).yoy_threshold is None
    assert IndicatorMeta.of(indicator, [Declared("yoy_change", threshold=D(5))]).yoy_threshold == D(5)


def test_the_stored_bounds_are_the_value_fields_own():
    from lianggang.monitoring import rules
    from lianggang.monitoring.models import Value, ValueChange
    field = Value._meta.get_field("value")
    assert (rules.MAX_DIGITS, rules.DECIMAL_PLACES) == (field.max_digits, field.decimal_places)
    for name in ("old_value", "new_value"):   # history holds whatever a value holds
        assert ValueChange._meta.get_field(name).max_digits >= field.max_digits
