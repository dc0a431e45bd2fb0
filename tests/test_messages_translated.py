"""Messages shown to a person follow the page's language; what is written into files, and the commands, stay Chinese.

A finding, a refusal or a problem of an upload is built with gettext when it is made, so
an English page (Accept-Language: en or the 中文/English switch) gets English and the
Chinese default — and every management command — gets the Chinese source text exactly.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from lianggang.accounts.permissions import results_region
from lianggang.monitoring import bulk, entry, excel, rules
from lianggang.monitoring.models import Sex, Submission, SubmissionState, Value
from lianggang.monitoring.rules import Cell, IndicatorMeta
from lianggang.monitoring.tabular import Refused, read_tidy
from tests.factories import make_world
from tests.web.conftest import add_targets

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")

PCT = IndicatorMeta("学前教育毛入园率", "%", by_area=True)
COUNT = IndicatorMeta("出生人口数", "人", by_sex=True)
RATE = IndicatorMeta("婴儿死亡率", "‰")


def _in(language: str, make):
    with translation.override(language):
        return make()


# -- (a) the rules' findings ---------------------------------------------------------------

FINDINGS = [
    ("not a number", lambda: rules.validate_cell(PCT, Cell(), "abc"),
     "“abc”不是数字", "“abc” is not a number"),
    ("out of range for %", lambda: rules.validate_cell(PCT, Cell(), "120.5"),
     "单位为%的数值应在0到100之间，填报值为120.5", "A value in % must be between 0 and 100; the value entered is 120.5"),
    ("a count not whole", lambda: rules.validate_cell(COUNT, Cell(), "3.5"),
     "计数单位（人）的数值应为整数，填报值为3.5", "A count (unit: 人) must be a whole number; the value entered is 3.5"),
    ("female + male ≠ total", lambda: rules.check_sex_sum(D(100), D(48), D(50)),
     "女性（48）与男性（50）之和应等于合计（100）", "Female (48) plus male (50) must equal the total (100)"),
    ("urban/rural around the total", lambda: rules.check_area_between(D(96), D(95), D(85)),
     "合计（96）应介于城镇（95）与乡村（85）之间", "The total (96) must lie between urban (95) and rural (85)"),
    ("a disaggregation the indicator lacks", lambda: rules.check_cell(PCT, Cell(sex="female")),
     "指标“学前教育毛入园率”没有性别分组“女”", "Indicator “学前教育毛入园率” has no breakdown “Female” (Sex)"),
    ("year-on-year change", lambda: rules.check_year_on_year(RATE, D("3.0"), D("5.4")),
     "与上年（5.4）相比变化-44.4%，超过阈值30%，请填写说明",
     "Changed by -44.4% from last year (5.4), more than the threshold of 30%; please add an explanation"),
    ("outlier", lambda: rules.check_outlier(D(50), [D(10), D(11), D(12), D(10), D(11), D(50)]),
     "与同级地区相比明显偏高或偏低（偏离程度26.31，超过3.5即视为异常），请核实并填写说明",
     "Much higher or lower than regions at the same level (deviation 26.31; above 3.5 counts as unusual); "
     "please check and add an explanation"),
    ("year-on-year change of a percentage", lambda: rules.check_year_on_year(PCT, D("62.1"), D("45.8")),
     "与上年（45.8）相比变化16.3个百分点（相对变化35.6%），超过阈值30%，请填写说明",
     "Changed by 16.3 percentage points (35.6% in relative terms) from last year (45.8), more than the threshold "
     "of 30%; please add an explanation"),
    ("same as last year", lambda: rules.check_same_as_last_year(RATE, D("5.4"), D("5.4")),
     "与上年数值完全相同（5.4），请核实并填写说明",
     "Exactly the same as last year (5.4); please check and add an explanation"),
]


@pytest.mark.parametrize("label, make, chinese, english", FINDINGS, ids=[f[0] for f in FINDINGS])
def test_a_finding_is_english_in_english_with_its_numbers_and_chinese_by_default(label, make, chinese, english):
    assert [f.message for f in _in("en", make)] == [english]
    assert [f.message for f in _in("zh-hans", make)] == [chinese]


def test_every_rule_has_an_english_message_and_lists_as_before():
    untranslated = [code for code, r in rules.RULES.items()
                    if _in("en", lambda: str(r.template)) == _in("zh-hans", lambda: str(r.template))]
    assert untranslated == []
    # `validation-rules` shows the Chinese template with {name} placeholders, as it always did
    assert _in("zh-hans", lambda: rules.RULES["yoy_change"].message) == \
        "与上年（{previous}）相比变化{change}，超过阈值{threshold}%，请填写说明"


# -- refusals of the services and the file readers ------------------------------------------

def _refused_problem(call):
    def make():
        with pytest.raises(Refused) as e:
            call()
        return e.value.problems[0].message
    return make


def _monitoring_error(call):
    def make():
        with pytest.raises(Exception) as e:
            call()
        return getattr(e.value, "message", None) or str(e.value)
    return make


def _submitted_world():
    w = make_world()
    entry.enter_value(w.filler_health, w.round, w.indicators["births"], "580", sex=Sex.FEMALE)
    Submission.objects.filter(round=w.round, department=w.departments["health"]).update(
        state=SubmissionState.SUBMITTED)
    return w


REFUSALS = [
    ("a submitted department's value", _submitted_world,
     lambda w: _monitoring_error(lambda: entry.enter_value(w.filler_health, w.round, w.indicators["births"], "590",
                                                              sex=Sex.FEMALE, expected_version=1)),
     "本单位填报已报送，不能修改（待审核）",
     "Your department's submission cannot be changed (status: Submitted, awaiting review)"),
    ("a tidy file with an unknown column", make_world,
     lambda w: _refused_problem(lambda: read_tidy("v.csv", "区划代码,指标,年度,数值,颜色\n150203,婴儿死亡率,2023,3,红\n"
                                                  .encode())),
     "不认识的列名“颜色”（应为：区划代码、区划名称、指标、年度、性别、城乡、年龄组、数值、单位、说明、来源、标记）",
     "Unknown column name “颜色” (expected: 区划代码, 区划名称, 指标, 年度, 性别, 城乡, 年龄组, 数值, 单位, 说明, 来源, "
     "标记)"),
    ("a bulk row naming no indicator of the plan", make_world,
     lambda w: _refused_problem(lambda: bulk.load_values(w.statistics, w.plan, "v.csv",
                                                         "区划代码,指标,年度,数值\n150203,身高,2023,3\n".encode())),
     "纲要中没有指标“身高”", "The plan has no indicator “身高”"),
    ("a region outside the plan", make_world,
     lambda w: _monitoring_error(lambda: results_region(w.filler_b, w.plan, "150204")),
     "该区划不在本纲要的范围内", "This region is outside the scope of this plan"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label, world, call, chinese, english", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refusal_is_english_in_english_and_chinese_by_default(label, world, call, chinese, english):
    make = call(world())
    assert _in("en", make) == english
    assert _in("zh-hans", make) == chinese


@pytest.mark.django_db
def test_the_bulk_loaders_message_caches_do_not_carry_one_language_into_the_next_load():
    w = make_world()
    data = "区划代码,指标,年度,数值\n150203,婴儿死亡率,2023,abc\n999999,婴儿死亡率,2023,3\n".encode()

    def messages():
        with pytest.raises(Refused) as e:
            bulk.load_values(w.statistics, w.plan, "v.csv", data)
        return [p.message for p in e.value.problems] + [e.value.summary]
    assert _in("en", messages) == ["“abc” is not a number", "There is no region with the code “999999”",
                                   "The file has 2 problems; nothing was imported"]
    assert _in("zh-hans", messages) == ["“abc”不是数字", "没有区划代码“999999”", "文件有 2 处问题，未导入任何数据"]


# -- (b) the pages ----------------------------------------------------------------------------

@pytest.fixture
def web_world(db):
    world = make_world()
    add_targets(world)
    return world


def _entry_post(client, sub, values: dict, language: str, action="save"):
    """Post the entry form with `values` by (indicator name, sex, area), the rest as shown."""
    url = reverse("web:entry", args=[sub.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    data = {"action": action}
    for fr in page.context["rows"]:
        data[f"k-{fr.index}"] = fr.key
        data[f"ver-{fr.index}"] = fr.value.version if fr.value else ""
        data[f"v-{fr.index}"] = values.get((fr.row.indicator.name, fr.row.sex, fr.row.area), fr.text)
        data[f"n-{fr.index}"] = fr.note
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)


def _row(response, name, sex="total", area="total"):
    return next(fr for fr in response.context["rows"]
                if (fr.row.indicator.name, fr.row.sex, fr.row.area) == (name, sex, area))


def test_the_entry_page_in_english_shows_english_errors_and_warnings(client, web_world):
    w = web_world
    sub = entry.submission_for(w.round, w.departments["health"])
    client.force_login(w.filler_health)
    with translation.override("zh-hans"):     # the language the middleware picks stays inside the test
        bad = _entry_post(client, sub, {("婴儿死亡率", "total", "total"): "四点八"}, "en")
        assert bad.status_code == 400
        assert _row(bad, "婴儿死亡率").errors == ["“四点八” is not a number"]
        assert "“四点八” is not a number" in bad.content.decode()

        saved = _entry_post(client, sub, {("婴儿死亡率", "total", "total"): "3.0"}, "en")
        assert saved.status_code == 302
        english = client.get(reverse("web:entry", args=[sub.pk]), HTTP_ACCEPT_LANGUAGE="en")
        chinese = client.get(reverse("web:entry", args=[sub.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    warning = "Changed by -44.4% from last year (5.4), more than the threshold of 30%; please add an explanation"
    assert _row(english, "婴儿死亡率").warnings == [warning]
    assert warning in english.content.decode() and "请填写说明" not in english.content.decode()
    assert _row(chinese, "婴儿死亡率").warnings == ["与上年（5.4）相比变化-44.4%，超过阈值30%，请填写说明"]


def _xlsx_with_text(client, sub):
    from tests.monitoring.test_excel import fill
    form = client.get(reverse("web:entry-template", args=[sub.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    return "form.xlsx", fill(form, {("婴儿死亡率", "合计", "合计"): "三点二"})


def _csv_of_another_region(client, sub):
    return "v.csv", "区划代码,指标,年度,数值\n150204,婴儿死亡率,2023,3.1\n".encode()


def _not_a_workbook(client, sub):
    return "form.xlsx", b"PK\x03\x04 not really"


UPLOADS = [
    ("xlsx with text in a number cell", _xlsx_with_text, "婴儿死亡率: “三点二” is not a number",
     "婴儿死亡率：“三点二”不是数字", "The file has 1 problem; nothing was imported"),
    ("csv of another region", _csv_of_another_region, "This round only accepts data for 甲区 (150203), 2023",
     "本次只收甲区（150203）2023年的数据", "The file has 1 problem; nothing was imported"),
    ("not a workbook", _not_a_workbook,
     "The file is not a valid Excel (.xlsx) file. Please upload the form made by the system",
     "文件不是有效的 Excel（.xlsx）文件，请上传系统生成的填报表",
     "The file is not a valid Excel (.xlsx) file. Please upload the form made by the system"),
]


@pytest.mark.parametrize("label, make, english, chinese, summary", UPLOADS, ids=[u[0] for u in UPLOADS])
def test_a_refused_upload_on_an_english_page_lists_english_problems(client, web_world, label, make, english,
                                                                    chinese, summary):
    w = web_world
    sub = entry.submission_for(w.round, w.departments["health"])
    client.force_login(w.filler_health)
    url = reverse("web:entry-upload", args=[sub.pk])
    with translation.override("zh-hans"):
        name, data = make(client, sub)
        pages = {}
        for language in ("en", "zh-hans"):
            upload = io.BytesIO(data)
            upload.name = name
            pages[language] = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE=language)
    en, zh = pages["en"], pages["zh-hans"]
    assert en.status_code == zh.status_code == 400
    assert [p.message for p in en.context["refusal"].problems] == [english]
    assert en.context["refusal"].summary == summary
    html = en.content.decode()
    assert english in html and summary in html and chinese not in html
    assert f"{name}: {summary}" in html   # English punctuation around the file name too
    assert f"{name}：" in zh.content.decode()
    assert [p.message for p in zh.context["refusal"].problems] == [chinese]
    assert Value.objects.filter(year=2023).count() == 0


def test_the_excel_form_made_during_an_english_request_stays_chinese(client, web_world):
    w = web_world
    sub = entry.submission_for(w.round, w.departments["health"])
    client.force_login(w.filler_health)
    with translation.override("zh-hans"):
        response = client.get(reverse("web:entry-template", args=[sub.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "%E5%A1%AB%E6%8A%A5%E8%A1%A8.xlsx" in response["Content-Disposition"]   # …填报表.xlsx
    wb = load_workbook(io.BytesIO(response.content))
    assert excel.FORM_SHEET in wb.sheetnames
    ws = wb[excel.FORM_SHEET]
    assert [ws["A2"].value, ws["B2"].value] == ["填报单位", "卫生健康委员会"]
    assert [ws["A3"].value, ws["E3"].value, ws["A4"].value, ws["E4"].value] == ["负责人", "填表人", "联系电话", "报出日期"]
    assert [ws.cell(excel.HEADER_ROW, c).value for c in range(1, 7)] == list(excel.COLUMNS)
    assert ws.cell(excel.HEADER_ROW, 10).value == "2023年数值"
    assert {ws.cell(r, 3).value for r in range(excel.HEADER_ROW + 1, ws.max_row + 1)} == {"合计", "女", "男"}
    prompts = [dv.error for dv in ws.data_validations.dataValidation]
    assert prompts and all(CHINESE.search(p) for p in prompts)
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if re.search(r"\b(Total|Female|Male|Sex|Unit|Note)\b", t)]


# -- (c) the command line ----------------------------------------------------------------------

def test_the_commands_refuse_in_chinese_whatever_the_shells_language(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}", LIANGGANG_VAR=str(tmp_path),
               LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8", LANGUAGE="en", DJANGO_SUPERUSER_PASSWORD="x")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "lianggang", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True)
    assert run("migrate", "-v0").returncode == 0
    assert run("createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org").returncode == 0
    listed = run("validation-rules")
    assert listed.returncode == 0, listed.stderr
    assert "“{text}”不是数字" in listed.stdout and "单位为{unit}的数值应在{low}到{high}之间，填报值为{value}" in listed.stdout
    csv = tmp_path / "v.csv"
    csv.write_text("区划代码,指标,年度,数值\n150203,婴儿死亡率,2023,3\n", encoding="utf-8")
    refused = run("import-values", str(csv), "--user", "root")
    assert refused.returncode == 2
    assert "import-values: CSV 文件须在某次年度监测中上传（命令行请加 --round）" in refused.stderr
    assert "must be uploaded" not in refused.stderr and "Traceback" not in refused.stderr
