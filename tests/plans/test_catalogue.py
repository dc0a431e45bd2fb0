"""The standard catalogue: every entry explained, and its explanation consistent with its unit.

The lead's loader, the roll-up and the sample data read these columns as they are; a row that
says "ratio" without naming its counts, or "%" without scale 100, would compute wrong figures.
"""
from decimal import Decimal

import pytest

from lianggang.lib.units import UNITS, unit_of
from lianggang.plans.catalogue import ROLLUPS, CatalogueError, normalise_name, read_catalogue
from lianggang.plans.models import Better, Subject
from lianggang.regions.services import standard_departments

ENTRIES = read_catalogue()
ids = [e.code for e in ENTRIES]

# What one unit of a rate is a fraction of: value = numerator / denominator × scale.
SCALES = {"%": 100, "‰": 1000, "1/1000": 1000, "1/万": 10_000, "1/10万": 100_000}


def test_the_catalogue_covers_the_national_plans_main_indicators():
    assert len(ENTRIES) >= 85
    names = {e.name for e in ENTRIES}
    for name in ("孕产妇死亡率", "艾滋病母婴传播率", "新生儿死亡率", "小学生近视率", "初中生近视率",
                 "高中阶段学生近视率", "0～6岁儿童眼保健和视力检查覆盖率", "村委会成员中女性比例"):
        assert name in names


def test_codes_and_names_are_unique_and_no_spelling_stands_for_two_entries():
    assert len(set(ids)) == len(ids)
    owner: dict[str, str] = {}
    for e in ENTRIES:
        for written in (e.name, *e.aliases):
            norm = normalise_name(written)
            assert owner.setdefault(norm, e.code) == e.code, f"{written} names {owner[norm]} and {e.code}"


@pytest.mark.parametrize("e", ENTRIES, ids=ids)
def test_every_entry_is_explained(e):
    assert e.subject in Subject.values
    assert e.better in Better.values
    assert e.domain and e.name
    for field in ("definition", "method", "data_source"):
        assert getattr(e, field).strip(), f"{e.code} {e.name}: {field} is empty"
    assert e.unit in UNITS, f"{e.code}: unit {e.unit!r} is not one lib/units.py knows"


DEPARTMENTS = {short for short, _name in standard_departments()}


@pytest.mark.parametrize("e", ENTRIES, ids=ids)
def test_the_usual_department_is_a_standard_member_unit(e):
    assert e.department in DEPARTMENTS


@pytest.mark.parametrize("e", ENTRIES, ids=ids)
def test_a_rate_has_the_scale_of_its_unit_and_nothing_else_has_one(e):
    assert e.scale == SCALES.get(e.unit), f"{e.code} {e.name} ({e.unit}): scale {e.scale}"


@pytest.mark.parametrize("e", ENTRIES, ids=ids)
def test_the_rollup_rule_fits_the_unit(e):
    unit = unit_of(e.unit)
    assert e.rollup in ROLLUPS
    if e.rollup == "ratio":
        assert unit.is_rate, f"{e.code}: only a rate is a ratio of sums"
        assert e.numerator and e.denominator and e.numerator != e.denominator
    else:
        assert not e.numerator and not e.denominator, f"{e.code}: counts named but rollup is {e.rollup}"
    if e.rollup == "sum":
        assert unit.is_count, f"{e.code}: only counts add up"


@pytest.mark.parametrize("e", ENTRIES, ids=ids)
def test_the_sample_figures_are_plausible_for_the_unit(e):
    unit = unit_of(e.unit)
    assert e.typical is not None and e.spread is not None
    assert e.spread > 0
    assert unit.low is None or e.typical >= unit.low
    assert unit.high is None or e.typical <= unit.high
    if unit.whole:
        assert e.typical == e.typical.to_integral_value()
    # A ratio exists exactly where the values are collected by that disaggregation.
    assert (e.female_male is not None) == e.by_sex, f"{e.code}: female_male vs by_sex"
    assert (e.urban_rural is not None) == e.by_area, f"{e.code}: urban_rural vs by_area"
    for ratio in (e.female_male, e.urban_rural):
        assert ratio is None or Decimal("0.1") <= ratio <= Decimal(10)


@pytest.mark.parametrize("column, text, said", [
    ("typical", "八十", "typical：“八十”不是数值"),
    ("rollup", "average", "rollup：“average”应为 none / sum / ratio 之一"),
])
def test_a_malformed_row_is_refused_naming_the_row_and_the_field(tmp_path, column, text, said):
    header = ("code,subject,domain,name,unit,better,department,by_sex,by_area,aliases,"
              "definition,method,data_source,rollup,numerator,denominator,scale,typical,spread,female_male,urban_rural")
    row = dict(zip(header.split(","), "W1,women,妇女与健康,某率,%,higher,卫健委,0,0,,定义,方法,来源,none,,,100,5,1,,".split(",")))
    row[column] = text
    path = tmp_path / "catalogue.csv"
    path.write_text(header + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as exc:
        read_catalogue(path)
    assert "第2行（W1）" in str(exc.value) and said in str(exc.value)


def test_a_catalogue_without_the_explanation_columns_still_reads(tmp_path):
    """Older copies of the file (and test fixtures) carry only the first ten columns."""
    path = tmp_path / "old.csv"
    path.write_text("code,subject,domain,name,unit,better,department,by_sex,by_area,aliases\n"
                    "W1,women,妇女与健康,某率,%,higher,卫健委,0,1,别名\n", encoding="utf-8")
    (entry,) = read_catalogue(path)
    assert (entry.rollup, entry.scale, entry.typical, entry.by_area, entry.aliases) == ("none", None, None, True, ("别名",))
