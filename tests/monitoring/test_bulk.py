"""Bulk loading and export of tidy values (load-values / export-values)."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from lianggang.monitoring.bulk import export_rows, load_values
from lianggang.monitoring.models import Value, ValueChange, ValueState
from lianggang.monitoring.tabular import Refused, write_csv, write_xlsx
from tests.factories import make_indicator, make_plan

HEADER = "区划代码,区划名称,指标,年度,性别,城乡,年龄组,数值,单位,说明\n"


@pytest.fixture(autouse=True, params=["one chunk", "chunks of 2"])
def chunk_size(request, monkeypatch):
    """Every test also with the file written in chunks while it is checked (PostgreSQL streams a
    load: a problem found after some chunks were written must still leave nothing saved)."""
    from lianggang.monitoring.bulk import reading
    if request.param == "chunks of 2":
        monkeypatch.setattr(reading, "CHUNK", 2)


@pytest.fixture
def city_plan(world):
    """A city plan whose values the city's statistics bureau loads for the city and both counties."""
    plan = make_plan(world.city, "测试市妇女发展规划（2021—2030年）")
    make_indicator(plan, "女性人均预期寿命", "岁")
    make_indicator(plan, "住院分娩率", "%", by_area=True)
    make_indicator(plan, "新生儿数", "人", by_sex=True)
    make_indicator(plan, "儿童保健覆盖率", "%", age_groups=["0-3岁", "4-6岁"])
    return plan


def csv_bytes(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


GOOD = [
    "150200,测试市,女性人均预期寿命,2022,,,,81.5,岁,",
    "150203,甲区,女性人均预期寿命,2022,,,,80.25,岁,口径：户籍人口",
    "150204,乙区,住院分娩率,2022,合计,合计,,99.8,%,",
    "150204,乙区,住院分娩率,2022,,城镇,,99.9,%,",
    "150204,乙区,住院分娩率,2022,,乡村,,99.7,%,",
    "150203,甲区,新生儿数,2023,合计,,,1200,人,",
    "150203,甲区,新生儿数,2023,女,,,580,人,",
    "150203,甲区,新生儿数,2023,男,,,620,人,",
    "150200,测试市,儿童保健覆盖率,2023,,,0-3岁,95,%,",
]


def test_it_loads_many_regions_in_one_file_with_history(world, city_plan):
    result = load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD))
    assert (result.rows, result.created, result.updated) == (9, 9, 0)
    v = Value.objects.get(region__code="150203", indicator__name="女性人均预期寿命", year=2022)
    assert v.value == Decimal("80.25") and v.note == "口径：户籍人口" and v.state == ValueState.DRAFT
    assert Value.objects.get(indicator__name="新生儿数", sex="female").value == 580
    assert Value.objects.get(indicator__name="儿童保健覆盖率").age_group == "0-3岁"
    changes = ValueChange.objects.filter(value__indicator__in=city_plan.indicators)
    assert changes.count() == 9
    assert set(changes.values_list("action", flat=True)) == {"value.loaded"}
    assert set(changes.values_list("user__username", flat=True)) == {"shi_tongji"}


def test_loading_approved_data_locks_it(world, city_plan):
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD), state=ValueState.APPROVED)
    assert set(Value.objects.values_list("state", flat=True)) == {ValueState.APPROVED}


def test_reloading_updates_values_and_history_keeps_the_old_value(world, city_plan):
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(GOOD[0]))
    result = load_values(world.stats_city, city_plan, "v.csv", csv_bytes(GOOD[0].replace("81.5", "81.7")))
    assert (result.created, result.updated) == (0, 1)
    v = Value.objects.get()
    assert v.value == Decimal("81.7") and v.version == 2
    last = v.changes.order_by("pk").last()
    assert (last.old_value, last.new_value, last.old_state) == (Decimal("81.5"), Decimal("81.7"), "draft")


# -- all or nothing, with a row report ------------------------------------------------------

@pytest.mark.parametrize("line, column, words", [
    ("150203,甲区,女性人均预期寿命,2022,,,,八十,岁,", "数值", "不是数字"),
    ("150203,甲区,女性人均预期寿命,2022,,,,,岁,", "数值", "缺少数值"),
    ("150203,甲区,住院分娩率,2022,,,,101,%,", "数值", "0到100"),
    ("150203,甲区,新生儿数,2022,,,,10.5,人,", "数值", "整数"),
    ("150203,甲区,没有的指标,2022,,,,1,,", "指标", "没有指标"),
    ("999999,某地,女性人均预期寿命,2022,,,,80,岁,", "区划代码", "没有区划代码"),
    ("150000,测试省,女性人均预期寿命,2022,,,,80,岁,", "区划代码", "不在纲要"),
    ("150203,甲区,女性人均预期寿命,22,,,,80,岁,", "年度", "年度"),
    ("150203,甲区,女性人均预期寿命,2022,女,,,80,岁,", "性别", "没有性别分组"),
    ("150203,甲区,女性人均预期寿命,2022,x,,,80,岁,", "性别", "性别“x”无效"),
    ("150203,甲区,女性人均预期寿命,2022,,,,80,%,", "单位", "不符"),
    ("150203,甲区,儿童保健覆盖率,2022,,,7-9岁,80,%,", "年龄组", "没有年龄分组"),
    ("150200,测试市,女性人均预期寿命,2022,,,,81.6,岁,", "指标", "与第 2 行"),
])
def test_one_bad_row_refuses_the_whole_file(world, city_plan, line, column, words):
    with pytest.raises(Refused) as e:
        load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD, line))
    [p] = e.value.problems
    assert (p.sheet, p.row, p.column) == ("v.csv", len(GOOD) + 2, column)
    assert words in p.message
    assert not Value.objects.exists() and not ValueChange.objects.exists()


def test_consistency_rules_apply_across_a_regions_cells(world, city_plan):
    bad = [line.replace(",620,", ",621,") for line in GOOD]
    bad = [line.replace(",99.8,", ",99.95,") for line in bad]
    with pytest.raises(Refused) as e:
        load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*bad))
    messages = {(p.row, p.message[:6]) for p in e.value.problems}
    assert {row for row, _ in messages} == {4, 7}  # the total rows of each region-year
    assert not Value.objects.exists()


def test_every_problem_is_reported_not_just_the_first(world, city_plan):
    with pytest.raises(Refused) as e:
        load_values(world.stats_city, city_plan, "v.csv",
                    csv_bytes("150203,甲区,女性人均预期寿命,2022,,,,x,岁,", "1,甲区,无,1,,,,1,,"))
    assert [(p.row, p.column) for p in e.value.problems] == [(2, "数值"), (3, "区划代码"), (3, "指标"), (3, "年度")]


def test_a_bureau_may_load_only_its_own_subtree(world, city_plan):
    with pytest.raises(Refused) as e:
        load_values(world.statistics, city_plan, "v.csv", csv_bytes(*GOOD))   # county_a's bureau
    assert {p.row for p in e.value.problems} == {2, 4, 5, 6, 10}
    assert "无权" in e.value.problems[0].message
    assert not Value.objects.exists()


@pytest.mark.parametrize("persona", ["filler_health", "committee", "reader_city"])
def test_only_the_statistics_bureau_bulk_loads(world, city_plan, persona):
    with pytest.raises(PermissionDenied):
        load_values(getattr(world, persona), city_plan, "v.csv", csv_bytes(*GOOD))


def test_it_will_not_overwrite_values_under_review(world, city_plan):
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD))
    Value.objects.filter(region__code="150204").update(state=ValueState.SUBMITTED)
    with pytest.raises(Refused) as e:
        load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD), state=ValueState.APPROVED)
    assert [p.row for p in e.value.problems] == [4, 5, 6]
    assert "正在审核" in e.value.problems[0].message
    assert not Value.objects.filter(state=ValueState.APPROVED).exists()
    assert ValueChange.objects.count() == 9


def test_approved_values_are_overwritten_only_when_asked_explicitly_with_a_reason(world, city_plan):
    from lianggang.audit.models import AuditEntry
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(GOOD[0]), state=ValueState.APPROVED)
    changed = csv_bytes(GOOD[0].replace("81.5", "82"))
    with pytest.raises(Refused):
        load_values(world.stats_city, city_plan, "v.csv", changed)
    with pytest.raises(Refused) as refused:     # approved again, but not asked to overwrite
        load_values(world.stats_city, city_plan, "v.csv", changed, state=ValueState.APPROVED)
    assert "--overwrite-approved" in refused.value.problems[0].message
    with pytest.raises(Refused):                # asked, but without a reason
        load_values(world.stats_city, city_plan, "v.csv", changed, state=ValueState.APPROVED, overwrite_approved=True)
    assert Value.objects.get().value == Decimal("81.5")
    load_values(world.stats_city, city_plan, "v.csv", changed, state=ValueState.APPROVED,
                overwrite_approved=True, reason="统计年鉴更正")
    value = Value.objects.get()
    assert value.value == 82 and value.changes.order_by("pk").last().reason == "统计年鉴更正"
    assert AuditEntry.objects.get(verb="value.overwrite_approved").detail["reason"] == "统计年鉴更正"


def test_it_reads_gb18030_csv_and_english_headers(world, city_plan):
    data = (HEADER + GOOD[1] + "\n").encode("gb18030")
    assert load_values(world.stats_city, city_plan, "v.csv", data).rows == 1
    english = b"region_code,indicator,year,value\n150204,\xe5\xa5\xb3\xe6\x80\xa7\xe4\xba\xba\xe5\x9d\x87" \
              b"\xe9\xa2\x84\xe6\x9c\x9f\xe5\xaf\xbf\xe5\x91\xbd,2022,79\n"
    assert load_values(world.stats_city, city_plan, "v.csv", english).created == 1


@pytest.mark.parametrize("data, words", [
    (b"", "空"),
    (b"\x00\x01\x02PKbinary", "CSV"),
    (HEADER.encode(), "没有数据行"),
    ("区划代码,指标,年度\n150203,x,2022\n".encode(), "缺少必需的列“数值”"),
    ("区划代码,指标,年度,数值,颜色\n".encode(), "不认识的列名"),
])
def test_a_file_that_is_not_a_tidy_table_is_refused(world, city_plan, data, words):
    with pytest.raises(Refused) as e:
        load_values(world.stats_city, city_plan, "v.csv", data)
    assert words in e.value.problems[0].message


# -- source and flags -------------------------------------------------------------------------------

QUALIFIED = HEADER.replace("说明\n", "说明,来源,标记\n")
FLAGGED = [
    "150200,测试市,女性人均预期寿命,2022,,,,81.5,岁,,人口普查,初步数",
    "150203,甲区,女性人均预期寿命,2022,,,,80.25,岁,,卫统年报,初步数、口径变化",
    "150204,乙区,女性人均预期寿命,2022,,,,79,岁,,,",
]


def qualified_csv(*lines: str) -> bytes:
    return (QUALIFIED + "".join(line + "\n" for line in lines)).encode("utf-8")


def qualifiers() -> dict[str, tuple[str, list[str]]]:
    return {v.region.code: (v.source, v.flag_codes) for v in Value.objects.select_related("region")}


def test_the_columns_source_and_flags_set_them_and_a_file_without_them_keeps_them(world, city_plan):
    load_values(world.stats_city, city_plan, "v.csv", qualified_csv(*FLAGGED))
    assert qualifiers() == {"150200": ("人口普查", ["provisional"]),
                            "150203": ("卫统年报", ["provisional", "series_break"]), "150204": ("", [])}
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*(",".join(f.split(",")[:10]) for f in FLAGGED)))
    assert qualifiers()["150203"] == ("卫统年报", ["provisional", "series_break"])   # no such columns: kept
    revised = FLAGGED[1].replace("初步数、口径变化", "修订数").replace("卫统年报", "")
    result = load_values(world.stats_city, city_plan, "v.csv", qualified_csv(revised))
    assert result.updated == 1 and qualifiers()["150203"] == ("", ["revised"])
    english = "region_code,indicator,year,value,source,flags\n150204,女性人均预期寿命,2022,79,普查,estimated\n"
    load_values(world.stats_city, city_plan, "v.csv", english.encode())
    assert qualifiers()["150204"] == ("普查", ["estimated"])


@pytest.mark.parametrize("line, column, words", [
    ("150204,乙区,女性人均预期寿命,2022,,,,79,岁,,,暂定数", "标记", "标记“暂定数”无效"),
    ("150204,乙区,女性人均预期寿命,2022,,,,79,岁,,,初步数、x", "标记", "标记“x”无效"),
    ("150204,乙区,女性人均预期寿命,2022,,,,79,岁,," + "年" * 51 + ",", "来源", "来源不能超过50个字"),
])
def test_a_bad_source_or_flag_refuses_the_file_at_its_row_and_column(world, city_plan, line, column, words):
    with pytest.raises(Refused) as e:
        load_values(world.stats_city, city_plan, "v.csv", qualified_csv(*FLAGGED[:2], line))
    [p] = e.value.problems
    assert (p.row, p.column) == (4, column) and words in p.message
    assert not Value.objects.exists()


def test_export_then_load_keeps_source_and_flags(world, city_plan, tmp_path):
    load_values(world.stats_city, city_plan, "v.csv", qualified_csv(*FLAGGED), state=ValueState.APPROVED)
    first = io.StringIO()
    write_csv(export_rows(city_plan, world.city, subtree=True), first)
    header, *lines = first.getvalue().splitlines()
    assert header.endswith(",说明,来源,标记") and lines[1].endswith(",卫统年报,初步数、口径变化")
    before = qualifiers()
    for data, name in ((first.getvalue().encode(), "v.csv"), (None, "v.xlsx")):
        if data is None:
            write_xlsx(export_rows(city_plan, world.city, subtree=True), tmp_path / name)
            data = (tmp_path / name).read_bytes()
        Value.objects.all().delete()
        load_values(world.stats_city, city_plan, name, data, state=ValueState.APPROVED)
        assert qualifiers() == before
        again = io.StringIO()
        write_csv(export_rows(city_plan, world.city, subtree=True), again)
        assert again.getvalue() == first.getvalue()


# -- export ---------------------------------------------------------------------------------------

def test_export_then_load_round_trip_is_equal(world, city_plan, tmp_path):
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD))
    first = io.StringIO()
    write_csv(export_rows(city_plan, world.city, subtree=True), first)
    assert first.getvalue().count("\n") == len(GOOD) + 1
    xlsx = tmp_path / "v.xlsx"
    write_xlsx(export_rows(city_plan, world.city, subtree=True), xlsx)
    Value.objects.all().delete()
    load_values(world.stats_city, city_plan, "v.xlsx", xlsx.read_bytes())
    second = io.StringIO()
    write_csv(export_rows(city_plan, world.city, subtree=True), second)
    assert second.getvalue() == first.getvalue()
    Value.objects.all().delete()
    load_values(world.stats_city, city_plan, "v.csv", first.getvalue().encode())
    third = io.StringIO()
    write_csv(export_rows(city_plan, world.city, subtree=True), third)
    assert third.getvalue() == first.getvalue()


def test_export_filters_by_region_and_years(world, city_plan):
    load_values(world.stats_city, city_plan, "v.csv", csv_bytes(*GOOD))
    rows = list(export_rows(city_plan, world.city))
    assert {r.region_code for r in rows} == {"150200"}
    rows = list(export_rows(city_plan, world.city, subtree=True, years=(2023, 2023)))
    assert {r.year for r in rows} == {2023} and len(rows) == 4


# -- the commands ---------------------------------------------------------------------------------

def test_the_commands_round_trip_and_refuse_with_exit_2(world, city_plan, tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_bytes(csv_bytes(*GOOD))
    call_command("load_values", str(src), plan=str(city_plan.pk), user="shi_tongji", state="approved")
    assert "已导入 9 条数据" in capsys.readouterr().out
    with pytest.raises(SystemExit):      # the same approved values again: locked without --overwrite-approved
        call_command("load_values", str(src), plan=str(city_plan.pk), user="shi_tongji", state="approved")
    with pytest.raises(SystemExit):      # the flag without a reason
        call_command("load_values", str(src), plan=str(city_plan.pk), user="shi_tongji", state="approved",
                     overwrite_approved=True)
    call_command("load_values", str(src), plan=str(city_plan.pk), user="shi_tongji", state="approved",
                 overwrite_approved=True, reason="重新核定")
    capsys.readouterr()
    out = tmp_path / "out.csv"
    call_command("export_values", plan=str(city_plan.pk), region="150200", subtree=True, years="2020-2025",
                 format="csv", output=str(out))
    assert out.read_text(encoding="utf-8-sig").count("\n") == 10
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(*GOOD, "150203,甲区,住院分娩率,2022,,,,101,%,"))
    report = tmp_path / "report.csv"
    with pytest.raises(SystemExit) as e:
        call_command("load_values", str(bad), plan=str(city_plan.pk), user="shi_tongji", report=str(report))
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "未导入任何数据" in err and "11" in err and "0到100" in err
    assert "工作表,行,列,问题" in report.read_text(encoding="utf-8-sig")
    with pytest.raises(SystemExit):
        call_command("load_values", str(src), plan=str(city_plan.pk), user="weijian")
    assert "无权" in capsys.readouterr().err
