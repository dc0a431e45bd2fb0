"""Exchange: DHIS2 dataValueSets JSON and SDMX-CSV, out and back in through the one bulk loader."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from lianggang.monitoring.bulk import export_rows, load_table, load_values
from lianggang.monitoring.exchange import export_exchange, read_dhis2_combo, read_exchange
from lianggang.monitoring.models import Value, ValueChange, ValueState
from lianggang.monitoring.tabular import Refused
from lianggang.plans.models import StandardIndicator
from tests.factories import make_indicator, make_plan

pytestmark = pytest.mark.django_db
HEADER = "区划代码,区划名称,指标,年度,性别,城乡,年龄组,数值,单位,说明,标记\n"
TIDY = [
    "150200,测试市,女性人均预期寿命,2022,,,,81.5,岁,,初步数",
    "150203,甲区,女性人均预期寿命,2022,,,,80.25,岁,口径：户籍人口,",
    "150204,乙区,住院分娩率,2022,合计,合计,,99.8,%,,",
    "150204,乙区,住院分娩率,2022,,城镇,,99.9,%,,估计数",
    "150204,乙区,住院分娩率,2022,,乡村,,99.7,%,,",
    "150203,甲区,新生儿数,2023,合计,,,1200,人,,",
    "150203,甲区,新生儿数,2023,女,,,580,人,,",
    "150203,甲区,新生儿数,2023,男,,,620,人,,",
    "150200,测试市,儿童保健覆盖率,2023,,,0-3岁,95,%,,",
]


@pytest.fixture
def city_plan(world):
    plan = make_plan(world.city, "测试市妇女发展规划（2021—2030年）")
    life = make_indicator(plan, "女性人均预期寿命", "岁")
    life.standard = StandardIndicator.objects.create(code="W101", name="妇女人均预期寿命", subject="women", unit="岁")
    life.save()
    make_indicator(plan, "住院分娩率", "%", by_area=True)
    make_indicator(plan, "新生儿数", "人", by_sex=True)
    make_indicator(plan, "儿童保健覆盖率", "%", age_groups=["0-3岁", "4-6岁"])
    return plan


@pytest.fixture
def loaded(world, city_plan):
    load_values(world.stats_city, city_plan, "v.csv", (HEADER + "\n".join(TIDY) + "\n").encode(),
                state=ValueState.APPROVED)
    return city_plan


def snapshot(with_flags=True):
    fields = ["region__code", "indicator__name", "year", "sex", "area", "age_group", "value", "note"]
    if with_flags:
        fields += ["provisional", "estimated"]
    return sorted(Value.objects.values_list(*fields))


def exported(plan, world, fmt) -> bytes:
    data, n = export_exchange(plan, export_rows(plan, world.city, subtree=True), fmt)
    assert n == len(TIDY)
    return data


@pytest.mark.parametrize("fmt", ["dhis2", "sdmx"])
def test_a_round_trip_gives_back_every_value(world, loaded, fmt):
    before = snapshot(with_flags=fmt == "sdmx")   # DHIS2 carries no flags; SDMX one OBS_STATUS each
    data = exported(loaded, world, fmt)
    Value.objects.all().delete()
    result = load_table(world.stats_city, loaded, read_exchange(fmt, f"x.{fmt}", data, loaded),
                        state=ValueState.APPROVED)
    assert result.created == len(TIDY)
    assert snapshot(with_flags=fmt == "sdmx") == before
    assert ValueChange.objects.filter(action="value.loaded").count() == len(TIDY)


def test_dhis2_codes(world, loaded):
    doc = json.loads(exported(loaded, world, "dhis2"))
    by = {(d["orgUnit"], d["dataElement"], d["categoryOptionCombo"]): d for d in doc["dataValues"]}
    assert by[("150200", "W101", "default")]["value"] == "81.5"          # the catalogue's code
    assert by[("150204", "住院分娩率", "URBAN")]["period"] == "2022"        # a plan's own indicator: its name
    assert by[("150203", "新生儿数", "F")]["value"] == "580"
    assert ("150200", "儿童保健覆盖率", "AGE:0-3岁") in by
    assert by[("150203", "W101", "default")]["comment"] == "口径：户籍人口"


def test_sdmx_codes(world, loaded):
    lines = exported(loaded, world, "sdmx").decode().splitlines()
    assert lines[0] == ("DATAFLOW,FREQ,REF_AREA,INDICATOR,SEX,URBANISATION,AGE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,"
                        "OBS_STATUS,COMMENT")
    assert "LIANGGANG:DF_LIANGGANG(1.0),A,150200,W101,_T,_T,_T,2022,81.5,YR,P," in lines
    assert "LIANGGANG:DF_LIANGGANG(1.0),A,150204,住院分娩率,_T,U,_T,2022,99.9,PT,E," in lines
    assert "LIANGGANG:DF_LIANGGANG(1.0),A,150203,新生儿数,M,_T,_T,2023,620,人,A," in lines


@pytest.mark.parametrize("code,cell", [("default", ("total", "total", "")), ("", ("total", "total", "")),
                                       ("F", ("female", "total", "")), ("RURAL", ("total", "rural", "")),
                                       ("M_URBAN", ("male", "urban", "")), ("AGE:0-3岁", ("total", "total", "0-3岁")),
                                       ("F_AGE:15-49岁", ("female", "total", "15-49岁")),
                                       ("X", None), ("F_F", None)])
def test_dhis2_category_option_combos(code, cell):
    assert read_dhis2_combo(code) == cell


def refused(fmt, data, plan, user):
    with pytest.raises(Refused) as e:
        load_table(user, plan, read_exchange(fmt, f"bad.{fmt}", data, plan))
    return [(p.sheet, p.row, p.column) for p in e.value.problems], e.value


def test_dhis2_problems_name_the_entry_and_field_and_nothing_is_saved(world, city_plan):
    good = {"dataElement": "W101", "period": "2022", "orgUnit": "150200", "value": "81.5"}
    doc = {"dataValues": [good, {**good, "period": "2022Q1"}, {**good, "categoryOptionCombo": "X1"}]}
    spots, _e = refused("dhis2", json.dumps(doc).encode(), city_plan, world.stats_city)
    assert spots == [("dataValues", 2, "period"), ("dataValues", 3, "categoryOptionCombo")]
    # the loader's own checks, located the same way: an unknown region and a number out of range
    doc = {"dataValues": [good, {**good, "orgUnit": "999999"},
                          {**good, "dataElement": "住院分娩率", "value": "120"}]}
    spots, e = refused("dhis2", json.dumps(doc).encode(), city_plan, world.stats_city)
    assert ("dataValues", 2, "orgUnit") in spots and ("dataValues", 3, "value") in spots
    assert not Value.objects.exists()
    spots, _e = refused("dhis2", b"{not json", city_plan, world.stats_city)
    assert spots == [("bad.dhis2", None, "")]


def test_sdmx_problems_name_the_line_and_column(world, city_plan):
    text = ("REF_AREA,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE\n"
            "150200,W101,_T,2022,81.5\n"
            "150203,新生儿数,X,2023,10\n"
            "150203,住院分娩率,_T,2023-Q1,99\n")
    spots, _e = refused("sdmx", text.encode(), city_plan, world.stats_city)
    assert spots == [("bad.sdmx", 3, "SEX"), ("bad.sdmx", 4, "TIME_PERIOD")]
    spots, _e = refused("sdmx", b"REF_AREA,INDICATOR,OBS_VALUE\n150200,W101,1\n", city_plan, world.stats_city)
    assert spots == [("bad.sdmx", 1, "TIME_PERIOD")]
    assert not Value.objects.exists()


def test_a_file_without_flags_keeps_the_stored_ones(world, loaded):
    data = exported(loaded, world, "dhis2")
    # the stored values are approved (locked): reloading them is an explicit, reasoned overwrite
    load_table(world.stats_city, loaded, read_exchange("dhis2", "x.json", data, loaded), state=ValueState.APPROVED,
               overwrite_approved=True, reason="从DHIS2重新导入")
    assert Value.objects.get(region__code="150200", indicator__name="女性人均预期寿命").provisional


def test_the_commands_export_and_load_both_formats(world, loaded, tmp_path, capsys):
    for fmt, name in (("dhis2", "out.json"), ("sdmx", "out.csv")):
        out = tmp_path / name
        call_command("export_values", plan=str(loaded.pk), region="150200", subtree=True, format=fmt, output=str(out))
        assert f"已导出 {len(TIDY)} 条数据" in capsys.readouterr().out
        Value.objects.all().delete()
        call_command("load_values", str(out), plan=str(loaded.pk), user="shi_tongji", state="approved",
                     **({"format": fmt} if fmt == "sdmx" else {}))   # .json is read as DHIS2
        assert f"已导入 {len(TIDY)} 条数据" in capsys.readouterr().out
        assert Value.objects.filter(value=Decimal("80.25")).exists()
    bad = tmp_path / "bad.json"
    bad.write_text('{"dataValues": [{"dataElement": "W101", "period": "22", "orgUnit": "150200", "value": "1"}]}')
    with pytest.raises(SystemExit) as e:
        call_command("load_values", str(bad), plan=str(loaded.pk), user="shi_tongji")
    assert e.value.code == 2 and "period" in capsys.readouterr().err
