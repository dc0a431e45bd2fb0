"""The Excel round trip: a department's form out, filled, back in — all rows or none, every problem named."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lianggang.monitoring import entry, excel
from lianggang.monitoring import services as s
from lianggang.monitoring.models import Round, Value, ValueChange, ValueState
from lianggang.monitoring.tabular import Refused
from tests.commands import run

INPUT, NOTE, SOURCE, FLAGS, KEY = "J", "K", "L", "M", "N"   # 本年数值, 说明, 来源, 标记, the hidden key


def form(world, dept="health", user="filler_health"):
    return excel.build_template(world.round, world.departments[dept], user=getattr(world, user))


def rows_of(ws):
    """indicator name, sex, area → row number."""
    return {(ws[f"B{r}"].value, ws[f"C{r}"].value, ws[f"D{r}"].value): r
            for r in range(excel.HEADER_ROW + 1, ws.max_row + 1) if ws[f"{KEY}{r}"].value}


def fill(data: bytes, entries: dict, edit=None) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[excel.FORM_SHEET]
    where = rows_of(ws)
    for key, value in entries.items():
        ws[f"{INPUT}{where[key]}"] = value
    if edit:
        edit(wb, ws, where)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = {("婴儿死亡率", "合计", "合计"): 3.2, ("孕产妇死亡率", "合计", "合计"): 9.5,
        ("出生人口数", "合计", "合计"): 1200, ("出生人口数", "女", "合计"): 580, ("出生人口数", "男", "合计"): 620}


def test_the_form_holds_the_header_block_rows_past_years_validation_and_hidden_keys(world):
    Value.objects.create(indicator=world.indicators["imr"], region=world.county_a, year=2022, value=Decimal("3.6"),
                         unit="‰", state=ValueState.APPROVED)
    Value.objects.create(indicator=world.indicators["imr"], region=world.county_a, year=2021, value=Decimal("9"),
                         unit="‰", state=ValueState.DRAFT)      # not approved: not shown
    wb = load_workbook(io.BytesIO(form(world)))
    ws = wb[excel.FORM_SHEET]
    texts = [c.value for row in ws.iter_rows(max_row=4) for c in row if c.value]
    for label in ("填报单位", "卫生健康委员会", "负责人", "填表人", "联系电话", "报出日期"):
        assert label in texts
    where = rows_of(ws)
    assert set(where) == {("婴儿死亡率", "合计", "合计"), ("孕产妇死亡率", "合计", "合计"), ("出生人口数", "合计", "合计"),
                          ("出生人口数", "女", "合计"), ("出生人口数", "男", "合计")}   # its own indicators only
    r = where[("婴儿死亡率", "合计", "合计")]
    assert [ws.cell(excel.HEADER_ROW, c).value for c in (7, 8, 9, 10)] == ["2020年", "2021年", "2022年", "2023年数值"]
    assert (ws[f"H{r}"].value, ws[f"I{r}"].value, ws[f"F{r}"].value) == (None, 3.6, "‰")
    assert ws.column_dimensions[KEY].hidden and wb[excel.KEY_SHEET].sheet_state == "veryHidden"
    rules = {(dv.type, dv.formula1, dv.formula2): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert f"{INPUT}{r}" in rules[("decimal", "0", "1000")]                       # ‰
    assert f"{INPUT}{where[('出生人口数', '合计', '合计')]}" in " ".join(
        v for k, v in rules.items() if k[0] == "whole")                          # a count: whole numbers
    assert ws.protection.sheet and not ws[f"{INPUT}{r}"].protection.locked


def test_a_filled_form_is_saved_with_history_and_the_contact_block(world):
    def contact(wb, ws, where):
        ws["B3"], ws["F3"] = "张主任", "李填表"
    result = excel.import_values(fill(form(world), GOOD, contact), user=world.filler_health, filename="卫健.xlsx")
    assert (result.entered, result.unchanged, result.blank) == (5, 0, 0)
    assert result.contact["负责人"] == "张主任" and result.contact["填表人"] == "李填表"
    v = Value.objects.get(indicator=world.indicators["births"], sex="female", year=2023)
    assert v.value == 580 and v.state == ValueState.DRAFT and v.updated_by == world.filler_health
    change = ValueChange.objects.get(value=v)
    assert change.user == world.filler_health and "Excel 导入" in change.reason
    # The same file again changes nothing; a fresh form carries the saved values and their versions.
    again = excel.import_values(fill(form(world), GOOD), user=world.filler_health)
    assert (again.entered, again.unchanged) == (0, 5)
    ws = load_workbook(io.BytesIO(form(world)))[excel.FORM_SHEET]
    assert ws[f"{INPUT}{rows_of(ws)[('出生人口数', '女', '合计')]}"].value == 580


def _formula(wb, ws, where):
    ws[f"{INPUT}{where[('婴儿死亡率', '合计', '合计')]}"] = "=1+2"


def _edit_key(wb, ws, where):
    r = where[("孕产妇死亡率", "合计", "合计")]
    ws[f"{KEY}{r}"] = "999999|total|total||0"


def _insert_row(wb, ws, where):
    ws.insert_rows(excel.HEADER_ROW + 2)
    ws[f"B{excel.HEADER_ROW + 2}"] = "新增指标"
    ws[f"{INPUT}{excel.HEADER_ROW + 2}"] = 5


def _delete_row(wb, ws, where):
    ws.delete_rows(where[("孕产妇死亡率", "合计", "合计")])


def _merge(wb, ws, where):
    ws.merge_cells(f"{INPUT}{excel.HEADER_ROW + 1}:{INPUT}{excel.HEADER_ROW + 2}")


def _drop_key_sheet(wb, ws, where):
    del wb[excel.KEY_SHEET]


def _rows_deleted(wb, ws, where):
    ws.delete_rows(excel.HEADER_ROW + 1, ws.max_row)


def _empty(wb, ws, where):
    for r in range(excel.HEADER_ROW + 1, ws.max_row + 1):
        ws[f"{INPUT}{r}"] = None


# Bad files: (label, entries over GOOD, edit, row expected or None, words the message must hold)
BAD = [
    ("text in a number cell", {("婴儿死亡率", "合计", "合计"): "三点二"}, None, True, "不是数字"),
    ("out of range", {("婴儿死亡率", "合计", "合计"): 1200}, None, True, "0到1000"),
    ("not whole", {("出生人口数", "合计", "合计"): 1200.5, ("出生人口数", "男", "合计"): 620.5}, None, True, "整数"),
    ("female + male ≠ total", {("出生人口数", "男", "合计"): 600}, None, False, "之和应等于合计"),
    ("a formula", {}, _formula, True, "不要填写公式"),
    ("an edited key", {}, _edit_key, True, "校验键被改动"),
    ("an inserted row", {}, _insert_row, True, "插入的行"),
    ("a deleted row", {}, _delete_row, False, "与下载时不一致"),
    ("merged cells", {}, _merge, True, "合并"),
    ("not our form", {}, _drop_key_sheet, False, "不是本系统生成的填报表"),
    ("nothing filled", {}, _empty, False, "没有填写任何数值"),
    ("an empty sheet", {}, _rows_deleted, False, "工作表是空的"),
]


@pytest.mark.parametrize("label,entries,edit,has_row,words", BAD, ids=[b[0] for b in BAD])
def test_a_bad_form_is_refused_whole_naming_the_spot(world, label, entries, edit, has_row, words):
    data = fill(form(world), {**GOOD, **entries}, edit)
    with pytest.raises(Refused) as e:
        excel.import_values(data, user=world.filler_health, filename="卫健.xlsx")
    assert any(words in p.message for p in e.value.problems), e.value.problems
    assert any(p.sheet for p in e.value.problems)
    if has_row:
        assert any(p.row and p.row > excel.HEADER_ROW for p in e.value.problems), e.value.problems
    assert not Value.objects.exists()    # nothing half-saved


@pytest.mark.parametrize("data,words", [
    (b"PK\x03\x04 broken zip", "不是有效的 Excel"),
    (b"\x00\x01binary", "CSV"),
    (b"", "空"),
    (b"x" * (excel.MAX_BYTES + 1), "超过上限"),
])
def test_files_that_are_no_form_get_one_line_not_a_traceback(world, data, words):
    with pytest.raises(Refused) as e:
        excel.import_values(data, user=world.filler_health, filename="x.xlsx" if data[:2] == b"PK" else "x.csv",
                            round=world.round)
    assert words in e.value.problems[0].message


def test_another_departments_or_years_form_is_refused(world):
    health = fill(form(world), GOOD)
    with pytest.raises(Refused, match="不是教育局的"):
        excel.import_values(health, user=world.filler_health, department=world.departments["edu"])
    other = Round.objects.create(region=world.county_a, year=2024)
    with pytest.raises(Refused, match="不是本次"):
        excel.import_values(health, user=world.filler_health, round=other)
    with pytest.raises(Refused, match="无权填报"):
        excel.import_values(health, user=world.filler_edu)        # another department's filler
    with pytest.raises(Refused, match="无权填报"):
        excel.import_values(health, user=world.filler_b)          # another region's filler
    assert not Value.objects.exists()


def test_a_value_changed_since_the_download_is_not_overwritten(world):
    data = form(world)
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "3.0")   # someone saves meanwhile
    with pytest.raises(Refused) as e:
        excel.import_values(fill(data, GOOD), user=world.filler_health)
    assert "下载模板后此数据已被" in e.value.problems[0].message
    assert Value.objects.get(indicator=world.indicators["imr"]).value == Decimal("3.0")


def test_a_submitted_department_cannot_import(world):
    excel.import_values(fill(form(world), GOOD), user=world.filler_health)
    s.submit(world.filler_health, entry.submission_for(world.round, world.departments["health"]))
    with pytest.raises(Refused, match="待审核|已报送"):
        excel.import_values(fill(form(world, user="statistics"), GOOD), user=world.filler_health)


def test_the_rounds_tidy_csv_imports_too(world):
    csv = ("区划代码,指标,年度,性别,城乡,数值,说明\n"
           "150203,婴儿死亡率,2023,合计,合计,3.1,\n"
           "150203,孕产妇死亡率,2023,合计,合计,8,据卫统年报\n").encode()
    result = excel.import_values(csv, user=world.filler_health, filename="v.csv", round=world.round)
    assert result.entered == 2
    assert Value.objects.get(indicator=world.indicators["mmr"]).note == "据卫统年报"
    wrong = csv.replace(b"150203,\xe5\xad\x95", b"150204,\xe5\xad\x95")   # another region's row
    with pytest.raises(Refused) as e:
        excel.import_values(wrong, user=world.filler_health, filename="v.csv", round=world.round)
    assert e.value.problems[0].row == 3 and "本次只收" in e.value.problems[0].message




def test_the_commands_write_and_read_the_form(world, tmp_path):
    path = tmp_path / "form.xlsx"
    code, out, err = run("template", "--user", "weijian", "--round", str(world.round.pk), "--department", "卫健",
                         "-o", str(path))
    assert code == 0, err
    path.write_bytes(fill(path.read_bytes(), GOOD))
    code, out, err = run("import_values", str(path), "--user", "weijian")
    assert code == 0 and "保存 5 项" in out, err
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(excel.build_template(world.round, world.departments["health"]),
                         {("婴儿死亡率", "合计", "合计"): "abc"}))
    code, out, err = run("import_values", str(bad), "--user", "weijian", "--report", str(tmp_path / "r.csv"))
    assert code == 2 and "不是数字" in err and "Traceback" not in err
    assert "不是数字" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    code, out, err = run("template", "--user", "jiaoyu", "--round", str(world.round.pk), "--department", "卫健",
                         "-o", str(path))
    assert code == 2 and "无权" in err


# -- source, flags and the contact block ------------------------------------------------------

IMR = ("婴儿死亡率", "合计", "合计")


def qualify(cells: dict):
    """An edit writing 来源 and 标记 of rows: {row key: (source, flags)}."""
    def edit(wb, ws, where):
        for key, (source, flags) in cells.items():
            ws[f"{SOURCE}{where[key]}"], ws[f"{FLAGS}{where[key]}"] = source, flags
    return edit


def test_the_form_has_source_and_flag_columns_prefilled_from_what_is_saved(world):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "3.2", source="卫统年报",
                  flags={"provisional": True, "revised": True})
    sub = entry.submission_for(world.round, world.departments["health"])
    sub.head, sub.phone = "张主任", "0471-1234567"
    sub.save()
    ws = load_workbook(io.BytesIO(form(world)))[excel.FORM_SHEET]
    assert [ws[f"{c}{excel.HEADER_ROW}"].value for c in (NOTE, SOURCE, FLAGS, KEY)] == ["说明", "来源", "标记", "key"]
    r = rows_of(ws)[IMR]
    assert (ws[f"{SOURCE}{r}"].value, ws[f"{FLAGS}{r}"].value) == ("卫统年报", "初步数、修订数")
    assert not ws[f"{SOURCE}{r}"].protection.locked and not ws[f"{FLAGS}{r}"].protection.locked
    choice = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert choice.formula1 == '"初步数,估计数,修订数,口径变化"' and f"{FLAGS}{r}" in str(choice.sqref)
    assert not choice.showErrorMessage and "顿号" in choice.prompt      # several flags are typed
    assert (ws["B3"].value, ws["F3"].value, ws["B4"].value) == ("张主任", None, "0471-1234567")


def test_source_and_flags_are_saved_from_the_form_and_an_unchanged_form_changes_nothing(world):
    edit = qualify({IMR: ("卫统年报", "初步数、估计数"), ("孕产妇死亡率", "合计", "合计"): ("抽样调查", None)})
    result = excel.import_values(fill(form(world), GOOD, edit), user=world.filler_health)
    assert result.entered == 5
    imr = Value.objects.get(indicator=world.indicators["imr"])
    assert (imr.source, imr.flag_codes) == ("卫统年报", ["provisional", "estimated"])
    mmr = Value.objects.get(indicator=world.indicators["mmr"])
    assert (mmr.source, mmr.flag_codes) == ("抽样调查", [])
    assert excel.import_values(fill(form(world), GOOD), user=world.filler_health).entered == 0   # prefilled
    cleared = excel.import_values(fill(form(world), GOOD, qualify({IMR: ("卫统年报", None)})), user=world.filler_health)
    assert cleared.entered == 1 and Value.objects.get(indicator=world.indicators["imr"]).flag_codes == []


def test_an_unknown_flag_word_refuses_the_form_at_its_row_and_column(world):
    data = fill(form(world), GOOD, qualify({IMR: ("", "初步数、暂定数"), ("出生人口数", "女", "合计"): ("年" * 51, "")}))
    with pytest.raises(Refused) as e:
        excel.import_values(data, user=world.filler_health)
    where = rows_of(load_workbook(io.BytesIO(data))[excel.FORM_SHEET])
    found = {(p.sheet, p.row, p.column): p.message for p in e.value.problems}
    assert "标记“暂定数”无效" in found[(excel.FORM_SHEET, where[IMR], FLAGS)]
    assert "来源不能超过50个字" in found[(excel.FORM_SHEET, where[("出生人口数", "女", "合计")], SOURCE)]
    assert not Value.objects.exists()


def test_a_form_made_before_source_and_flags_still_imports_and_keeps_them(world):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "3.5", source="卫统年报",
                  flags={"estimated": True})

    def without_new_columns(wb, ws, where):   # the form as it was: 说明, then the key
        ws.delete_cols(12, 2)
    result = excel.import_values(fill(form(world), GOOD, without_new_columns), user=world.filler_health)
    assert result.entered == 5
    imr = Value.objects.get(indicator=world.indicators["imr"])
    assert (imr.value, imr.source, imr.flag_codes) == (Decimal("3.2"), "卫统年报", ["estimated"])


def test_the_contact_block_is_saved_with_the_values_and_not_with_a_refused_form(world):
    sub = entry.submission_for(world.round, world.departments["health"])

    def contact(head, filled_by, phone):
        def edit(wb, ws, where):
            ws["B3"], ws["F3"], ws["B4"], ws["F4"] = head, filled_by, phone, "2024-03-01"
        return edit
    with pytest.raises(Refused):
        excel.import_values(fill(form(world), {**GOOD, IMR: "abc"}, contact("张主任", "李填表", "13800000000")),
                            user=world.filler_health)
    sub.refresh_from_db()
    assert (sub.head, sub.filled_by, sub.phone) == ("", "", "")
    excel.import_values(fill(form(world), GOOD, contact("张主任", "李填表", 13800000000)), user=world.filler_health)
    sub.refresh_from_db()
    assert (sub.head, sub.filled_by, sub.phone) == ("张主任", "李填表", "13800000000")
    excel.import_values(fill(form(world), GOOD, contact(None, "王填表", None)), user=world.filler_health)
    sub.refresh_from_db()
    assert (sub.head, sub.filled_by, sub.phone) == ("张主任", "王填表", "13800000000")   # empty cells keep
    with pytest.raises(Refused) as e:
        excel.import_values(fill(form(world), GOOD, contact("张主任", "李填表", "1" * 31)), user=world.filler_health)
    assert [(p.row, p.column) for p in e.value.problems] == [(4, "B")]
    assert "联系电话不能超过30个字" in e.value.problems[0].message


def test_the_rounds_tidy_csv_carries_source_and_flags(world):
    csv = ("区划代码,指标,年度,数值,来源,标记\n"
           "150203,婴儿死亡率,2023,3.1,卫统年报,初步数\n"
           "150203,孕产妇死亡率,2023,8,,\n").encode()
    excel.import_values(csv, user=world.filler_health, filename="v.csv", round=world.round)
    imr = Value.objects.get(indicator=world.indicators["imr"])
    assert (imr.source, imr.flag_codes) == ("卫统年报", ["provisional"])
    with pytest.raises(Refused) as e:
        excel.import_values(csv.replace("初步数".encode(), "草稿".encode()), user=world.filler_health,
                            filename="v.csv", round=world.round)
    assert [(p.row, p.column) for p in e.value.problems] == [(2, "标记")]
