import pytest

from lianggang.regions.models import Department, Region, RegionLevel
from lianggang.regions.services import (
    LEVEL_DEPTH, RegionImportError, load_regions, parse_region_csv, standard_departments,
)

pytestmark = pytest.mark.django_db


def test_every_region_sits_one_level_below_its_parent(regions):
    for region in Region.objects.exclude(level=RegionLevel.NATION).select_related("parent"):
        assert region.parent is not None, region
        assert LEVEL_DEPTH[RegionLevel(region.level)] == LEVEL_DEPTH[RegionLevel(region.parent.level)] + 1, region


def test_every_code_starts_with_its_parents_prefix(regions):
    prefix = {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 4}
    for region in Region.objects.filter(parent__level__in=prefix).select_related("parent"):
        n = prefix[RegionLevel(region.parent.level)]
        assert region.code[:n] == region.parent.code[:n], region


@pytest.mark.parametrize("city, children", [
    ("阿拉善盟", 3),
    ("嘉兴市", 7),
    ("遵义市", 14),
])
def test_our_users_cities_have_all_their_county_level_units(regions, city, children):
    assert Region.objects.get(name=city).children.count() == children


@pytest.mark.parametrize("name, code", [
    ("昆都仑区", "150203"),
    ("宁城县", "150429"),
    ("阿拉善盟", "152900"),
    ("嘉兴市", "330400"),
    ("遵义市", "520300"),
])
def test_the_seed_regions_have_their_gb2260_codes(regions, name, code):
    assert Region.objects.get(name=name).code == code


def test_a_region_is_found_by_its_short_name(regions):
    assert list(Region.objects.matching_name("昆区")) == [Region.objects.get(code="150203")]
    assert list(Region.objects.matching_name("务川")) == [Region.objects.get(code="520326")]


def test_descendants_of_a_province_include_its_counties(regions):
    inner_mongolia = Region.objects.get(code="150000")
    assert Region.objects.get(code="150203").pk in inner_mongolia.descendant_ids()
    assert Region.objects.get(code="330400").pk not in inner_mongolia.descendant_ids()


def test_every_region_gets_the_standard_departments(regions):
    expected = len(standard_departments())
    for region in Region.objects.all():
        assert region.departments.count() == expected
    assert Department.objects.filter(region__code="150429", short_name="卫健委").exists()


def test_a_csv_loads_levels_and_parents_from_the_codes(regions):
    text = "code,name\n150100,呼和浩特市\n150102,新城区\n150102001,海拉尔路街道\n"
    created, updated = load_regions(parse_region_csv(text))
    assert (created, updated) == (3, 0)
    street = Region.objects.get(code="150102001")
    assert street.level == RegionLevel.TOWNSHIP
    assert [r.code for r in street.ancestors()] == ["150102", "150100", "150000", "000000"]


def test_reloading_a_csv_updates_names_in_place(regions):
    before = Region.objects.count()
    created, updated = load_regions(parse_region_csv("code,name\n150203,昆都仑区（新名）\n"))
    assert (created, updated) == (0, 1)
    assert Region.objects.count() == before
    assert Region.objects.get(code="150203").name == "昆都仑区（新名）"


@pytest.mark.parametrize("csv_text, fragment", [
    ("name\n某地\n", "缺少列 code"),
    ("code,name\n15020,某区\n", "第2行 code 列"),
    ("code,name\n150299,\n", "第2行 name 列：名称为空"),
    ("code,name,level\n150299,某区,village\n", "第2行 level 列"),
    ("code,name\n150299,某区\n150299,某区\n", "第3行 code 列：代码 150299 重复"),
    ("code,name,parent_code\n150299,某区,159900\n", "上级代码 159900 不存在"),
    ("code,name,level,parent_code\n150298,某市,city,150203\n", "不能隶属于同级或下级区划"),
])
def test_a_bad_region_csv_names_the_row_and_column(regions, csv_text, fragment):
    with pytest.raises(RegionImportError) as exc:
        load_regions(parse_region_csv(csv_text))
    assert any(fragment in p for p in exc.value.problems), exc.value.problems


def test_a_region_csv_with_one_bad_row_saves_nothing(regions):
    before = Region.objects.count()
    text = "code,name,parent_code\n150110,好区,\n150111,坏区,159900\n"
    with pytest.raises(RegionImportError):
        load_regions(parse_region_csv(text))
    assert Region.objects.count() == before
